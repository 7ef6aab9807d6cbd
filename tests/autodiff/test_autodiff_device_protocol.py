"""Gradients of every rule-table case on a strict device-like array type.

``StrictArray`` (see strict_array.py) refuses conversion to the host, as gparray does
with host conversion set to "raise". Every rule runs through the namespace of its
inputs, so ``grad``/``jvp`` on StrictArray inputs must give StrictArray results equal to
the NumPy ones, without ever converting to the host.
"""

import numpy as np
import pytest

import autodiff as ad
from autodiff import _pytree
from strict_array import StrictArray
from test_autodiff_rules import CASES

rng = np.random.default_rng(5)


def to_host(tree):
    def leaf(x):
        if isinstance(x, StrictArray):
            return x.a
        assert not isinstance(x, np.ndarray), "a result came back as a host array"
        return x
    return _pytree.tree_map(leaf, tree)


def _case_values(param):
    f, specs, order, modes, layouts, tol = param.values
    return param.id, f, specs


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("f, specs", [pytest.param(*_case_values(p)[1:], id=p.id)
                                      for p in CASES])
def test_vjp_and_jvp_stay_on_device(f, specs):
    args = [s.make(np.random.default_rng(7), "contig") for s in specs]
    dev = [StrictArray(a) for a in args]
    out, back = ad.vjp(f, *args)
    out_d, back_d = ad.vjp(f, *dev)
    np.testing.assert_allclose(to_host(out_d), out, rtol=1e-10, atol=1e-12)
    ct = _pytree.tree_map(lambda o: rng.standard_normal(np.shape(o)), out)
    ct_d = _pytree.tree_map(StrictArray, ct)
    for g_d, g in zip(to_host(back_d(ct_d)), back(ct)):
        np.testing.assert_allclose(g_d, g, rtol=1e-9, atol=1e-12)
    tangents = [rng.standard_normal(a.shape) for a in args]
    _, t = ad.jvp(f, args, tangents)
    _, t_d = ad.jvp(f, dev, [StrictArray(v) for v in tangents])
    for a, b in zip(_pytree.leaves(to_host(t_d)), _pytree.leaves(t)):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_hessian_and_grad_of_grad_on_device():
    A = rng.standard_normal((3, 3))
    f = lambda x: np.sum(np.tanh(x @ A) ** 2) + np.linalg.norm(x)  # noqa: E731
    x = rng.standard_normal(3)
    H = ad.hessian(f)(StrictArray(x))
    assert isinstance(H, StrictArray)
    np.testing.assert_allclose(H.a, ad.hessian(f)(x), rtol=1e-10)
    H2 = ad.hessian(f, mode="reverse")(StrictArray(x))
    np.testing.assert_allclose(H2.a, H.a, rtol=1e-10)
    g2 = ad.grad(lambda x: np.sum(ad.grad(f)(x) ** 2))(StrictArray(x))
    np.testing.assert_allclose(g2.a, ad.grad(lambda x: np.sum(ad.grad(f)(x) ** 2))(x))


def test_optimizers_keep_parameters_on_device():
    params = {"w": StrictArray(rng.standard_normal(3)), "b": StrictArray(np.zeros(1))}
    for opt in (ad.optim.SGD(lr=0.1, momentum=0.9, nesterov=True), ad.optim.Adam(),
                ad.optim.AdamW()):
        p = params
        for _ in range(2):
            g = ad.grad(lambda p: np.sum(p["w"] ** 2) + np.sum(p["b"]))(p)
            p = opt.step(p, g)
        assert isinstance(p["w"], StrictArray) and isinstance(p["b"], StrictArray)
