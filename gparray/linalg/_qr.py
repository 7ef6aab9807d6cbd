"""QR factorization by Householder reflections."""
import numpy as np

from . import _common as c
from . import _host_lapack

_MODES = ("reduced", "complete", "r", "raw")


def _factor(w):
    """Householder QR of the C-contiguous (B, m, n) stack ``w`` in place (LAPACK's geqr2);
    returns tau (B, min(m, n))."""
    from .._creation import empty

    batch, m, n = w._shape
    k = min(m, n)
    tau = empty((batch, max(k, 1)), dtype=w._dtype, device=w._device)
    c.launch_groups(w._device, "qr_unblocked", w._dtype, batch,
                    [w._buf.cl, *c.layout(w), m, n, tau._buf.cl, tau._shape[-1]])
    return tau[:, :k]


def _form_q(w, tau, ncols):
    from .._copying import copy_into
    from .._creation import empty, eye

    batch, m, _ = w._shape
    q = empty((batch, m, ncols), dtype=w._dtype, device=w._device)
    copy_into(q, eye(m, ncols, dtype=w._dtype, device=w._device))
    c.launch_groups(w._device, "qr_form_q", w._dtype, batch,
                    [w._buf.cl, *c.layout(w), tau._buf.cl, tau._strides[0] // tau.itemsize,
                     q._buf.cl, *c.layout(q), m, tau._shape[-1], ncols])
    return q


def qr(a, mode="reduced"):
    """QR decomposition of each matrix in ``a`` (numpy.linalg.qr): modes 'reduced' (Q, R),
    'complete' (Q, R), 'r' (R only) and 'raw' (h, tau) in LAPACK's layout, results as
    NumPy's QRResult.

    Real dtypes on the device: unblocked Householder QR (LAPACK's geqr2 with the same
    reflectors, so signs match NumPy's) with one work-group per matrix, and Q formed by
    applying the reflectors to the identity; a blocked (WY, matmul) version is not done yet,
    so one large matrix runs on one compute unit. Complex, and CPU devices while host LAPACK
    is allowed: NumPy's LAPACK on zero-copy views (see ``set_host_lapack``)."""
    from .._rearrange import triu

    if mode not in _MODES:
        raise ValueError(f"Unrecognized mode '{mode}'")
    a = c.operand(a)
    c.check_stacked_2d(a)
    dtype = c.result_dtype(a)
    device = a._device
    if a.size == 0 or _host_lapack.use_host(device) or not c.opencl_real(dtype):
        return _host_lapack.run(np.linalg.qr, device,
                                c.work_copy(a, dtype) if a._dtype != dtype else a, mode=mode)
    m, n = a._shape[-2:]
    k = min(m, n)
    batch = a._shape[:-2]
    w = c.work_copy(a, dtype)
    count = c.batch_count(w._shape)
    w3 = w.reshape((count, m, n))
    tau = _factor(w3)
    if mode == "raw":
        return (w.mT.copy(), tau.reshape(batch + (k,)).copy())
    r = triu(w[..., :k, :] if mode != "complete" else w)
    if mode == "r":
        return r
    q = _form_q(w3, tau, k if mode == "reduced" else m)
    return np.linalg._linalg.QRResult(q.reshape(batch + q._shape[-2:]), r)
