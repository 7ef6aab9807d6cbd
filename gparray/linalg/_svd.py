"""Singular values and what is built on them: svd, svdvals, pinv, matrix_rank, lstsq, cond.

OpenCL path (what GPUs run, and CPU devices with ``set_host_lapack(False)``): one-sided
Jacobi (gparray/linalg/_jacobi.py) for every size, batch, and float32/64 and complex64/128,
with U completed by the device QR where singular values vanish or ``full_matrices`` asks for a
square U; pinv, matrix_rank, lstsq and cond are composed from it with device matmuls and
reductions. On CPU devices while host LAPACK is allowed (the default there, measured faster)
every function here runs NumPy's LAPACK on zero-copy views of the device buffers."""
import numpy as np

from .._creation import empty, zeros
from .._engines import ufuncs
from .._engines.compaction import count_nonzero, where
from .._engines.reduction import all as _all, max as _max, sum as _sum
from .._engines.sort import argsort, sort
from .._indexing_routines import take_along_axis
from .._linalg_products import matmul
from . import _common as c, _host_lapack, _jacobi
from ._eig import eigh, eigvalsh


def _prepared(a):
    a = c.operand(a)
    dtype = c.result_dtype(a)
    return a if a._dtype == dtype else c.work_copy(a, dtype)


def _on_device(a):
    return not _host_lapack.use_host(a._device)


def _hermitian_svd(a, compute_uv):
    """NumPy's hermitian=True definition: from eigh, |w| descending, signs moved into Vh."""

    if not compute_uv:
        return sort(ufuncs.absolute(eigvalsh(a)), axis=-1, descending=True)
    s, u = eigh(a)
    sgn = ufuncs.copysign(1.0, s).astype(s._dtype)
    s = ufuncs.absolute(s)
    order = argsort(s, axis=-1, descending=True)
    sgn = take_along_axis(sgn, order, axis=-1)
    s = take_along_axis(s, order, axis=-1)
    u = take_along_axis(u, order.reshape(order._shape[:-1] + (1, order._shape[-1])), axis=-1)
    vh = _jacobi._conj(ufuncs.multiply(u, sgn.reshape(sgn._shape[:-1] + (1, sgn._shape[-1]))).mT)
    return np.linalg._linalg.SVDResult(u, s, vh)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """Singular value decomposition (numpy.linalg.svd, SVDResult; ``hermitian`` by eigh as
    NumPy does). OpenCL path: one-sided Jacobi (U and Vh agree with LAPACK's up to the
    sign/phase of each singular pair). CPU devices while host LAPACK is allowed: LAPACK."""
    a = _prepared(a)
    if not _on_device(a):
        return _host_lapack.run(np.linalg.svd, a._device, a, full_matrices=full_matrices,
                                compute_uv=compute_uv, hermitian=hermitian)
    if hermitian:
        return _hermitian_svd(a, compute_uv)
    c.check_stacked_2d(a)
    return _jacobi.svd(a, full_matrices, compute_uv)


def svdvals(x, /):
    """Singular values, descending (numpy.linalg.svdvals): ``svd(x, compute_uv=False)``."""
    x = _prepared(x)
    c.check_stacked_2d(x)
    if not _on_device(x):
        return _host_lapack.run(np.linalg.svdvals, x._device, x)
    return _jacobi.svd(x, False, False)


def _scale_rows(s, x):
    """s[..., :, None] * x."""

    return ufuncs.multiply(s.reshape(s._shape + (1,)), x)


