"""Statistics on the device: var, std (``ddof`` and the Array API's ``correction``), ptp,
average (weights), cov, corrcoef, and median/percentile/quantile with all of NumPy's
methods. Each follows NumPy's algorithm step by step on device arrays, so result dtypes,
empty-slice warnings and errors are NumPy's.
"""
import builtins
import warnings

import numpy as np

from ._core.ndarray import ndarray
from ._core.operands import device_array
from ._core.views import broadcast_to, normalize_axes
from ._creation import array, asarray, empty, full
from ._elementwise_functions import clip
from ._engines import ufuncs
from ._engines.compaction import where
from ._engines.copying import copy_into
from ._engines.reduction import any as _a, max as _max, mean, min as _min, reduce_by, sum as _s
from ._engines.scan import concat, cumsum
from ._engines.sort import argsort, sort, take_rows
from ._linalg_products import matmul
from ._runtime import dtypes as _dtypes
from ._runtime.dtypes import fit, floating

__all__ = ["average", "corrcoef", "cov", "median", "nanmedian", "nanpercentile", "nanquantile",
           "percentile", "ptp", "quantile", "std", "var"]


def _sum(*args, **kwargs):
    return _s(*args, **kwargs)


def _count(a, axis, keepdims, where):
    """Elements per reduced slice: a Python int, or a device int64 array for a mask."""
    if where is True:
        return int(np.prod([a._shape[i] for i in normalize_axes(axis, a.ndim)], dtype=np.int64))

    mask = broadcast_to(device_array(where, a._device), a._shape)
    return _sum(mask, axis=axis, dtype=np.int64, keepdims=keepdims)


def _any_true(x):
    return bool(_a(x)) if isinstance(x, ndarray) else bool(x)


def _var(a, axis, dtype, out, ddof, keepdims, where, mean):
    rcount = _count(a, axis, keepdims, where)
    too_few = ddof >= rcount if where is True else ufuncs.greater_equal(ddof, rcount)
    if _any_true(too_few):
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)
    if dtype is None and a._dtype.kind in "biu":
        dtype = _dtypes.default_float(a._device)
        a = floating(a)
    elif a._dtype.kind == "b" and np.dtype(dtype).kind == "b":
        # NumPy subtracts the mean in bool: its boolean subtract is refused
        raise TypeError("numpy boolean subtract, the `-` operator, is not supported, use the "
                        "bitwise_xor, the `^` operator, or the logical_xor function instead.")
    elif dtype is not None and np.dtype(dtype).kind == "c" and a._dtype.kind != "c":
        a = a.astype(dtype)     # real data, complex dtype=: NumPy's deviations are complex
    if mean is not np._NoValue and mean is not None:
        arrmean = mean
    else:
        arrmean = _sum(a, axis=axis, dtype=dtype, keepdims=True, where=where)
        div = rcount if where is True else _count(a, axis, True, where)
        arrmean = ufuncs.divide(arrmean, div, out=arrmean, casting="unsafe")
    if where is True:
        # the squared deviations are the reduction table's sum_sq_dev map, reading each
        # slice's mean as its center: no a-sized temporary

        ret = reduce_by("sum_sq_dev", a, axis, _dtypes.float16 if dtype is None and
                        a._dtype == _dtypes.float16 else dtype, out, keepdims,
                        center=_center(arrmean, a, axis))
    else:
        x = ufuncs.subtract(a, arrmean)
        if x._dtype.kind == "c":
            x = ufuncs.add(ufuncs.square(x.real), ufuncs.square(x.imag))
        else:
            x = ufuncs.square(x, out=x)
        ret = _sum(x, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    dof = builtins.max(rcount - ddof, 0) if where is True else \
        ufuncs.maximum(ufuncs.subtract(rcount, ddof), 0)
    return ufuncs.divide(ret, dof, out=ret, casting="unsafe")


def _center(mean, a, axis):
    """``mean`` (keepdims-shaped or broadcastable to it) as the C-contiguous one-value-per-
    slice array that sum_sq_dev reads: float32 for float16/integer means, complex and
    float64 kept."""

    axes = normalize_axes(axis, a.ndim)
    mean = device_array(mean, a._device)
    dt = mean._dtype if mean._dtype in (_dtypes.float32, _dtypes.float64, _dtypes.complex64,
                                        _dtypes.complex128) else _dtypes.float32
    if a._dtype.kind == "c" and dt.kind != "c":
        dt = a._dtype       # a real mean (a real dtype=) of complex data: deviations are complex
    shape = tuple(1 if i in axes else n for i, n in enumerate(a._shape))
    return broadcast_to(mean, shape).astype(dt).reshape(-1)


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
    a = device_array(a)
    return _var(a, axis, dtype, out, _ddof(ddof, correction), keepdims, where, mean)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=np._NoValue, correction=np._NoValue):
    """Standard deviation, the square root of :func:`var`."""
    a = device_array(a)
    ret = _var(a, axis, dtype, out, _ddof(ddof, correction), keepdims, where, mean)
    if out is None and ret.ndim == 0 and ret._dtype.kind not in "fc":
        # NumPy's scalar result takes the root in float and converts back to an integer or
        # bool dtype=; its array results keep sqrt's casting error
        return ufuncs.sqrt(ret).astype(ret._dtype)
    return ufuncs.sqrt(ret, out=ret)


