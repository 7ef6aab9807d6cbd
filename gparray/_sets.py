"""Set operations on the device: unique (and the Array API's unique_all, unique_counts,
unique_inverse, unique_values), isin, intersect1d, union1d, setdiff1d, setxor1d.

unique sorts stably by the keys of gparray/kernels/sort_keys.cl, flags the first element of each
run of equal keys, numbers the runs with the device scan (cumsum) and compacts
(gparray/kernels/take.cl). The only value read back is the number of unique elements, which the
result's shape needs. Because the sort is stable, ``return_index`` gives first occurrences.
Results are always sorted; ``sorted=False`` (whose order NumPy leaves unspecified) gives the
sorted order too. isin binary-searches the sorted keys of the test elements.
"""
from typing import NamedTuple

import numpy as np

from . import _creation, _searching
from ._core.ndarray import ndarray
from ._core.operands import device_array
from ._core.views import normalize_axis, transpose
from ._engines import copying as _copying, reduction as _reductions, sort as _sorting, ufuncs
from ._engines.scan import cumsum
from ._engines.sort import sort
from ._join import concatenate
from ._runtime.dtypes import result_type

__all__ = ["intersect1d", "isin", "setdiff1d", "setxor1d", "union1d", "unique", "unique_all",
           "unique_counts", "unique_inverse", "unique_values"]


class UniqueAllResult(NamedTuple):
    values: ndarray
    indices: ndarray
    inverse_indices: ndarray
    counts: ndarray


class UniqueCountsResult(NamedTuple):
    values: ndarray
    counts: ndarray


class UniqueInverseResult(NamedTuple):
    values: ndarray
    inverse_indices: ndarray


def _has_nan(dtype):
    return dtype.kind in "fc"


def _running_count(flags):
    """(inclusive running count of the bool ``flags`` (int64), total as a Python int)."""

    pos = cumsum(flags.astype(np.int64))
    return pos, (int(pos[-1].item()) if pos.size else 0)


def select(values, mask):
    """values[mask] for 1-D contiguous ``values`` and a bool ``mask`` of the same length."""
    mask = _searching.contiguous(mask)
    pos, count = _running_count(mask)
    return _sorting.compact(_searching.contiguous(values), mask, pos, count)


def _run_starts(keys, sorted_vals, equal_nan, n):
    """bool flags of the elements that start a run of equal sorted elements."""
    flags = _creation.empty((n,), dtype=np.bool_, device=sorted_vals._device)
    flags[0:1] = True
    if n > 1:
        diff = None
        for word, _ in keys:
            d = ufuncs.not_equal(word[1:], word[:-1])
            diff = d if diff is None else ufuncs.logical_or(diff, d)
        if _has_nan(sorted_vals._dtype):
            nan = ufuncs.isnan(sorted_vals)
            if equal_nan:
                both = ufuncs.logical_and(nan[1:], nan[:-1])
                diff = ufuncs.logical_and(diff, ufuncs.logical_not(both))
            else:
                diff = ufuncs.logical_or(diff, nan[1:])
        flags[1:] = diff
    return flags


def _unique_sorted(a, keys, perm, sorted_vals, flags, return_index, return_inverse,
                   return_counts, inverse_shape):
    """unique's outputs from the sorted elements, their permutation and the run starts."""
    device = a._device
    n = sorted_vals._shape[0]
    pos, count = _running_count(flags)
    values = _sorting.compact(sorted_vals, flags, pos, count)
    extra = []
    if return_index:
        extra.append(_sorting.compact(perm, flags, pos, count))
    if return_inverse:
        inv = _creation.empty((n,), dtype=np.int64, device=device)
        _sorting.put_rows(ufuncs.subtract(pos, 1), perm, n, inv)
        extra.append(inv.reshape(inverse_shape))
    if return_counts:
        starts = _sorting.compact(_creation.arange(n, dtype=np.int64, device=device), flags,
                                  pos, count)
        ends = _creation.empty((count,), dtype=np.int64, device=device)
        ends[count - 1:] = n
        if count > 1:
            ends[:-1] = starts[1:]
        extra.append(ufuncs.subtract(ends, starts))
    return values, extra


def _empty_result(a, shape_values, return_index, return_inverse, return_counts, inv_shape):
    device = a._device
    values = _creation.empty(shape_values, dtype=a._dtype, device=device)
    extra = []
    if return_index:
        extra.append(_creation.empty((0,), dtype=np.int64, device=device))
    if return_inverse:
        extra.append(_creation.empty(inv_shape, dtype=np.int64, device=device))
    if return_counts:
        extra.append(_creation.empty((0,), dtype=np.int64, device=device))
    return values, extra


