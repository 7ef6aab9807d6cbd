"""Optimizers over pytrees of arrays: SGD (momentum, Nesterov, weight decay), Adam, AdamW.

    opt = autodiff.optim.Adam(lr=1e-3)
    for batch in batches:
        loss, grads = autodiff.value_and_grad(loss_fn)(params, batch)
        params = opt.step(params, grads)

``step`` returns new parameters with the structure of ``params`` (dicts, lists, tuples of
arrays or floats); the optimizer keeps its per-parameter state (momentum, moments) itself,
created on the first step in each parameter's own namespace, so gparray parameters stay
on the device. Non-float leaves (and ``None``) pass through unchanged. The update rules
follow PyTorch's ``torch.optim`` (without dampening / amsgrad).
"""

from __future__ import annotations

import math

from . import _pytree
from ._helpers import ns
from ._reverse import is_differentiable


_SKIP = object()  # state of a leaf that is not optimized (integers, None)


class Optimizer:
    """Base: flattens the pytrees, calls ``_update`` per float leaf, keeps the state."""

    def __init__(self, lr):
        if lr < 0:
            raise ValueError(f"learning rate must be >= 0, got {lr}")
        self.lr = lr
        self.t = 0
        self._state = None
        self._treedef = None

    def reset(self):
        """Forget the state (momentum, moments, step count)."""
        self.t = 0
        self._state = None
        self._treedef = None

    def step(self, params, grads):
        """New parameters after one update with ``grads`` (same structure as params)."""
        p_leaves, treedef = _pytree.flatten(params)
        g_leaves, g_def = _pytree.flatten(grads)
        if len(g_leaves) != len(p_leaves):
            raise ValueError("optimizer step: grads must have the structure of params")
        if self._state is None or treedef != self._treedef:
            self._state = [self._init(p) if p is not None and is_differentiable(p)
                           else _SKIP for p in p_leaves]
            self._treedef = treedef
            self.t = 0
        self.t += 1
        new = []
        for i, (p, g) in enumerate(zip(p_leaves, g_leaves)):
            if g is None or self._state[i] is _SKIP:
                new.append(p)
                continue
            p, self._state[i] = self._update(p, g, self._state[i])
            new.append(p)
        return _pytree.unflatten(treedef, new)

    def _init(self, p):
        raise NotImplementedError

    def _update(self, p, g, state):
        raise NotImplementedError


class SGD(Optimizer):
    """``p -= lr * d`` with ``d = g + weight_decay * p``, or with momentum
    ``b = momentum * b + d`` (``b = d`` on the first step) and ``d = b``, or Nesterov
    ``d = d + momentum * b``."""

    def __init__(self, lr=0.01, momentum=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(lr)
        if nesterov and momentum <= 0:
            raise ValueError("Nesterov momentum needs momentum > 0")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    def _init(self, p):
        return None  # the momentum buffer starts as the first update direction

    def _update(self, p, g, buf):
        d = g + self.weight_decay * p if self.weight_decay else g
        if self.momentum:
            buf = d if buf is None else self.momentum * buf + d
            d = d + self.momentum * buf if self.nesterov else buf
        return p - self.lr * d, buf


class Adam(Optimizer):
    """Adam (Kingma & Ba) with bias correction; ``weight_decay`` adds ``wd * p`` to the
    gradient (L2, as in ``torch.optim.Adam``)."""

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(lr)
        self.b1, self.b2 = betas
        self.eps, self.weight_decay = eps, weight_decay

    def _init(self, p):
        xp = ns(p)
        return (xp.zeros_like(p), xp.zeros_like(p))

    def _moments(self, g, state):
        m, v = state
        m = self.b1 * m + (1 - self.b1) * g
        v = self.b2 * v + (1 - self.b2) * (g * g)
        c1 = 1 - self.b1 ** self.t
        c2 = 1 - self.b2 ** self.t
        step = (self.lr / c1) * m / (ns(v).sqrt(v) / math.sqrt(c2) + self.eps)
        return step, (m, v)

    def _update(self, p, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * p
        step, state = self._moments(g, state)
        return p - step, state


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter):
    ``p -= lr * weight_decay * p`` before the Adam step."""

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(lr, betas, eps, weight_decay=0.0)
        self.decoupled_decay = weight_decay

    def _update(self, p, g, state):
        p = p - (self.lr * self.decoupled_decay) * p
        step, state = self._moments(g, state)
        return p - step, state


__all__ = ["SGD", "Adam", "AdamW", "Optimizer"]
