"""gparray.fft differential against numpy.fft: lengths (1, 2, primes, powers of 2, 3, 5,
mixed, Bluestein lengths), axes, norms, dtypes, n/s cropping and padding, non-contiguous
inputs, errors, and dispatch from np.fft."""
import numpy as np
import pytest

import gparray
import gparray.fft as gf
from conftest import assert_same, raises_same

NORMS = [None, "backward", "ortho", "forward"]


def _data(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    if dtype.kind in "iu":
        return rng.integers(0, 10, shape).astype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    return rng.standard_normal(shape).astype(dtype)


def _tol(expected, n):
    # FFT error grows like log(n) eps; Bluestein doubles the work
    eps = 2e-6 if np.asarray(expected).dtype in (np.complex64, np.float32) else 1e-13
    return eps * (1 + np.log2(max(n, 2)))


def _check(func_np, func_gp, x, n_for_tol, **kw):
    expected = func_np(x, **kw)
    got = func_gp(gparray.asarray(x), **kw)
    scale = max(np.abs(expected).max(initial=0), 1e-30)
    assert_same(expected, got, rtol=0, atol=_tol(expected, n_for_tol) * scale)


LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 25, 30, 60, 97, 100, 128, 243, 1000, 1024, 1031]


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_fft_ifft_lengths(n, dtype):
    x = _data((3, n), dtype, seed=n)
    _check(np.fft.fft, gf.fft, x, n)
    _check(np.fft.ifft, gf.ifft, x, n)


@pytest.mark.parametrize("n", [1, 2, 5, 7, 16, 30, 97, 1000])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rfft_irfft_hfft_ihfft_lengths(n, dtype):
    x = _data((2, n), dtype, seed=n)
    _check(np.fft.rfft, gf.rfft, x, n)
    _check(np.fft.ihfft, gf.ihfft, x, n)
    c = np.fft.rfft(x)
    for m in {2 * (c.shape[-1] - 1) or 1, 2 * c.shape[-1] - 1, n}:
        if m >= 1:
            _check(np.fft.irfft, gf.irfft, c, m, n=m)
            _check(np.fft.hfft, gf.hfft, c, m, n=m)
    if c.shape[-1] > 1:
        _check(np.fft.irfft, gf.irfft, c, n)
        _check(np.fft.hfft, gf.hfft, c, n)


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("func", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2",
                                  "ifft2", "fftn", "ifftn", "rfft2", "irfft2", "rfftn",
                                  "irfftn"])
def test_norms_all_functions(func, norm):
    real_in = func in ("rfft", "ihfft", "rfft2", "rfftn")
    x = _data((6, 10), np.float64 if real_in else np.complex128, seed=1)
    _check(getattr(np.fft, func), getattr(gf, func), x, 60, norm=norm)


@pytest.mark.parametrize("dtype", ["bool", "int8", "int32", "uint16", "int64", "float16",
                                   "float32", "float64", "complex64", "complex128"])
def test_result_dtypes(dtype):
    x = _data((8,), dtype)
    for func in ("fft", "ifft", "fftn"):
        expected = getattr(np.fft, func)(x)
        got = getattr(gf, func)(gparray.asarray(x))
        assert got.dtype == expected.dtype
        np.testing.assert_allclose(got.get(), expected, rtol=1e-3, atol=1e-3)
    if np.dtype(dtype).kind != "c":
        for func in ("rfft", "ihfft"):
            assert getattr(gf, func)(gparray.asarray(x)).dtype == getattr(np.fft, func)(x).dtype
    c = np.fft.rfft(x.real if x.dtype.kind == "c" else x)
    assert gf.irfft(gparray.asarray(c)).dtype == np.fft.irfft(c).dtype
    if np.dtype(dtype).kind == "c":
        raises_same(lambda: np.fft.rfft(x), lambda: gf.rfft(gparray.asarray(x)))


