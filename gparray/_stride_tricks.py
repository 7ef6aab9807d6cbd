"""Views with hand-made strides: ``sliding_window_view`` and ``as_strided`` (NumPy's
``numpy.lib.stride_tricks``), over the same device buffer without copying. As NumPy's, the views are read-only unless
``writeable=True`` (``sliding_window_view`` defaults to read-only: a write through overlapping
windows changes several of them), and a view of a read-only array stays read-only.
"""
import operator

import numpy as np

from . import _creation
from ._core import views as _shape
from ._core.ndarray import ndarray

__all__ = ["as_strided", "sliding_window_view"]


def as_strided(x, shape=None, strides=None, subok=False, writeable=True):
    """A view of ``x``'s buffer with the given shape and byte strides. As in NumPy, no
    bounds are checked: the caller keeps every element inside the buffer."""
    x = x if isinstance(x, ndarray) else _creation.asarray(x)
    shape = x.shape if shape is None else tuple(operator.index(n) for n in shape)
    strides = x.strides if strides is None else tuple(operator.index(s) for s in strides)
    if len(shape) != len(strides):
        raise ValueError("mismatch in length of strides and shape")
    return x._view(x._offset, shape, strides, readonly=not writeable)


def sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
    """Every window of ``window_shape`` over ``axis`` (all axes when None) as a view with
    the window dimensions last (read-only unless ``writeable=True``)."""
    x = x if isinstance(x, ndarray) else _creation.asarray(x)
    window_shape = (tuple(window_shape) if np.iterable(window_shape)
                    else (window_shape,))
    window_shape = tuple(operator.index(w) for w in window_shape)
    if any(w < 0 for w in window_shape):
        raise ValueError("`window_shape` cannot contain negative values")
    if axis is None:
        axis = tuple(range(x.ndim))
        if len(window_shape) != len(axis):
            raise ValueError(f"Since axis is `None`, must provide window_shape for all "
                             f"dimensions of `x`; got {len(window_shape)} window_shape "
                             f"elements and `x.ndim` is {x.ndim}.")
    else:
        axis = _shape.normalize_axes(axis, x.ndim, allow_duplicates=True)
        if len(window_shape) != len(axis):
            raise ValueError(f"Must provide matching length window_shape and axis; got "
                             f"{len(window_shape)} window_shape elements and {len(axis)} "
                             "axes elements.")
    trimmed = list(x.shape)
    for ax, w in zip(axis, window_shape):
        if trimmed[ax] < w:
            raise ValueError("window shape cannot be larger than input array shape")
        trimmed[ax] -= w - 1
    strides = x.strides + tuple(x.strides[ax] for ax in axis)
    return x._view(x._offset, tuple(trimmed) + window_shape, strides, readonly=not writeable)
