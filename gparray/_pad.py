"""pad: NumPy's padding algorithm, step by step, on device arrays (every mode, including a
callable). Each mode fills the padded area of one preallocated result with copies of views."""
import builtins
import numbers

import numpy as np

from . import _creation
from ._core import views as _shape
from ._core.ndarray import ndarray
from ._core.operands import device_array
from ._engines import copying as _copying, reduction as _reductions, ufuncs
from ._manipulation import moveaxis
from ._rearrange import _linspace
from ._statistics import median

__all__ = ["pad"]


# -- pad -------------------------------------------------------------------------------------
_PAD_KWARGS = {"empty": (), "edge": (), "wrap": (), "constant": ("constant_values",),
               "linear_ramp": ("end_values",), "maximum": ("stat_length",),
               "mean": ("stat_length",), "median": ("stat_length",),
               "minimum": ("stat_length",), "reflect": ("reflect_type",),
               "symmetric": ("reflect_type",)}


def _as_pairs(x, ndim, as_index=False):
    """``x`` broadcast to ``ndim`` (before, after) pairs, as NumPy's pad reads its options."""
    if x is None:
        return ((None, None),) * ndim
    x = np.array(x.get() if isinstance(x, ndarray) else x)
    if as_index:
        x = np.round(x).astype(np.intp, copy=False)
    if x.ndim < 3:
        if x.size == 1:
            x = x.ravel()
            if as_index and x < 0:
                raise ValueError("index can't contain negative values")
            return ((x[0], x[0]),) * ndim
        if x.size == 2 and x.shape != (2, 1):
            x = x.ravel()
            if as_index and (x[0] < 0 or x[1] < 0):
                raise ValueError("index can't contain negative values")
            return ((x[0], x[1]),) * ndim
    if as_index and x.min() < 0:
        raise ValueError("index can't contain negative values")
    return np.broadcast_to(x, (ndim, 2)).tolist()


def _at_axis(sl, axis):
    return (slice(None),) * axis + (sl, Ellipsis)


def _view_roi(array, original_area_slice, axis):
    axis += 1
    return array[(slice(None),) * axis + original_area_slice[axis:]]


def _set_pad_area(padded, axis, width_pair, value_pair):
    padded[_at_axis(slice(None, width_pair[0]), axis)] = value_pair[0]
    padded[_at_axis(slice(padded.shape[axis] - width_pair[1], None), axis)] = value_pair[1]


def _get_edges(padded, axis, width_pair):
    left = width_pair[0]
    right = padded.shape[axis] - width_pair[1]
    return (padded[_at_axis(slice(left, left + 1), axis)],
            padded[_at_axis(slice(right - 1, right), axis)])


def _get_linear_ramps(padded, axis, width_pair, end_value_pair):
    edges = _get_edges(padded, axis, width_pair)
    left, right = (_linspace(end, _shape.squeeze(edge, axis), num=width, endpoint=False,
                             dtype=padded.dtype, axis=axis)
                   for end, edge, width in zip(end_value_pair, edges, width_pair))
    return left, right[_at_axis(slice(None, None, -1), axis)]


def _round_if_needed(arr, dtype):
    if dtype.kind in "iu" and arr.dtype.kind in "fc":
        ufuncs.rint(arr, out=arr)


def _get_stats(padded, axis, width_pair, length_pair, stat_func):
    left_index = width_pair[0]
    right_index = padded.shape[axis] - width_pair[1]
    max_length = right_index - left_index
    left_length, right_length = length_pair
    if left_length is None or max_length < left_length:
        left_length = max_length
    if right_length is None or max_length < right_length:
        right_length = max_length
    if (left_length == 0 or right_length == 0) and stat_func in ("maximum", "minimum"):
        raise ValueError("stat_length of 0 yields no value for padding")
    left_chunk = padded[_at_axis(slice(left_index, left_index + left_length), axis)]
    left_stat = _stat(stat_func, left_chunk, axis)
    _round_if_needed(left_stat, padded.dtype)
    if left_length == right_length == max_length:
        return left_stat, left_stat
    right_chunk = padded[_at_axis(slice(right_index - right_length, right_index), axis)]
    right_stat = _stat(stat_func, right_chunk, axis)
    _round_if_needed(right_stat, padded.dtype)
    return left_stat, right_stat


