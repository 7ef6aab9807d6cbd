"""``gparray.fuse``: a function of arrays traced once per input signature and run as one
fused elementwise kernel (``_engines.fused``), with its final reductions after it.

The function is called with tracers in place of its array arguments; they record ufunc
calls (``gparray.sin``, ``np.sin``, operators), ``where``, ``clip``, ``astype`` and the
reductions ``sum``, ``prod``, ``mean``, ``max``, ``min`` into a graph, resolving every
loop dtype with NumPy's rules as the unfused call would (so errors NumPy raises for
dtypes, casting and shapes are raised at the call). Each maximal elementwise part of the
graph becomes one kernel; a reduction runs on the reduction engine over the part before it.
Anything else (indexing, views, a value converted to a Python number or a host array, a
device array the function did not receive as an argument) makes the function run unfused,
with a ``FusionWarning`` saying what stopped it.

Signatures: arrays by dtype, shape and device; Python and NumPy scalars by type and value
(values pass to the kernel as arguments, so a new value re-traces in Python but reuses the
compiled program). Python scalars the function reads from elsewhere (globals, closures) are
fixed when it is traced, as in ``cupy.fuse``.
"""
import collections
import functools
import threading
import warnings

import numpy as np

from .._core.allocate import empty
from .._core.ndarray import ndarray
from .._core.operands import as_operand, broadcast_shape, device_of
from .._core.views import normalize_axes
from .._runtime import dtypes as _dtypes
from .._runtime.config import settings
from .._runtime.ufunc_table import power_shortcut, ROWS
from . import fused as _fused, reduction as _reduction
from .elementwise import scalar_value
from .ufunc import _COMPARISONS, power_special_value, UFUNCS

__all__ = ["fuse", "FusionWarning"]


class FusionWarning(UserWarning):
    """``gparray.fuse`` runs a function unfused; the message says what stopped fusion."""


class _Unfusable(Exception):
    """Raised while tracing by what a fused kernel cannot express; the text says what."""


class _Trace:
    __slots__ = ("device",)

    def __init__(self, device):
        self.device = device


def _operand(x, what):
    """A traced value, or a host scalar (kept as is), for an operand of ``what``."""
    if isinstance(x, _Tracer):
        return x
    if isinstance(x, (bool, int, float, complex, np.generic)):
        return x
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return x[()]
    if isinstance(x, ndarray):
        raise _Unfusable(f"{what} reads a device array the function did not receive as an "
                         "argument (pass it as an argument)")
    raise _Unfusable(f"{what} of a {type(x).__name__} operand")


def _type_of(x):
    if isinstance(x, _Tracer):
        return x._v.dtype
    if isinstance(x, np.generic):
        return x.dtype
    return _dtypes.scalar_operand_type(x)


def _shape_of(operands):
    return broadcast_shape([x._v.shape for x in operands if isinstance(x, _Tracer)])


def _value(x, dtype):
    """The graph value of operand ``x`` for a loop input of ``dtype``."""
    if isinstance(x, _Tracer):
        return x._v
    return _fused.Value("const", dtype, (), scalar_value(x, dtype))


def _trace_of(operands):
    return next(x._trace for x in operands if isinstance(x, _Tracer))


