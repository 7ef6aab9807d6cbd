"""Advanced indexing (integer arrays, boolean masks, and their mixtures with basic indices)
and ``ufunc.at``, with NumPy's semantics, on the device.

A key is parsed on the host, from shapes only, into a plan: the result shape R, the element
strides of the indexed array along R's basic dimensions, and the index arrays whose
broadcast shape B makes R's advanced dimensions (in place when the advanced indices are
adjacent in the key, first otherwise; integers count as advanced indices here, as in NumPy).
The device then turns the index arrays into element positions over B (bounds-checked, an
error flag read back before anything is written) and moves the elements
(gparray/kernels/compact.cl, gparray/kernels/gather.cl). Boolean masks become positions through the
on-device compaction of ``_nonzero``; only their counts come back to the host.

Repeated indices: ``x[idx] = v`` keeps NumPy's last write and ``ufunc.at`` applies every
update in index order. On CPU devices both run as one ordered pass per element of the basic
subspace (NumPy's own loop; no atomics, nothing sized by the indexed axes). Elsewhere
(GPUs) assignment runs a winner pass (atomic_max picks, for every position, the largest
index-array place writing it) and then writes in parallel, and ufunc.at buckets the updates
by position on the device and applies each bucket in order in one work-item, distinct
positions in parallel.
"""
import functools
import math
import operator
import threading

import numpy as np

from .._core.allocate import empty, full, zeros
from .._core.basic_indexing import _VALID
from .._core.interop import upload
from .._core.ndarray import ndarray
from .._core.operands import asarray
from .._runtime import cgen as _cgen, dtypes as _dtypes, launch as _launch, programs as _programs
from .._runtime.ufunc_table import COPY, ROWS
from . import compaction as _nonzero, elementwise as _elementwise, host_small as _host_small, ufuncs
from .copying import copy_into
from .elementwise import _collapse, _expression, MAXDIM
from .reduction import min as _min

_TYPES = "arrays used as indices must be of integer (or boolean) type"
_BITS = {1: "uchar", 2: "ushort", 4: "uint", 8: "ulong", 16: "ulong2"}
_I64 = np.dtype(np.int64)
_I32 = np.dtype(np.int32)
_INT_MAX = 2 ** 31 - 1
# Device kinds that apply repeated updates in one ordered pass (see the module docstring).
IN_ORDER_KINDS = {"cpu"}
_OFFSETS = -1                # "axis size" of positions that are element offsets already


def _fmt(shape):
    return str(tuple(shape)).replace(" ", "")


def _prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n


# -- parsing a key -------------------------------------------------------------------------
def _classify(k):
    """One key item as (kind, value): kind is new, ellipsis, slice, int, bool0 (a 0-d boolean,
    host bool or device array), array (integer indices, device or host) or mask (a boolean
    array of rank >= 1, device or host)."""
    if k is None:
        return "new", None
    if k is Ellipsis:
        return "ellipsis", None
    if isinstance(k, slice):
        return "slice", k
    if isinstance(k, (bool, np.bool_)):
        return "bool0", bool(k)
    if isinstance(k, (ndarray, np.ndarray)):
        kind = k.dtype.kind
        if kind == "b":
            if k.ndim == 0:
                return "bool0", k if isinstance(k, ndarray) else bool(k)
            return "mask", k
        if kind in "iu":
            # NumPy reads a 0-d integer array as an integer (checked with the key, before
            # any value), though the result is still a copy: an integer among advanced ones.
            return ("int", int(k)) if k.ndim == 0 else ("array", k)
        raise IndexError(_TYPES)
    if isinstance(k, (int, np.integer)):
        return "int", int(k)
    if isinstance(k, (list, tuple)):
        try:
            host = np.asarray(k)
        except (ValueError, TypeError):
            raise IndexError(_VALID) from None
        if host.size == 0 and host.dtype.kind not in "biu":
            host = host.astype(np.intp)       # NumPy reads an empty sequence as intp
        if host.dtype.kind not in "biu":
            raise IndexError(_VALID)
        return _classify(host)
    if hasattr(k, "__index__") and not hasattr(k, "shape"):
        return "int", operator.index(k)
    raise IndexError(_VALID)


