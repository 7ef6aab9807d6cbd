"""Helpers shared by the rules: the namespace of the inputs and the broadcasting logic.

Rules never name ``numpy`` for computation: they call ``ns(x).cos(x)``, so on gparray
inputs the work stays on the device, and on traced inputs (higher-order derivatives) it is
traced again.
"""

from __future__ import annotations

import numpy as np

from ._box import Box, getval

_HOST_SCALARS = (np.generic, float, int, complex, bool)


def base_ns(v):
    """Namespace of a plain (untraced) value: its ``__array_namespace__``, else NumPy."""
    if type(v) is np.ndarray or isinstance(v, _HOST_SCALARS):
        return np
    get = getattr(v, "__array_namespace__", None)
    return get() if get is not None else np


def ns(*xs):
    """Namespace for computing with ``xs``: traced if any is traced, else that of the
    first array that has one (gparray on the device), else NumPy."""
    for x in xs:
        if type(x) is Box:
            return x.__array_namespace__()
    for x in xs:
        if type(x) is not np.ndarray and not isinstance(x, _HOST_SCALARS):
            get = getattr(x, "__array_namespace__", None)
            if get is not None:
                return get()
    return np


def shape(x):
    s = getattr(x, "shape", None)
    return tuple(s) if s is not None else np.shape(x)


def ndim(x):
    return len(shape(x))


def dtype_kind(x):
    dt = getattr(x, "dtype", None)
    if dt is None:
        return "c" if isinstance(x, complex) else "f"
    return dt.kind


def unbroadcast(g, x):
    """Sum ``g`` over the axes along which ``x`` was broadcast, back to ``x``'s shape
    (and to a real cotangent for a real ``x``)."""
    xs, gs = shape(x), shape(g)
    if gs != xs:
        xp = ns(g)
        lead = len(gs) - len(xs)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, d in enumerate(xs) if d == 1 and gs[lead + i] != 1)
        if axes:
            g = xp.sum(g, axis=axes)
        if shape(g) != xs:
            g = xp.reshape(g, xs)
    if dtype_kind(g) == "c" and dtype_kind(x) != "c":
        g = ns(g).real(g)
    return g


def broadcast_like(t, ans):
    """``t`` broadcast to the shape of ``ans`` (tangents of broadcast inputs)."""
    s = shape(ans)
    if shape(t) != s:
        t = ns(t).broadcast_to(t, s)
    return t


def normalize_axis(axis, nd):
    """``axis`` (None, int or tuple) as a sorted tuple of non-negative ints."""
    if axis is None:
        return tuple(range(nd))
    if isinstance(axis, (tuple, list)):
        return tuple(sorted(a % nd if nd else 0 for a in axis))
    return (axis % nd if nd else 0,)


def expand_reduced(g, x, axis, keepdims):
    """Reshape the cotangent ``g`` of a reduction over ``axis`` so it broadcasts against
    the input ``x`` (reinsert the reduced axes as length 1)."""
    if keepdims:
        return g
    xs = shape(x)
    axes = normalize_axis(axis, len(xs))
    kept = tuple(1 if i in axes else d for i, d in enumerate(xs))
    return ns(g).reshape(g, kept)


def reduce_count(x, axis):
    """Number of elements each reduction output combines."""
    xs = shape(x)
    n = 1
    for a in normalize_axis(axis, len(xs)):
        n *= xs[a]
    return n


def swap_last(a):
    """Transpose of the last two axes (matrix transpose of a stack)."""
    return ns(a).swapaxes(a, -1, -2)


def unique_index(index):
    """True when no element can be selected twice (basic indices, boolean masks)."""
    items = index if isinstance(index, tuple) else (index,)
    for i in items:
        if i is None or i is Ellipsis or isinstance(i, (int, np.integer, slice, bool)):
            continue
        if getattr(i, "dtype", None) is not None and i.dtype == bool:
            continue
        return False
    return True


def as_bool(mask):
    """A plain boolean mask, kept in its own namespace (no trip to the host)."""
    v = getval(mask)
    if hasattr(v, "dtype"):
        return v if v.dtype == bool else ns(v).astype(v, bool)
    return np.asarray(v, dtype=bool)
