"""Rules for reductions and scans: sum, mean, prod, max/min, var, std, cumsum, ...

Reduction rules share one step, ``expand_reduced``: reinsert the reduced axes into the
cotangent so it broadcasts against the input. ``max``/``min`` split the gradient evenly
among tied maxima (as HIPS autograd does); ``prod`` uses exclusive products and
``cumprod`` a division-free linear scan, so both are exact (to every order) when some
factors are zero. Order statistics (``median``, ``quantile``, ...) keep the library's own
value and put their interpolation weights back through the sort permutation.
"""

from __future__ import annotations

import numpy as np

from ._helpers import (base_ns, dtype_kind, expand_reduced, ndim, normalize_axis, ns,
                       reduce_count, shape)
from ._registry import composite, jvp_rule, nondiff, vjp_rule
from ._box import primal
from ._trace import getval, primitive


def _spread(g, x, axis, keepdims):
    """Cotangent of a reduction, broadcast back to the input's shape."""
    return ns(g).broadcast_to(expand_reduced(g, x, axis, keepdims), shape(x))


# ---- sum and mean ------------------------------------------------------------------------
def _sum_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, initial=None,
             where=True):
    g = _spread(g, x, axis, keepdims)
    return g if where is True else ns(g, where).where(where, g, 0.0)


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
    return g if where is True else ns(g, where).where(where, g, 0.0)


def _mean_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    return ns(t).mean(t, axis=axis, keepdims=keepdims, where=where)


vjp_rule(np.sum, _sum_vjp)
jvp_rule(np.sum, _sum_jvp)
vjp_rule(np.mean, _mean_vjp)
jvp_rule(np.mean, _mean_jvp)


def _nan_mask(x):
    return ns(x).isnan(primal(x))


def _nansum_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    mask, spread = _nan_mask(x), _spread(g, x, axis, keepdims)
    return ns(mask, spread).where(mask, 0.0, spread)      # (the mask may be batched by vmap)