class _Index:
    """One array-valued advanced index, in positions: ``arr`` (int64 on the device, any
    strides) holds indices along an axis of ``size`` elements ``stride`` apart (``check``:
    bounds-check them), or, for masks, already-checked element offsets."""

    __slots__ = ("arr", "size", "stride", "axis", "check")

    def __init__(self, arr, size, stride, axis, check):
        self.arr, self.size, self.stride, self.axis, self.check = arr, size, stride, axis, check


class _Plan:
    """``a[key]`` on the host: the result ``shape`` R; ``base`` (element offset of a's first
    element reached, integers and slice starts included); ``strides`` (a's element strides
    along R, 0 on the advanced dimensions); advanced dimensions ``bshape`` at ``bstart``;
    ``indices`` (_Index list); ``indexed`` ((length, stride) of every axis an index array or
    mask walks, for telling repeated positions apart); ``repeats`` (whether a position can
    repeat: integer arrays present); ``single_mask`` (the key is one mask as deep as ``a``,
    which NumPy's assignment treats specially)."""

    __slots__ = ("shape", "base", "strides", "bstart", "bshape", "indices", "indexed",
                 "repeats", "single_mask")


def _check_mask(shape, mask, axis):
    for d, m in enumerate(mask.shape):
        if m != shape[axis + d]:
            raise IndexError(f"boolean index did not match indexed array along axis "
                             f"{axis + d}; size of axis is {shape[axis + d]} but size of "
                             f"corresponding boolean axis is {m}")


def _device_index(v, device):
    if isinstance(v, ndarray):
        if v._device is not device:
            raise ValueError(f"the index array is on {v._device} and the indexed array on "
                             f"{device}; move one of them with x.to_device(d)")
        return v
    return upload(np.asarray(v, order="C"), device)


