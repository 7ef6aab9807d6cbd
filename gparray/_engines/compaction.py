"""Where the nonzero elements are: ``nonzero``, ``flatnonzero``, ``argwhere``,
``count_nonzero``, and the stream compaction that boolean-mask indexing uses.

Compaction runs on the device (gparray/kernels/compact.cl): per work-group counts, a scan of the
counts, then every work-group writes its kept elements in order. Only the total count comes
back to the host, to size the result.
"""
import functools

import numpy as np

from .._core.allocate import empty
from .._core.ndarray import ndarray
from .._core.operands import asarray, device_array, traced
from .._runtime import launch as _launch, programs as _programs
from . import ufuncs
from .copying import select
from .reduction import _launch_groups, _local_size, reduce_by

__all__ = ["argwhere", "count_nonzero", "flatnonzero", "nonzero", "where"]

MAXDIM = 32            # rank of the gp_dims layout in compact.cl
_PER_ITEM = 32         # mask elements per work-item, at least (a group covers local * that)
# Work-groups per compaction, at most: few on CPU devices, where each group is a task with a
# fixed cost (PoCL: 1e7 elements run 4x faster in ~80 groups than in ~5000); many on GPUs.
_GROUPS_PER_UNIT = {"cpu": 16}
_MAX_GROUPS = 8192
_I64 = np.dtype(np.int64)


@functools.lru_cache(maxsize=16)
def _source(local, fp64):
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", _programs.template("prelude.cl"),
                      f"#define GP_LOCAL {local}", f"#define GP_MAXDIM {MAXDIM}",
                      _programs.template("compact.cl")])


def kernel(device, name, arg_dtypes):
    """A kernel of compact.cl (one program per device: no element types in it)."""

    return _programs.kernel(device, _source(_local_size(device), device.has_fp64), name,
                            arg_dtypes)


def dims(shape, strides=None):
    """The gp_dims struct of compact.cl: shape and element strides, by value."""
    if len(shape) > MAXDIM:
        raise ValueError(f"gparray: index arrays and masks of more than {MAXDIM} dimensions "
                         "are not supported on the device")
    lay = np.zeros((2, MAXDIM), dtype=np.int64)
    lay[0, :len(shape)] = shape
    if strides is not None:
        lay[1, :len(strides)] = strides
    return lay


def _truth(a):
    """``a != 0`` as a bool array (NaN is true, as in NumPy); ``a`` itself if bool."""

    return a if a._dtype == np.bool_ else ufuncs.not_equal(a, 0)


def _flags(a):
    """``a``'s truth as a C-contiguous bool array."""
    a = _truth(a)
    return a if a.flags.c_contiguous else a.copy()


def compact(mask, strides=None, coords=False):
    """The kept (true) places of the bool array ``mask``, in C order, as int64 on the device:
    with ``coords`` a (count, ndim) array of coordinates; otherwise a (count,) array of
    ``sum(coordinate * stride)`` over ``strides`` (default: the flat index)."""

    device = mask._device
    flags = _flags(mask)
    shape = flags._shape
    n = flags.size
    ndim = len(shape)
    if n == 0:
        return empty((0, ndim) if coords else (0,), dtype=_I64, device=device)
    if strides is None:
        strides = [1] * ndim
        for d in range(ndim - 2, -1, -1):
            strides[d] = strides[d + 1] * shape[d + 1]
    if not coords:
        # Length-1 dimensions add nothing to an offset; dropping them keeps more masks
        # within the layout's rank.
        kept = [(e, s) for e, s in zip(shape, strides) if e != 1]
        shape, strides = tuple(e for e, _ in kept), tuple(s for _, s in kept)
    layout = dims(shape, strides)
    local = _local_size(device)
    max_groups = _GROUPS_PER_UNIT.get(device.kind, 0) * device.compute_units or _MAX_GROUPS
    per_item = max(_PER_ITEM, -(-n // (local * max_groups)))
    groups = -(-n // (local * per_item))
    counts = empty((groups + 1,), dtype=_I64, device=device)
    off = flags._offset
    knl = kernel(device, "compact_count", (None, np.int64, np.int64, np.int64, None))
    _launch_groups(device, knl, groups, local, [flags._buf.cl, off, n, per_item, counts._buf.cl],
                   "nonzero")
    knl = kernel(device, "compact_offsets", (None, np.int64))
    _launch.launch(device, knl, 1, [counts._buf.cl, groups], "nonzero")
    total = int(counts[groups].get())          # the one value the host needs: the count
    width = len(shape) if coords else 1
    out = empty((total, ndim) if coords else (total,), dtype=_I64, device=device)
    if total:
        knl = kernel(device, "compact_write", (None, np.int64, np.int64, np.int64, None, None,
                                               None, np.int32, np.int32))
        _launch_groups(device, knl, groups, local,
                       [flags._buf.cl, off, n, per_item, counts._buf.cl, out._buf.cl, layout,
                        width if coords else len(shape), int(coords)], "nonzero")
    return out


def argwhere(a):
    """Coordinates of the nonzero elements, one row each: shape (count, a.ndim), int64.
    (NumPy's result is the Fortran-ordered transpose of ``nonzero``; ours is C-ordered, with
    the same values.)"""
    a = device_array(a)
    if a.ndim == 0:
        return compact(a.reshape(1), coords=True)[:, :0]
    return compact(a, coords=True)


def nonzero(a):
    """A tuple of int64 arrays, one per dimension, with the coordinates of the nonzero
    elements in C order; as in NumPy they are column views of one (count, ndim) array."""
    a = device_array(a)
    if a.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "np.atleast_1d(scalar).nonzero() instead.")
    found = compact(a, coords=True)
    return tuple(found[:, d] for d in range(a.ndim))


def flatnonzero(a):
    """Indices of the nonzero elements of ``a`` flattened in C order, int64."""
    a = device_array(a)
    return compact(a.reshape(-1) if a.ndim != 1 else a)


def count_nonzero(a, axis=None, *, keepdims=False):
    """How many elements are nonzero, over ``axis`` (all by default), as int64: a row of the
    reduction table (``x != 0`` is mapped as each element loads). With ``axis=None`` NumPy
    returns a NumPy integer; gparray returns a 0-d device array (the Array API's rule), which
    converts with ``int()``/``operator.index``."""

    return reduce_by("count_nonzero", a, axis, keepdims=keepdims)


def where(condition, x=None, y=None, /):
    """Elementwise ``x if condition else y`` on the device (device arrays or scalars);
    ``where(condition)`` alone is ``nonzero(condition)``, as in NumPy."""
    tracer = traced((condition, x, y))
    if tracer is not None:              # inside gparray.fuse: record the call
        return tracer.__gparray_function__("where", (condition, x, y), {})
    if x is None and y is None:
        return nonzero(condition if isinstance(condition, ndarray) else asarray(condition))
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    return select(condition, x, y)
