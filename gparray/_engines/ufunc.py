"""gparray's ufunc objects, one per row of the ufunc table.

Each mirrors the NumPy ufunc of the same name: ``nin``, ``nout``, ``identity``, calling with
``out=``, ``where=``, ``dtype=``, ``casting=``, ``signature=``. Loop selection is NumPy's
(NEP 50). The methods ``reduce``, ``accumulate``, ``outer``, ``at`` and ``reduceat`` run on
other engines and are attached to the class by the assembly layer (gparray/_methods.py).
"""

import numpy as np

from .._core import pending as _pending
from .._core.allocate import empty
from .._core.ndarray import _c_strides, ndarray
from .._core.operands import as_operand, asarray, broadcast_shape, device_of, overlaps, traced
from .._runtime import dtypes as _dtypes, launch as _launch
from .._runtime.config import settings
from .._runtime.ufunc_table import ROWS as _BY_NAME, UFUNCS as _ROWS
from . import elementwise as _elementwise, fused as _fused, host_small as _host_small
from .copying import copy_into
from .elementwise import scalar_value


def _operand_type(x):
    if isinstance(x, ndarray):
        return x._dtype
    if isinstance(x, np.generic):
        return x.dtype
    return _dtypes.scalar_operand_type(x)


def _normalize_out(out, nout, name):
    if out is None:
        return (None,) * nout
    if not isinstance(out, tuple):
        out = (out,)
    if len(out) != nout:
        raise ValueError(f"The 'out' tuple must have exactly {nout} entries: one per ufunc output")
    for o in out:
        if o is not None and not isinstance(o, ndarray):
            raise TypeError(f"return arrays must be of gparray.ndarray type, got "
                            f"{type(o).__name__} for {name}")
        if o is not None:
            o._check_writeable()
    return out


