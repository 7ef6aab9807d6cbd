"""Statistics on the device: var, std (``ddof`` and the Array API's ``correction``), ptp,
average (weights), cov, corrcoef, and median/percentile/quantile with all of NumPy's
methods. Each follows NumPy's algorithm step by step on device arrays, so result dtypes,
empty-slice warnings and errors are NumPy's.
"""
import builtins
import warnings

import numpy as np

from . import _dtypes
from ._ndarray import ndarray
from ._shape import normalize_axes


def _as_array(a, device=None):
    from ._creation import asarray

    return a if isinstance(a, ndarray) else asarray(a, device=device)


def _uf(name):
    from ._ufunc import UFUNCS

    return UFUNCS[name]


def _sum(*args, **kwargs):
    from ._reductions import sum as _s

    return _s(*args, **kwargs)


def _count(a, axis, keepdims, where):
    """Elements per reduced slice: a Python int, or a device int64 array for a mask."""
    if where is True:
        return int(np.prod([a._shape[i] for i in normalize_axes(axis, a.ndim)], dtype=np.int64))
    from ._shape import broadcast_to

    mask = broadcast_to(_as_array(where, a._device), a._shape)
    return _sum(mask, axis=axis, dtype=np.int64, keepdims=keepdims)


def _any_true(x):
    from ._reductions import any as _a

    return bool(_a(x)) if isinstance(x, ndarray) else bool(x)


def _var(a, axis, dtype, out, ddof, keepdims, where, mean):
    rcount = _count(a, axis, keepdims, where)
    too_few = ddof >= rcount if where is True else _uf("greater_equal")(ddof, rcount)
    if _any_true(too_few):
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)
    if dtype is None and a._dtype.kind in "biu":
        dtype = _dtypes.default_float(a._device)
    if mean is not np._NoValue and mean is not None:
        arrmean = mean
    else:
        arrmean = _sum(a, axis=axis, dtype=dtype, keepdims=True, where=where)
        div = rcount if where is True else _count(a, axis, True, where)
        arrmean = _uf("divide")(arrmean, div, out=arrmean, casting="unsafe")
    x = _uf("subtract")(a, arrmean)
    if x._dtype.kind == "c":
        x = _uf("add")(_uf("square")(x.real), _uf("square")(x.imag))
    else:
        x = _uf("square")(x, out=x)
    ret = _sum(x, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    dof = builtins.max(rcount - ddof, 0) if where is True else \
        _uf("maximum")(_uf("subtract")(rcount, ddof), 0)
    return _uf("divide")(ret, dof, out=ret, casting="unsafe")


def _ddof(ddof, correction):
    if correction is not np._NoValue:
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        return correction
    return ddof


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=np._NoValue, correction=np._NoValue):
    """Variance: mean squared deviation over ``N - ddof`` (``correction`` is the Array API's
    name for ``ddof``); integers compute in float64; complex input gives a real result."""
    a = _as_array(a)
    return _var(a, axis, dtype, out, _ddof(ddof, correction), keepdims, where, mean)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=np._NoValue, correction=np._NoValue):
    """Standard deviation, the square root of :func:`var`."""
    a = _as_array(a)
    ret = _var(a, axis, dtype, out, _ddof(ddof, correction), keepdims, where, mean)
    return _uf("sqrt")(ret, out=ret)


def ptp(a, axis=None, out=None, keepdims=False):
    """Range (maximum - minimum) along ``axis``."""
    from ._reductions import max as _max, min as _min

    a = _as_array(a)
    return _uf("subtract")(_max(a, axis=axis, keepdims=keepdims),
                           _min(a, axis=axis, keepdims=keepdims), out=out)