def _stat(name, chunk, axis):
    if name == "maximum":
        return _reductions.max(chunk, axis=axis, keepdims=True)
    if name == "minimum":
        return _reductions.min(chunk, axis=axis, keepdims=True)
    if name == "mean":
        return _reductions.mean(chunk, axis=axis, keepdims=True)
    return median(chunk, axis=axis, keepdims=True)


def _set_reflect_both(padded, axis, width_pair, method, original_period, include_edge=False):
    left_pad, right_pad = width_pair
    old_length = padded.shape[axis] - right_pad - left_pad
    if include_edge:
        old_length = old_length // original_period * original_period
        edge_offset = 1
    else:
        old_length = (old_length - 1) // (original_period - 1) * (original_period - 1) + 1
        edge_offset = 0
        old_length -= 1
    if left_pad > 0:
        chunk_length = builtins.min(old_length, left_pad)
        stop = left_pad - edge_offset
        start = stop + chunk_length
        left_chunk = padded[_at_axis(slice(start, stop, -1), axis)]
        if method == "odd":
            edge = padded[_at_axis(slice(left_pad, left_pad + 1), axis)]
            left_chunk = ufuncs.subtract(ufuncs.multiply(2, edge), left_chunk)
        padded[_at_axis(slice(left_pad - chunk_length, left_pad), axis)] = left_chunk
        left_pad -= chunk_length
    if right_pad > 0:
        chunk_length = builtins.min(old_length, right_pad)
        start = -right_pad + edge_offset - 2
        stop = start - chunk_length
        right_chunk = padded[_at_axis(slice(start, stop, -1), axis)]
        if method == "odd":
            edge = padded[_at_axis(slice(-right_pad - 1, -right_pad), axis)]
            right_chunk = ufuncs.subtract(ufuncs.multiply(2, edge), right_chunk)
        start = padded.shape[axis] - right_pad
        padded[_at_axis(slice(start, start + chunk_length), axis)] = right_chunk
        right_pad -= chunk_length
    return left_pad, right_pad


def _set_wrap_both(padded, axis, width_pair, original_period):
    left_pad, right_pad = width_pair
    period = padded.shape[axis] - right_pad - left_pad
    period = period // original_period * original_period
    new_left_pad = new_right_pad = 0
    if left_pad > 0:
        slice_end = left_pad + period
        slice_start = slice_end - builtins.min(period, left_pad)
        right_chunk = padded[_at_axis(slice(slice_start, slice_end), axis)]
        if left_pad > period:
            pad_area = _at_axis(slice(left_pad - period, left_pad), axis)
            new_left_pad = left_pad - period
        else:
            pad_area = _at_axis(slice(None, left_pad), axis)
        padded[pad_area] = right_chunk
    if right_pad > 0:
        slice_start = -right_pad - period
        slice_end = slice_start + builtins.min(period, right_pad)
        left_chunk = padded[_at_axis(slice(slice_start, slice_end), axis)]
        if right_pad > period:
            pad_area = _at_axis(slice(-right_pad, -right_pad + period), axis)
            new_right_pad = right_pad - period
        else:
            pad_area = _at_axis(slice(-right_pad, None), axis)
        padded[pad_area] = left_chunk
    return new_left_pad, new_right_pad


