"""The OpenCL one-sided Jacobi path (gparray/linalg/_jacobi.py) against numpy.linalg: svd with
U/V, svdvals, eigh/eigvalsh, pinv, lstsq, matrix_rank and cond, with host LAPACK forced off
and NumPy's LAPACK functions patched to fail, so a silent host fallback cannot pass. U and Vh
are compared through invariants (U diag(S) Vh == A, U^H U == I), as they agree with LAPACK's
only up to the sign/phase of each singular pair; tolerances scale with eps, the size and the
norm of the matrix. The default (host LAPACK) path is checked too."""
import numpy as np
import pytest

import gparray
from gparray import linalg as la
from conftest import assert_same

FLOATS = ["float32", "float64", "complex64", "complex128"]
_REFUSED = ("cholesky", "solve", "inv", "det", "slogdet", "qr", "eig", "eigvals", "eigh",
            "eigvalsh", "svd", "svdvals", "pinv", "lstsq", "matrix_rank", "cond", "norm")


@pytest.fixture
def opencl(monkeypatch):
    """Host LAPACK and host BLAS off (what a GPU runs); NumPy's linalg refuses to run."""
    from gparray._linalg_products import set_host_blas

    def refusing(name):
        def refuse(*args, **kwargs):
            raise AssertionError(f"host LAPACK {name} called on the OpenCL path")
        return refuse

    previous = set_host_blas(False)
    try:
        with la.host_lapack(False):
            for name in _REFUSED:
                monkeypatch.setattr(np.linalg, name, refusing(name))
            yield
    finally:
        set_host_blas(previous)


def _np(name):
    """NumPy's own function, even while the fixture has patched np.linalg."""
    return getattr(np.linalg._linalg, name)


