"""Argument helpers shared by Generator and its distribution methods: size to shape, host or
device parameters, the checks NumPy makes on them, and the C type of a real dtype."""
import builtins
import numbers
import operator

import numpy as np

from .._core.ndarray import ndarray
from .._engines.reduction import any as device_any
from .._runtime import dtypes as _dtypes


def is_device(x):
    return isinstance(x, ndarray)


def size_shape(size):
    if size is None:
        return None
    if isinstance(size, numbers.Integral) or (hasattr(size, "__index__")
                                              and not hasattr(size, "__len__")):
        size = (operator.index(size),)
    shape = tuple(operator.index(s) for s in size)
    if any(s < 0 for s in shape):
        raise ValueError("negative dimensions are not allowed")
    return shape


def host_or_device(x, name):
    if is_device(x):
        return x
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real number or array of real numbers, got {arr.dtype}")
    return arr


def any_true(cond):
    """bool of a host or device boolean array."""
    if is_device(cond):
        return builtins.bool(device_any(cond))
    return builtins.bool(np.any(cond))


def check(value, bad, message):
    """Raise ValueError(message) if ``bad(value)`` holds anywhere (NaN counts as bad)."""
    if any_true(bad(value)):
        raise ValueError(message)


def cgen_real(dtype):
    return "double" if np.dtype(dtype) == _dtypes.float64 else "float"
