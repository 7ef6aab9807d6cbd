"""NumPy's ``fill_diagonal`` (in place, on the device) and ``mask_indices``."""
import numpy as np

from . import _creation, _manipulation
from ._core.ndarray import ndarray
from ._engines import compaction as _nonzero, ufuncs as uf
from ._runtime import dtypes as _dtypes

__all__ = ["fill_diagonal", "mask_indices"]


def fill_diagonal(a, val, wrap=False):
    """Write ``val`` (repeated cyclically when it has fewer values) onto the main diagonal
    of the device array ``a`` in place: ``a[i, i, ..., i]``. For a tall 2-d array,
    ``wrap=True`` restarts the diagonal every ``N + 1`` rows, as NumPy's flat stepping
    does."""
    if not isinstance(a, ndarray):
        raise TypeError("fill_diagonal writes in place into a gparray array; got "
                        f"{type(a).__name__}")
    if a.ndim < 2:
        raise ValueError("array must be at least 2-d")
    if a.ndim == 2:
        rows, cols = a.shape
        step = cols + 1
        end = rows * cols if wrap else min(cols * cols, rows * cols)
    else:
        if any(n != a.shape[0] for n in a.shape):
            raise ValueError("All dimensions of input must be of equal length")
        end = a.size
        step = 1 + int(np.cumprod(a.shape[:-1]).sum())
    # positions of NumPy's a.flat[:end:step], as multi-indices
    flat = _creation.arange(0, end, step, dtype=_dtypes.int64, device=a.device)
    count = flat.shape[0]
    if count == 0:
        return
    index = []
    rest = flat
    for n in reversed(a.shape):
        index.append(uf.remainder(rest, n))
        rest = uf.floor_divide(rest, n)
    values = val if isinstance(val, ndarray) else _creation.asarray(val, dtype=a.dtype,
                                                                    device=a.device)
    values = _manipulation.resize(_manipulation.ravel(values), (count,))
    a[tuple(reversed(index))] = values


def mask_indices(n, mask_func, k=0, *, device=None):
    """The indices where ``mask_func(ones((n, n)), k)`` is nonzero (e.g. ``triu``),
    computed on the device (``mask_func`` receives a device array)."""
    m = _creation.ones((n, n), dtype=_dtypes.int64, device=device)
    a = mask_func(m, k)
    return _nonzero.nonzero(uf.not_equal(a, 0))
