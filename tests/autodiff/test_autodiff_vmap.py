"""``autodiff.vmap`` equals the loop over examples: in_axes/out_axes, nesting, and every
composition with grad, jvp and jacobian; the loop fallback warns and names the function."""
import warnings

import numpy as np
import pytest

import autodiff
from autodiff import _batching, _coverage, _registry

RNG = np.random.default_rng(0)


def _loop(f, in_axes, out_axis, *args):
    size = next(np.shape(a)[ax] for a, ax in zip(args, in_axes) if ax is not None)
    outs = [f(*[a if ax is None else np.take(a, i, axis=ax) for a, ax in zip(args, in_axes)])
            for i in range(size)]
    return np.stack(outs, axis=out_axis)


class _ErrorOnFallback(warnings.catch_warnings):
    """Fail on the loop fallback: the functions tested with it all have rules."""

    def __enter__(self):
        out = super().__enter__()
        warnings.simplefilter("error", autodiff.BatchingFallbackWarning)
        return out


FUNCTIONS = {
    "elementwise": lambda x: np.sin(x) * np.exp(-x) + 2.0,
    "broadcast-rank": lambda x: x * np.ones((2, 3)),
    "sum-axis": lambda x: np.sum(x ** 2, axis=0),
    "mean-all": lambda x: np.mean(np.tanh(x)),
    "max-keepdims": lambda x: x - np.max(x, axis=-1, keepdims=True),
    "cumsum-flat": lambda x: np.cumsum(x),
    "argmax": lambda x: np.argmax(x),
    "sort": lambda x: np.sort(x),
    "reshape-T": lambda x: np.reshape(x, (-1,)).reshape(3, 1).T,
    "swap-moveaxis": lambda x: np.moveaxis(np.expand_dims(x, 0), 0, -1),
    "squeeze": lambda x: np.squeeze(x[None, :, None]),
    "matvec": lambda x: np.arange(6.0).reshape(2, 3) @ x,
    "vecmat": lambda x: x @ np.arange(6.0).reshape(3, 2),
    "vecvec": lambda x: x @ x,
    "outer-einsum": lambda x: np.einsum("i,j->ij", x, x),
    "einsum-implicit": lambda x: np.einsum("i,i", x, np.arange(3.0)),
    "dot": lambda x: np.dot(x, x) + np.dot(np.ones((2, 3)), x).sum(),
    "getitem": lambda x: x[::-1][[0, 2]] + x[1],
    "setitem": lambda x: _setitem(x),
    "where-clip": lambda x: np.where(x > 0, np.clip(x, -0.5, 0.5), x ** 2),
    "concat-stack": lambda x: np.concatenate([x, np.stack([x, np.zeros(3)]).ravel()]),
    "broadcast_to": lambda x: np.broadcast_to(x, (2, 3)) * 1.0,
    "logsumexp": lambda x: np.log(np.sum(np.exp(x - np.max(x)))) + np.max(x),
    "shape-meta": lambda x: x * np.shape(x)[0] + np.ndim(x),
    "tril-triu": lambda x: np.tril(np.outer(x, x), -1) + np.triu(np.outer(x, x)[None], 1)[0],
    "roll": lambda x: np.roll(x, 1, axis=0) + np.roll(x, shift=-1, axis=-1),
    "take": lambda x: np.take(x, [2, 0], axis=0) + np.take(np.outer(x, x), [1], axis=1)[:2, 0],
    "diagonal": lambda x: np.diagonal(np.outer(x, x)) + np.diagonal(np.outer(x, x), 1,
                                                                     axis1=1, axis2=0).sum(),
}


def _setitem(x):
    y = np.zeros(4)
    y[1:] = x * 2.0
    y[[0, 0]] = x[:2]
    return y


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_vmap_equals_the_loop(name):
    f = FUNCTIONS[name]
    X = RNG.standard_normal((5, 3))
    with _ErrorOnFallback():
        got = autodiff.vmap(f)(X)
    np.testing.assert_allclose(got, _loop(f, (0,), 0, X), rtol=1e-12, atol=1e-12)