class ufunc:
    """A gparray universal function; see the NumPy ufunc of the same name."""

    def __init__(self, row):
        self._row = row
        self.__name__ = row.name
        self.nin = row.nin
        self.nout = row.nout
        self.nargs = self.nin + self.nout
        self._np = getattr(np, row.name)
        self.identity = self._np.identity
        self.signature = None
        self.types = self._np.types
        self.ntypes = self._np.ntypes
        self._loops = {}
        self._fast = {}
        self._host_limit = _host_small.CROSSOVER[_host_small.ufunc_family(row.name)]
        self.__doc__ = (f"{row.name}(*args, out=None, where=True, casting='same_kind', dtype=None)\n\n"
                        f"Device version of numpy.{row.name}: same loops, promotion and results, "
                        f"computed elementwise on the array's OpenCL device.")

    def __repr__(self):
        return f"<gparray ufunc '{self.__name__}'>"

    def _resolve(self, types, out_dtypes, dtype, signature, casting):
        key = (types, out_dtypes, dtype, signature, casting)
        loop = self._loops.get(key)
        if loop is None:
            loop = _dtypes.resolve_ufunc(self._np, types, out_dtypes, dtype=dtype,
                                         signature=signature, casting=casting)
            self._loops[key] = loop
        return loop

    def __call__(self, *args, **kwargs):
        # fusion first: the host path's views would compute pending operands at once
        if settings.fusion and not kwargs and len(args) == self.nin and self.nout == 1:
            result = self._pending_call(args)
            if result is not None:
                return result
        if self.nout == 1 and len(args) == self.nin and (not kwargs or len(kwargs) == 1 and
                                                          "out" in kwargs):
            result = _host_small.ufunc_call(self, args, kwargs.get("out"))
            if result is not None:
                return result
        if not kwargs and len(args) == self.nin:
            key = _fast_key(args)
            if key is not None:
                fast = self._fast.get(key)
                if fast is not None:
                    result = fast(args)
                    if result is not None:
                        return result
                return self._full(*args, _fast_key=key)
        tracer = traced(args)
        if tracer is not None:          # inside gparray.fuse: record the call
            return tracer.__gparray_ufunc__(self, args, kwargs)
        return self._full(*args, **kwargs)

    def _pending_call(self, args):
        """The result as a pending array (computed with the chain it joins when its values
        are needed), or None where the call must run now. Everything NumPy checks at the
        call (devices, loop, dtypes, shapes, scalar ranges) is checked here."""
        if traced(args) is not None:
            return None                 # inside gparray.fuse: the tracer records it
        device = device_of(args, ())
        values = [as_operand(x, device) for x in args]
        if not any(isinstance(x, ndarray) for x in values):
            return None
        name = self.__name__
        loop = self._resolve(tuple(_operand_type(x) for x in values), (None,), None, None,
                             "same_kind")
        for dt in loop:
            _dtypes.check_dtype(dt, device, name)
        shape = broadcast_shape([x._shape for x in values if isinstance(x, ndarray)])
        if _host_small.takes(device) and int(np.prod(shape)) <= self._host_limit:
            return None         # small work runs through NumPy on the host memory now
        if 0 in shape or (name == "power" and loop[1].kind == "i") or \
                (name in _COMPARISONS and _widen_for_python_ints(values, loop) is None):
            return None         # the full path: a value check, or nothing to compute
        operands = []
        for x, dt in zip(values, loop):
            if isinstance(x, ndarray) and x._b is not None and \
                    (x._b.exported or x._b.owner is not None):
                # memory the host may write through NumPy at any time (from_numpy, .numpy()):
                # read it now, as the unfused call does
                return None
            if not isinstance(x, ndarray):
                operands.append(_fused.Value("const", dt, (), scalar_value(x, dt)))
            elif x._b is None and x._pending is not None:
                operands.append(x._pending)
            else:
                operands.append(_fused.Value("in", x._dtype, x._shape, x))
        dtype = loop[self.nin]
        operands = tuple(operands)
        if name == "power":             # the cheaper ufunc NumPy's loop uses, as _full does
            name, loop, operands = power_special_value(loop, operands)
        value = _fused.Value("op", dtype, shape, (name, loop, operands))
        result = ndarray._wrap(None, 0, shape, _c_strides(shape, dtype.itemsize), dtype, device)
        result._pending = value
        if value.size > _fused.MAX_NODES:
            value.size = _fused.distinct_nodes(value)
        if _pending.add(result) > _fused.MAX_PENDING or value.size > _fused.MAX_NODES:
            _pending.flush()
        return result

    def _full(self, *args, out=None, where=True, casting="same_kind", order="K", dtype=None,
              subok=True, signature=None, _fast_key=None):
        nin, nout, name = self.nin, self.nout, self.__name__
        if len(args) > nin:
            if out is not None:
                raise TypeError("cannot specify 'out' as both a positional and keyword argument")
            out = args[nin:]
            args = args[:nin]
            if len(out) > nout:
                raise TypeError(f"{name}() takes from {nin} to {nin + nout} positional arguments "
                                f"but {len(args) + len(out)} were given")
        if len(args) != nin:
            raise TypeError(f"{name}() takes from {nin} to {nin + nout} positional arguments but "
                            f"{len(args)} were given")
        outs = _normalize_out(out, nout, name)
        device = device_of(args, outs)
        values = [as_operand(x, device) for x in args]
        types = tuple(_operand_type(x) for x in values)
        out_dtypes = tuple(o._dtype if o is not None else None for o in outs)
        if dtype is not None:
            dtype = np.dtype(dtype)
        loop = self._resolve(types, out_dtypes, dtype, signature, casting)
        for dt in loop:
            _dtypes.check_dtype(dt, device, name)
        arrays = [x for x in values if isinstance(x, ndarray)]
        shape = broadcast_shape([a._shape for a in arrays]) if arrays else ()
        mask = None
        if where is not True:
            mask = where if isinstance(where, ndarray) else asarray(where, device=device)
            if mask._dtype != _dtypes.bool_:
                raise TypeError(f"Cannot cast array data from {mask._dtype} to dtype('bool') "
                                "according to the rule 'safe'")
            shape = broadcast_shape([shape, mask._shape])
        given = [o for o in outs if o is not None]
        if given:
            target = given[0]._shape
            for o in given:
                if o._shape != target:
                    raise ValueError("output operands must have the same shape")
            try:
                if broadcast_shape([shape, target]) != target:
                    raise ValueError
            except ValueError:
                raise ValueError(f"non-broadcastable output operand with shape {target} doesn't "
                                 f"match the broadcast shape {broadcast_shape([shape, target])}") \
                    from None
            shape = target
        if name in _COMPARISONS:
            loop = _widen_for_python_ints(values, loop)
            if loop is None:
                return _constant_comparison(name, values, shape, outs, device)
        inputs = [x if isinstance(x, ndarray) else scalar_value(x, dt)
                  for x, dt in zip(values, loop[:nin])]
        if name == "power" and loop[1].kind == "i" and 0 not in shape:
            # NumPy's check runs in the loop: an empty result never meets the exponent
            _check_nonnegative_exponent(inputs[1])
        results, targets = [], []
        for o, dt in zip(outs, loop[nin:]):
            if o is None:
                o = empty(shape, dtype=dt, device=device)
                results.append(o)
                targets.append(o)
            else:
                results.append(o)
                clash = any(overlaps(o, a) for a in arrays) or (mask is not None and overlaps(o, mask))
                if clash:
                    tmp = empty(shape, dtype=o._dtype, device=device)
                    if mask is not None:
                        copy_into(tmp, o)
                    targets.append(tmp)
                else:
                    targets.append(o)
        row = self._row
        if name == "power":
            row, loop, inputs = _power_special_case(row, loop, inputs)
        plan = _elementwise.run(device, row, loop, inputs, targets, where=mask)
        if _fast_key is not None and plan is not None and nout == 1 and shape and \
                not (name == "power" and (loop[1].kind == "i" or row is not self._row)):
            self._fast[_fast_key] = _FastCall(device, plan, loop, values, shape, targets[0])
        for o, t in zip(results, targets):
            if o is not t:
                copy_into(o, t)
        return results[0] if nout == 1 else tuple(results)


