"""A fuzz program: a list of steps over an environment of named arrays.

Each step is data (what it calls, on which variables, with which literals) and renders to one
line of Python written against a namespace ``xp``; running a program executes those lines with
``xp`` bound to ``numpy`` or to ``gparray``. The rendered lines are also the reproduction
snippet, so what is reported is exactly what was run.
"""
import math
import warnings
from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class Var:
    """A variable of the environment."""
    name: str

    def src(self):
        return self.name


@dataclass(frozen=True)
class Lit:
    """A Python literal: scalar, None, Ellipsis, slice, str, or a tuple/list of literals."""
    value: object

    def src(self):
        return literal(self.value)


@dataclass(frozen=True)
class Arr:
    """An array literal; ``wrap`` says how it is passed: "xp" (a device array made by
    xp.asarray), "np" (a host NumPy array) or "list" (a nested Python list)."""
    values: tuple
    dtype: str
    shape: tuple
    wrap: str = "xp"

    def array(self):
        with np.errstate(over="ignore"):      # 1e30 as float16 is inf, as in the snippet
            return np.array(self.values, dtype=self.dtype).reshape(self.shape)

    def src(self):
        body = literal(self.array().tolist())
        if self.wrap == "list":
            return body
        host = f"np.array({body}, dtype={self.dtype!r})"
        return host if self.wrap == "np" else f"xp.asarray({host})"


@dataclass(frozen=True)
class Seq:
    """A list argument (concatenate's sequence) of variables and literals."""
    items: tuple

    def src(self):
        return "[" + ", ".join(x.src() for x in self.items) + "]"


@dataclass(frozen=True)
class Raw:
    """Source text used as is (a dtype string, an operator spelling)."""
    text: str

    def src(self):
        return self.text


def literal(v):
    """Python source for a literal value; floats round-trip, NaN and infinities by name."""
    if v is None or isinstance(v, (bool, np.bool_)):
        return repr(bool(v)) if v is not None else "None"
    if v is Ellipsis:
        return "..."
    if isinstance(v, (int, np.integer)):
        return repr(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, (complex, np.complexfloating)):
        return f"complex({literal(v.real)}, {literal(v.imag)})"
    if isinstance(v, slice):
        parts = ["" if p is None else literal(p) for p in (v.start, v.stop, v.step)]
        return ":".join(parts) if v.step is not None else ":".join(parts[:2])
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, tuple):
        inner = ", ".join(literal(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if isinstance(v, list):
        return "[" + ", ".join(literal(x) for x in v) + "]"
    raise TypeError(f"no literal for {v!r}")


def _index_src(index):
    # A tuple index renders without parentheses, so slices and ... are legal inside [].
    if isinstance(index, tuple):
        if not index:
            return "()"
        parts = [p.src() if not isinstance(p, Lit) or not isinstance(p.value, slice)
                 else literal(p.value) for p in index]
        return ", ".join(parts) + ("," if len(index) == 1 else "")
    return index.src()


@dataclass(frozen=True)
class Step:
    """One line of a program.

    form: "call" (``outs = xp.fn(*args, **kw)``), "method" (``outs = args[0].fn(...)``),
    "attr" (``out = args[0].fn``), "binop" (``out = a fn b``), "unop" (``out = fn a``),
    "iop" (``a fn= b``), "array" (a literal laid out as ``fn`` says, see _LAYOUTS),
    "builtin" (``out = fn(a)``, a Python scalar conversion), "getitem" (``out = a[index]``), "setitem" (``a[index] = args[1]``).
    tol names the comparison class of the outputs (see compare.py).
    """
    form: str
    fn: str
    args: tuple = ()
    kw: tuple = ()          # ((name, value), ...)
    outs: tuple = ()
    index: object = None
    tol: str = "exact"

    def src(self):
        a = [x.src() for x in self.args]
        kws = [f"{k}={v.src()}" for k, v in self.kw]
        lhs = ", ".join(self.outs) + ("," if len(self.outs) == 1 and self.form == "call"
                                      and self.fn in _TUPLE_FNS else "")
        if self.form == "call":
            rhs = f"xp.{self.fn}({', '.join(a + kws)})"
        elif self.form == "method":
            rhs = f"{a[0]}.{self.fn}({', '.join(a[1:] + kws)})"
        elif self.form == "attr":
            rhs = f"{a[0]}.{self.fn}"
        elif self.form == "binop":
            rhs = f"{a[0]} {self.fn} {a[1]}"
        elif self.form == "unop":
            rhs = f"{self.fn}{a[0]}"
        elif self.form == "iop":
            return f"{a[0]} {self.fn}= {a[1]}"
        elif self.form == "array":
            rhs = _LAYOUTS[self.fn].format(a=a[0], shape=literal(self.index))
        elif self.form == "builtin":
            rhs = f"{self.fn}({a[0]})"
        elif self.form == "getitem":
            rhs = f"{a[0]}[{_index_src(self.index)}]"
        elif self.form == "setitem":
            return f"{a[0]}[{_index_src(self.index)}] = {a[1]}"
        else:
            raise ValueError(self.form)
        return f"{lhs} = {rhs}" if self.outs else rhs

    def var_inputs(self):
        args = [y for x in self.args for y in (x.items if isinstance(x, Seq) else (x,))]
        names = [x.name for x in args if isinstance(x, Var)]
        names += [v.name for _, v in self.kw if isinstance(v, Var)]
        if isinstance(self.index, tuple):
            names += [p.name for p in self.index if isinstance(p, Var)]
        return names

    def targets(self):
        """Variables whose memory the step writes (in place)."""
        if self.form in ("iop", "setitem"):
            return [self.args[0].name]
        return [v.name for k, v in self.kw if k == "out" and isinstance(v, Var)]


# How an array step lays its literal out: the literal holds the base's values.
_LAYOUTS = {
    "c": "{a}",
    "T": "{a}.T",
    "step": "{a}[::2]",
    "rev": "{a}[::-1]",
    "bcast": "xp.broadcast_to({a}, {shape})",
}

# Functions whose result is a tuple even with one output name (unpacked with a trailing comma).
_TUPLE_FNS = {"nonzero"}


@dataclass
class Program:
    seed: int
    steps: list = field(default_factory=list)

    def src(self):
        return "\n".join(s.src() for s in self.steps)

    def without(self, i):
        return Program(self.seed, self.steps[:i] + self.steps[i + 1:])

    def with_step(self, i, step):
        return Program(self.seed, self.steps[:i] + [step] + self.steps[i + 1:])


def new_env(xp):
    return {"xp": xp, "np": np, "nan": math.nan, "inf": math.inf}


_CODE = {}


def execute(step, env):
    """Run one step in ``env``; returns the exception it raised, or None."""
    text = step.src()
    code = _CODE.get(text)
    if code is None:
        code = _CODE[text] = compile(text, "<fuzz>", "exec")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            exec(code, env)
    except Exception as exc:       # every exception is a result to compare
        return exc
    return None


__all__ = ["Var", "Lit", "Arr", "Seq", "Raw", "Step", "Program", "execute", "new_env", "literal",
           "replace"]