def _ufunc(uf, args, kwargs):
    """Record ufunc ``uf`` called on ``args`` (NumPy's loop, errors and scalar rules)."""
    name = uf.__name__
    row = ROWS[name]
    if row.nout != 1:
        raise _Unfusable(f"{name} (a ufunc with {row.nout} outputs)")
    dtype = kwargs.pop("dtype", None)
    casting = kwargs.pop("casting", "same_kind")
    signature = kwargs.pop("signature", None)
    if kwargs.pop("out", None) is not None or kwargs.pop("where", True) is not True:
        raise _Unfusable(f"{name} with out= or where=")
    kwargs.pop("order", None)
    kwargs.pop("subok", None)
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument {next(iter(kwargs))!r}")
    if len(args) != row.nin:
        if len(args) > row.nin:
            raise _Unfusable(f"{name} with a positional output argument")
        raise TypeError(f"{name}() takes from {row.nin} to {row.nin + 1} positional arguments "
                        f"but {len(args)} were given")
    operands = [_operand(x, name) for x in args]
    trace = _trace_of(operands)
    types = tuple(_type_of(x) for x in operands)
    loop = uf._resolve(types, (None,), None if dtype is None else np.dtype(dtype), signature,
                       casting)
    for dt in loop:
        _dtypes.check_dtype(dt, trace.device, name)
    shape = _shape_of(operands)
    if name in _COMPARISONS and loop[0].kind in "iu":
        for x in operands:
            if type(x) is int and not np.iinfo(loop[0]).min <= x <= np.iinfo(loop[0]).max:
                raise _Unfusable(f"{name} with the Python int {x} beyond {loop[0]}")
    if name == "power" and loop[1].kind == "i" and 0 not in shape:
        exponent = operands[1]
        if isinstance(exponent, _Tracer):
            raise _Unfusable("integer power with an array exponent (NumPy checks every "
                             "exponent for negative values first)")
        if exponent < 0:
            raise ValueError("Integers to negative integer powers are not allowed.")
    values = tuple(_value(x, dt) for x, dt in zip(operands, loop))
    dtype = loop[row.nin]
    if name == "power":                 # the cheaper ufunc NumPy's loop uses, as unfused
        name, loop, values = power_special_value(loop, values)
    return _Tracer(trace, _fused.Value("op", dtype, shape, (name, loop, values)))


def _astype(x, dtype, order="K", casting="unsafe", subok=True, copy=True, device=None):
    if device is not None:
        raise _Unfusable("astype with device=")
    dtype = _dtypes.check_dtype(dtype, x._trace.device, "astype")
    if not np.can_cast(x._v.dtype, dtype, casting=casting):
        raise TypeError(f"Cannot cast array data from {x._v.dtype!r} to {dtype!r} according to "
                        f"the rule {casting!r}")
    if dtype == x._v.dtype and not copy:
        return x
    return _Tracer(x._trace, _fused.Value("cast", dtype, x._v.shape, x._v))


def _where(condition, x=None, y=None, /):
    if x is None and y is None:
        raise _Unfusable("where with one argument (nonzero)")
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    operands = [_operand(v, "where") for v in (condition, x, y)]
    trace = _trace_of(operands)
    cond = operands[0]
    if isinstance(cond, _Tracer):
        if cond._v.dtype != _dtypes.bool_:
            cond = _astype(cond, _dtypes.bool_)
    else:
        cond = np.bool_(cond)
    dtype = _dtypes.result_type(*operands[1:])
    _dtypes.check_dtype(dtype, trace.device, "where")
    shape = _shape_of(operands)
    loop = (_dtypes.bool_, dtype, dtype, dtype)
    values = (_value(cond, _dtypes.bool_), _value(operands[1], dtype), _value(operands[2], dtype))
    return _Tracer(trace, _fused.Value("op", dtype, shape, ("where", loop, values)))


def _clip(a, a_min=np._NoValue, a_max=np._NoValue, out=None, *, min=np._NoValue,
          max=np._NoValue, **kwargs):
    """gparray.clip's rules: maximum with the lower bound, then minimum with the upper."""
    if out is not None:
        raise _Unfusable("clip with out=")
    lo = min if a_min is np._NoValue else a_min
    hi = max if a_max is np._NoValue else a_max
    lo = None if lo is np._NoValue else lo
    hi = None if hi is np._NoValue else hi
    if not isinstance(a, _Tracer):
        raise _Unfusable("clip of a bound traced, not the array")
    if a._v.dtype.kind in "iu":
        info = np.iinfo(a._v.dtype)
        if type(lo) is int and lo < info.min:
            lo = None
        if type(hi) is int and hi > info.max:
            hi = None
    result = a
    if lo is not None:
        result = _ufunc(UFUNCS["maximum"], (result, lo), dict(kwargs))
    if hi is not None:
        result = _ufunc(UFUNCS["minimum"], (result, hi), dict(kwargs))
    if result is a:
        result = _astype(a, a._v.dtype)
    return result


_REDUCTIONS = {"sum", "prod", "mean", "max", "min"}


