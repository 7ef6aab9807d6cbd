"""Complex gradients of the matrix factorizations (JAX's convention: the cotangent of
z = x + iy is dL/dx - i dL/dy), checked against central finite differences along random
complex directions (``check_grads``: forward, reverse and second order), elementwise
finite differences of a real loss, complex64 against complex128, stacks of matrices, and
gparray inputs.

Eigenvectors and singular vectors are unique only up to a phase per vector: their
derivatives are checked through losses that do not depend on those phases."""
import numpy as np
import pytest

import autodiff as ad
from finite_differences import grad_fd_complex

rng = np.random.default_rng(7)


def cmat(*shape):
    """A random complex matrix (stack)."""
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def hpd(*shape, noise=True):
    """A Hermitian positive definite stack; with ``noise``, the strictly upper triangle
    and the imaginary part of the diagonal are garbage, which LAPACK ignores."""
    b = cmat(*shape)
    n = shape[-1]
    a = b @ np.conj(np.swapaxes(b, -1, -2)) + n * np.eye(n)
    if noise:
        a = a + np.triu(cmat(*shape), 1) + 0.5j * np.eye(n)
    return a


def upper_view(a):
    """The same Hermitian matrix stored in the upper triangle (garbage below)."""
    return np.conj(np.swapaxes(a, -1, -2))


def real_loss(f):
    """A real scalar mixing real and imaginary parts of every output of ``f``."""
    def loss(a):
        out = f(a)
        parts = out if isinstance(out, tuple) else (out,)
        total = 0.0
        for k, p in enumerate(parts):
            w = np.linspace(0.5, 1.5, p.size, dtype=np.finfo(p.dtype).dtype)
            w = w.reshape(p.shape)
            total = total + np.sum(w * np.real(p * (0.3 + 0.7j * (k + 1)))) + np.sum(
                np.abs(p) ** 2) * 0.1
        return total
    return loss


def check_gradient_elementwise(f, a, rtol=1e-6):
    g = ad.grad(f)(a)
    assert g.dtype == a.dtype and g.shape == a.shape
    np.testing.assert_allclose(g, grad_fd_complex(f, a), rtol=rtol, atol=1e-7)
    return g


def check_complex64(f, a):
    """float precision: the same gradient as in double, and the dtype kept."""
    g64 = ad.grad(f)(a.astype(np.complex64))
    assert g64.dtype == np.complex64
    np.testing.assert_allclose(g64, ad.grad(f)(a), rtol=2e-3, atol=2e-3 * np.abs(
        ad.grad(f)(a)).max())


# ---- cholesky ------------------------------------------------------------------------------
CHOLESKY = {
    "lower": (np.linalg.cholesky, lambda a: a),
    "upper": (lambda a: np.linalg.cholesky(a, upper=True), upper_view),
}


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (5, 5), (2, 3, 3)], ids=str)
@pytest.mark.parametrize("which", list(CHOLESKY))
def test_cholesky_complex(which, shape):
    f, view = CHOLESKY[which]
    a = view(hpd(*shape))
    ad.check_grads(f, a, order=2 if shape[-1] <= 3 else 1)


@pytest.mark.parametrize("which", list(CHOLESKY))
def test_cholesky_complex_gradient_lives_in_the_read_triangle(which):
    f, view = CHOLESKY[which]
    a = view(hpd(3, 3))
    g = check_gradient_elementwise(real_loss(f), a)
    other = np.triu(g, 1) if which == "lower" else np.tril(g, -1)
    assert not other.any() and not np.diagonal(g).imag.any()
    check_complex64(real_loss(f), a)


# ---- eigh, eigvalsh --------------------------------------------------------------------------
def _eig_projector(w, v):
    """V diag(e^w) V^H, and the projector on the first eigenvector: phase-invariant."""
    vh = np.conj(np.swapaxes(v, -1, -2))
    return (v * np.exp(w / 4)[..., None, :]) @ vh, v[..., :, :1] @ vh[..., :1, :]


