"""Rules for shape functions, joining/splitting, and indexing.

All of these are linear, so each forward rule is the function applied to the tangent.
Functions that only select or repeat elements (``pad``'s copying modes, ``tile``,
``repeat``, ``take``, ``diag``, ``tril``, ...) share one reverse rule, ``gather``: run the
function on the index array ``1..n`` to learn which input element each output element came
from (0 for inserted zeros), then add the cotangent back at those places. ``pad``'s modes
that combine elements (``linear_ramp``, ``mean``, odd reflection) go back through NumPy's
own pad of the identity, one axis at a time.
"""

from __future__ import annotations

import numpy as np

from . import _ops
from ._helpers import base_ns, ndim, ns, shape, unbroadcast, unique_index
from ._registry import composite, jvp_rule, nondiff, vjp_rule
from ._box import primal
from ._trace import apply, getval, primitive


def linear(func, vjp, argnum=0, nondiff_args=()):
    """``func`` is linear in argument ``argnum``; forward rule: ``func`` on the tangent."""
    def jvp(t, ans, *a, **k):
        a = list(a)
        a[argnum] = t
        return func(*a, **k)
    vjps = [None] * argnum + [vjp]
    jvps = [None] * argnum + [jvp]
    vjp_rule(func, *vjps, nondiff=nondiff_args)
    jvp_rule(func, *jvps)


def _call(fn, *args):
    """Our own primitives (index_put/index_add), traced when any argument is."""
    return apply(fn, args, {})


# ---- reshaping ---------------------------------------------------------------------------
def _reshape_vjp(g, ans, x, *a, order="C", **k):
    if len(a) > 1:
        order = a[1]
    if order == "C":
        return ns(g).reshape(g, shape(x))
    return ns(g).reshape(g, shape(x), order=order)


linear(np.reshape, _reshape_vjp)
linear(np.ravel, lambda g, ans, x, order="C": _reshape_vjp(g, ans, x, order=order))
linear(np.squeeze, lambda g, ans, x, axis=None: ns(g).reshape(g, shape(x)))
linear(np.expand_dims, lambda g, ans, x, axis: ns(g).reshape(g, shape(x)))
linear(np.copy, lambda g, ans, x, *a, **k: g)
linear(np.astype, lambda g, ans, x, dtype, *a, **k: ns(g).astype(g, getval(x).dtype)
       if hasattr(getval(x), "dtype") else g)


def _transpose_vjp(g, ans, x, axes=None):
    if axes is None:
        return ns(g).transpose(g)
    nd = ndim(x)
    return ns(g).transpose(g, tuple(np.argsort([a % nd for a in axes])))


linear(np.transpose, _transpose_vjp)
linear(np.matrix_transpose, lambda g, ans, x: ns(g).matrix_transpose(g))
linear(np.swapaxes, lambda g, ans, x, a1, a2: ns(g).swapaxes(g, a1, a2))
linear(np.moveaxis, lambda g, ans, x, src, dst: ns(g).moveaxis(g, dst, src))
linear(np.broadcast_to, lambda g, ans, x, *a, **k: unbroadcast(g, x))
linear(np.flip, lambda g, ans, x, axis=None: ns(g).flip(g, axis=axis))


def _rot90_vjp(g, ans, x, k=1, axes=(0, 1)):
    return ns(g).rot90(g, -k, axes=axes)


def _roll_vjp(g, ans, x, shift, axis=None):
    back = tuple(-s for s in shift) if isinstance(shift, (tuple, list)) else -shift
    return ns(g).roll(g, back, axis=axis)


linear(np.rot90, _rot90_vjp)
linear(np.roll, _roll_vjp)


def _atleast(nd):
    def reshaped(a):
        s = shape(a)
        if len(s) >= nd:
            return a
        if nd == 3 and len(s) == 2:
            s = s + (1,)
        elif nd == 3 and len(s) == 1:
            s = (1,) + s + (1,)
        else:
            s = (1,) * (nd - len(s)) + s
        return ns(a).reshape(a, s)

    def impl(*arys):
        out = tuple(reshaped(a) for a in arys)
        return out[0] if len(out) == 1 else out
    return impl


composite(np.atleast_1d, _atleast(1))
composite(np.atleast_2d, _atleast(2))
composite(np.atleast_3d, _atleast(3))
composite(np.fliplr, lambda m: np.flip(m, axis=1))
composite(np.flipud, lambda m: np.flip(m, axis=0))