def pad(array, pad_width, mode="constant", **kwargs):
    """NumPy's ``pad``, every mode (constant, edge, linear_ramp, maximum, mean, median,
    minimum, reflect, symmetric, wrap, empty, or a function), by NumPy's own algorithm:
    axis by axis, each pad area filled by copies, broadcasts and ufuncs of views of the
    result on the device."""
    array = device_array(array)
    if isinstance(pad_width, dict):
        seq = [(0, 0)] * array.ndim
        for ax, width in pad_width.items():
            if isinstance(width, numbers.Integral):
                seq[ax] = (width, width)
            elif isinstance(width, tuple) and len(width) == 2 and \
                    builtins.all(isinstance(w, numbers.Integral) for w in width):
                seq[ax] = width
            else:
                raise TypeError(f"invalid pad width {width!r} for axis {ax}")
        pad_width = seq
    pad_width = np.asarray(pad_width.get() if isinstance(pad_width, ndarray) else pad_width)
    if pad_width.dtype.kind != "i":
        raise TypeError("`pad_width` must be of integral type.")
    pad_width = _as_pairs(pad_width, array.ndim, as_index=True)
    if callable(mode):
        padded, _ = _pad_simple(array, pad_width, fill_value=0)
        for axis in range(padded.ndim):
            view = moveaxis(padded, axis, -1)
            for ind in np.ndindex(view.shape[:-1]):
                mode(view[ind + (Ellipsis,)], pad_width[axis], axis, kwargs)
        return padded
    try:
        unsupported = set(kwargs) - set(_PAD_KWARGS[mode])
    except (KeyError, TypeError):
        raise ValueError(f"mode '{mode}' is not supported") from None
    if unsupported:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {unsupported}")
    padded, original_area_slice = _pad_simple(array, pad_width)
    axes = range(padded.ndim)
    if mode == "constant":
        values = _as_pairs(kwargs.get("constant_values", 0), padded.ndim)
        for axis, width_pair, value_pair in zip(axes, pad_width, values):
            roi = _view_roi(padded, original_area_slice, axis)
            _set_pad_area(roi, axis, width_pair, value_pair)
    elif mode == "empty":
        pass
    elif array.size == 0:
        for axis, width_pair in zip(axes, pad_width):
            if array.shape[axis] == 0 and builtins.any(width_pair):
                raise ValueError(f"can't extend empty axis {axis} using modes other than "
                                 "'constant' or 'empty'")
    elif mode == "edge":
        for axis, width_pair in zip(axes, pad_width):
            roi = _view_roi(padded, original_area_slice, axis)
            _set_pad_area(roi, axis, width_pair, _get_edges(roi, axis, width_pair))
    elif mode == "linear_ramp":
        end_values = _as_pairs(kwargs.get("end_values", 0), padded.ndim)
        for axis, width_pair, value_pair in zip(axes, pad_width, end_values):
            roi = _view_roi(padded, original_area_slice, axis)
            ramps = _get_linear_ramps(roi, axis, width_pair, value_pair)
            _set_pad_area(roi, axis, width_pair, ramps)
    elif mode in ("maximum", "minimum", "mean", "median"):
        lengths = _as_pairs(kwargs.get("stat_length"), padded.ndim, as_index=True)
        for axis, width_pair, length_pair in zip(axes, pad_width, lengths):
            roi = _view_roi(padded, original_area_slice, axis)
            stats = _get_stats(roi, axis, width_pair, length_pair, mode)
            _set_pad_area(roi, axis, width_pair, stats)
    elif mode in ("reflect", "symmetric"):
        method = kwargs.get("reflect_type", "even")
        include_edge = mode == "symmetric"
        for axis, (left_index, right_index) in zip(axes, pad_width):
            if array.shape[axis] == 1 and (left_index > 0 or right_index > 0):
                edge_pair = _get_edges(padded, axis, (left_index, right_index))
                _set_pad_area(padded, axis, (left_index, right_index), edge_pair)
                continue
            roi = _view_roi(padded, original_area_slice, axis)
            while left_index > 0 or right_index > 0:
                left_index, right_index = _set_reflect_both(
                    roi, axis, (left_index, right_index), method, array.shape[axis],
                    include_edge)
    elif mode == "wrap":
        for axis, (left_index, right_index) in zip(axes, pad_width):
            roi = _view_roi(padded, original_area_slice, axis)
            original_period = padded.shape[axis] - right_index - left_index
            while left_index > 0 or right_index > 0:
                left_index, right_index = _set_wrap_both(
                    roi, axis, (left_index, right_index), original_period)
    return padded


def _pad_simple(array, pad_width, fill_value=None):
    new_shape = tuple(left + size + right for size, (left, right) in zip(array.shape, pad_width))
    order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
    padded = _creation.empty(new_shape, dtype=array.dtype, order=order, device=array.device)
    if fill_value is not None:
        padded.fill(fill_value)
    original_area_slice = tuple(slice(left, left + size)
                                for size, (left, right) in zip(array.shape, pad_width))
    # the Ellipsis keeps a view at 0-d, where padded[()] is a copy (as NumPy's)
    _copying.copy_into(padded[original_area_slice + (Ellipsis,)], array)
    return padded, original_area_slice