@pytest.mark.parametrize("axis", [0, 1, -1, 2, -3])
def test_axis_and_n(axis):
    x = _data((4, 6, 5), np.complex128, seed=2)
    _check(np.fft.fft, gf.fft, x, 8, axis=axis)
    for n in (1, 3, 8, 11):
        _check(np.fft.fft, gf.fft, x, n, axis=axis, n=n)
        _check(np.fft.ifft, gf.ifft, x, n, axis=axis, n=n)
        _check(np.fft.rfft, gf.rfft, x.real.copy(), n, axis=axis, n=n)
        _check(np.fft.irfft, gf.irfft, x, n, axis=axis, n=n)


@pytest.mark.parametrize("kw", [{}, {"axes": (0,)}, {"axes": (2, 0)}, {"s": (3, 7)},
                                {"s": (4, 8), "axes": (0, 2)}, {"axes": (1, 1)},
                                {"axes": (-1, 0, 1)}, {"s": (2, 6, 10)}])
@pytest.mark.parametrize("func", ["fftn", "ifftn", "rfftn", "irfftn"])
def test_nd_s_and_axes(func, kw):
    real_in = func == "rfftn"
    x = _data((4, 6, 5), np.float64 if real_in else np.complex128, seed=3)
    if "s" in kw and "axes" not in kw:      # NumPy 2.0 deprecates s without axes
        with pytest.warns(DeprecationWarning):
            getattr(gf, func)(gparray.asarray(x), **kw)
        with pytest.warns(DeprecationWarning):
            _check(getattr(np.fft, func), getattr(gf, func), x, 120, **kw)
        return
    _check(getattr(np.fft, func), getattr(gf, func), x, 120, **kw)


def test_2d_wrappers_and_batch():
    x = _data((2, 3, 12, 10), np.complex64, seed=4)
    for func in ("fft2", "ifft2"):
        _check(getattr(np.fft, func), getattr(gf, func), x, 120)
        _check(getattr(np.fft, func), getattr(gf, func), x, 120, axes=(0, 2))
    r = x.real.copy()
    _check(np.fft.rfft2, gf.rfft2, r, 120)
    _check(np.fft.irfft2, gf.irfft2, np.fft.rfft2(r), 120, s=(12, 10))


def test_non_contiguous_inputs():
    base = _data((12, 20), np.complex128, seed=5)
    xg = gparray.asarray(base)
    for key in [np.s_[::2, :], np.s_[:, ::3], np.s_[::-1, 1:17], np.s_[3:9, ::-2]]:
        expected = np.fft.fft(base[key])
        got = gf.fft(xg[key])
        assert_same(expected, got, rtol=0, atol=1e-12 * np.abs(expected).max())
        assert_same(np.fft.fft(base[key], axis=0), gf.fft(xg[key], axis=0), rtol=0,
                    atol=1e-12 * np.abs(expected).max())
    t = base.T
    assert_same(np.fft.fftn(t), gf.fftn(xg.T), rtol=0, atol=1e-11 * np.abs(base).sum())
    real = base.real.copy()
    rg = gparray.asarray(real)
    assert_same(np.fft.rfft(real[:, ::2]), gf.rfft(rg[:, ::2]), rtol=0, atol=1e-12 * 100)


def test_large_power_of_two_and_bluestein():
    for n in (2**16, 3 * 5**5, 65537):
        x = _data((n,), np.complex64, seed=n)
        _check(np.fft.fft, gf.fft, x, n)
        y = gf.ifft(gf.fft(gparray.asarray(x))).get()
        np.testing.assert_allclose(y, x, atol=2e-5 * np.log2(n))


def test_zero_size_batches_and_errors():
    x = np.zeros((0, 8), np.complex128)
    assert_same(np.fft.fft(x), gf.fft(gparray.asarray(x)))
    assert_same(np.fft.rfft(x.real), gf.rfft(gparray.asarray(x.real)))
    cases = [((3, 0), lambda m, a: m.fft.fft(a)),                    # 0 points
             ((3, 0), lambda m, a: m.fft.rfft(a.real)),
             ((3, 4), lambda m, a: m.fft.fft(a, n=0)),
             ((3, 4), lambda m, a: m.fft.fft(a, n=-2)),
             ((3, 4), lambda m, a: m.fft.fft(a, axis=2)),
             ((3, 4), lambda m, a: m.fft.fft(a, norm="bogus")),
             ((3, 4), lambda m, a: m.fft.irfft(a[:, :1])),               # n = 0
             ((3, 4), lambda m, a: m.fft.fftn(a, s=(3,), axes=(0, 1))),
             ((3, 4), lambda m, a: m.fft.ifft2(a, norm="Ortho"))]
    for shape, call in cases:
        host = np.ones(shape, np.complex128)
        raises_same(lambda: call(np, host), lambda: call(gparray, gparray.asarray(host)))
    empty = np.ones((3, 0), np.complex128)
    raises_same(lambda: np.fft.fft(empty), lambda: gf.fft(gparray.asarray(empty)))