def test_in_axes_and_out_axes():
    A = RNG.standard_normal((3, 4))       # batch along axis 1
    b = RNG.standard_normal(3)            # shared

    def f(a, b):
        return np.outer(a, b) + a[:, None]
    got = autodiff.vmap(f, in_axes=(1, None), out_axes=2)(A, b)
    np.testing.assert_allclose(got, _loop(f, (1, None), 2, A, b))
    pair = autodiff.vmap(lambda a: (a * 2, np.sum(a)), in_axes=1, out_axes=(1, 0))(A)
    np.testing.assert_allclose(pair[0], 2 * A)
    np.testing.assert_allclose(pair[1], A.sum(axis=0))


def test_nested_vmap_is_a_double_loop():
    X = RNG.standard_normal((4, 5, 3))
    f = lambda x: np.tanh(x) @ np.arange(3.0) + np.max(x)
    got = autodiff.vmap(autodiff.vmap(f))(X)
    want = np.array([[f(X[i, j]) for j in range(5)] for i in range(4)])
    np.testing.assert_allclose(got, want, rtol=1e-12)
    # the inner vmap over the other axis
    got2 = autodiff.vmap(autodiff.vmap(f), in_axes=1)(X)
    np.testing.assert_allclose(got2, np.swapaxes(want, 0, 1), rtol=1e-12)


def _mlp_loss(params, x, y):
    W1, b1, W2, b2 = params
    h = np.tanh(x @ W1 + b1)
    logits = h @ W2 + b2
    logp = logits - np.max(logits) - np.log(np.sum(np.exp(logits - np.max(logits))))
    return -np.sum(y * logp)


def _mlp_data(n=6):
    params = (RNG.standard_normal((4, 5)), RNG.standard_normal(5),
              RNG.standard_normal((5, 3)), RNG.standard_normal(3))
    X = RNG.standard_normal((n, 4))
    Y = np.eye(3)[RNG.integers(0, 3, n)]
    return params, X, Y


def test_per_example_gradients_equal_the_loop():
    params, X, Y = _mlp_data()
    with _ErrorOnFallback():
        got = autodiff.vmap(autodiff.grad(_mlp_loss), in_axes=(None, 0, 0))(params, X, Y)
    for k, p in enumerate(params):
        want = np.stack([autodiff.grad(_mlp_loss)(params, X[i], Y[i])[k]
                         for i in range(len(X))])
        assert got[k].shape == (len(X),) + p.shape
        np.testing.assert_allclose(got[k], want, rtol=1e-10, atol=1e-12)


def _masked_loss(params, x, y):
    # max (ties share), clip and nansum: rules whose masks must stay batched under vmap
    z = np.tanh(x @ params[0] + params[1]) @ params[2] + params[3]
    z = z - np.max(z, axis=-1, keepdims=True)
    z = np.clip(z, -3.0, None)
    return -np.nansum(y * (z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))))


@pytest.mark.parametrize("array", ["numpy", "gparray"])
def test_per_example_gradients_through_masks_equal_the_loop(array):
    import gparray

    to = np.asarray if array == "numpy" else gparray.asarray
    params, X, Y = _mlp_data()
    params, X, Y = [to(p) for p in params], to(X), to(Y)
    with _ErrorOnFallback():
        got = autodiff.vmap(autodiff.grad(_masked_loss), in_axes=(None, 0, 0))(params, X, Y)
    for k, p in enumerate(params):
        want = np.stack([np.asarray(autodiff.grad(_masked_loss)(params, X[i], Y[i])[k])
                         for i in range(X.shape[0])])
        assert type(got[k]) is type(params[k])
        np.testing.assert_allclose(np.asarray(got[k]), want, rtol=1e-9, atol=1e-12)


