"""Elementwise functions that are not ufuncs in NumPy: real, imag, round/around, clip."""
import numpy as np

from ._core.operands import device_array, traced
from ._engines import ufuncs

__all__ = ["around", "clip", "imag", "real", "round"]


def real(val):
    """The real part (a view for complex arrays, the array itself otherwise)."""
    return device_array(val).real


def imag(val):
    return device_array(val).imag


def round(a, decimals=0, out=None):
    """Round half to even to ``decimals`` places, like numpy.round (integers are returned
    unchanged for decimals >= 0)."""
    a = device_array(a)
    if a.dtype.kind in "biu":
        if decimals >= 0:
            result = a.copy() if out is None else out
            if out is not None:
                result[...] = a
            return result
        # As NumPy: through floating point, half to even, wrapping back into the int type.
        scale = 10 ** (-decimals)
        result = ufuncs.multiply(ufuncs.rint(ufuncs.divide(a, scale)), scale)
        if out is not None:
            out[...] = result
            return out
        return result.astype(a.dtype)
    if decimals == 0:
        return ufuncs.rint(a, out=out)
    scale = 10.0 ** abs(decimals)
    if decimals > 0:
        result = ufuncs.divide(ufuncs.rint(ufuncs.multiply(a, scale)), scale)
    else:
        result = ufuncs.multiply(ufuncs.rint(ufuncs.divide(a, scale)), scale)
    if out is not None:
        out[...] = result
        return out
    return result


around = round


def clip(a, /, min=None, max=None, out=None, *, a_min=np._NoValue, a_max=np._NoValue,
         **kwargs):
    """Limit values to [min, max]; either bound may be None; NaN in ``a`` propagates.
    ``clip(a, lo, hi)`` works as in NumPy; the bounds are named as in the Array API
    (``min``/``max``), and NumPy's keywords ``a_min``/``a_max`` are accepted too."""
    if (a_min is not np._NoValue or a_max is not np._NoValue) and (min is not None or max is not None):
        raise ValueError("Passing `min` or `max` keyword argument when `a_min` and `a_max` are "
                         "provided is forbidden.")
    lo = min if a_min is np._NoValue else a_min
    hi = max if a_max is np._NoValue else a_max
    tracer = traced((a, lo, hi))
    if tracer is not None:              # inside gparray.fuse: record the call
        return tracer.__gparray_function__("clip", (a, lo, hi, out), kwargs)
    a = device_array(a)
    if a._dtype.kind in "iu":
        # NumPy drops a Python-int bound beyond the dtype on its harmless side (a lower bound
        # below the minimum, an upper one above the maximum); the other side overflows
        info = np.iinfo(a._dtype)
        if type(lo) is int and lo < info.min:
            lo = None
        if type(hi) is int and hi > info.max:
            hi = None
    result = a
    if lo is not None:
        result = ufuncs.maximum(result, lo, **kwargs)
    if hi is not None:
        result = ufuncs.minimum(result, hi, **kwargs)
    if result is a:
        result = a.copy()
    if out is not None:
        out[...] = result
        return out
    return result
