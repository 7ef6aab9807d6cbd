"""One-sided (Hestenes) Jacobi on the device: the OpenCL path of svd, svdvals and eigh.

The columns of each matrix are rotated in pairs until they are mutually orthogonal
(gparray/kernels/jacobi.cl): one launch per round of the round-robin ordering (n/2 disjoint
pairs of every matrix of the batch at once), n - 1 rounds per sweep, and one small read of a
convergence flag per sweep. Then A V = U diag(S) with V the product of the rotations, S the
column norms. eigh runs the same iteration on A + cI (c = the largest absolute row sum, so
the shifted matrix is positive semi-definite and its singular vectors are A's eigenvectors),
with the eigenvalues taken as Rayleigh quotients v^H A v.
"""
import functools

import numpy as np

from .._creation import empty, eye, zeros
from .._engines import ufuncs
from .._engines.compaction import where
from .._engines.copying import copy_into
from .._engines.reduction import _launch_groups, max as _max, sum as _sum
from .._engines.sort import argsort, sort
from .._indexing_routines import take_along_axis
from .._join import concatenate
from .._linalg_products import matmul
from .._rearrange import diagonal, tril, triu
from .._runtime import programs as _programs
from . import _common as c
from ._qr import qr

MAX_SWEEPS = 40       # LAPACK's gesvj stops at 30; the parallel ordering may need a few more
# Work-items per (matrix, pair) group on CPU devices: one, which loops over the rows (PoCL,
# 256x256 float32 svdvals: 0.17 s with 1, 0.36 s with 8, 0.67 s with 16); None uses the
# GPU rule below (the tests also run that one on the CPU).
CPU_LOCAL = 1

_L, _I = np.int64, np.int32
# jacobi_round(a, a_off, a_es, a_cs, a_bs, v, v_off, v_es, v_cs, v_bs, m, n, npad, round,
#              with_v, tol, flags, sweep, nsweeps); "R" is the real dtype of the matrices
_ARGS = (None, _L, _L, _L, _L, None, _L, _L, _L, _L, _I, _I, _I, _I, _I, "R", None, _I, _I)


@functools.lru_cache(maxsize=None)
def _source(code, local):
    ctype, real = c._CTYPES[code]
    info = np.finfo(np.float32 if real == "float" else np.float64)
    suffix = "f" if real == "float" else ""        # no double literal without fp64
    tiny = f"#define J_TINY {float(info.tiny / info.eps)!r}{suffix}"
    return c.linalg_source("jacobi.cl", ctype, real, local, [tiny])


def _kernel(device, dtype, local):
    real = real_dtype(dtype)
    args = tuple(real if a == "R" else a for a in _ARGS)
    return _programs.kernel(device, _source(f"{dtype.kind}{dtype.itemsize}", local),
                            "jacobi_round", args)


def real_dtype(dtype):
    return np.dtype(np.finfo(dtype).dtype)


def _layout(x):
    """(element offset, element stride, column stride, batch stride) of a (B, n, m) stack
    whose rows hold the columns."""
    item = x.itemsize
    return x._offset // item, x._strides[2] // item, x._strides[1] // item, x._strides[0] // item


def _local_size(device, m):
    """CPU_LOCAL on CPU devices; elsewhere about m/4 work-items (8 to GROUP) sharing the
    rows of a pair, so that neighbouring work-items read neighbouring memory."""
    if device.kind == "cpu" and CPU_LOCAL:
        return CPU_LOCAL
    return min(c.GROUP, max(8, 1 << max(0, (m - 1).bit_length() - 2)))


def _read_flag(device, flags, index):
    import pyopencl as cl

    host = np.zeros(1, dtype=np.int32)
    with device.lock:
        cl.enqueue_copy(device.queue, host, flags._buf.cl,
                        src_offset=flags._offset + index * flags.itemsize, is_blocking=True)
    return int(host[0])


