"""Ufunc methods and ``out=`` on traced values (``np.add.reduce``, ``np.add.at``, ...).

``reduce``/``accumulate`` are the reductions and scans they equal (``np.add.reduce`` is
``np.sum`` with ``axis=0``), ``outer`` is the ufunc on reshaped operands, ``at`` and
``out=`` rebind the traced target functionally.
"""

from __future__ import annotations

import numpy as np

from . import _numpy_targets, _ops, _registry, _trace
from ._box import Box, TracerConversionError
from ._helpers import base_ns, shape, unique_index

_REDUCE = {np.add: np.sum, np.multiply: np.prod, np.maximum: np.max, np.minimum: np.min,
           np.fmax: np.nanmax, np.fmin: np.nanmin, np.logical_and: np.all,
           np.logical_or: np.any}
_ACCUMULATE = {np.add: np.cumsum, np.multiply: np.cumprod}


def _store(target, result):
    if isinstance(target, _numpy_targets.TargetArray):
        target._record(result)
        return target
    if type(target) is not Box:
        raise TracerConversionError(
            "autodiff: a traced result cannot be written into a plain NumPy array "
            "(out= / ufunc.at); use the returned value, or create the target with "
            "np.zeros_like(x) so it is traced")
    target._assign(result)
    return target


def _at_in_rounds(ufunc, a, index, rest, kwargs):
    """``ufunc.at(a, index, *rest)`` as a traced value. NumPy applies repeated indices one
    after the other, so the selected elements are applied in rounds: round ``r`` takes the
    ``r``-th occurrence of every position (found by an assignment in reverse order, where
    the first occurrence is the one that stays), so each round has unique indices."""
    apply = _trace.apply
    if unique_index(index):
        part = apply(_ops.getitem, (a, index), {})
        new = apply(ufunc, (part, *rest), kwargs)
        return apply(_ops.index_put, (a, index, new), {})
    value = _trace.getval(a)
    xp = base_ns(value)
    size = int(np.prod(shape(value)))
    pos = xp.reshape(xp.reshape(xp.arange(size), shape(value))[index], (-1,))
    m = shape(pos)[0]
    ids = xp.arange(m)
    vals = [apply(np.reshape, (apply(np.broadcast_to, (v, shape(xp.zeros(shape(value))[index])),
                                     {}), (-1,)), {}) for v in rest]
    flat = apply(np.reshape, (a, (-1,)), {})
    pending = xp.ones((m,), dtype=bool)
    while bool(xp.any(pending)):
        owner = xp.full((size,), -1, dtype=ids.dtype)
        owner[xp.flip(pos[pending])] = xp.flip(ids[pending])
        first = xp.logical_and(owner[pos] == ids, pending)
        sel = xp.nonzero(first)[0]
        p = pos[sel]
        part = apply(_ops.getitem, (flat, p), {})
        new = apply(ufunc, (part, *[apply(_ops.getitem, (v, sel), {}) for v in vals]), kwargs)
        flat = apply(_ops.index_put, (flat, p, new), {})
        pending = xp.logical_and(pending, xp.logical_not(first))
    return apply(np.reshape, (flat, shape(value)), {})


def dispatch(ufunc, method, inputs, kwargs):
    out = kwargs.pop("out", None)
    where = kwargs.pop("where", True)
    if where is not True and method != "__call__":
        raise _registry.NoRuleError(
            f"autodiff: numpy.{ufunc.__name__}.{method}(where=...) on traced values")
    if method == "__call__":
        result = _trace.apply(ufunc, inputs, kwargs)
        if where is not True:
            # Elements outside ``where`` keep the value of ``out`` (uninitialised without
            # one, which a gradient cannot follow).
            if out is None:
                raise _registry.NoRuleError(
                    f"autodiff: numpy.{ufunc.__name__}(where=...) needs out= on traced "
                    "values; use np.where(mask, f(x), other) instead")
            result = _trace.apply(np.where, (where, result, out[0]), {})
    elif method in ("reduce", "accumulate"):
        table = _REDUCE if method == "reduce" else _ACCUMULATE
        func = table.get(ufunc)
        if func is None:
            raise _registry.NoRuleError(
                f"autodiff: no derivative rule for numpy.{ufunc.__name__}.{method}")
        kwargs.setdefault("axis", 0)
        result = _trace.apply(func, inputs[:1], kwargs)
    elif method == "outer":
        a, b = inputs
        a = _trace.apply(np.reshape, (a, np.shape(a) + (1,) * np.ndim(b)), {})
        result = _trace.apply(ufunc, (a, b), kwargs)
    elif method == "at":
        a, index, *rest = inputs
        if ufunc is np.add:
            _store(a, _trace.apply(_ops.index_add, (a, index, rest[0]), {}))
            return None
        if ufunc is np.subtract:
            neg = _trace.apply(np.negative, (rest[0],), {})
            _store(a, _trace.apply(_ops.index_add, (a, index, neg), {}))
            return None
        _store(a, _at_in_rounds(ufunc, a, index, rest, kwargs))
        return None
    else:
        raise _registry.NoRuleError(
            f"autodiff: no derivative rule for numpy.{ufunc.__name__}.{method}")
    if out is not None:
        (target,) = out
        return _store(target, result)
    return result
