"""Cholesky factorization: blocked right-looking, on the device."""
import numpy as np

from .._creation import zeros
from .._engines import ufuncs
from .._linalg_products import matmul
from .._rearrange import tril
from . import _common as c, _host_lapack


def _factor(w):
    """Factor the C-contiguous (B, n, n) stack ``w`` in place (lower triangle); returns the
    per-matrix info array. Diagonal blocks: one work-group per matrix; panel below them: a
    triangular solve; trailing matrix: matmul on the device."""

    device, dtype = w._device, w._dtype
    batch, n = w._shape[0], w._shape[-1]
    info = zeros((batch,), dtype=np.int32, device=device)
    for j in range(0, n, c.BLOCK):
        jb = min(c.BLOCK, n - j)
        diag = w[:, j:j + jb, j:j + jb]
        c.launch_groups(device, "chol_unblocked", dtype, batch,
                        [w._buf.cl, *c.layout(diag), jb, info._buf.cl, j], jb)
        if j + jb == n:
            break
        # L21 := A21 L11^-H, i.e. L21^T = conj(L11)^-1 A21^T: one work-item per row of L21
        panel = w[:, j + jb:, j:j + jb]
        pt = panel.mT
        rest = n - j - jb
        cplx = dtype.kind == "c"
        c.launch_items(device, "trsm_left", dtype, batch * rest,
                       [w._buf.cl, *c.layout(diag), w._buf.cl, *c.layout(pt), jb, rest,
                        batch * rest, 1, 0, int(cplx)])
        trailing = w[:, j + jb:, j + jb:]
        ph = ufuncs.conjugate(pt) if cplx else pt
        ufuncs.subtract(trailing, matmul(panel, ph), out=(trailing,))
    return info


def cholesky(a, /, *, upper=False):
    """Cholesky factor of each Hermitian positive-definite matrix in ``a``: lower ``L`` with
    ``a = L @ L.H`` (or upper ``U = L.H`` with ``upper=True``), as numpy.linalg.cholesky.
    Raises LinAlgError("Matrix is not positive definite") like NumPy.

    Real dtypes run on the device: blocked right-looking Cholesky (diagonal blocks in one
    work-group per matrix, the panel by a triangular-solve kernel, the trailing update by
    matmul), for real and complex dtypes. CPU devices, while host LAPACK is allowed, use
    NumPy's LAPACK on zero-copy views of the device buffers (see ``set_host_lapack``).
    """

    a = c.operand(a)
    c.check_stacked_2d(a)
    c.check_square(a)
    dtype = c.result_dtype(a)
    device = a._device
    if a.size == 0 or _host_lapack.use_host(device) or not c.opencl_dtype(dtype):
        return _host_lapack.run(np.linalg.cholesky, device, c.work_copy(a, dtype)
                                if a._dtype != dtype else a, upper=upper)
    n = a._shape[-1]
    w = c.work_copy(a, dtype)
    w3 = w.reshape((c.batch_count(w._shape), n, n))
    c.check_info(_factor(w3), "Matrix is not positive definite")
    low = tril(w)
    if not upper:
        return low
    return ufuncs.conjugate(low.mT) if dtype.kind == "c" else low.mT.copy()
