"""Text formatting and file output of device arrays: ``array2string``, ``array_repr``,
``array_str``, ``save``, ``savez``, ``savez_compressed`` and ``savetxt``.

Host by design: formatting text and writing files happen on the host, so each reads its
arrays back (one copy each) and hands them to NumPy with the same arguments. ``array_repr``
names the device, as ``repr`` of a device array does.
"""
import numpy as np

from ._core.ndarray import ndarray

__all__ = ["array2string", "array_repr", "array_str", "save", "savez", "savez_compressed",
           "savetxt"]


def _host(x):
    return x.get() if isinstance(x, ndarray) else x


def array2string(a, *args, **kwargs):
    """NumPy's ``array2string`` of the array's values."""
    return np.array2string(_host(a), *args, **kwargs)


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None):
    """NumPy's ``array_repr``, with the device named as in ``repr(arr)``."""
    text = np.array_repr(_host(arr), max_line_width, precision, suppress_small)
    if isinstance(arr, ndarray):
        text = f"{text[:-1]}, device='{arr.device}')"
    return text


def array_str(a, max_line_width=None, precision=None, suppress_small=None):
    """NumPy's ``array_str`` of the array's values."""
    return np.array_str(_host(a), max_line_width, precision, suppress_small)


def save(file, arr, allow_pickle=True):
    """Write the array's values to a ``.npy`` file (what ``numpy.load`` reads back)."""
    np.save(file, _host(arr), allow_pickle=allow_pickle)


def savez(file, *args, allow_pickle=True, **kwds):
    """Several arrays' values into one uncompressed ``.npz`` file."""
    np.savez(file, *(_host(a) for a in args), allow_pickle=allow_pickle,
             **{k: _host(v) for k, v in kwds.items()})


def savez_compressed(file, *args, allow_pickle=True, **kwds):
    """Several arrays' values into one compressed ``.npz`` file."""
    np.savez_compressed(file, *(_host(a) for a in args), allow_pickle=allow_pickle,
                        **{k: _host(v) for k, v in kwds.items()})


def savetxt(fname, X, *args, **kwargs):
    """The array's values as text, as NumPy's ``savetxt``."""
    np.savetxt(fname, _host(X), *args, **kwargs)
