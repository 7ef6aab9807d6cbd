"""Eigenvalues and eigenvectors: eig, eigvals, eigh, eigvalsh.

eigh/eigvalsh have an OpenCL path for every size, real and complex (one-sided Jacobi,
gparray/linalg/_jacobi.py), which GPUs run and CPU devices run with set_host_lapack(False);
on CPU devices while host LAPACK is allowed they use NumPy's LAPACK on zero-copy views.
eig/eigvals of general matrices have an OpenCL path too (balancing, Householder
Hessenberg reduction and shifted complex QR, one work-group per matrix:
gparray/linalg/_eig_general.py), with the same switch. Host LAPACK runs on zero-copy
views of the device buffers where the device shares host memory.
NumPy's result types (EigResult, EighResult) and errors (LinAlgError for non-square input or
non-convergence) are kept."""
import numpy as np

from . import _common as c, _eig_general, _host_lapack, _jacobi


def _prepared(a):
    a = c.operand(a)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a)
    return a if a._dtype == dtype else c.work_copy(a, dtype)


def eig(a):
    """Eigenvalues and right eigenvectors of general square matrices (numpy.linalg.eig:
    real results when all eigenvalues are real, complex otherwise; unit-norm vectors).
    OpenCL path (see the module docstring; eigenvalue order is the QR iteration's, which
    NumPy does not specify either), or host LAPACK on CPU devices while it is allowed."""
    a = _prepared(a)
    if not _host_lapack.use_host(a._device):
        return _eig_general.eig(a)
    return _host_lapack.run(np.linalg.eig, a._device, a)


def eigvals(a):
    """Eigenvalues of general square matrices (numpy.linalg.eigvals); the paths of
    ``eig``."""
    a = _prepared(a)
    if not _host_lapack.use_host(a._device):
        return _eig_general.eigvals(a)
    return _host_lapack.run(np.linalg.eigvals, a._device, a)


def _eigh_device(a, UPLO, compute_v):
    if not isinstance(UPLO, str) or UPLO.upper() not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    return _jacobi.eigh(a, UPLO.upper(), compute_v)


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors of Hermitian matrices, reading the ``UPLO``
    triangle (numpy.linalg.eigh, EighResult). OpenCL path, every size, real and complex:
    one-sided Jacobi of A + cI (c >= the spectral radius; gparray/kernels/jacobi.cl), eigenvalues
    as Rayleigh quotients (eigenvectors agree with LAPACK's up to sign/phase). CPU devices
    while host LAPACK is allowed: LAPACK."""
    a = _prepared(a)
    if _host_lapack.use_host(a._device):
        return _host_lapack.run(np.linalg.eigh, a._device, a, UPLO=UPLO)
    return np.linalg._linalg.EighResult(*_eigh_device(a, UPLO, True))


def eigvalsh(a, UPLO="L"):
    """Eigenvalues (ascending) of Hermitian matrices (numpy.linalg.eigvalsh); the paths of
    ``eigh``."""
    a = _prepared(a)
    if _host_lapack.use_host(a._device):
        return _host_lapack.run(np.linalg.eigvalsh, a._device, a, UPLO=UPLO)
    return _eigh_device(a, UPLO, False)[0]
