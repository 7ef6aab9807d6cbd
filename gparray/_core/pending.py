"""Elementwise results not computed yet (automatic kernel fusion, ``GPARRAY_FUSION=1``).

A pending array has no buffer (``_b`` is None) and holds the expression that computes it
(``_pending``, a ``gparray._engines.fused.Value`` graph over the arrays and scalars it was
called with, which it keeps alive). Reading any array's buffer (``ndarray._buf``: every kernel
launch, host transfer and view does) first computes every pending array, in one kernel per
result shape, so that the values, and the order of any in-place write after them, are those
of computing each call at once. The engine that computes them registers itself as
``state.flusher``.
"""
import threading
import weakref


class _State:
    def __init__(self):
        self.any = False            # whether some array may be pending: the fast check
        self.arrays = []            # weak references, in call order
        self.lock = threading.RLock()
        self.flusher = None


state = _State()


def add(array):
    """Register a pending ``array``; returns how many are pending."""
    with state.lock:
        state.arrays.append(weakref.ref(array))
        state.any = True
        return len(state.arrays)


def flush():
    """Compute every pending array that is still alive (dead ones are never computed)."""
    with state.lock:
        arrays = [r() for r in state.arrays]
        state.arrays.clear()
        state.any = False
        arrays = [a for a in arrays if a is not None and a._b is None]
        if arrays:
            state.flusher(arrays)