def rand(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def eps(dtype):
    return float(np.finfo(np.dtype(dtype)).eps)


def wide(x):
    """x in double precision, for references."""
    return x.astype(np.complex128 if np.iscomplexobj(x) else np.float64)


def scale(a):
    """max(1, largest spectral norm) of the stack (tolerances are relative to it)."""
    return max(1.0, float(np.abs(a).sum(axis=-1).max(initial=0))) if a.size else 1.0


def ht(x):
    return np.conj(np.swapaxes(x, -1, -2))


def check_svd(a, g, full_matrices, factor=30):
    m, n = a.shape[-2:]
    k = min(m, n)
    t = factor * eps(a.dtype) * max(m, n, 1)
    u, s, vh = la.svd(g, full_matrices=full_matrices)
    expected = _np("svd")(wide(a), full_matrices=full_matrices)
    sn = np.abs(_np("svd")(a, compute_uv=False))
    assert isinstance(u, gparray.ndarray) and type(la.svd(g)).__name__ == "SVDResult"
    assert u.shape == expected.U.shape and vh.shape == expected.Vh.shape
    assert s.shape == sn.shape
    assert u.dtype == a.dtype and vh.dtype == a.dtype and s.dtype == sn.dtype
    u, s, vh = u.get(), s.get(), vh.get()
    np.testing.assert_allclose(s, expected.S, atol=t * scale(a), rtol=0)
    rec = (u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :]
    np.testing.assert_allclose(rec, a, atol=t * scale(a), rtol=0)
    for q in (u, ht(vh)):
        np.testing.assert_allclose(ht(q) @ q, np.broadcast_to(np.eye(q.shape[-1]),
                                                                q.shape[:-2] + (q.shape[-1],) * 2),
                                   atol=t, rtol=0)
    return s


SHAPES = [(1, 1), (5, 5), (7, 3), (3, 7), (2, 3, 6, 4), (2, 3, 4, 6), (0, 4), (4, 0),
          (0, 3, 3), (2, 0, 4, 5), (33, 33), (48, 20), (20, 48)]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_svd(opencl, shape, dtype):
    a = rand(shape, dtype)
    g = gparray.asarray(a)
    for full in (True, False):
        s = check_svd(a, g, full)
    t = 30 * eps(dtype) * max(max(shape[-2:]), 1) * scale(a)
    for got in (la.svd(g, compute_uv=False), la.svdvals(g)):
        assert got.shape == s.shape and got.dtype == s.dtype
        np.testing.assert_allclose(got.get(), s, atol=t, rtol=0)


@pytest.mark.parametrize("dtype", FLOATS)
def test_svd_large_noncontiguous_and_rank_deficient(opencl, dtype):
    base = rand((110, 200), dtype)
    for a in (base[:, ::2], base[:90, :60].T, base[::2, :64][:, ::-1]):   # strided views
        g = gparray.asarray(base)[:, ::2] if a.shape == (110, 100) else None
        if g is None:
            g = gparray.asarray(np.ascontiguousarray(a)).mT.copy().mT   # a transposed layout
        check_svd(a, g, True)
    # rank 3 (zero singular values: U completed on the device), and the zero matrix
    low = (base[:40, :3] @ base[:3, :30]).astype(dtype)
    # (all-equal columns: rotations leave columns that underflow, treated as zero)
    for x in (low, low.T, np.zeros((6, 4), dtype), np.zeros((2, 3, 3), dtype),
              np.ones((30, 20), dtype), np.ones((3, 8), dtype)):
        for full in (True, False):
            check_svd(x, gparray.asarray(x), full)
    s = la.svdvals(gparray.asarray(low)).get()
    assert np.all(s[3:] <= 50 * eps(dtype) * s[0])
    # graded columns: the small singular values to high relative accuracy (Jacobi's strength;
    # measured about 20 eps in single precision against LAPACK in double; in double LAPACK's
    # own relative error, about eps * s_max / s, is what shows)
    graded = rand((60, 30), dtype, seed=4) * np.logspace(-5, 0, 30).astype(dtype)
    ref = _np("svdvals")(wide(graded))
    np.testing.assert_allclose(la.svdvals(gparray.asarray(graded)).get(), ref,
                               rtol=(100 if eps(dtype) > 1e-10 else 1e5) * eps(dtype))


def test_svd_hermitian_and_errors(opencl):
    for dtype in FLOATS:
        a = rand((2, 6, 6), dtype)
        h = a + ht(a)
        g = gparray.asarray(h)
        u, s, vh = la.svd(g, hermitian=True)
        ref = _np("svd")(h, hermitian=True)
        t = 100 * eps(dtype) * 6 * scale(h)
        np.testing.assert_allclose(s.get(), ref.S, atol=t)
        np.testing.assert_allclose((u.get() * s.get()[..., None, :]) @ vh.get(), h, atol=t)
        np.testing.assert_allclose(la.svd(g, compute_uv=False, hermitian=True).get(), ref.S,
                                   atol=t)
    # float32 entries whose squares overflow or underflow (NumPy works in double there)
    for sc in (1e25, 1e-25):
        a = rand((2, 6, 4), "float32") * np.float32(sc)
        h = (wide(a[0]) @ wide(a[0]).T / sc).astype(np.float32)
        np.testing.assert_allclose(la.svdvals(gparray.asarray(a)).get(),
                                   _np("svdvals")(wide(a)), rtol=1e-5)
        np.testing.assert_allclose(la.eigvalsh(gparray.asarray(h)).get(),
                                   _np("eigvalsh")(wide(h)), atol=1e-5 * np.abs(h).max())
    for bad in (np.nan, np.inf):
        x = gparray.asarray(np.array([[1.0, bad], [0.0, 1.0]]))
        with pytest.raises(la.LinAlgError, match="SVD did not converge"):
            la.svd(x)
        # eigh: NaNs for the matrices with NaN/inf in the triangle read, as NumPy
        stack = gparray.stack([x.T, x])
        w, v = la.eigh(stack)
        ref = _np("eigh")(stack.get())
        for got, want in ((w, ref.eigenvalues), (v, ref.eigenvectors)):
            assert np.isnan(got.get()[0]).all() and np.isnan(want[0]).all()
        np.testing.assert_allclose(w.get()[1], [1.0, 1.0])
        assert np.isnan(la.eigvalsh(stack).get()[0]).all()
    with pytest.raises(la.LinAlgError):
        la.svd(gparray.ones(3))
    with pytest.raises(la.LinAlgError):
        la.svdvals(gparray.ones(3))


def hermitian(a, uplo):
    """The matrix LAPACK's eigh sees: one triangle mirrored, the diagonal real."""
    tri = np.tril(a) if uplo == "L" else np.triu(a)
    strict = np.tril(a, -1) if uplo == "L" else np.triu(a, 1)
    h = tri + ht(strict)
    if np.iscomplexobj(h):
        h = h - 1j * np.imag(np.diagonal(h, axis1=-2, axis2=-1))[..., None] * np.eye(a.shape[-1])
    return h


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(1, 1), (2, 2), (5, 5), (2, 3, 7, 7), (0, 0), (0, 4, 4),
                                   (2, 0, 0), (40, 40), (65, 65)], ids=str)
