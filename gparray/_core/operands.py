"""Operand handling: converting inputs to device arrays (``asarray``), broadcasting shapes,
checking that operands share a device, and detecting overlap between an output and an input.

Nested sequences that hold device arrays are filled through item assignment on the result,
whose method the assembly layer attaches."""
import builtins

import numpy as np

from .._runtime import dtypes as _dtypes
from .._runtime.devices import as_device, current_device
from . import interop as _interop
from .allocate import _default_for, _device_for, empty
from .ndarray import ndarray


def _broadcast_error(shapes):
    return ValueError("operands could not be broadcast together with shapes "
                      + " ".join(str(s).replace(" ", "") for s in shapes))


def broadcast_shape(shapes):
    """The broadcast of ``shapes``, with NumPy's ufunc error text when they do not fit."""
    ndim = max((len(s) for s in shapes), default=0)
    result = [1] * ndim
    for s in shapes:
        for i, n in enumerate(s, ndim - len(s)):
            if n != 1:
                if result[i] == 1:
                    result[i] = n
                elif result[i] != n:
                    raise _broadcast_error(shapes)
    return tuple(result)


def device_of(values, outs):
    device = None
    for x in (*values, *outs):
        if isinstance(x, ndarray):
            if device is None:
                device = x._device
            elif x._device is not device:
                raise ValueError(f"arrays are on different devices ({device} and {x._device}); "
                                 "move them with x.to_device(d) first")
    return device or current_device()


def as_operand(x, device):
    """A device array, or a Python/NumPy scalar kept on the host to be passed by value."""
    if isinstance(x, ndarray):
        return x
    if isinstance(x, (bool, int, float, complex)):
        return x
    if isinstance(x, np.generic):
        return x
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return x[()]
    return asarray(x, device=device)


def overlaps(a, b):
    """Whether writing ``a`` could change elements of ``b`` before they are read (same
    buffer, intersecting byte ranges, not the identical view)."""
    if a._buf is not b._buf:
        return False
    if a._offset == b._offset and a._shape == b._shape and a._strides == b._strides:
        return False      # the same elements in the same order: safe in place
    lo_a, hi_a = _extent(a)
    lo_b, hi_b = _extent(b)
    return lo_a < hi_b and lo_b < hi_a


def _extent(a):
    lo = hi = a._offset
    for n, s in zip(a._shape, a._strides):
        if n == 0:
            return a._offset, a._offset
        if s > 0:
            hi += (n - 1) * s
        else:
            lo += (n - 1) * s
    return lo, hi + a._dtype.itemsize


def asarray(obj, dtype=None, order=None, *, device=None, copy=None, like=None):
    """Convert ``obj`` (a gparray array, NumPy array, scalar or nested sequence) to a device
    array. ``copy=False`` raises ValueError where a copy cannot be avoided; gparray arrays on
    the target device with the requested dtype are returned as they are unless ``copy=True``."""
    if isinstance(obj, ndarray):
        target = as_device(device) if device is not None else obj._device
        out = obj if target is obj._device else None
        if out is None:
            if copy is False:
                raise ValueError("asarray(copy=False) cannot move an array between devices")
            out = obj.to_device(target)
            copied = True
        else:
            copied = False
        if dtype is not None and np.dtype(dtype) != out._dtype:
            if copy is False:
                raise ValueError("asarray(copy=False) cannot change the dtype without a copy")
            return out.astype(dtype)
        if copy and not copied:
            return out.copy()
        return out
    device = _device_for(device, like)
    if hasattr(obj, "__dlpack__") and not isinstance(obj, np.ndarray) and \
            type(obj).__module__.split(".")[0] not in ("numpy",):
        obj = _interop.from_dlpack_host(obj)
    if isinstance(obj, (list, tuple)) and _contains_device_arrays(obj):
        return stack_nested(obj, dtype=dtype, device=device)
    host = np.asarray(obj) if dtype is None else np.asarray(obj, dtype=dtype)
    if host.dtype.kind not in "biufc":
        raise TypeError(f"gparray cannot hold arrays of dtype {host.dtype}")
    target_dtype = host.dtype
    if dtype is None and not isinstance(obj, (np.ndarray, np.generic)):
        target_dtype = _default_for(host.dtype, device)
    target_dtype = _dtypes.check_dtype(target_dtype, device, "asarray")
    if copy is False:
        if not device.unified_memory or host is not obj:
            raise ValueError("asarray(copy=False): a copy is needed to put this data on the device")
        return _interop.from_numpy(host, device=device)
    if host.dtype != target_dtype:
        host = host.astype(target_dtype)
    return _interop.upload(host, device)


def _contains_device_arrays(seq):
    for x in seq:
        if isinstance(x, ndarray):
            return True
        if isinstance(x, (list, tuple)) and _contains_device_arrays(x):
            return True
    return False


def _nested_shape(obj, depth=0):
    if isinstance(obj, ndarray):
        return obj.shape
    if isinstance(obj, (list, tuple)):
        shapes = [_nested_shape(x, depth + 1) for x in obj]
        if shapes and builtins.any(s != shapes[0] for s in shapes):
            raise ValueError("setting an array element with a sequence. The requested array has "
                             f"an inhomogeneous shape after {depth + 1} dimensions. The detected "
                             f"shape was ({len(obj)},) + inhomogeneous part.")
        return (len(obj),) + (shapes[0] if shapes else ())
    return np.shape(obj)


def _leaf_dtypes(obj, out):
    if isinstance(obj, ndarray):
        out.append(obj.dtype)
    elif isinstance(obj, (list, tuple)) and _contains_device_arrays(obj):
        for x in obj:
            _leaf_dtypes(x, out)
    else:
        out.append(np.asarray(obj).dtype)


def _fill(view, obj):
    if isinstance(obj, ndarray):
        view[...] = obj
    elif isinstance(obj, (list, tuple)) and _contains_device_arrays(obj):
        for i, x in enumerate(obj):
            _fill(view[i, ...], x)      # a view even at 0-d (view[i] would be a copy there)
    else:
        view[...] = np.asarray(obj, dtype=view.dtype) if view.ndim else obj


def stack_nested(obj, dtype=None, device=None):
    """``asarray`` of a nested list/tuple that holds device arrays: NumPy's shape and dtype
    discovery, with each device array copied into place on the device."""
    shape = _nested_shape(obj)
    device = as_device(device)
    if dtype is None:
        found = []
        _leaf_dtypes(obj, found)
        dtype = np.result_type(*found)
        device_float64 = _dtypes.float64 in [x.dtype for x in _flat_device(obj)]
        if not device.has_fp64 and not device_float64:
            dtype = _default_for(dtype, device)
    dtype = _dtypes.check_dtype(dtype, device, "asarray")
    out = empty(shape, dtype=dtype, device=device)
    _fill(out, obj)
    return out


def _flat_device(obj):
    if isinstance(obj, ndarray):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [a for x in obj for a in _flat_device(x)]
    return []


def traced(values):
    """The first of ``values`` that stands for a value being traced by ``gparray.fuse`` (it
    records the call instead of computing it), or None."""
    for x in values:
        if hasattr(type(x), "__gparray_function__"):
            return x
    return None


def device_array(x, device=None):
    """``x`` itself when it is a gparray array (on whatever device), else ``asarray(x, device)``."""
    return x if isinstance(x, ndarray) else asarray(x, device=device)
