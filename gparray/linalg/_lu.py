"""LU factorization with partial pivoting and what is built on it: solve, inv, det, slogdet,
tensorsolve, tensorinv."""
import operator

import numpy as np

from .._core.operands import broadcast_shape
from .._core.views import transpose
from .._creation import arange, empty, empty_like, eye, zeros
from .._engines import ufuncs
from .._engines.copying import copy_into
from .._engines.reduction import prod, sum as _sum
from .._linalg_products import matmul
from .._rearrange import diagonal
from . import _common as c, _host_lapack


def lu_factor(w):
    """Factor the C-contiguous (B, n, n) stack ``w`` in place (LAPACK's getrf, blocked
    right-looking): returns (pivots (B, n) int32, 0-based rows; info (B,) int32). Panels: one
    work-group per matrix; U12: a triangular-solve kernel; the trailing update: matmul."""

    device, dtype = w._device, w._dtype
    batch, n = w._shape[0], w._shape[-1]
    piv = empty((batch, n), dtype=np.int32, device=device)
    info = zeros((batch,), dtype=np.int32, device=device)
    for j in range(0, n, c.BLOCK):
        jb = min(c.BLOCK, n - j)
        c.launch_groups(device, "lu_panel", dtype, batch,
                        [w._buf.cl, *c.layout(w[:, j:, j:]), n - j, jb, n, j, piv._buf.cl, n,
                         info._buf.cl, j], n)
        if j + jb == n:
            break
        rest = n - j - jb
        u12 = w[:, j:j + jb, j + jb:]
        c.launch_items(device, "trsm_left", dtype, batch * rest,
                       [w._buf.cl, *c.layout(w[:, j:j + jb, j:j + jb]), w._buf.cl,
                        *c.layout(u12), jb, rest, batch * rest, 1, 1, 0])
        trailing = w[:, j + jb:, j + jb:]
        ufuncs.subtract(trailing, matmul(w[:, j + jb:, j:j + jb], u12), out=(trailing,))
    return piv, info


def lu_solve(lu, piv, b):
    """Solve in place for the C-contiguous (B, n, k) right-hand sides ``b``: the pivots'
    row swaps, then blocked triangular solves with L and U."""
    device, dtype = lu._device, lu._dtype
    batch, n, k = b._shape
    if not b.size:
        return b
    c.launch_items(device, "swap_rows", dtype, batch * k,
                   [b._buf.cl, *c.layout(b), n, k, batch * k, piv._buf.cl, n])
    c.trsm(lu, b, lower=True, unit=True)
    return c.trsm(lu, b, lower=False, unit=False)


def _opencl(device, dtype):
    return not _host_lapack.use_host(device) and c.opencl_dtype(dtype)


def solve(a, b):
    """Solve ``a @ x = b`` for each square ``a`` (NumPy 2's rule: ``b`` is a vector only when
    it is 1-d, else a stack of matrices; batch dimensions broadcast). Singular matrices raise
    LinAlgError("Singular matrix").

    Real and complex dtypes on the device: blocked LU with partial pivoting, then two
    triangular solves. CPU devices, while host LAPACK is allowed: NumPy's LAPACK on zero-copy
    views (see ``set_host_lapack``)."""

    a = c.operand(a)
    b = c.operand(b, a._device)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a, b)
    device = a._device
    n = a._shape[-1]
    vector = b.ndim == 1
    if vector:
        if b._shape[0] != n:
            raise ValueError(f"solve1: Input operand 1 has a mismatch in its core dimension 0, "
                             f"with gufunc signature (m,m),(m)->(m) (size {b._shape[0]} is "
                             f"different from {n})")
        batch = a._shape[:-2]
        bm = b.reshape((1,) * len(batch) + (n, 1))
    else:
        if b._shape[-2] != n:
            raise ValueError(f"solve: Input operand 1 has a mismatch in its core dimension 0, "
                             f"with gufunc signature (m,m),(m,n)->(m,n) (size {b._shape[-2]} "
                             f"is different from {n})")
        batch = broadcast_shape([a._shape[:-2], b._shape[:-2]])
        bm = b
    k = bm._shape[-1]
    if a.size == 0 or bm.size == 0 or not _opencl(device, dtype):
        if a.size == 0 or b.size == 0:
            # shapes and errors from NumPy itself, on identities (no data to read)
            eye = np.broadcast_to(np.eye(n, dtype=dtype), a._shape)
            host = np.linalg._linalg.solve(eye, np.zeros(b._shape, dtype))
            return _host_lapack.to_device(host, device)
        return _host_lapack.run(np.linalg.solve, device, *(c.work_copy(x, dtype) if
                                                         x._dtype != dtype else x for x in (a, b)))
    w = c.work_copy(a, dtype, batch + (n, n))
    x = c.work_copy(bm, dtype, batch + (n, k))
    count = c.batch_count(w._shape)
    w3, x3 = w.reshape((count, n, n)), x.reshape((count, n, k))
    piv, info = lu_factor(w3)
    c.check_info(info, "Singular matrix")
    lu_solve(w3, piv, x3)
    return x.reshape(batch + (n,)) if vector else x