def _broadcast_arrays(*args, subok=False):
    s = np.broadcast_shapes(*[shape(a) for a in args])
    return tuple(np.broadcast_to(a, s) for a in args)


composite(np.broadcast_arrays, _broadcast_arrays)


def _meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    nd = len(xi)
    outs = []
    for i, x in enumerate(xi):
        s = [1] * nd
        s[i] = -1
        outs.append(ns(x).reshape(x, tuple(s)))
    if indexing == "xy" and nd > 1:
        outs = [ns(o).swapaxes(o, 0, 1) for o in outs]
    if not sparse:
        outs = list(np.broadcast_arrays(*outs))
    return tuple(outs)


composite(np.meshgrid, _meshgrid)


# ---- joining and splitting ---------------------------------------------------------------
def _concatenate_vjp(g, ans, arrays, axis=0, *a, **k):
    xp = ns(g)
    if axis is None:
        pieces, start = [], 0
        for x in arrays:
            n = int(np.prod(shape(x)))
            pieces.append(xp.reshape(g[start:start + n], shape(x)))
            start += n
        return pieces
    ax = axis % ndim(g)
    pieces, start = [], 0
    for x in arrays:
        n = shape(x)[ax]
        pieces.append(g[(slice(None),) * ax + (slice(start, start + n),)])
        start += n
    return pieces


def _stack_vjp(g, ans, arrays, axis=0, *a, **k):
    ax = axis % ndim(g)
    return [g[(slice(None),) * ax + (i,)] for i in range(len(arrays))]


linear(np.concatenate, _concatenate_vjp)
linear(np.stack, _stack_vjp)


def _hstack(tup, *, dtype=None, casting="same_kind"):
    arrs = [np.atleast_1d(a) for a in tup]
    return np.concatenate(arrs, axis=0 if ndim(arrs[0]) == 1 else 1)


def _column_stack(tup):
    arrs = [ns(a).reshape(a, (-1, 1)) if ndim(a) < 2 else a for a in tup]
    return np.concatenate(arrs, axis=1)


composite(np.hstack, _hstack)
composite(np.vstack, lambda tup, **k: np.concatenate([np.atleast_2d(a) for a in tup], 0))
composite(np.dstack, lambda tup: np.concatenate([np.atleast_3d(a) for a in tup], 2))
composite(np.column_stack, _column_stack)


def _append(arr, values, axis=None):
    if axis is None:
        return np.concatenate([np.ravel(arr), np.ravel(values)])
    return np.concatenate([arr, values], axis=axis)


composite(np.append, _append)


def _split_points(n, sections, even):
    if isinstance(sections, (int, np.integer)):
        if even and n % sections:
            raise ValueError("array split does not result in an equal division")
        base, extra = divmod(n, sections)
        sizes = [base + 1] * extra + [base] * (sections - extra)
        return list(np.cumsum([0] + sizes))
    return [0] + [min(max(int(i), 0), n) for i in sections] + [n]


def _splitter(even, default_axis=0):
    def impl(ary, indices_or_sections, axis=default_axis):
        ax = axis % ndim(ary)
        pts = _split_points(shape(ary)[ax], indices_or_sections, even)
        return [ary[(slice(None),) * ax + (slice(a, max(a, b)),)]
                for a, b in zip(pts[:-1], pts[1:])]
    return impl


composite(np.split, _splitter(True))
composite(np.array_split, _splitter(False))
composite(np.vsplit, lambda ary, ios: _splitter(True)(ary, ios, 0))
composite(np.hsplit, lambda ary, ios: _splitter(True)(ary, ios, 1 if ndim(ary) > 1 else 0))
composite(np.dsplit, lambda ary, ios: _splitter(True)(ary, ios, 2))
composite(np.unstack, lambda x, /, *, axis=0: tuple(
    x[(slice(None),) * (axis % ndim(x)) + (i,)] for i in range(shape(x)[axis])))


# ---- gather: functions that select, repeat or zero-fill elements --------------------------
def _source(func, argnum, x, a, k):
    """``func`` applied to the positions 1..n of ``x`` (0 marks an inserted zero)."""
    xp = base_ns(getval(x))
    n = int(np.prod(shape(x)))
    a = list(a)
    a.insert(argnum, xp.reshape(xp.arange(1, n + 1), shape(x)))
    return func(*a, **k), n


