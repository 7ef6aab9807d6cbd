"""Complex numbers in differentiated code: real inputs through complex intermediates, and
complex inputs (JAX's convention: the gradient of a real f at z = x + iy is
df/dx - i df/dy, so grad(|z|^2) = 2 conj(z)). Checked against finite differences along
random complex directions."""
import numpy as np
import pytest

import autodiff as ad
from finite_differences import grad_fd as fd_grad_real
from finite_differences import grad_fd_complex as fd_grad_complex

rng = np.random.default_rng(11)
C = 0.7 - 1.3j


# real -> complex -> real
REAL_IN = {
    "abs-of-scaled": lambda x: np.sum(np.abs(x * C) ** 2),
    "abs-of-exp-i": lambda x: np.sum(np.abs(np.exp(1j * x) * x)),
    "real-of-square": lambda x: np.sum((x * C) ** 2).real,
    "imag-of-product": lambda x: np.sum(np.imag(np.exp(1j * x) * x ** 2)),
    "angle": lambda x: np.sum(np.angle(x * C + 0.3j) * x),
    "conj-product": lambda x: np.real(np.sum(np.conj(x * C) * (x + 2j))),
    "matmul-complex": lambda x: np.sum(np.abs(x.reshape(2, 2) @ np.array([[1 + 1j, 2], [0.5j, -1]])) ** 2),
    "vdot": lambda x: np.real(np.vdot(x * C, np.sin(x) + 1j * x)),
    "sqrt-log": lambda x: np.sum(np.abs(np.sqrt(x * C + 3) + np.log(x + 2j))),
    "mean-var-of-complex": lambda x: np.var(x * C + 1j * x ** 2) + np.abs(np.mean(x * C)),
    "norm-of-complex": lambda x: np.linalg.norm(x * C + 1j),
    "det-complex": lambda x: np.abs(np.linalg.det(x.reshape(2, 2) * C + np.eye(2) * 1j)),
    "inv-complex": lambda x: np.sum(np.abs(np.linalg.inv(x.reshape(2, 2) + 1j * np.eye(2)))),
    "sign-complex": lambda x: np.sum(np.real(np.sign(x * C + 1j) * x)),
}


@pytest.mark.parametrize("name", list(REAL_IN))
def test_real_input_through_complex_values(name):
    f = REAL_IN[name]
    x = rng.uniform(0.3, 1.5, 4)
    g = ad.grad(f)(x)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, fd_grad_real(f, x), rtol=1e-6, atol=1e-8)
    ad.check_grads(f, x)


# complex -> real
COMPLEX_IN = {
    "abs-squared": lambda z: np.sum(np.abs(z) ** 2),
    "real-of-square": lambda z: np.sum(z ** 2).real,
    "imag-of-sin": lambda z: np.sum(np.imag(np.sin(z))),
    "angle": lambda z: np.sum(np.angle(z)),
    "conj-times": lambda z: np.sum(np.real(np.conj(z) * z * (1 + 1j))),
    "exp-abs": lambda z: np.sum(np.abs(np.exp(z) * C)),
    "matmul": lambda z: np.sum(np.abs(z.reshape(2, 2) @ z.reshape(2, 2).T) ** 2),
    "vdot": lambda z: np.real(np.vdot(z, z * C)),
    "norm": lambda z: np.linalg.norm(z),
    "var": lambda z: np.var(z),
    "det": lambda z: np.abs(np.linalg.det(z.reshape(2, 2))),
    "solve": lambda z: np.sum(np.abs(np.linalg.solve(z.reshape(2, 2) + 3 * np.eye(2), np.ones(2)))),
}


@pytest.mark.parametrize("name", list(COMPLEX_IN))
def test_complex_input_gradient_is_jax_convention(name):
    f = COMPLEX_IN[name]
    z = rng.uniform(0.3, 1.5, 4) + 1j * rng.uniform(-1.0, 1.0, 4)
    g = ad.grad(f)(z)
    assert g.dtype == np.complex128
    np.testing.assert_allclose(g, fd_grad_complex(f, z), rtol=1e-6, atol=1e-8)
    ad.check_grads(f, z)


def test_abs_squared_gradient_is_twice_conj():
    z = np.array([1 + 2j, -0.5 + 0.25j])
    np.testing.assert_allclose(ad.grad(lambda z: np.sum(np.abs(z) ** 2))(z), 2 * np.conj(z))


def test_holomorphic_vjp_and_forward_mode():
    # for holomorphic f, the cotangent is multiplied by f'(z) (no conjugate), and the
    # forward tangent is f'(z) t
    z = np.array([0.3 + 0.4j, -1.0 + 0.2j])
    u = np.array([1.0 - 0.5j, 0.25 + 2j])
    value, back = ad.vjp(np.sin, z)
    np.testing.assert_allclose(back(u)[0], u * np.cos(z))
    t = np.array([0.5 + 0.5j, -1j])
    _, tangent = ad.jvp(np.sin, (z,), (t,))
    np.testing.assert_allclose(tangent, np.cos(z) * t)
    _, tangent = ad.jvp(lambda z: np.abs(z), (z,), (t,))
    np.testing.assert_allclose(tangent, np.real(np.conj(z) * t) / np.abs(z))


def test_complex_gradients_on_the_device_match_numpy():
    import gparray

    z = np.array([0.5 + 1j, -1.5 + 0.25j, 2.0 - 0.75j])
    x = np.array([0.3, 1.2, -0.4])
    fz = COMPLEX_IN["exp-abs"]
    fx = REAL_IN["abs-of-scaled"]
    with gparray.host_conversion("raise"):
        gz = ad.grad(fz)(gparray.asarray(z))
        gx = ad.grad(fx)(gparray.asarray(x))
    assert isinstance(gz, gparray.ndarray) and gz.dtype == np.complex128
    assert isinstance(gx, gparray.ndarray) and gx.dtype == np.float64
    np.testing.assert_allclose(gz.get(), ad.grad(fz)(z), rtol=1e-12)
    np.testing.assert_allclose(gx.get(), ad.grad(fx)(x), rtol=1e-12)
