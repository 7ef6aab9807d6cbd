"""Sorting on the device: sort, argsort, lexsort, partition, argpartition, sort_complex.

Every dtype is mapped to order-preserving unsigned key words (gparray/kernels/sort_keys.cl: NaNs
last, -0.0 equal to 0.0, complex in NumPy's order) and the rows of a contiguous (rows, n)
layout are sorted by a stable LSD radix sort (gparray/kernels/sort.cl) that carries the
permutation; values then move by that permutation (gparray/kernels/take.cl). Sorting along any
axis moves the axis last, copies, sorts the rows and moves it back. Every sort is stable, so
``kind`` and ``stable`` only get validated; ``descending=`` (the Array API's) complements the
keys, which keeps equal elements in their original order and puts NaNs first.
"""
import functools

import numpy as np

from .._core import allocate as _allocate, operands as _operands
from .._core.ndarray import ndarray
from .._core.operands import device_array
from .._core.views import normalize_axis, transpose
from .._runtime import dtypes as _dtypes, launch as _launch, programs as _programs
from . import copying as _copying, host_small as _host_small, reduction as _reductions

__all__ = ["argpartition", "argsort", "lexsort", "partition", "sort", "sort_complex"]

_WIDTH_T = {1: "uchar", 2: "ushort", 4: "uint", 8: "ulong", 16: "ulong2"}
_EXP_MASK = {8: "0", 16: "0x7C00", 32: "0x7F800000U", 64: "0x7FF0000000000000UL"}
_KEY_DTYPE = {"uint": np.dtype(np.uint32), "ulong": np.dtype(np.uint64)}
RANK_ROW = 128          # rows up to this long sort by counting ranks (no digit counts)
SKIP_CHECK = 1 << 15    # from this many keys, skip the radix passes whose digit is constant


# -- keys ----------------------------------------------------------------------------------
def key_spec(dtype):
    """(component C type, component bits, kind code, key word C type, words, significant
    bytes per word) for ``dtype``'s keys."""
    if dtype.kind == "c":
        half = dtype.itemsize // 2
        return _WIDTH_T[half], half * 8, 3, "ulong", 2 if half == 8 else 1, 8
    code = {"b": 0, "u": 0, "i": 1, "f": 2}[dtype.kind]
    return (_WIDTH_T[dtype.itemsize], dtype.itemsize * 8, code,
            "ulong" if dtype.itemsize == 8 else "uint", 1, dtype.itemsize)


@functools.cache
def _keys_source(bits_t, nbits, kind, key_t, words):
    defines = [f"#define GP_BITS_T {bits_t}", f"#define GP_NBITS {nbits}",
               f"#define GP_KIND {kind}", f"#define GP_EXP_MASK {_EXP_MASK[nbits]}",
               f"#define GP_KEY_T {key_t}", f"#define GP_WORDS {words}"]
    return "\n".join([*defines, _programs.template("sort_keys.cl")])


@functools.cache
def _radix_source(key_t, bits=8, payload_size=0):
    """sort.cl for one key type; the payload is the permutation, or raw elements of
    ``payload_size`` bytes."""
    defines = [f"#define GP_KEY_T {key_t}", f"#define GP_RADIX_BITS {bits}"]
    if payload_size:
        defines.append(f"#define GP_PAY_T {_WIDTH_T[payload_size]}")
    return "\n".join([*defines, _programs.template("sort.cl")])


@functools.cache
def _take_source(itemsize):
    return "\n".join([f"#define GP_T {_WIDTH_T[itemsize]}", _programs.template("take.cl")])


def make_keys(c, descending=False):
    """Key words of the C-contiguous array ``c``, most significant first: a list of
    ((c.size,) uint32/uint64 arrays, significant bytes) pairs."""
    device = c._device
    bits_t, nbits, kind, key_t, words, passes = key_spec(c._dtype)
    n = c.size
    kdt = _KEY_DTYPE[key_t]
    hi = _allocate.empty((n,), dtype=kdt, device=device)
    lo = _allocate.empty((n,), dtype=kdt, device=device) if words == 2 else hi
    if n:
        knl = _programs.kernel(device, _keys_source(bits_t, nbits, kind, key_t, words),
                               "make_keys", (None, np.int64, np.int64, None, None, np.int32))
        _launch.launch(device, knl, n, [c._buf.cl, c._offset // c.itemsize, n, hi._buf.cl,
                                        lo._buf.cl, int(bool(descending))], "sort keys")
    return [(hi, passes), (lo, passes)] if words == 2 else [(hi, passes)]


