"""The complex transform behind every gparray.fft function: rows of n contiguous complex
values, transformed on the device by gparray/kernels/fft.cl.

Lengths whose factors are all 2, 3 and 5 run as Stockham passes (radix 16, 8, 4, 2, 3, 5,
largest first: each pass reads and writes every element once, so fewer passes is what counts
on a CPU device), one kernel launch per pass; any other length runs Bluestein's algorithm: a
chirp multiply, a convolution as two Stockham transforms of a 5-smooth length m >= 2n - 1
and a pointwise product, and a final chirp multiply. The constant tables of a length
(twiddles, chirp, the chirp filter's transform) are a plan, computed once per (device, n,
dtype) on the host in double precision and kept on the device (at most _MAX_PLANS of them).
Real transforms of even length run as complex transforms of half the length with a pre- or
post-pass (real_forward, real_inverse).

Measured on PoCL (2-core AVX-512 host), fft of 2^20 complex64: radix 4 only 31 ms, radix
16 with the index divisions through a double product 13 ms (NumPy 30 ms); per-pass twiddle
tables read contiguously instead of gathered from one table of n entries: the five passes
2.4/2.6/5.1/5.6/3.0 ms -> about 2.8 ms each on a loaded machine.

VkFFT (pyvkfft) was considered and not used: PyPI has only its source distribution, whose
build needs the OpenCL headers and library of the machine (and tries CUDA first when nvcc
is present), so a fresh ``pip install`` of gparray could not rely on it.
"""
import threading

import numpy as np

from .. import _creation
from .._core.ndarray import _c_strides, ndarray
from .._runtime import launch as _launch, programs as _programs

_RADICES = (16, 8, 4, 2, 3, 5)
_plans = {}
_MAX_PLANS = 64
_plans_lock = threading.RLock()    # a Bluestein plan makes its inner plan


def _real_ctype(dtype):
    return "double" if dtype.itemsize == 16 else "float"


def _kernel(device, dtype, name, arg_dtypes):
    real = _real_ctype(dtype)
    source = (_programs.device_defines(device) + _programs.template("prelude.cl")
              + f"#define REAL {real}\n#define REAL2 {real}2\n" + _programs.template("fft.cl"))
    return _programs.kernel(device, source, name, arg_dtypes)


def factorize(n):
    """The Stockham radices of n, or None when n has a prime factor above 5."""
    factors = []
    for r in _RADICES:
        while n % r == 0 and n > 1:
            factors.append(r)
            n //= r
    return factors if n == 1 else None


def _bluestein_length(n):
    """The convolution length for Bluestein: a 5-smooth m >= 2n - 1 (up to the next power
    of two) with the least m * passes, since each pass streams all m values once (1000003:
    2^21 in 6 passes rather than 2000000 = 2^7 5^6 in 8)."""
    need = 2 * n - 1
    top = 1 << (need - 1).bit_length()
    best = (top * len(factorize(top)), top)
    p3 = 1
    while p3 <= top:
        p35 = p3
        while p35 <= top:
            m = p35
            while m < need:
                m *= 2
            if m <= top:
                best = min(best, (m * len(factorize(m)), m))
            p35 *= 5
        p3 *= 3
    return best[1]


class _Plan:
    def __init__(self, device, n, dtype):
        self.n = n
        self.radices = factorize(n)
        # one twiddle table per Stockham pass (fft.cl), concatenated
        tables, self.offsets, ns = [], [], 1
        for r in self.radices or ():
            self.offsets.append(sum(t.size for t in tables))
            rk = np.outer(np.arange(1, r, dtype=np.float64), np.arange(ns, dtype=np.float64))
            tables.append(np.exp(-2j * np.pi * rk / (ns * r)).ravel())
            ns *= r
        table = np.concatenate(tables) if tables else np.ones(1)
        self.twiddles = _creation.asarray(table.astype(dtype), device=device)
        self.inner = None
        if self.radices is None:
            m = _bluestein_length(n)
            k = np.arange(n, dtype=np.int64)
            # exp(-pi i k^2 / n) with k^2 reduced mod 2n exactly in integers
            chirp = np.exp(-1j * np.pi * ((k * k) % (2 * n)) / n)
            filt = np.zeros(m, dtype=np.complex128)
            filt[:n] = np.conj(chirp)
            filt[m - n + 1:] = np.conj(chirp[1:])[::-1]
            self.m = m
            self.chirp = _creation.asarray(chirp.astype(dtype), device=device)
            # forward uses conj(chirp) as the filter, the inverse its conjugate
            self.filters = (_creation.asarray(np.fft.fft(filt).astype(dtype), device=device),
                            _creation.asarray(np.fft.fft(np.conj(filt)).astype(dtype),
                                              device=device))
            self.inner = plan(device, m, dtype)


def plan(device, n, dtype):
    key = (device, n, dtype)
    p = _plans.get(key)
    if p is None:
        with _plans_lock:
            p = _plans.get(key)
            if p is None:
                if len(_plans) >= _MAX_PLANS:     # keep device memory bounded
                    _plans.clear()
                    _half_twiddles.clear()
                p = _plans[key] = _Plan(device, n, dtype)
    return p


