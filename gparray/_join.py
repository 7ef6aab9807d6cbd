"""Joining and splitting: concatenate/concat, stack, hstack, vstack, dstack, column_stack,
block, append, insert, delete, split, array_split, hsplit, vsplit, dsplit, unstack, and
``stack_nested`` (``asarray`` of nested sequences holding device arrays).

Joins allocate the result once and copy each input into its slice on the device
(_copying.copy_into, one kernel launch per input, casting on the way); splits return views.
"""
import builtins
import numbers
import operator

import numpy as np

from . import _creation
from ._core.interop import upload
from ._core.ndarray import ndarray
from ._core.operands import device_of
from ._core.views import normalize_axis, swapaxes
from ._engines import copying as _copying, ufuncs
from ._engines.iota import iota
from ._manipulation import atleast_1d, atleast_2d, atleast_3d, moveaxis, ravel
from ._runtime import dtypes as _dtypes, launch as _launch, programs as _programs

__all__ = ["append", "array_split", "block", "column_stack", "concat", "concatenate", "delete",
           "dsplit", "dstack", "hsplit", "hstack", "insert", "split", "stack", "unstack",
           "vsplit", "vstack"]


def _device_and_arrays(values, extra=()):
    device = device_of(list(values), [x for x in extra if x is not None])
    return device, [x if isinstance(x, ndarray) else _creation.asarray(x, device=device)
                    for x in values]


def _check_sequence(tup, func):
    if not hasattr(tup, "__getitem__") or isinstance(tup, ndarray) and tup.ndim == 0:
        raise TypeError('arrays to stack must be passed as a "sequence" type such as list or '
                        "tuple.")


