"""Singular values and what is built on them: svd, svdvals, pinv, matrix_rank, lstsq, cond.

Singular values alone (svdvals, svd(compute_uv=False), and through them the 2/-2/'nuc'
norms) of real matrices with min(m, n) <= 32 have an OpenCL path (one-sided Jacobi). The
rest runs through NumPy's LAPACK on the host, on zero-copy views of the device buffers where
the device shares host memory (CPU devices), through a copy to the host and back elsewhere."""
import numpy as np

from . import _common as c
from . import _host_lapack


def _prepared(a):
    a = c.operand(a)
    dtype = c.result_dtype(a)
    return a if a._dtype == dtype else c.work_copy(a, dtype)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """Singular value decomposition (numpy.linalg.svd, SVDResult). Host LAPACK (see the
    module docstring): the OpenCL path is not done, except singular values alone
    (``compute_uv=False``, as ``svdvals``)."""
    a = _prepared(a)
    if not compute_uv and not hermitian and a.ndim >= 2 and _device_svdvals(a):
        return _jacobi_svdvals(a)
    return _host_lapack.run(np.linalg.svd, a._device, a, full_matrices=full_matrices,
                            compute_uv=compute_uv, hermitian=hermitian)


JACOBI_MAX_N = 32     # svdvals on the device for real matrices with min(m, n) up to this
_MAX_SWEEPS = 30


def _jacobi_svdvals(a):
    """Descending singular values of real (..., m, n) ``a`` by the jacobi_svdvals kernel
    (one-sided Jacobi, one work-group per matrix), sorted on the device."""
    from .._creation import empty
    from .._sorting import sort

    if a._shape[-2] < a._shape[-1]:
        a = a.mT                        # same singular values; rotate the shorter side
    m, n = a._shape[-2:]
    w = c.work_copy(a, a._dtype)
    count = c.batch_count(w._shape)
    w3 = w.reshape((count, m, n))
    out = empty((count, n), dtype=a._dtype, device=a._device)
    tol = a._dtype.type(np.finfo(a._dtype).eps * max(m, 1))
    c.launch_groups(a._device, "jacobi_svdvals", a._dtype, count,
                    [w3._buf.cl, *c.layout(w3), m, n, _MAX_SWEEPS, tol, out._buf.cl, n], m)
    return sort(out, axis=-1)[:, ::-1].reshape(a._shape[:-2] + (n,))


def _device_svdvals(a):
    return (a.size and not _host_lapack.use_host(a._device) and a._dtype.kind == "f"
            and min(a._shape[-2:]) <= JACOBI_MAX_N)


def svdvals(x, /):
    """Singular values, descending (numpy.linalg.svdvals). Real matrices with
    min(m, n) <= 32 on the OpenCL path (one-sided Jacobi, one work-group per matrix); the
    rest, and CPU devices while host LAPACK is allowed, on host LAPACK."""
    x = _prepared(x)
    c.check_stacked_2d(x)
    if _device_svdvals(x):
        return _jacobi_svdvals(x)
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