def _reduce(name, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True,
            center=None):
    if name not in _REDUCTIONS:
        raise _Unfusable(f"the reduction {name}")
    given = lambda v, default: v is not default and v is not np._NoValue   # noqa: E731
    if given(out, None) or given(initial, None) or given(where, True) or center is not None:
        raise _Unfusable(f"{name} with out=, initial= or where=")
    if not isinstance(a, _Tracer):
        raise _Unfusable(f"{name} of an argument that is not traced")
    keepdims = False if keepdims is np._NoValue else bool(keepdims)
    shape = a._v.shape
    axes = normalize_axes(axis, len(shape))
    if keepdims:
        out_shape = tuple(1 if i in axes else n for i, n in enumerate(shape))
    else:
        out_shape = tuple(n for i, n in enumerate(shape) if i not in axes)
    kwargs = {"axis": axes if axis is not None else None, "keepdims": keepdims}
    if dtype is not None and name in ("sum", "prod", "mean"):
        kwargs["dtype"] = np.dtype(dtype)
    # the result's dtype is the engine's own (on a one-element array of the same rank)
    probe = empty((1,) * len(shape), dtype=a._v.dtype, device=a._trace.device)
    probe.fill(1)
    result_dtype = getattr(_reduction, name)(probe, **kwargs).dtype
    return _Tracer(a._trace, _fused.Value("reduce", result_dtype, out_shape, (name, a._v, kwargs)))


_FUNCTIONS = {
    "where": _where, "clip": _clip, "astype": lambda x, dtype, /, **kw: _astype(x, dtype, **kw),
    **{name: functools.partial(_reduce, name) for name in _REDUCTIONS},
    "amax": functools.partial(_reduce, "max"), "amin": functools.partial(_reduce, "min"),
}


def _binary(uf):
    def forward(self, other):
        return _ufunc(uf, (self, other), {})

    def reflected(self, other):
        return _ufunc(uf, (other, self), {})

    return forward, reflected


