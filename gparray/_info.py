"""The Array API inspection namespace, ``gparray.__array_namespace_info__()``."""
import numpy as np

from ._runtime import dtypes as _dtypes
from ._runtime.devices import as_device, current_device, devices as _devices

__all__ = ["__array_namespace_info__"]

_KINDS = {
    "bool": ("bool",),
    "signed integer": ("int8", "int16", "int32", "int64"),
    "unsigned integer": ("uint8", "uint16", "uint32", "uint64"),
    "integral": ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"),
    "real floating": ("float32", "float64"),
    "complex floating": ("complex64", "complex128"),
}
_KINDS["numeric"] = _KINDS["integral"] + _KINDS["real floating"] + _KINDS["complex floating"]


class Info:
    """Answers what the current devices support; float64 only where the device has it."""

    def capabilities(self):
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 64}

    def default_device(self):
        return current_device()

    def default_dtypes(self, *, device=None):
        device = as_device(device)
        return {"real floating": _dtypes.default_float(device),
                "complex floating": _dtypes.default_complex(device),
                "integral": _dtypes.int64, "indexing": _dtypes.int64}

    def devices(self):
        return _devices()

    def dtypes(self, *, device=None, kind=None):
        device = as_device(device)
        if kind is None:
            names = ("bool",) + _KINDS["numeric"]
        elif isinstance(kind, tuple):
            names = tuple(dict.fromkeys(n for k in kind for n in self._names(k)))
        else:
            names = self._names(kind)
        out = {}
        for name in names:
            dt = np.dtype(name)
            if dt in (_dtypes.float64, _dtypes.complex128) and not device.has_fp64:
                continue
            out[name] = dt
        return out

    @staticmethod
    def _names(kind):
        if kind in _KINDS:
            return _KINDS[kind]
        if isinstance(kind, (str,)):
            raise ValueError(f"unknown dtype kind {kind!r}")
        return (np.dtype(kind).name,)


def __array_namespace_info__():
    return Info()