def _unique_flat(a, return_index, return_inverse, return_counts, equal_nan):
    flat = _searching.contiguous(a.reshape(-1))
    n = flat.size
    if n == 0:
        return _empty_result(a, (0,), return_index, return_inverse, return_counts, a._shape)
    words = _sorting.make_keys(flat)
    perm, keys = _sorting.sort_words(words[::-1], 1, n, keys=True)
    sorted_vals = _sorting.take_rows(flat, perm, n)
    flags = _run_starts(keys, sorted_vals, equal_nan, n)
    return _unique_sorted(a, keys, perm, sorted_vals, flags, return_index, return_inverse,
                          return_counts, a._shape)


def _unique_axis(a, axis, return_index, return_inverse, return_counts):
    """Unique slices along ``axis``: the slices compare lexicographically (as NumPy's
    structured view of them does), and a slice containing NaN equals no other."""

    device = a._device
    axis = normalize_axis(axis, a.ndim)
    order = [axis] + [i for i in range(a.ndim) if i != axis]
    moved = transpose(a, order)
    m = moved._shape[0]
    rest = moved._shape[1:]
    k = int(np.prod(rest, dtype=np.int64))
    if m == 0:
        values, extra = _empty_result(a, moved._shape, return_index, return_inverse,
                                      return_counts, (0,))
        return _move_back(values, order), extra
    rows = _searching.contiguous(moved).reshape(m, k)
    if k == 0:
        perm = _creation.arange(m, dtype=np.int64, device=device)
        flags = _creation.zeros((m,), dtype=np.bool_, device=device)
        flags[0:1] = True
        sorted_rows = rows
    else:
        words = _sorting.make_keys(rows)
        columns = [[_copying.copy(w.reshape(m, k)[:, j]) for w, _ in words] for j in range(k)]
        passes = words[0][1]
        ordered = [(col_words[i], passes) for col_words in reversed(columns)
                   for i in reversed(range(len(words)))]
        perm = _sorting.sort_words(ordered, 1, m)
        elem = ufuncs.add(ufuncs.multiply(perm.reshape(m, 1), k),
                             _creation.arange(k, dtype=np.int64, device=device))
        sorted_rows = _sorting.take_rows(rows.reshape(-1), elem.reshape(-1), m * k,
                                         in_rowlen=0).reshape(m, k)
        flags = _creation.empty((m,), dtype=np.bool_, device=device)
        flags[0:1] = True
        if m > 1:
            diff = None
            for w, _ in words:
                ws = _sorting.take_rows(w, elem.reshape(-1), m * k, in_rowlen=0).reshape(m, k)
                d = _reductions.any(ufuncs.not_equal(ws[1:], ws[:-1]), axis=1)
                diff = d if diff is None else ufuncs.logical_or(diff, d)
            if _has_nan(a._dtype):
                nan = _reductions.any(ufuncs.isnan(sorted_rows), axis=1)
                diff = ufuncs.logical_or(diff, ufuncs.logical_or(nan[1:], nan[:-1]))
            flags[1:] = diff
    pos, count = _running_count(flags)
    row_ids = _sorting.compact(perm, flags, pos, count)
    elem = ufuncs.add(ufuncs.multiply(row_ids.reshape(count, 1), k),
                         _creation.arange(k, dtype=np.int64, device=device))
    values = _sorting.take_rows(rows.reshape(-1), elem.reshape(-1), count * k, in_rowlen=0)
    values = values.reshape((count,) + rest)
    # the rest of the outputs only need the run structure: reuse the 1-D path's pieces
    _, extra = _unique_sorted(a, None, perm, perm, flags, return_index, return_inverse,
                              return_counts, (m,))
    return _move_back(values, order), extra


def _move_back(values, order):
    inverse = [order.index(i) for i in range(len(order))]
    if inverse == list(range(len(order))):
        return values
    return _copying.copy(transpose(values, inverse))


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):
    """The sorted unique elements of ``ar`` (flattened, or unique slices along ``axis``),
    optionally with the indices of first occurrences, the inverse (shaped like ``ar`` when
    ``axis`` is None) and the counts, in NumPy's order. ``equal_nan`` merges NaNs into one."""
    a = device_array(ar)
    if axis is None:
        values, extra = _unique_flat(a, return_index, return_inverse, return_counts, equal_nan)
    else:
        values, extra = _unique_axis(a, axis, return_index, return_inverse, return_counts)
    if not extra:
        return values
    return (values, *extra)


def unique_all(x):
    """The Array API's unique_all: (values, indices, inverse_indices, counts), NaNs distinct."""
    return UniqueAllResult(*unique(x, return_index=True, return_inverse=True,
                                   return_counts=True, equal_nan=False))


def unique_counts(x):
    return UniqueCountsResult(*unique(x, return_counts=True, equal_nan=False))


def unique_inverse(x):
    return UniqueInverseResult(*unique(x, return_inverse=True, equal_nan=False))


def unique_values(x):
    return unique(x, equal_nan=False)


def _common(a, b):
    return result_type(a, b)