def ptp(a, axis=None, out=None, keepdims=False):
    """Range (maximum - minimum) along ``axis``."""

    a = device_array(a)
    return ufuncs.subtract(_max(a, axis=axis, keepdims=keepdims),
                           _min(a, axis=axis, keepdims=keepdims), out=out)


def average(a, axis=None, weights=None, returned=False, *, keepdims=np._NoValue):
    """Weighted mean; ``weights`` either of ``a``'s shape or 1-d along ``axis``. With
    ``returned``, also the sum of the weights (broadcast to the result's shape)."""

    a = device_array(a)
    if axis is not None:
        axis = normalize_axes(axis, a.ndim)
    kw = {} if keepdims is np._NoValue else {"keepdims": keepdims}
    if weights is None:
        avg = mean(a, axis=axis, **kw)
        scl = full(avg._shape, avg._dtype.type(a.size / builtins.max(avg.size, 1))
                   if avg.size else 0, dtype=avg._dtype, device=a._device)
    else:
        wgt = device_array(weights, a._device)
        if a._dtype.kind in "biu":
            result_dtype = _dtypes.result_type(a._dtype, wgt._dtype, np.float64)
        else:
            result_dtype = _dtypes.result_type(a._dtype, wgt._dtype)
        result_dtype = fit(result_dtype, a._device)
        if a._shape != wgt._shape:
            if axis is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            if wgt._shape != tuple(a._shape[ax] for ax in axis):
                raise ValueError("Shape of weights must be consistent with shape of a along "
                                 "specified axis.")
            wgt = wgt.transpose(tuple(np.argsort(axis)))
            wgt = wgt.reshape(tuple(s if ax in axis else 1 for ax, s in enumerate(a._shape)))
        scl = _sum(wgt, axis=axis, dtype=result_dtype, **kw)
        if _any_true(ufuncs.equal(scl, 0.0)):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = ufuncs.divide(_sum(ufuncs.multiply(a, wgt, dtype=result_dtype), axis=axis, **kw),
                            scl)
    if returned:
        if scl._shape != avg._shape:
            scl = broadcast_to(scl, avg._shape).copy()
        return avg, scl
    return avg


