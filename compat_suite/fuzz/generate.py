"""Random programs: each step is drawn knowing NumPy's current environment (the generator runs
every step on NumPy as it goes), so axes, shapes and indices are mostly valid; a step NumPy
rejects is kept now and then, because gparray must reject it too.

Values that are implementation-defined in NumPy itself (casting NaN, infinities or
out-of-range floats to integers) are never produced. Results of inexact operations (a few ULP
apart between NumPy and OpenCL) are "tainted": they are compared with a tolerance and then
only indexed or reshaped, never fed to further arithmetic, where a last-bit difference could
grow (floor, comparisons, argmax).
"""
import math
import random
from dataclasses import replace

import numpy as np

from .program import Arr, Lit, Program, Seq, Step, Var, execute, new_env

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]
# A small pool of shapes keeps the kernel caches warm across programs.
SHAPES = [(), (), (1,), (4,), (4,), (5,), (2, 3), (2, 3), (3, 1), (1, 4), (3, 4), (3, 4),
          (2, 3, 2), (2, 1, 3), (0,), (2, 0)]

_EXCLUDED_UFUNCS = {"isnat", "matmul", "vecdot", "matvec", "vecmat"}
UFUNCS = sorted(n for n in dir(np) if isinstance(getattr(np, n), np.ufunc)
                and n not in _EXCLUDED_UFUNCS)

# Real-valued ufuncs whose results NumPy and OpenCL compute with different approximations.
INEXACT = {"exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp", "logaddexp2",
           "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh",
           "arccosh", "arctanh", "arctan2", "hypot", "power", "float_power", "pow", "cbrt",
           "deg2rad", "radians", "rad2deg", "degrees", "acos", "acosh", "asin", "asinh", "atan",
           "atanh", "atan2"}
# Complex ufuncs that are exact (no rounding beyond one add).
EXACT_COMPLEX = {"add", "subtract", "negative", "positive", "conjugate", "conj", "equal",
                 "not_equal", "less", "less_equal", "greater", "greater_equal", "maximum",
                 "minimum", "fmax", "fmin", "isnan", "isinf", "isfinite", "logical_and",
                 "logical_or", "logical_xor", "logical_not", "signbit"}

# Exact, but free to return either zero when -0.0 and 0.0 tie.
SIGNLESS_ZERO = {"maximum", "minimum", "fmax", "fmin", "clip", "max", "min", "sort", "unique"}

BINOPS = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide", "//": "floor_divide",
          "%": "remainder", "**": "power", "&": "bitwise_and", "|": "bitwise_or",
          "^": "bitwise_xor", "<<": "left_shift", ">>": "right_shift", "<": "less",
          "<=": "less_equal", ">": "greater", ">=": "greater_equal", "==": "equal",
          "!=": "not_equal"}
INPLACE = ["+", "-", "*", "/", "//", "%", "&", "|", "^", "<<", ">>"]
UNOPS = {"-": "negative", "+": "positive", "~": "invert"}

REDUCTIONS = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "any", "all", "std",
              "var", "cumsum"]
_REDUCTION_TOL = {"sum": "sum", "mean": "sum", "cumsum": "sum", "prod": "prod", "std": "std",
                  "var": "var", "max": "exact0", "min": "exact0"}

INT_SCALARS = [0, 1, 2, -1, 3, 7, -3, 100, 127, 128, 255, 256, 300, -129, 2**31, 2**32,
               2**63 - 1, 2**63, 2**64 - 1, -2**63, 2**70]
FLOAT_SCALARS = [0.5, 2.0, -1.5, 3.0, 0.0, -0.0, math.nan, math.inf, -math.inf, 1e300, 1e-300,
                 65504.0, 1e5]
COMPLEX_SCALARS = [1 + 2j, -1j, complex(0.5, -0.0), complex(math.inf, 1.0), complex(math.nan, 0.0)]


def _is_array(v):
    return isinstance(v, (np.ndarray, np.generic))


def _result_dtypes(value):
    if isinstance(value, tuple):
        return [np.asarray(v).dtype for v in value]
    return [np.asarray(value).dtype]