def test_eigh(opencl, shape, dtype):
    a = rand(shape, dtype)                  # not Hermitian: only the UPLO triangle counts
    g = gparray.asarray(a)
    n = shape[-1]
    for uplo in ("L", "U", "u"):
        h = hermitian(a, uplo.upper())
        t = 30 * eps(dtype) * max(n, 1) * scale(h)
        w, v = la.eigh(g, UPLO=uplo)
        assert type(la.eigh(g, UPLO=uplo)).__name__ == "EighResult"
        wn = _np("eigvalsh")(wide(a), UPLO=uplo)
        assert w.shape == wn.shape and v.shape == a.shape
        assert w.dtype == np.finfo(a.dtype).dtype and v.dtype == a.dtype
        np.testing.assert_allclose(w.get(), wn, atol=t, rtol=0)
        np.testing.assert_allclose(la.eigvalsh(g, UPLO=uplo).get(), wn, atol=t, rtol=0)
        vv = v.get()
        np.testing.assert_allclose(h @ vv, vv * w.get()[..., None, :], atol=t, rtol=0)
        np.testing.assert_allclose(ht(vv) @ vv, np.broadcast_to(np.eye(n), vv.shape),
                                   atol=30 * eps(dtype) * max(n, 1), rtol=0)
    for bad in ("X", "LU"):
        with pytest.raises(ValueError):
            la.eigh(g, UPLO=bad)
        with pytest.raises(ValueError):
            la.eigvalsh(g, UPLO=bad)


def test_eigh_structured(opencl):
    """Repeated, clustered and widely spread eigenvalues, non-contiguous input."""
    rng = np.random.default_rng(3)
    q, _ = _np("qr")(rng.standard_normal((30, 30)))
    for w in (np.repeat([-2.0, 0.0, 5.0], 10), np.r_[1e-8 * np.arange(15), 1e3 * np.arange(15)],
              np.zeros(30)):
        h = (q * w) @ q.T
        g = gparray.asarray(h)
        got, v = la.eigh(g)
        t = 100 * eps(np.float64) * 30 * max(1.0, np.abs(w).max())
        np.testing.assert_allclose(got.get(), np.sort(w), atol=t)
        np.testing.assert_allclose(h @ v.get(), v.get() * got.get()[None, :], atol=t)
    a = rand((20, 40), "complex64")
    ga = gparray.asarray(a)[:, ::2]                        # step-sliced, and its transpose
    for x, gx in ((a[:, ::2], ga), (a[:, ::2].T, ga.T)):
        for uplo in ("L", "U"):
            h = hermitian(x, uplo)
            t = 30 * eps(np.float32) * 20 * scale(h)
            w, v = la.eigh(gx, UPLO=uplo)
            np.testing.assert_allclose(w.get(), _np("eigvalsh")(wide(x), UPLO=uplo), atol=t)
            np.testing.assert_allclose(h @ v.get(), v.get() * w.get()[None, :], atol=t)


@pytest.mark.parametrize("dtype", FLOATS)
def test_pinv(opencl, dtype):
    for shape in ((6, 4), (4, 6), (2, 5, 5), (0, 3), (3, 0)):
        a = rand(shape, dtype)
        g = gparray.asarray(a)
        t = 100 * eps(dtype) * max(shape) * max(1.0, float(_np("cond")(wide(a)).max())
                                                if a.size else 1.0)
        for kw in ({}, {"rtol": None}, {"rtol": 0.3}, {"rcond": 0.3}):
            got = la.pinv(g, **kw)
            ref = _np("pinv")(wide(a), **kw)
            assert got.shape == ref.shape and got.dtype == a.dtype
            np.testing.assert_allclose(got.get(), ref, atol=t, rtol=t)
    low = rand((8, 2), dtype) @ rand((2, 5), dtype, seed=1)
    np.testing.assert_allclose(la.pinv(gparray.asarray(low), rtol=None).get(),
                               _np("pinv")(low, rtol=None), atol=1e3 * eps(dtype))
    h = low @ ht(low)
    np.testing.assert_allclose(la.pinv(gparray.asarray(h), hermitian=True, rtol=None).get(),
                               _np("pinv")(h, hermitian=True, rtol=None),
                               atol=1e3 * eps(dtype))
    with pytest.raises(ValueError):
        la.pinv(gparray.asarray(low), rcond=0.1, rtol=0.1)


