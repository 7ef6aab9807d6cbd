"""NaN-ignoring reductions: nansum, nanprod, nanmin, nanmax, nanmean, nanvar, nanstd,
nanargmin, nanargmax (nanmedian/nanpercentile/nanquantile live with the quantiles in
_statistics). nansum, nanprod, nanmin and nanmax are rows of the reduction table: NaNs become
the operation's neutral value as each element loads (nanmin/nanmax combine with fmin/fmax,
which skip NaNs), with no temporary array. Integer input behaves like the plain function.
"""
import warnings

import numpy as np

from . import _statistics
from ._core.ndarray import ndarray
from ._core.operands import device_array
from ._engines import reduction as _reductions, ufuncs
from ._engines.compaction import where
from ._engines.copying import copy_into, select
from ._engines.reduction import reduce_by
from ._runtime import dtypes as _dtypes
from ._core.views import normalize_axis

__all__ = ["nanargmax", "nanargmin", "nanmax", "nanmean", "nanmin", "nanprod", "nanstd", "nansum",
           "nanvar"]


def _replace_nan(a, value):
    """(a with NaNs replaced by ``value``, the NaN mask) — mask None for non-inexact a."""

    a = device_array(a)
    if a._dtype.kind not in "fc":
        return a, None
    mask = ufuncs.isnan(a)
    return where(mask, np.asarray(value, dtype=a._dtype)[()], a), mask


def _kw(**kwargs):
    return {k: v for k, v in kwargs.items() if v is not np._NoValue}


def nansum(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, initial=np._NoValue,
           where=np._NoValue):
    """Sum treating NaNs as zero (the map of the reduction table's nansum row)."""
    return reduce_by("nansum", a, axis, dtype, out, keepdims, initial, where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, initial=np._NoValue,
            where=np._NoValue):
    """Product treating NaNs as one."""
    return reduce_by("nanprod", a, axis, dtype, out, keepdims, initial, where)


def nanmin(a, axis=None, out=None, keepdims=np._NoValue, initial=np._NoValue,
           where=np._NoValue):
    """Minimum ignoring NaNs (an fmin reduction); an all-NaN slice gives NaN with a
    RuntimeWarning."""
    return reduce_by("nanmin", a, axis, None, out, keepdims, initial, where)


def nanmax(a, axis=None, out=None, keepdims=np._NoValue, initial=np._NoValue,
           where=np._NoValue):
    """Maximum ignoring NaNs (an fmax reduction); an all-NaN slice gives NaN with a
    RuntimeWarning."""
    return reduce_by("nanmax", a, axis, None, out, keepdims, initial, where)


def _nan_arg(which, a, axis, out, keepdims):
    a = device_array(a)
    axis = _reductions.zero_d_axis(axis, a.ndim)
    if a._dtype.kind in "fc" and a.size:
        # an all-NaN slice: as many NaNs as elements (counted as they load, no mask array)
        n = a.size if axis is None else a.shape[normalize_axis(axis, a.ndim)]
        if bool(_reductions.any(ufuncs.equal(reduce_by("count_nan", a, axis), n))):
            raise ValueError("All-NaN slice encountered")
    return _reductions._arg(which, a, axis, out,
                            False if keepdims is np._NoValue else keepdims, skip_nan=True)


def nanargmin(a, axis=None, out=None, *, keepdims=np._NoValue):
    """Index of the smallest non-NaN value; ValueError for an all-NaN slice."""
    return _nan_arg("min", a, axis, out, keepdims)


def nanargmax(a, axis=None, out=None, *, keepdims=np._NoValue):
    """Index of the largest non-NaN value; ValueError for an all-NaN slice."""
    return _nan_arg("max", a, axis, out, keepdims)


def _divide_by_count(a, b, out=None):
    target = a if out is None else out
    if not target._device.has_fp64:     # float32 / int64 counts would need float64
        b = b.astype(target._dtype) if isinstance(b, ndarray) else b
    return ufuncs.divide(a, b, out=target, casting="unsafe")


def _check_inexact(dtype, out):
    if dtype is not None and np.dtype(dtype).kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    if out is not None and out.dtype.kind not in "fc":
        raise TypeError("If a is inexact, then out must be inexact")