# NumPy's power loops treat these scalar exponents as the cheaper ufunc (exactly: x**2 is
# x*x, x**0.5 is sqrt(x) down to sqrt(-0.0) = -0.0, x**-1 is 1/x); a general pow per element
# is many times slower than the memory traffic.
_POWER_SPECIAL = {2: "square", 0.5: "sqrt", -1: "divide"}


def power_special(loop, exponent):
    """The ufunc ("square", "sqrt" or "divide" as 1 / x) that computes power's loop ``loop``
    for the by-value ``exponent`` (an elementwise.Scalar) as NumPy's loops do, or None."""
    kind = loop[0].kind
    value = exponent.value
    # (complex powers are left alone: NumPy's operator and ufunc differ in the sign of zero
    # imaginary parts between their integer-exponent paths)
    if kind == "f" and value in _POWER_SPECIAL and (value != 0.5 or loop[0].itemsize >= 4):
        return _POWER_SPECIAL[value]       # (NumPy's float16 power of 0.5 is not its sqrt)
    if kind in "iu" and value == 2:
        return "square"
    return None


def power_special_value(loop, operands):
    """``power_special`` on expression values (fusion): (name, loop, operand values)."""
    if operands[1].kind != "const":
        return "power", loop, operands
    name = power_special(loop, operands[1].data)
    if name is None:
        return "power", loop, operands
    if name == "divide":
        one = _fused.Value("const", loop[0], (), scalar_value(1, loop[0]))
        return name, loop, (one, operands[0])
    return name, (loop[0], loop[2]), (operands[0],)


def _power_special_case(row, loop, inputs):
    exponent = inputs[1]
    if not isinstance(exponent, _elementwise.Scalar) or not isinstance(inputs[0], ndarray):
        return row, loop, inputs
    name = power_special(loop, exponent)
    if name is None:
        return row, loop, inputs
    if name == "divide":        # 1 / x: the vectorised division kernel
        return _BY_NAME[name], loop, [_elementwise.Scalar(loop[0].type(1), exponent.dtype),
                                      inputs[0]]
    return _BY_NAME[name], (loop[0], loop[2]), [inputs[0]]