EIGH = {
    "eigvalsh": lambda a: np.linalg.eigvalsh(a),
    "eigvalsh-upper": lambda a: np.linalg.eigvalsh(a, UPLO="U"),
    "abs2-vectors": lambda a: (lambda w, v: w[..., None, :] * np.abs(v) ** 2)(
        *np.linalg.eigh(a)),
    "projectors": lambda a: _eig_projector(*np.linalg.eigh(a)),
    "projectors-upper": lambda a: _eig_projector(*np.linalg.eigh(a, "U")),
}


def stored(which, a):
    """``a`` as the variant ``which`` reads it (the upper triangle for "-upper")."""
    return upper_view(a) if which.endswith("upper") else a


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (5, 5), (2, 3, 3)], ids=str)
@pytest.mark.parametrize("which", list(EIGH))
def test_eigh_complex(which, shape):
    a = hpd(*shape) - shape[-1] * 1.5 * np.eye(shape[-1])      # eigenvalues of both signs
    ad.check_grads(EIGH[which], stored(which, a), order=2 if shape[-1] <= 3 else 1)


@pytest.mark.parametrize("which", ["eigvalsh-upper", "abs2-vectors", "projectors"])
def test_eigh_complex_gradient_lives_in_the_read_triangle(which):
    a = stored(which, hpd(3, 3))
    f = real_loss(EIGH[which])
    g = check_gradient_elementwise(f, a)
    other = np.tril(g, -1) if which.endswith("upper") else np.triu(g, 1)
    assert not other.any() and not np.diagonal(g).imag.any()
    check_complex64(f, a)


def test_eigh_real_input_keeps_real_gradient():
    a = np.real(hpd(3, 3))
    g = ad.grad(real_loss(EIGH["projectors"]))(a)
    assert g.dtype == np.float64


# ---- svd, svdvals, and what is built on them ---------------------------------------------
def _usv(u, s, vh):
    """Phase-invariant uses of (U, S, Vh): U diag(s^2) Vh, |U|^2 s, |Vh|^2 and the first
    rank-one term."""
    k = s.shape[-1]
    u, vh = u[..., :, :k], vh[..., :k, :]
    return ((u * s[..., None, :] ** 2) @ vh, np.abs(u) ** 2 * s[..., None, :],
            np.abs(vh) ** 2, u[..., :, :1] @ vh[..., :1, :])


SVD = {
    "svdvals": np.linalg.svdvals,
    "S-only": lambda a: np.linalg.svd(a, compute_uv=False),
    "thin": lambda a: _usv(*np.linalg.svd(a, full_matrices=False)),
    "full": lambda a: _usv(*np.linalg.svd(a, full_matrices=True)),
    "full-S": lambda a: np.linalg.svd(a)[1] ** 2,
}


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (4, 2), (2, 4), (6, 5), (2, 4, 3),
                                   (3, 2, 3)], ids=str)
@pytest.mark.parametrize("which", list(SVD))
def test_svd_complex(which, shape):
    ad.check_grads(SVD[which], cmat(*shape), order=2 if max(shape[-2:]) <= 3 else 1)


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 4)], ids=str)
@pytest.mark.parametrize("which", ["svdvals", "thin", "full"])
def test_svd_complex_elementwise_and_complex64(which, shape):
    a = cmat(*shape)
    f = real_loss(SVD[which])
    check_gradient_elementwise(f, a)
    check_complex64(f, a)


HERMITIAN = {
    "svdvals": lambda a: np.linalg.svd(a, compute_uv=False, hermitian=True),
    "usv": lambda a: _usv(*np.linalg.svd(a, hermitian=True)),
}


