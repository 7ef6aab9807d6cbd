"""NumPy's functional programming helpers for device arrays: ``apply_along_axis``,
``apply_over_axes``, ``piecewise``, ``vectorize`` and ``frompyfunc``.

``apply_along_axis``, ``apply_over_axes`` and ``piecewise`` call the user's function on
device arrays (slices, masked selections), so that function runs on the device.
``vectorize`` and ``frompyfunc`` call a Python function once per element, which can only
happen on the host: the inputs are read back, NumPy does the elementwise calls, and the
results go back to the device. That is NumPy's own algorithm; only the transfers are added.
"""
import numpy as np

from . import _creation, _join, _manipulation
from ._core import interop as _interop, views as _shape
from ._core.ndarray import ndarray
from ._engines import reduction as _reductions
from ._engines.ufuncs import logical_not
from ._runtime import dtypes as _dtypes

__all__ = ["apply_along_axis", "apply_over_axes", "piecewise", "vectorize", "frompyfunc"]


def _device_array(x):
    return x if isinstance(x, ndarray) else _creation.asarray(x)


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """``func1d`` applied to every 1-D slice of ``arr`` along ``axis``; its results
    (scalars or arrays, all of one shape) replace that axis. Empty iteration space raises
    ValueError, as in NumPy."""
    arr = _device_array(arr)
    axis = _shape.normalize_axis(axis, arr.ndim)
    moved = _manipulation.moveaxis(arr, axis, -1)
    outer = moved.shape[:-1]
    if any(n == 0 for n in outer):
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    indices = list(np.ndindex(*outer))
    first = _device_array(func1d(moved[indices[0]], *args, **kwargs))
    buff = _creation.empty(outer + first.shape, dtype=first.dtype, device=arr.device)
    buff[indices[0]] = first
    for index in indices[1:]:
        buff[index] = func1d(moved[index], *args, **kwargs)
    # the result's own axes go where ``axis`` was
    dims = list(range(buff.ndim))
    order = dims[:axis] + dims[len(outer):] + dims[axis:len(outer)]
    return _shape.transpose(buff, order)


def apply_over_axes(func, a, axes):
    """``func(a, axis)`` applied over each axis in turn; a result that lost the axis gets
    it back (length 1), any other rank change raises ValueError."""
    val = _device_array(a)
    n = val.ndim
    if np.ndim(axes) == 0:
        axes = (axes,)
    for axis in axes:
        if axis < 0:
            axis = n + axis
        res = func(val, axis)
        if res.ndim != val.ndim:
            res = _shape.expand_dims(res, axis)
            if res.ndim != val.ndim:
                raise ValueError("function is not returning an array of the correct shape")
        val = res
    return val


def piecewise(x, condlist, funclist, *args, **kw):
    """Where condition k holds, ``funclist[k]`` (a function of the selected values, or a
    constant); one extra function is the default where no condition holds. The result
    has ``x``'s dtype and is 0 where nothing applies."""
    x = _device_array(x)
    nfuncs = len(funclist)
    # one condition (a scalar, or anything whose first entry is not a sequence of
    # conditions) stands for a list of one, as in NumPy
    if np.isscalar(condlist) or (isinstance(condlist, ndarray) and condlist.ndim == 0) or (
            not isinstance(condlist[0], (list, np.ndarray, ndarray)) and x.ndim != 0):
        condlist = [condlist]
    if isinstance(condlist, ndarray):
        conds = condlist.astype(_dtypes.bool_, copy=False)
    elif isinstance(condlist, list) and any(isinstance(c, ndarray) for c in condlist):
        conds = _join.stack([_device_array(c) for c in condlist])
        conds = conds.astype(_dtypes.bool_, copy=False)
    else:
        conds = _creation.asarray(np.asarray(condlist, dtype=bool), device=x.device)
    n = conds.shape[0] if conds.ndim else 1
    if n == nfuncs - 1:
        rest = logical_not(_reductions.any(conds, axis=0, keepdims=True))
        conds = _join.concatenate([conds, rest])
        n += 1
    elif n != nfuncs:
        raise ValueError(f"with {n} condition(s), either {n} or {n + 1} functions are "
                         "expected")
    y = _creation.zeros_like(x)
    for k, func in enumerate(funclist):
        cond = conds[k]
        if not callable(func):
            y[cond] = func
        else:
            values = x[cond]
            if values.size > 0:
                y[cond] = func(values, *args, **kw)
    return y


def _to_host(v):
    return v.get() if isinstance(v, ndarray) else v


def _result_to_device(value, device):
    """A NumPy result (possibly of object dtype) as a device array of the dtype NumPy
    infers from its elements."""
    if isinstance(value, tuple):
        return tuple(_result_to_device(v, device) for v in value)
    host = np.asarray(value)
    if host.dtype == object:
        host = np.array(host.tolist()) if host.ndim else np.asarray(host[()])
    return _interop.upload(np.ascontiguousarray(host), device)


def _device_of(values):
    for v in values:
        if isinstance(v, ndarray):
            return v.device
    return None


class vectorize(np.vectorize):
    """NumPy's ``vectorize``; given any device array argument, the result is a device
    array. The Python function runs once per element on the host (as in NumPy): the
    arguments are read back, NumPy evaluates, and the result is uploaded. Without device
    arguments it behaves exactly as ``numpy.vectorize``.

    ``numpy.vectorize(f)(device_array)`` itself cannot be redirected: NumPy converts the
    arguments to host object arrays before any protocol is consulted, so it returns NumPy
    arrays; use ``gparray.vectorize`` (or ``numpy.frompyfunc``, which dispatches) instead."""

    def __call__(self, *args, **kwargs):
        device = _device_of(list(args) + list(kwargs.values()))
        if device is None:
            return super().__call__(*args, **kwargs)
        result = super().__call__(*(_to_host(a) for a in args),
                                  **{k: _to_host(v) for k, v in kwargs.items()})
        return _result_to_device(result, device)


def call_pyfunc_ufunc(np_ufunc, method, inputs, kwargs):
    """A ``numpy.frompyfunc`` ufunc called on device arrays: NumPy runs the Python
    function per element on the host, the results (whose object dtype gparray cannot hold)
    come back as device arrays of the dtype NumPy infers from the values."""
    device = _device_of(inputs)
    if kwargs.get("out") is not None:
        raise TypeError(f"{np_ufunc.__name__}: out= is not supported for Python-function "
                        "ufuncs on device arrays (their results have object dtype)")
    result = getattr(np_ufunc, method)(*(_to_host(v) for v in inputs),
                                       **{k: _to_host(v) for k, v in kwargs.items()})
    return _result_to_device(result, device)


def frompyfunc(func, /, nin, nout, **kwargs):
    """NumPy's ``frompyfunc`` (the same ufunc): called on device arrays it returns device
    arrays (see ``call_pyfunc_ufunc``); the Python function runs on the host, as in
    NumPy."""
    return np.frompyfunc(func, nin, nout, **kwargs)
