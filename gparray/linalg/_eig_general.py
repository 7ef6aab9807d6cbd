"""eig and eigvals of general square matrices on the OpenCL path (gparray/kernels/linalg_eig.cl).

One work-group per matrix, in complex arithmetic (complex64 for float32/complex64 input,
complex128 for float64/complex128): the matrix scaled into LAPACK geev's safe range if its
entries are huge or tiny, balanced by diagonal scaling (LAPACK's gebal without its
permutations), Householder reduction to Hessenberg form, complex single-shift QR iteration
with Givens rotations (Wilkinson shifts, exceptional shifts after 10 and 20 sweeps without a
deflation, at most 30 * max(n, 10) sweeps per matrix, LinAlgError "Eigenvalues did not
converge" beyond), then eigenvectors by back-substitution on the Schur form (LAPACK's
small-pivot perturbation for repeated eigenvalues), each scaled to unit 2-norm with its
largest component real and positive (as LAPACK's zgeev; dgeev's real vectors agree up to
sign). Infs and NaNs raise NumPy's LinAlgError. Deviations from NumPy's LAPACK: the order of
the eigenvalues is the QR iteration's (NumPy specifies none), the conjugate pairs of real
input are conjugate up to rounding, not exactly, and float32/complex64 input is computed in
single precision (NumPy computes it in double and rounds the results), so ill-conditioned
single-precision problems are less accurate than NumPy's.

NumPy returns real results for real input when all eigenvalues are real, a decision LAPACK
makes exactly in its real Schur form. The complex QR leaves rounding-sized imaginary parts
on real eigenvalues instead, so for real input the eigenvalues are read back (one small
transfer per call) and an eigenvalue ``lam`` of an n x n matrix counts as real when
|Im lam| <= n * eps * max|a_ij| (of the balanced matrix), or when no other eigenvalue ``mu``
with imaginary part of the opposite sign lies nearer to conj(lam) than lam itself does
(|mu - conj(lam)| < 2 |Im lam|): the non-real eigenvalues of a real matrix come in conjugate
pairs, while a lone eigenvalue near the real axis is real. Eigenvalues counted as real get
imaginary part 0 and real eigenvectors (the real part, rescaled to unit norm); when all of
the stack's are real, the results are real arrays. For repeated or defective eigenvalues
LAPACK's choice between a real pair and a complex pair within rounding can differ from this
one, and the real eigenvectors of such clusters have residuals of the size of the dropped
imaginary parts.
"""
import functools

import numpy as np

from .._creation import asarray, empty, zeros
from .._engines.reduction import _launch_groups
from .._runtime import launch as _launch, programs as _programs
from . import _common as c

_COMPLEX = {np.dtype(np.float32): np.dtype(np.complex64),
            np.dtype(np.complex64): np.dtype(np.complex64),
            np.dtype(np.float64): np.dtype(np.complex128),
            np.dtype(np.complex128): np.dtype(np.complex128)}
_SWEEPS = 30         # QR sweeps allowed per row (of at least 10), as LAPACK's itmax
_L, _I = np.int64, np.int32
_ARGS = {"eig_hqr": (None, None, None, None, None, None, None, _I, _I, _I),
         "eig_real_parts": (None, None, None, None, _I, _I, _L),
         "eig_zero_imag": (None, None, None, _I, _I, _L)}


@functools.lru_cache(maxsize=None)
def _source(ctype, local, fp64):
    real = np.dtype(np.float32 if ctype == np.complex64 else np.float64)
    info = np.finfo(real)
    suffix = "f" if real == np.float32 else ""
    smlnum = np.sqrt(info.smallest_normal) / info.eps      # LAPACK geev's scaling bounds
    r = "float" if real == np.float32 else "double"
    return c.linalg_source("linalg_eig.cl", r + "2", r, local, [
        f"#define GP_EPS {float(info.eps)!r}{suffix}",
        f"#define GP_SAFMIN {float(info.smallest_normal)!r}{suffix}",
        f"#define GP_BIG {float(np.sqrt(info.max))!r}{suffix}",
        f"#define GP_SMLNUM {float(smlnum)!r}{suffix}",
        f"#define GP_BIGNUM {float(1 / smlnum)!r}{suffix}"],
        head=["#define GP_HAS_FP64 1" if fp64 else ""])


