"""Searching and counting on the device: searchsorted, digitize, bincount.

searchsorted compares the order-preserving keys of gparray/kernels/sort_keys.cl (the order sort
uses: NaNs last, -0.0 == 0.0, NumPy's complex order) with a binary search per query
(gparray/kernels/sort.cl). bincount counts few bins per block of the input and sums the blocks; otherwise, and for
weights, it sorts the bin numbers stably and counts or sums each bin's run
(gparray/kernels/histogram.cl), so weighted sums add in NumPy's order.
"""
import functools
import operator

import numpy as np

from . import _creation
from ._core.ndarray import ndarray
from ._core.operands import device_array
from ._engines import copying as _copying, reduction as _reductions, sort as _sorting, ufuncs
from ._runtime import dtypes as _dtypes, launch as _launch, programs as _programs

__all__ = ["bincount", "digitize", "searchsorted"]


def contiguous(a, dtype=None):
    """``a`` as a C-contiguous array of ``dtype`` (itself when it already is one)."""
    if dtype is not None and a._dtype != dtype:
        return a.astype(dtype)
    return a if a.flags.c_contiguous else _copying.copy(a)


def _check_1d(a):
    if a.ndim > 1:
        raise ValueError("object too deep for desired array")
    if a.ndim < 1:
        raise ValueError("object of too small depth for desired array")


def _side(side):
    if side not in ("left", "right"):
        if isinstance(side, str) and side[:1].lower() in ("l", "r"):
            raise ValueError("search side must be one of 'left' or 'right'")
        raise ValueError(f"search side must be 'left' or 'right' (got {side!r})")
    return side == "right"


def search_sorted_keys(a_words, v_words, right):
    """Positions (int64, like v's first word) of the keys ``v_words`` in the sorted keys
    ``a_words`` (make_keys lists, most significant word first)."""
    a_hi, v_hi = a_words[0][0], v_words[0][0]
    device = a_hi._device
    words = len(a_words)
    a_lo = a_words[-1][0]
    v_lo = v_words[-1][0]
    nv = v_hi.size
    out = _creation.empty((nv,), dtype=np.int64, device=device)
    if nv:
        key_t = "ulong" if a_hi.itemsize == 8 else "uint"
        knl = _programs.kernel(device, _sorting._radix_source(key_t), "search_keys",
                               (None, None, np.int64, None, None, np.int64, np.int32, np.int32,
                                None))
        _launch.launch(device, knl, nv, [a_hi._buf.cl, a_lo._buf.cl, a_hi.size, v_hi._buf.cl,
                                         v_lo._buf.cl, nv, words, int(right), out._buf.cl],
                       "searchsorted")
    return out


def _search_dtype(a, v):
    vt = v._dtype if isinstance(v, ndarray) else np.asarray(v).dtype
    return np.result_type(a._dtype, vt)


def searchsorted(a, v, side="left", sorter=None):
    """Indices (int64) where the elements of ``v`` would be inserted into the sorted 1-D
    ``a`` (sorted by ``sorter`` when given) to keep it sorted, with NumPy's ordering of NaNs
    and complex values; a 0-d result for a scalar ``v``."""
    right = _side(side)
    a = device_array(a)
    _check_1d(a)
    device = a._device
    dtype = _search_dtype(a, v)
    _dtypes.check_dtype(dtype, device, "searchsorted")
    v = device_array(v, device=device)
    ac = contiguous(a, dtype)
    if sorter is not None:
        sorter = device_array(sorter, device=device)
        if sorter._dtype.kind not in "iu":
            raise TypeError("sorter must only contain integers")
        if sorter.size != a.size:
            raise ValueError("sorter.size must equal a.size")
        sorter = contiguous(sorter.reshape(-1), np.int64)
        if sorter.size and (_bound(sorter, "min") < 0 or _bound(sorter, "max") >= a.size):
            raise ValueError("Sorter index out of range.")
        ac = _sorting.take_rows(ac, sorter, max(a.size, 1))
    vc = contiguous(v, dtype)
    if a.size == 0 or v.size == 0:
        return _creation.zeros(v._shape, dtype=np.int64, device=device)
    out = search_sorted_keys(_sorting.make_keys(ac), _sorting.make_keys(vc), right)
    return out.reshape(v._shape)


def _bound(a, which):
    return (_reductions.min if which == "min" else _reductions.max)(a).item()


def _monotonicity(bins):
    """1 increasing (or constant), -1 decreasing, 0 neither: NumPy's check for digitize."""

    if bins.size < 2:
        return 1
    lo, hi = bins[:-1], bins[1:]
    if bool(_reductions.all(hi >= lo)):
        return 1
    if bool(_reductions.all(hi <= lo)):
        return -1
    return 0


