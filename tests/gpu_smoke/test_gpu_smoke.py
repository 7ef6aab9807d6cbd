"""Every kernel family once, at small odd sizes, against NumPy: the smoke test of a GPU-type
device. `.ci/oclgrind_smoke.sh` runs it on Oclgrind, an OpenCL simulator that reports itself as
a GPU without host-unified memory, with its out-of-bounds and data-race checks on; any
diagnostic it prints fails the test that caused it (``oclgrind_check``; pytest captures
stderr per test at the file-descriptor level, where Oclgrind writes).

Sizes span several work-groups of the GPU local size (256) and are not multiples of it, so
the tails of every launch run. Not part of the default run (``norecursedirs``): on a CPU
device it only repeats what tests/ checks, and under Oclgrind it costs minutes.
"""
import numpy as np
import pytest

import gparray
from gparray._runtime import launch as _launch, memory as _memory, programs as _programs
from gparray import linalg as la
from gparray._linalg_products import set_host_blas
from conftest import assert_same, sample
from oclgrind_output import diagnostics

N = 601                       # three work-groups of 256 and a tail
SHAPE = (37, 29)              # 1073 elements, both sides odd
_IDX_DUP = np.random.default_rng(4).integers(0, N, 700)     # indices with repeats


def on_oclgrind():
    return "oclgrind" in gparray.default_device().platform_name.lower()


@pytest.fixture(autouse=True)
def oclgrind_check(capfd):
    """Fails the test when anything (an Oclgrind diagnostic above all) reached stderr."""
    yield
    gparray.default_device().synchronize()
    found = diagnostics(capfd.readouterr().err)
    if found:
        pytest.fail(f"diagnostics on stderr:\n{found[:4000]}", pytrace=False)


@pytest.fixture(autouse=True, scope="module")
def exact_buffers():
    """Buffers of exactly the requested size: the pool rounds sizes up, and an access just
    past the end of an array would land in that slack unseen."""
    rounding = _memory._size_class
    _memory._size_class = lambda nbytes: max(int(nbytes), 1)
    yield
    _memory._size_class = rounding


@pytest.fixture(autouse=True, scope="module")
def device_paths():
    """The OpenCL GEMM and factorizations, as on a GPU (a CPU device would use the host's)."""
    previous = set_host_blas(False)
    with la.host_lapack(False):
        yield
    set_host_blas(previous)


def both(func, *arrays):
    """``func(np, *arrays)`` and ``func(gparray, *device arrays)``."""
    with np.errstate(all="ignore"):
        expected = func(np, *arrays)
    return expected, func(gparray, *[gparray.asarray(a) for a in arrays])


def check(func, *arrays, rtol=None, atol=0.0):
    expected, actual = both(func, *arrays)
    assert_same(expected, actual, rtol=rtol, atol=atol)


def f64(n=N, seed=0, special=False):
    return sample(np.float64, n, seed, special)


def mat(dtype=np.float64, shape=SHAPE, seed=1):
    return sample(dtype, int(np.prod(shape)), seed, special=False).reshape(shape)


# -- transfers ---------------------------------------------------------------------------
def test_transfers():
    host = mat()
    x = gparray.asarray(host)
    assert gparray.default_device().unified_memory is not on_oclgrind()
    np.testing.assert_array_equal(x.get(), host)
    np.testing.assert_array_equal(x.numpy(), host)
    np.testing.assert_array_equal(gparray.from_numpy(host).get(), host)
    assert x[5, 7].item() == host[5, 7]
    assert x[3].tolist() == host[3].tolist()
    x[2:9, ::3] = host[:7, :10]                 # a strided upload into part of an array
    expected = host.copy()
    expected[2:9, ::3] = host[:7, :10]
    np.testing.assert_array_equal(x.get(), expected)
    x.fill(2.5)
    assert (x.get() == 2.5).all()
    # views of one device-only buffer: byte ranges, not just the buffer, decide
    for pick in (lambda v: (v[:3], v[3:]), lambda v: (v[:4], v[3:]), lambda v: (v[:0], v),
                 lambda v: (v[::-1], v[9:])):
        assert gparray.shares_memory(*pick(x)) == np.shares_memory(*pick(host))
    others = [d for d in gparray.devices() if d is not x.device]
    if others:                                  # device to device (through the host)
        np.testing.assert_array_equal(gparray.asarray(host).to_device(others[0]).get(), host)