def pinv(a, rcond=None, hermitian=False, *, rtol=np._NoValue):
    """Moore-Penrose pseudo-inverse (numpy.linalg.pinv, NumPy 2's rcond/rtol defaults):
    V diag(1/s) U^H over the singular values above rtol * max(s). OpenCL path: the device
    SVD and matmul; CPU devices while host LAPACK is allowed: LAPACK."""

    a = _prepared(a)
    if not _on_device(a):
        kwargs = {} if rtol is np._NoValue else {"rtol": rtol}
        return _host_lapack.run(np.linalg.pinv, a._device, a, rcond, hermitian, **kwargs)
    if rcond is None:
        if rtol is np._NoValue:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(a._shape[-2:]) * np.finfo(a._dtype).eps
        else:
            rcond = rtol
    elif rtol is not np._NoValue:
        raise ValueError("`rtol` and `rcond` can't be both set.")
    c.check_stacked_2d(a)
    m, n = a._shape[-2:]
    if a.size == 0:
        return empty(a._shape[:-2] + (n, m), dtype=a._dtype, device=a._device)
    u, s, vh = svd(_jacobi._conj(a), full_matrices=False, hermitian=hermitian)
    top = _max(s, axis=-1, keepdims=True)
    if isinstance(rcond, (int, float, np.generic)) and np.ndim(rcond) == 0:
        cutoff = ufuncs.multiply(top, float(rcond))
    else:
        r = c.operand(np.asarray(rcond) if not isinstance(rcond, c.ndarray) else rcond,
                      a._device)
        cutoff = ufuncs.multiply(r.reshape(r._shape + (1,)), top)
    large = ufuncs.greater(s, cutoff)
    inv_s = where(large, ufuncs.divide(1, where(large, s, 1)), 0).astype(s._dtype)
    return matmul(vh.mT, _scale_rows(inv_s, u.mT))


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    """Rank by counting singular values above the tolerance (numpy.linalg.matrix_rank:
    default S.max() * max(M, N) * eps; 0-d and 1-d inputs: int(not all zero)). OpenCL path:
    device singular values and a device count; CPU devices while host LAPACK is allowed:
    LAPACK."""

    A = c.operand(A)
    if not _on_device(A):
        return _host_lapack.run(np.linalg.matrix_rank, A._device, A, tol, hermitian, rtol=rtol)
    if rtol is not None and tol is not None:
        raise ValueError("`tol` and `rtol` can't be both set.")
    if A.ndim < 2:
        return int(not bool(_all(ufuncs.equal(A, 0))))
    S = svd(A, compute_uv=False, hermitian=hermitian)

    def column(x):
        x = c.operand(np.asarray(x) if not isinstance(x, c.ndarray) else x, A._device)
        return x.reshape(x._shape + (1,))

    if tol is None:
        if rtol is None:
            rtol = max(A._shape[-2:]) * float(np.finfo(S._dtype).eps)
        else:
            rtol = column(rtol)
        tol = ufuncs.multiply(_max(S, axis=-1, keepdims=True, initial=0), rtol)
    else:
        tol = column(tol)
    return count_nonzero(ufuncs.greater(S, tol), axis=-1)


def lstsq(a, b, rcond=None):
    """Least-squares solution (numpy.linalg.lstsq): (x, residuals, rank, s), ``rank`` a
    Python int; residuals are empty unless rank == n and m > n. As NumPy, the work is done
    in double precision (single on devices without fp64) and the results cast back, and
    ``rcond`` defaults to eps * max(m, n) of that precision. OpenCL path: the device SVD,
    x = V diag(1/s) U^H b by matmul; CPU devices while host LAPACK is allowed: LAPACK."""
    a = c.operand(a)
    b = c.operand(b, a._device)
    device = a._device
    if not _on_device(a):
        x, residuals, rank, s = np.linalg.lstsq(_host_lapack.host_view(a),
                                                _host_lapack.host_view(b), rcond=rcond)
        return (_host_lapack.to_device(x, device), _host_lapack.to_device(residuals, device),
                int(rank), _host_lapack.to_device(s, device))
    return _lstsq_device(a, b, rcond)


def _lstsq_device(a, b, rcond):
    device = a._device
    is_1d = b.ndim == 1
    if is_1d:
        b = b.reshape(b._shape + (1,))
    for x in (a, b):
        if x.ndim != 2:
            raise c.LinAlgError(f"{x.ndim}-dimensional array given. Array must be "
                                "two-dimensional")
    m, n = a._shape
    if b._shape[0] != m:
        raise c.LinAlgError("Incompatible dimensions")
    result_t = c.result_dtype(a, b)
    work_t = np.dtype(np.complex128 if result_t.kind == "c" else np.float64) \
        if device.has_fp64 else result_t
    real_t = _jacobi.real_dtype(result_t)
    if rcond is None:
        rcond = float(np.finfo(work_t).eps) * max(n, m)
    elif rcond < 0:
        rcond = float(np.finfo(work_t).eps)          # LAPACK's gelsd: machine precision
    nrhs = b._shape[1]
    aw = c.work_copy(a, work_t)
    bw = c.work_copy(b, work_t)
    k = min(m, n)
    if k == 0:
        x = zeros((n, nrhs), dtype=result_t, device=device)
        s = empty((0,), dtype=real_t, device=device)
        rank = 0
    else:
        u, s, vh = _jacobi.svd(aw, False, True)
        large = ufuncs.greater(s, ufuncs.multiply(_max(s), float(rcond)))
        rank = int(_sum(large.astype(np.int64)))
        inv_s = where(large, ufuncs.divide(1, where(large, s, 1)), 0).astype(s._dtype)
        uhb = matmul(_jacobi._conj(u.mT), bw)
        x = matmul(_jacobi._conj(vh.mT), _scale_rows(inv_s, uhb))
    if rank == n and m > n:
        r = bw if n == 0 else ufuncs.subtract(bw, matmul(aw, x))
        r2 = ufuncs.multiply(r, _jacobi._conj(r))
        residuals = _sum(r2.real if work_t.kind == "c" else r2, axis=0).astype(real_t)
    else:
        residuals = empty((0,), dtype=real_t, device=device)
    x = x.astype(result_t)
    if is_1d:
        x = x.reshape((n,))
    return x, residuals, rank, s.astype(real_t)