def nanmean(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, *, where=np._NoValue):
    """Mean of the non-NaN values; an all-NaN slice gives NaN with a RuntimeWarning. The sum
    and the NaN count are rows of the reduction table (nansum, count_nan): no temporary of
    ``a``'s size."""

    a = device_array(a)
    kw = _kw(keepdims=keepdims, where=where)
    if a._dtype.kind not in "fc":
        return _reductions.mean(a, axis=axis, dtype=dtype, out=out, **kw)
    _check_inexact(dtype, out)
    axis = _reductions.zero_d_axis(axis, a.ndim)    # NumPy's nansum takes axis 0 of 0-d
    keep = kw.get("keepdims", False)
    mask = kw.get("where", True)
    cnt = ufuncs.subtract(_statistics._count(a, axis, keep, mask),
                          reduce_by("count_nan", a, axis, keepdims=keep, where=mask))
    tot = reduce_by("nansum", a, axis, dtype, out, keep, where=mask)
    avg = _divide_by_count(tot, cnt, out=out)
    if bool(ufuncs.equal(cnt, 0).any()):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    return avg


def _nanvar(a, axis, dtype, out, ddof, keepdims, where, mean, correction):
    a = device_array(a)
    if a._dtype.kind not in "fc":
        return _statistics._var(a, axis, dtype, out, _statistics._ddof(ddof, correction),
                                False if keepdims is np._NoValue else keepdims,
                                True if where is np._NoValue else where, mean)
    _check_inexact(dtype, out)
    axis = _reductions.zero_d_axis(axis, a.ndim)    # NumPy's nansum takes axis 0 of 0-d
    ddof = _statistics._ddof(ddof, correction)
    if where is np._NoValue or where is True:
        var, cnt = _nan_sum_sq_dev(a, axis, dtype, out, keepdims, mean)
    else:
        var, cnt = _masked_sum_sq_dev(a, axis, dtype, out, keepdims, where, mean)
    if var.ndim < cnt.ndim:
        cnt = cnt.squeeze(axis)
    dof = ufuncs.subtract(cnt, ddof)
    var = _divide_by_count(var, dof)
    isbad = ufuncs.less_equal(dof, 0)
    if bool(isbad.any()):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=3)
        var = select(isbad, np.asarray(np.nan, dtype=var._dtype)[()], var) if out is None \
            else _assign_where(var, isbad)
    return var


def _nan_sum_sq_dev(a, axis, dtype, out, keepdims, mean):
    """(sum of the squared deviations of the non-NaN values from their mean, their count with
    keepdims): the table's nansum, count_nan and nan_sum_sq_dev rows, no temporary of a's
    size."""

    cnt = ufuncs.subtract(_statistics._count(a, axis, True, True),
                          reduce_by("count_nan", a, axis, keepdims=True))
    avg = mean if mean is not np._NoValue else \
        _divide_by_count(reduce_by("nansum", a, axis, dtype, keepdims=True), cnt)
    half = dtype is None and a._dtype == _dtypes.float16
    var = reduce_by("nan_sum_sq_dev", a, axis, _dtypes.float16 if half else dtype, out,
                    keepdims, center=_statistics._center(avg, a, axis))
    return var, cnt


def _masked_sum_sq_dev(a, axis, dtype, out, keepdims, where, mean):
    """As _nan_sum_sq_dev with a where= mask: through NaN-replaced copies."""

    arr, mask = _replace_nan(a, 0)
    cnt = _reductions.sum(ufuncs.logical_not(mask), axis=axis, dtype=np.int64, keepdims=True,
                          where=where)
    if mean is not np._NoValue:
        avg = mean
    else:
        avg = _reductions.sum(arr, axis=axis, dtype=dtype, keepdims=True, where=where)
        avg = _divide_by_count(avg, cnt)
    arr = ufuncs.subtract(arr, avg, casting="unsafe", dtype=arr.dtype)
    arr = select(mask, np.asarray(0, dtype=arr._dtype)[()], arr)
    if arr._dtype.kind == "c":
        sqr = ufuncs.multiply(arr, ufuncs.conjugate(arr)).real
    else:
        sqr = ufuncs.multiply(arr, arr)
    var = _reductions.sum(sqr, axis=axis, dtype=dtype, out=out, **_kw(keepdims=keepdims),
                          where=where)
    return var, cnt


def _assign_where(var, isbad):
    copy_into(var, select(isbad, np.asarray(np.nan, dtype=var._dtype)[()], var))
    return var


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=np._NoValue, *,
           where=np._NoValue, mean=np._NoValue, correction=np._NoValue):
    """Variance of the non-NaN values (``ddof``/``correction`` as in :func:`var`)."""
    return _nanvar(device_array(a), axis, dtype, out, ddof, keepdims, where, mean, correction)


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=np._NoValue, *,
           where=np._NoValue, mean=np._NoValue, correction=np._NoValue):
    """Standard deviation of the non-NaN values."""
    var = _nanvar(device_array(a), axis, dtype, out, ddof, keepdims, where, mean, correction)
    return ufuncs.sqrt(var, out=var)