def _ndmin2(x, dtype):
    x = device_array(x).astype(dtype, copy=False) if isinstance(x, ndarray) else \
        device_array(np.asarray(x, dtype=dtype))
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

    m = device_array(m)
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None:
        y = device_array(y, m._device)
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = _dtypes.result_type(m, np.float64) if y is None else \
            _dtypes.result_type(m, y, np.float64)
        dtype = fit(dtype, m._device)
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
    wd = None if w is None else device_array(w, m._device)
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
    X = ufuncs.subtract(X, avg[:, None])
    X_T = X.T if wd is None else ufuncs.multiply(X, wd).T
    c = matmul(X, ufuncs.conjugate(X_T))
    c = ufuncs.multiply(c, float(np.true_divide(1, fact)), out=c, casting="unsafe")
    return c.squeeze()


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients, clipped to [-1, 1] as in NumPy."""
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim != 2:
        return ufuncs.divide(c, c)
    n = builtins.min(c._shape)
    d = c._view(c._offset, (n,), (c._strides[0] + c._strides[1],))
    stddev = ufuncs.sqrt(d.real)
    c = ufuncs.divide(c, stddev[:, None], out=c)
    c = ufuncs.divide(c, stddev[None, :], out=c)

    re = c.real
    clip(re, -1, 1, out=re)
    if c._dtype.kind == "c":
        im = c.imag
        clip(im, -1, 1, out=im)
    return c


# -- order statistics: median, quantile, percentile and their nan-versions ------------------
# NumPy's quantile methods (Hyndman & Fan), written with np.* calls so that the same rule
# runs on host values (a constant row length) and on device arrays (per-row counts of the
# non-NaN values, for the nan-versions): np.floor etc. dispatch to the device.
def _virtual(n, q, alpha, beta):
    return n * q + (alpha + q * (1 - alpha - beta)) - 1


def _to_boundaries(index, condition):
    previous = np.floor(index)
    gamma = index - previous
    res = np.where(condition(gamma, index), previous, previous + 1).astype(np.intp)
    return np.maximum(res, 0)


_METHODS = {
    "inverted_cdf": (lambda n, q: _to_boundaries(n * q - 1, lambda g, _: g == 0), None),
    "averaged_inverted_cdf": (lambda n, q: n * q - 1,
                              lambda g, _: np.where(g == 0, 0.5, 1.0)),
    "closest_observation": (
        lambda n, q: _to_boundaries(n * q - 1 - 0.5,
                                    lambda g, i: (g == 0) & (np.floor(i) % 2 == 1)), None),
    "interpolated_inverted_cdf": (lambda n, q: _virtual(n, q, 0, 1), lambda g, _: g),
    "hazen": (lambda n, q: _virtual(n, q, 0.5, 0.5), lambda g, _: g),
    "weibull": (lambda n, q: _virtual(n, q, 0, 0), lambda g, _: g),
    "linear": (lambda n, q: (n - 1) * q, lambda g, _: g),
    "median_unbiased": (lambda n, q: _virtual(n, q, 1 / 3.0, 1 / 3.0), lambda g, _: g),
    "normal_unbiased": (lambda n, q: _virtual(n, q, 3 / 8.0, 3 / 8.0), lambda g, _: g),
    "lower": (lambda n, q: np.floor((n - 1) * q).astype(np.intp), None),
    "higher": (lambda n, q: np.ceil((n - 1) * q).astype(np.intp), None),
    "midpoint": (lambda n, q: 0.5 * (np.floor((n - 1) * q) + np.ceil((n - 1) * q)),
                 lambda g, i: np.where(i % 1 == 0, 0., 0.5)),
    "nearest": (lambda n, q: np.around((n - 1) * q).astype(np.intp), None),
}


def _moved_rows(a, axis):
    """(``a`` as a (rows, n) array with the reduced axes last and merged, kept shape, reduced
    axes or None)."""
    if axis is None:
        moved, kept_shape, axes = a.reshape(-1), (), None
    else:
        axes = normalize_axes(axis, a.ndim)
        keep = [i for i in range(a.ndim) if i not in axes]
        kept_shape = tuple(a._shape[i] for i in keep)
        n = int(np.prod([a._shape[i] for i in axes], dtype=np.int64))
        moved = a.transpose(tuple(keep) + axes).reshape(kept_shape + (n,))
    n = moved._shape[-1]
    rows = int(np.prod(kept_shape, dtype=np.int64))
    return moved.reshape(rows, n), kept_shape, axes


def _sorted_rows(a, axis):
    """(sorted (rows, n) contiguous array, kept shape, reduced axes or None)."""

    moved, kept_shape, axes = _moved_rows(a, axis)
    return sort(moved, axis=-1), kept_shape, axes


def _weighted(a, q, axis, weights, nan_mode):
    """The inverted-CDF quantile with weights, as NumPy: sort each row carrying its weights,
    cumulative weights normalised to 1, and the first position whose CDF reaches q."""

    axes = None if axis is None else normalize_axes(axis, a.ndim)
    w = device_array(weights, a._device)
    if a._shape != w._shape:
        if axes is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if w._shape != tuple(a._shape[ax] for ax in axes):
            raise ValueError("Shape of weights must be consistent with shape of a along "
                             "specified axis.")
        w = w.transpose(tuple(np.argsort(axes)))
        w = w.reshape(tuple(s if ax in axes else 1 for ax, s in enumerate(a._shape)))
    if _any_true(ufuncs.less(w, 0)):
        raise ValueError("Weights must be non-negative.")
    moved, kept_shape, axes = _moved_rows(a, axis)
    wmoved, _, _ = _moved_rows(broadcast_to(w, a._shape), axis)
    rows, n = moved._shape
    if n == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    order = argsort(moved, axis=-1).reshape(-1)
    s = take_rows(moved.copy(), order, n).reshape(rows, n)
    ws = take_rows(wmoved.copy(), order, n).reshape(rows, n)
    if nan_mode:
        ws = where(ufuncs.isnan(s), np.asarray(0, dtype=ws._dtype)[()], ws)
    cdf = cumsum(ws, axis=-1, dtype=fit(np.float64, a._device))
    cdf = ufuncs.divide(cdf, cdf[:, -1:])
    if q.dtype.kind == "f":
        cdf = cdf.astype(fit(q.dtype, a._device))
    cdf = where(ufuncs.equal(cdf, 0), np.asarray(-1, dtype=cdf._dtype)[()], cdf)
    qdev = asarray(q.reshape(-1, 1, 1).astype(cdf._dtype), device=a._device)
    below = _sum(ufuncs.less(cdf[None], qdev), axis=-1)           # searchsorted, side="left"
    index = ufuncs.minimum(below, n - 1).reshape(q.shape + (rows,))
    return s, _gather(s, index, q.shape), kept_shape, axes


def _gather(s, idx, qshape):
    """s[row, idx] for each row: ``idx`` is host (qshape) or device (qshape + (rows,))."""

    rows, n = s._shape
    nq = int(np.prod(qshape, dtype=np.int64))
    if isinstance(idx, ndarray):
        table = idx.astype(np.int64).reshape(nq, rows).T.copy()
    else:
        host = np.broadcast_to(np.asarray(idx, dtype=np.int64).reshape(1, nq), (rows, nq))
        table = asarray(np.ascontiguousarray(host), device=s._device)
    if rows == 0 or nq == 0:
        return empty(qshape + (rows,), dtype=s._dtype, device=s._device)
    got = take_rows(s, table, nq, n)
    return got.T.reshape(qshape + (rows,))


def _finish(result, kept_shape, axes, ndim, nq_dims, keepdims, out):
    result = result.reshape(result._shape[:nq_dims] + kept_shape)
    if keepdims:
        shape = list(result._shape[:nq_dims])
        k = iter(kept_shape)
        shape += [1 if axes is None or i in axes else next(k) for i in range(ndim)]
        result = result.reshape(tuple(shape))
    if out is not None:
        copy_into(out, result)
        return out
    return result


def _quantile(a, q, axis, out, method, keepdims, weak_q, nan_mode, weights):
    if q.ndim > 2:
        raise ValueError("q must be a scalar or 1d")
    keepdims = False if keepdims is np._NoValue else keepdims
    inexact = a._dtype.kind == "f"
    nan_mode = nan_mode and inexact
    if weights is not None:
        s, result, kept_shape, axes = _weighted(a, q, axis, weights, nan_mode)
        return _nan_rows(s, result, nan_mode, kept_shape, axes, a.ndim, q.ndim, keepdims, out)
    try:
        get_virtual, fix_gamma = _METHODS[method]
    except KeyError:
        raise ValueError(f"{method!r} is not a valid method. Use one of: "
                         f"{_METHODS.keys()}") from None
    s, kept_shape, axes = _sorted_rows(a, axis)
    rows, n = s._shape
    if nan_mode and n == 0:
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
        return _finish(full(q.shape + (rows,), np.nan, dtype=a._dtype, device=a._device),
                       kept_shape, axes, a.ndim, q.ndim, keepdims, out)
    if n == 0 and not nan_mode:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    qshape = q.shape
    if q.dtype.kind == "f":
        q = q.astype(fit(q.dtype, a._device))
    if not a._device.has_fp64 and s._dtype.kind in "iu":
        s = floating(s)         # NumPy interpolates integers in float64
    if nan_mode:
        valid = _sum(ufuncs.logical_not(ufuncs.isnan(s)), axis=-1)
        # NumPy's per-slice row length is a Python int (weak): keep q's precision
        count = valid.astype(fit(np.result_type(q, 1), a._device)).reshape(
            (1,) * q.ndim + (rows,))
        qq = asarray(q.reshape(qshape + (1,)), device=a._device)
    else:
        count, qq = n, q
    virtual = get_virtual(count, qq)
    vdtype = virtual.dtype
    last = ufuncs.subtract(count, 1) if nan_mode else n - 1
    last_index = ufuncs.subtract(valid, 1).reshape(count._shape) if nan_mode else n - 1
    if fix_gamma is None or (method == "linear" and vdtype.kind in "iu"):
        idx = virtual
        if nan_mode:
            idx = np.minimum(np.maximum(idx, 0), builtins.max(n - 1, 0))
        result = _gather(s, idx, qshape)
    else:
        previous = np.floor(virtual)
        above = virtual >= last
        below = virtual < 0
        prev_np = np.where(below, 0, np.where(above, -1, previous)).astype(np.intp)
        next_np = np.where(below, 0, np.where(above, -1, previous + 1)).astype(np.intp)
        if not nan_mode:
            nan_v = np.isnan(virtual)
            prev_np = np.where(nan_v, -1, prev_np)
            next_np = np.where(nan_v, -1, next_np)
        # virtual - floor(virtual) is exact in virtual's own precision (no float64 needed)
        gamma = fix_gamma(virtual - prev_np.astype(vdtype), virtual)
        gamma = gamma.astype(vdtype) if isinstance(gamma, ndarray) else \
            np.asanyarray(gamma, dtype=vdtype)

        def real_index(i):
            return np.where(i < 0, last_index, i)

        lo = _gather(s, real_index(prev_np), qshape)
        hi = _gather(s, real_index(next_np), qshape)
        if weak_q:
            if isinstance(gamma, ndarray):
                t = gamma.astype(_dtypes.result_type(s._dtype, 1.0))
            else:
                t = float(gamma)
        elif isinstance(gamma, ndarray):
            t = gamma
        else:
            t = asarray(np.asarray(gamma).reshape(qshape + (1,)), device=a._device)
        diff = ufuncs.subtract(hi, lo)
        low_side = ufuncs.add(lo, ufuncs.multiply(diff, t))
        one_minus_t = 1 - t if isinstance(t, float) else ufuncs.subtract(1, t)
        high_side = ufuncs.subtract(hi, ufuncs.multiply(diff, one_minus_t),
                                    dtype=low_side._dtype, casting="unsafe")
        if isinstance(t, float):
            result = high_side if t >= 0.5 else low_side
        else:
            result = where(ufuncs.greater_equal(t, 0.5), high_side, low_side)
    return _nan_rows(s, result, nan_mode, kept_shape, axes, a.ndim, q.ndim, keepdims, out)


def _nan_rows(s, result, nan_mode, kept_shape, axes, ndim, qdim, keepdims, out):
    """NaN for the rows NumPy gives NaN (a NaN anywhere; all NaN for the nan-versions, with
    its warning), then the result's final shape."""

    rows = s._shape[0]
    if nan_mode and rows:
        empty_rows = ufuncs.isnan(s[:, 0])          # NaNs sort last: all NaN iff the first is
        if bool(empty_rows.any()):
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=4)
            nan = np.asarray(np.nan, dtype=result._dtype)[()]
            result = where(empty_rows, nan, result)
    elif s._dtype.kind == "f" and rows:
        tail = s[:, -1]
        result = where(ufuncs.isnan(tail), tail, result)
    return _finish(result, kept_shape, axes, ndim, qdim, keepdims, out)


