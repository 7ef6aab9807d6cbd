"""Rules for reductions and scans: sum, mean, prod, max/min, var, std, cumsum, ...

Reduction rules share one step, ``expand_reduced``: reinsert the reduced axes into the
cotangent so it broadcasts against the input. ``max``/``min`` split the gradient evenly
among tied maxima (as HIPS autograd does); ``prod`` uses exclusive products, so it is
exact when some factors are zero.
"""

from __future__ import annotations

import numpy as np

from ._helpers import expand_reduced, ndim, normalize_axis, ns, reduce_count, shape
from ._registry import composite, jvp_rule, nondiff, vjp_rule
from ._trace import getval


def _spread(g, x, axis, keepdims):
    """Cotangent of a reduction, broadcast back to the input's shape."""
    return ns(g).broadcast_to(expand_reduced(g, x, axis, keepdims), shape(x))


# ---- sum and mean ------------------------------------------------------------------------
def _sum_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, initial=None,
             where=True):
    g = _spread(g, x, axis, keepdims)
    return g if where is True else ns(g).where(where, g, 0.0)


def _sum_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, initial=None,
             where=True):
    return ns(t).sum(t, axis=axis, keepdims=keepdims, where=where)


def _count(x, axis, where):
    if where is True:
        return reduce_count(x, axis)
    xp = ns(where)
    return xp.sum(xp.broadcast_to(where, shape(x)), axis=axis, keepdims=True)


def _mean_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    g = _spread(g, x, axis, keepdims) / _count(x, axis, where)
    return g if where is True else ns(g).where(where, g, 0.0)


def _mean_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    return ns(t).mean(t, axis=axis, keepdims=keepdims, where=where)


vjp_rule(np.sum, _sum_vjp)
jvp_rule(np.sum, _sum_jvp)
vjp_rule(np.mean, _mean_vjp)
jvp_rule(np.mean, _mean_jvp)


def _nan_mask(x):
    return ns(x).isnan(getval(x))


def _nansum_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    return ns(g).where(_nan_mask(x), 0.0, _spread(g, x, axis, keepdims))


def _nansum_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    xp = ns(t)
    return xp.sum(xp.where(_nan_mask(x), 0.0, t), axis=axis, keepdims=keepdims)


def _nancount(x, axis):
    xp = ns(getval(x))
    return xp.sum(~_nan_mask(x), axis=axis, keepdims=True)


def _nanmean_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    g = _spread(g, x, axis, keepdims) / _nancount(x, axis)
    return ns(g).where(_nan_mask(x), 0.0, g)


def _nanmean_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    xp = ns(t)
    total = xp.sum(xp.where(_nan_mask(x), 0.0, t), axis=axis, keepdims=True)
    total = total / _nancount(x, axis)
    return total if keepdims else xp.reshape(total, shape(ans))


vjp_rule(np.nansum, _nansum_vjp)
jvp_rule(np.nansum, _nansum_jvp)
vjp_rule(np.nanmean, _nanmean_vjp)
jvp_rule(np.nanmean, _nanmean_jvp)


# ---- max and min: ties share the gradient -----------------------------------------------
def _argmax_share(ans, x, axis, keepdims):
    """1/k at each of the k positions attaining the extreme value, 0 elsewhere."""
    hit = x == expand_reduced(ans, x, axis, keepdims)
    xp = ns(getval(x))
    # max(count, 1): with initial= larger than every element no element is chosen.
    return hit / xp.maximum(xp.sum(hit, axis=axis, keepdims=True), 1)


def _extreme_vjp(g, ans, x, axis=None, out=None, keepdims=False, **k):
    return expand_reduced(g, x, axis, keepdims) * _argmax_share(ans, x, axis, keepdims)


def _extreme_jvp(t, ans, x, axis=None, out=None, keepdims=False, **k):
    share = _argmax_share(ans, x, axis, keepdims)
    return ns(t).sum(t * share, axis=axis, keepdims=keepdims)


for _f in (np.max, np.min, np.amax, np.amin, np.nanmax, np.nanmin):
    vjp_rule(_f, _extreme_vjp)
    jvp_rule(_f, _extreme_jvp)