# -- elementwise ---------------------------------------------------------------------------
ELEMENTWISE = {
    "sin_f64": (lambda xp, a: xp.sin(a), [f64(special=True)]),
    "exp_f32": (lambda xp, a: xp.exp(a), [f64().astype(np.float32)]),
    "sqrt_strided": (lambda xp, a: xp.sqrt(xp.abs(a[::3])), [f64()]),
    "negative_i32": (lambda xp, a: -a, [sample(np.int32, N)]),
    "integer_magnitudes": (lambda xp, a, b: (xp.abs(a), xp.gcd(a, b), xp.lcm(a % 50, b % 50),
                                             xp.bitwise_count(a)),
                           [sample(np.int16, N), sample(np.int16, N, 1)]),
    "abs_c128": (lambda xp, a: xp.abs(a), [sample(np.complex128, N)]),
    "exp_c64": (lambda xp, a: xp.exp(a), [sample(np.complex64, N, special=False)]),
    "isnan_f16": (lambda xp, a: xp.isnan(a), [sample(np.float16, N)]),
    "add_broadcast": (lambda xp, a, b: a + b[:, None], [mat(), f64(SHAPE[0])]),
    "multiply_transposed": (lambda xp, a, b: a.T * b.T, [mat(), mat(seed=2)]),
    "floor_divide_i64": (lambda xp, a, b: a // (b | 1), [sample(np.int64, N), sample(np.int64, N, 1)]),
    "true_divide_int": (lambda xp, a, b: a / (b | 1), [sample(np.int16, N), sample(np.int16, N, 1)]),
    "power_f32": (lambda xp, a, b: xp.abs(a) ** b,
                  [f64().astype(np.float32), f64(seed=1).astype(np.float32) / 4]),
    "maximum_nan": (lambda xp, a, b: xp.maximum(a, b), [f64(special=True), f64(seed=1)]),
    "less_mixed": (lambda xp, a, b: a < b, [sample(np.int8, N), f64(seed=1)]),
    "xor_u8": (lambda xp, a, b: a ^ b, [sample(np.uint8, N), sample(np.uint8, N, 1)]),
    "logical_and": (lambda xp, a, b: xp.logical_and(a, b[::-1]), [sample(np.bool_, N), sample(np.bool_, N, 1)]),
    "power_c128": (lambda xp, a, b: (a ** b, 10.0 ** (a / 4)),      # integer and other exponents
                   [sample(np.complex128, N, special=False) / 3,
                    np.where(np.arange(N) % 2, np.arange(N) % 11 - 5, sample(np.complex128, N, 1, special=False))]),
    "multiply_c128": (lambda xp, a, b: a * b, [sample(np.complex128, N, special=False),
                                               sample(np.complex128, N, 1, special=False)]),
    "arctan2_sliced": (lambda xp, a, b: xp.arctan2(a[1::2, ::-2], b[::2, 1::2]),
                       [mat(np.float32, (74, 58)), mat(np.float32, (74, 58), seed=3)]),
    "where_clip": (lambda xp, c, a: xp.clip(xp.where(c, a, -a), -1, 2), [sample(np.bool_, N), f64()]),
    "scalar_inplace": (lambda xp, a: _inplace(a), [sample(np.int32, N)]),
}


def _inplace(a):
    a = a.copy()
    a += 3
    a *= 2
    a[::2] -= 1
    return a


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise(name):
    func, arrays = ELEMENTWISE[name]
    check(func, *arrays)


# -- reductions ----------------------------------------------------------------------------
REDUCTIONS = {
    "sum_f64": (lambda xp, a: xp.sum(a), [f64()], 1e-12),
    "sum_f32_axis0": (lambda xp, a: xp.sum(a, axis=0), [mat(np.float32)], 1e-5),
    "sum_f64_axis1_T": (lambda xp, a: a.T.sum(axis=1), [mat()], 1e-12),
    "sum_c128": (lambda xp, a: a.sum(), [sample(np.complex128, N, special=False)], 1e-12),
    "sum_int8_promotes": (lambda xp, a: xp.sum(a), [sample(np.int8, N)], None),
    "prod_i64_axis": (lambda xp, a: xp.prod(a % 3 + 1, axis=1), [mat(np.int64, (9, 35))], None),
    "max_f32": (lambda xp, a: xp.max(a), [f64().astype(np.float32)], None),
    "min_nan": (lambda xp, a: xp.min(a), [f64(special=True)], None),
    "mean_var_std": (lambda xp, a: (a.mean(axis=0), a.var(axis=1), a.std()), [mat()], 1e-12),
    "argmax": (lambda xp, a: (xp.argmax(a), xp.argmax(a, axis=0), xp.argmin(a, axis=1)),
               [mat()], None),
    "argmax_ties_int": (lambda xp, a: xp.argmax(a % 5), [sample(np.int32, N)], None),
    "nansum_nanmax": (lambda xp, a: (xp.nansum(a), xp.nanmax(a), xp.nanargmin(a)),
                      [np.where(f64() > 1, np.nan, f64())], 1e-12),
    "nanmean_axis": (lambda xp, a: xp.nanmean(a, axis=0),
                     [np.where(mat() > 1, np.nan, mat())], 1e-12),
    "any_all": (lambda xp, a: (xp.any(a > 3), xp.all(a < 9, axis=0), xp.count_nonzero(a > 0)),
                [mat()], None),
    "median_quantile": (lambda xp, a: (xp.median(a), xp.quantile(a, [0.1, 0.9], axis=0)),
                        [mat()], 1e-12),
    "reduceat": (lambda xp, a, b: (xp.add.reduceat(a, [0, 5, 5, 300, 17, 600]),
                                   xp.maximum.reduceat(b, [0, 4, 20], axis=1)), [f64(), mat()], 1e-12),
    "ufunc_at": (lambda xp, a, i: _at(xp, a, i), [f64(), _IDX_DUP], 1e-12),
}


def _at(xp, a, idx):
    a = a.copy()
    xp.add.at(a, idx, 1.0)          # repeated indices accumulate
    xp.maximum.at(a, idx[::3], 0.5)
    return a


@pytest.mark.parametrize("name", REDUCTIONS)
def test_reductions(name):
    func, arrays, rtol = REDUCTIONS[name]
    check(func, *arrays, rtol=rtol)


# -- scans ---------------------------------------------------------------------------------
SCANS = {
    "cumsum_f64": (lambda xp, a: xp.cumsum(a), [f64()], 1e-12),
    "cumsum_i32_axis1": (lambda xp, a: xp.cumsum(a, axis=1), [mat(np.int32)], None),
    "cumsum_f32_axis0_T": (lambda xp, a: xp.cumsum(a.T, axis=0), [mat(np.float32)], 1e-5),
    "cumprod_c128": (lambda xp, a: xp.cumprod(a / 3), [sample(np.complex128, 40, special=False)], 1e-12),
    "cumsum_bool": (lambda xp, a: xp.cumsum(a), [sample(np.bool_, 1500)], None),
    "diff": (lambda xp, a: xp.diff(a, axis=0), [mat()], None),
    "convolve": (lambda xp, a, k: (xp.convolve(a, k), xp.convolve(a, k[:4], "same"),
                                   xp.convolve(k, a, "valid")), [f64(), f64(37, 1)], 1e-12),
    "correlate_c128": (lambda xp, a, k: xp.correlate(a, k, "full"),
                       [sample(np.complex128, 301, special=False), sample(np.complex128, 9, 1, special=False)],
                       1e-12),
}


@pytest.mark.parametrize("name", SCANS)
def test_scans(name):
    func, arrays, rtol = SCANS[name]
    check(func, *arrays, rtol=rtol)


# -- sorting and searching -----------------------------------------------------------------
SORTING = {
    "sort_f64_nan": (lambda xp, a: xp.sort(a), [f64(special=True)]),
    "sort_i32_axis0": (lambda xp, a: xp.sort(a, axis=0), [mat(np.int32)]),
    "sort_f32_strided": (lambda xp, a: xp.sort(a[::2, 1:], axis=1), [mat(np.float32)]),
    "argsort_stable": (lambda xp, a: xp.argsort(a % 7, kind="stable"), [sample(np.int64, N)]),
    "argsort_axis_f32": (lambda xp, a: xp.argsort(a, axis=0, kind="stable"), [mat(np.float32)]),
    "sort_c64": (lambda xp, a: xp.sort(a), [sample(np.complex64, 300, special=False)]),
    "sort_u8": (lambda xp, a: xp.sort(a), [sample(np.uint8, 1000)]),
    "unique": (lambda xp, a: xp.unique(a % 50, return_index=True, return_inverse=True,
                                       return_counts=True), [sample(np.int32, N)]),
    "unique_f64": (lambda xp, a: xp.unique(xp.round(a)), [f64()]),
    "searchsorted": (lambda xp, a, v: (xp.searchsorted(a, v), xp.searchsorted(a, v, side="right")),
                     [np.sort(np.round(f64())), np.round(f64(300, 1))]),
    "partition": (lambda xp, a: xp.partition(a, 300)[300], [f64()]),
    "lexsort": (lambda xp, a, b: xp.lexsort((a, b)), [sample(np.int16, N) % 4, sample(np.int16, N, 1) % 3]),
    "isin": (lambda xp, a, b: xp.isin(a, b), [sample(np.int32, N), sample(np.int32, 97, 1)]),
}


@pytest.mark.parametrize("name", SORTING)
def test_sorting(name):
    func, arrays = SORTING[name]
    check(func, *arrays)


# -- indexing: gather, scatter, compaction -------------------------------------------------
def _scatter(xp, a, idx, v):
    a = a.copy()
    a[idx] = v
    return a


def _mask_set(xp, a):
    a = a.copy()
    a[a > 0.5] = 0.0
    a[:, 3][a[:, 4] < 0] = -7.0
    return a


def _fancy_2d_set(xp, a, rows, cols):
    a = a.copy()
    a[rows, cols] = 1.5
    a[rows[:5]] += 1            # whole rows
    return a


def _put(xp, a, idx):
    a = a.copy()
    xp.put(a, idx, xp.arange(idx.size, dtype=a.dtype))
    return a


_IDX = np.random.default_rng(5).integers(-N, N, 450)
_PERM = np.random.default_rng(6).permutation(N)[:333]
_ROWS = np.random.default_rng(7).permutation(SHAPE[0])[:20]
_COLS = np.random.default_rng(8).integers(0, SHAPE[1], 20)

INDEXING = {
    "gather_1d": (lambda xp, a, i: a[i], [f64(), _IDX]),
    "gather_2d": (lambda xp, a, r, c: a[r[:, None], c], [mat(), _ROWS, _COLS]),
    "gather_axis1_strided": (lambda xp, a, c: a[::2, c], [mat(np.complex64), _COLS]),
    "take": (lambda xp, a, i: xp.take(a, i, axis=0), [mat(np.int16), _ROWS]),
    "take_along_axis": (lambda xp, a: xp.take_along_axis(a, xp.argsort(a, axis=1), axis=1), [mat()]),
    "boolean_mask": (lambda xp, a: a[a > 0.3], [mat()]),
    "boolean_rows": (lambda xp, a, m: a[m], [mat(np.int64), sample(np.bool_, SHAPE[0])]),
    "nonzero": (lambda xp, a: xp.nonzero(a > 0.7), [mat()]),
    "flatnonzero_argwhere": (lambda xp, a: (xp.flatnonzero(a), xp.argwhere(a.reshape(SHAPE))),
                             [sample(np.int8, 1073) % 3]),
    "compress_extract": (lambda xp, a, m: (xp.compress(m, a, axis=1), xp.extract(a > 0, a)),
                         [mat(), sample(np.bool_, SHAPE[1])]),
    "scatter_unique": (lambda xp, a, i: _scatter(xp, a, i, -1.0), [f64(), _PERM]),
    "scatter_values": (lambda xp, a, i, v: _scatter(xp, a, i, v), [f64(), _PERM, f64(333, 2)]),
    "mask_set": (_mask_set, [mat()]),
    "fancy_2d_set": (_fancy_2d_set, [mat(), _ROWS, _COLS]),
    "put": (_put, [sample(np.int32, N), _PERM]),
    "choose_select": (lambda xp, c, a, b: (xp.choose(c, [a, b, -a]), xp.select([a > 0, b > 0], [a, b])),
                      [sample(np.int64, N) % 3, f64(), f64(seed=1)]),
}


@pytest.mark.parametrize("name", INDEXING)
def test_indexing(name):
    func, arrays = INDEXING[name]
    check(func, *arrays)


# -- matrix products -----------------------------------------------------------------------
PRODUCTS = {
    "matmul_f32": (lambda xp, a, b: a @ b, [mat(np.float32), mat(np.float32, (29, 33), 2)], 2e-5),
    "matmul_f64_transposed": (lambda xp, a, b: a.T @ b, [mat(), mat(shape=(37, 41), seed=2)], 1e-12),
    "matmul_c128": (lambda xp, a, b: a @ b, [mat(np.complex128, (19, 23)), mat(np.complex128, (23, 17), 2)], 1e-12),
    "matmul_i64": (lambda xp, a, b: a @ b, [mat(np.int64, (21, 30)), mat(np.int64, (30, 13), 2)], None),
    "matmul_batched_broadcast": (lambda xp, a, b: a @ b, [mat(shape=(3, 1, 17, 19)),
                                                          mat(shape=(4, 19, 5), seed=2)], 1e-12),
    # above GEMM_MIN_WORK: the tiled GEMM (64 x 64 local-memory tiles on a GPU), partial tiles
    "gemm_f32": (lambda xp, a, b: a @ b, [mat(np.float32, (70, 65)), mat(np.float32, (65, 67), 2)], 2e-5),
    "gemm_f64_transposed": (lambda xp, a, b: a.T @ b, [mat(shape=(67, 70)), mat(shape=(67, 66), seed=2)], 1e-12),
    "matvec_vecmat": (lambda xp, a, v, w: (a @ v, w @ a), [mat(), f64(SHAPE[1]), f64(SHAPE[0], 1)], 1e-12),
    "dot_vdot_inner": (lambda xp, a, b: (xp.dot(a, b), xp.vdot(a, b), xp.inner(a[:9], b[:9])),
                       [f64(), f64(seed=1)], 1e-12),
    "outer": (lambda xp, a, b: xp.outer(a, b), [f64(40), f64(31, 1)], None),
    "einsum_ij_jk": (lambda xp, a, b: xp.einsum("ij,jk->ik", a, b), [mat(), mat(shape=(29, 11), seed=2)], 1e-12),
    "einsum_trace_diag": (lambda xp, a: (xp.einsum("ii", a), xp.einsum("ii->i", a), xp.einsum("ij->j", a)),
                          [mat(shape=(33, 33))], 1e-12),
    "einsum_batched": (lambda xp, a, b: xp.einsum("bij,bkj->bik", a, b),
                       [mat(np.float32, (3, 17, 9)), mat(np.float32, (3, 13, 9), 2)], 2e-5),
    "tensordot": (lambda xp, a, b: xp.tensordot(a, b, axes=([0, 2], [1, 0])),
                  [mat(shape=(5, 7, 9)), mat(shape=(9, 5, 3), seed=2)], 1e-12),
}


@pytest.mark.parametrize("name", PRODUCTS)
def test_products(name):
    func, arrays, rtol = PRODUCTS[name]
    check(func, *arrays, rtol=rtol, atol=0.0 if rtol is None else rtol)


# -- linalg (the OpenCL factorizations) ----------------------------------------------------
def _spd(n, dtype, seed=0):
    a = mat(dtype, (n, n), seed)
    return a @ a.conj().T + n * np.eye(n, dtype=dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex128])