def _plan(a, key):
    device = a._device
    items = key if isinstance(key, tuple) else (key,)
    entries = [_classify(k) for k in items]
    if sum(1 for kind, _ in entries if kind == "ellipsis") > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    consumed = sum(v.ndim if kind == "mask" else 1 for kind, v in entries
                   if kind in ("int", "slice", "array", "mask"))
    ndim = a.ndim
    if consumed > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, but "
                         f"{consumed} were indexed")
    single_mask = len(entries) == 1 and entries[0][0] == "mask" and entries[0][1].ndim == ndim
    if not any(kind == "ellipsis" for kind, _ in entries):
        entries.append(("ellipsis", None))       # the untouched trailing axes
    item = a.itemsize
    shape = a._shape
    strides = [s // item for s in a._strides]
    base = a._offset // item
    pre, post = [], []            # basic (length, stride) before / after the first advanced
    fancy_at = []                 # where the advanced entries sit in the key
    fancy = []                    # (kind, value, axis) of each advanced entry
    axis = 0
    for position, (kind, v) in enumerate(entries):
        dims = post if fancy_at else pre
        if kind == "new":
            dims.append((1, 0))
        elif kind == "ellipsis":
            for _ in range(ndim - consumed):
                dims.append((shape[axis], strides[axis]))
                axis += 1
        elif kind == "slice":
            n, st = shape[axis], strides[axis]
            start, stop, step = v.indices(n)
            length = len(range(start, stop, step))
            if length:
                base += start * st
            dims.append((length, st * step))
            axis += 1
        elif kind == "int":
            n = shape[axis]
            if not -n <= v < n:
                raise IndexError(f"index {v} is out of bounds for axis {axis} with size {n}")
            base += (v + n if v < 0 else v) * strides[axis]
            fancy_at.append(position)
            fancy.append((kind, v, axis))
            axis += 1
        elif kind == "array":
            fancy_at.append(position)
            fancy.append((kind, v, axis))
            axis += 1
        elif kind == "mask":
            _check_mask(shape, v, axis)
            fancy_at.append(position)
            fancy.append((kind, v, axis))
            axis += v.ndim
        else:   # bool0
            fancy_at.append(position)
            fancy.append((kind, v, None))
    # The index arrays, on the device, with the shapes NumPy broadcasts (and names in errors).
    indices, shapes, indexed, repeats = [], [], [], False
    for kind, v, ax in fancy:
        if kind == "array":
            arr = _device_index(v, device)
            if arr._dtype != _I64:
                arr = arr.astype(_I64)            # as NumPy's cast to intp (wrapping)
            indices.append(_Index(arr, shape[ax], strides[ax], ax, True))
            shapes.append(arr._shape)
            indexed.append((shape[ax], strides[ax]))
            repeats = True
        elif kind == "mask":
            mask = _device_index(v, device)
            k = mask.ndim
            offsets = _nonzero.compact(mask, strides=strides[ax:ax + k])
            indices.append(_Index(offsets, _OFFSETS, 1, None, False))
            shapes.extend([offsets._shape] * k)
            indexed.extend(zip(shape[ax:ax + k], strides[ax:ax + k]))
        elif kind == "bool0":
            shapes.append((int(bool(v)),))      # a 0-d device bool is read: its count
    try:
        bshape = np.broadcast_shapes(*shapes) if shapes else ()
    except ValueError:
        raise IndexError("shape mismatch: indexing arrays could not be broadcast together "
                         "with shapes " + "".join(_fmt(s) + " " for s in shapes)) from None
    plan = _Plan()
    consecutive = fancy_at == list(range(fancy_at[0], fancy_at[-1] + 1)) if fancy_at else True
    basic = pre + post
    plan.bstart = len(pre) if consecutive else 0
    before, after = (pre, post) if consecutive else ([], basic)
    plan.shape = tuple(n for n, _ in before) + tuple(bshape) + tuple(n for n, _ in after)
    plan.strides = tuple(s for _, s in before) + (0,) * len(bshape) + tuple(s for _, s in after)
    plan.base = base
    plan.bshape = tuple(bshape)
    plan.indices = indices
    plan.indexed = indexed
    plan.repeats = repeats and _prod(bshape) > 1
    plan.single_mask = single_mask
    return plan


def _aligned_strides(arr, shape):
    """Element strides of ``arr`` broadcast (right-aligned) to ``shape``."""
    pad = len(shape) - arr.ndim
    item = arr.itemsize
    return [0] * pad + [0 if n == 1 else s // item for n, s in zip(arr._shape, arr._strides)]


def _c_strides(shape):
    out, acc = [], 1
    for n in reversed(shape):
        out.append(acc)
        acc *= n
    return out[::-1]


# -- positions -----------------------------------------------------------------------------
def _raise_out_of_bounds(index, bshape, j):
    """IndexError for the element of ``index`` at flat place ``j`` of the broadcast shape."""
    coords = np.unravel_index(j, bshape) if bshape else ()
    arr = index.arr
    pad = len(bshape) - arr.ndim
    own = tuple(0 if n == 1 else c for n, c in zip(arr._shape, coords[pad:]))
    value = int(arr[own].get())
    raise IndexError(f"index {value} is out of bounds for axis {index.axis} with size "
                     f"{index.size}")


_local = threading.local()
_MAX_FLAGS = 64               # index arrays in one key, at most (one per dimension)


def _error_flags(device):
    """This thread's int32 error flags on ``device``, all _INT_MAX: kernels write one only
    when an index is out of bounds, and ``_read_flags`` puts them back, so the buffer is
    uploaded once rather than per operation."""

    cache = getattr(_local, "flags", None)
    if cache is None:
        cache = _local.flags = {}
    flags = cache.get(device)
    if flags is None:
        flags = cache[device] = upload(np.full(_MAX_FLAGS, _INT_MAX, dtype=np.int32), device)
    return flags


def _read_flags(device, n):
    """The first ``n`` error flags (waiting for the device), reset if any was set."""

    import pyopencl as cl

    flags = _error_flags(device)
    host = flags[:n].get()
    if (host != _INT_MAX).any():
        reset = np.full(n, _INT_MAX, dtype=np.int32)
        with device.lock:
            cl.enqueue_copy(device.queue, flags._buf.cl, reset, is_blocking=True)
    return host


def _positions(a, plan):
    """Element offsets (relative to ``plan.base``) of every place of B, int64, C-contiguous;
    indices are checked on the device and IndexError raised here, before any write."""

    device = a._device
    bshape = plan.bshape
    n = _prod(bshape)
    indices = plan.indices
    if len(indices) == 1 and not indices[0].check and indices[0].arr._shape == bshape:
        return indices[0].arr                       # a mask's offsets are checked already
    if not indices or n == 0:
        return zeros(bshape, dtype=_I64, device=device)
    pos = empty(bshape, dtype=_I64, device=device)
    err = _error_flags(device)
    knl = _nonzero.kernel(device, "index_offsets", (None, None, np.int64, None, np.int32,
                                                    np.int64, np.int64, np.int64, np.int32,
                                                    None, np.int32))
    c_strides = _c_strides(bshape)
    for k, index in enumerate(indices):
        arr = index.arr
        cshape, (own, _) = _collapse(bshape, [_aligned_strides(arr, bshape), c_strides])
        _launch.launch(device, knl, n, [pos._buf.cl, arr._buf.cl, arr._offset // 8,
                                        _nonzero.dims(cshape, own), len(cshape), n, index.size,
                                        index.stride, int(k > 0), err._buf.cl, k], "indexing")
    if any(index.check for index in indices):
        flags = _read_flags(device, len(indices))
        for k, index in enumerate(indices):
            if flags[k] != _INT_MAX:
                _raise_out_of_bounds(index, bshape, int(flags[k]))
    return pos


def _slots(plan):
    """(lo, g, span): repeated positions share the slot (pos - lo) // g in [0, span)."""
    lo = hi = g = 0
    for n, st in plan.indexed:
        if n <= 1 or st == 0:
            continue
        ext = (n - 1) * st
        if ext < 0:
            lo += ext
        else:
            hi += ext
        g = math.gcd(g, abs(st))
    if g == 0:
        return 0, 1, 1
    return lo, g, (hi - lo) // g + 1


# -- moving elements -----------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _move_source(itemsize, fp64):
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", _programs.template("prelude.cl"),
                      f"#define GP_T {_BITS[itemsize]}", f"#define GP_MAXDIM {MAXDIM}",
                      _programs.template("gather.cl")])