@pytest.mark.parametrize("which", list(HERMITIAN))
def test_svd_hermitian_complex_reads_the_lower_triangle(which):
    a = hpd(3, 3) - 4.5 * np.eye(3)       # indefinite: U and V differ by signs
    f = HERMITIAN[which]
    ad.check_grads(f, a)
    g = check_gradient_elementwise(real_loss(f), a)
    assert not np.triu(g, 1).any() and not np.diagonal(g).imag.any()


def test_svd_full_matrices_complex_refuses_the_nonunique_columns():
    a = cmat(4, 2)
    with pytest.raises(ValueError, match="not unique"):
        ad.grad(lambda a: np.sum(np.abs(np.linalg.svd(a)[0] @ np.ones(4))))(a)


BUILT_ON_SVD = {
    "pinv-tall": (lambda a: np.linalg.pinv(a), (4, 3)),
    "pinv-wide": (lambda a: np.linalg.pinv(a), (2, 3, 4)),
    "norm-nuc": (lambda a: np.linalg.norm(a, "nuc"), (3, 4)),
    "norm-2": (lambda a: np.linalg.norm(a, 2), (4, 3)),
    "cond": (lambda a: np.linalg.cond(a), (3, 3)),
    "lstsq": (lambda a: np.linalg.lstsq(a, np.arange(4.0) + 1j)[:2], (4, 3)),
}


@pytest.mark.parametrize("which", list(BUILT_ON_SVD))
def test_functions_built_on_svd_complex(which):
    f, shape = BUILT_ON_SVD[which]
    a = cmat(*shape)
    out = f(a)
    traced = ad.jvp(f, (a,), (a,))[0]      # the traced composition's value is NumPy's
    for got, want in zip(traced if isinstance(out, tuple) else (traced,),
                         out if isinstance(out, tuple) else (out,)):
        np.testing.assert_allclose(got, want, rtol=1e-10)
        assert np.asarray(got).dtype == np.asarray(want).dtype
    ad.check_grads(f, a, order=1)


# ---- qr -----------------------------------------------------------------------------------
# LAPACK's R has a real diagonal, which makes complex QR unique (up to discrete signs):
# the outputs themselves are checked.
QR = {
    "reduced": lambda a: tuple(np.linalg.qr(a)),
    "r": lambda a: np.linalg.qr(a, mode="r"),
    "complete": lambda a: (lambda q, r: (q[..., :, :a.shape[-1]], r))(
        *np.linalg.qr(a, mode="complete")),
}


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (4, 2), (2, 4), (6, 5), (2, 4, 3),
                                   (3, 2, 3)], ids=str)
@pytest.mark.parametrize("mode", list(QR))
def test_qr_complex(mode, shape):
    ad.check_grads(QR[mode], cmat(*shape), order=2 if max(shape[-2:]) <= 3 else 1)


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 4)], ids=str)
def test_qr_complex_elementwise_and_complex64(shape):
    a = cmat(*shape)
    f = real_loss(QR["reduced"])
    check_gradient_elementwise(f, a)
    check_complex64(f, a)


def test_qr_complete_complex_refuses_the_nonunique_columns():
    with pytest.raises(ValueError, match="not unique"):
        ad.grad(lambda a: np.sum(np.abs(np.linalg.qr(a, mode="complete")[0])))(cmat(4, 2))


# ---- slogdet, and the holomorphic det, inv, solve --------------------------------------------
DETS = {
    "slogdet": lambda a: tuple(np.linalg.slogdet(a)),
    "slogdet-sign": lambda a: np.linalg.slogdet(a).sign,
    "slogdet-logabsdet": lambda a: np.linalg.slogdet(a).logabsdet,
    "det": np.linalg.det,
    "inv": np.linalg.inv,
    "solve-matrix": lambda a: np.linalg.solve(a, np.swapaxes(a, -1, -2) * 0.5 + 1j),
    "solve-vector": lambda a: np.linalg.solve(a[..., :, :], a[..., 0, :] + 1),
}


@pytest.mark.parametrize("which, shape", [
    (w, s) for w in DETS for s in [(1, 1), (3, 3), (5, 5), (2, 3, 3)]
    if not (w == "solve-vector" and len(s) > 2)], ids=str)     # a stacked b is matrices