def test_linalg(dtype):
    tol = 1e-3 if dtype == np.float32 else 1e-9
    a, b = _spd(17, dtype), mat(dtype, (17, 3), 4)
    g = mat(dtype, (19, 13), 5)                                  # a general (tall) matrix
    check(lambda xp, a, b: xp.linalg.solve(a, b), a, b, rtol=tol, atol=tol)
    check(lambda xp, a: (xp.linalg.inv(a), xp.linalg.det(a)), a, rtol=tol, atol=tol)
    check(lambda xp, a: xp.linalg.cholesky(a), a, rtol=tol, atol=tol)
    check(lambda xp, a: xp.linalg.eigvalsh(a), a, rtol=tol, atol=tol)
    check(lambda xp, g: xp.linalg.svd(g, compute_uv=False), g, rtol=tol, atol=tol)
    # factors are unique only up to signs (phases): compare what they must reproduce
    q, r = la.qr(gparray.asarray(g))
    np.testing.assert_allclose((q @ r).get(), g, rtol=tol, atol=tol)
    np.testing.assert_allclose(np.abs(r.get()), np.abs(np.linalg.qr(g)[1]), rtol=tol, atol=tol)
    u, s, vh = la.svd(gparray.asarray(g), full_matrices=False)
    np.testing.assert_allclose(((u * s[None, :]) @ vh).get(), g, rtol=tol, atol=tol)
    w, v = la.eigh(gparray.asarray(a))
    np.testing.assert_allclose((a @ v.get()), v.get() * w.get()[None, :], rtol=tol, atol=tol * 17)
    batch = np.stack([_spd(9, dtype, s) for s in range(3)])       # batched, one group each
    check(lambda xp, x: xp.linalg.cholesky(x), batch, rtol=tol, atol=tol)
    # the general eigenproblem: eigenpairs in any order
    h = mat(dtype, (11, 11), 6)
    w, v = (x.get() for x in la.eig(gparray.asarray(h)))
    np.testing.assert_allclose(h @ v, v * w[None, :], rtol=tol, atol=tol * 11 * np.abs(w).max())
    np.testing.assert_allclose(np.sort(np.abs(w)), np.sort(np.abs(np.linalg.eigvals(h))),
                               rtol=tol, atol=tol)


