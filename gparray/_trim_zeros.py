"""NumPy's ``trim_zeros``: the view of an array without its leading and/or trailing
zeros. The bounds are found on the device; the two ends per axis are read back because
they are the result's shape."""
import numpy as np

from . import _creation, _join, _reductions, _shape, _ufunc_names as uf
from ._ndarray import ndarray

__all__ = ["trim_zeros"]


def trim_zeros(filt, trim="fb", axis=None):
    """Trim zeros from the front ('f') and/or back ('b') of ``filt`` along ``axis``
    (every axis when None: the smallest box holding all nonzero values)."""
    filt = filt if isinstance(filt, ndarray) else _creation.asarray(filt)
    trim = trim.lower()
    if trim not in ("fb", "bf", "f", "b"):
        raise ValueError(f"unexpected character(s) in `trim`: {trim!r}")
    if axis is None:
        axes = tuple(range(filt.ndim))
    else:
        axes = _shape.normalize_axes(axis, filt.ndim)
    if not axes:
        return filt
    if filt.size == 0:
        # nothing nonzero: an empty slice on every trimmed axis
        key = [slice(0, 0) if d in axes else slice(None) for d in range(filt.ndim)]
        return filt[tuple(key)]
    nonzero = uf.not_equal(filt, 0)
    starts, stops = [], []
    for ax in axes:
        others = tuple(d for d in range(filt.ndim) if d != ax)
        along = _reductions.any(nonzero, axis=others) if others else nonzero
        n = along.shape[0]
        first = _reductions.argmax(along)
        last = n - _reductions.argmax(along[::-1])
        starts.append(first)
        stops.append(last)
        starts.append(_reductions.any(along))
    bounds = _join.stack([_creation.asarray(b, dtype=np.int64, device=filt.device)
                          if not isinstance(b, ndarray) else b.astype(np.int64)
                          for b in starts + stops]).get()
    key = [slice(None)] * filt.ndim
    for i, ax in enumerate(axes):
        first, found = int(bounds[2 * i]), bool(bounds[2 * i + 1])
        last = int(bounds[2 * len(axes) + i])
        if not found:
            # all zeros: an empty slice on every trimmed axis, whatever ``trim`` says
            key[ax] = slice(0, 0)
        else:
            key[ax] = slice(first if "f" in trim else None, last if "b" in trim else None)
    return filt[tuple(key)]
