"""Array creation: from data (asarray/array), filled (empty/zeros/ones/full and ``_like``),
ranges (arange/linspace) and matrices (eye/identity). NumPy's signatures and dtypes; the
``device=`` keyword of the Array API and NEP 35's ``like=``."""
import builtins
import operator

import numpy as np

from ._core.allocate import _default_for, _device_for, empty, full, ones, zeros
from ._core.ndarray import ndarray
from ._core.operands import asarray
from ._engines import ufuncs
from ._engines.iota import iota
from ._runtime import dtypes as _dtypes
from ._runtime.devices import as_device

__all__ = ["arange", "array", "asarray", "ascontiguousarray", "empty", "empty_like", "eye",
           "full", "full_like", "identity", "linspace", "ones", "ones_like", "zeros", "zeros_like"]


def _like_args(a, dtype, shape, device):
    a_dtype = a.dtype if hasattr(a, "dtype") else np.asarray(a).dtype
    a_shape = a.shape if hasattr(a, "shape") else np.shape(a)
    if device is None:
        device = a.device if isinstance(a, ndarray) else None
    return (a_shape if shape is None else shape), (a_dtype if dtype is None else dtype), device


def empty_like(prototype, dtype=None, order="K", subok=True, shape=None, *, device=None):
    shape, dtype, device = _like_args(prototype, dtype, shape, device)
    return empty(shape, dtype=dtype, device=device)


def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    shape, dtype, device = _like_args(a, dtype, shape, device)
    return zeros(shape, dtype=dtype, device=device)


def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    shape, dtype, device = _like_args(a, dtype, shape, device)
    return ones(shape, dtype=dtype, device=device)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    shape, dtype, device = _like_args(a, dtype, shape, device)
    return full(shape, fill_value, dtype=dtype, device=device)


def array(obj, dtype=None, *, copy=True, order="K", subok=False, ndmin=0, device=None,
          like=None):
    out = asarray(obj, dtype=dtype, device=device, copy=True if copy else None, like=like)
    if ndmin > out.ndim:
        out = out.reshape((1,) * (ndmin - out.ndim) + out.shape)
    return out


def ascontiguousarray(a, dtype=None, *, like=None):
    a = asarray(a, dtype=dtype, like=like)
    if a.ndim == 0:
        a = a.reshape(1)
    return a if a.flags.c_contiguous else a.copy()


def arange(start, stop=None, step=None, dtype=None, *, device=None, like=None):
    """Evenly spaced values in [start, stop), computed on the device with NumPy's dtype."""

    device = _device_for(device, like)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if step == 0:
        raise ZeroDivisionError("arange: step cannot be zero")
    host_dtype = np.result_type(*(np.asarray(v) for v in (start, stop, step))) if dtype is None \
        else np.dtype(dtype)
    if dtype is None:
        host_dtype = _default_for(host_dtype, device)
    length = builtins.max(int(np.ceil((stop - start) / step)), 0) if not (
        isinstance(start, complex) or isinstance(stop, complex)) else len(np.arange(start, stop, step))
    _dtypes.check_dtype(host_dtype, device, "arange")
    if length == 0:
        return empty((0,), dtype=host_dtype, device=device)
    index = iota(length, device)
    if host_dtype.kind in "iu" and length:
        out = empty((length,), dtype=host_dtype, device=device)
        ufuncs.add(ufuncs.multiply(index, int(step)), int(start), out=out, casting="unsafe")
        return out
    # NumPy computes start + i * delta with delta = (start + step) - start in the result dtype.
    delta = np.array(start + step, dtype=host_dtype) - np.array(start, dtype=host_dtype)
    # (index in the result dtype, so float32 ranges stay float32 like NumPy's fill loop)
    out = empty((length,), dtype=host_dtype, device=device)
    ufuncs.add(ufuncs.multiply(index.astype(host_dtype), delta[()]),
                  np.array(start, dtype=host_dtype)[()], out=out)
    return out


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):

    device = as_device(device)
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = (num - 1) if endpoint else num
    result_dtype = np.result_type(start, stop, float(num))
    if np.ndim(start) or np.ndim(stop):
        host = np.linspace(np.asarray(start), np.asarray(stop), num, endpoint=endpoint,
                           retstep=retstep, dtype=dtype, axis=axis)
        if retstep:
            return asarray(host[0], device=device), host[1]
        return asarray(host, device=device)
    calc = _default_for(np.dtype(result_dtype), device)
    step = (stop - start) / div if div > 0 else np.nan
    index = iota(num, device)
    y = ufuncs.multiply(index.astype(calc), step if div > 0 else 0.0) if num else \
        empty((0,), dtype=calc, device=device)
    if div > 0:
        y = ufuncs.add(y, start)
        if endpoint and num > 1:
            y[-1] = stop
    else:
        y = ufuncs.add(y, start)
    if dtype is not None:
        out_dtype = np.dtype(dtype)
        if out_dtype.kind in "iu":
            y = ufuncs.floor(y)
        y = y.astype(out_dtype)
    if retstep:
        return y, step
    return y


def eye(N, M=None, k=0, dtype=None, order="C", *, device=None, like=None):
    device = _device_for(device, like)
    M = N if M is None else M
    out = zeros((N, M), dtype=dtype, order=order, device=device)
    if -N < k < M if N and M else False:
        n = builtins.min(N - builtins.max(-k, 0), M - builtins.max(k, 0))
        start = k * out.strides[1] if k >= 0 else -k * out.strides[0]
        diag = out._view(out._offset + start, (n,), (out.strides[0] + out.strides[1],))
        diag.fill(1)
    return out


def identity(n, dtype=None, *, device=None, like=None):
    return eye(n, dtype=dtype, device=device, like=like)
