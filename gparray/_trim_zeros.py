"""NumPy's ``trim_zeros``: the view of an array without its leading and/or trailing
zeros. The bounds are found on the device; the two ends per axis are read back because
they are the result's shape."""
from . import _creation, _join
from ._core import views as _shape
from ._core.ndarray import ndarray
from ._engines import reduction as _reductions, ufuncs as uf
from ._engines.copying import astype
from ._runtime import dtypes as _dtypes

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
    ends = []              # per axis: any nonzero, first nonzero, one past the last
    for ax in axes:
        others = tuple(d for d in range(filt.ndim) if d != ax)
        along = _reductions.any(nonzero, axis=others) if others else nonzero
        ends += [_reductions.any(along), _reductions.argmax(along),
                 uf.subtract(along.shape[0], _reductions.argmax(along[::-1]))]
    ends = _join.stack([astype(e, _dtypes.int64) for e in ends]).get()    # one read-back
    key = [slice(None)] * filt.ndim
    for i, ax in enumerate(axes):
        found, first, stop = (int(v) for v in ends[3 * i:3 * i + 3])
        if not found:
            # all zeros: an empty slice on every trimmed axis, whatever ``trim`` says
            key[ax] = slice(0, 0)
        else:
            key[ax] = slice(first if "f" in trim else None, stop if "b" in trim else None)
    return filt[tuple(key)]