def gather(func, argnum=0, nondiff_args=(), fix_kwargs=None):
    """Register ``func`` as a selection of elements of argument ``argnum``.
    ``fix_kwargs(kwargs)`` returns the keywords to use on indices and tangents (e.g. a
    padding constant of 0)."""
    fix = fix_kwargs or (lambda k: k)

    def vjp(g, ans, *a, **k):
        x = a[argnum]
        src, n = _source(func, argnum, x, a[:argnum] + a[argnum + 1:], fix(k))
        xp = ns(g)
        flat = xp.zeros((n + 1,), dtype=g.dtype)
        flat = _call(_ops.index_add, flat, xp.reshape(src, (-1,)), xp.reshape(g, (-1,)))
        return xp.reshape(flat[1:], shape(x))

    def jvp(t, ans, *a, **k):
        a = list(a)
        a[argnum] = t
        return func(*a, **fix(k))

    vjp_rule(func, *([None] * argnum + [vjp]), nondiff=nondiff_args)
    jvp_rule(func, *([None] * argnum + [jvp]))


# ---- pad ---------------------------------------------------------------------------------
_PAD_COPY = ("constant", "edge", "reflect", "symmetric", "wrap", "empty")
_PAD_LINEAR = ("linear_ramp", "mean", "reflect", "symmetric")
_PAD_STAT = {"maximum": np.max, "minimum": np.min, "median": np.median}


def _pad_pairs(v, nd):
    """NumPy's per-axis ``(before, after)`` pairs for a pad argument."""
    if isinstance(v, dict):
        seq = [(0, 0)] * nd
        for axis, w in v.items():
            seq[axis] = (w, w) if isinstance(w, (int, np.integer)) else tuple(w)
        return seq
    return [tuple(r) for r in np.broadcast_to(np.asarray(v), (nd, 2)).tolist()]


@primitive
def _pad_prim(array, pad_width, mode="constant", **kwargs):
    """``np.pad`` for the modes that copy elements (gather rule)."""
    return ns(array).pad(array, pad_width, mode=mode, **kwargs)


def _pad_fix(k):
    """Keywords for padding indices and tangents: constants become 0 and "empty" (whose
    padded values are unspecified and carry no gradient) becomes "constant"."""
    k = dict(k)
    if k.get("mode") == "empty":
        k["mode"] = "constant"
    if "constant_values" in k:
        k["constant_values"] = 0
    if "end_values" in k:
        k["end_values"] = 0
    return k


def _pad_axis_matrix(n, before, after, mode, kw, stat_length):
    """The (before + n + after, n) matrix of padding one axis of length ``n``: NumPy's
    pad applied to the identity (so every special case of NumPy's is reproduced)."""
    k = {}
    if mode in ("reflect", "symmetric"):
        k["reflect_type"] = kw.get("reflect_type", "even")
    elif mode == "mean":
        sl = tuple(n if s is None else s for s in stat_length)
        k["stat_length"] = (sl, sl)
    return np.pad(np.eye(n), ((before, after), (0, 0)), mode=mode, **k)


def _pad_matrix_vjp(g, ans, array, pad_width, mode="constant", **kw):
    """Transpose of a pad that combines elements linearly (``linear_ramp``, ``mean``,
    ``reflect_type="odd"``): NumPy pads one axis after the other, each with the same
    matrix on every line, so the cotangent goes back one axis at a time through the
    pad rows of that matrix (O(size * pad width) work)."""
    xs = shape(array)
    nd = len(xs)
    widths = _pad_pairs(pad_width, nd)
    lengths = _pad_pairs(kw.get("stat_length"), nd)
    xp = ns(g)
    base = base_ns(getval(g))
    for i in reversed(range(nd)):
        b, a = widths[i]
        n = xs[i]
        if not (b or a):
            continue
        mat = _pad_axis_matrix(n, b, a, mode, kw, lengths[i])
        gm = xp.moveaxis(g, i, -1)
        out = gm[..., b:b + n]
        if b:
            out = out + gm[..., :b] @ base.asarray(mat[:b], dtype=g.dtype)
        if a:
            out = out + gm[..., b + n:] @ base.asarray(mat[b + n:], dtype=g.dtype)
        g = xp.moveaxis(out, -1, i)
    return g


@primitive
def _pad_linear_prim(array, pad_width, mode="constant", **kwargs):
    """``np.pad`` for the modes that combine elements linearly."""
    return ns(array).pad(array, pad_width, mode=mode, **kwargs)