# ---- prod: exact with zeros --------------------------------------------------------------
def _prod_of_others(x, axis):
    """For every element, the product of the other elements of its reduction group."""
    xp = ns(x)
    xs = shape(x)
    axes = normalize_axis(axis, len(xs))
    keep = [i for i in range(len(xs)) if i not in axes]
    perm = keep + list(axes)
    n = reduce_count(x, axis)
    flat = xp.reshape(xp.transpose(x, perm), tuple(xs[i] for i in keep) + (n,))
    one = xp.ones_like(flat[..., :1])
    before = xp.cumprod(xp.concatenate([one, flat[..., :-1]], axis=-1), axis=-1)
    rev = xp.flip(flat, axis=-1)
    after = xp.flip(xp.cumprod(xp.concatenate([one, rev[..., :-1]], axis=-1), axis=-1),
                    axis=-1)
    others = xp.reshape(before * after, tuple(xs[i] for i in perm))
    return xp.transpose(others, tuple(np.argsort(perm)))


def _prod_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    return expand_reduced(g, x, axis, keepdims) * _prod_of_others(x, axis)


def _prod_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    return ns(t).sum(t * _prod_of_others(x, axis), axis=axis, keepdims=keepdims)


vjp_rule(np.prod, _prod_vjp)
jvp_rule(np.prod, _prod_jvp)


# ---- var and std -------------------------------------------------------------------------
def _ddof(ddof, correction):
    return correction if correction is not None else ddof


def _centered(x, axis):
    return x - ns(x).mean(x, axis=axis, keepdims=True)