@pytest.mark.parametrize("n", [1, 2, 7, 8, 11])
@pytest.mark.parametrize("d", [1.0, 0.25])
def test_fftfreq_rfftfreq_shift(n, d):
    assert_same(np.fft.fftfreq(n, d), gf.fftfreq(n, d))
    assert_same(np.fft.rfftfreq(n, d), gf.rfftfreq(n, d))
    assert gf.fftfreq(n, d, dtype=np.float32).dtype == np.float32
    assert gf.rfftfreq(n, d=d, device=gparray.default_device()).device == \
        gparray.default_device()
    x = np.arange(n * 3).reshape(n, 3)
    for axes in (None, 0, 1, (0, 1), (1,), (-1, 0)):
        assert_same(np.fft.fftshift(x, axes), gf.fftshift(gparray.asarray(x), axes))
        assert_same(np.fft.ifftshift(x, axes), gf.ifftshift(gparray.asarray(x), axes))
    with pytest.raises(ValueError):
        gf.fftfreq(2.5)


def test_numpy_dispatch():
    x = _data((4, 16), np.complex64, seed=6)
    xg = gparray.asarray(x)
    for func in ("fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "hfft", "fftshift",
                 "ifftshift"):
        got = getattr(np.fft, func)(xg)
        assert isinstance(got, gparray.ndarray), func
        np.testing.assert_allclose(got.get(), getattr(np.fft, func)(x), rtol=1e-4, atol=1e-4)
    r = x.real.copy()
    rg = gparray.asarray(r)
    for func in ("rfft", "ihfft", "rfft2", "rfftn"):
        got = getattr(np.fft, func)(rg)
        assert isinstance(got, gparray.ndarray), func
        np.testing.assert_allclose(got.get(), getattr(np.fft, func)(r), rtol=1e-4, atol=1e-4)
    c = np.fft.rfft2(r)
    for func in ("irfft", "irfft2", "irfftn"):
        got = getattr(np.fft, func)(gparray.asarray(c))
        assert isinstance(got, gparray.ndarray), func
        np.testing.assert_allclose(got.get(), getattr(np.fft, func)(c), rtol=1e-4, atol=1e-4)


def test_without_fp64_everything_is_complex64():
    x = _data((3, 16), np.float32, seed=7)
    with gparray.hide_fp64():
        xg = gparray.asarray(x)
        for func in ("fft", "ifft", "rfft", "ihfft", "fft2", "rfftn"):
            got = getattr(gf, func)(xg)
            assert got.dtype == np.complex64
            np.testing.assert_allclose(got.get(), getattr(np.fft, func)(x), rtol=1e-5,
                                       atol=1e-5)
        odd = gparray.asarray(x[:, :7])
        np.testing.assert_allclose(gf.fft(odd).get(), np.fft.fft(x[:, :7]), atol=1e-5)
        np.testing.assert_allclose(gf.irfft(gf.rfft(xg)).get(), x, atol=1e-5)
        assert gf.fftfreq(4).dtype == np.float32
        assert gf.fft(gparray.arange(4)).dtype == np.complex64


def test_out_argument():
    x = np.arange(8.0)
    out = gparray.empty(8, dtype=np.complex128)
    assert gf.fft(gparray.asarray(x), out=out) is out
    np.testing.assert_allclose(out.get(), np.fft.fft(x), atol=1e-12)
    with pytest.raises(ValueError):
        gf.fft(gparray.asarray(x), out=gparray.empty(4, dtype=np.complex128))