@pytest.mark.parametrize("dtype", FLOATS)
def test_matrix_rank(opencl, dtype):
    low = rand((2, 8, 3), dtype) @ rand((2, 3, 6), dtype, seed=1)
    g = gparray.asarray(low)
    assert_same(_np("matrix_rank")(low), la.matrix_rank(g))
    assert la.matrix_rank(g).get().tolist() == [3, 3]
    for kw in ({"tol": 1e-3}, {"rtol": 0.5}, {"hermitian": True}):
        x = low[:, :6] @ ht(low[:, :6]) if kw.get("hermitian") else low
        assert_same(_np("matrix_rank")(x, **kw), la.matrix_rank(gparray.asarray(x), **kw))
    assert la.matrix_rank(gparray.zeros((4, 4), dtype=dtype)).get() == 0
    assert la.matrix_rank(gparray.asarray(np.eye(5, dtype=dtype))).get() == 5
    for x in (np.zeros(3), np.ones(3), np.array(0.0), np.array(2.0)):
        got = la.matrix_rank(gparray.asarray(x))
        assert type(got) is int and got == _np("matrix_rank")(x)
    with pytest.raises(ValueError):
        la.matrix_rank(g, tol=1, rtol=1)


@pytest.mark.parametrize("dtype", FLOATS)
def test_lstsq(opencl, dtype):
    cases = [((9, 4), (9, 2)), ((9, 4), (9,)), ((4, 9), (4, 3)), ((5, 5), (5,)),
             ((7, 3), (7, 0)), ((0, 3), (0, 2)), ((3, 0), (3, 2))]
    for ashape, bshape in cases:
        a, b = rand(ashape, dtype), rand(bshape, dtype, seed=1)
        x, res, rank, s = la.lstsq(gparray.asarray(a), gparray.asarray(b))
        xn, resn, rankn, sn = _np("lstsq")(a, b)
        assert type(rank) is int and rank == rankn
        t = 100 * eps(dtype) * max(ashape) * max(1.0, float(_np("cond")(wide(a)))
                                                 if a.size else 1.0)
        for got, ref in ((x, xn), (res, resn), (s, sn)):
            assert got.shape == ref.shape and got.dtype == ref.dtype, (ashape, bshape)
            np.testing.assert_allclose(got.get(), ref,
                                       atol=t * max(1.0, np.abs(ref).max(initial=0)))
    # rank deficient: the residuals are empty and the minimum-norm solution is returned
    rng = np.random.default_rng(2)
    a = (rng.integers(-3, 4, (8, 2)) @ rng.integers(-3, 4, (2, 4))).astype(dtype)   # exact
    b = rand((8,), dtype, seed=3)
    x, res, rank, s = la.lstsq(gparray.asarray(a), gparray.asarray(b), rcond=None)
    xn, resn, rankn, sn = _np("lstsq")(a, b)
    assert rank == rankn == 2 and res.shape == resn.shape == (0,)
    np.testing.assert_allclose(x.get(), xn, atol=1e3 * eps(dtype) * np.abs(xn).max())
    x, res, rank, s = la.lstsq(gparray.asarray(a), gparray.asarray(b), rcond=0.9)
    assert rank == _np("lstsq")(a, b, rcond=0.9)[2]
    with pytest.raises(la.LinAlgError):
        la.lstsq(gparray.ones((3, 2)), gparray.ones((4,)))
    with pytest.raises(la.LinAlgError):
        la.lstsq(gparray.ones((2, 3, 2)), gparray.ones((2, 3)))