def inv(a):
    """Inverse of each square matrix in ``a``; LinAlgError("Singular matrix") like NumPy.
    Device path: LU, then solves against the identity (see ``solve``)."""

    a = c.operand(a)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a)
    device = a._device
    if a.size == 0 or not _opencl(device, dtype):
        return _host_lapack.run(np.linalg.inv, device,
                                c.work_copy(a, dtype) if a._dtype != dtype else a)
    n = a._shape[-1]
    w = c.work_copy(a, dtype)
    count = c.batch_count(w._shape)
    w3 = w.reshape((count, n, n))
    piv, info = lu_factor(w3)
    c.check_info(info, "Singular matrix")
    x = c.work_copy(a, dtype)
    copy_into(x, eye(n, dtype=dtype, device=device))
    lu_solve(w3, piv, x.reshape((count, n, n)))
    return x


def _lu_diagonal(a):
    """(diagonal of U (..., n), parity of the pivots (...,) as int) for the determinants."""

    n = a._shape[-1]
    w = c.work_copy(a, c.result_dtype(a))
    count = c.batch_count(w._shape)
    piv, _ = lu_factor(w.reshape((count, n, n)))
    swaps = _sum(ufuncs.not_equal(piv, arange(n, dtype=np.int32, device=a._device)), axis=-1)
    parity = ufuncs.remainder(swaps, 2).reshape(a._shape[:-2])
    return diagonal(w, axis1=-2, axis2=-1), parity


def det(a):
    """Determinant of each square matrix (0 for singular ones, no error), as NumPy.
    Device path: LU, product of U's diagonal, sign from the pivots."""

    a = c.operand(a)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a)
    device = a._device
    if a.size == 0 or not _opencl(device, dtype):
        return _host_lapack.run(np.linalg.det, device,
                                c.work_copy(a, dtype) if a._dtype != dtype else a)
    d, parity = _lu_diagonal(a)
    sign = ufuncs.subtract(1, ufuncs.multiply(parity, 2)).astype(dtype)
    return ufuncs.multiply(prod(d, axis=-1), sign)


def slogdet(a):
    """(sign, logabsdet) of each square matrix, as NumPy's SlogdetResult: sign 0 and
    logabsdet -inf for singular matrices. Device path: LU (see ``det``)."""

    a = c.operand(a)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a)
    device = a._device
    if a.size == 0 or not _opencl(device, dtype):
        return _host_lapack.run(np.linalg.slogdet, device,
                                c.work_copy(a, dtype) if a._dtype != dtype else a)
    d, parity = _lu_diagonal(a)
    sign = ufuncs.subtract(1, ufuncs.multiply(parity, 2)).astype(dtype)
    sign = ufuncs.multiply(sign, prod(ufuncs.sign(d), axis=-1))
    logabs = _sum(ufuncs.log(ufuncs.absolute(d)), axis=-1)
    return np.linalg._linalg.SlogdetResult(sign, logabs)


def tensorsolve(a, b, axes=None):
    """Solve ``tensordot(a, x, x.ndim) = b`` for ``x`` (numpy.linalg.tensorsolve): a
    reshape to one square system and ``solve``."""

    a = c.operand(a)
    b = c.operand(b, a._device)
    an = a.ndim
    if axes is not None:
        allaxes = list(range(an))
        for k in axes:
            allaxes.remove(k)
            allaxes.insert(an, k)
        a = transpose(a, allaxes)
    oldshape = a._shape[-(an - b.ndim):]
    prod = int(np.prod(oldshape, dtype=np.int64))
    if int(np.prod(a._shape, dtype=np.int64)) != prod ** 2:
        raise c.LinAlgError("Input arrays must satisfy the requirement "
                            "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])")
    x = solve(a.reshape((prod, prod)), b.reshape((prod,)))
    return x.reshape(oldshape)


def tensorinv(a, ind=2):
    """Inverse of ``a`` with respect to tensordot over its first ``ind`` axes
    (numpy.linalg.tensorinv): a reshape to one square matrix and ``inv``."""
    a = c.operand(a)
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    oldshape = a._shape
    prod = int(np.prod(oldshape[ind:], dtype=np.int64))
    invshape = oldshape[ind:] + oldshape[:ind]
    if int(np.prod(oldshape[:ind], dtype=np.int64)) != prod:
        raise ValueError("Invalid ind argument.")
    return inv(a.reshape((prod, -1))).reshape(invshape)


def matrix_power(a, n):
    """``a`` (..., M, M) raised to the integer power ``n`` by repeated squaring; n < 0
    inverts first, n == 0 gives identities."""
    a = c.operand(a)
    if a.ndim < 2:
        raise np.linalg.LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least "
                                    "two-dimensional")
    if a._shape[-1] != a._shape[-2]:
        raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
    try:
        n = operator.index(n)
    except TypeError as exc:
        raise TypeError("exponent must be an integer") from exc
    if n == 0:
        result = empty_like(a)
        result[...] = eye(a._shape[-2], dtype=a._dtype, device=a._device)
        return result
    if n < 0:
        a, n = inv(a), -n
    if n == 1:
        return a
    z = result = None
    while n > 0:
        z = a if z is None else matmul(z, z)
        n, bit = divmod(n, 2)
        if bit:
            result = z if result is None else matmul(result, z)
    return result