def _fast_key(args):
    """Everything a repeated call's launch depends on, or None if it cannot be repeated."""
    key = [settings.hide_fp64]
    for x in args:
        t = type(x)
        if t is ndarray:
            key.append((x._dtype, x._shape, x._strides, x._device))
        elif t is float or t is int or t is bool:
            key.append(t)
        else:
            return None
    return tuple(key)


class _FastCall:
    """A ufunc call repeated on operands of the same layout: allocate the result, fill in
    buffer and scalar arguments, enqueue the kernel resolved the first time."""

    def __init__(self, device, plan, loop, values, shape, result):
        self.device = device
        self.knl, self.items, self.tail = plan
        self.shape = shape
        self.strides = result._strides
        self.dtype = result._dtype
        self.nbytes = max(result.nbytes, 1)
        self.converters = []
        for x, dt in zip(values, loop):
            if isinstance(x, ndarray):
                self.converters.append(x._dtype.itemsize)
            else:
                self.converters.append(_scalar_converter(dt))

    def __call__(self, args):
        kargs = []
        for x, conv in zip(args, self.converters):
            if type(conv) is int:
                kargs.append(x._buf.cl)
                kargs.append(x._offset // conv)
            else:
                v = conv(x)
                if v is None:
                    return None
                kargs.append(v)
        device = self.device
        buf = device.pool.allocate(self.nbytes)
        kargs.append(buf.cl)
        kargs.append(0)
        kargs.extend(self.tail)
        _launch.launch_repeat(device, self.knl, self.items, kargs)
        return ndarray._wrap(buf, 0, self.shape, self.strides, self.dtype, device)


def _scalar_converter(dtype):
    """Python scalar -> kernel argument of ``dtype``, or None when NumPy would not simply
    convert it (an int out of range goes through the full path, which raises or widens)."""
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        lo, hi = int(info.min), int(info.max)
        return lambda v: v if type(v) is not float and lo <= v <= hi else None
    if dtype.kind == "b":
        return lambda v: bool(v)
    if dtype == _dtypes.float16:
        return lambda v: np.float32(np.float16(v))
    if dtype.kind == "c":
        return lambda v: None           # passed as two parts: the full path handles it
    scalar_type = dtype.type
    return lambda v: scalar_type(v)


_COMPARISONS = frozenset({"equal", "not_equal", "less", "less_equal", "greater", "greater_equal"})


def _fits(value, dtype):
    info = np.iinfo(dtype)
    return info.min <= value <= info.max


def _widen_for_python_ints(values, loop):
    """NumPy 2 compares integer arrays with Python ints of any size by their true values.
    Returns a loop that holds the int, or None when no integer type does (the result is then
    the same for every element)."""
    ints = [(k, x) for k, x in enumerate(values) if type(x) is int]
    if not ints or loop[0].kind not in "iu":
        return loop
    k, value = ints[0]
    if np.dtype(_operand_type(values[1 - k])).kind not in "iu":
        return loop         # a bool array: NumPy's int64 loop, OverflowError beyond it
    # NEP 50 gives the int the array's integer dtype; an int outside that dtype's range is
    # beyond every element, so the comparison is the same everywhere.
    return loop if _fits(value, loop[1 - k]) else None


def _constant_comparison(name, values, shape, outs, device):
    k = next(k for k, x in enumerate(values) if type(x) is int)
    big_is_right = k == 1
    positive = values[k] > 0
    # array OP big: less/less_equal/not_equal are true when big is larger than everything
    truth = {"equal": False, "not_equal": True,
             "less": positive if big_is_right else not positive,
             "less_equal": positive if big_is_right else not positive,
             "greater": (not positive) if big_is_right else positive,
             "greater_equal": (not positive) if big_is_right else positive}[name]
    if outs[0] is not None:
        outs[0].fill(truth)
        return outs[0]
    out = empty(shape, dtype=np.bool_, device=device)
    out.fill(truth)
    return out


def _check_nonnegative_exponent(exponent):
    if isinstance(exponent, _elementwise.Scalar):
        negative = exponent.value < 0
    else:
        negative = exponent.size and bool(exponent.min() < 0)
    if negative:
        raise ValueError("Integers to negative integer powers are not allowed.")


UFUNCS = {row.name: ufunc(row) for row in _ROWS}