vjp_rule(_pad_linear_prim, _pad_matrix_vjp, nondiff=(1, "pad_width", "end_values"))
jvp_rule(_pad_linear_prim, lambda t, ans, array, pad_width, mode="constant", **k:
         _pad_linear_prim(t, pad_width, mode=mode, **_pad_fix(k)))


def _pad_stat(array, pad_width, mode, stat_length=None):
    """maximum/minimum/median padding as NumPy does it, one axis after the other with the
    statistic of the edge chunk, written with differentiable calls (piecewise linear)."""
    nd = ndim(array)
    widths = _pad_pairs(pad_width, nd)
    lengths = _pad_pairs(stat_length, nd)
    stat = _PAD_STAT[mode]
    y = array
    for i in range(nd):
        b, a = widths[i]
        if not (b or a):
            continue
        n = shape(array)[i]
        sb, sa = (n if s is None else min(int(s), n) for s in lengths[i])
        if n == 0 or sb == 0 or sa == 0:
            raise ValueError(f"autodiff: np.pad(mode={mode!r}) needs a nonempty statistic "
                             "region (stat_length >= 1 on a nonempty axis)")
        ym = np.moveaxis(y, i, -1)
        lead = shape(ym)[:-1]
        parts = [np.broadcast_to(stat(ym[..., :sb], axis=-1, keepdims=True), lead + (b,)),
                 ym,
                 np.broadcast_to(stat(ym[..., n - sa:], axis=-1, keepdims=True),
                                 lead + (a,))]
        y = np.moveaxis(np.concatenate(parts, axis=-1), -1, i)
    return y


def _pad(array, pad_width, mode="constant", **kwargs):
    """Every NumPy pad mode: copies (gather rule), linear combinations (transposed
    per-axis pad matrices) and the piecewise-linear statistics (by composition)."""
    if callable(mode):
        raise NotImplementedError("autodiff: np.pad with a callable mode has no derivative "
                                  "rule")
    if mode in _PAD_STAT:
        return _pad_stat(array, pad_width, mode, **kwargs)
    odd = kwargs.get("reflect_type", "even") == "odd"
    if mode in _PAD_COPY and not odd:
        return _pad_prim(array, pad_width, mode=mode, **kwargs)
    if mode in _PAD_LINEAR:
        return _pad_linear_prim(array, pad_width, mode=mode, **kwargs)
    return np.pad(getval(array), pad_width, mode=mode, **kwargs)  # NumPy's own error


gather(_pad_prim, fix_kwargs=_pad_fix, nondiff_args=(1, "pad_width", "constant_values"))
composite(np.pad, _pad)
gather(np.tile, nondiff_args=(1,))
gather(np.repeat, nondiff_args=(1,))
gather(np.take, nondiff_args=(1, "indices"))
gather(np.take_along_axis, nondiff_args=(1, "indices"))
gather(np.lib.stride_tricks.sliding_window_view)   # the backward adds windows back
gather(np.diag)
gather(np.diagonal)
gather(np.tril)
gather(np.triu)
gather(np.delete, nondiff_args=(1,))
gather(np.compress, argnum=1, nondiff_args=(0,))
gather(np.extract, argnum=1, nondiff_args=(0,))
composite(np.linalg.diagonal,
          lambda x, /, *, offset=0: np.diagonal(x, offset=offset, axis1=-2, axis2=-1))


def _sort(a, axis=-1, kind=None, order=None, *, stable=None):
    if order is not None:
        raise NotImplementedError("autodiff: np.sort(order=...) on structured arrays")
    if axis is None:
        a, axis = np.ravel(a), -1
    idx = np.argsort(primal(a), axis=axis, kind=kind, stable=stable)
    return np.take_along_axis(a, idx, axis=axis)


composite(np.sort, _sort)


def _select(condlist, choicelist, default=0):
    result = default
    for cond, choice in zip(reversed(condlist), reversed(choicelist)):
        result = np.where(cond, choice, result)
    return np.broadcast_to(result, np.broadcast_shapes(
        *[shape(c) for c in condlist], *[shape(c) for c in choicelist]))


composite(np.select, _select)