_LAYOUT_ARGS = (None, np.int64, None, np.int64, None, np.int64, None, np.int32, np.int64)


def _move(device, name, itemsize, arrays, offsets, shape, stride_lists, extra, extra_dtypes):
    """Launch gather or scatter over ``shape`` with the three operands' element strides,
    collapsing dimensions; ranks beyond MAXDIM loop over the leading ones on the host."""
    n = _prod(shape)
    if n == 0:
        return
    source = _move_source(itemsize, device.has_fp64)
    knl = _programs.kernel(device, source, name, _LAYOUT_ARGS + extra_dtypes)
    cshape, cstrides = _collapse(shape, stride_lists)
    lead = max(0, len(cshape) - MAXDIM)
    inner_shape = cshape[lead:]
    lay = np.zeros((4, MAXDIM), dtype=np.int64)
    lay[0, :len(inner_shape)] = inner_shape
    for k in range(3):
        lay[1 + k, :len(inner_shape)] = cstrides[k][lead:]
    inner = _prod(inner_shape)
    for outer in (np.ndindex(*cshape[:lead]) if lead else ((),)):
        offs = [o + sum(i * s for i, s in zip(outer, st[:lead]))
                for o, st in zip(offsets, cstrides)]
        args = [arrays[0], offs[0], arrays[1], offs[1], arrays[2], offs[2], lay, len(inner_shape),
                inner, *extra]
        _launch.launch(device, knl, inner, args, "indexing")


def _collapsed_rank(shape, stride_lists):
    return len(_collapse(shape, stride_lists)[0])


