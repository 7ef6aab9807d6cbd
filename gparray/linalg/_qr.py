"""QR factorization by Householder reflections."""
import numpy as np

from .._creation import empty, eye
from .._engines import ufuncs
from .._engines.copying import copy_into
from .._linalg_products import matmul
from .._rearrange import diagonal, tril, triu
from . import _common as c, _host_lapack

_MODES = ("reduced", "complete", "r", "raw")


def _factor(w, keep):
    """Blocked Householder QR of the C-contiguous (B, m, n) stack ``w`` in place (LAPACK's
    geqrf): each panel by the qr_unblocked kernel (one work-group per matrix), its block
    reflector I - V T V^H (T by the qr_form_t kernel from V^H V), and the trailing matrix
    updated by three matmuls. Returns tau (B, min(m, n)) and, when ``keep``, the blocks
    (start, V, T) that form Q."""

    device, dtype = w._device, w._dtype
    batch, m, n = w._shape
    k = min(m, n)
    tau = empty((batch, max(k, 1)), dtype=dtype, device=device)
    blocks = []
    for j in range(0, k, c.BLOCK):
        jb = min(c.BLOCK, k - j)
        panel = w[:, j:, j:j + jb]
        c.launch_groups(device, "qr_unblocked", dtype, batch,
                        [w._buf.cl, *c.layout(panel), m - j, jb, tau._buf.cl, j,
                         tau._shape[-1]], max(m, n))
        trailing = w[:, j:, j + jb:]
        if not trailing._shape[-1] and not (keep and k > c.BLOCK):
            continue
        v, t = _block_reflector(panel, tau, j)
        if trailing._shape[-1]:
            _apply(v, _h(t), trailing)             # H_b^H A2 = (I - V T^H V^H) A2
        blocks.append((j, v, t))
    return tau[:, :k], blocks


def _block_reflector(panel, tau, j):
    """(V, T) of the panel's reflectors: V unit lower trapezoidal, made explicit; T from
    V^H V by the qr_form_t kernel."""

    batch, rows, jb = panel._shape
    v = tril(panel, k=-1)
    d = diagonal(v[:, :jb, :], axis1=-2, axis2=-1)     # read-only, as NumPy's; v is ours
    v._view(d._offset, d._shape, d._strides)[...] = 1
    gram = matmul(_h(v), v)
    t = empty((batch, jb, jb), dtype=panel._dtype, device=panel._device)
    c.launch_items(panel._device, "qr_form_t", panel._dtype, batch * jb,
                   [gram._buf.cl, *c.layout(gram), tau._buf.cl, j, tau._shape[-1], t._buf.cl,
                    *c.layout(t), jb, batch * jb])
    return v, t


def _h(x):
    """The conjugate transpose of the last two axes."""

    return ufuncs.conjugate(x.mT) if x._dtype.kind == "c" else x.mT


def _apply(v, t, x):
    """x := (I - V T V^H) x in place, by matmul."""

    ufuncs.subtract(x, matmul(v, matmul(t, matmul(_h(v), x))), out=(x,))


def _form_q(w, tau, blocks, ncols):
    """Q (B, m, ncols) = H_0 ... H_{k-1} applied to the identity (LAPACK's orgqr): one
    qr_form_q launch when there is one panel, else the block reflectors from the last."""

    batch, m, _ = w._shape
    q = empty((batch, m, ncols), dtype=w._dtype, device=w._device)
    copy_into(q, eye(m, ncols, dtype=w._dtype, device=w._device))
    if tau._shape[-1] <= c.BLOCK:
        c.launch_groups(w._device, "qr_form_q", w._dtype, batch,
                        [w._buf.cl, *c.layout(w), tau._buf.cl, tau._strides[0] // tau.itemsize,
                         q._buf.cl, *c.layout(q), m, tau._shape[-1], ncols], max(m, ncols))
        return q
    for j, v, t in reversed(blocks):
        _apply(v, t, q[:, j:, j:])
    return q


def qr(a, mode="reduced"):
    """QR decomposition of each matrix in ``a`` (numpy.linalg.qr): modes 'reduced' (Q, R),
    'complete' (Q, R), 'r' (R only) and 'raw' (h, tau) in LAPACK's layout, results as
    NumPy's QRResult.

    Real and complex dtypes on the device: blocked Householder QR (LAPACK's geqrf with the same
    reflectors, so signs match NumPy's): panels in one work-group per matrix, block
    reflectors I - V T V^H applied by matmul, Q formed by applying them to the identity.
    CPU devices, while host LAPACK is allowed: NumPy's LAPACK on zero-copy views (see
    ``set_host_lapack``)."""

    if mode not in _MODES:
        raise ValueError(f"Unrecognized mode '{mode}'")
    a = c.operand(a)
    c.check_stacked_2d(a)
    dtype = c.result_dtype(a)
    device = a._device
    if a.size == 0 or _host_lapack.use_host(device) or not c.opencl_dtype(dtype):
        return _host_lapack.run(np.linalg.qr, device,
                                c.work_copy(a, dtype) if a._dtype != dtype else a, mode=mode)
    m, n = a._shape[-2:]
    k = min(m, n)
    batch = a._shape[:-2]
    w = c.work_copy(a, dtype)
    count = c.batch_count(w._shape)
    w3 = w.reshape((count, m, n))
    tau, blocks = _factor(w3, keep=mode in ("reduced", "complete"))
    if mode == "raw":
        return (w.mT.copy(), tau.reshape(batch + (k,)).copy())
    r = triu(w[..., :k, :] if mode != "complete" else w)
    if mode == "r":
        return r
    q = _form_q(w3, tau, blocks, k if mode == "reduced" else m)
    return np.linalg._linalg.QRResult(q.reshape(batch + q._shape[-2:]), r)