def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    """Whether each element of ``element`` equals some element of ``test_elements`` (bool,
    shaped like ``element``); NaN is in nothing, -0.0 equals 0.0."""
    if kind not in (None, "sort", "table"):
        raise ValueError(f"Invalid kind: '{kind}'. Please use None, 'sort' or 'table'.")
    el = device_array(element)
    te = device_array(test_elements, device=el._device)
    device = el._device
    if kind == "table" and not (el._dtype.kind in "biu" and te._dtype.kind in "biu"):
        raise ValueError("The 'table' method is only supported for boolean or integer "
                         "arrays. Please select 'sort' or None for kind.")
    dtype = _common(el, te)
    ec = _searching.contiguous(el.reshape(-1), dtype)
    tc = _searching.contiguous(te.reshape(-1), dtype)
    m = tc.size
    if m == 0 or ec.size == 0:
        return _creation.full(el._shape, bool(invert), dtype=np.bool_, device=device)
    twords = _sorting.make_keys(tc)
    perm, tsorted = _sorting.sort_words(twords[::-1], 1, m, keys=True)
    tsorted = tsorted[::-1]
    ewords = _sorting.make_keys(ec)
    pos = _searching.search_sorted_keys(tsorted, ewords, right=False)
    pos = ufuncs.minimum(pos, m - 1)
    found = None
    for (tw, _), (ew, _) in zip(tsorted, ewords):
        eq = ufuncs.equal(_sorting.take_rows(tw, pos, ec.size, in_rowlen=0), ew)
        found = eq if found is None else ufuncs.logical_and(found, eq)
    if _has_nan(dtype):
        found = ufuncs.logical_and(found, ufuncs.logical_not(ufuncs.isnan(ec)))
    if invert:
        found = ufuncs.logical_not(found)
    return found.reshape(el._shape)


def _concat(a, b):
    return concatenate((a, b), axis=None)


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    """Sorted common elements of two arrays (NumPy's algorithm: sort both, keep equal
    neighbours), optionally with the indices of their first occurrences in each."""
    a1 = device_array(ar1)
    a2 = device_array(ar2, device=a1._device)
    if not assume_unique:
        if return_indices:
            a1, ind1 = unique(a1, return_index=True)
            a2, ind2 = unique(a2, return_index=True)
        else:
            a1, a2 = unique(a1), unique(a2)
    else:
        a1, a2 = a1.reshape(-1), a2.reshape(-1)
    aux = _searching.contiguous(_concat(a1, a2))
    n = aux.size
    if n == 0:
        empty = _creation.empty((0,), dtype=aux._dtype, device=aux._device)
        if return_indices:
            idx = _creation.empty((0,), dtype=np.int64, device=aux._device)
            return empty, idx, idx.copy()
        return empty
    words = _sorting.make_keys(aux)
    perm = _sorting.sort_words(words[::-1], 1, n)
    aux = _sorting.take_rows(aux, perm, n)
    mask = ufuncs.equal(aux[1:], aux[:-1])
    int1d = select(aux[:-1], mask)
    if not return_indices:
        return int1d
    i1 = select(perm[:-1], mask)
    i2 = ufuncs.subtract(select(perm[1:], mask), a1.size)
    if not assume_unique:
        i1 = _sorting.take_rows(_searching.contiguous(ind1), i1, max(i1.size, 1), in_rowlen=0)
        i2 = _sorting.take_rows(_searching.contiguous(ind2), i2, max(i2.size, 1), in_rowlen=0)
    return int1d, i1, i2


def union1d(ar1, ar2):
    """The sorted unique elements that are in either array."""
    a1 = device_array(ar1)
    return unique(_concat(a1, device_array(ar2, device=a1._device)))


def setdiff1d(ar1, ar2, assume_unique=False):
    """The unique elements of ``ar1`` that are not in ``ar2`` (sorted unless
    ``assume_unique``)."""
    a1 = device_array(ar1)
    a2 = device_array(ar2, device=a1._device)
    if assume_unique:
        a1 = a1.reshape(-1)
    else:
        a1, a2 = unique(a1), unique(a2)
    return select(a1, isin(a1, a2, assume_unique=True, invert=True))


def setxor1d(ar1, ar2, assume_unique=False):
    """The sorted unique elements that are in exactly one of the arrays."""
    a1 = device_array(ar1)
    a2 = device_array(ar2, device=a1._device)
    if not assume_unique:
        a1, a2 = unique(a1), unique(a2)
    aux = _searching.contiguous(_concat(a1, a2))
    n = aux.size
    if n == 0:
        return aux

    aux = sort(aux)
    flag = _creation.empty((n + 1,), dtype=np.bool_, device=aux._device)
    flag[0:1] = True
    flag[n:] = True
    if n > 1:
        flag[1:n] = ufuncs.not_equal(aux[1:], aux[:-1])
    return select(aux, ufuncs.logical_and(flag[1:], flag[:-1]))