class Generator:
    """Draws one program from a seed."""

    def __init__(self, seed, max_steps=10):
        self.r = random.Random(seed)
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.max_steps = max_steps
        self.env = new_env(np)
        self.steps = []
        self.tainted = set()
        # Views of NumPy scalars: NumPy's are fresh arrays, gparray's (of its 0-d arrays) views,
        # so writing into them would show a designed difference, not a bug.
        self.detached = set()
        self.count = 0

    # -- environment ----------------------------------------------------------------------
    def _name(self):
        self.count += 1
        return f"v{self.count - 1}"

    def _vars(self, pred=lambda v: True, clean=True):
        return [n for n, v in self.env.items()
                if n.startswith("v") and _is_array(v) and (not clean or n not in self.tainted)
                and pred(v)]

    def _pick_target(self, pred=lambda v: True, clean=True):
        """A variable to write into (in place, out=, setitem)."""
        names = [n for n in self._vars(lambda v: isinstance(v, np.ndarray) and pred(v), clean)
                 if n not in self.detached]
        return self.r.choice(names) if names else None

    def _pick(self, pred=lambda v: True, clean=True):
        names = self._vars(pred, clean)
        return self.r.choice(names) if names else None

    def _add(self, step, keep_error=0.4):
        """Run ``step`` on NumPy; keep it (binding its outputs) unless NumPy raised and the
        draw says drop it. Returns whether NumPy succeeded."""
        exc = execute(step, self.env)
        if exc is not None:
            for out in step.outs:
                self.env.pop(out, None)
            if self.r.random() < keep_error:
                self.steps.append(step)
            return False
        self.steps.append(step)
        inputs_tainted = any(n in self.tainted for n in step.var_inputs())
        if step.tol == "inherit" and any(isinstance(self.env.get(n), np.generic)
                                         or n in self.detached for n in step.var_inputs()):
            self.detached.update(step.outs)
        for out in step.outs:
            value = self.env.get(out)
            inexact = step.tol not in ("exact", "exact0", "inherit") and any(
                d.kind in "fc" for d in _result_dtypes(value))
            if inputs_tainted or inexact:
                self.tainted.add(out)
        return True

    # -- literals -------------------------------------------------------------------------
    def values(self, dtype, shape):
        """Values of ``dtype`` with small numbers and, now and then, the dtype's specials."""
        r, n = self.r, int(np.prod(shape, dtype=np.int64))
        dt = np.dtype(dtype)
        special = r.random() < 0.4
        if dt.kind == "b":
            return tuple(bool(r.getrandbits(1)) for _ in range(n))
        if dt.kind in "iu":
            info = np.iinfo(dt)
            pool = [int(info.min), int(info.max), 0, 1, int(info.max) - 1] + (
                [-1, int(info.min) + 1] if dt.kind == "i" else [])
            lo = -5 if dt.kind == "i" else 0
            return tuple(r.choice(pool) if special and r.random() < 0.3 else r.randint(lo, 9)
                         for _ in range(n))

        def real():
            if special and r.random() < 0.3:
                return r.choice([math.nan, math.inf, -math.inf, -0.0, 0.0, 1e30, -1e30, 1e-40,
                                 65504.0, 7e4])
            if r.random() < 0.5:
                return r.randint(-8, 8) / 2
            return round(self.rng.standard_normal() * 3, 4)
        if dt.kind == "c":
            return tuple(complex(real(), real()) for _ in range(n))
        return tuple(real() for _ in range(n))

    def literal_array(self, shape, dtype=None, wrap="xp"):
        dtype = dtype or self.r.choice(DTYPES)
        return Arr(self.values(dtype, shape), dtype, tuple(shape), wrap)

    def scalar(self):
        kind = self.r.choice("biiiffc")
        if kind == "b":
            return Lit(self.r.random() < 0.5)
        if kind == "i":
            return Lit(self.r.choice(INT_SCALARS[:7] * 3 + INT_SCALARS))
        if kind == "f":
            return Lit(self.r.choice(FLOAT_SCALARS))
        return Lit(self.r.choice(COMPLEX_SCALARS))

    # -- steps ----------------------------------------------------------------------------
    def new_array(self):
        r = self.r
        shape = r.choice(SHAPES)
        dtype = r.choice(DTYPES)
        layout = r.choice(["c", "c", "T", "step", "rev", "bcast"])
        index = None
        if layout == "T" and len(shape) >= 2:
            base = shape[::-1]
        elif layout == "step" and shape:
            base = (shape[0] * 2,) + shape[1:]
        elif layout == "rev" and shape:
            base = shape
        elif layout == "bcast" and shape:
            base = tuple(1 if r.random() < 0.5 else s for s in shape)
            base = base[r.randint(0, len(base)):]
            index = shape
        else:
            layout, base = "c", shape
        return self._add(Step("array", layout, (self.literal_array(base, dtype),),
                              outs=(self._name(),), index=index))

    def _operand_like(self, shape):
        """An operand broadcastable against ``shape``: a variable, a literal or a scalar."""
        r = self.r
        choice = r.random()
        if choice < 0.3:
            return self.scalar()
        if choice < 0.75:
            name = self._pick(lambda v: _broadcastable(np.shape(v), shape))
            if name:
                return Var(name)
        sub = tuple(1 if r.random() < 0.2 else s for s in shape[r.randint(0, len(shape)):])
        return self.literal_array(sub, wrap=r.choice(["xp", "xp", "xp", "np", "list"]))

    def _tol(self, name, value_dtypes):
        if name in SIGNLESS_ZERO:
            return "exact0"
        if name in INEXACT:
            return "ulp"
        if any(d.kind == "c" for d in value_dtypes) and name not in EXACT_COMPLEX:
            return "ulp"
        return "exact"

    def _ufunc_tol(self, name, operands):
        dts = []
        for op in operands:
            if isinstance(op, Var):
                dts.append(np.asarray(self.env[op.name]).dtype)
            elif isinstance(op, Arr):
                dts.append(np.dtype(op.dtype))
            elif isinstance(op.value, complex):
                dts.append(np.dtype(complex))
        return self._tol(name, dts)

    def ufunc(self):
        r = self.r
        name = r.choice(UFUNCS)
        uf = getattr(np, name)
        first = self._pick()
        if first is None:
            return self.new_array()
        shape = np.shape(self.env[first])
        args = [Var(first)]
        if uf.nin == 2:
            other = self._operand_like(shape)
            args = [other, Var(first)] if r.random() < 0.3 else [Var(first), other]
        tol = self._ufunc_tol(name, args)
        kw = []
        if r.random() < 0.1:
            kw.append(("dtype", Lit(r.choice(DTYPES))))
        if uf.nout == 1 and tol == "exact" and r.random() < 0.12:
            out = self._pick_target(lambda v: v.flags.writeable)
            if out:
                kw.append(("out", Var(out)))
                if r.random() < 0.3:
                    kw.append(("where", self.literal_array(np.shape(self.env[out]), "bool")))
        outs = tuple(self._name() for _ in range(uf.nout))
        return self._add(Step("call", name, tuple(args), tuple(kw), outs, tol=tol))

    def operator(self):
        r = self.r
        first = self._pick()
        if first is None:
            return self.new_array()
        if r.random() < 0.15:
            op = r.choice(list(UNOPS))
            return self._add(Step("unop", op, (Var(first),), outs=(self._name(),),
                                  tol=self._ufunc_tol(UNOPS[op], [Var(first)])))
        op = r.choice(list(BINOPS))
        other = self._operand_like(np.shape(self.env[first]))
        if isinstance(other, Arr) and other.wrap != "xp":
            other = Arr(other.values, other.dtype, other.shape, "xp")
        args = (other, Var(first)) if r.random() < 0.3 else (Var(first), other)
        if isinstance(args[0], Lit) and isinstance(args[1], Lit):
            args = (Var(first), args[1])
        return self._add(Step("binop", op, args, outs=(self._name(),),
                              tol=self._ufunc_tol(BINOPS[op], args)))

    def inplace(self):
        target = self._pick_target()
        if target is None:
            return self.new_array()
        op = self.r.choice(INPLACE)
        other = self._operand_like(np.shape(self.env[target]))
        if isinstance(other, Arr):
            other = Arr(other.values, other.dtype, other.shape, "xp")
        if self._ufunc_tol(BINOPS[op], [Var(target), other]) != "exact":
            return False
        return self._add(Step("iop", op, (Var(target), other)))

    def _axis(self, ndim, allow_tuple=True):
        r = self.r
        x = r.random()
        if x < 0.3:
            return None
        if x < 0.35:
            return r.choice([ndim, -ndim - 1, 0])
        if ndim == 0:
            return r.choice([None, 0, -1])
        if allow_tuple and ndim >= 2 and x < 0.45:
            return tuple(sorted(r.sample(range(ndim), r.randint(1, ndim))))
        return r.randint(-ndim, ndim - 1)

    def reduction(self):
        r = self.r
        fn = r.choice(REDUCTIONS)
        src = self._pick()
        if src is None:
            return self.new_array()
        ndim = np.ndim(self.env[src])
        kw = []
        axis = self._axis(ndim, allow_tuple=fn not in ("argmax", "argmin", "cumsum"))
        if axis is not None or r.random() < 0.3:
            kw.append(("axis", Lit(axis)))
        if fn != "cumsum" and r.random() < 0.25:
            kw.append(("keepdims", Lit(True)))
        if fn in ("sum", "prod", "mean", "cumsum", "std", "var") and r.random() < 0.15:
            dtype = r.choice(DTYPES)
            if not _safe_cast(self.env[src], dtype):
                return False
            kw.append(("dtype", Lit(dtype)))
        if fn in ("std", "var") and r.random() < 0.2:
            kw.append(("ddof", Lit(r.randint(0, 2))))
        form = "method" if r.random() < 0.3 else "call"
        return self._add(Step(form, fn, (Var(src),), tuple(kw), (self._name(),),
                              tol=_REDUCTION_TOL.get(fn, "exact")))

    def shape_op(self):
        r = self.r
        src = self._pick(clean=False)
        if src is None:
            return self.new_array()
        value = self.env[src]
        shape, ndim = np.shape(value), np.ndim(value)
        arg = Var(src)
        if r.random() < 0.1 and src not in self.tainted and isinstance(value, np.ndarray):
            arg = Arr(tuple(value.ravel().tolist()), str(value.dtype), shape, "np")
        fn = r.choice(["reshape", "transpose", "swapaxes", "expand_dims", "squeeze",
                       "broadcast_to", "concatenate", "stack", "flip", "moveaxis", "T"])
        out = (self._name(),)
        if fn == "reshape":
            new = _factor(r, int(np.prod(shape, dtype=np.int64)))
            if new and r.random() < 0.3:
                new = tuple(-1 if i == 0 else s for i, s in enumerate(new))
            if r.random() < 0.05:
                new = new + (2,)
            step = (Step("method", fn, (arg, Lit(new)), outs=out) if isinstance(arg, Var)
                    and r.random() < 0.5 else Step("call", fn, (arg, Lit(new)), outs=out))
        elif fn == "transpose":
            perm = tuple(r.sample(range(ndim), ndim))
            step = Step("call", fn, (arg, Lit(perm)) if r.random() < 0.7 else (arg,), outs=out)
        elif fn == "T":
            if not isinstance(arg, Var):
                return False
            step = Step("attr", "T", (arg,), outs=out)
        elif fn == "swapaxes":
            a1, a2 = (r.randint(-ndim, ndim - 1) if ndim else 0 for _ in range(2))
            step = Step("call", fn, (arg, Lit(a1), Lit(a2)), outs=out)
        elif fn == "expand_dims":
            step = Step("call", fn, (arg, Lit(r.randint(-ndim - 1, ndim))), outs=out)
        elif fn == "squeeze":
            ones = [i for i, s in enumerate(shape) if s == 1]
            kw = ()
            if r.random() < 0.5 and shape:
                kw = (("axis", Lit(r.choice(ones) if ones and r.random() < 0.8
                                   else r.randrange(ndim))),)
            step = Step("call", fn, (arg,), kw, outs=out)
        elif fn == "broadcast_to":
            new = tuple(r.choice([s, 2]) if s == 1 else s for s in shape)
            if r.random() < 0.5:
                new = (r.randint(1, 3),) + new
            if r.random() < 0.05:
                new = new[1:] if new else (3,)
            step = Step("call", fn, (arg, Lit(new)), outs=out)
        elif fn in ("concatenate", "stack", "T"):
            if fn == "concatenate" and ndim == 0:
                return False
            axis = r.randint(0, max(ndim - 1, 0)) if fn == "concatenate" else r.randint(0, ndim)
            other_shape = list(shape)
            if fn == "concatenate":
                other_shape[axis] = r.randint(0, 2)
            other = self._pick(lambda v: np.shape(v) == tuple(other_shape))
            other = Var(other) if other and r.random() < 0.6 else self.literal_array(
                tuple(other_shape), r.choice([str(np.asarray(value).dtype)] + DTYPES))
            kw = (("axis", Lit(axis)),) if r.random() < 0.8 else ()
            if fn == "concatenate" and r.random() < 0.1:
                kw = (("axis", Lit(None)),)
            step = Step("call", fn, (Seq((arg, other)),), kw, outs=out)
        elif fn == "flip":
            kw = (("axis", Lit(self._axis(ndim, allow_tuple=True))),) if r.random() < 0.7 else ()
            step = Step("call", fn, (arg,), kw, outs=out)
        else:
            src_ax = r.randint(-ndim, ndim - 1) if ndim else 0
            dst_ax = r.randint(-ndim, ndim - 1) if ndim else 0
            step = Step("call", fn, (arg, Lit(src_ax), Lit(dst_ax)), outs=out)
        return self._add(replace_tol(step, "inherit"))

    def _index(self, shape):
        """A random index for an array of ``shape``."""
        r = self.r
        ndim = len(shape)
        kind = r.random()
        if kind < 0.15 and ndim:
            # a boolean mask over the leading axes
            k = r.randint(1, ndim)
            return Arr(tuple(bool(r.getrandbits(1)) for _ in range(int(np.prod(shape[:k])))),
                       "bool", shape[:k], r.choice(["xp", "np"]))
        parts = []
        axis = 0
        used_int_array = False
        while axis < ndim:
            n = shape[axis]
            x = r.random()
            if x < 0.3 and n:
                parts.append(Lit(r.randint(-n, n - 1) if r.random() < 0.95 else n))
            elif x < 0.4 and not used_int_array:
                length = r.randint(0, 4)
                vals = tuple(r.randint(-n, n - 1) if n else 0 for _ in range(length))
                parts.append(Arr(vals, r.choice(["int64", "int32", "uint8", "int8"]) if
                                 all(v >= 0 for v in vals) else "int64", (length,),
                                 r.choice(["xp", "np", "list"])))
                used_int_array = True
            elif x < 0.85:
                step = r.choice([None, None, 1, 2, -1, -2, 3])
                start = r.choice([None, 0, 1, -1, n])
                stop = r.choice([None, None, n, -1, 2, 0])
                parts.append(Lit(slice(start, stop, step)))
            else:
                parts.append(Lit(slice(None)))
            axis += 1
            if r.random() < 0.1:
                parts.append(Lit(None))
            if r.random() < 0.05:
                parts.append(Lit(Ellipsis))
                break
            if r.random() < 0.2:
                break
        if not parts or r.random() < 0.1:
            parts.insert(r.randint(0, len(parts)), Lit(r.choice([Ellipsis, None])))
        if ndim == 0 and r.random() < 0.3:
            return ()
        if len(parts) == 1 and r.random() < 0.5:
            return parts[0]
        return tuple(parts)

    def getitem(self):
        src = self._pick(clean=False)
        if src is None:
            return self.new_array()
        index = self._index(np.shape(self.env[src]))
        return self._add(Step("getitem", "", (Var(src),), outs=(self._name(),), index=index,
                              tol="inherit"))

    def setitem(self):
        r = self.r
        target = self._pick_target(clean=False)
        if target is None:
            return self.new_array()
        tval = self.env[target]
        index = self._index(tval.shape)
        try:
            with np.errstate(all="ignore"):
                sel_shape = np.shape(tval[_host_index(index)])
        except Exception:
            sel_shape = tval.shape
        value = self._operand_like(sel_shape)
        if isinstance(value, Var) and not _safe_cast(self.env[value.name], tval.dtype):
            return False
        if isinstance(value, Arr) and not _safe_cast(value.array(), tval.dtype):
            return False
        return self._add(Step("setitem", "", (Var(target), value), index=index))

    def misc(self):
        r = self.r
        fn = r.choice(["sort", "argsort", "unique", "where", "where1", "clip", "matmul",
                       "astype", "copy", "scalar"])
        src = self._pick()
        if src is None:
            return self.new_array()
        value = self.env[src]
        shape, ndim = np.shape(value), np.ndim(value)
        out = (self._name(),)
        if fn in ("sort", "argsort"):
            kw = (("axis", Lit(self._axis(ndim, allow_tuple=False))),) if r.random() < 0.6 else ()
            if fn == "argsort":
                kw += (("stable", Lit(True)),)
            step = Step("call", fn, (Var(src),), kw, out, tol="exact0" if fn == "sort" else "exact")
        elif fn == "unique":
            kw = tuple((k, Lit(True)) for k in ("return_index", "return_counts")
                       if r.random() < 0.3)
            step = Step("call", fn, (Var(src),), kw, out + tuple(self._name() for _ in kw),
                        tol="exact0")
        elif fn == "where":
            cond = self._pick(lambda v: np.asarray(v).dtype == bool
                              and _broadcastable(np.shape(v), shape))
            cond = Var(cond) if cond else self.literal_array(shape, "bool")
            step = Step("call", "where", (cond, Var(src), self._operand_like(shape)), outs=out)
        elif fn == "where1":
            if ndim == 0:
                return False
            step = Step("call", "nonzero", (Var(src),),
                        outs=tuple(self._name() for _ in range(ndim)))
        elif fn == "clip":
            lo, hi = (self._operand_like(shape) if r.random() < 0.8 else Lit(None)
                      for _ in range(2))
            step = Step("call", "clip", (Var(src), lo, hi), outs=out, tol="exact0")
        elif fn == "matmul":
            if ndim == 0:
                return False
            k = shape[-1]
            other_shape = r.choice([(k,), (k, r.randint(1, 3)), (2, k, 2)])
            other = self._pick(lambda v: np.shape(v) == other_shape)
            other = Var(other) if other else self.literal_array(other_shape)
            form = "binop" if r.random() < 0.3 else "call"
            step = (Step("binop", "@", (Var(src), other), outs=out, tol="dot") if form == "binop"
                    else Step("call", "matmul", (Var(src), other), outs=out, tol="dot"))
        elif fn == "astype":
            dtype = r.choice(DTYPES)
            if not _safe_cast(value, np.dtype(dtype)):
                return False
            step = Step("method", "astype", (Var(src), Lit(dtype)), outs=out)
        elif fn == "copy":
            step = Step("method", "copy", (Var(src),), outs=out)
        else:
            conv = r.choice(["int", "float", "complex", "bool"])
            if conv == "int" and not _safe_cast(value, np.dtype("int64")):
                return False
            step = Step("builtin", conv, (Var(src),), outs=out)
        return self._add(step)

    def generate(self):
        r = self.r
        for _ in range(r.randint(1, 3)):
            self.new_array()
        kinds = [(self.ufunc, 30), (self.operator, 8), (self.inplace, 4), (self.reduction, 14),
                 (self.shape_op, 12), (self.getitem, 11), (self.setitem, 9), (self.misc, 9),
                 (self.new_array, 3)]
        fns, weights = zip(*kinds)
        target = r.randint(3, self.max_steps)
        attempts = 0
        while len(self.steps) < target and attempts < 4 * self.max_steps:
            attempts += 1
            r.choices(fns, weights)[0]()
        return Program(self.seed, self.steps)


