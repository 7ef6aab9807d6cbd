"""eig and eigvals of general matrices on the OpenCL path (gparray/linalg/_eig_general.py)
against numpy.linalg: result types (real results for real spectra), shapes, eigenvalues
(matched, NumPy's order is unspecified), and the invariants of the eigenvectors (A v = lambda v
with a residual scaled by eps * ||A|| * n, unit 2-norms) rather than their phases. Both the
module's functions and gparray.linalg.eig/eigvals with host LAPACK off are tested, with
NumPy's eig/eigvals patched to fail so that a host fallback cannot pass silently."""
import numpy as np
import pytest

import gparray
from gparray import linalg as la
from gparray.linalg import _eig, _eig_general
from conftest import raises_same

EPS = {np.dtype(np.float32): 1.2e-7, np.dtype(np.float64): 2.3e-16,
       np.dtype(np.complex64): 1.2e-7, np.dtype(np.complex128): 2.3e-16}
FLOATS = ["float32", "float64", "complex64", "complex128"]


def _np(name):
    """NumPy's own function, even while the fixture has patched np.linalg."""
    return getattr(np.linalg._linalg, name)


@pytest.fixture(params=["module", "linalg"])
def api(request, monkeypatch):
    """(eig, eigvals) on the OpenCL path: the module's functions on prepared arrays, and the
    public functions with host LAPACK off. NumPy's eig/eigvals refuse non-empty input."""
    def refusing(name):
        def refuse(*args, **kwargs):
            if any(isinstance(x, np.ndarray) and x.size == 0 for x in args):
                return _np(name)(*args, **kwargs)
            raise AssertionError(f"host LAPACK {name} called on the OpenCL path")
        return refuse

    with la.host_lapack(False):
        for name in ("eig", "eigvals"):
            monkeypatch.setattr(np.linalg, name, refusing(name))
        if request.param == "module":
            yield (lambda a: _eig_general.eig(_eig._prepared(a)),
                   lambda a: _eig_general.eigvals(_eig._prepared(a)))
        else:
            yield la.eig, la.eigvals


def rand(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    x = rng.standard_normal(shape)
    if dtype.kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def matched(w, wn):
    """``w`` reordered to pair each of NumPy's eigenvalues ``wn`` (1-d) with the nearest
    unpaired one, closest pairs first."""
    w, wn = w.astype(np.complex128), wn.astype(np.complex128)
    dist = np.abs(wn[:, None] - w[None, :])
    out = np.empty_like(w)
    for _ in range(len(w)):
        i, j = np.unravel_index(np.argmin(dist), dist.shape)
        out[i] = w[j]
        dist[i, :] = np.inf
        dist[:, j] = np.inf
    return out


def check(a, result, factor=20, kind=True):
    """``result`` (eig's or eigvals') agrees with NumPy on ``a`` (a NumPy array); without
    ``kind``, real or complex results may differ (a multiple eigenvalue is real or a pair
    within rounding: both libraries decide from rounding errors)."""
    vectors = not isinstance(result, gparray.ndarray)
    wn = _np("eigvals")(a)
    w = (result.eigenvalues if vectors else result).get()
    if not kind and w.dtype != wn.dtype:
        # real here, a pair within rounding in NumPy: compare values with the pair's imaginary
        # parts, which must be rounding-sized (a pair here is compared with its imaginary parts)
        assert w.dtype.kind == "c" or np.abs(wn.imag).max() <= (
            40 * EPS[wn.dtype] * a.shape[-1] * np.abs(a).max())
        wn = wn.astype(w.dtype) if w.dtype.kind == "c" else wn
        w = w.astype(wn.dtype)
    assert w.dtype == wn.dtype and w.shape == wn.shape
    if not a.size:
        if vectors:
            v = result.eigenvectors
            assert v.dtype == wn.dtype and v.shape == a.shape
        return
    n = a.shape[-1]
    a64 = a.astype(np.complex128)
    scale = max(float(np.abs(a64).max()), np.finfo(np.float64).tiny)
    eps = EPS[np.dtype(wn.dtype)]
    t = factor * eps * n * scale
    w2, wn2 = w.reshape(-1, n), wn.reshape(-1, n)
    for i in range(len(w2)):
        np.testing.assert_allclose(matched(w2[i], wn2[i]), wn2[i], rtol=0, atol=t)
    if vectors:
        v = result.eigenvectors.get()
        assert v.dtype == result.eigenvalues.dtype and v.shape == a.shape
        np.testing.assert_allclose(np.linalg.norm(v.astype(np.complex128), axis=-2), 1,
                                   atol=10 * n * eps)
        res = a64 @ v - v * w[..., None, :]
        assert np.abs(res).max() <= factor * eps * n * scale, np.abs(res).max()


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 17, 40])
def test_random(api, dtype, n):
    eig, eigvals = api
    a = rand((n, n), dtype, seed=n)
    g = gparray.asarray(a)
    r = eig(g)
    assert type(r).__name__ == "EigResult" and isinstance(r.eigenvectors, gparray.ndarray)
    check(a, r)
    w = eigvals(g)
    check(a, w)
    # eig and eigvals give the same eigenvalues in the same order (NumPy's tests rely on it)
    np.testing.assert_allclose(w.get(), r.eigenvalues.get(), rtol=0,
                               atol=4 * EPS[w.dtype] * n * np.abs(a).max())


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", [3, 8])
def test_batch(api, dtype, n):
    eig, eigvals = api
    a = rand((2, 3, n, n), dtype, seed=7)
    a[0, 1] = np.triu(a[0, 1])           # one matrix with a real spectrum among complex ones
    g = gparray.asarray(a)
    check(a, eig(g))
    check(a, eigvals(g))


