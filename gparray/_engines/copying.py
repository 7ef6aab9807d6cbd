"""Copies on the device: astype, copy, and assignment of scalars and arrays into views."""
import warnings

import numpy as np

from .._core import allocate as _allocate, operands as _operands
from .._core.ndarray import ndarray
from .._core.operands import as_operand, broadcast_shape, device_of, overlaps
from .._runtime import dtypes as _dtypes
from .._runtime.ufunc_table import COPY, SELECT
from . import elementwise as _elementwise, host_small as _host_small
from .elementwise import scalar_value

__all__ = ["astype", "copy"]


def copy_into(dst, src):
    """dst[...] = src for a device array ``src`` broadcastable to ``dst``, casting unsafely."""

    dst._check_writeable()
    if broadcast_shape([src._shape, dst._shape]) != dst._shape:
        raise ValueError(f"could not broadcast input array from shape {src._shape} into shape "
                         f"{dst._shape}")
    if src._device is not dst._device:
        src = src.to_device(dst._device)
    if overlaps(dst, src):
        src = copy(src)
    if dst._dtype.kind != "c" and src._dtype.kind == "c":
        warnings.warn("Casting complex values to real discards the imaginary part",
                      np.exceptions.ComplexWarning, stacklevel=3)
    if _host_small.copy_into(dst, src):
        return
    _elementwise.run(dst._device, COPY, (src._dtype, src._dtype), [src], [dst])


def assign(dst, value):
    """dst[...] = value for a scalar, NumPy array, nested sequence or device array.

    A Python scalar goes through int() or float() first, as in NumPy: a complex into a real
    array is a TypeError, NaN into an integer array a ValueError, an infinity or a value out
    of the dtype's range an OverflowError."""
    dst._check_writeable()
    if type(value) in (float, complex) and dst._dtype.kind in "iuf":
        convert = float if dst._dtype.kind == "f" else int
        if type(value) is complex:
            what = "a string, a bytes-like object" if convert is int else "a string"
            raise TypeError(f"{convert.__name__}() argument must be {what} or a real number, "
                            f"not 'complex'")
        if convert is int:
            value = int(value)
    if isinstance(value, ndarray):
        copy_into(dst, value)
        return
    if isinstance(value, (bool, int, float, complex, np.generic)) or \
            (isinstance(value, np.ndarray) and value.ndim == 0):
        host = np.asarray(value)
        if host.dtype.kind == "c" and dst._dtype.kind in "iuf":   # complex to bool: nonzero
            warnings.warn("Casting complex values to real discards the imaginary part",
                          np.exceptions.ComplexWarning, stacklevel=3)
            host = host.real
        if isinstance(value, int) and not isinstance(value, bool) and dst._dtype.kind in "iu":
            info = np.iinfo(dst._dtype)
            if not info.min <= value <= info.max:
                raise OverflowError(f"Python integer {value} out of bounds for {dst._dtype}")
        scalar = host.astype(dst._dtype)[()]
        if _host_small.fill(dst, scalar):
            return
        if dst._dtype == _dtypes.float16:
            scalar = np.float32(scalar)
        _elementwise.run(dst._device, COPY, (dst._dtype, dst._dtype),
                         [_elementwise.Scalar(scalar, dst._dtype)], [dst])
        return

    if isinstance(value, (list, tuple)) and dst._dtype.kind in "biufc":
        # NumPy converts a sequence straight to the destination's dtype: Python ints out of
        # its range overflow, NaN into integers is a ValueError, as for a lone scalar
        host = np.asarray(value, dtype=dst._dtype)
    else:
        host = np.asarray(value)
        if host.dtype.kind not in "biufc":
            host = np.asarray(value, dtype=dst._dtype)
    copy_into(dst, _operands.asarray(host, device=dst._device))


def copy(a, order="C"):
    a = a if isinstance(a, ndarray) else _operands.asarray(a)   # np.copy of a host array
    out = _allocate.empty(a._shape, dtype=a._dtype, device=a._device,
                          order="F" if order == "F" or (order in "AK" and a.flags.f_contiguous
                                                        and not a.flags.c_contiguous) else "C")
    copy_into(out, a)
    return out


def astype(a, dtype, /, *, casting="unsafe", copy=True, device=None):
    """``a`` converted to ``dtype`` (the Array API's astype; also the method's engine).
    ``copy=False`` returns ``a`` itself when no conversion is needed."""

    if device is not None:
        a = a.to_device(device)
    dtype = _dtypes.check_dtype(dtype, a._device, "astype")
    if not np.can_cast(a._dtype, dtype, casting=casting):
        raise TypeError(f"Cannot cast array data from {a._dtype!r} to {dtype!r} according to "
                        f"the rule {casting!r}")
    if dtype == a._dtype and not copy:
        return a
    out = _allocate.empty(a._shape, dtype=dtype, device=a._device)
    copy_into(out, a)
    return out


def select(condition, x, y):
    """Elementwise ``x if condition else y`` (device arrays or scalars, broadcast together),
    in the dtype NumPy's ``where`` gives."""

    device = device_of((condition, x, y), ())
    cond = as_operand(condition, device)
    if not isinstance(cond, ndarray):
        cond = _operands.asarray(cond, device=device)
    if cond._dtype != _dtypes.bool_:
        cond = astype(cond, _dtypes.bool_)
    x, y = as_operand(x, device), as_operand(y, device)
    dtype = _dtypes.result_type(x, y)
    _dtypes.check_dtype(dtype, device, "where")
    arrays = [a for a in (cond, x, y) if isinstance(a, ndarray)]
    shape = broadcast_shape([a._shape for a in arrays])
    out = _allocate.empty(shape, dtype=dtype, device=device)
    operands = [cond] + [v if isinstance(v, ndarray) else scalar_value(v, dtype) for v in (x, y)]
    _elementwise.run(device, SELECT, (_dtypes.bool_, dtype, dtype, dtype), operands, [out])
    return out
