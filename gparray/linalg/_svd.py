"""Singular values and what is built on them: svd, svdvals, pinv, matrix_rank, lstsq, cond.

No OpenCL path yet: these run through NumPy's LAPACK on the host, on zero-copy views of the
device buffers where the device shares host memory (CPU devices), through a copy to the host
and back elsewhere."""
import numpy as np

from . import _common as c
from . import _host_lapack


def _prepared(a):
    a = c.operand(a)
    dtype = c.result_dtype(a)
    return a if a._dtype == dtype else c.work_copy(a, dtype)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """Singular value decomposition (numpy.linalg.svd, SVDResult). Host LAPACK (see the
    module docstring): the OpenCL path is not done."""
    a = _prepared(a)
    return _host_lapack.run(np.linalg.svd, a._device, a, full_matrices=full_matrices,
                            compute_uv=compute_uv, hermitian=hermitian)


def svdvals(x, /):
    """Singular values, descending (numpy.linalg.svdvals). Host LAPACK."""
    x = _prepared(x)
    return _host_lapack.run(np.linalg.svdvals, x._device, x)


def pinv(a, rcond=None, hermitian=False, *, rtol=np._NoValue):
    """Moore-Penrose pseudo-inverse (numpy.linalg.pinv). Host LAPACK."""
    a = _prepared(a)
    kwargs = {} if rtol is np._NoValue else {"rtol": rtol}
    return _host_lapack.run(np.linalg.pinv, a._device, a, rcond, hermitian, **kwargs)


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    """Rank by counting singular values above the tolerance (numpy.linalg.matrix_rank).
    Host LAPACK."""
    A = c.operand(A)
    return _host_lapack.run(np.linalg.matrix_rank, A._device, A, tol, hermitian, rtol=rtol)


def lstsq(a, b, rcond=None):
    """Least-squares solution (numpy.linalg.lstsq): (x, residuals, rank, s), ``rank`` a
    Python-side integer as in NumPy. Host LAPACK."""
    a = c.operand(a)
    b = c.operand(b, a._device)
    x, residuals, rank, s = np.linalg.lstsq(_host_lapack.host_view(a),
                                            _host_lapack.host_view(b), rcond=rcond)
    device = a._device
    return (_host_lapack.to_device(x, device), _host_lapack.to_device(residuals, device),
            rank, _host_lapack.to_device(s, device))


def cond(x, p=None):
    """Condition number (numpy.linalg.cond; LinAlgError on empty matrices). Host LAPACK."""
    x = c.operand(x)
    return _host_lapack.run(np.linalg.cond, x._device, x, p)
