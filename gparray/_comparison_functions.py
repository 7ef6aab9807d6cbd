"""Whole-array comparisons: isclose, allclose, array_equal, array_equiv (NumPy's
definitions, computed on the device; the predicates return Python bools as NumPy does)."""
import builtins
import warnings

import numpy as np

from ._ndarray import ndarray


def _uf(name):
    from ._ufunc import UFUNCS

    return UFUNCS[name]


def _device_of(*values):
    for v in values:
        if isinstance(v, ndarray):
            return v._device
    return None


def _array(x, device):
    from ._creation import asarray

    if isinstance(x, (int, float, complex)) and not isinstance(x, builtins.bool):
        return x
    return x if isinstance(x, ndarray) else asarray(x, device=device)


def isclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """``|a - b| <= atol + rtol * |b|`` elementwise (``b`` finite), or ``a == b``; NaNs equal
    with ``equal_nan``."""
    from ._dtypes import result_type

    device = _device_of(a, b, atol, rtol)
    x, y, atol, rtol = (_array(v, device) for v in (a, b, atol, rtol))
    if isinstance(y, ndarray):
        y = y.astype(result_type(y, 1.), copy=False)
    elif isinstance(y, int):
        y = float(y)
    finite = [np.all(np.isfinite(t.get() if isinstance(t, ndarray) else t)) for t in (atol, rtol)]
    if not builtins.all(finite):
        warnings.warn(f"One of rtol or atol is not valid, atol: {atol}, rtol: {rtol}",
                      RuntimeWarning, stacklevel=2)
    abs_, add, mul = _uf("absolute"), _uf("add"), _uf("multiply")
    close = _uf("less_equal")(abs_(_uf("subtract")(x, y)), add(atol, mul(rtol, abs_(y))))
    result = _uf("logical_or")(_uf("logical_and")(close, _uf("isfinite")(y)), _uf("equal")(x, y))
    if equal_nan:
        result = _uf("logical_or")(result, _uf("logical_and")(_uf("isnan")(x), _uf("isnan")(y)))
    return result


def allclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """True when every element of ``a`` is close to ``b`` (see :func:`isclose`)."""
    return builtins.bool(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


def array_equal(a1, a2, equal_nan=False):
    """True when both have the same shape and elements (NaNs equal with ``equal_nan``)."""
    device = _device_of(a1, a2)
    try:
        from ._creation import asarray

        a1, a2 = asarray(a1, device=device), asarray(a2, device=device)
    except Exception:
        return False
    if a1.shape != a2.shape:
        return False
    eq = _uf("equal")(a1, a2)
    if equal_nan and (a1.dtype.kind in "fc" or a2.dtype.kind in "fc"):
        if a1 is a2:
            return True
        n1, n2 = _uf("isnan")(a1), _uf("isnan")(a2)
        if not builtins.bool(_uf("equal")(n1, n2).all()):
            return False
        eq = _uf("logical_or")(eq, n1)
    return builtins.bool(eq.all())


def array_equiv(a1, a2):
    """True when ``a1`` and ``a2`` broadcast to each other and are equal elementwise."""
    from ._creation import asarray
    from ._ufunc import broadcast_shape

    device = _device_of(a1, a2)
    try:
        a1, a2 = asarray(a1, device=device), asarray(a2, device=device)
    except Exception:
        return False
    try:
        broadcast_shape([a1.shape, a2.shape])
    except ValueError:
        return False
    return builtins.bool(_uf("equal")(a1, a2).all())
