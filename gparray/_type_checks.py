"""NumPy's type tests and type routines for device arrays: ``iscomplex``, ``isreal``,
``iscomplexobj``, ``isrealobj``, ``isneginf``, ``isposinf``, ``isfortran``,
``common_type``, ``min_scalar_type`` and ``may_share_memory``.

The elementwise tests run on the device; the others read only shapes, strides and dtypes.
"""
import numpy as np

from . import _creation, _elementwise_functions
from ._core.interop import shares_memory
from ._core.ndarray import ndarray
from ._engines import ufuncs as _ufunc_names
from ._runtime import dtypes as _dtypes

__all__ = ["iscomplex", "isreal", "iscomplexobj", "isrealobj", "isneginf", "isposinf",
           "isfortran", "common_type", "min_scalar_type", "may_share_memory", "can_cast"]


def _device_array(x):
    return x if isinstance(x, ndarray) else _creation.asarray(x)


def iscomplex(x):
    """Elementwise: True where the imaginary part is nonzero (all False for a real dtype)."""
    x = _device_array(x)
    if x.dtype.kind == "c":
        return _ufunc_names.not_equal(_elementwise_functions.imag(x), 0)
    return _creation.zeros(x.shape, dtype=_dtypes.bool_, device=x.device)


def isreal(x):
    """Elementwise: True where the imaginary part is zero (all True for a real dtype)."""
    x = _device_array(x)
    if x.dtype.kind == "c":
        return _ufunc_names.equal(_elementwise_functions.imag(x), 0)
    return _creation.ones(x.shape, dtype=_dtypes.bool_, device=x.device)


def _dtype_of(x):
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        return np.asarray(x).dtype
    return np.dtype(dtype)


def iscomplexobj(x):
    """Whether ``x`` has a complex dtype (a Python bool; the values are not looked at)."""
    return issubclass(_dtype_of(x).type, np.complexfloating)


def isrealobj(x):
    """Whether ``x`` has a dtype that is not complex (a Python bool)."""
    return not iscomplexobj(x)


def _signed_inf(x, out, negative):
    x = _device_array(x)
    if x.dtype.kind == "c":
        raise TypeError(f"This operation is not supported for {x.dtype} values because it "
                        "would be ambiguous.")
    sign = _ufunc_names.signbit(x)
    if not negative:
        sign = _ufunc_names.logical_not(sign)
    return _ufunc_names.logical_and(_ufunc_names.isinf(x), sign, out=out)


def isneginf(x, out=None):
    """Elementwise: True at negative infinity. Complex input raises TypeError, as NumPy."""
    return _signed_inf(x, out, negative=True)


def isposinf(x, out=None):
    """Elementwise: True at positive infinity. Complex input raises TypeError, as NumPy."""
    return _signed_inf(x, out, negative=False)


def isfortran(a):
    """True when ``a`` is Fortran-contiguous and not also C-contiguous."""
    return a.flags.fnc


_PRECISION = {np.float16: 0, np.float32: 1, np.float64: 2, np.complex64: 1, np.complex128: 2}
_REAL_OF = (np.float16, np.float32, np.float64)
_COMPLEX_OF = (None, np.complex64, np.complex128)


def common_type(*arrays):
    """The inexact scalar type every argument can be converted to: integers count as
    float64 (the device's default float where it has no float64), bool raises TypeError."""
    is_complex = False
    precision = 0
    for a in arrays:
        t = _dtype_of(a).type
        if issubclass(t, np.complexfloating):
            is_complex = True
        if issubclass(t, np.integer):
            p = 2 if not isinstance(a, ndarray) else _PRECISION[
                _dtypes.default_float(a.device).type]
        else:
            p = _PRECISION.get(t)
            if p is None:
                raise TypeError("can't get common type for non-numeric array")
        precision = max(precision, p)
    if is_complex:
        return _COMPLEX_OF[max(precision, 1)]
    return _REAL_OF[precision]


def min_scalar_type(a, /):
    """For an array with dimensions its dtype; for a 0-d array the smallest dtype that
    holds its value (the one value is read back: the answer depends on it)."""
    if isinstance(a, ndarray):
        if a.ndim:
            return a.dtype
        a = a.get()
    return np.min_scalar_type(a)


def _byte_span(x):
    """(buffer identity, first byte, one past the last byte) that ``x`` may touch."""
    if not isinstance(x, ndarray):
        x = np.asarray(x)
        base = x.ctypes.data
        key = "host"
    elif x._buf.host is not None:
        base = x._buf.host.ctypes.data + x._offset
        key = "host"
    else:
        base = x._offset
        key = id(x._buf)
    lo = hi = base
    for n, s in zip(x.shape, x.strides):
        if n == 0:
            return key, 0, 0
        if s > 0:
            hi += (n - 1) * s
        else:
            lo += (n - 1) * s
    return key, lo, hi + x.dtype.itemsize


def may_share_memory(a, b, /, max_work=0):
    """Whether the memory bounds of ``a`` and ``b`` overlap (NumPy's default test, which
    may say True for arrays that interleave without sharing an element). ``max_work`` as
    in NumPy: 0 or None asks for the bounds test only; other values ask for the exact
    answer (``shares_memory``)."""
    if max_work is not None and max_work != 0:
        return shares_memory(a, b, max_work=max_work)
    key_a, lo_a, hi_a = _byte_span(a)
    key_b, lo_b, hi_b = _byte_span(b)
    return key_a == key_b and lo_a < hi_b and lo_b < hi_a


def can_cast(from_, to, casting="safe"):
    """NumPy's ``can_cast`` with a device array standing for its dtype."""
    if isinstance(from_, ndarray):
        from_ = from_.dtype
    return np.can_cast(from_, to, casting=casting)