def _var_vjp(g, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    return expand_reduced(g, x, axis, keepdims) * (2.0 / n) * _centered(x, axis)


def _var_jvp(t, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    return ns(t).sum(t * _centered(x, axis), axis=axis, keepdims=keepdims) * (2.0 / n)


def _std_vjp(g, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    scale = expand_reduced(g / ans, x, axis, keepdims) / n
    return scale * _centered(x, axis)


def _std_jvp(t, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    return ns(t).sum(t * _centered(x, axis), axis=axis, keepdims=keepdims) / (n * ans)


vjp_rule(np.var, _var_vjp)
jvp_rule(np.var, _var_jvp)
vjp_rule(np.std, _std_vjp)
jvp_rule(np.std, _std_jvp)


# ---- scans -------------------------------------------------------------------------------
def _reverse_cumsum(g, axis):
    xp = ns(g)
    return xp.flip(xp.cumsum(xp.flip(g, axis=axis), axis=axis), axis=axis)


def _cumsum_vjp(g, ans, x, axis=None, dtype=None, out=None):
    if axis is None:
        return ns(g).reshape(_reverse_cumsum(g, 0), shape(x))
    return _reverse_cumsum(g, axis)


def _cumsum_jvp(t, ans, x, axis=None, dtype=None, out=None):
    return ns(t).cumsum(t, axis=axis)


def _shift(v, fill):
    """``v`` moved one place along the last axis, ``fill`` entering at the front."""
    xp = ns(v)
    return xp.concatenate([xp.zeros_like(v[..., :1]) + fill, v[..., :-1]], axis=-1)


def _linear_scan(a, b):
    """``d_j = a_j d_{j-1} + b_j`` (``d_{-1} = 0``) along the last axis, by doubling:
    ``ceil(log2 n)`` rounds of products and sums, no division (Hillis-Steele)."""
    xp = ns(a, b)
    n = shape(b)[-1]
    d = 1
    while d < n:
        b = b + a * xp.concatenate([xp.zeros_like(b[..., :d]), b[..., :-d]], axis=-1)
        a = a * xp.concatenate([xp.zeros_like(a[..., :d]), a[..., :-d]], axis=-1)
        d *= 2
    return b


def _exclusive_cumprod(x):
    """``prod_{k<j} x_k`` along the last axis."""
    return ns(x).cumprod(_shift(x, 1.0), axis=-1)


def _cumprod_last_vjp(g, x):
    # dx_i = P_{<i} * S_i with S_i = g_i + x_{i+1} S_{i+1}: a reverse linear scan.
    xp = ns(g, x)
    s = xp.flip(_linear_scan(_shift(xp.flip(x, axis=-1), 0.0), xp.flip(g, axis=-1)),
                axis=-1)
    return _exclusive_cumprod(x) * s


def _cumprod_last_jvp(t, x):
    # dy_j = x_j dy_{j-1} + P_{<j} t_j.
    return _linear_scan(x, _exclusive_cumprod(x) * t)


def _cumprod_vjp(g, ans, x, axis=None, dtype=None, out=None):
    """Division-free, so exact (to every order) where elements of ``x`` are zero:
    ``dx_i = prod_{k<i} x_k * sum_{j>=i} g_j prod_{i<k<=j} x_k``, the inner sums by a
    linear scan (O(n log n) elementwise work)."""
    xp = ns(g, x)
    if axis is None or ndim(x) == 0:
        return xp.reshape(_cumprod_last_vjp(g, xp.reshape(x, (-1,))), shape(x))
    g, x = xp.moveaxis(g, axis, -1), xp.moveaxis(x, axis, -1)
    return xp.moveaxis(_cumprod_last_vjp(g, x), -1, axis)


def _cumprod_jvp(t, ans, x, axis=None, dtype=None, out=None):
    xp = ns(t, x)
    if axis is None or ndim(x) == 0:
        return _cumprod_last_jvp(xp.reshape(t, (-1,)), xp.reshape(x, (-1,)))
    t, x = xp.moveaxis(t, axis, -1), xp.moveaxis(x, axis, -1)
    return xp.moveaxis(_cumprod_last_jvp(t, x), -1, axis)


vjp_rule(np.cumsum, _cumsum_vjp)
jvp_rule(np.cumsum, _cumsum_jvp)
vjp_rule(np.cumprod, _cumprod_vjp)
jvp_rule(np.cumprod, _cumprod_jvp)


def _cumulative(scan, fill):
    def impl(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
        xp = ns(x)
        if axis is None:
            axis = 0
        out = scan(x, axis=axis)
        if include_initial:
            first = fill(xp.take(out, [0], axis=axis))
            out = xp.concatenate([first, out], axis=axis)
        return out
    return impl


composite(np.cumulative_sum, _cumulative(np.cumsum, lambda a: np.zeros_like(a)))
composite(np.cumulative_prod, _cumulative(np.cumprod, lambda a: np.ones_like(a)))


# ---- compositions ------------------------------------------------------------------------
def _average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    xp = ns(a, weights)
    if weights is None:
        avg = xp.mean(a, axis=axis, keepdims=keepdims)
        scl = xp.ones_like(getval(avg)) * (reduce_count(a, axis) * 1.0)
    else:
        w = weights
        if shape(w) != shape(a):
            # 1-D weights along a single axis.
            ax = axis % len(shape(a))
            w = xp.reshape(w, tuple(shape(w)[0] if i == ax else 1
                                    for i in range(len(shape(a)))))
            w = xp.broadcast_to(w, shape(a))
        scl = xp.sum(w, axis=axis, keepdims=keepdims)
        avg = xp.sum(a * w, axis=axis, keepdims=keepdims) / scl
    return (avg, scl) if returned else avg


def _ptp(a, axis=None, out=None, keepdims=False):
    xp = ns(a)
    return xp.max(a, axis=axis, keepdims=keepdims) - xp.min(a, axis=axis, keepdims=keepdims)


def _median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _quantile(a, 0.5, axis=axis, keepdims=keepdims)


def _quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
              keepdims=False, *, weights=None, interpolation=None):
    """Linear interpolation between order statistics (NumPy's default method)."""
    if method != "linear" or weights is not None:
        raise NotImplementedError("autodiff: quantile is differentiable for "
                                  "method='linear' without weights only")
    xp = ns(a)
    nd = len(shape(a))
    if axis is None:
        s = xp.sort(xp.reshape(a, (-1,)))
        ax = 0
    else:
        ax = normalize_axis(axis, nd)
        if len(ax) != 1:
            raise NotImplementedError("autodiff: quantile over several axes")
        ax = ax[0]
        s = xp.sort(a, axis=ax)
    n = shape(s)[ax]
    qv = np.asarray(getval(q) if not isinstance(q, (int, float)) else q, dtype=float)
    pos = qv * (n - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, n - 1)
    frac = pos - lo
    s = xp.moveaxis(s, ax, 0)
    res = s[lo] * (1 - frac.reshape(frac.shape + (1,) * (s.ndim - 1))) + \
        s[hi] * frac.reshape(frac.shape + (1,) * (s.ndim - 1))
    if keepdims:
        full = list(shape(a)) if axis is not None else [1] * nd
        for i in ([ax] if axis is not None else range(nd)):
            full[i] = 1
        res = xp.reshape(res, qv.shape + tuple(full))
    return res


def _percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, weights=None, interpolation=None):
    return _quantile(a, np.asarray(getval(q)) / 100.0, axis=axis, method=method,
                     keepdims=keepdims, weights=weights)


composite(np.average, _average)
composite(np.ptp, _ptp)
composite(np.median, _median)
composite(np.quantile, _quantile)
composite(np.percentile, _percentile)

nondiff(np.argmax, np.argmin, np.nanargmax, np.nanargmin, np.all, np.any,
        np.count_nonzero)