def test_linalg_blocked():
    """Past one panel (BLOCK = 64): the trailing updates run through the GEMM."""
    a, b = _spd(70, np.float64), mat(np.float64, (70, 3), 4)
    check(lambda xp, a: xp.linalg.cholesky(a), a, rtol=1e-9, atol=1e-9)
    check(lambda xp, a, b: xp.linalg.solve(a, b), a, b, rtol=1e-9, atol=1e-9)


# -- FFT -----------------------------------------------------------------------------------
FFTS = {
    "fft_c128_odd": (lambda xp, a: xp.fft.fft(a), [sample(np.complex128, 301, special=False)], 1e-10),
    "fft_c64_pow2": (lambda xp, a: xp.fft.ifft(a), [sample(np.complex64, 512, special=False)], 2e-5),
    "fft_prime": (lambda xp, a: xp.fft.fft(a), [sample(np.complex128, 127, special=False)], 1e-10),
    "rfft_irfft": (lambda xp, a: (xp.fft.rfft(a), xp.fft.irfft(xp.fft.rfft(a), a.size)), [f64(600)], 1e-10),
    "fft2_axes": (lambda xp, a: xp.fft.fft2(a), [mat(np.complex128, (13, 20))], 1e-10),
    "rfftn_norm": (lambda xp, a: xp.fft.rfftn(a, norm="ortho"), [mat(shape=(6, 10, 15))], 1e-10),
    "fft_axis0_strided": (lambda xp, a: xp.fft.fft(a[::2], axis=0), [mat(np.complex64, (66, 9))], 2e-5),
}