def orthogonalize(g, v, message, nonfinite_raises=True):
    """Rotate the columns of each matrix until they are orthogonal, in place.

    ``g`` is a C-contiguous (B, n, m) stack whose row j is column j of an m x n matrix; ``v``
    (B, n, n, rows the columns of V, starting as the identity) or None gets the same
    rotations. LinAlgError(``message``) on no convergence after MAX_SWEEPS sweeps, and on
    non-finite entries when ``nonfinite_raises`` (NumPy's svd raises there, its eigh returns
    NaNs); columns with non-finite entries are not rotated."""

    device, dtype = g._device, g._dtype
    count, n, m = g._shape
    if count == 0 or n < 2:
        return
    npad = n + (n & 1)
    local = _local_size(device, m)
    knl = _kernel(device, dtype, local)
    flags = zeros((MAX_SWEEPS + 2 * count,), dtype=np.int32, device=device)
    tol = real_dtype(dtype).type(np.finfo(dtype).eps * max(1.0, np.sqrt(m)))
    vv = v if v is not None else g
    groups = count * (npad // 2)
    for sweep in range(MAX_SWEEPS):
        for r in range(npad - 1):
            _launch_groups(device, knl, groups, local,
                           [g._buf.cl, *_layout(g), vv._buf.cl, *_layout(vv), m, n, npad, r,
                            int(v is not None), tol, flags._buf.cl, sweep, MAX_SWEEPS],
                           "linalg.jacobi_round")
        state = _read_flag(device, flags, sweep)
        if state & 2 and nonfinite_raises:
            raise c.LinAlgError(message)
        if not state & 1:
            return
    raise c.LinAlgError(message)


def _normalize(g):
    """Divide each matrix of the (B, n, m) stack by its largest |entry| in place (so that the
    sums of squares in the kernel neither overflow nor underflow where NumPy's double
    precision LAPACK would not) and return those scales (B, 1) (1 for zero matrices; NaN or
    inf ones give NaNs, which the kernel reports)."""

    count = g._shape[0]
    top = _max(ufuncs.absolute(g), axis=(-2, -1))
    top = where(ufuncs.equal(top, 0), 1, top).astype(top._dtype)
    ufuncs.divide(g, top.reshape((count, 1, 1)), out=(g,))
    return top.reshape((count, 1))


def _identity_stack(count, n, dtype, device):
    v = empty((count, n, n), dtype=dtype, device=device)
    if v.size:
        copy_into(v, eye(n, dtype=dtype, device=device))
    return v


def _unit_rows(v):
    """Scale the rows of the (B, n, n) stack ``v`` (the columns of V) to unit length in place
    and return their former lengths (B, n), which the rotations' rounding moves off 1 by a
    few eps."""

    norms = _column_norms(v)
    ufuncs.divide(v, norms.reshape(norms._shape + (1,)), out=(v,))
    return norms


def _column_norms(g):
    """sqrt(sum |g|^2) over the last axis, in the real dtype."""

    return c.sumsq(g, axis=-1)


def _conj(x):
    return ufuncs.conjugate(x) if x._dtype.kind == "c" else x


def svd(a, full_matrices, compute_uv):
    """SVD of the (..., m, n) stack ``a`` (already in its result dtype): (U, S, Vh) as
    numpy.linalg.svd, or S alone."""

    device, dtype = a._device, a._dtype
    batch = a._shape[:-2]
    m, n = a._shape[-2:]
    k = min(m, n)
    rdt = real_dtype(dtype)
    count = c.batch_count(a._shape)
    if count == 0 or k == 0:
        s = zeros(batch + (k,), dtype=rdt, device=device)
        if not compute_uv:
            return s
        u = empty(batch + ((m, m) if full_matrices else (m, k)), dtype=dtype, device=device)
        vh = empty(batch + ((n, n) if full_matrices else (k, n)), dtype=dtype, device=device)
        for x in (u, vh):
            if x.size:
                copy_into(x, eye(x._shape[-1], dtype=dtype, device=device))
        return np.linalg._linalg.SVDResult(u, s, vh)
    wide = m < n
    a3 = a.reshape((count, m, n))
    # rows of g: the columns of the tall matrix X (A, or A^H when A is wide)
    g = c.work_copy(_conj(a3) if wide else a3.mT, dtype)
    cols = g._shape[1]
    v = _identity_stack(count, cols, dtype, device) if compute_uv else None
    scale = _normalize(g)
    orthogonalize(g, v, "SVD did not converge")
    norms = _column_norms(g)
    sigma = ufuncs.multiply(norms, scale)       # (count, cols)
    if v is not None:
        # A V = G with V's columns a few eps off unit length: A (V / |v_j|) = G / |v_j|, so
        # the singular values are divided too
        sigma = ufuncs.divide(sigma, _unit_rows(v))
    if not compute_uv:
        return sort(sigma, axis=-1, descending=True).reshape(batch + (k,))
    ux, s, vx = _sorted_factors(g, norms, sigma, v, full_matrices)
    # X = Ux diag(s) Vx^H; for wide A, A = X^H = Vx diag(s) Ux^H
    if wide:
        u, vh = vx, _conj(ux.mT)
    else:
        u, vh = ux, _conj(vx.mT)
    return np.linalg._linalg.SVDResult(u.reshape(batch + u._shape[1:]),
                                       s.reshape(batch + (k,)),
                                       vh.reshape(batch + vh._shape[1:]))


def _sorted_factors(g, norms, sigma, v, full):
    """(Ux, s, Vx) of the tall X from the converged (normalized) columns ``g``, their
    ``norms`` and the singular values ``sigma`` (the norms rescaled): s descending,
    Ux = columns / norms, completed to an orthonormal basis where a column is (numerically)
    zero and, with ``full``, to a square unitary (QR of Ux on the device)."""

    count, cols, rows = g._shape
    order = argsort(sigma, axis=-1, descending=True)
    s = take_along_axis(sigma, order, axis=-1)
    norms = take_along_axis(norms, order, axis=-1)
    g = take_along_axis(g, order.reshape((count, cols, 1)), axis=-2)
    vx = take_along_axis(v, order.reshape((count, cols, 1)), axis=-2).mT
    # columns the kernel treated as zero (squared norm below tiny / eps): no direction
    info = np.finfo(norms._dtype)
    zero = ufuncs.less_equal(norms, float(np.sqrt(info.tiny / info.eps)))
    safe = where(zero, 1, norms).astype(norms._dtype)
    g = where(zero.reshape((count, cols, 1)), 0, g).astype(g._dtype)
    ux = ufuncs.divide(g, safe.reshape((count, cols, 1))).mT   # rows x cols
    square = full and rows > cols
    if square or bool(zero.any()):
        ux = _complete(ux, zero, square)
    return ux, s, vx


def _complete(ux, zero, square):
    """Columns of ``ux`` where ``zero`` (trailing, all zero) replaced by an orthonormal
    complement of the others, and with ``square`` the complement's further columns appended:
    from the complete QR of ``ux`` (its leading Q columns span the nonzero ones)."""

    count, rows, cols = ux._shape
    q = qr(ux, mode="complete").Q
    out = where(zero.reshape((count, 1, cols)), q[:, :, :cols], ux)
    if square:
        out = concatenate([out, q[:, :, cols:]], axis=-1)
    return out


def hermitian_from(a, UPLO):
    """The Hermitian matrix LAPACK's eigh sees: the ``UPLO`` triangle of ``a`` mirrored (the
    other triangle and the imaginary part of the diagonal are not read)."""

    lower = UPLO == "L"
    half = tril(a) if lower else triu(a)
    strict = tril(a, k=-1) if lower else triu(a, k=1)
    h = ufuncs.add(half, _conj(strict.mT))
    if a._dtype.kind == "c":
        h = c.work_copy(h, a._dtype)
        d = diagonal(h, axis1=-2, axis2=-1)       # read-only, as NumPy's; h is ours to write
        h._view(d._offset, d._shape, d._strides).imag[...] = 0
    return h


def eigh(a, UPLO, compute_v):
    """(ascending eigenvalues, eigenvectors or None) of the Hermitian (..., n, n) stack whose
    ``UPLO`` triangle is ``a``: one-sided Jacobi of A + cI, eigenvalues as Rayleigh
    quotients."""

    device, dtype = a._device, a._dtype
    n = a._shape[-1]
    batch = a._shape[:-2]
    rdt = real_dtype(dtype)
    count = c.batch_count(a._shape)
    if count == 0 or n == 0:
        w = zeros(batch + (n,), dtype=rdt, device=device)
        v = empty(a._shape, dtype=dtype, device=device)
        if v.size:
            copy_into(v, eye(n, dtype=dtype, device=device))
        return w, (v if compute_v else None)
    h = hermitian_from(a.reshape((count, n, n)), UPLO)
    shift = _max(_sum(ufuncs.absolute(h), axis=-1), axis=-1)      # (count,) >= |lambda|
    shifted = ufuncs.add(h, ufuncs.multiply(
        shift.reshape((count, 1, 1)), eye(n, dtype=rdt, device=device)))
    g = c.work_copy(shifted.mT, dtype)              # rows: the columns of A + cI
    _normalize(g)
    vt = _identity_stack(count, n, dtype, device)   # rows: the columns of V
    orthogonalize(g, vt, "Eigenvalues did not converge", nonfinite_raises=False)
    _unit_rows(vt)
    vecs = vt.mT
    hv = matmul(h, vecs)
    prod = ufuncs.multiply(_conj(vecs), hv)
    w = _sum(prod.real if dtype.kind == "c" else prod, axis=-2)      # v_j^H A v_j
    # NumPy's eigh gives NaNs for matrices with NaN or inf in the triangle it reads
    bad = ufuncs.logical_not(ufuncs.isfinite(shift))
    w = where(bad.reshape((count, 1)), np.nan, w).astype(rdt)
    order = argsort(w, axis=-1)
    w = take_along_axis(w, order, axis=-1).reshape(batch + (n,))
    if not compute_v:
        return w, None
    vecs = take_along_axis(vecs, order.reshape((count, 1, n)), axis=-1)
    vecs = where(bad.reshape((count, 1, 1)), np.nan, vecs).astype(dtype)
    return w, vecs.reshape(a._shape)
