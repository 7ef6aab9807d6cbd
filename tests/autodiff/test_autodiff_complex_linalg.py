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
