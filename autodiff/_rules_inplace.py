"""NumPy's in-place writers on traced targets: ``put``, ``put_along_axis``, ``place``,
``putmask``, ``fill_diagonal``.

Each rebinds the traced target to a functionally updated value (the box object stays
the same, so every name bound to it sees the write). NumPy arrays made by the traced
function itself are handled by ``_numpy_targets``; writing a traced value into a NumPy
array made outside the function is refused, since the gradient would be lost.
"""

from __future__ import annotations

import numpy as np

from . import _ops
from ._box import Box, TracerConversionError
from ._helpers import as_bool, shape
from ._registry import composite
from ._trace import apply, getval


def _target(a, name):
    if type(a) is not Box:
        raise TracerConversionError(
            f"autodiff: np.{name} would write a traced value into a plain NumPy array, "
            "dropping its gradient; create the target with np.zeros_like(x) or x.copy()")
    return a


def _write(a, index, values):
    a._assign(apply(_ops.index_put, (a, index, values), {}))


def _put(a, ind, v, mode="raise"):
    a = _target(a, "put")
    flat = np.ravel(a)
    ind = getval(ind)
    ind = np.ravel(ind if hasattr(ind, "shape") else np.asarray(ind))
    v = np.ravel(v)
    if shape(v)[0] != ind.shape[0]:
        v = np.resize(v, ind.shape)
    flat = apply(_ops.index_put, (flat, ind, v), {})
    a._assign(np.reshape(flat, shape(a)))


def _put_along_axis(arr, indices, values, axis):
    arr = _target(arr, "put_along_axis")
    idx = getval(indices)
    nd = len(shape(arr))
    axis = axis % nd
    grids = np.indices(np.shape(idx), sparse=True)
    index = tuple(idx if i == axis else grids[i] for i in range(nd))
    _write(arr, index, np.broadcast_to(values, np.shape(idx)))


def _putmask(a, mask, values):
    # NumPy cycles ``values`` over all positions of ``a`` and writes where mask is set.
    a = _target(a, "putmask")
    m = np.broadcast_to(as_bool(mask), shape(a))
    size = int(np.prod(shape(a)))
    vals = np.resize(np.ravel(values), (size,))[np.flatnonzero(m)]
    _write(a, m, vals)


def _place(arr, mask, vals):
    arr = _target(arr, "place")
    m = as_bool(mask)
    n = int(np.sum(m))
    vals = np.ravel(vals)
    if shape(vals)[0] != n:
        vals = np.resize(vals, (n,))
    _write(arr, m, vals)


def _fill_diagonal(a, val, wrap=False):
    a = _target(a, "fill_diagonal")
    n = min(shape(a))
    index = tuple(np.arange(n) for _ in shape(a))
    _write(a, index, val)


composite(np.put, _put)
composite(np.put_along_axis, _put_along_axis)
composite(np.putmask, _putmask)
composite(np.place, _place)
composite(np.fill_diagonal, _fill_diagonal)