@pytest.mark.parametrize("name", FFTS)
def test_fft(name):
    func, arrays, tol = FFTS[name]
    expected, actual = both(func, *arrays)
    if not isinstance(expected, tuple):
        expected, actual = (expected,), (actual,)
    for e, a in zip(expected, actual):
        assert_same(e, a, rtol=tol, atol=tol * np.abs(e).max())


# -- random: distributions, not values -----------------------------------------------------
def test_random():
    rng = gparray.random.default_rng(12345)
    n = 3001
    u = rng.random(n).get()
    assert u.dtype == np.float64 and u.shape == (n,)
    assert 0.0 <= u.min() and u.max() < 1.0 and abs(u.mean() - 0.5) < 0.02
    assert len(np.unique(u)) == n
    z = rng.standard_normal(n, dtype=np.float32).get()
    assert z.dtype == np.float32 and abs(z.mean()) < 0.06 and abs(z.std() - 1) < 0.05
    k = rng.integers(-3, 7, size=(31, 97)).get()
    assert k.dtype == np.int64 and k.min() == -3 and k.max() == 6
    assert (np.bincount(k.ravel() + 3) > 200).all()
    e = rng.exponential(2.0, n).get()
    assert e.min() >= 0 and abs(e.mean() - 2.0) < 0.15
    p = rng.permutation(N).get()
    np.testing.assert_array_equal(np.sort(p), np.arange(N))
    again = gparray.random.default_rng(12345).random(n).get()
    np.testing.assert_array_equal(again, u)