def digitize(x, bins, right=False):
    """Indices of the bins (monotonic, increasing or decreasing) each element of ``x``
    belongs to, as NumPy's digitize: searchsorted on the device."""
    x = device_array(x)
    bins = device_array(bins, device=x._device)
    if x._dtype.kind == "c":
        raise TypeError("x may not be complex")
    if bins.ndim != 1:
        raise ValueError("object too deep for desired array" if bins.ndim > 1 else
                         "object of too small depth for desired array")
    mono = _monotonicity(bins)
    if mono == 0:
        raise ValueError("bins must be monotonically increasing or decreasing")
    side = "left" if right else "right"
    if mono == -1:
        return ufuncs.subtract(len(bins), searchsorted(bins[::-1], x, side=side))
    return searchsorted(bins, x, side=side)


@functools.cache
def _bincount_source(fp64):
    head = "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n#define GP_W_T double\n" if fp64 \
        else "#define GP_W_T float\n"
    return head + _programs.template("histogram.cl")


BLOCK_COUNT_BINS = 1 << 14     # up to this many bins, unweighted counts need no sort


def _count_in_blocks(xi, n, nbins):
    device = xi._device
    nblocks = max(1, min(256, -(-n // 4096), (1 << 22) // nbins))
    block = -(-n // nblocks)
    nblocks = -(-n // block)
    counts = _creation.empty((nblocks, nbins), dtype=np.int64, device=device)
    knl = _programs.kernel(device, _bincount_source(device.has_fp64), "bincount_blocks",
                           (None, np.int64, np.int64, np.int64, np.int64, None, np.int64))
    _launch.launch(device, knl, nblocks, [xi._buf.cl, xi._offset // 8, n, block, nblocks,
                                          counts._buf.cl, nbins], "bincount")
    return _reductions.sum(counts, axis=0)


def bincount(x, /, weights=None, minlength=0):
    """Occurrences of each value 0..max(x) in the non-negative integers ``x`` (int64), or the
    sums of their ``weights`` (float64, added in NumPy's order); at least ``minlength``
    bins."""
    x = device_array(x)
    device = x._device
    _check_1d(x)
    if minlength is None:
        raise TypeError("use 0 instead of None for minlength")
    minlength = operator.index(minlength)
    if minlength < 0:
        raise ValueError("'minlength' must not be negative")
    if x._dtype.kind not in "biu":
        raise TypeError(f"Cannot cast array data from {x._dtype!r} to dtype('int64') "
                        "according to the rule 'safe'")
    w = None
    wdt = _dtypes.default_float(device)
    if x.size == 0:
        # NumPy answers an empty list with int64 zeros before it looks at the weights
        return _creation.zeros((minlength,), dtype=np.int64, device=device)
    if weights is not None:
        w = device_array(weights, device=device)
        if w._dtype.kind == "c":
            raise TypeError("float() argument must be a string or a real number, not 'complex'")
        if w.size != x.size or w.ndim != 1:
            raise ValueError("The weights and list don't have the same length.")
        w = contiguous(w, wdt)
    xi = contiguous(x, np.int64)
    n = xi.size
    if n and _bound(xi, "min") < 0:
        raise ValueError("'list' argument must have no negative elements")
    nbins = max(minlength, _bound(xi, "max") + 1 if n else 0)
    out_dtype = np.int64 if w is None else wdt
    if nbins == 0:
        return _creation.empty((0,), dtype=out_dtype, device=device)
    if n == 0:
        return _creation.zeros((nbins,), dtype=out_dtype, device=device)
    if w is None and nbins <= BLOCK_COUNT_BINS:
        return _count_in_blocks(xi, n, nbins)
    perm = _sorting.sort_words(_sorting.make_keys(xi)[::-1], 1, n)
    ordered = _sorting.take_rows(xi, perm, n)
    out = _creation.empty((nbins,), dtype=out_dtype, device=device)
    knl = _programs.kernel(device, _bincount_source(device.has_fp64), "bincount_sorted",
                           (None, None, np.int64, None, np.int64, np.int32, None, None,
                            np.int64))
    wbuf = w if w is not None else xi
    _launch.launch(device, knl, nbins,
                   [ordered._buf.cl, perm._buf.cl, n, wbuf._buf.cl,
                    wbuf._offset // wbuf.itemsize, int(w is not None), out._buf.cl,
                    out._buf.cl, nbins], "bincount")
    return out