def _kernel(device, ctype, name, local):
    """``name`` from the program of work-group size ``local`` (the elementwise helpers come
    from the eig_hqr program already built, not from one of their own)."""
    return _programs.kernel(device, _source(ctype, local, device.has_fp64), name, _ARGS[name])


def _local_size(device, n):
    """About n/8 work-items per matrix, from 8 to GROUP: the rotations of the QR iteration
    give each work-item only a few elements, and every size is a program of its own to
    build (seconds on PoCL)."""
    local = min(c.GROUP, max(8, 1 << max(0, (n - 1).bit_length() - 3)))
    while local > device.max_work_group_size:
        local //= 2
    return local


def _real_mask(w, tol):
    """Which of the (count, n) complex eigenvalues of real matrices are real (module
    docstring); ``tol`` per matrix. Chunks of matrices keep the n x n comparisons small."""
    count, n = w.shape
    step = max(1, (1 << 20) // (n * n))
    out = np.empty(w.shape, dtype=bool)
    for s in range(0, count, step):
        ws, im = w[s:s + step], w[s:s + step].imag
        dist = np.abs(ws[:, None, :] - np.conj(ws)[:, :, None])   # [g, i, j]: |w_j - conj(w_i)|
        sign = np.sign(im)
        partner = (dist < 2 * np.abs(im)[:, :, None]) & (sign[:, :, None] * sign[:, None, :] < 0)
        out[s:s + step] = ~partner.any(axis=2) | (np.abs(im) <= tol[s:s + step, None])
    return out


def _empty_results(a, vectors):
    out = a._dtype           # real input: NumPy's all-real test passes on no eigenvalues
    w = empty(a._shape[:-1], dtype=out, device=a._device)
    return (w, empty(a._shape, dtype=out, device=a._device)) if vectors else w


def _run(a, vectors):
    device = a._device
    ctype = _COMPLEX[a._dtype]
    if not a.size:
        return _empty_results(a, vectors)
    n = a._shape[-1]
    count = c.batch_count(a._shape)
    h = c.work_copy(a, ctype).reshape((count, n, n))
    z = empty((count, n, n), dtype=ctype, device=device) if vectors else h
    y = empty((count, n, n), dtype=ctype, device=device) if vectors else h
    w = empty((count, n), dtype=ctype, device=device)
    info = zeros((count,), dtype=np.int32, device=device)
    rtype = np.finfo(ctype).dtype
    norms = empty((count,), dtype=rtype, device=device)
    scales = empty((count, n), dtype=rtype, device=device)     # the balancing's D
    local = _local_size(device, n)
    _launch_groups(device, _kernel(device, ctype, "eig_hqr", local), count, local,
                   [h._buf.cl, z._buf.cl, y._buf.cl, w._buf.cl, scales._buf.cl, info._buf.cl,
                    norms._buf.cl, n, int(vectors), _SWEEPS * max(n, 10)], "linalg.eig")
    flags = info.get()
    if (flags == 2).any():
        raise c.LinAlgError("Array must not contain infs or NaNs")
    if (flags == 1).any():
        raise c.LinAlgError("Eigenvalues did not converge")
    if a._dtype.kind == "f":
        real = _real_mask(w.get(), n * np.finfo(a._dtype).eps * norms.get())
        if real.all():
            wr = empty((count, n), dtype=a._dtype, device=device)
            vr = empty((count, n, n), dtype=a._dtype, device=device) if vectors else wr
            _launch.launch(device, _kernel(device, ctype, "eig_real_parts", local), count * n,
                           [w._buf.cl, h._buf.cl, wr._buf.cl, vr._buf.cl, int(vectors), n,
                            count * n], "linalg.eig")
            w, h = wr, vr
        elif real.any():
            mask = asarray(real.astype(np.int8), device=device)
            _launch.launch(device, _kernel(device, ctype, "eig_zero_imag", local), count * n,
                           [w._buf.cl, h._buf.cl, mask._buf.cl, int(vectors), n, count * n],
                           "linalg.eig")
    w = w.reshape(a._shape[:-1])
    return (w, h.reshape(a._shape)) if vectors else w


def eig(a):
    """Eigenvalues and right eigenvectors (numpy.linalg.eig, EigResult) of the prepared
    (..., n, n) stack ``a`` (float32/64 or complex64/128, any strides)."""
    return np.linalg._linalg.EigResult(*_run(a, True))


def eigvals(a):
    """Eigenvalues (numpy.linalg.eigvals) of the prepared (..., n, n) stack ``a``."""
    return _run(a, False)
