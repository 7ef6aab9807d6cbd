"""The gather/scatter family built on advanced indexing: take, take_along_axis, put,
put_along_axis, compress, extract, place, putmask, choose, select; and index builders:
diag_indices(_from), tril/triu_indices(_from), unravel_index, ravel_multi_index, ix_,
indices. Everything stays on the device; where NumPy's result shape depends on values
(compress, extract) the count comes from an on-device compaction."""
import builtins
import numbers
import operator

import numpy as np

from . import _creation
from ._core.ndarray import ndarray
from ._core.operands import broadcast_shape, device_array
from ._core.views import broadcast_to, normalize_axis
from ._creation import full
from ._engines import copying as _copying, ufuncs
from ._engines.compaction import nonzero
from ._engines.reduction import max as amax, min as amin
from ._join import stack
from ._manipulation import broadcast_arrays
from ._rearrange import tile, tri
from ._runtime import dtypes as _dtypes

__all__ = ["choose", "compress", "diag_indices", "diag_indices_from", "extract", "indices", "ix_",
           "place", "put", "put_along_axis", "putmask", "ravel_multi_index", "select", "take",
           "take_along_axis", "tril_indices", "tril_indices_from", "triu_indices",
           "triu_indices_from", "unravel_index"]


def _int_index(indices, device):
    idx = device_array(indices, device)
    if idx._dtype.kind not in "iu":
        if idx._dtype.kind == "b" or idx.size:
            raise TypeError(f"Cannot cast array data from {idx._dtype!r} to dtype('int64') "
                            "according to the rule 'safe'")
        idx = idx.astype(np.int64)
    return idx


def _apply_mode(idx, n, mode):
    if mode == "wrap":
        return ufuncs.remainder(idx, n) if n else idx
    if mode == "clip":
        return ufuncs.minimum(ufuncs.maximum(idx, 0), builtins.max(n - 1, 0))
    if mode != "raise":
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    return idx


def take(a, indices, axis=None, out=None, mode="raise"):
    """Elements of ``a`` at ``indices`` along ``axis`` (the flattened array when None)."""
    a = device_array(a)
    if axis is None:
        a, axis = a.reshape(-1), 0
    axis = normalize_axis(axis, a.ndim)
    scalar = isinstance(indices, numbers.Integral)
    idx = _apply_mode(_int_index(indices, a._device), a._shape[axis], mode)
    result = a[(slice(None),) * axis + ((int(idx.item()) if scalar else idx),)]
    if out is not None:
        out[...] = result
        return out
    return result


def _fancy(arr_shape, indices, axis):
    """NumPy's take_along_axis key: aranges on the other axes, ``indices`` on ``axis``."""
    key = []
    nd = len(arr_shape)
    for dim, n in enumerate(arr_shape):
        if dim == axis:
            key.append(indices)
        else:
            shape = [1] * nd
            shape[dim] = n
            key.append(_creation.arange(n, device=indices._device).reshape(shape))
    return tuple(key)


def take_along_axis(arr, indices, axis=-1):
    arr = device_array(arr)
    indices = _int_index(indices, arr._device)
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        return arr.reshape(-1)[indices]
    axis = normalize_axis(axis, arr.ndim)
    if indices.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    return arr[_fancy(arr._shape, indices, axis)]


def put_along_axis(arr, indices, values, axis):
    if not isinstance(arr, ndarray):
        raise TypeError("put_along_axis needs a gparray array to modify in place")
    indices = _int_index(indices, arr._device)
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        flat = arr.reshape(-1)
        if flat._buf is not arr._buf:
            raise ValueError("put_along_axis(axis=None) needs a contiguous array")
        flat[indices] = values
        return None
    axis = normalize_axis(axis, arr.ndim)
    if indices.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    arr[_fancy(arr._shape, indices, axis)] = values
    return None


