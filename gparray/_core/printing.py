"""repr and str in NumPy's format; repr also names the device."""
import numpy as np

from . import interop as _interop


def array_repr(a):
    host = _interop.to_host(a, copy=True)
    text = np.array_repr(host)
    return f"{text[:-1]}, device='{a._device}')"


def array_str(a):
    return np.array_str(_interop.to_host(a, copy=True))
