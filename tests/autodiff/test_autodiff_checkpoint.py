"""``autodiff.checkpoint``: the same derivatives as without it (reverse, forward, second
order), and a gradient that keeps fewer intermediates alive."""
import tracemalloc

import numpy as np

import autodiff

RNG = np.random.default_rng(0)


def _block(h, W1, W2):
    return np.tanh(np.tanh(h @ W1) @ W2) * 0.5 + h


def _loss(block):
    def loss(Ws, x):
        h = x
        for W1, W2 in Ws:
            h = block(h, W1, W2)
        return np.sum(np.sin(h))
    return loss


def _params(layers=4, width=6):
    return [(RNG.standard_normal((width, width)) / 3, RNG.standard_normal((width, width)) / 3)
            for _ in range(layers)]


def test_gradients_equal_the_plain_ones():
    Ws, x = _params(), RNG.standard_normal((5, 6))
    ck = autodiff.checkpoint(_block)
    want = autodiff.grad(_loss(_block), argnum=(0, 1))(Ws, x)
    got = autodiff.grad(_loss(ck), argnum=(0, 1))(Ws, x)
    for g, w in zip(np.concatenate([np.ravel(a) for a in _leaves(got)]),
                    np.concatenate([np.ravel(a) for a in _leaves(want)])):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-14)
    autodiff.check_grads(lambda x: _loss(ck)(Ws, x), x, order=2)


def _leaves(tree):
    if isinstance(tree, (list, tuple)):
        return [leaf for t in tree for leaf in _leaves(t)]
    return [tree]


def test_forward_mode_and_second_order():
    x = RNG.standard_normal(4)
    f = lambda v: np.sum(np.tanh(v) ** 3 * v)
    ck = autodiff.checkpoint(f)
    t = RNG.standard_normal(4)
    np.testing.assert_allclose(autodiff.jvp(ck, (x,), (t,))[1], autodiff.jvp(f, (x,), (t,))[1])
    np.testing.assert_allclose(autodiff.hessian(ck)(x), autodiff.hessian(f)(x), rtol=1e-12)


def test_checkpointed_gradient_keeps_less_memory():
    Ws = _params(layers=20, width=64)
    x = RNG.standard_normal((512, 64))
    peaks = []
    for block in (_block, autodiff.checkpoint(_block)):
        g = autodiff.grad(_loss(block))
        tracemalloc.start()
        g(Ws, x)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 0.6 * peaks[0], peaks
