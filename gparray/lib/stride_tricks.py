"""``gparray.lib.stride_tricks``: strided views of a device buffer."""
import numbers
import operator

from .._ndarray import ndarray
from .._shape import normalize_axes


def sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
    """As ``numpy.lib.stride_tricks.sliding_window_view``: a view whose trailing dimensions
    index the window and whose leading ones slide it along ``axis``.

    Deviation: gparray has no read-only arrays, so the view is writeable whatever
    ``writeable`` says; writes go to ``x``'s buffer, as with NumPy's ``writeable=True``.
    """
    if not isinstance(x, ndarray):
        from .._creation import asarray

        x = asarray(x)
    window_shape = ((operator.index(window_shape),)
                    if isinstance(window_shape, numbers.Integral) or
                    not hasattr(window_shape, "__len__") else
                    tuple(operator.index(w) for w in window_shape))
    if any(w < 0 for w in window_shape):
        raise ValueError("`window_shape` cannot contain negative values")
    if axis is None:
        if len(window_shape) != x.ndim:
            raise ValueError(f"Since axis is `None`, must provide window_shape for all "
                             f"dimensions of `x`; got {len(window_shape)} window_shape "
                             f"elements and `x.ndim` is {x.ndim}.")
        axes = tuple(range(x.ndim))
    else:
        axes = normalize_axes(axis, x.ndim, allow_duplicates=True)
        if len(window_shape) != len(axes):
            raise ValueError(f"Must provide matching length window_shape and axis; got "
                             f"{len(window_shape)} window_shape elements and {len(axes)} "
                             f"axes elements.")
    shape = list(x.shape)
    for ax, w in zip(axes, window_shape):
        if shape[ax] < w:
            raise ValueError("window shape cannot be larger than input array shape")
        shape[ax] -= w - 1
    strides = x.strides + tuple(x.strides[ax] for ax in axes)
    return x._view(x.offset, tuple(shape) + window_shape, strides)