def _check_weights_method(weights, method):
    if weights is not None and method != "inverted_cdf":
        raise ValueError(f"Only method 'inverted_cdf' supports weights. Got: {method}.")


def _host_q(q):
    return np.asanyarray(q.get() if isinstance(q, ndarray) else q)


def _check_real(a):
    a = device_array(a)
    if a._dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    return a


def _valid_q(q):
    return q.size == 0 or bool(np.all((q >= 0) & (q <= 1)))


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None):
    """q-th quantiles (q in [0, 1]) along ``axis`` with any of NumPy's 13 methods, from a
    device sort. The dimensions of ``q`` come first in the result."""
    a = _check_real(a)
    weak_q = type(q) in (int, float)
    q = _host_q(q)
    if not _valid_q(q):
        raise ValueError("Quantiles must be in the range [0, 1]")
    _check_weights_method(weights, method)
    return _quantile(a, q, axis, out, method, keepdims, weak_q, False, weights)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None):
    """q-th percentiles (q in [0, 100]); see :func:`quantile`."""
    a = _check_real(a)
    weak_q = type(q) in (int, float)
    q = np.true_divide(_host_q(q), 100)
    if not _valid_q(q):
        raise ValueError("Percentiles must be in the range [0, 100]")
    _check_weights_method(weights, method)
    return _quantile(a, q, axis, out, method, keepdims, weak_q, False, weights)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=np._NoValue, *, weights=None):
    """Quantiles of the non-NaN values; an all-NaN slice gives NaN with a RuntimeWarning."""
    a = _check_real(a)
    weak_q = type(q) in (int, float)
    q = _host_q(q)
    if not _valid_q(q):
        raise ValueError("Quantiles must be in the range [0, 1]")
    _check_weights_method(weights, method)
    return _quantile(a, q, axis, out, method, keepdims, weak_q, True, weights)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=np._NoValue, *, weights=None):
    """Percentiles of the non-NaN values; see :func:`nanquantile`."""
    a = _check_real(a)
    weak_q = type(q) in (int, float)
    q = np.true_divide(_host_q(q), 100)
    if not _valid_q(q):
        raise ValueError("Percentiles must be in the range [0, 100]")
    _check_weights_method(weights, method)
    return _quantile(a, q, axis, out, method, keepdims, weak_q, True, weights)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median along ``axis``: the mean of the middle one or two sorted values (so integers
    give float64); NaN for a slice containing NaN."""

    a = device_array(a)
    s, kept_shape, axes = _sorted_rows(a, axis)
    rows, n = s._shape
    half = n // 2
    middle = s[:, half:half + 1] if n % 2 else s[:, builtins.max(half - 1, 0):half + 1]
    result = mean(middle, axis=-1)
    if s._dtype.kind in "fc" and n and rows:
        tail = s[:, -1]     # NaNs sort last; NumPy's result is that last value itself
        result = where(ufuncs.isnan(tail), tail.astype(result._dtype), result)
    return _finish(result, kept_shape, axes, a.ndim, 0, keepdims, out)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=np._NoValue):
    """Median of the non-NaN values; an all-NaN slice gives NaN with a RuntimeWarning."""

    a = device_array(a)
    keepdims = False if keepdims is np._NoValue else keepdims
    if a._dtype.kind not in "fc":
        return median(a, axis=axis, out=out, keepdims=keepdims)
    s, kept_shape, axes = _sorted_rows(a, axis)       # NaNs sort last
    rows, n = s._shape
    if n == 0 or rows == 0:
        if rows:
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=2)
        result = full((rows,), np.nan, dtype=a._dtype, device=a._device)
        return _finish(result, kept_shape, axes, a.ndim, 0, keepdims, out)
    valid = _sum(ufuncs.logical_not(ufuncs.isnan(s)), axis=-1)
    low = ufuncs.maximum(ufuncs.floor_divide(ufuncs.subtract(valid, 1), 2), 0)
    high = ufuncs.floor_divide(valid, 2)
    high = ufuncs.minimum(high, n - 1)
    pair = [_gather(s, i, ()) for i in (low, high)]
    if a._dtype == np.float16:      # NumPy's mean of float16 adds in float32
        pair = [p.astype(np.float32) for p in pair]
    result = ufuncs.divide(ufuncs.add(*pair), 2).astype(a._dtype)
    empty_rows = ufuncs.equal(valid, 0)
    if bool(empty_rows.any()):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=2)
        result = where(empty_rows, np.asarray(np.nan, dtype=a._dtype)[()], result)
    return _finish(result, kept_shape, axes, a.ndim, 0, keepdims, out)
