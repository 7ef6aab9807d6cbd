"""Eigenvalues and eigenvectors: eig, eigvals, eigh, eigvalsh.

No OpenCL path yet: these run through NumPy's LAPACK on the host, on zero-copy views of the
device buffers where the device shares host memory (CPU devices), through a copy to the host
and back elsewhere. NumPy's result types (EigResult, EighResult) and errors (LinAlgError for
non-square input or non-convergence) are kept."""
import numpy as np

from . import _common as c
from . import _host_lapack


def _prepared(a):
    a = c.operand(a)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a)
    return a if a._dtype == dtype else c.work_copy(a, dtype)


def eig(a):
    """Eigenvalues and right eigenvectors of general square matrices (numpy.linalg.eig:
    real results when all eigenvalues are real, complex otherwise). Host LAPACK."""
    a = _prepared(a)
    return _host_lapack.run(np.linalg.eig, a._device, a)


def eigvals(a):
    """Eigenvalues of general square matrices (numpy.linalg.eigvals). Host LAPACK."""
    a = _prepared(a)
    return _host_lapack.run(np.linalg.eigvals, a._device, a)


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors of Hermitian matrices, reading the ``UPLO``
    triangle (numpy.linalg.eigh). Host LAPACK."""
    a = _prepared(a)
    return _host_lapack.run(np.linalg.eigh, a._device, a, UPLO=UPLO)


def eigvalsh(a, UPLO="L"):
    """Eigenvalues (ascending) of Hermitian matrices (numpy.linalg.eigvalsh). Host LAPACK."""
    a = _prepared(a)
    return _host_lapack.run(np.linalg.eigvalsh, a._device, a, UPLO=UPLO)