def test_determinants_inverse_solve_complex(which, shape):
    ad.check_grads(DETS[which], cmat(*shape), order=2 if shape[-1] <= 3 else 1)


@pytest.mark.parametrize("which", ["slogdet", "det", "inv"])
def test_determinants_complex_elementwise_and_complex64(which):
    a = cmat(3, 3)
    f = real_loss(DETS[which])
    check_gradient_elementwise(f, a)
    check_complex64(f, a)


def test_solve_real_matrix_complex_right_hand_side():
    a, b = np.real(cmat(3, 3)) + 3 * np.eye(3), cmat(3, 2)
    f = lambda a, b: np.linalg.solve(a, b)
    ad.check_grads(f, a, b)
    assert ad.grad(lambda a: np.sum(np.abs(f(a, b)) ** 2))(a).dtype == np.float64


def test_slogdet_real_input_has_no_sign_derivative():
    a = np.real(cmat(2, 3, 3))
    _, tangent = ad.jvp(lambda a: np.linalg.slogdet(a).sign, (a,), (cmat(2, 3, 3).real,))
    assert not np.any(tangent)
    ad.check_grads(DETS["slogdet"], a)


# ---- per-example gradients -------------------------------------------------------------------
@pytest.mark.parametrize("which", ["cholesky", "eigh", "svd", "qr", "slogdet"])
def test_vmap_of_complex_gradients_equals_the_loop(which):
    import warnings

    f, a = {"cholesky": (np.linalg.cholesky, hpd(4, 3, 3)),
            "eigh": (EIGH["projectors"], hpd(4, 3, 3)),
            "svd": (SVD["thin"], cmat(4, 3, 2)),
            "qr": (QR["reduced"], cmat(4, 2, 3)),
            "slogdet": (DETS["slogdet"], cmat(4, 3, 3))}[which]
    g = ad.grad(real_loss(f))
    with warnings.catch_warnings():
        # the rules' tril/diagonal/solve steps run vmap's loop fallback (their batching
        # rules are not written yet); the decompositions themselves are batched
        warnings.simplefilter("ignore", ad.BatchingFallbackWarning)
        got = ad.vmap(g)(a)
    np.testing.assert_allclose(got, np.stack([g(x) for x in a]), rtol=1e-10, atol=1e-12)


# ---- on the device -------------------------------------------------------------------------
def on_device(f, a, **check):
    """``f``'s gradient of a gparray input equals NumPy's, computed without host
    conversions, and passes ``check_grads``."""
    import gparray

    expected = ad.grad(f)(a)
    dev = gparray.asarray(a)
    with gparray.host_conversion("raise"):
        got = ad.grad(f)(dev)
    assert isinstance(got, gparray.ndarray) and got.dtype == a.dtype
    np.testing.assert_allclose(got.get(), expected, rtol=1e-9, atol=1e-11)
    ad.check_grads(f, dev, order=1, **check)


def test_cholesky_complex_on_device():
    on_device(real_loss(lambda a: np.linalg.cholesky(a, upper=True)), upper_view(hpd(3, 3)))


def test_eigh_complex_on_device():
    on_device(real_loss(EIGH["projectors"]), hpd(3, 3))


def test_svd_complex_on_device():
    on_device(real_loss(SVD["thin"]), cmat(3, 2))


def test_qr_complex_on_device():
    # the device may choose other signs of R's diagonal than LAPACK: a loss blind to them
    on_device(real_loss(lambda a: (lambda q, r: (np.abs(q) ** 2, np.abs(r) ** 2,
                                                 q[:, :1] @ np.conj(q[:, :1].T)))(
        *np.linalg.qr(a))), cmat(3, 2))


def test_slogdet_complex_on_device():
    on_device(real_loss(DETS["slogdet"]), cmat(3, 3))
