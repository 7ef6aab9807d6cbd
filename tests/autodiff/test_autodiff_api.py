"""The transformations: grad, value_and_grad, vjp, jvp, jacobian, hessian,
elementwise_grad, stop_gradient, check_grads, higher order, pytrees, errors."""

import numpy as np
import pytest

import autodiff as ad

rng = np.random.default_rng(0)


def test_seed_check():
    x = rng.random((2, 2))

    def f(x):
        return ((x + 2) * (x + 2) * 3).mean()

    np.testing.assert_allclose(ad.grad(f)(x), 1.5 * (x + 2), rtol=1e-12)


def test_grad_of_plain_numpy_mlp():
    x, W, b = rng.standard_normal((5, 3)), rng.standard_normal((3, 4)), rng.standard_normal(4)

    def loss(W, b):
        return np.tanh(x @ W + b).sum()

    gW, gb = ad.grad(loss, argnum=(0, 1))(W, b)
    s = 1 - np.tanh(x @ W + b) ** 2
    np.testing.assert_allclose(gW, x.T @ s)
    np.testing.assert_allclose(gb, s.sum(0))


def test_value_and_grad_and_kwargs():
    f = lambda x, scale=1.0: scale * np.sum(x ** 2)  # noqa: E731
    x = rng.standard_normal(3)
    v, g = ad.value_and_grad(f)(x, scale=3.0)
    assert v == pytest.approx(3 * np.sum(x ** 2))
    np.testing.assert_allclose(g, 6 * x)
    assert type(v) in (float, np.float64) or np.ndim(v) == 0


def test_grad_python_float_and_0d():
    assert ad.grad(lambda x: x ** 3)(2.0) == pytest.approx(12.0)
    assert ad.grad(np.sin)(np.float64(0.3)) == pytest.approx(np.cos(0.3))
    assert float(ad.grad(lambda x: np.exp(x).sum())(np.array(0.0))) == pytest.approx(1.0)


def test_grad_rejects_integer_input_and_vector_output():
    with pytest.raises(TypeError, match="no float values"):
        ad.grad(lambda x: x * 2.0)(np.arange(3))
    with pytest.raises(TypeError, match="scalar output"):
        ad.grad(lambda x: x * 2.0)(np.ones(3))


def test_gradient_of_unused_input_is_zero():
    g = ad.grad(lambda x, y: np.sum(y ** 2), argnum=0)(np.ones(3), np.ones(2))
    np.testing.assert_array_equal(g, np.zeros(3))


def test_pytrees_in_and_out():
    params = {"w": rng.standard_normal((3, 2)), "layers": [rng.standard_normal(2), 1.5]}
    x = rng.standard_normal((4, 3))

    def loss(p):
        h = x @ p["w"] + p["layers"][0]
        return np.sum(h ** 2) * p["layers"][1]

    g = ad.grad(loss)(params)
    assert set(g) == {"w", "layers"} and isinstance(g["layers"], list)
    h = x @ params["w"] + params["layers"][0]
    np.testing.assert_allclose(g["w"], x.T @ (2 * h) * 1.5)
    np.testing.assert_allclose(g["layers"][0], (2 * h).sum(0) * 1.5)
    assert g["layers"][1] == pytest.approx(np.sum(h ** 2))

    out, back = ad.vjp(lambda p: {"a": p["w"] * 2, "b": (p["layers"][0].sum(),)}, params)
    cts = back({"a": np.ones((3, 2)), "b": (1.0,)})
    np.testing.assert_allclose(cts[0]["w"], 2 * np.ones((3, 2)))
    np.testing.assert_allclose(cts[0]["layers"][0], np.ones(2))
    ad.check_grads(loss, params)


def test_vjp_returns_one_cotangent_per_argument():
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(3)
    out, back = ad.vjp(lambda a, b: a * b, a, b)
    np.testing.assert_allclose(out, a * b)
    ga, gb = back(np.ones((2, 3)))
    np.testing.assert_allclose(ga, np.broadcast_to(b, (2, 3)))
    np.testing.assert_allclose(gb, a.sum(0))