# -- joining -------------------------------------------------------------------------------
def concatenate(arrays, /, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """Join arrays along an existing axis (``axis=None`` flattens them first). The result
    dtype is NumPy's ``result_type`` of the inputs, or ``dtype``/``out``'s dtype, each input
    castable under ``casting``."""
    if out is not None and dtype is not None:
        raise TypeError("concatenate() only takes `out` or `dtype` as an argument, but both "
                        "were provided.")
    if out is not None and not isinstance(out, ndarray):
        raise TypeError(f"concatenate: out must be a gparray array, not {type(out).__name__}")
    if isinstance(arrays, ndarray):
        arrays = [arrays[i] for i in range(arrays.shape[0])] if arrays.ndim else [arrays]
    device, arrs = _device_and_arrays(list(arrays), (out,))
    if not arrs:
        raise ValueError("need at least one array to concatenate")
    if axis is None:
        arrs = [ravel(a) for a in arrs]
        axis = 0
    ndim = arrs[0].ndim
    if ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    for i, a in enumerate(arrs[1:], 1):
        if a.ndim != ndim:
            raise ValueError("all the input arrays must have same number of dimensions, but the "
                             f"array at index 0 has {ndim} dimension(s) and the array at index "
                             f"{i} has {a.ndim} dimension(s)")
    axis = normalize_axis(axis, ndim)
    first = arrs[0]._shape
    total = 0
    for i, a in enumerate(arrs):
        for d in range(ndim):
            if d != axis and a._shape[d] != first[d]:
                raise ValueError("all the input array dimensions except for the concatenation "
                                 f"axis must match exactly, but along dimension {d}, the array "
                                 f"at index 0 has size {first[d]} and the array at index {i} "
                                 f"has size {a._shape[d]}")
        total += a._shape[axis]
    shape = first[:axis] + (total,) + first[axis + 1:]
    if out is not None:
        target = out._dtype
    elif dtype is not None:
        target = _dtypes.check_dtype(dtype, device, "concatenate")
    else:
        target = _dtypes.check_dtype(np.result_type(*(a._dtype for a in arrs)), device,
                                     "concatenate")
    for a in arrs:
        if not np.can_cast(a._dtype, target, casting=casting):
            raise TypeError(f"Cannot cast array data from {a._dtype!r} to {target!r} according "
                            f"to the rule {casting!r}")
    if out is not None and out._shape != shape:
        raise ValueError("Output array is the wrong shape")
    result = out
    if out is None:
        order = "F" if builtins.all(a.flags.f_contiguous and not a.flags.c_contiguous
                                    for a in arrs) else "C"
        result = _creation.empty(shape, dtype=target, order=order, device=device)
    start = 0
    index = [slice(None)] * ndim
    for a in arrs:
        n = a._shape[axis]
        index[axis] = slice(start, start + n)
        _copying.copy_into(result[tuple(index)], a)
        start += n      # inputs overlapping ``out`` see earlier pieces, as in NumPy
    return result


def concat(arrays, /, *, axis=0):
    """The Array API's ``concat`` (``concatenate`` with keyword-only ``axis``)."""
    return concatenate(arrays, axis=axis)


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """Join same-shaped arrays along a new axis."""
    _check_sequence(arrays, "stack")
    device, arrs = _device_and_arrays(list(arrays), (out,))
    if not arrs:
        raise ValueError("need at least one array to stack")
    if len({a._shape for a in arrs}) != 1:
        raise ValueError("all input arrays must have the same shape")
    axis = normalize_axis(axis, arrs[0].ndim + 1)
    key = (slice(None),) * axis + (None,)
    return concatenate([a[key] for a in arrs], axis=axis, out=out, dtype=dtype, casting=casting)


def hstack(tup, *, dtype=None, casting="same_kind"):
    _check_sequence(tup, "hstack")
    arrs = atleast_1d(*tup)
    if not isinstance(arrs, tuple):
        arrs = (arrs,)
    axis = 0 if arrs and arrs[0].ndim == 1 else 1
    return concatenate(arrs, axis, dtype=dtype, casting=casting)


def vstack(tup, *, dtype=None, casting="same_kind"):
    _check_sequence(tup, "vstack")
    arrs = atleast_2d(*tup)
    if not isinstance(arrs, tuple):
        arrs = (arrs,)
    return concatenate(arrs, 0, dtype=dtype, casting=casting)


def dstack(tup):
    _check_sequence(tup, "dstack")
    arrs = atleast_3d(*tup)
    if not isinstance(arrs, tuple):
        arrs = (arrs,)
    return concatenate(arrs, 2)


def column_stack(tup):
    """Stack 1-D arrays as columns of a 2-D array (2-D arrays are stacked as they are)."""
    _check_sequence(tup, "column_stack")
    device, arrs = _device_and_arrays(list(tup))
    arrs = [a.reshape(1, -1).T if a.ndim < 2 else a for a in arrs]
    return concatenate(arrs, 1)


def append(arr, values, axis=None):
    """``arr`` with ``values`` appended (both flattened when ``axis`` is None); a copy."""
    device, (arr, values) = _device_and_arrays([arr, values])
    if axis is None:
        if arr.ndim != 1:
            arr = ravel(arr)
        values = ravel(values)
        axis = arr.ndim - 1
    return concatenate((arr, values), axis=axis)


# -- block ---------------------------------------------------------------------------------
def _block_format_index(index):
    return "arrays" + "".join(f"[{i}]" for i in index if i is not None)


def _block_check_depths_match(arrays, parent_index=()):
    """(index of the first deepest element, the largest leaf ndim) of a nested list."""
    if type(arrays) is tuple:
        raise TypeError(f"{_block_format_index(parent_index)} is a tuple. Only lists can be used "
                        "to arrange blocks, and np.block does not allow implicit conversion "
                        "from tuple to ndarray.")
    if type(arrays) is list and arrays:
        results = [_block_check_depths_match(a, parent_index + (i,)) for i, a in enumerate(arrays)]
        first_index, max_ndim = results[0]
        for index, nd in results[1:]:
            max_ndim = builtins.max(max_ndim, nd)
            if len(index) != len(first_index):
                raise ValueError(f"List depths are mismatched. First element was at depth "
                                 f"{len(first_index)}, but there is an element at depth "
                                 f"{len(index)} ({_block_format_index(index)})")
            if index[-1] is None:
                first_index = index
        return first_index, max_ndim
    if type(arrays) is list:
        return parent_index + (None,), 0
    return parent_index, np.ndim(arrays) if not isinstance(arrays, ndarray) else arrays.ndim


def _block_info(arrays, max_depth, result_ndim, device, depth=0):
    """(shape, slices into the result, leaf arrays) of one level of ``block``."""
    if depth < max_depth:
        parts = [_block_info(a, max_depth, result_ndim, device, depth + 1) for a in arrays]
        axis = result_ndim - max_depth + depth
        shapes = [p[0] for p in parts]
        first = shapes[0]
        for s in shapes:
            if s[:axis] != first[:axis] or s[axis + 1:] != first[axis + 1:]:
                raise ValueError(f"Mismatched array shapes in block along axis {axis}.")
        slices, leaves, start = [], [], 0
        for s, (_, inner, arrs) in zip(shapes, parts):
            prefix = (slice(start, start + s[axis]),)
            slices += [prefix + sl for sl in inner]
            leaves += arrs
            start += s[axis]
        return first[:axis] + (start,) + first[axis + 1:], slices, leaves
    a = arrays if isinstance(arrays, ndarray) else _creation.asarray(arrays, device=device)
    if a.ndim < result_ndim:
        a = a.reshape((1,) * (result_ndim - a.ndim) + a.shape)
    return a.shape, [()], [a]


def _leaves(arrays):
    if isinstance(arrays, list):
        for a in arrays:
            yield from _leaves(a)
    else:
        yield arrays


def block(arrays):
    """Assemble an array from nested lists of blocks; each block is copied once, straight
    into its place in the result."""
    bottom_index, arr_ndim = _block_check_depths_match(arrays)
    list_ndim = len(bottom_index)
    if bottom_index and bottom_index[-1] is None:
        raise ValueError(f"List at {_block_format_index(bottom_index)} cannot be empty")
    result_ndim = builtins.max(arr_ndim, list_ndim)

    device = device_of(list(_leaves(arrays)), ())
    shape, slices, leaves = _block_info(arrays, list_ndim, result_ndim, device)
    dtype = _dtypes.check_dtype(np.result_type(*(a.dtype for a in leaves)), device, "block")
    f_order = builtins.all(a.flags.f_contiguous for a in leaves)
    c_order = builtins.all(a.flags.c_contiguous for a in leaves)
    result = _creation.empty(shape, dtype=dtype, order="F" if f_order and not c_order else "C",
                             device=device)
    for sl, a in zip(slices, leaves):
        _copying.copy_into(result[(Ellipsis,) + sl], a)
    return result


# -- splitting (views) ---------------------------------------------------------------------
def array_split(ary, indices_or_sections, axis=0):
    """Split into sub-arrays (views); sections need not divide the axis equally."""
    ary = ary if isinstance(ary, ndarray) else _creation.asarray(ary)
    total = ary.shape[axis]
    try:
        sections = len(indices_or_sections) + 1
        div_points = [0] + [operator.index(i) for i in indices_or_sections] + [total]
    except TypeError:
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.") from None
        each, extras = divmod(total, sections)
        sizes = [0] + extras * [each + 1] + (sections - extras) * [each]
        div_points = np.cumsum(sizes).tolist()
    swapped = swapaxes(ary, axis, 0)
    return [swapaxes(swapped[div_points[i]:div_points[i + 1]], axis, 0) for i in range(sections)]


def split(ary, indices_or_sections, axis=0):
    """Split into equal sections or at the given indices (views); ValueError when sections
    do not divide the axis."""
    ary = ary if isinstance(ary, ndarray) else _creation.asarray(ary)
    try:
        len(indices_or_sections)
    except TypeError:
        if ary.shape[axis] % indices_or_sections:
            raise ValueError("array split does not result in an equal division") from None
    return array_split(ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    ary = ary if isinstance(ary, ndarray) else _creation.asarray(ary)
    if ary.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    ary = ary if isinstance(ary, ndarray) else _creation.asarray(ary)
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    ary = ary if isinstance(ary, ndarray) else _creation.asarray(ary)
    if ary.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


def unstack(x, /, *, axis=0):
    """The views ``x[..., i, ...]`` along ``axis``, as a tuple (the Array API's unstack)."""
    x = x if isinstance(x, ndarray) else _creation.asarray(x)
    if x.ndim == 0:
        raise ValueError("Input array must be at least 1-d.")
    moved = moveaxis(x, axis, 0)
    return tuple(moved[i] for i in range(moved.shape[0]))


# -- moving slabs along an axis (gparray/kernels/take_axis.cl) ------------------------------------
_BITS_TYPE = {1: "uchar", 2: "ushort", 4: "uint", 8: "ulong", 16: "ulong2"}


def _take_program(device, itemsize):
    source = f"#define GP_T {_BITS_TYPE[itemsize]}\n" + _programs.template("take_axis.cl")
    return source


def move_slabs(out, axis, dst_index, src, src_index):
    """``out[..., dst_index[j], ...] = src[..., src_index[j], ...]`` along ``axis``.

    ``out`` and ``src`` are C-contiguous arrays of one dtype whose shapes differ at most
    along ``axis``; the indices are fresh int64 device arrays of equal length, in range.
    """
    device = out._device
    m = dst_index.size
    outer = int(np.prod(out.shape[:axis], dtype=np.int64))
    inner = int(np.prod(out.shape[axis + 1:], dtype=np.int64))
    total = outer * m * inner
    if total == 0:
        return
    knl = _programs.kernel(device, _take_program(device, out.itemsize), "take_axis",
                           (None, np.int64, np.int64, None, np.int64, np.int64, None, None,
                            np.int64, np.int64, np.int64))
    _launch.launch(device, knl, total,
                   [out._buf.cl, out._offset // out.itemsize, out.shape[axis],
                    src._buf.cl, src._offset // src.itemsize, src.shape[axis],
                    dst_index._buf.cl, src_index._buf.cl, m, inner, total], "take_axis")


def repeat_index(counts):
    """On the device: the source index of every output element of ``repeat`` with the
    per-element ``counts`` (a 1-D int64 device array, non-negative)."""

    device = counts._device
    ends = ufuncs.add.accumulate(counts)
    total = int(ends[-1].item()) if counts.size else 0
    index = _creation.empty((total,), dtype=_dtypes.int64, device=device)
    if total:
        knl = _programs.kernel(device, _take_program(device, 8), "repeat_index",
                               (None, None, None, np.int64))
        _launch.launch(device, knl, counts.size, [index._buf.cl, ends._buf.cl, counts._buf.cl,
                                                  counts.size], "repeat")
    return index


def _runs(positions):
    """Maximal runs of consecutive integers in a sorted host index array, as (start, stop)."""
    if positions.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(positions) != 1) + 1
    starts = np.concatenate(([0], breaks))
    stops = np.concatenate((breaks, [positions.size]))
    return [(int(positions[a]), int(positions[b - 1]) + 1) for a, b in zip(starts, stops)]


_MAX_RUN_COPIES = 4     # beyond this many runs one take_axis launch is cheaper than copies


def _gather_along(a, axis, keep, out_shape):
    """a[..., keep, ...] along ``axis`` for a sorted host index array ``keep``: a few slab
    copies when ``keep`` forms few runs, else one take_axis launch."""

    runs = _runs(keep)
    out = _creation.empty(out_shape, dtype=a._dtype, device=a._device)
    if len(runs) <= _MAX_RUN_COPIES:
        index, start = [slice(None)] * a.ndim, 0
        for lo, hi in runs:
            src = list(index)
            src[axis] = slice(lo, hi)
            index[axis] = slice(start, start + hi - lo)
            _copying.copy_into(out[tuple(index)], a[tuple(src)])
            start += hi - lo
        return out
    src = a if a.flags.c_contiguous else _copying.copy(a)
    move_slabs(out, axis, iota(keep.size, a._device), src,
               upload(keep.astype(np.int64), a._device))
    return out


def _host_index(obj):
    """Index arguments of insert/delete describe the result's shape, so they are read on the
    host (a device index array is copied there explicitly)."""
    if isinstance(obj, ndarray):
        return obj.get()
    return obj


def delete(arr, obj, axis=None):
    """``arr`` without the entries ``obj`` (an int, slice, index array or boolean mask)
    along ``axis`` (flattened when None); a copy."""
    arr = arr if isinstance(arr, ndarray) else _creation.asarray(arr)
    if axis is None:
        if arr.ndim != 1:
            arr = ravel(arr)
        axis = arr.ndim - 1
    else:
        axis = normalize_axis(axis, arr.ndim)
    n = arr.shape[axis]
    obj = _host_index(obj)
    keep = np.ones(n, dtype=bool)
    if isinstance(obj, slice):
        keep[obj] = False
    elif isinstance(obj, (numbers.Integral, np.integer)) and not isinstance(obj, (bool, np.bool_)):
        obj = operator.index(obj)
        if obj < -n or obj >= n:
            raise IndexError(f"index {obj} is out of bounds for axis {axis} with size {n}")
        keep[obj] = False
    else:
        given = obj
        obj = np.asarray(obj)
        if obj.size == 0 and not isinstance(given, np.ndarray):
            obj = obj.astype(np.intp)
        elif obj.size == 1 and obj.dtype.kind in "ui":
            value = obj.item()
            if value < -n or value >= n:
                raise IndexError(f"index {value} is out of bounds for axis {axis} with size {n}")
            obj = np.intp(value)
        if obj.dtype == bool:
            if obj.shape != (n,):
                raise ValueError("boolean array argument obj to delete must be one dimensional "
                                 f"and match the axis length of {n}")
            keep = ~obj
        else:
            keep[obj,] = False
    kept = np.flatnonzero(keep)
    shape = list(arr.shape)
    shape[axis] = kept.size
    return _gather_along(arr, axis, kept, tuple(shape))


def insert(arr, obj, values, axis=None):
    """``arr`` with ``values`` inserted before the indices ``obj`` along ``axis``
    (flattened when None); NumPy's broadcasting of ``values`` and ordering of repeated
    indices. A copy."""

    arr = arr if isinstance(arr, ndarray) else _creation.asarray(arr)
    device = arr._device
    if axis is None:
        if arr.ndim != 1:
            arr = ravel(arr)
        axis = arr.ndim - 1
    else:
        axis = normalize_axis(axis, arr.ndim)
    n = arr.shape[axis]
    obj = _host_index(obj)
    if isinstance(obj, slice):
        indices = np.arange(*obj.indices(n), dtype=np.intp)
    else:
        indices = np.array(obj)
        if indices.dtype == bool:
            if indices.ndim != 1:
                raise ValueError("boolean array argument obj to insert must be one dimensional")
            indices = np.flatnonzero(indices)
        elif indices.ndim > 1:
            raise ValueError("index array argument obj to insert must be one dimensional or "
                             "scalar")
    if isinstance(values, ndarray):
        values = values.astype(arr._dtype, copy=False)
    else:
        values = _creation.asarray(np.array(values, dtype=arr._dtype), device=device)
    if values.ndim < arr.ndim:
        values = values.reshape((1,) * (arr.ndim - values.ndim) + values.shape)
    shape = list(arr.shape)
    if indices.size == 1:
        index = indices.item()
        if index < -n or index > n:
            raise IndexError(f"index {obj} is out of bounds for axis {axis} with size {n}")
        if index < 0:
            index += n
        if indices.ndim == 0:
            values = moveaxis(values, 0, axis)
        numnew = values.shape[axis]
        shape[axis] += numnew
        new = _creation.empty(tuple(shape), dtype=arr._dtype, device=device)
        key = [slice(None)] * arr.ndim
        src = list(key)
        key[axis] = slice(None, index)
        _copying.copy_into(new[tuple(key)], arr[tuple(key)])
        key[axis] = slice(index, index + numnew)
        _copying.copy_into(new[tuple(key)], values)
        key[axis] = slice(index + numnew, None)
        src[axis] = slice(index, None)
        _copying.copy_into(new[tuple(key)], arr[tuple(src)])
        return new
    if indices.size == 0 and not isinstance(obj, np.ndarray):
        indices = indices.astype(np.intp)
    # NumPy's own index arithmetic, on the host: errors and wrap-around are exactly its.
    indices[indices < 0] += n
    numnew = len(indices)
    order = indices.argsort(kind="mergesort")
    indices[order] += np.arange(numnew)
    shape[axis] += numnew
    old_mask = np.ones(shape[axis], dtype=bool)
    old_mask[indices] = False
    indices = indices % shape[axis]
    new = _creation.empty(tuple(shape), dtype=arr._dtype, device=device)
    block_shape = list(shape)
    block_shape[axis] = numnew
    block = _creation.empty(tuple(block_shape), dtype=arr._dtype, device=device)
    _copying.copy_into(block, values)
    src = arr if arr.flags.c_contiguous else _copying.copy(arr)
    move_slabs(new, axis, upload(np.flatnonzero(old_mask).astype(np.int64), device), src,
               iota(n, device))
    move_slabs(new, axis, upload(indices.astype(np.int64), device), block, iota(numnew, device))
    return new