def replace_tol(step, tol):
    return replace(step, tol=tol)


def _broadcastable(a, b):
    """Whether shape ``a`` broadcasts to shape ``b`` (without growing ``b``)."""
    if len(a) > len(b):
        return False
    return all(x == 1 or x == y for x, y in zip(a[::-1], b[::-1]))


def _factor(r, n):
    """A random shape of ``n`` elements with up to three axes."""
    if n == 0:
        return r.choice([(0,), (0, 3), (2, 0)])
    dims = []
    while n > 1 and len(dims) < 2:
        divs = [d for d in range(2, n + 1) if n % d == 0]
        d = r.choice(divs)
        dims.append(d)
        n //= d
    if n > 1:
        dims.append(n)
    if r.random() < 0.2:
        dims.insert(r.randint(0, len(dims)), 1)
    r.shuffle(dims)
    return tuple(dims)


def _host_index(index):
    def one(p):
        if isinstance(p, Arr):
            return p.array()
        return p.value
    if isinstance(index, tuple):
        return tuple(one(p) for p in index)
    return one(index)


def _safe_cast(value, dtype):
    """Whether casting ``value`` to ``dtype`` is defined by NumPy: no NaN, infinity or
    out-of-range float goes to an integer (NumPy's result there is platform-dependent)."""
    value = np.asarray(value)
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu" or value.dtype.kind not in "fc" or value.size == 0:
        return True
    re = value.real.astype(np.float64)
    info = np.iinfo(dtype)
    return bool(np.all(np.isfinite(re)) and np.all(re > float(info.min) - 1)
                and np.all(re < float(info.max) + 1))


def generate(seed, max_steps=10):
    return Generator(seed, max_steps).generate()
