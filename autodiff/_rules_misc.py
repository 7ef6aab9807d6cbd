"""Rules by composition for the rest of NumPy's differentiable functions: convolution,
polynomials, statistics (cov, corrcoef, the nan-reductions), interpolation, gradients,
and block assembly. Each is written with differentiable calls, so it gets reverse,
forward and higher-order derivatives from the rules it is built on.
"""

from __future__ import annotations

import numpy as np

from ._helpers import as_bool, base_ns, ndim, normalize_axis, ns, shape
from ._registry import composite, nondiff
from ._box import primal
from ._trace import getval


def _index_base(*xs):
    for x in xs:
        v = getval(x)
        if hasattr(v, "shape"):
            return base_ns(v)
    return np


# ---- convolution -------------------------------------------------------------------------
def _correlate_full(a, v):
    """Full cross-correlation, c[i] = sum_n a_padded[n + i] v[n]."""
    m, n = shape(a)[0], shape(v)[0]
    xp = _index_base(a, v)
    padded = np.pad(a, n - 1)
    idx = xp.arange(m + n - 1)[:, None] + xp.arange(n)[None, :]
    return np.matmul(padded[idx], v)


def _correlate(a, v, mode="valid"):
    m, n = shape(a)[0], shape(v)[0]
    full = _correlate_full(a, v)
    if mode == "full":
        return full
    short, total = min(m, n), m + n - 1
    if mode == "same":
        start, length = short - 1 - short // 2, max(m, n)
    elif mode == "valid":
        start, length = short - 1, max(m, n) - short + 1
    else:
        raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")
    if n > m:  # NumPy swaps the operands and reverses the result
        return full[total - start - length:total - start]
    return full[start:start + length]


def _convolve(a, v, mode="full"):
    if shape(v)[0] > shape(a)[0]:
        a, v = v, a
    return _correlate(a, np.flip(v), mode)


composite(np.correlate, _correlate)
composite(np.convolve, _convolve)


# ---- polynomials -------------------------------------------------------------------------
def _polyval(p, x):
    out = np.zeros_like(x) if ndim(x) else 0.0 * x
    for i in range(shape(p)[0]):
        out = out * x + p[i]
    return out


def _polyadd(a1, a2):
    n = max(shape(a1)[0], shape(a2)[0])
    return np.pad(a1, (n - shape(a1)[0], 0)) + np.pad(a2, (n - shape(a2)[0], 0))


def _polyder(p, m=1):
    for _ in range(m):
        n = shape(p)[0] - 1
        p = p[:-1] * _index_base(p).arange(n, 0, -1)
    return p


def _polyint(p, m=1, k=None):
    ks = [0.0] * m if k is None else (list(k) if isinstance(k, (list, tuple)) else [k] * m)
    for i in range(m):
        n = shape(p)[0]
        p = np.concatenate([p / _index_base(p).arange(n, 0, -1),
                            np.zeros_like(p[:1]) + ks[i]])
    return p


composite(np.polyval, _polyval)
composite(np.polyadd, _polyadd)
composite(np.polysub, lambda a1, a2: _polyadd(a1, -a2))
composite(np.polymul, lambda a1, a2: _convolve(a1, a2))
composite(np.polyder, _polyder)
composite(np.polyint, _polyint)


def _vander(x, N=None, increasing=False):
    n = shape(x)[0] if N is None else N
    powers = _index_base(x).arange(n)
    if not increasing:
        powers = powers[::-1]
    return x[:, None] ** powers


composite(np.vander, _vander)