def _diff(a, n=1, axis=-1, prepend=np._NoValue, append=np._NoValue):
    ax = axis % max(ndim(a), 1)
    pieces = []
    if prepend is not np._NoValue:
        pieces.append(np.broadcast_to(prepend, _one_along(a, ax)) if ndim(prepend) == 0
                      else prepend)
    pieces.append(a)
    if append is not np._NoValue:
        pieces.append(np.broadcast_to(append, _one_along(a, ax)) if ndim(append) == 0
                      else append)
    if len(pieces) > 1:
        a = np.concatenate(pieces, axis=ax)
    for _ in range(n):
        hi = a[(slice(None),) * ax + (slice(1, None),)]
        lo = a[(slice(None),) * ax + (slice(None, -1),)]
        a = hi - lo
    return a


def _one_along(a, ax):
    s = list(shape(a))
    s[ax] = 1
    return tuple(s)


composite(np.diff, _diff)


def _trapezoid(y, x=None, dx=1.0, axis=-1):
    ax = axis % ndim(y)
    hi = y[(slice(None),) * ax + (slice(1, None),)]
    lo = y[(slice(None),) * ax + (slice(None, -1),)]
    if x is not None:
        d = np.diff(x)
        if ndim(x) == 1 and ndim(y) > 1:
            d = ns(d).reshape(d, tuple(-1 if i == ax else 1 for i in range(ndim(y))))
    else:
        d = dx
    return np.sum(d * (hi + lo) / 2.0, axis=ax)


composite(np.trapezoid, _trapezoid)


# ---- indexing and item assignment ---------------------------------------------------------
def _fit(g, v):
    """Cotangent of a value assigned with broadcasting (``x[i] = v``) back to ``v``."""
    if ndim(g) < ndim(v):
        return ns(g).reshape(g, shape(v))
    return unbroadcast(g, v)


def _getitem_vjp(g, ans, x, index):
    zeros = ns(g).zeros(shape(x), dtype=g.dtype)
    scatter = _ops.index_put if unique_index(index) else _ops.index_add
    return _call(scatter, zeros, index, g)


vjp_rule(_ops.getitem, _getitem_vjp, nondiff=(1,))
jvp_rule(_ops.getitem, lambda t, ans, x, index: t[index])

def _last_writes(x, index):
    """Boolean mask over ``x[index]``: True where that element is the write that stays in
    ``x[index] = v`` (with repeated indices the last one, as NumPy does). Found by doing
    the same assignment with each element's own position, so it agrees with whatever the
    array library keeps."""
    xp = base_ns(getval(x))
    sel = shape(xp.zeros(shape(x), dtype=bool)[index])
    n = int(np.prod(sel))
    ids = xp.reshape(xp.arange(n), sel)
    owner = xp.full(shape(x), -1, dtype=ids.dtype)
    owner[index] = ids
    return owner[index] == ids


def _index_put_value_vjp(g, ans, x, index, v):
    picked = g[index]
    if not unique_index(index):
        xp = ns(picked)
        picked = xp.where(_last_writes(x, index), picked, xp.zeros_like(picked))
    return _fit(picked, v)


vjp_rule(_ops.index_put,
         lambda g, ans, x, index, v: _call(_ops.index_put, g, index, 0.0),
         None,
         _index_put_value_vjp, nondiff=(1,))
jvp_rule(_ops.index_put,
         lambda t, ans, x, index, v: _call(_ops.index_put, t, index, 0.0),
         None,
         lambda t, ans, x, index, v: _call(
             _ops.index_put, ns(t).zeros(shape(ans), dtype=t.dtype), index, t))

vjp_rule(_ops.index_add,
         lambda g, ans, x, index, v: g,
         None,
         lambda g, ans, x, index, v: _fit(g[index], v), nondiff=(1,))
jvp_rule(_ops.index_add,
         lambda t, ans, x, index, v: t,
         None,
         lambda t, ans, x, index, v: _call(
             _ops.index_add, ns(t).zeros(shape(ans), dtype=t.dtype), index, t))

nondiff(np.argsort, np.argwhere, np.nonzero, np.flatnonzero, np.searchsorted,
        np.digitize, np.shape, np.ndim, np.size, np.result_type, np.can_cast,
        np.isclose, np.allclose, np.array_equal, np.array_equiv, np.min_scalar_type,
        np.isin, np.lexsort, np.argpartition, np.unravel_index, np.ravel_multi_index,
        np.histogram, np.histogram_bin_edges, np.bincount, np.unique_counts,
        np.unique_inverse, np.unique_all, np.iscomplexobj)
composite(np.row_stack, lambda tup, **k: np.vstack(tup))