class _Tracer:
    """Stands for an array while a fused function is traced: records what is done to it."""

    __slots__ = ("_trace", "_v")
    __array_priority__ = 1000

    def __init__(self, trace, value):
        self._trace = trace
        self._v = value

    dtype = property(lambda self: self._v.dtype)
    shape = property(lambda self: self._v.shape)
    ndim = property(lambda self: len(self._v.shape))
    size = property(lambda self: int(np.prod(self._v.shape, dtype=np.int64)))

    def __gparray_ufunc__(self, uf, args, kwargs):
        return _ufunc(uf, args, dict(kwargs))

    def __gparray_function__(self, name, args, kwargs):
        impl = _FUNCTIONS.get(name)
        if impl is None:
            raise _Unfusable(name)
        return impl(*args, **kwargs)

    def __array_ufunc__(self, np_ufunc, method, *inputs, **kwargs):
        uf = UFUNCS.get(np_ufunc.__name__)
        if method != "__call__" or uf is None:
            raise _Unfusable(f"numpy.{np_ufunc.__name__}"
                             + ("" if method == "__call__" else f".{method}"))
        return _ufunc(uf, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        impl = _FUNCTIONS.get(func.__name__)
        if impl is None:
            raise _Unfusable(f"numpy.{func.__name__}")
        return impl(*args, **kwargs)

    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True, device=None):
        return _astype(self, dtype, order, casting, subok, copy, device)

    def clip(self, min=None, max=None, out=None, **kwargs):
        return _clip(self, min, max, out, **kwargs)

    def sum(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
        return _reduce("sum", self, axis, dtype, out, keepdims, initial, where)

    def prod(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
        return _reduce("prod", self, axis, dtype, out, keepdims, initial, where)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
        return _reduce("mean", self, axis, dtype, out, keepdims, None, where)

    def max(self, axis=None, out=None, keepdims=False, initial=None, where=True):
        return _reduce("max", self, axis, None, out, keepdims, initial, where)

    def min(self, axis=None, out=None, keepdims=False, initial=None, where=True):
        return _reduce("min", self, axis, None, out, keepdims, initial, where)

    def conj(self):
        return _ufunc(UFUNCS["conjugate"], (self,), {})

    conjugate = conj

    def _refuse(self, *args, **kwargs):
        raise _Unfusable("using a traced value's data in Python (bool, int, float, len, "
                         "iteration, indexing or conversion to a host array)")

    __array__ = __bool__ = __int__ = __float__ = __complex__ = __index__ = _refuse
    __len__ = __iter__ = __getitem__ = __setitem__ = _refuse

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise _Unfusable(f"ndarray.{name}")

    def __neg__(self):
        return _ufunc(UFUNCS["negative"], (self,), {})

    def __pos__(self):
        return _ufunc(UFUNCS["positive"], (self,), {})

    def __abs__(self):
        return _ufunc(UFUNCS["absolute"], (self,), {})

    def __invert__(self):
        return _ufunc(UFUNCS["invert"], (self,), {})

    def __matmul__(self, other):
        raise _Unfusable("matmul")

    __rmatmul__ = __matmul__
    __eq__, _ = _binary(UFUNCS["equal"])
    __ne__, _ = _binary(UFUNCS["not_equal"])
    __lt__, _ = _binary(UFUNCS["less"])
    __le__, _ = _binary(UFUNCS["less_equal"])
    __gt__, _ = _binary(UFUNCS["greater"])
    __ge__, _ = _binary(UFUNCS["greater_equal"])
    __hash__ = object.__hash__
    __add__, __radd__ = _binary(UFUNCS["add"])
    __sub__, __rsub__ = _binary(UFUNCS["subtract"])
    __mul__, __rmul__ = _binary(UFUNCS["multiply"])
    __truediv__, __rtruediv__ = _binary(UFUNCS["divide"])
    __floordiv__, __rfloordiv__ = _binary(UFUNCS["floor_divide"])
    __mod__, __rmod__ = _binary(UFUNCS["remainder"])
    _, __rpow__ = _binary(UFUNCS["power"])

    def __pow__(self, other):
        # NumPy's operator shortcuts (x ** 2 is square, x ** 0.5 sqrt), as ndarray's **
        name = power_shortcut(self._v.dtype.kind, other)
        if name is not None:
            return _ufunc(UFUNCS[name], (self,), {})
        return _ufunc(UFUNCS["power"], (self, other), {})
    __and__, __rand__ = _binary(UFUNCS["bitwise_and"])
    __or__, __ror__ = _binary(UFUNCS["bitwise_or"])
    __xor__, __rxor__ = _binary(UFUNCS["bitwise_xor"])
    __lshift__, __rlshift__ = _binary(UFUNCS["left_shift"])
    __rshift__, __rrshift__ = _binary(UFUNCS["right_shift"])


# -- plans: the traced graph as kernels and reductions -----------------------------------
class _Plan:
    """Steps that compute a traced function's results from its argument arrays: each step
    is ("kernel", expression, outputs, input slots, scalars, shape, dtypes, result slots) or
    ("reduce", name, input slot, kwargs, result slot); ``results`` maps the function's
    return structure to slots (ints) or constants."""

    def __init__(self, n_inputs):
        self.steps = []
        self.n_slots = n_inputs
        self.slot_of = {}           # id(Value) -> slot holding its array

    def new_slot(self):
        self.n_slots += 1
        return self.n_slots - 1

    def array(self, value):
        """The slot holding ``value``'s array, adding the steps that compute it."""
        slot = self.slot_of.get(id(value))
        if slot is not None:
            return slot
        if value.kind == "reduce":
            name, operand, kwargs = value.data
            slot = self.fused_sum(value)
            if slot is None:
                source = self.array(operand)
                slot = self.new_slot()
                self.steps.append(("reduce", name, source, kwargs, slot))
        elif value.kind == "const":
            raise _Unfusable("a result that is a constant")
        else:
            slot = self.kernel([value])[0]
        self.slot_of[id(value)] = slot
        return slot

    def fused_sum(self, value):
        """The slot of a whole-array float sum or mean of an elementwise value, computed in
        one pass over its inputs (where they are contiguous at the call), or None."""
        name, operand, kwargs = value.data
        if name not in ("sum", "mean") or kwargs["axis"] is not None or kwargs["keepdims"] \
                or operand.kind not in ("op", "cast") or operand.dtype != value.dtype \
                or value.dtype not in _fused.SUM_DTYPES or id(operand) in self.slot_of:
            return None
        expression = self.expression([operand])
        slot = self.new_slot()
        self.steps.append(("sum", name, expression, operand.shape, slot))
        return slot

    def kernel(self, values):
        """One kernel computing ``values`` (elementwise, of one shape); their slots."""
        nodes, outputs, inputs, scalars = self.expression(values)
        slots = [self.new_slot() for _ in values]
        self.steps.append(("kernel", nodes, outputs, inputs, scalars,
                           values[0].shape, tuple(v.dtype for v in values), slots))
        for v, slot in zip(values, slots):
            self.slot_of[id(v)] = slot
        return slots

    def expression(self, values):
        """(nodes, output positions, input slots, scalars) of an expression computing
        ``values``, adding the steps that compute the arrays it reads."""
        return _fused.build(values, self.array)

    def run(self, device, arrays):
        slots = list(arrays) + [None] * (self.n_slots - len(arrays))
        for step in self.steps:
            if step[0] == "kernel":
                _, nodes, outputs, inputs, scalars, shape, dtypes, results = step
                outs = [empty(shape, dtype=dt, device=device) for dt in dtypes]
                _fused.run(device, nodes, outputs, [slots[k] for k in inputs], scalars, outs)
                for slot, o in zip(results, outs):
                    slots[slot] = o
            elif step[0] == "sum":
                _, name, (nodes, outputs, inputs, scalars), shape, slot = step
                slots[slot] = _sum(device, name, nodes, [slots[k] for k in inputs], scalars,
                                   shape)
            else:
                _, name, source, kwargs, slot = step
                slots[slot] = getattr(_reduction, name)(slots[source], **kwargs)
        return slots


def _sum(device, name, nodes, inputs, scalars, shape):
    """sum or mean of the expression ``nodes`` (its last node) over all of ``shape``: one
    pass over contiguous inputs, else the expression stored and reduced by the engine."""
    n = int(np.prod(shape, dtype=np.int64))
    dtype = _fused.node_dtypes(nodes, tuple(a.dtype for a in inputs))[-1]
    if n > 0 and _fused.contiguous_like(inputs, shape):
        total = _reduction.sum(_fused.sum_partials(device, nodes, inputs, scalars, n))
        return total if name == "sum" else UFUNCS["divide"](total, n)
    values = empty(shape, dtype=dtype, device=device)
    _fused.run(device, nodes, (len(nodes) - 1,), inputs, scalars, [values])
    return getattr(_reduction, name)(values)


# -- the decorator -----------------------------------------------------------------------
def _scalar_key(x):
    if isinstance(x, np.generic):       # before float: np.float64 is a float, but strong
        return ("np", x.dtype, x.tobytes())
    if isinstance(x, float):
        return (float, x.hex())
    if isinstance(x, complex):
        return (complex, x.real.hex(), x.imag.hex())
    return (type(x), x)


def _signature(args):
    """(key, arrays): the trace cache key of ``args`` and the device arrays among them."""
    key, arrays = [settings.hide_fp64], []
    for x in args:
        if isinstance(x, ndarray):
            key.append(("a", x._dtype, x._shape, x._device))
            arrays.append(x)
        elif isinstance(x, (bool, int, float, complex, np.generic)):
            key.append(_scalar_key(x))
        elif hasattr(type(x), "__array_ufunc__") or hasattr(type(x), "__array_function__"):
            return None, arrays     # another array type (an autodiff value): runs plainly
        else:
            key.append(("o", x))
    return tuple(key), arrays


class _Fused:
    """A function run as one kernel per input signature; see ``fuse``."""

    _MAX_SIGNATURES = 256

    def __init__(self, func, kernel_name=None):
        functools.update_wrapper(self, func)
        self._func = func
        self._name = kernel_name or getattr(func, "__qualname__", repr(func))
        self._plans = collections.OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self):
        return f"<gparray.fuse of {self._name}>"

    def __call__(self, *args, **kwargs):
        if kwargs:
            names = sorted(kwargs)
            args_all = (*args, *(kwargs[k] for k in names))
        else:
            names, args_all = (), args
        if any(isinstance(x, np.ndarray) for x in args_all):
            device = device_of([x for x in args_all if isinstance(x, ndarray)], ())
            args_all = tuple(as_operand(x, device) if isinstance(x, np.ndarray) else x
                             for x in args_all)
        try:
            key, arrays = _signature(args_all)
            if key is None:
                # its own protocols must see every call (autodiff records them), so no trace
                return self._func(*args, **kwargs)
            key = (tuple(names), key)
            hash(key)
        except TypeError:
            return self._plain(args, kwargs, "an argument is not hashable (only arrays, "
                                             "scalars and hashable constants are traced)")
        with self._lock:
            entry = self._plans.get(key)
            if entry is not None:
                self._plans.move_to_end(key)
        if entry is None and not arrays:
            entry = ("plain", None)          # no array argument: nothing to fuse
            self._remember(key, entry)
        if entry is None:
            device = device_of(arrays, ())
            try:
                entry = self._trace(args_all, names, len(args), device)
            except _Unfusable as exc:
                entry = ("plain", str(exc))
            except Exception as exc:            # noqa: BLE001
                # NumPy's error for this call (shapes, dtypes, casting): the unfused call
                # raises it; if it does not, tracing failed where it should not have
                result = self._func(*args, **kwargs)
                entry = ("plain", f"tracing raised {type(exc).__name__}: {exc}")
                self._remember(key, entry)
                return result
            self._remember(key, entry)
        if entry[0] == "plain":
            return self._func(*args, **kwargs)
        _, plan, layout, device = entry
        return _rebuild(layout, plan.run(device, arrays))

    def _remember(self, key, entry):
        if entry[0] == "plain" and entry[1] is not None:
            warnings.warn(f"gparray.fuse: {self._name} runs unfused: {entry[1]}", FusionWarning,
                          stacklevel=3)
        with self._lock:
            self._plans[key] = entry
            while len(self._plans) > self._MAX_SIGNATURES:
                self._plans.popitem(last=False)

    def _plain(self, args, kwargs, reason):
        warnings.warn(f"gparray.fuse: {self._name} runs unfused: {reason}", FusionWarning,
                      stacklevel=3)
        return self._func(*args, **kwargs)

    def _trace(self, args_all, names, n_positional, device):
        trace = _Trace(device)
        traced, k = [], 0
        for x in args_all:
            if isinstance(x, ndarray):
                traced.append(_Tracer(trace, _fused.Value("in", x._dtype, x._shape, k)))
                k += 1
            else:
                traced.append(x)
        results = self._func(*traced[:n_positional],
                             **dict(zip(names, traced[n_positional:])))
        plan = _Plan(k)
        for j in range(k):
            plan.slot_of[id(_input_value(traced, j))] = j
        tracers = _flatten(results)
        if any(x._trace is not trace for x in tracers):
            raise _Unfusable("a result traced by another call")
        # elementwise results of one shape come from one kernel
        by_shape = collections.OrderedDict()
        for x in tracers:
            if x._v.kind in ("op", "cast"):
                by_shape.setdefault(x._v.shape, {})[id(x._v)] = x._v
        for group in by_shape.values():
            plan.kernel(list(group.values()))
        return ("fused", plan, _layout(plan, results), device)


def _input_value(traced, j):
    return [x for x in traced if isinstance(x, _Tracer)][j]._v


def _flatten(results):
    if isinstance(results, _Tracer):
        return [results]
    if type(results) in (tuple, list):
        return [x for r in results for x in _flatten(r)]
    return []


def _layout(plan, results):
    """The return structure: a slot number per traced result, (constant,) otherwise."""
    if isinstance(results, _Tracer):
        return plan.array(results._v)
    if type(results) in (tuple, list):
        return (type(results), [_layout(plan, r) for r in results])
    if isinstance(results, ndarray):
        # computed while tracing from constants alone: each call must return a new array
        raise _Unfusable("a result computed from constants only")
    return (results,)


def _rebuild(layout, slots):
    if type(layout) is int:
        return slots[layout]
    if len(layout) == 2 and layout[0] in (tuple, list):
        return layout[0](_rebuild(x, slots) for x in layout[1])
    return layout[0]


def fuse(*args, kernel_name=None):
    """Decorator: run a function of arrays as one fused kernel per input signature, as
    ``cupy.fuse`` does. Elementwise ufuncs, operators, ``where``, ``clip``, ``astype`` and
    Python/NumPy scalars fuse into one kernel, with ``sum``/``prod``/``mean``/``max``/``min``
    after them; the results equal the unfused ones (same loops, same math per element).
    What cannot be fused runs unfused with a ``FusionWarning`` naming it. Usable as
    ``@fuse`` or ``@fuse(kernel_name=...)``."""
    if len(args) == 1 and callable(args[0]):
        return _Fused(args[0], kernel_name)
    if args:
        raise TypeError("fuse() takes a function, or keyword arguments only")
    return lambda func: _Fused(func, kernel_name)
