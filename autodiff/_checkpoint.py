"""``checkpoint(f)``: recompute ``f``'s intermediates in the backward pass instead of
storing them (gradient checkpointing, ``jax.checkpoint``/``torch.utils.checkpoint``).

The checkpointed function is one traced step: its forward pass runs ``f`` on the plain
values (nothing inside is recorded, so its intermediates are freed as soon as ``f``
returns), and its reverse rule runs ``vjp(f, ...)`` again when the cotangent arrives. The
memory of a gradient then holds the inputs of each checkpointed piece, not everything
inside it, at the price of a second forward pass of each piece. Forward mode (``jvp``)
differentiates ``f`` directly; higher orders nest as usual.
"""

from __future__ import annotations

import functools

from ._forward import jvp
from ._registry import jvp_rule, vjp_rule
from ._reverse import vjp
from ._trace import primitive, zeros_of


def checkpoint(f):
    """``f`` (positional array arguments, one array result) differentiated by
    recomputation: see the module docstring."""

    @primitive
    def step(*args):
        return f(*args)

    last = {}

    def cotangents(g, args):
        # one recomputation serves every argument's rule for the same cotangent
        if last.get("g") is not g:
            last["g"], last["cts"] = g, vjp(f, *args)[1](g)
        return last["cts"]

    rules = {}

    def register(n):
        if n in rules:
            return
        vjps = [functools.partial(_vjp_of, cotangents, k) for k in range(n)]
        jvps = [functools.partial(_jvp_of, f, k) for k in range(n)]
        vjp_rule(step, *vjps)
        jvp_rule(step, *jvps)
        rules[n] = True

    @functools.wraps(f)
    def wrapper(*args):
        register(len(args))
        return step(*args)

    return wrapper


def _vjp_of(cotangents, k, g, ans, *args):
    return cotangents(g, args)[k]


def _jvp_of(f, k, t, ans, *args):
    tangents = tuple(t if i == k else zeros_of(a) for i, a in enumerate(args))
    return jvp(f, args, tangents)[1]