def test_jvp_is_forward_mode_and_matches_vjp():
    """<u, J v> computed by jvp and by vjp agree; jvp uses no reverse pass."""
    x = rng.standard_normal((3, 4))
    f = lambda x: np.tanh(x @ x.T).sum(0) * np.linalg.norm(x)  # noqa: E731
    v, u = rng.standard_normal(x.shape), rng.standard_normal(3)
    out, t = ad.jvp(f, (x,), (v,))
    out2, back = ad.vjp(f, x)
    np.testing.assert_allclose(out, out2)
    assert np.vdot(u, t) == pytest.approx(np.vdot(back(u)[0], v))


def test_jvp_multiple_primals_and_pytree():
    f = lambda p, y: (p["a"] * y, np.sum(p["a"]))  # noqa: E731
    p, y = {"a": rng.standard_normal(3)}, rng.standard_normal(3)
    tp, ty = {"a": np.ones(3)}, np.zeros(3)
    (o1, o2), (t1, t2) = ad.jvp(f, (p, y), (tp, ty))
    np.testing.assert_allclose(t1, y)
    assert t2 == pytest.approx(3.0)


def test_jvp_uses_no_reverse_rules():
    """A function with only a forward rule works under jvp: forward mode is its own."""
    @ad.primitive
    def cube(x):
        return x ** 3
    ad.jvp_rule(cube, lambda t, ans, x: 3 * x ** 2 * t)
    _, t = ad.jvp(cube, (np.array(2.0),), (np.array(1.0),))
    assert t == pytest.approx(12.0)
    with pytest.raises(ad.NoRuleError):
        ad.grad(cube)(2.0)


@pytest.mark.parametrize("mode", ["auto", "reverse", "forward"])
def test_jacobian_modes(mode):
    x = rng.standard_normal(3)
    f = lambda x: np.stack([np.sin(x[0]) * x[1], x[2] ** 2, x.sum(), np.prod(x)])  # noqa
    J = ad.jacobian(f, mode=mode)(x)
    expect = np.array([[np.cos(x[0]) * x[1], np.sin(x[0]), 0],
                       [0, 0, 2 * x[2]], [1, 1, 1],
                       [x[1] * x[2], x[0] * x[2], x[0] * x[1]]])
    np.testing.assert_allclose(J, expect, rtol=1e-12)


def test_jacobian_shapes_matrix_in_out():
    A = rng.standard_normal((2, 3))
    J = ad.jacobian(lambda A: A.T ** 2)(A)
    assert J.shape == (3, 2, 2, 3)
    Jf = ad.jacobian(lambda A: A.T ** 2, mode="forward")(A)
    np.testing.assert_allclose(J, Jf)


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_hessian(mode):
    A = rng.standard_normal((4, 4))
    A = A + A.T
    x = rng.standard_normal(4)
    H = ad.hessian(lambda x: 0.5 * x @ A @ x + np.sum(np.sin(x)), mode=mode)(x)
    np.testing.assert_allclose(H, A - np.diag(np.sin(x)), atol=1e-12)


def test_higher_order_derivatives():
    f = np.sin
    d = f
    expect = [np.sin, np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x), np.sin]
    for k in range(5):
        assert d(0.7) == pytest.approx(expect[k](0.7)), k
        d = ad.grad(d)
    # Mixed: forward over reverse over reverse.
    g3 = ad.grad(ad.grad(lambda x: x ** 5))
    _, t = ad.jvp(g3, (2.0,), (1.0,))
    assert t == pytest.approx(60 * 2.0 ** 2)