def getitem(a, key):
    """``a[key]`` for a key with integer arrays, boolean masks or 0-d booleans: a new array."""
    result = _host_small.getitem(a, key)
    if result is not None:
        return result

    plan = _plan(a, key)
    device = a._device
    out = empty(plan.shape, dtype=a._dtype, device=device)
    bshape, bstart = plan.bshape, plan.bstart
    nb = len(bshape)
    x_strides = list(plan.strides)
    out_strides = _c_strides(plan.shape)
    indices = plan.indices
    if out.size and len(indices) == 1 and indices[0].arr._shape == bshape:
        # One index array: gather straight from it, checking bounds on the way.
        index = indices[0]
        arr = index.arr
        pos_strides = [0] * len(plan.shape)
        pos_strides[bstart:bstart + nb] = _aligned_strides(arr, bshape)
        stride_lists = [x_strides, pos_strides, out_strides]
        if _collapsed_rank(plan.shape, stride_lists) <= MAXDIM:
            err = _error_flags(device)
            _move(device, "gather", a.itemsize, [a._buf.cl, arr._buf.cl, out._buf.cl],
                  [plan.base, arr._offset // 8, 0], plan.shape, stride_lists,
                  [index.size, index.stride, err._buf.cl], (np.int64, np.int64, None))
            if index.check:
                first = int(_read_flags(device, 1)[0])
                if first != _INT_MAX:
                    coords = np.unravel_index(first, plan.shape)
                    _raise_out_of_bounds(index, bshape,
                                         int(np.ravel_multi_index(coords[bstart:bstart + nb],
                                                                  bshape)) if nb else 0)
            return out
    pos = _positions(a, plan)
    pos_strides = [0] * len(plan.shape)
    pos_strides[bstart:bstart + nb] = _c_strides(bshape)
    # pos doubles as the (never written) error buffer: its offsets are all in bounds.
    _move(device, "gather", a.itemsize, [a._buf.cl, pos._buf.cl, out._buf.cl],
          [plan.base, pos._offset // 8, 0], plan.shape, [x_strides, pos_strides, out_strides],
          [_OFFSETS, 1, pos._buf.cl], (np.int64, np.int64, None))
    return out


# -- assignment ----------------------------------------------------------------------------
def _value_error(vshape, shape):
    return ValueError(f"shape mismatch: value array of shape {_fmt(vshape)} could not be "
                      f"broadcast to indexing result of shape {_fmt(shape)}")


def _trailing(shape, ndim):
    """NumPy drops a value's extra leading dimensions by reshaping it to its trailing
    ``ndim`` ones (which works when those hold all its elements: leading ones, or an empty
    value); None when that reshape fails."""
    shape = tuple(shape)
    if len(shape) <= ndim:
        return shape
    kept = shape[len(shape) - ndim:]
    return kept if _prod(kept) == _prod(shape) else None


def _values(a, value, shape):
    """``value`` as a device array of a's dtype broadcastable to ``shape`` (leading length-1
    dimensions dropped), converted as NumPy's assignment converts it."""

    device = a._device
    if isinstance(value, ndarray):
        host = None
        vshape = value._shape
    else:
        host = value if isinstance(value, np.ndarray) else None
        if host is None:
            # Python scalars and sequences convert straight to a's dtype, as NumPy does
            # (so a Python int out of range raises OverflowError).
            host = np.asarray(value, dtype=a._dtype if not isinstance(value, np.generic)
                              else None)
        vshape = host.shape
    stripped = _trailing(vshape, len(shape))
    try:
        if stripped is None or np.broadcast_shapes(stripped, shape) != tuple(shape):
            raise ValueError
    except ValueError:
        raise _value_error(vshape, shape) from None
    if host is not None:
        if host.dtype.kind not in "biufc":
            host = np.asarray(host, dtype=a._dtype)
        if host.dtype == a._dtype:
            return asarray(np.ascontiguousarray(host).reshape(stripped), device=device)
        value = asarray(np.ascontiguousarray(host), device=device)
    elif value._device is not device:
        value = value.to_device(device)
    value = value.reshape(stripped)
    if value._dtype == a._dtype and value._buf is not a._buf:
        return value
    out = empty(stripped, dtype=a._dtype, device=device)
    copy_into(out, value)
    return out


def _size(value):
    return value.size if isinstance(value, (ndarray, np.ndarray)) else np.size(value)


def _ndim(value):
    return value.ndim if isinstance(value, (ndarray, np.ndarray)) else np.ndim(value)


def _mask_fill(a, mask, value):
    """``a[mask] = value`` for a mask over leading axes and a single value: a masked copy,
    with no compaction (and no count read back)."""

    if _ndim(value) > 1 and mask.ndim == a.ndim:
        raise TypeError("NumPy boolean array indexing assignment requires a 0 or "
                        f"1-dimensional input, input has {_ndim(value)} dimensions")
    _check_mask(a._shape, mask, 0)
    mask = _device_index(mask, a._device)
    if isinstance(value, ndarray):
        source = _values(a, value, ())
    else:
        # A host value goes by value, so the masked copy runs as a contiguous kernel.
        # NumPy's conversions: Python values straight to a's dtype (OverflowError for an
        # int out of range), NumPy values by an unsafe cast (ComplexWarning from NumPy).
        host = np.asarray(value) if isinstance(value, (np.ndarray, np.generic)) else \
            np.asarray(value, dtype=a._dtype)
        scalar = host.reshape(()).astype(a._dtype)[()]
        source = _elementwise.Scalar(np.float32(scalar) if a._dtype == _dtypes.float16
                                     else scalar, a._dtype)
    extra = a.ndim - mask.ndim
    where = mask._view(mask._offset, mask._shape + (1,) * extra, mask._strides + (0,) * extra)
    _elementwise.run(a._device, COPY, (a._dtype, a._dtype), [source], [a], where=where)


def setitem(a, key, value):
    """``a[key] = value`` with NumPy's broadcasting, casting and errors; repeated indices end
    with the last value written. Indices are checked before anything is written."""
    if _host_small.setitem(a, key, value):
        return

    items = key if isinstance(key, tuple) else (key,)
    if len(items) == 1 and _size(value) == 1:
        kind, mask = _classify(items[0])
        if kind == "mask" and mask.ndim <= a.ndim:
            _mask_fill(a, mask, value)
            return
    plan = _plan(a, key)
    device = a._device
    if plan.single_mask:
        if _ndim(value) > 1:
            raise TypeError("NumPy boolean array indexing assignment requires a 0 or "
                            f"1-dimensional input, input has {_ndim(value)} dimensions")
        count = plan.shape[0]
        if _size(value) not in (1, count):
            raise ValueError(f"NumPy boolean array indexing assignment cannot assign "
                             f"{_size(value)} input values to the {count} output values where "
                             "the mask is true")
    vals = _values(a, value, plan.shape)
    pos = _positions(a, plan)
    if not a.size or not _prod(plan.shape):
        return
    if plan.repeats and device.kind in IN_ORDER_KINDS:
        packed = _pack(vals, plan, a._dtype)
        _apply(a, plan, pos, packed, _assign_source(a.itemsize, device.has_fp64), 2)
        return
    nb = len(plan.bshape)
    bstart = plan.bstart
    pos_strides = [0] * len(plan.shape)
    pos_strides[bstart:bstart + nb] = _c_strides(plan.bshape)
    lo, g, span = _slots(plan)
    win, use_win = pos, 0
    if plan.repeats:
        nbs = _prod(plan.bshape)
        if nbs > _INT_MAX:
            raise ValueError("gparray: more than 2**31 - 1 index positions in one assignment")
        win = full((span,), -1, dtype=_I32, device=device)
        knl = _nonzero.kernel(device, "winner", (None, np.int64, np.int64, np.int64, None))
        _launch.launch(device, knl, nbs, [pos._buf.cl, nbs, lo, g, win._buf.cl], "indexing")
        use_win = 1
    _move(device, "scatter", a.itemsize, [a._buf.cl, pos._buf.cl, vals._buf.cl],
          [plan.base, pos._offset // 8, vals._offset // vals.itemsize], plan.shape,
          [list(plan.strides), pos_strides, _aligned_strides(vals, plan.shape)],
          [win._buf.cl, use_win, lo, g], (None, np.int32, np.int64, np.int64))


# -- updates in place: ufunc.at and ordered assignment ---------------------------------------
def _at_header(fp64, a_type, b_type, body, dtypes=()):
    headers = [_programs.template("prelude.cl")]
    if dtypes:
        headers.append(_programs.template("npy_math.cl"))
        if any(d.kind == "c" for d in dtypes):
            headers.append(_programs.template("complex.cl"))
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", *headers, "#define GP_AT 1",
                      f"#define GP_MAXDIM {MAXDIM}", f"#define GP_A_T {a_type}",
                      f"#define GP_B_T {b_type}",
                      "inline void gp_at(__global GP_A_T* A, const long ia, "
                      "__global const GP_B_T* B, const long ib)", "{", *body, "}",
                      _programs.template("gather.cl")])


@functools.lru_cache(maxsize=256)
def _at_source(name, loop, a_dtype, fp64):
    """at_apply with gp_at = one loop of ufunc ``name``, cast back to a's dtype unsafely."""

    row = ROWS[name]
    nin = row.nin
    out_dt = loop[nin]
    b_dtype = loop[1] if nin == 2 else np.dtype(np.uint8)
    body = [f"    const {_cgen.compute_ctype(loop[0])} a = "
            f"{_cgen.cast(_cgen.load(a_dtype, 'A', 'ia'), a_dtype, loop[0])};"]
    if nin == 2:
        body.append(f"    const {_cgen.compute_ctype(loop[1])} b = "
                    f"{_cgen.load(loop[1], 'B', 'ib')};")
    body += [f"    const {_cgen.compute_ctype(out_dt)} r = {_expression(row, loop)};",
             "    " + _cgen.store(a_dtype, "A", "ia", _cgen.cast("r", out_dt, a_dtype))]
    return _at_header(fp64, _cgen.ctype(a_dtype), _cgen.ctype(b_dtype), body,
                      (*loop, a_dtype))


@functools.lru_cache(maxsize=16)
def _assign_source(itemsize, fp64):
    """at_apply with gp_at = a plain store: ordered assignment, one program per width."""
    bits = _BITS[itemsize]
    return _at_header(fp64, bits, bits, ["    A[ia] = B[ib];"])


_AT_ARGS = (None, np.int64, None, None, np.int64, np.int64, np.int64, None, None, None,
            np.int64, np.int64, np.int32, None, np.int32, np.int64, np.int64)


def _pack(values, plan, dtype):
    """``values`` (a device array broadcastable to a[key]) laid out for at_apply, in
    ``dtype``: (array, offset, step per position j, step per subspace element t). The
    advanced dimensions come first; one value is broadcast with steps 0."""

    device = values._device
    shape = plan.shape
    nb = len(plan.bshape)
    S = _prod(shape) // max(_prod(plan.bshape), 1)
    if values.size == 1:
        if values._dtype == dtype:
            return values, values._offset // values.itemsize, 0, 0
        one = empty((1,), dtype=dtype, device=device)
        copy_into(one, values.reshape(1))
        return one, 0, 0, 0
    if values._dtype == dtype and values._shape == shape and values.flags.c_contiguous and \
            (plan.bstart == 0 or _prod(shape[:plan.bstart]) == 1):
        return values, values._offset // values.itemsize, S, 1
    order = list(range(plan.bstart, plan.bstart + nb)) + \
        [d for d in range(len(shape)) if not plan.bstart <= d < plan.bstart + nb]
    strides = [s * values.itemsize for s in _aligned_strides(values, shape)]
    view = values._view(values._offset, tuple(shape[d] for d in order),
                        tuple(strides[d] for d in order))
    packed = empty(view._shape, dtype=dtype, device=device)
    copy_into(packed, view)
    return packed, 0, S, 1


def _apply(a, plan, pos, packed, source, mode, buckets=None):
    """Launch at_apply over the positions ``pos`` and the subspace of a[key]; ``mode`` as in
    gather.cl; ``buckets`` = (order, cnt, end, lo, g) for mode 1."""
    device = a._device
    nb = len(plan.bshape)
    inside = range(plan.bstart, plan.bstart + nb)
    sub_shape = tuple(n for d, n in enumerate(plan.shape) if d not in inside)
    sub_strides = [s for d, s in enumerate(plan.strides) if d not in inside]
    nq, S = _prod(plan.bshape), _prod(sub_shape)
    if nq == 0 or S == 0:
        return
    cshape, (cstrides,) = _collapse(sub_shape, [sub_strides])
    lead = max(0, len(cshape) - MAXDIM)        # beyond the layout's rank: loop on the host
    inner_shape = cshape[lead:]
    inner = _prod(inner_shape)
    sub = np.zeros((2, MAXDIM), dtype=np.int64)
    sub[0, :len(inner_shape)] = inner_shape
    sub[1, :len(inner_shape)] = cstrides[lead:]
    vals, b_off, b_sj, b_st = packed
    order, cnt, end, lo, g = buckets or (pos, pos, pos, 0, 1)
    knl = _programs.kernel(device, source, "at_apply", _AT_ARGS)
    for k, outer in enumerate(np.ndindex(*cshape[:lead]) if lead else ((),)):
        a_off = plan.base + sum(i * st for i, st in zip(outer, cstrides[:lead]))
        _launch.launch(device, knl, inner if mode == 2 else nq * inner,
                       [a._buf.cl, a_off, pos._buf.cl, vals._buf.cl, b_off + k * inner * b_st,
                        b_sj, b_st, order._buf.cl, cnt._buf.cl, end._buf.cl, lo, g, mode, sub,
                        len(inner_shape), inner, nq], "at")


def _buckets(device, plan, pos):
    """Group the positions' places j by slot, ascending within each (compact.cl): returns
    (order, cnt, end, lo, g), or None when no position repeats."""

    nq = _prod(plan.bshape)
    if nq > _INT_MAX:
        raise ValueError("gparray: more than 2**31 - 1 index positions in one update")
    lo, g, span = _slots(plan)
    cnt = zeros((span,), dtype=_I32, device=device)
    dup = zeros((1,), dtype=_I32, device=device)
    slot_args = [pos._buf.cl, nq, lo, g]
    slot_dtypes = (None, np.int64, np.int64, np.int64)
    knl = _nonzero.kernel(device, "bucket_count", slot_dtypes + (None, None))
    _launch.launch(device, knl, nq, slot_args + [cnt._buf.cl, dup._buf.cl], "at")
    if not int(dup.get()[0]):
        return None
    end = ufuncs.add.accumulate(cnt, dtype=_I64)
    fill = zeros((span,), dtype=_I32, device=device)
    order = empty((nq,), dtype=_I64, device=device)
    knl = _nonzero.kernel(device, "bucket_fill", slot_dtypes + (None, None, None, None))
    _launch.launch(device, knl, nq, slot_args + [cnt._buf.cl, end._buf.cl, fill._buf.cl,
                                                 order._buf.cl], "at")
    knl = _nonzero.kernel(device, "bucket_sort", (None, None, np.int64, None))
    _launch.launch(device, knl, span, [cnt._buf.cl, end._buf.cl, span, order._buf.cl], "at")
    return order, cnt, end, lo, g


def ufunc_at(uf, a, indices, b=None):
    """``uf.at(a, indices, b)``: ``a[indices] = uf(a[indices], b)`` unbuffered, so repeated
    indices apply once each, in index order, as in NumPy. The loop is NumPy's for the
    operands' dtypes (b as an array, not a weak scalar) and the result is cast back to a's
    dtype unsafely, as NumPy does."""

    if not isinstance(a, ndarray):
        raise TypeError(f"{uf.__name__}.at: the first operand must be a gparray array, got "
                        f"{type(a).__name__}")
    if uf.nout != 1:
        raise ValueError("Only single output ufuncs supported at this time")
    if uf.nin == 1 and b is not None:
        raise ValueError("second operand provided when ufunc is unary")
    if uf.nin == 2 and b is None:
        raise ValueError("second operand needed for ufunc")
    device = a._device
    plan = _plan(a, indices)
    if uf.nin == 2:
        if not isinstance(b, ndarray):
            b = asarray(np.asarray(b), device=device)     # NumPy takes b as an array
        elif b._device is not device:
            raise ValueError(f"arrays are on different devices ({device} and {b._device})")
        loop = uf._np.resolve_dtypes((a._dtype, b._dtype, None), casting="unsafe")
    else:
        loop = uf._np.resolve_dtypes((a._dtype, None), casting="unsafe")
    for dt in loop:
        _dtypes.check_dtype(dt, device, f"{uf.__name__}.at")
    pos = _positions(a, plan)
    packed = (pos, 0, 0, 0)
    if uf.nin == 2:
        shape = plan.shape
        try:
            if b.ndim > len(shape) or np.broadcast_shapes(b._shape, shape) != tuple(shape):
                raise ValueError
        except ValueError:
            raise ValueError("array is not broadcastable to correct shape") from None
        if uf.__name__ == "power" and loop[1].kind == "i" and b.size:
            if int(_min(b)) < 0:
                raise ValueError("Integers to negative integer powers are not allowed.")
        packed = _pack(b, plan, loop[1])
    if not _prod(plan.shape):
        return None
    source = _at_source(uf.__name__, tuple(loop), a._dtype, device.has_fp64)
    if not plan.repeats:
        _apply(a, plan, pos, packed, source, 0)
    elif device.kind in IN_ORDER_KINDS:
        _apply(a, plan, pos, packed, source, 2)
    else:
        buckets = _buckets(device, plan, pos)
        _apply(a, plan, pos, packed, source, 0 if buckets is None else 1, buckets)
    return None
