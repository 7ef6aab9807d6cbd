"""Eigenvalues and eigenvectors: eig, eigvals, eigh, eigvalsh.

eigh/eigvalsh of real matrices up to 32x32 have an OpenCL path (Jacobi). The rest runs
through NumPy's LAPACK on the host, on zero-copy views of the device buffers where the
device shares host memory (CPU devices), through a copy to the host and back elsewhere.
NumPy's result types (EigResult, EighResult) and errors (LinAlgError for non-square input or
non-convergence) are kept."""
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


JACOBI_MAX_N = 32     # larger symmetric matrices go to the host's LAPACK (hybrid)
_MAX_SWEEPS = 30


def _jacobi_eligible(a):
    return (a.size and not _host_lapack.use_host(a._device) and a._dtype.kind == "f"
            and a._shape[-1] <= JACOBI_MAX_N)


def _jacobi(a, UPLO):
    """(ascending eigenvalues, eigenvectors) of real symmetric matrices by the jacobi_eigh
    kernel (one work-group per matrix), sorted on the device."""
    from .._copying import copy_into
    from .._creation import empty, eye
    from .._indexing_functions import take_along_axis
    from .._rearrange import diagonal, tril, triu
    from .._sorting import argsort
    from .._ufunc import UFUNCS

    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    n = a._shape[-1]
    # the symmetric matrix NumPy's LAPACK sees: one triangle, mirrored
    half = tril(a) if UPLO == "L" else triu(a)
    strict = tril(a, k=-1) if UPLO == "L" else triu(a, k=1)
    w = UFUNCS["add"](half, strict.mT)
    count = c.batch_count(w._shape)
    w3 = w.reshape((count, n, n))
    v = empty((count, n, n), dtype=a._dtype, device=a._device)
    copy_into(v, eye(n, dtype=a._dtype, device=a._device))
    c.launch_groups(a._device, "jacobi_eigh", a._dtype, count,
                    [w3._buf.cl, *c.layout(w3), v._buf.cl, *c.layout(v), n, _MAX_SWEEPS,
                     a._dtype.type(np.finfo(a._dtype).eps)], n)
    values = diagonal(w3, axis1=-2, axis2=-1)
    order = argsort(values, axis=-1)
    values = take_along_axis(values, order, axis=-1)
    vectors = take_along_axis(v, order.reshape((count, 1, n)), axis=-1)
    return values.reshape(a._shape[:-1]), vectors.reshape(a._shape)


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors of Hermitian matrices, reading the ``UPLO``
    triangle (numpy.linalg.eigh, EighResult). Real matrices up to 32x32 on the OpenCL path:
    cyclic Jacobi rotations, one work-group per matrix (eigenvectors agree with LAPACK's up
    to sign). Larger or complex matrices, and CPU devices while host LAPACK is allowed: host
    LAPACK (a tridiagonal reduction on the device is not done)."""
    a = _prepared(a)
    if _jacobi_eligible(a):
        return np.linalg._linalg.EighResult(*_jacobi(a, UPLO))
    return _host_lapack.run(np.linalg.eigh, a._device, a, UPLO=UPLO)


def eigvalsh(a, UPLO="L"):
    """Eigenvalues (ascending) of Hermitian matrices (numpy.linalg.eigvalsh); the paths of
    ``eigh``."""
    a = _prepared(a)
    if _jacobi_eligible(a):
        return _jacobi(a, UPLO)[0]
    return _host_lapack.run(np.linalg.eigvalsh, a._device, a, UPLO=UPLO)