# ---- statistics --------------------------------------------------------------------------
def _cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None,
         *, dtype=None):
    if fweights is not None or aweights is not None:
        raise NotImplementedError("autodiff: cov with fweights/aweights")
    x = np.atleast_2d(m)
    if not rowvar and shape(x)[0] != 1:
        x = x.T
    if y is not None:
        y = np.atleast_2d(y)
        if not rowvar and shape(y)[0] != 1:
            y = y.T
        x = np.concatenate([x, y], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    x = x - np.mean(x, axis=1, keepdims=True)
    c = (x @ x.T) / (shape(x)[1] - ddof)
    return np.squeeze(c)


def _corrcoef(x, y=None, rowvar=True, *, dtype=None):
    c = _cov(x, y, rowvar)
    if ndim(c) == 0:
        return c / c
    d = np.sqrt(np.diagonal(c))
    return c / d[:, None] / d[None, :]


composite(np.cov, _cov)
composite(np.corrcoef, _corrcoef)


def _nan_filled(a, fill):
    return np.where(np.isnan(primal(a)), fill, a)


def _nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
            mean=None, correction=None):
    ddof = correction if correction is not None else ddof
    ok = ~np.isnan(primal(a))
    count = np.sum(ok, axis=axis, keepdims=True)
    filled = _nan_filled(a, 0.0)
    mu = np.sum(filled, axis=axis, keepdims=True) / count
    dev = np.where(ok, a - mu, 0.0)
    out = np.sum(dev * dev, axis=axis, keepdims=True) / (count - ddof)
    if keepdims:
        return out
    return np.reshape(out, tuple(d for i, d in enumerate(shape(a))
                                 if i not in normalize_axis(axis, ndim(a))))


composite(np.nanprod, lambda a, axis=None, dtype=None, out=None, keepdims=False, **k:
          np.prod(_nan_filled(a, 1.0), axis=axis, keepdims=keepdims))
composite(np.nancumsum, lambda a, axis=None, dtype=None, out=None:
          np.cumsum(_nan_filled(a, 0.0), axis=axis))
composite(np.nancumprod, lambda a, axis=None, dtype=None, out=None:
          np.cumprod(_nan_filled(a, 1.0), axis=axis))
composite(np.nanvar, _nanvar)
composite(np.nanstd, lambda *a, **k: np.sqrt(_nanvar(*a, **k)))


# ---- differences, interpolation, unwrapping ----------------------------------------------
def _ediff1d(ary, to_end=None, to_begin=None):
    flat = np.ravel(ary)
    parts = [flat[1:] - flat[:-1]]
    if to_begin is not None:
        parts.insert(0, np.ravel(np.asarray(to_begin, like=flat) if not hasattr(
            to_begin, "shape") else to_begin))
    if to_end is not None:
        parts.append(np.ravel(np.asarray(to_end, like=flat) if not hasattr(
            to_end, "shape") else to_end))
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


composite(np.ediff1d, _ediff1d)


def _gradient(f, *varargs, axis=None, edge_order=1):
    if edge_order != 1 or any(ndim(v) for v in varargs):
        raise NotImplementedError("autodiff: np.gradient with scalar spacings and "
                                  "edge_order=1")
    axes = normalize_axis(axis, ndim(f))
    spacing = list(varargs) or [1.0]
    if len(spacing) == 1:
        spacing = spacing * len(axes)
    outs = []
    for ax, h in zip(axes, spacing):
        def sl(a, b, ax=ax):
            return f[(slice(None),) * ax + (slice(a, b),)]
        inner = (sl(2, None) - sl(None, -2)) / (2.0 * h)
        first = (sl(1, 2) - sl(0, 1)) / h
        last = (sl(-1, None) - sl(-2, -1)) / h
        outs.append(np.concatenate([first, inner, last], axis=ax))
    return outs[0] if len(outs) == 1 else tuple(outs)


composite(np.gradient, _gradient)


def _interp(x, xp, fp, left=None, right=None, period=None):
    if period is not None:
        raise NotImplementedError("autodiff: np.interp(period=...)")
    n = shape(xp)[0]
    # Knots given as host arrays move to where x lives (as gparray does for mixed calls).
    base = base_ns(getval(x))
    xp, fp = (base.asarray(v) if type(v) is np.ndarray and base is not np else v
              for v in (xp, fp))
    j = np.searchsorted(getval(xp), getval(x), side="right") - 1
    j = np.clip(j, 0, n - 2)
    x0, x1, y0, y1 = xp[j], xp[j + 1], fp[j], fp[j + 1]
    y = y0 + (x - x0) * (y1 - y0) / (x1 - x0)
    y = np.where(x < xp[0], fp[0] if left is None else left, y)
    return np.where(x > xp[-1], fp[-1] if right is None else right, y)


