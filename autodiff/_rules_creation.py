"""Rules for array creation inside traced code.

``np.zeros_like(x)``, ``np.zeros(n, like=x)``, ``x.copy()`` and friends give traced arrays
with no gradient of their own, so that item assignment into them (``y[0] = x[1]``) is
recorded. ``np.array([...], like=x)`` with traced elements stacks them.
"""

from __future__ import annotations

import numpy as np

from ._box import Box, TracerConversionError
from ._helpers import shape
from ._registry import composite, constant
from ._trace import constant_box, getval

constant(np.zeros_like, np.ones_like, np.empty_like, np.zeros, np.ones, np.empty,
         np.arange, np.eye, np.identity, np.tri, np.fromfunction, np.linspace,
         np.logspace, np.geomspace)


def _has_box(obj):
    if type(obj) is Box:
        return True
    if isinstance(obj, (list, tuple)):
        return any(_has_box(o) for o in obj)
    return False


def _stacked(obj):
    if type(obj) is Box:
        return obj
    if isinstance(obj, (list, tuple)) and _has_box(obj):
        return np.stack([_stacked(o) for o in obj])
    return obj


def _full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, **k):
    if type(fill_value) is Box:
        return np.zeros_like(a, dtype=dtype, shape=shape) + fill_value
    value = np.full_like(getval(a), fill_value, dtype=dtype, shape=shape, **k)
    return constant_box(value, a._trace)


def _full(shape, fill_value, dtype=None, order="C", *, like=None, **k):
    if type(fill_value) is Box:
        zeros = np.zeros(shape, dtype=dtype, like=getval(like) if like is not None else None)
        return zeros + fill_value
    value = np.full(shape, fill_value, dtype=dtype, like=getval(like))
    return constant_box(value, like._trace)


def _array_like(convert):
    def impl(obj, dtype=None, *a, like=None, **k):
        if _has_box(obj):
            out = _stacked(obj)
            return out if dtype is None else np.astype(out, dtype)
        value = convert(obj, dtype, *a, like=getval(like), **k)
        return constant_box(value, like._trace) if type(like) is Box else value
    return impl


composite(np.full_like, _full_like)
composite(np.full, _full, like=True)
composite(np.array, _array_like(np.array), like=True)
composite(np.asarray, _array_like(np.asarray), like=True)
composite(np.asanyarray, _array_like(np.asanyarray), like=True)
composite(np.ascontiguousarray, _array_like(np.ascontiguousarray), like=True)


def _copyto(dst, src, casting="same_kind", where=True):
    if type(dst) is not Box:
        raise TracerConversionError(
            "autodiff: np.copyto / np.full would write a traced value into a plain NumPy "
            "array, dropping its gradient; create the target with np.zeros_like(x) or "
            "np.full(shape, v, like=x), or use np.broadcast_to(v, shape)")
    new = np.broadcast_to(src, shape(dst)) + np.zeros_like(dst)
    dst._assign(new if where is True else np.where(where, new, dst))


composite(np.copyto, _copyto)
