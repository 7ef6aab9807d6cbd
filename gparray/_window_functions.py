"""NumPy's window functions (``bartlett``, ``blackman``, ``hamming``, ``hanning``,
``kaiser``), computed on the device.

They take no array argument, so ``numpy.hamming(M)`` cannot dispatch here: call
``gparray.hamming(M)`` (``device=`` picks the device). Results are float64 (float32 on a
device without fp64); ``M < 1`` gives an empty array and ``M == 1`` gives ``[1.]``.
"""
import numpy as np

from . import _creation
from ._engines import ufuncs as uf
from ._engines.compaction import where
from ._mathematical_functions import i0
from ._runtime import dtypes as _dtypes
from ._runtime.devices import as_device

__all__ = ["bartlett", "blackman", "hamming", "hanning", "kaiser"]


def _trivial(M, device):
    """The window for M < 2, else None."""
    device = as_device(device)
    real = _dtypes.default_float(device)
    if M < 1:
        return _creation.empty((0,), dtype=real, device=device)
    if M == 1:
        return _creation.ones((1,), dtype=real, device=device)
    return None


def _symmetric_grid(M, device):
    """n = 1 - M, 3 - M, ..., M - 1 (as floats), over which the cosine windows are
    defined."""
    real = _dtypes.default_float(as_device(device))
    return _creation.arange(1 - M, M, 2, dtype=real, device=device)


def _cosine_window(M, device, weights):
    window = _trivial(M, device)
    if window is not None:
        return window
    n = _symmetric_grid(M, device)
    result = None
    for k, w in enumerate(weights):
        term = w if k == 0 else uf.multiply(w, uf.cos(uf.divide(uf.multiply(k * np.pi, n),
                                                                  M - 1)))
        result = term if result is None else uf.add(result, term)
    return result


def bartlett(M, *, device=None):
    """The triangular window with zero end points."""
    window = _trivial(M, device)
    if window is not None:
        return window
    n = _symmetric_grid(M, device)
    ramp = uf.divide(n, M - 1)
    return where(uf.less_equal(n, 0), uf.add(1, ramp), uf.subtract(1, ramp))


def blackman(M, *, device=None):
    """0.42 + 0.5 cos(pi n / (M-1)) + 0.08 cos(2 pi n / (M-1))."""
    return _cosine_window(M, device, (0.42, 0.5, 0.08))


def hamming(M, *, device=None):
    """0.54 + 0.46 cos(pi n / (M-1))."""
    return _cosine_window(M, device, (0.54, 0.46))


def hanning(M, *, device=None):
    """0.5 + 0.5 cos(pi n / (M-1))."""
    return _cosine_window(M, device, (0.5, 0.5))


def kaiser(M, beta, *, device=None):
    """I0(beta sqrt(1 - ((n - alpha) / alpha)^2)) / I0(beta), alpha = (M-1)/2."""
    window = _trivial(M, device)
    if window is not None:
        return window
    real = _dtypes.default_float(as_device(device))
    n = _creation.arange(0, M, dtype=real, device=device)
    alpha = (M - 1) / 2.0
    ratio = uf.divide(uf.subtract(n, alpha), alpha)
    arg = uf.multiply(beta, uf.sqrt(uf.subtract(1, uf.power(ratio, 2.0))))
    return uf.divide(i0(arg), i0(_creation.asarray(float(beta), dtype=real, device=device)))