composite(np.interp, _interp)
# unwrap adds constant multiples of the period: its derivative is the identity.
composite(np.unwrap, lambda p, *a, **k: p + (np.unwrap(getval(p), *a, **k) - getval(p)))


# ---- assembly and reshaping --------------------------------------------------------------
def _block(arrays):
    def depth(a):
        return 1 + depth(a[0]) if isinstance(a, list) else 0

    def leaves(a):
        return [x for b in a for x in leaves(b)] if isinstance(a, list) else [a]

    d = depth(arrays)
    nd = max([d] + [ndim(x) for x in leaves(arrays)])

    def rec(a, level):
        if not isinstance(a, list):
            return np.reshape(a, (1,) * (nd - ndim(a)) + shape(a)) if ndim(a) < nd else a
        return np.concatenate([rec(b, level + 1) for b in a], axis=-(d - level))
    return rec(arrays, 0)


composite(np.block, _block)
composite(np.diagflat, lambda v, k=0: np.diag(np.ravel(v), k))
composite(np.rollaxis, lambda a, axis, start=0: np.moveaxis(
    a, axis, start if start <= axis % max(ndim(a), 1) else start - 1))
composite(np.resize, lambda a, new_shape: np.reshape(np.tile(
    np.ravel(a), -(-int(np.prod(new_shape)) // max(int(np.prod(shape(a))), 1)))[
        :int(np.prod(new_shape))], new_shape))


def _trim_zeros(filt, trim="fb", axis=None):
    nz = np.flatnonzero(getval(filt))
    if nz.shape[0] == 0:
        return filt[:0]
    lo = int(nz[0]) if "f" in trim else 0
    hi = int(nz[-1]) + 1 if "b" in trim else shape(filt)[0]
    return filt[lo:hi]


composite(np.trim_zeros, _trim_zeros)
composite(np.real_if_close, lambda a, tol=100: a)
composite(np.asfortranarray, lambda a, dtype=None, **k: a if dtype is None
          else np.astype(a, dtype))
composite(np.require, lambda a, dtype=None, requirements=None, **k: a if dtype is None
          else np.astype(a, dtype))


def _asarray_chkfinite(a, dtype=None, order=None):
    if not np.all(np.isfinite(getval(a))):
        raise ValueError("array must not contain infs or NaNs")
    return a if dtype is None else np.astype(a, dtype)


composite(np.asarray_chkfinite, _asarray_chkfinite)


def _partition(a, kth, axis=-1, kind="introselect", order=None):
    if axis is None:
        a, axis = np.ravel(a), -1
    idx = np.argpartition(primal(a), kth, axis=axis)
    return np.take_along_axis(a, idx, axis=axis)


composite(np.partition, _partition)


def _apply_along_axis(func1d, axis, arr, *args, **kwargs):
    moved = np.moveaxis(arr, axis, -1)
    outer = shape(moved)[:-1]
    results = [func1d(moved[idx], *args, **kwargs) for idx in np.ndindex(*outer)]
    out = np.stack(results)
    out = np.reshape(out, outer + shape(results[0]))
    if ndim(results[0]) == 0:
        return out
    return np.moveaxis(out, -1, axis % ndim(arr))


def _apply_over_axes(func, a, axes):
    for ax in ([axes] if isinstance(axes, int) else axes):
        res = func(a, ax)
        a = res if ndim(res) == ndim(a) else np.expand_dims(res, ax)
    return a


composite(np.apply_along_axis, _apply_along_axis)
composite(np.apply_over_axes, _apply_over_axes)

nondiff(np.array2string, np.array_repr, np.array_str, np.isscalar, np.iterable,
        np.may_share_memory, np.shares_memory, np.isfortran, np.common_type,
        np.mintypecode, np.einsum_path, np.diag_indices_from, np.tril_indices_from,
        np.triu_indices_from, np.ix_, np.packbits, np.unpackbits, np.save, np.savez,
        np.savez_compressed, np.savetxt, np.histogram2d, np.histogramdd,
        np.datetime_as_string, np.is_busday, np.busday_count, np.busday_offset,
        np.isdtype)


def _unique(ar, return_index=False, return_inverse=False, return_counts=False,
            axis=None, *, equal_nan=True, sorted=True):
    """Values are gathered from the input, so they carry its gradient."""
    if axis is not None:
        raise NotImplementedError("autodiff: np.unique(axis=...)")
    flat = np.ravel(ar)
    res = np.unique(getval(flat), return_index=True, return_inverse=return_inverse,
                    return_counts=return_counts, equal_nan=equal_nan)
    values = flat[res[1]]
    extra = []
    if return_index:
        extra.append(res[1])
    extra.extend(res[2:])
    return (values, *extra) if extra else values


composite(np.unique, _unique)
composite(np.unique_values, lambda x: _unique(x))


def _choose(a, choices, out=None, mode="raise"):
    idx = getval(a)
    if mode == "wrap":
        idx = idx % len(choices)
    elif mode == "clip":
        idx = np.clip(idx, 0, len(choices) - 1)
    result = 0.0
    for i, c in enumerate(choices):
        result = np.where(idx == i, c, result)
    return result


def _insert(arr, obj, values, axis=None):
    """Gather formulation: NumPy's insert applied to position labels of ``arr`` and of
    ``values`` tells where every output element comes from."""
    if axis is None:
        arr, axis = np.ravel(arr), 0
    xp = _index_base(arr)
    n = int(np.prod(shape(arr)))
    pos = xp.reshape(xp.arange(1, n + 1), shape(arr))
    vals_shape = shape(values)
    m = int(np.prod(vals_shape))
    vpos = xp.reshape(xp.arange(1, m + 1), vals_shape)
    from_arr = np.insert(pos, obj, xp.zeros(vals_shape, dtype=pos.dtype), axis=axis)
    from_vals = np.insert(xp.zeros_like(pos), obj, vpos, axis=axis)
    ext_arr = np.concatenate([np.zeros_like(np.ravel(arr)[:1]), np.ravel(arr)])
    ext_vals = np.concatenate([np.zeros_like(np.ravel(values)[:1]) if m else
                               np.zeros_like(ext_arr[:1]), np.ravel(values)])
    return ext_arr[from_arr] + ext_vals[from_vals]


def _piecewise(x, condlist, funclist, *args, **kw):
    conds = [as_bool(c) for c in (
        condlist if isinstance(condlist, (list, tuple)) else [condlist])]
    if len(funclist) == len(conds) + 1:  # "otherwise" function
        rest = np.logical_not(conds[0])
        for c in conds[1:]:
            rest = np.logical_and(rest, np.logical_not(c))
        conds.append(rest)
    y = np.zeros_like(x)
    for cond, fn in zip(conds, funclist):
        if not bool(np.any(cond)):
            continue
        y[cond] = fn(x[cond], *args, **kw) if callable(fn) else fn
    return y


def _poly(seq_of_zeros):
    if ndim(seq_of_zeros) != 1:
        raise NotImplementedError("autodiff: np.poly of a matrix (needs eigenvalues)")
    out = np.ones_like(seq_of_zeros[:1])
    for i in range(shape(seq_of_zeros)[0]):
        out = _convolve(out, np.stack([np.ones_like(seq_of_zeros[i]), -seq_of_zeros[i]]))
    return out


def _polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    if full or w is not None or cov:
        raise NotImplementedError("autodiff: np.polyfit with full/w/cov")
    return np.linalg.lstsq(_vander(x, deg + 1), y)[0]


composite(np.choose, _choose)
composite(np.insert, _insert)
composite(np.piecewise, _piecewise)
composite(np.poly, _poly)
composite(np.polyfit, _polyfit)
