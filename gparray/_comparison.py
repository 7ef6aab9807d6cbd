"""Whole-array comparisons: isclose, allclose, array_equal, array_equiv (NumPy's
definitions, computed on the device; the predicates return Python bools as NumPy does)."""
import builtins
import operator
import warnings

import numpy as np

from ._core.ndarray import ndarray
from ._core.operands import broadcast_shape
from ._creation import asarray
from ._engines import ufuncs
from ._engines.ufunc import UFUNCS
from ._runtime.dtypes import fit, floating, result_type

__all__ = ["allclose", "array_equal", "array_equiv", "isclose"]


def _device_of(*values):
    for v in values:
        if isinstance(v, ndarray):
            return v._device
    return None


def _array(x, device):
    if isinstance(x, (int, float, complex)) and not isinstance(x, builtins.bool):
        return x
    return x if isinstance(x, ndarray) else asarray(x, device=device)


_PYTHON_OPS = {"absolute": abs, "add": operator.add, "subtract": operator.sub,
               "multiply": operator.mul}


def isclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """``|a - b| <= atol + rtol * |b|`` elementwise (``b`` finite), or ``a == b``; NaNs equal
    with ``equal_nan``."""

    device = _device_of(a, b, atol, rtol)
    x, y, atol, rtol = (_array(v, device) for v in (a, b, atol, rtol))
    if isinstance(y, ndarray):
        y = y.astype(fit(result_type(y, 1.), y._device), copy=False)
    elif isinstance(y, int):
        y = float(y)
    finite = [np.all(np.isfinite(t.get() if isinstance(t, ndarray) else t)) for t in (atol, rtol)]
    if not builtins.all(finite):
        warnings.warn(f"One of rtol or atol is not valid, atol: {atol}, rtol: {rtol}",
                      RuntimeWarning, stacklevel=2)
    if isinstance(x, ndarray) and isinstance(y, ndarray):
        x = floating(x)         # int - float64 y: float32 where the device has no fp64

    # Python-number operands are combined on the host as Python numbers: weak scalars
    def uf(name, *args):
        if builtins.any(isinstance(v, ndarray) for v in args):
            return UFUNCS[name](*args)
        if name in _PYTHON_OPS and builtins.all(isinstance(v, (int, float, complex))
                                               for v in args):
            return _PYTHON_OPS[name](*args)
        return getattr(np, name)(*args)

    close = uf("less_equal", uf("absolute", uf("subtract", x, y)),
               uf("add", atol, uf("multiply", rtol, uf("absolute", y))))
    result = uf("logical_or", uf("logical_and", close, uf("isfinite", y)), uf("equal", x, y))
    if equal_nan:
        result = uf("logical_or", result, uf("logical_and", uf("isnan", x), uf("isnan", y)))
    if not isinstance(result, ndarray):
        result = asarray(np.asarray(result), device=device)
    return result


def allclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """True when every element of ``a`` is close to ``b`` (see :func:`isclose`)."""
    return builtins.bool(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


def array_equal(a1, a2, equal_nan=False):
    """True when both have the same shape and elements (NaNs equal with ``equal_nan``)."""
    device = _device_of(a1, a2)
    try:
        a1, a2 = asarray(a1, device=device), asarray(a2, device=device)
    except Exception:
        return False
    if a1.shape != a2.shape:
        return False
    eq = ufuncs.equal(a1, a2)
    if equal_nan and (a1.dtype.kind in "fc" or a2.dtype.kind in "fc"):
        if a1 is a2:
            return True
        n1, n2 = ufuncs.isnan(a1), ufuncs.isnan(a2)
        if not builtins.bool(ufuncs.equal(n1, n2).all()):
            return False
        eq = ufuncs.logical_or(eq, n1)
    return builtins.bool(eq.all())


def array_equiv(a1, a2):
    """True when ``a1`` and ``a2`` broadcast to each other and are equal elementwise."""

    device = _device_of(a1, a2)
    try:
        a1, a2 = asarray(a1, device=device), asarray(a2, device=device)
    except Exception:
        return False
    try:
        broadcast_shape([a1.shape, a2.shape])
    except ValueError:
        return False
    return builtins.bool(ufuncs.equal(a1, a2).all())