# -- moving elements by index ----------------------------------------------------------
def take_rows(src, idx, rowlen, in_rowlen=None):
    """out[i] = src.flat[row(i) * in_rowlen + idx.flat[i]] for C-contiguous ``src`` and int64
    ``idx`` (row(i) = i // rowlen); a new array shaped like ``idx``."""
    device = src._device
    out = _allocate.empty(idx._shape, dtype=src._dtype, device=device)
    total = idx.size
    if total:
        knl = _programs.kernel(device, _take_source(src.itemsize), "take_rows",
                               (None, np.int64, np.int64, None, np.int64, np.int64, np.int64,
                                None, np.int64))
        _launch.launch(device, knl, total,
                       [src._buf.cl, src._offset // src.itemsize,
                        rowlen if in_rowlen is None else in_rowlen, idx._buf.cl,
                        idx._offset // 8, rowlen, total, out._buf.cl, 0], "take")
    return out


def put_rows(src, idx, rowlen, out, out_rowlen=None):
    """out.flat[row(i) * out_rowlen + idx.flat[i]] = src.flat[i] (all C-contiguous)."""
    device = src._device
    total = idx.size
    if total:
        knl = _programs.kernel(device, _take_source(src.itemsize), "put_rows",
                               (None, np.int64, None, np.int64, np.int64, np.int64, None,
                                np.int64, np.int64))
        _launch.launch(device, knl, total,
                       [src._buf.cl, src._offset // src.itemsize, idx._buf.cl,
                        idx._offset // 8, rowlen, total, out._buf.cl,
                        out._offset // out.itemsize,
                        rowlen if out_rowlen is None else out_rowlen], "put")
    return out


def compact(src, flags, positions, count):
    """The elements of 1-D contiguous ``src`` where ``flags`` (bool) is set, in order, given
    the inclusive running count ``positions`` (int64) of the flags and their total."""
    device = src._device
    out = _allocate.empty((count,), dtype=src._dtype, device=device)
    n = src.size
    if n and count:
        knl = _programs.kernel(device, _take_source(src.itemsize), "compact",
                               (None, np.int64, None, np.int64, None, np.int64, np.int64, None,
                                np.int64))
        _launch.launch(device, knl, n,
                       [src._buf.cl, src._offset // src.itemsize, flags._buf.cl, flags._offset,
                        positions._buf.cl, positions._offset // 8, n, out._buf.cl, 0],
                       "compact")
    return out


# -- the radix sort ------------------------------------------------------------------------
def _radix_rows(word, idx, rows, n, keybits, values=None):
    """Stably sort each row of the (rows * n,) key array ``word`` (consumed), carrying the
    int64 payload ``idx`` (None: each element's index in its row), or else the elements of
    the contiguous array ``values`` (left as it is). Returns (payload, keys), both in sorted
    order."""
    device = word._device
    key_t = "ulong" if word.itemsize == 8 else "uint"
    bits = 8
    pay_dtype = np.dtype(np.int64) if values is None else values._dtype
    source = _radix_source(key_t, bits, 0 if values is None else values.itemsize)
    first = idx is None and values is None
    if values is not None:
        idx = values
    if n <= RANK_ROW:
        word2 = _allocate.empty(word._shape, dtype=word._dtype, device=device)
        idx2 = _allocate.empty((rows * n,), dtype=pay_dtype, device=device)
        knl = _programs.kernel(device, source, "rank_sort",
                               (None, None, None, None, np.int64, np.int64, np.int32))
        _launch.launch(device, knl, rows * n,
                       [word._buf.cl, (word if first else idx)._buf.cl, word2._buf.cl,
                        idx2._buf.cl, n, rows * n, int(first)], "sort")
        return idx2, word2
    if first:
        idx = _allocate.empty((rows * n,), dtype=np.int64, device=device)
    if keybits > 8 and rows * n >= SKIP_CHECK:
        keybits = _needed_bits(word, keybits)
    passes = -(-keybits // bits)
    radix = 1 << bits
    # Enough blocks in all for the compute units, few enough that the scan stays short.
    nblocks = max(1, min(-(-n // 256), -(-256 // rows)))
    block = -(-n // nblocks)
    nblocks = -(-n // block)
    total = rows * nblocks
    counts = _allocate.empty((total * radix,), dtype=np.int64, device=device)
    word2 = _allocate.empty(word._shape, dtype=word._dtype, device=device)
    idx2 = _allocate.empty((rows * n,), dtype=pay_dtype, device=device)
    spare = _allocate.empty((rows * n,), dtype=pay_dtype, device=device) \
        if values is not None else None
    count = _programs.kernel(device, source, "radix_count",
                             (None, None, np.int64, np.int64, np.int64, np.int64, np.int32))
    totals = _allocate.empty((rows * radix,), dtype=np.int64, device=device)
    scan_blocks = _programs.kernel(device, source, "radix_scan_blocks",
                                   (None, None, np.int64, np.int64))
    scan_digits = _programs.kernel(device, source, "radix_scan_digits", (None, np.int64))
    scatter = _programs.kernel(device, source, "radix_scatter",
                               (None, None, None, None, None, None, np.int64, np.int64,
                                np.int64, np.int64, np.int32, np.int32))
    for p in range(passes):
        shift = bits * p
        _launch.launch(device, count, total, [word._buf.cl, counts._buf.cl, n, nblocks, block,
                                              total, shift], "sort")
        _launch.launch(device, scan_blocks, rows * radix,
                       [counts._buf.cl, totals._buf.cl, nblocks, rows * radix], "sort")
        _launch.launch(device, scan_digits, rows, [totals._buf.cl, rows], "sort")
        _launch.launch(device, scatter, total,
                       [word._buf.cl, idx._buf.cl, word2._buf.cl, idx2._buf.cl, counts._buf.cl,
                        totals._buf.cl, n, nblocks, block, total, shift,
                        int(first and p == 0)], "sort")
        word, word2, idx, idx2 = word2, word, idx2, idx
        if spare is not None:
            # never write into the caller's values: the second output buffer replaces them
            idx2, spare = spare, None
    return idx, word


def _needed_bits(word, keybits):
    """Low key bits that can change the order: the bits above the highest bit in which the
    smallest and largest key differ are the same in every key."""

    low = int(_reductions.min(word).item())
    high = int(_reductions.max(word).item())
    return max(1, min(keybits, (low ^ high).bit_length()))


def sort_words(words, rows, n, keys=False):
    """The row-local permutation (int64, (rows * n,)) that stably sorts rows by the key
    words ``words`` (each a ((rows * n,) array, significant bytes) pair), least significant
    first. The first word's array is consumed unless ``keys``; with ``keys`` the result is
    (permutation, the words in sorted order, as such pairs, in the given order)."""
    gather_keys = keys and len(words) > 1
    idx = last = None
    for k, (word, nbytes) in enumerate(words):
        if idx is not None:
            word = take_rows(word, idx, n)
        elif gather_keys:
            word = _copying.copy(word)
        idx, last = _radix_rows(word, idx, rows, n, 8 * nbytes)
    if not keys:
        return idx
    if gather_keys:
        return idx, [(take_rows(w, idx, n), p) for w, p in words]
    return idx, [(last, words[0][1])]


def _rows(a, axis):
    """(C-contiguous array with ``axis`` moved last, the axis order used)."""
    order = [i for i in range(a.ndim) if i != axis] + [axis]
    moved = transpose(a, order) if order != list(range(a.ndim)) else a
    if not moved.flags.c_contiguous:
        moved = _copying.copy(moved)
    return moved, order


def _unmove(flat, moved_shape, order):
    """The (rows * n,) result in the moved layout, returned to the original axis order as a
    C-contiguous array."""
    out = flat.reshape(moved_shape)
    if order == list(range(len(order))):
        return out
    inverse = [order.index(i) for i in range(len(order))]
    return _copying.copy(transpose(out, inverse))


def _check_kind(kind, stable):
    if kind is not None:
        if stable is not None:
            raise ValueError("`kind` and keyword parameters can't be provided at the same "
                             "time. Use only one of them.")
        if not isinstance(kind, str):
            raise TypeError(f"sort kind must be str, not {type(kind).__name__}")
        if not kind or kind[0].lower() not in "qhms":
            raise ValueError(f"sort kind must be one of 'quick', 'heap', or 'stable' "
                             f"(got {kind!r})")


def _prepare(a, axis, order):
    a = device_array(a)
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")
    if axis is None:
        a = a.reshape(-1)
        axis = 0
    axis = normalize_axis(axis, a.ndim)
    return a, axis


def _argsort_axis(a, axis, descending=False):
    """(row-local permutation (rows * n,), contiguous moved array, axis order)."""
    c, order = _rows(a, axis)
    n = c._shape[-1]
    rows = c.size // n if n else 0
    if c.size == 0:
        return _allocate.empty((0,), dtype=np.int64, device=a._device), c, order
    words = make_keys(c, descending)
    return sort_words(words[::-1], rows, n), c, order


def argsort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """Indices that sort ``a`` along ``axis`` (int64), stably (``kind`` and ``stable`` are
    accepted; every sort here is stable). NaNs last; ``descending=True`` (Array API) sorts
    from largest to smallest keeping equal elements in order."""
    _check_kind(kind, stable)
    a = device_array(a)
    if not descending and order is None:
        result = _host_small.call("sort", a, np.argsort, axis=axis, kind="stable")
        if result is not None:
            return result
    if a.ndim == 0:
        a = a.reshape(1)      # NumPy sorts a 0-d array as a 1-element one here
    a, axis = _prepare(a, axis, order)
    idx, c, order_ = _argsort_axis(a, axis, descending)
    return _unmove(idx, c._shape, order_)


def sort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """A sorted copy of ``a`` along ``axis`` (None: flattened), stably, NaNs last (first with
    the Array API's ``descending=True``)."""
    _check_kind(kind, stable)
    if not descending and order is None:
        result = _host_small.call("sort", a, np.sort, axis=axis, kind="stable")
        if result is not None:
            return result
    a, axis = _prepare(a, axis, order)
    c, order_ = _rows(a, axis)
    if c.size == 0:
        return _unmove(_allocate.empty((0,), dtype=a._dtype, device=a._device), c._shape,
                       order_)
    n = c._shape[-1]
    words = make_keys(c, descending)
    if len(words) > 1:
        idx = sort_words(words[::-1], c.size // n, n)
        return _unmove(take_rows(c, idx, n), c._shape, order_)
    # one key word: the values themselves ride along with the keys, no permutation needed
    if c._offset:
        c = _copying.copy(c)
    values, _ = _radix_rows(words[0][0], None, c.size // n, n, 8 * words[0][1], values=c)
    return _unmove(values, c._shape, order_)


def _kth_array(kth, n):
    values = np.asarray(kth)
    if values.dtype == np.bool_:
        raise ValueError("Booleans unacceptable as partition index")
    if values.dtype.kind not in "iu":
        raise TypeError("Partition index must be integer")
    for k in values.ravel():
        k = int(k)
        if not -n <= k < n:
            raise ValueError(f"kth(={k}) out of bounds ({n})")


def _partition_args(a, kth, axis, kind, order):
    if kind != "introselect":
        raise ValueError(f"select kind must be 'introselect' (got {kind!r})")
    a, axis = _prepare(a, axis, order)
    _kth_array(kth, a._shape[axis])
    return a, axis


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """A partitioned copy: the element at each ``kth`` is where a sort would put it, smaller
    ones before, larger ones after. Computed as a full (stable) sort, which is one valid
    partition; NumPy leaves the order inside the parts unspecified."""
    a, axis = _partition_args(a, kth, axis, kind, order)
    return sort(a, axis=axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """Indices that partition ``a`` (see ``partition``): a stable argsort."""
    a = device_array(a)
    if a.ndim == 0:
        a = a.reshape(1)      # as NumPy's argpartition (and argsort) of a 0-d array
    a, axis = _partition_args(a, kth, axis, kind, order)
    return argsort(a, axis=axis)


def lexsort(keys, axis=-1):
    """Indices sorting by several keys, the last key primary (NumPy's lexsort), stably."""
    if isinstance(keys, ndarray):
        key_list = [keys[i] for i in range(keys._shape[0])] if keys.ndim else []
    elif isinstance(keys, (list, tuple)):
        key_list = [device_array(k) for k in keys]
    else:
        key_list = [device_array(k) for k in np.asarray(keys)] if np.ndim(keys) else []
    if not key_list:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    device = key_list[0]._device
    key_list = [k if isinstance(k, ndarray) else _operands.asarray(k, device=device)
                for k in key_list]
    shape = key_list[0]._shape
    if any(k._shape != shape for k in key_list):
        raise ValueError("all keys need to be the same shape")
    if not shape:
        return _allocate.zeros((), dtype=np.int64, device=device)
    axis = normalize_axis(axis, len(shape))
    words, c, order = [], None, None
    for k in key_list:
        c, order = _rows(k, axis)
        if c.size:
            words.extend(make_keys(c)[::-1])
    n = c._shape[-1]
    if c.size == 0:
        return _unmove(_allocate.empty((0,), dtype=np.int64, device=device), c._shape, order)
    return _unmove(sort_words(words, c.size // n, n), c._shape, order)


def sort_complex(a):
    """Sort along the last axis and return a complex array (complex64 for 8- and 16-bit
    integers, complex128 otherwise; complex64 on a device without fp64), as NumPy does."""
    a = device_array(a)
    b = sort(a)
    if b._dtype.kind == "c":
        return b
    target = np.complex64 if b._dtype.char in "bhBH" else _dtypes.default_complex(b._device)
    return b.astype(target)


# -- the in-place method forms (ndarray.sort, ndarray.partition) --------------------------
def sort_inplace(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """``a.sort(...)``: sorts ``a`` in place along ``axis`` (NumPy's method; no axis=None)."""
    if axis is None:
        raise TypeError("'NoneType' object cannot be interpreted as an integer")
    _copying.copy_into(a, sort(a, axis=axis, kind=kind, order=order, stable=stable,
                               descending=descending))


def partition_inplace(a, kth, axis=-1, kind="introselect", order=None):
    """``a.partition(kth, ...)``: partitions ``a`` in place (here: sorts it, one valid
    partition)."""
    if axis is None:
        raise TypeError("'NoneType' object cannot be interpreted as an integer")
    _copying.copy_into(a, partition(a, kth, axis=axis, kind=kind, order=order))