def _stockham(device, p, data, inverse, scale):
    """Transform the rows of ``data`` (clobbered); returns the array holding the result."""
    dtype = data.dtype
    n = p.n
    real = np.float64 if dtype.itemsize == 16 else np.float32
    src, dst = data, _creation.empty(data.shape, dtype=dtype, device=device)
    items_total = data.size
    ns = 1
    inv = np.float64 if device.has_fp64 else np.float32    # gp_inv_t in fft.cl
    for i, r in enumerate(p.radices):
        knl = _kernel(device, dtype, f"fft_pass{r}",
                      [None, None, None, np.int64, np.int64, np.int64, np.int64, np.int32, real,
                       inv, inv])
        last = i == len(p.radices) - 1
        _launch.launch(device, knl, items_total // r,
                       [src._buf.cl, dst._buf.cl, p.twiddles._buf.cl, p.offsets[i], n, ns,
                        items_total // r,
                        int(inverse), real(scale if last else 1.0), 1.0 / (n // r), 1.0 / ns],
                       "fft")
        ns *= r
        src, dst = dst, src
    if not p.radices and scale != 1:
        src *= scale
    return src


def transform_rows(device, data, n, inverse, scale):
    """The DFT of every row of the C-contiguous complex array ``data`` (last axis n),
    scaled by ``scale``; ``data`` may be clobbered. Returns an array of data's shape."""
    if data.size == 0:
        return data
    p = plan(device, n, data.dtype)
    if p.radices is not None:
        return _stockham(device, p, data, inverse, scale)
    dtype = data.dtype
    real = np.float64 if dtype.itemsize == 16 else np.float32
    rows = data.size // n
    m = p.m
    work = _creation.empty((rows, m), dtype=dtype, device=device)
    knl = _kernel(device, dtype, "fft_chirp_in",
                  [None, None, None, np.int64, np.int64, np.int64, np.int32])
    _launch.launch(device, knl, rows * m, [data._buf.cl, work._buf.cl, p.chirp._buf.cl, n, m,
                                           rows * m, int(inverse)], "fft")
    work = _stockham(device, p.inner, work, False, 1.0)
    knl = _kernel(device, dtype, "fft_pointwise", [None, None, np.int64, np.int64])
    _launch.launch(device, knl, rows * m, [work._buf.cl, p.filters[int(inverse)]._buf.cl, m,
                                           rows * m], "fft")
    work = _stockham(device, p.inner, work, True, 1.0)
    out = _creation.empty(data.shape, dtype=dtype, device=device)
    knl = _kernel(device, dtype, "fft_chirp_out",
                  [None, None, None, np.int64, np.int64, np.int64, np.int32, real])
    _launch.launch(device, knl, rows * n, [work._buf.cl, out._buf.cl, p.chirp._buf.cl, n, m,
                                           rows * n, int(inverse), real(scale / m)], "fft")
    return out


_half_twiddles = {}


def _half_table(device, n, dtype):
    """exp(-2 pi i k / n) for k <= n / 2, for the real transforms of even length n."""
    key = (device, n, dtype)
    table = _half_twiddles.get(key)
    if table is None:
        k = np.arange(n // 2 + 1, dtype=np.float64)
        table = _half_twiddles[key] = _creation.asarray(
            np.exp(-2j * np.pi * k / n).astype(dtype), device=device)
    return table


def _as_complex(real_rows, cdtype):
    """The C-contiguous real array (..., 2h) seen as complex (..., h), sharing its buffer."""

    shape = real_rows.shape[:-1] + (real_rows.shape[-1] // 2,)
    return ndarray._wrap(real_rows._buf, real_rows._offset, shape,
                         _c_strides(shape, cdtype.itemsize), cdtype, real_rows.device)


def _as_real(complex_rows, rdtype):
    shape = complex_rows.shape[:-1] + (complex_rows.shape[-1] * 2,)
    return ndarray._wrap(complex_rows._buf, complex_rows._offset, shape,
                         _c_strides(shape, rdtype.itemsize), rdtype, complex_rows.device)


def real_forward(device, real_rows, n, cdtype, scale):
    """rfft of the rows of the C-contiguous real array ``real_rows`` (even n, dtype the
    real part of ``cdtype``, offset 0): rows of n // 2 + 1 complex values."""
    h = n // 2
    rows = real_rows.size // n
    out = _creation.empty(real_rows.shape[:-1] + (h + 1,), dtype=cdtype, device=device)
    if rows == 0:
        return out
    z = transform_rows(device, _as_complex(real_rows, cdtype), h, False, 1.0)
    real = np.float64 if cdtype.itemsize == 16 else np.float32
    knl = _kernel(device, cdtype, "fft_r2c_post",
                  [None, None, None, np.int64, np.int64, real])
    _launch.launch(device, knl, rows * (h + 1), [z._buf.cl, out._buf.cl,
                                                 _half_table(device, n, cdtype)._buf.cl, h,
                                                 rows * (h + 1), real(scale)], "rfft")
    return out


def real_inverse(device, half_rows, n, cdtype, scale):
    """irfft of the C-contiguous complex rows of n // 2 + 1 values (even n): real rows."""
    h = n // 2
    rows = half_rows.size // (h + 1)
    rdtype = np.dtype(np.float64 if cdtype.itemsize == 16 else np.float32)
    z = _creation.empty(half_rows.shape[:-1] + (h,), dtype=cdtype, device=device)
    if rows == 0:
        return _as_real(z, rdtype)
    knl = _kernel(device, cdtype, "fft_c2r_pre", [None, None, None, np.int64, np.int64])
    _launch.launch(device, knl, rows * h, [half_rows._buf.cl, z._buf.cl,
                                           _half_table(device, n, cdtype)._buf.cl, h,
                                           rows * h], "irfft")
    return _as_real(transform_rows(device, z, h, True, 2 * scale), rdtype)
