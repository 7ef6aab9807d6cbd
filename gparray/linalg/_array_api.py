"""The Array API's linalg functions that are views or reductions of the main namespace's,
over the last two axes (numpy.linalg.diagonal, trace, matrix_transpose)."""
from . import _common as c


def diagonal(x, /, *, offset=0):
    """Diagonals of the matrices in the last two axes (a view), as numpy.linalg.diagonal."""
    from .._rearrange import diagonal as _diagonal

    return _diagonal(c.operand(x), offset=offset, axis1=-2, axis2=-1)


def trace(x, /, *, offset=0, dtype=None):
    """Sums of the diagonals of the matrices in the last two axes (numpy.linalg.trace)."""
    from .._rearrange import trace as _trace

    return _trace(c.operand(x), offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def matrix_transpose(x, /):
    """The last two axes swapped (a view), as numpy.linalg.matrix_transpose."""
    from .._manipulation import matrix_transpose as _matrix_transpose

    return _matrix_transpose(x)


def matmul(x1, x2, /):
    """Matrix product (numpy.linalg.matmul: the ``@`` rules, no ufunc keywords)."""
    from .._linalg_products import matmul as _matmul

    return _matmul(x1, x2)


def vecdot(x1, x2, /, *, axis=-1):
    """Dot products of vectors along ``axis``, conjugating ``x1`` (numpy.linalg.vecdot)."""
    from .._linalg_products import vecdot as _vecdot

    return _vecdot(x1, x2, axis=axis)
