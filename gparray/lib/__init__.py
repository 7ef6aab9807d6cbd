"""``gparray.lib``: the parts of ``numpy.lib`` that libraries reach through an array's
namespace (xarray's rolling windows use ``xp.lib.stride_tricks.sliding_window_view``)."""
from . import stride_tricks

__all__ = ["stride_tricks"]
