"""autodiff.optim against hand-written reference updates (PyTorch's formulas)."""

import numpy as np
import pytest

import autodiff as ad
from autodiff import optim

rng = np.random.default_rng(2)


def reference_sgd(p, grads, lr, momentum=0.0, nesterov=False, wd=0.0):
    buf = None
    for g in grads:
        d = g + wd * p
        if momentum:
            buf = d if buf is None else momentum * buf + d
            d = d + momentum * buf if nesterov else buf
        p = p - lr * d
    return p


def reference_adam(p, grads, lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=0.0):
    m = v = np.zeros_like(p)
    for t, g in enumerate(grads, 1):
        p = p - lr * decoupled * p
        g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return p


@pytest.mark.parametrize("kw", [{}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True},
                                {"momentum": 0.5, "weight_decay": 0.1}])
def test_sgd_matches_reference(kw):
    p0 = rng.standard_normal(3)
    grads = [rng.standard_normal(3) for _ in range(4)]
    opt = optim.SGD(lr=0.1, **kw)
    p = p0
    for g in grads:
        p = opt.step(p, g)
    ref = reference_sgd(p0, grads, 0.1, kw.get("momentum", 0.0), kw.get("nesterov", False),
                        kw.get("weight_decay", 0.0))
    np.testing.assert_allclose(p, ref)


@pytest.mark.parametrize("cls, kw, ref_kw", [
    (optim.Adam, {}, {}),
    (optim.Adam, {"weight_decay": 0.1}, {"wd": 0.1}),
    (optim.AdamW, {"weight_decay": 0.1}, {"decoupled": 0.1}),
])
def test_adam_family_matches_reference(cls, kw, ref_kw):
    p0 = rng.standard_normal((2, 2))
    grads = [rng.standard_normal((2, 2)) for _ in range(5)]
    opt = cls(lr=0.05, **kw)
    p = p0
    for g in grads:
        p = opt.step(p, g)
    np.testing.assert_allclose(p, reference_adam(p0, grads, 0.05, **ref_kw))


def test_pytree_params_and_training_converges():
    x = rng.standard_normal((50, 3))
    w_true = np.array([1.0, -2.0, 0.5])
    y = x @ w_true + 0.3
    params = {"w": np.zeros(3), "b": [0.0], "meta": 7}

    def loss(p):
        return np.mean((x @ p["w"] + p["b"][0] - y) ** 2)

    for opt in (optim.SGD(lr=0.05, momentum=0.9), optim.Adam(lr=0.1), optim.AdamW(lr=0.1)):
        p = params
        for _ in range(300):
            p = opt.step(p, ad.grad(loss)(p))
        assert p["meta"] == 7 and isinstance(p["b"], list)
        np.testing.assert_allclose(p["w"], w_true, atol=0.05)
        assert abs(p["b"][0] - 0.3) < 0.05


def test_structure_mismatch_and_bad_args():
    with pytest.raises(ValueError):
        optim.SGD(lr=-1)
    with pytest.raises(ValueError):
        optim.SGD(lr=0.1, nesterov=True)
    with pytest.raises(ValueError):
        optim.Adam().step([np.ones(2)], [np.ones(2), np.ones(2)])