def test_grad_of_vmap_is_the_gradient_of_the_batch_sum():
    params, X, Y = _mlp_data()

    def batch_loss(params):
        return np.sum(autodiff.vmap(_mlp_loss, in_axes=(None, 0, 0))(params, X, Y))
    got = autodiff.grad(batch_loss)(params)
    want = autodiff.grad(lambda p: sum(_mlp_loss(p, X[i], Y[i]) for i in range(len(X))))(params)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)


def test_vmap_of_jvp_and_jvp_of_vmap():
    X = RNG.standard_normal((5, 3))
    T = RNG.standard_normal((5, 3))
    f = lambda x: np.sin(x) * np.sum(x ** 2)
    primal, tangent = autodiff.vmap(lambda x, t: autodiff.jvp(f, (x,), (t,)))(X, T)
    for i in range(5):
        p, t = autodiff.jvp(f, (X[i],), (T[i],))
        np.testing.assert_allclose(primal[i], p)
        np.testing.assert_allclose(tangent[i], t)
    p2, t2 = autodiff.jvp(autodiff.vmap(f), (X,), (T,))
    np.testing.assert_allclose(p2, primal)
    np.testing.assert_allclose(t2, tangent)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_vmap_of_jacobian_and_jacobian_of_vmap(mode):
    X = RNG.standard_normal((4, 3))
    f = lambda x: np.tanh(x) * x[::-1]
    got = autodiff.vmap(autodiff.jacobian(f, mode=mode))(X)
    want = np.stack([autodiff.jacobian(f, mode=mode)(X[i]) for i in range(4)])
    np.testing.assert_allclose(got, want, rtol=1e-12)
    full = autodiff.jacobian(autodiff.vmap(f), mode=mode)(X)       # (4, 3, 4, 3)
    np.testing.assert_allclose(np.einsum("iaib->iab", full), want, rtol=1e-12)


def test_hessian_per_example():
    X = RNG.standard_normal((3, 2))
    f = lambda x: np.sum(np.sin(x) * x[0] ** 2)
    got = autodiff.vmap(autodiff.hessian(f))(X)
    np.testing.assert_allclose(got, np.stack([autodiff.hessian(f)(x) for x in X]))


def test_loop_fallback_warns_with_the_name_and_is_right():
    X = RNG.standard_normal((4, 3))
    f = lambda x: np.roll(x, 1) * np.tile(x, 2)[:3]
    with pytest.warns(autodiff.BatchingFallbackWarning, match="numpy.roll"):
        got = autodiff.vmap(f)(X)
    np.testing.assert_allclose(got, _loop(f, (0,), 0, X))


def test_errors():
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match="different sizes"):
        autodiff.vmap(lambda a, b: a + b)(X, np.ones((4, 2)))
    with pytest.raises(ValueError, match="no argument is batched"):
        autodiff.vmap(lambda a: a, in_axes=None)(X)
    with pytest.raises(TypeError, match="control flow"):
        autodiff.vmap(lambda a: a if float(np.sum(a)) > 0 else -a)(X)
    with pytest.raises(ValueError, match="out_axes=None"):
        autodiff.vmap(lambda a: a * 2, out_axes=None)(X)


def test_every_differentiable_primitive_has_a_batching_rule_or_a_reason():
    missing = []
    for func, rule in _registry.RULES.items():
        if rule.kind != _registry.PRIMITIVE or _batching.has_batching(func):
            continue
        if not _registry.func_name(func).startswith(("numpy.", "autodiff.")):
            continue        # a user's own primitive (other tests register some)
        if _registry.func_name(func) not in _batching.LOOP_FALLBACK:
            missing.append(_registry.func_name(func))
    assert missing == []
    # and the reasons list names only primitives that really lack a rule
    stale = [n for n in _batching.LOOP_FALLBACK
             if any(_registry.func_name(f) == n and _batching.has_batching(f)
                    for f in _registry.RULES)]
    assert stale == []
    assert _coverage.DIFFERENTIABLE      # the coverage list the table is built from