@pytest.mark.parametrize("dtype", FLOATS)
def test_real_spectrum_batch(api, dtype):
    """A stack whose spectra are all real gives real results for real input."""
    eig, eigvals = api
    s = rand((2, 6, 6), dtype, seed=3) + 4 * np.eye(6, dtype=dtype)
    d = np.array([[3, -1, 0.5, 2, -2.5, 1.5], [1, 2, 3, 4, 5, 6]], dtype=dtype)
    a = (s * d[:, None, :]) @ np.linalg.inv(s)
    a = a.astype(dtype)
    g = gparray.asarray(a)
    check(a, eig(g), factor=200)
    check(a, eigvals(g), factor=200)


@pytest.mark.parametrize("shape", [(0, 0), (0, 3, 3), (2, 0, 0), (1, 1)])
@pytest.mark.parametrize("dtype", FLOATS)
def test_empty_and_one(api, shape, dtype):
    eig, eigvals = api
    a = rand(shape, dtype)
    g = gparray.asarray(a)
    check(a, eig(g))
    check(a, eigvals(g))


@pytest.mark.parametrize("dtype", FLOATS)
def test_noncontiguous(api, dtype):
    eig, eigvals = api
    big = rand((4, 10, 15), dtype, seed=5)
    g = gparray.asarray(big)
    t = g.mT[:, 1:7, 2:8]
    check(big.transpose(0, 2, 1)[:, 1:7, 2:8], eig(t))
    s = g[::2, ::2, ::3]
    check(big[::2, ::2, ::3], eig(s))
    check(big[::2, ::2, ::3], eigvals(s))


@pytest.mark.parametrize("dtype", FLOATS)
def test_structured(api, dtype):
    """Diagonal (repeated values), triangular, symmetric and zero matrices: real spectra,
    real results for real input."""
    eig, eigvals = api
    n = 6
    cases = [np.diag([2.0, -1.0, 2.0, 0.5, 3.0, -1.0]),
             np.triu(rand((n, n), "float64", seed=11)),
             np.tril(rand((n, n), "float64", seed=12)),
             (lambda x: x + x.T)(rand((n, n), "float64", seed=13)),
             np.zeros((n, n)), np.eye(n)]
    for a in cases:
        a = a.astype(dtype)
        g = gparray.asarray(a)
        check(a, eig(g))
        check(a, eigvals(g))


@pytest.mark.parametrize("dtype", FLOATS)
def test_rotations(api, dtype):
    """Complex conjugate pairs of real matrices, next to a real eigenvalue whose imaginary
    part is exactly 0 as NumPy's."""
    eig, eigvals = api
    th = 0.7
    rot = np.array([[np.cos(th), -np.sin(th), 0], [np.sin(th), np.cos(th), 0], [0, 0, 2.0]])
    q = np.linalg.qr(rand((3, 3), "float64", seed=2))[0]
    for a in (rot, q @ rot @ q.T, np.array([[0.0, -1.0], [1.0, 0.0]])):
        a = a.astype(dtype)
        g = gparray.asarray(a)
        r = eig(g)
        check(a, r)
        check(a, eigvals(g))
        w = r.eigenvalues.get()
        assert w.dtype.kind == "c"
        if dtype.startswith("float") and len(w) == 3:
            real = np.argmin(np.abs(w - 2))
            assert w[real].imag == 0 and np.all(r.eigenvectors.get()[:, real].imag == 0)


@pytest.mark.parametrize("dtype", FLOATS)
def test_defective(api, dtype):
    """Jordan blocks: eigenvalues only (the eigenvectors of a defective matrix are
    ill-conditioned), and the vectors still satisfy A v = lambda v."""
    eig, eigvals = api
    n = 5
    j = 2 * np.eye(n) + np.eye(n, k=1)
    a = j.astype(dtype)
    check(a, eig(gparray.asarray(a)))
    q = np.linalg.qr(rand((n, n), "float64", seed=4))[0]
    dense = (q @ j @ q.T).astype(dtype)
    eps = EPS[np.dtype(dtype)]
    w = eigvals(gparray.asarray(dense)).get().astype(np.complex128)
    # a Jordan block of size n moves its eigenvalue by up to about eps^(1/n)
    np.testing.assert_allclose(w, 2, atol=10 * eps ** (1 / n))


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_nonfinite(api, dtype):
    eig, eigvals = api
    for bad in (np.nan, np.inf):
        a = rand((2, 3, 3), dtype)
        a[1, 2, 0] = bad
        g = gparray.asarray(a)
        e = raises_same(lambda: _np("eig")(a), lambda: eig(g))
        assert "infs or NaNs" in str(e)
        raises_same(lambda: _np("eigvals")(a), lambda: eigvals(g))


