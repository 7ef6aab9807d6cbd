"""The allocator: uninitialised and filled device arrays (``empty``, ``zeros``, ``full``).

``full`` fills through the array's ``fill`` method, which the assembly layer attaches, so this
module needs nothing above the core."""
import builtins
import numbers
import operator

import numpy as np

from .._runtime import dtypes as _dtypes
from .._runtime.devices import as_device
from .ndarray import _c_strides, ndarray


def _shape_tuple(shape):
    if isinstance(shape, numbers.Integral) or hasattr(shape, "__index__") and not hasattr(shape, "__len__"):
        shape = (shape,)
    try:
        shape = tuple(operator.index(s) for s in shape)
    except TypeError:
        raise TypeError(f"expected a sequence of integers or a single integer, got {shape!r}") \
            from None
    for s in shape:
        if s < 0:
            raise ValueError("negative dimensions are not allowed")
    return shape


def _resolve_dtype(dtype, device, func):
    if dtype is None:
        return _dtypes.default_float(device)
    return _dtypes.check_dtype(dtype, device, func)


def _device_for(device, like):
    if device is None and isinstance(like, ndarray):
        return like._device
    return as_device(device)


def empty(shape, dtype=None, order="C", *, device=None, like=None):
    """An uninitialised array on ``device`` (default: the current device)."""
    device = _device_for(device, like)
    shape = _shape_tuple(shape)
    dtype = _resolve_dtype(dtype, device, "empty")
    if order not in ("C", "F"):
        raise ValueError("only 'C' or 'F' order is permitted")
    n = 1
    for s in shape:
        n *= s
    buf = device.pool.allocate(builtins.max(n * dtype.itemsize, 1))
    strides = _c_strides(shape, dtype.itemsize)
    if order == "F":
        strides = _c_strides(shape[::-1], dtype.itemsize)[::-1]
    return ndarray._wrap(buf, 0, shape, strides, dtype, device)


def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    device = _device_for(device, like)
    if dtype is None:
        if isinstance(fill_value, ndarray):
            dtype = fill_value.dtype
        else:
            host = np.asarray(fill_value)
            dtype = _default_for(host.dtype, device)
    out = empty(shape, dtype=dtype, order=order, device=device)
    out.fill(fill_value)
    return out


def zeros(shape, dtype=None, order="C", *, device=None, like=None):
    device = _device_for(device, like)
    return full(shape, 0, dtype=_resolve_dtype(dtype, device, "zeros"), order=order,
                device=device)


def ones(shape, dtype=None, order="C", *, device=None, like=None):
    device = _device_for(device, like)
    return full(shape, 1, dtype=_resolve_dtype(dtype, device, "ones"), order=order,
                device=device)


def _default_for(host_dtype, device):
    """NumPy infers float64/complex128 from Python floats; on a device without fp64 the
    Array API default (float32/complex64) is used instead."""
    if host_dtype == _dtypes.float64 and not device.has_fp64:
        return _dtypes.float32
    if host_dtype == _dtypes.complex128 and not device.has_fp64:
        return _dtypes.complex64
    return host_dtype