def test_perturbation_confusion_avoided():
    # d/dx [x * d/dy (x + y)] = 1: the inner derivative must not see x's perturbation.
    f = lambda x: x * ad.grad(lambda y: x + y)(1.0)  # noqa: E731
    assert ad.grad(f)(3.0) == pytest.approx(1.0)
    _, t = ad.jvp(f, (3.0,), (1.0,))
    assert t == pytest.approx(1.0)


def test_elementwise_grad():
    x = np.linspace(-1, 1, 7)
    np.testing.assert_allclose(ad.elementwise_grad(np.tanh)(x), 1 - np.tanh(x) ** 2)


def test_stop_gradient():
    f = lambda x: np.sum(x * ad.stop_gradient(x))  # noqa: E731
    x = rng.standard_normal(3)
    np.testing.assert_allclose(ad.grad(f)(x), x)
    tree = ad.stop_gradient({"a": [np.ones(2)]})
    assert isinstance(tree["a"][0], np.ndarray)


def test_x_pow_zero_and_abs_at_zero_and_max_ties():
    assert ad.grad(lambda x: x ** 0.0)(0.0) == 0.0
    assert ad.grad(lambda x: np.sum(x ** 0))(np.zeros(2)) .tolist() == [0.0, 0.0]
    assert ad.grad(lambda x: np.power(x, 2.0))(0.0) == 0.0
    assert ad.grad(np.abs)(0.0) == 0.0
    np.testing.assert_allclose(ad.grad(np.max)(np.array([1.0, 3.0, 3.0, 2.0])),
                               [0, 0.5, 0.5, 0])
    np.testing.assert_allclose(ad.grad(lambda x: np.maximum(x, 1.0).sum())(
        np.array([0.0, 1.0, 2.0])), [0, 0.5, 1])
    np.testing.assert_allclose(ad.grad(lambda x: np.prod(x))(np.array([2.0, 0.0, 3.0])),
                               [0, 6, 0])
    assert ad.grad(lambda x: np.floor(x) * 1.0)(1.5) == 0.0


def test_logsumexp_composition_is_stable_and_exact():
    x = np.array([1000.0, 1000.0, 999.0])

    def lse(x):
        m = np.max(x)
        return m + np.log(np.sum(np.exp(x - m)))

    g = ad.grad(lse)(x)
    np.testing.assert_allclose(g, np.exp(x - lse(x)))
    assert np.isfinite(g).all()


def test_no_rule_error_names_the_function():
    with pytest.raises(ad.NoRuleError, match="numpy.i0"):
        ad.grad(lambda x: np.sum(np.i0(x)))(np.ones(3))
    with pytest.raises(ad.NoRuleError, match="numpy.maximum.accumulate"):
        ad.grad(lambda x: np.maximum.accumulate(x).sum())(np.ones(3))


def test_user_primitive_and_rules():
    @ad.primitive
    def logistic(x):
        return 1 / (1 + np.exp(-x))
    ad.vjp_rule(logistic, lambda g, ans, x: g * ans * (1 - ans))
    ad.jvp_rule(logistic, lambda t, ans, x: t * ans * (1 - ans))
    x = rng.standard_normal(4)
    ad.check_grads(lambda x: logistic(x), x)
    np.testing.assert_allclose(ad.elementwise_grad(logistic)(x),
                               logistic(x) * (1 - logistic(x)))


def test_check_grads_catches_a_wrong_rule():
    @ad.primitive
    def twice(x):
        return 2 * x
    ad.vjp_rule(twice, lambda g, ans, x: 3 * g)          # wrong on purpose
    ad.jvp_rule(twice, lambda t, ans, x: 2 * t)
    with pytest.raises(AssertionError, match="reverse-mode"):
        ad.check_grads(twice, rng.standard_normal(3), order=1)
    ad.check_grads(twice, rng.standard_normal(3), modes=("fwd",))


def test_float32_gradients_keep_dtype():
    x = rng.standard_normal((3, 3)).astype(np.float32)
    g = ad.grad(lambda x: np.sum(np.tanh(x @ x) * 2.0))(x)
    assert g.dtype == np.float32
