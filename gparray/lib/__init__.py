"""``gparray.lib``: the parts of ``numpy.lib`` that make sense for device arrays."""
from . import stride_tricks

__all__ = ["stride_tricks"]