def _nansum_jvp(t, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    mask = _nan_mask(x)
    xp = ns(mask, t)
    return xp.sum(xp.where(mask, 0.0, t), axis=axis, keepdims=keepdims)


def _nancount(x, axis):
    kept = ~_nan_mask(x)
    return ns(kept).sum(kept, axis=axis, keepdims=True)     # (kept may be batched by vmap)


def _nanmean_vjp(g, ans, x, axis=None, dtype=None, out=None, keepdims=False, **k):
    g = _spread(g, x, axis, keepdims) / _nancount(x, axis)
    mask = _nan_mask(x)
    return ns(mask, g).where(mask, 0.0, g)


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
    xp = ns(hit)            # hit's own namespace: under vmap it is a batched array
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


def _conj_centered(x, axis):
    """conj(x - mean): var of complex values is the mean of |x - mean|^2, whose cotangent
    (JAX's convention) is 2 conj(x - mean) g / n."""
    c = _centered(x, axis)
    return ns(c).conjugate(c) if dtype_kind(x) == "c" else c


def _real_sum(v, axis, keepdims):
    s = ns(v).sum(v, axis=axis, keepdims=keepdims)
    return ns(s).real(s) if dtype_kind(s) == "c" else s


def _var_vjp(g, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    return expand_reduced(g, x, axis, keepdims) * (2.0 / n) * _conj_centered(x, axis)


def _var_jvp(t, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    return _real_sum(t * _conj_centered(x, axis), axis, keepdims) * (2.0 / n)


def _std_vjp(g, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    scale = expand_reduced(g / ans, x, axis, keepdims) / n
    return scale * _conj_centered(x, axis)


def _std_jvp(t, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
             correction=None, **k):
    n = reduce_count(x, axis) - _ddof(ddof, correction)
    return _real_sum(t * _conj_centered(x, axis), axis, keepdims) / (n * ans)


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


# ---- order statistics: median, quantile, percentile (and their nan- forms) ---------------
@primitive
def _order_stat(a, name, q, axis, keepdims, kw):
    """``name`` (``"quantile"``, ``"nanmedian"``, ...) of ``a`` in ``a``'s namespace:
    the value is exactly the library's own."""
    f = getattr(ns(a), name)
    if q is None:
        return f(a, axis=axis, keepdims=keepdims, **kw)
    return f(a, q, axis=axis, keepdims=keepdims, **kw)


def _order_weights(a, name, q, axis, kw):
    """Weights ``W`` (shaped ``q.shape + a.shape``) with ``result = sum(W * a)`` over the
    reduced axes: every method combines at most two order statistics, rank ``lo`` and
    ``lo + 1``, with weights that depend only on the count and ``q``. They are read off
    the same function applied to the ranks of ``a`` (NaNs kept for the nan- forms), so
    every method and option is reproduced, on ``a``'s device."""
    v = getval(a)
    xp = base_ns(v)
    xs = shape(v)
    nd = len(xs)
    axes = normalize_axis(axis, nd)
    keep = [i for i in range(nd) if i not in axes]
    perm = keep + list(axes)
    moved_shape = tuple(xs[i] for i in perm)
    flat = xp.reshape(xp.transpose(v, perm), tuple(xs[i] for i in keep) + (-1,))
    rank = xp.argsort(xp.argsort(flat, axis=-1), axis=-1)
    rank = xp.transpose(xp.reshape(rank, moved_shape), tuple(np.argsort(perm)))
    rank = xp.astype(rank, v.dtype)
    probe = xp.where(xp.isnan(v), xp.nan, rank) if name.startswith("nan") else rank
    pos = getval(_order_stat(probe, name, q, axis, True, kw))   # lo + weight of lo + 1
    lo = xp.floor(pos)
    frac = pos - lo
    qnd = ndim(pos) - nd
    rank = xp.reshape(rank, (1,) * qnd + xs)
    return (1 - frac) * (rank == lo) + frac * (rank == lo + 1), qnd, axes


def _order_stat_vjp(g, ans, a, name, q, axis, keepdims, kw):
    w, qnd, axes = _order_weights(a, name, q, axis, kw)
    xp = ns(g)
    kept = tuple(1 if i in axes else d for i, d in enumerate(shape(a)))
    g = xp.reshape(g, shape(w)[:qnd] + kept)
    out = g * w
    return xp.sum(out, axis=tuple(range(qnd))) if qnd else out


def _order_stat_jvp(t, ans, a, name, q, axis, keepdims, kw):
    w, qnd, axes = _order_weights(a, name, q, axis, kw)
    xp = ns(t)
    out = xp.sum(w * t, axis=tuple(qnd + i for i in axes), keepdims=True)
    return xp.reshape(out, shape(ans))


vjp_rule(_order_stat, _order_stat_vjp, nondiff=(1, 2))
jvp_rule(_order_stat, _order_stat_jvp)


def _order_stat_of(name, has_q):
    """Every method (``"linear"``, ``"inverted_cdf"``, ``"nearest"``, ...): the result is
    at most two order statistics mixed with weights fixed by the data's order, so the
    derivative is those weights put back through the sort permutation (piecewise
    constant in ``a``, jumping where the order or a discrete method's choice changes;
    at ties one of the tied elements gets the weight). ``weights=`` (inverted_cdf) is a
    constant."""
    if has_q:
        def impl(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                 keepdims=False, *, weights=None, interpolation=None):
            kw = {"method": method}
            if weights is not None:
                kw["weights"] = getval(weights)
            if interpolation is not None:
                kw["interpolation"] = interpolation
            return _order_stat(a, name, getval(q), axis, keepdims, kw)
    else:
        def impl(a, axis=None, out=None, overwrite_input=False, keepdims=False):
            return _order_stat(a, name, None, axis, keepdims, {})
    return impl


composite(np.average, _average)
composite(np.ptp, _ptp)
for _name, _has_q in (("median", False), ("nanmedian", False), ("quantile", True),
                      ("percentile", True), ("nanquantile", True),
                      ("nanpercentile", True)):
    composite(getattr(np, _name), _order_stat_of(_name, _has_q))

nondiff(np.argmax, np.argmin, np.nanargmax, np.nanargmin, np.all, np.any,
        np.count_nonzero)