# -- histograms ----------------------------------------------------------------------------
HISTOGRAMS = {
    "histogram_bins": (lambda xp, a: xp.histogram(a, bins=13), [f64()], 1e-12),
    "histogram_range_weights": (lambda xp, a, w: xp.histogram(a, bins=7, range=(-2, 3), weights=w),
                                [f64(), f64(seed=1)], 1e-12),
    "histogram_edges": (lambda xp, a, e: xp.histogram(a, bins=e), [f64(), np.array([-3.0, -1, 0, 0.5, 4])], None),
    "bincount": (lambda xp, a: xp.bincount(a % 40), [np.abs(sample(np.int64, N))], None),
    "bincount_weights_many_bins": (lambda xp, a, w: xp.bincount(a, weights=w, minlength=900),
                                   [_IDX_DUP, f64(700)], 1e-12),
    "histogram2d": (lambda xp, a, b: xp.histogram2d(a, b, bins=(5, 6)), [f64(), f64(seed=1)], 1e-12),
    "digitize": (lambda xp, a, e: xp.digitize(a, e), [f64(), np.array([-3.0, -1, 0, 0.5, 4])], None),
}


@pytest.mark.parametrize("name", HISTOGRAMS)
def test_histograms(name):
    func, arrays, rtol = HISTOGRAMS[name]
    check(func, *arrays, rtol=rtol)


