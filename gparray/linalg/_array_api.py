"""numpy.linalg.diagonal and trace: the main namespace's, over the last two axes (the Array
API's forms)."""
from .._rearrange import diagonal as _diagonal, trace as _trace
from . import _common as c


def diagonal(x, /, *, offset=0):
    """Diagonals of the matrices in the last two axes (a view), as numpy.linalg.diagonal."""

    return _diagonal(c.operand(x), offset=offset, axis1=-2, axis2=-1)


def trace(x, /, *, offset=0, dtype=None):
    """Sums of the diagonals of the matrices in the last two axes (numpy.linalg.trace)."""

    return _trace(c.operand(x), offset=offset, axis1=-2, axis2=-1, dtype=dtype)