def average(a, axis=None, weights=None, returned=False, *, keepdims=np._NoValue):
    """Weighted mean; ``weights`` either of ``a``'s shape or 1-d along ``axis``. With
    ``returned``, also the sum of the weights (broadcast to the result's shape)."""
    from ._creation import full
    from ._reductions import mean
    from ._shape import broadcast_to

    a = _as_array(a)
    if axis is not None:
        axis = normalize_axes(axis, a.ndim)
    kw = {} if keepdims is np._NoValue else {"keepdims": keepdims}
    if weights is None:
        avg = mean(a, axis=axis, **kw)
        scl = full(avg._shape, avg._dtype.type(a.size / builtins.max(avg.size, 1))
                   if avg.size else 0, dtype=avg._dtype, device=a._device)
    else:
        wgt = _as_array(weights, a._device)
        if a._dtype.kind in "biu":
            result_dtype = _dtypes.result_type(a._dtype, wgt._dtype, np.float64)
        else:
            result_dtype = _dtypes.result_type(a._dtype, wgt._dtype)
        if a._shape != wgt._shape:
            if axis is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            if wgt._shape != tuple(a._shape[ax] for ax in axis):
                raise ValueError("Shape of weights must be consistent with shape of a along "
                                 "specified axis.")
            wgt = wgt.transpose(tuple(np.argsort(axis)))
            wgt = wgt.reshape(tuple(s if ax in axis else 1 for ax, s in enumerate(a._shape)))
        scl = _sum(wgt, axis=axis, dtype=result_dtype, **kw)
        if _any_true(_uf("equal")(scl, 0.0)):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = _uf("divide")(_sum(_uf("multiply")(a, wgt, dtype=result_dtype), axis=axis, **kw),
                            scl)
    if returned:
        if scl._shape != avg._shape:
            scl = broadcast_to(scl, avg._shape).copy()
        return avg, scl
    return avg


def _ndmin2(x, dtype):
    x = _as_array(x).astype(dtype, copy=False) if isinstance(x, ndarray) else \
        _as_array(np.asarray(x, dtype=dtype))
    if x.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    return x.reshape((1,) * (2 - x.ndim) + x._shape) if x.ndim < 2 else x


def _host_weights(w, name, nsamples):
    if isinstance(w, ndarray):
        w = w.get()
    w = np.asarray(w, dtype=float)
    if w.ndim > 1:
        raise RuntimeError(f"cannot handle multidimensional {name}")
    if w.shape[0] != nsamples:
        raise RuntimeError(f"incompatible numbers of samples and {name}")
    if np.any(w < 0):
        raise ValueError(f"{name} cannot be negative")
    return w


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """Covariance matrix of the rows (``rowvar``) or columns of ``m`` (and ``y``), with
    frequency and analytic weights, as ``numpy.cov``."""
    from ._creation import array
    from ._linalg_products import matmul
    from ._scans import concat

    m = _as_array(m)
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None:
        y = _as_array(y, m._device)
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = _dtypes.result_type(m, np.float64) if y is None else \
            _dtypes.result_type(m, y, np.float64)
    X = _ndmin2(m, dtype)
    if not rowvar and m.ndim != 1:
        X = X.T
    if X._shape[0] == 0:
        return array(np.array([]).reshape(0, 0), device=m._device)
    if y is not None:
        yy = _ndmin2(y, dtype)
        if not rowvar and yy._shape[0] != 1:
            yy = yy.T
        X = concat([X, yy], 0)
    if ddof is None:
        ddof = 1 if bias == 0 else 0
    w = None
    if fweights is not None:
        fw = fweights.get() if isinstance(fweights, ndarray) else fweights
        fw = np.asarray(fw, dtype=float)
        if not np.all(fw == np.around(fw)):
            raise TypeError("fweights must be integer")
        w = _host_weights(fw, "fweights", X._shape[1])
    aw = None
    if aweights is not None:
        aw = _host_weights(aweights, "aweights", X._shape[1])
        w = aw if w is None else w * aw
    wd = None if w is None else _as_array(w, m._device)
    avg, w_sum = average(X, axis=1, weights=wd, returned=True)
    w_sum = w_sum[0].get()[()] if w_sum.ndim else w_sum.get()[()]
    if w is None:
        fact = X._shape[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aw is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * np.sum(w * aw) / w_sum
    if fact <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
        fact = 0.0
    X = _uf("subtract")(X, avg[:, None])
    X_T = X.T if wd is None else _uf("multiply")(X, wd).T
    c = matmul(X, _uf("conjugate")(X_T))
    c = _uf("multiply")(c, np.true_divide(1, fact), out=c, casting="unsafe")
    return c.squeeze()


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients, clipped to [-1, 1] as in NumPy."""
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim != 2:
        return _uf("divide")(c, c)
    n = builtins.min(c._shape)
    d = c._view(c._offset, (n,), (c._strides[0] + c._strides[1],))
    stddev = _uf("sqrt")(d.real)
    c = _uf("divide")(c, stddev[:, None], out=c)
    c = _uf("divide")(c, stddev[None, :], out=c)
    from ._elementwise_functions import clip

    re = c.real
    clip(re, -1, 1, out=re)
    if c._dtype.kind == "c":
        im = c.imag
        clip(im, -1, 1, out=im)
    return c