# -- layout: copies, casts, joins, transposes, pad -----------------------------------------
LAYOUT = {
    "copy_transposed": (lambda xp, a: a.T.copy(), [mat()]),
    "ascontiguous_reversed": (lambda xp, a: xp.ascontiguousarray(a[::2, ::-1]), [mat(np.int16)]),
    "astype_f64_i16": (lambda xp, a: (a * 100).astype(np.int16), [mat()]),
    "astype_c64_f32": (lambda xp, a: a.astype(np.complex64), [mat(np.float32)]),
    "astype_bool_f16": (lambda xp, a: (a.astype(bool), a.astype(np.float16)), [mat(np.int32)]),
    "concatenate": (lambda xp, a, b: (xp.concatenate([a, b[:, :5]], axis=1), xp.concatenate([a.T, b.T])),
                    [mat(), mat(seed=2)]),
    "stack": (lambda xp, a, b: xp.stack([a, b, a], axis=1), [f64(), f64(seed=1)]),
    "moveaxis_reshape": (lambda xp, a: xp.moveaxis(a, 0, 2).reshape(7, -1), [mat(shape=(5, 7, 11))]),
    "flip_roll": (lambda xp, a: (xp.flip(a), xp.roll(a, 17, axis=1), xp.roll(a, -5)), [mat()]),
    "tile_repeat": (lambda xp, a: (xp.tile(a, (2, 3)), xp.repeat(a, 3, axis=0)), [mat(shape=(13, 11))]),
    "triu_diagonal": (lambda xp, a: (xp.triu(a, 2), xp.diagonal(a, 1).copy(), xp.trace(a)), [mat(shape=(29, 29))]),
    "pad_constant": (lambda xp, a: xp.pad(a, ((2, 3), (1, 4)), constant_values=7.0), [mat()]),
    "pad_modes": (lambda xp, a: tuple(xp.pad(a, ((3, 5), (7, 2)), mode=m)
                                      for m in ("reflect", "edge", "wrap", "symmetric")), [mat(np.int32)]),
    "pad_1d_linear_ramp": (lambda xp, a: xp.pad(a, (9, 4), mode="linear_ramp", end_values=(1, -2)), [f64()]),
    "arange_linspace_eye": (lambda xp: (xp.arange(3, 3 * N, 3), xp.linspace(-1, 2, N), xp.eye(37, 29, 3)), []),
}


@pytest.mark.parametrize("name", LAYOUT)
def test_layout(name):
    func, arrays = LAYOUT[name]
    check(func, *arrays, rtol=1e-12 if name == "pad_1d_linear_ramp" else None)


# -- the check itself ----------------------------------------------------------------------
_INJECTED = r"""
__kernel void off_by_one(__global float* out, const long n)
{
    const long i = get_global_id(0);
    if (i < n)
        out[i + 1] = 1.0f;
}

__kernel void shared_slot(__global float* out, const long n)
{
    __local float slot[1];
    slot[0] = (float)get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    const long i = get_global_id(0);
    if (i < n)
        out[i] = slot[0];
}
"""


@pytest.mark.parametrize("kernel, report", [("off_by_one", "Invalid write"),
                                            ("shared_slot", "data race")])
def test_injected_bug_is_reported(kernel, report, capfd):
    """A test that cannot fail is worthless: an injected bug must reach the check."""
    if not on_oclgrind():
        pytest.skip("checks Oclgrind's diagnostics")
    device = gparray.default_device()
    out = gparray.empty(N, dtype=np.float32)
    knl = _programs.kernel(device, _INJECTED, kernel, (None, np.int64))
    _launch.launch(device, knl, N, [out._buf.cl, N], "injected")
    device.synchronize()
    found = diagnostics(capfd.readouterr().err)
    assert report in found, found