@pytest.mark.parametrize("dtype", FLOATS)
def test_cond(opencl, dtype):
    sq = rand((3, 4, 4), dtype) + 2 * np.eye(4, dtype=dtype)
    g = gparray.asarray(sq)
    t = 1e3 * eps(dtype)
    for p in (None, 1, -1, 2, -2, np.inf, -np.inf, "fro", "nuc"):
        got, ref = la.cond(g, p), _np("cond")(sq, p)
        assert got.shape == ref.shape and got.dtype == ref.dtype, p
        np.testing.assert_allclose(got.get(), ref, rtol=t)
    np.testing.assert_allclose(la.cond(gparray.asarray(sq[0, :, :3]), None).get(),
                               _np("cond")(sq[0, :, :3]), rtol=t)
    # singular and NaN matrices: NaN becomes inf unless the matrix had NaNs
    bad = np.stack([np.zeros((3, 3)), np.ones((3, 3)), np.full((3, 3), np.nan),
                    np.eye(3)]).astype(dtype)
    for p in (None, -2):                          # NaN: the SVD does not converge
        with pytest.raises(la.LinAlgError, match="SVD did not converge"):
            la.cond(gparray.asarray(bad), p)
        bad_svd = bad[[0, 3]]          # (the ones matrix: s_min is 0 or ~1e-48)
        got, ref = la.cond(gparray.asarray(bad_svd), p).get(), _np("cond")(bad_svd, p)
        assert np.array_equal(np.isinf(got), np.isinf(ref)), p
        assert np.array_equal(np.isnan(got), np.isnan(ref)), p
    for p in (1, np.inf, "fro"):
        got, ref = la.cond(gparray.asarray(bad), p).get(), _np("cond")(bad, p)
        assert np.array_equal(np.isinf(got), np.isinf(ref)), p
        assert np.array_equal(np.isnan(got), np.isnan(ref)), p
        np.testing.assert_allclose(got[-1], ref[-1], rtol=t)
    with pytest.raises(la.LinAlgError):
        la.cond(gparray.zeros((0, 0)))
    with pytest.raises(la.LinAlgError):
        la.cond(gparray.ones((2, 3)), 1)


def test_norms_on_the_jacobi_path(opencl):
    x = rand((3, 5, 4), "complex128")
    g = gparray.asarray(x)
    for ord in (2, -2, "nuc"):
        np.testing.assert_allclose(la.norm(g, ord, axis=(-2, -1)).get(),
                                   np.linalg._linalg.norm(x, ord, axis=(-2, -1)), rtol=1e-12)


def test_without_fp64(opencl):
    """Integer input computes in float32 where the device has no fp64."""
    a = np.array([[4, 1], [1, 3]])
    with gparray.hide_fp64():
        g = gparray.asarray(a)
        for f in (la.svd, la.svdvals, la.eigh, la.eigvalsh, la.pinv):
            r = f(g)
            for v in (r if isinstance(r, tuple) else (r,)):
                assert v.dtype == np.float32
        np.testing.assert_allclose(la.eigvalsh(g).get(), _np("eigvalsh")(a), rtol=1e-6)
        x, res, rank, s = la.lstsq(g, gparray.asarray(np.array([1, 2])))
        assert x.dtype == np.float32 and rank == 2


def test_default_host_path():
    """While host LAPACK is allowed (the CPU default) the same functions agree with NumPy."""
    a = rand((2, 6, 4), "float64")
    g = gparray.asarray(a)
    with la.host_lapack(True):
        u, s, vh = la.svd(g, full_matrices=False)
        np.testing.assert_allclose((u.get() * s.get()[..., None, :]) @ vh.get(), a, atol=1e-12)
        np.testing.assert_allclose(la.svdvals(g).get(), np.linalg.svdvals(a), rtol=1e-12)
        h = a[0].T @ a[0]
        np.testing.assert_allclose(la.eigvalsh(gparray.asarray(h)).get(), np.linalg.eigvalsh(h),
                                   rtol=1e-12)
        np.testing.assert_allclose(la.pinv(g).get(), np.linalg.pinv(a), atol=1e-12)
        x, res, rank, sv = la.lstsq(g[0], gparray.asarray(a[1, :, 0]))
        assert type(rank) is int
        np.testing.assert_allclose(x.get(), np.linalg.lstsq(a[0], a[1, :, 0])[0], atol=1e-12)
        assert la.matrix_rank(g).get().tolist() == [4, 4]
        np.testing.assert_allclose(la.cond(g).get(), np.linalg.cond(a), rtol=1e-12)


@pytest.mark.parametrize("dtype", FLOATS)
def test_gpu_work_group_sizes(opencl, monkeypatch, dtype):
    """The work-group sizes a GPU gets (8 to 64 work-items sharing the rows of a pair, with
    the local-memory tree), run here on the CPU device too."""
    from gparray.linalg import _jacobi

    monkeypatch.setattr(_jacobi, "CPU_LOCAL", None)
    for shape in ((2, 9, 5), (40, 70), (130, 20)):
        a = rand(shape, dtype)
        check_svd(a, gparray.asarray(a), True)
    a = rand((33, 33), dtype)
    h = hermitian(a, "L")
    w, v = la.eigh(gparray.asarray(a))
    t = 30 * eps(dtype) * 33 * scale(h)
    np.testing.assert_allclose(w.get(), _np("eigvalsh")(wide(h)), atol=t)
    np.testing.assert_allclose(h @ v.get(), v.get() * w.get()[None, :], atol=t)