def test_errors_and_types(api):
    eig, eigvals = api
    raises_same(lambda: _np("eig")(np.ones((2, 3))), lambda: eig(gparray.ones((2, 3))))
    raises_same(lambda: _np("eigvals")(np.ones(3)), lambda: eigvals(gparray.ones(3)))
    a = np.array([[1, 2], [3, 4]])              # integers compute in float64
    check(a, eig(gparray.asarray(a)))


@pytest.mark.parametrize("dtype", FLOATS)
def test_hard_cases(api, dtype):
    """Cyclic permutations (plain Wilkinson shifts stall: exceptional shifts), singular
    matrices with repeated zero eigenvalues (real for real input, as NumPy's), and matrices
    near the ends of the floating-point range (scaled first, as LAPACK's geev)."""
    eig, eigvals = api
    big = np.finfo(dtype).max ** 0.9
    tiny = np.finfo(dtype).tiny ** 0.9
    cases = [np.roll(np.eye(n), 1, axis=0) for n in (3, 4, 8)]
    cases += [rand((6, 6), dtype, seed=8) * big / 8, rand((6, 6), dtype, seed=9) * tiny,
              np.kron(np.eye(3), [[1.0, 1.0], [0.0, 1.0]])]
    clustered = [np.ones((6, 6)), np.arange(16.0).reshape(4, 4), np.arange(25.0).reshape(5, 5),
                 np.array([[1.0, 2.0], [2.0, 4.0]])]
    for a, kind in [(a, True) for a in cases] + [(a, False) for a in clustered]:
        a = a.astype(dtype)
        g = gparray.asarray(a)
        check(a, eig(g), kind=kind)
        check(a, eigvals(g), kind=kind)


def test_result_type_sweep(api):
    """Real or complex results as NumPy's, over small integer-valued and random real
    matrices with distinct eigenvalues (exact real eigenvalues, conjugate pairs); repeated
    eigenvalues are left out: whether they come out real is decided by rounding, in LAPACK
    too (numpy.linalg.eigvals([[-1, 1], [-1, 1]]) is a complex pair of about 1e-16)."""
    eig, eigvals = api
    rng = np.random.default_rng(21)
    stacks = [rng.integers(-3, 4, (60, n, n)).astype(np.float64) for n in (2, 3, 4, 6)]
    stacks += [rng.standard_normal((60, n, n)) for n in (2, 5)]
    for s in stacks:
        for a in s:
            wn = _np("eigvals")(a)
            if np.abs(wn[:, None] - wn[None, :])[~np.eye(len(wn), dtype=bool)].min() < 1e-3:
                continue
            for dtype in ("float64", "float32"):
                x = a.astype(dtype)
                assert eigvals(gparray.asarray(x)).dtype == _np("eigvals")(x).dtype, x


def test_no_convergence(monkeypatch):
    """The LinAlgError of NumPy's LAPACK when the QR iteration runs out of sweeps."""
    monkeypatch.setattr(_eig_general, "_SWEEPS", 0)
    g = gparray.asarray(rand((2, 5, 5), "float64"))
    with pytest.raises(np.linalg.LinAlgError, match="Eigenvalues did not converge"):
        _eig_general.eig(_eig._prepared(g))
    with pytest.raises(np.linalg.LinAlgError, match="Eigenvalues did not converge"):
        _eig_general.eigvals(_eig._prepared(g))


@pytest.mark.parametrize("dtype", FLOATS)
def test_badly_scaled(api, dtype):
    """D B D^-1 with D spanning 10^+-4 (float32) or 10^+-6: balancing keeps the eigenvalues
    as accurate as B's own scale allows, as NumPy's balanced LAPACK does."""
    eig, eigvals = api
    n = 10
    b = rand((n, n), dtype, seed=17)
    span = 4 if np.dtype(dtype) in (np.float32, np.complex64) else 6
    d = np.logspace(-span, span, n)
    a = (b * d[:, None] / d[None, :]).astype(dtype)
    wb = _np("eigvals")(b.astype(np.complex128))
    eps = EPS[np.dtype(dtype)]
    t = 200 * eps * n * np.abs(b).max()
    r = eig(gparray.asarray(a))
    for w in (r.eigenvalues.get(), eigvals(gparray.asarray(a)).get()):
        np.testing.assert_allclose(matched(w, wb), wb, rtol=0, atol=t)
    v = r.eigenvectors.get().astype(np.complex128)
    # the balanced residual: D^-1 (A v - lambda v) is B's residual for D^-1 v
    res = (a @ v - v * r.eigenvalues.get()) / d[:, None]
    assert np.abs(res).max() <= 200 * eps * n * np.abs(b).max() * np.abs(v / d[:, None]).max()