def _cycled(values, n, dtype, device):
    """``values`` repeated cyclically to ``n`` elements (NumPy's put/place/putmask rule)."""
    v = device_array(values, device).reshape(-1)
    if v._dtype != dtype:
        v = v.astype(dtype)
    if v.size == n:
        return v
    if v.size == 0:
        return v
    reps = -(-n // v.size)

    return tile(v, reps)[:n]


def put(a, ind, v, mode="raise"):
    """a.flat[ind] = v, with ``v`` repeated as needed; in place."""
    if not isinstance(a, ndarray):
        raise TypeError(f"put() argument 1 must be gparray.ndarray, not {type(a).__name__}")
    idx = _int_index(ind, a._device).reshape(-1)
    if idx.size == 0:
        return None
    if mode == "raise":
        lo, hi = int(amin(idx)), int(amax(idx))
        if lo < -a.size or hi >= a.size:
            bad = hi if hi >= a.size else lo
            raise IndexError(f"index {bad} is out of bounds for axis 0 with size {a.size}")
        idx = ufuncs.remainder(idx, a.size)      # negative indices count from the end
    else:
        idx = _apply_mode(idx, a.size, mode)
    values = _cycled(v, idx.size, a._dtype, a._device)
    if values.size == 0:
        return None
    a[unravel_index(idx, a._shape) if a.ndim != 1 else (idx,)] = values
    return None


def compress(condition, a, axis=None, out=None):
    a = device_array(a)
    cond = device_array(condition, a._device)
    if cond.ndim != 1:
        raise ValueError("condition must be a 1-d array")
    if axis is None:
        a, axis = a.reshape(-1), 0
    axis = normalize_axis(axis, a.ndim)
    n = a._shape[axis]
    if cond.size > n:
        if bool(ufuncs.logical_or.reduce(cond[n:].astype(bool))):
            raise IndexError(f"index {n} is out of bounds for axis {axis} with size {n}")
        cond = cond[:n]

    picked = nonzero(cond.astype(bool))[0]
    result = take(a, picked, axis=axis)
    if out is not None:
        out[...] = result
        return out
    return result


def extract(condition, arr):
    arr = device_array(arr)
    cond = device_array(condition, arr._device)

    return arr.reshape(-1)[nonzero(cond.reshape(-1))[0]] if cond.size else arr.reshape(-1)[:0]


def place(arr, mask, vals):
    """arr[mask] = vals, with ``vals`` repeated as needed; in place."""
    if not isinstance(arr, ndarray):
        raise TypeError(f"argument 1 must be gparray.ndarray, not {type(arr).__name__}")
    m = device_array(mask, arr._device).astype(bool)
    count = int(m.sum())
    if count == 0:
        return None
    values = _cycled(vals, count, arr._dtype, arr._device)
    if values.size == 0:
        raise ValueError("Cannot insert from an empty array!")
    arr[m.reshape(arr._shape)] = values
    return None


def putmask(a, mask, values):
    """Where ``mask`` is true, a.flat[i] = values.flat[i % len(values)]; in place."""
    if not isinstance(a, ndarray):
        raise TypeError(f"argument a of putmask must be gparray.ndarray, not {type(a).__name__}")
    m = device_array(mask, a._device)
    if m._shape != a._shape:
        raise ValueError("putmask: mask and data must be the same size")
    full = _cycled(values, a.size, a._dtype, a._device)
    if full.size == 0:
        return None
    a[...] = _copying.select(m.astype(bool), full.reshape(a._shape), a)
    return None


def choose(a, choices, out=None, mode="raise"):
    """result = choices[a] elementwise, all operands broadcast together."""

    a = _int_index(a, None)
    if isinstance(choices, ndarray):
        choices = [choices[i] for i in range(choices._shape[0])]
    choices = [device_array(c, a._device) for c in choices]
    n = len(choices)
    if mode == "raise" and a.size and (int(amin(a)) < 0 or int(amax(a)) >= n):
        raise ValueError("invalid entry in choice array")
    a = _apply_mode(a, n, mode)
    parts = broadcast_arrays(a, *choices)
    stacked = stack(parts[1:])
    result = take_along_axis(stacked, parts[0][None].copy(), axis=0)[0]
    if out is not None:
        out[...] = result
        return out
    return result


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(choicelist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    conds = [device_array(c) for c in condlist]
    device = conds[0]._device
    choices = [c if isinstance(c, (ndarray, numbers.Number)) else device_array(c, device) for c in choicelist]
    for i, c in enumerate(conds):
        if c._dtype != np.bool_:
            raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    dtype = _dtypes.result_type(*choices, default)

    shape = broadcast_shape([getattr(x, "shape", ()) for x in (*conds, *choices)])
    result = full(shape, default, dtype=dtype, device=device)
    for cond, choice in zip(reversed(conds), reversed(choices)):
        result = _copying.select(cond, choice, result)
        if result._dtype != dtype:
            result = result.astype(dtype)
    return result


# -- index builders ------------------------------------------------------------------------
def diag_indices(n, ndim=2):
    idx = _creation.arange(n)
    return (idx,) * ndim


def diag_indices_from(arr):
    if arr.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(arr.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return diag_indices(arr.shape[0], arr.ndim)


def tril_indices(n, k=0, m=None):
    return nonzero(tri(n, m, k=k, dtype=bool))


def triu_indices(n, k=0, m=None):
    return nonzero(ufuncs.logical_not(tri(n, m, k=k - 1, dtype=bool)))


def tril_indices_from(arr, k=0):
    if arr.ndim != 2:
        raise ValueError("input array must be 2-d")
    return tril_indices(arr.shape[-2], k=k, m=arr.shape[-1])


def triu_indices_from(arr, k=0):
    if arr.ndim != 2:
        raise ValueError("input array must be 2-d")
    return triu_indices(arr.shape[-2], k=k, m=arr.shape[-1])


def _dims(shape):
    if isinstance(shape, numbers.Integral):
        return (operator.index(shape),)
    return tuple(operator.index(s) for s in shape)


def unravel_index(indices, shape, order="C"):
    """Coordinate arrays (int64) of flat ``indices`` in an array of ``shape``."""

    dims = _dims(shape)
    if order not in ("C", "F"):
        raise ValueError("only 'C' or 'F' order is permitted")
    idx = _int_index(indices, None)
    size = int(np.prod(dims, dtype=np.int64))
    if idx.size and (int(amin(idx)) < 0 or int(amax(idx)) >= size):
        bad = int(amax(idx)) if int(amax(idx)) >= size else int(amin(idx))
        raise ValueError(f"index {bad} is out of bounds for array with size {size}")
    idx = idx.astype(np.int64)
    out = [None] * len(dims)
    order_dims = range(len(dims) - 1, -1, -1) if order == "C" else range(len(dims))
    for d in order_dims:
        out[d] = ufuncs.remainder(idx, dims[d]) if dims[d] else idx
        idx = ufuncs.floor_divide(idx, dims[d]) if dims[d] else idx
    return tuple(out)


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    dims = _dims(dims)
    if len(multi_index) != len(dims):
        raise ValueError(f"parameter multi_index must be a sequence of length {len(dims)}")
    modes = (mode,) * len(dims) if isinstance(mode, str) else tuple(mode)

    coords = []
    for c, n, md in zip(multi_index, dims, modes):
        c = _int_index(c, None).astype(np.int64)
        if md == "raise":
            if c.size and (int(amin(c)) < 0 or int(amax(c)) >= n):
                raise ValueError("invalid entry in coordinates array")
        else:
            c = _apply_mode(c, n, md)
        coords.append(c)
    strides = [1] * len(dims)
    seq = range(len(dims) - 2, -1, -1) if order == "C" else range(1, len(dims))
    for d in seq:
        strides[d] = strides[d + 1] * dims[d + 1] if order == "C" else strides[d - 1] * dims[d - 1]
    result = None
    for c, s in zip(coords, strides):
        term = ufuncs.multiply(c, s)
        result = term if result is None else ufuncs.add(result, term)
    return result


def ix_(*args):
    out = []
    nd = len(args)
    for k, new in enumerate(args):
        new = device_array(new)
        if new.ndim != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if new._dtype == np.bool_:
            (new,) = nonzero(new)
        elif new.size == 0:
            new = new.astype(np.intp)
        out.append(new.reshape((1,) * k + (new.size,) + (1,) * (nd - k - 1)))
    return tuple(out)


def indices(dimensions, dtype=int, sparse=False):
    dims = tuple(dimensions)
    nd = len(dims)
    grids = []
    for k, n in enumerate(dims):
        shape = (1,) * k + (n,) + (1,) * (nd - k - 1)
        grids.append(_creation.arange(n, dtype=dtype).reshape(shape))
    if sparse:
        return tuple(grids)

    if not grids:
        return _creation.empty((0,), dtype=dtype)
    return stack([broadcast_to(g, dims) for g in grids])
