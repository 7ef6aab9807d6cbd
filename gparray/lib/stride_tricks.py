"""``gparray.lib.stride_tricks``: views with hand-made strides (``numpy.lib.stride_tricks``)."""
from .._stride_tricks import as_strided, sliding_window_view

__all__ = ["as_strided", "sliding_window_view"]
