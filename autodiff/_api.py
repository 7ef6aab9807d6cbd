"""The user-facing transformations built on ``vjp`` (reverse) and ``jvp`` (forward)."""

from __future__ import annotations

import functools

from . import _pytree
from ._forward import jvp
from ._helpers import base_ns, ns, shape
from ._reverse import is_differentiable, vjp
from ._trace import getval, primitive, zeros_of


def _argnums(argnum):
    return (argnum,) if isinstance(argnum, int) else tuple(argnum)


def _restrict(f, args, kwargs, nums):
    """``f`` as a function of the arguments at positions ``nums`` only."""
    def g(*chosen):
        a = list(args)
        for i, c in zip(nums, chosen):
            a[i] = c
        return f(*a, **kwargs)
    return g


def _ones_like(value):
    """Plain ones shaped like ``value`` as the function sees it (under an outer
    ``vmap``: one example's shape)."""
    v = getval(value)
    dt = getattr(v, "dtype", None)
    return base_ns(v).ones(shape(value), dtype=dt) if dt is not None else 1.0


def value_and_grad(f, argnum=0):
    """Function returning ``(f(*args), gradient)``; ``f`` must return a scalar. The
    gradient has the structure of ``args[argnum]`` (a tuple of them for a tuple
    ``argnum``)."""
    nums = _argnums(argnum)

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        for i in nums:
            # Pytrees may carry non-float leaves (their gradient is None); an argument
            # with nothing to differentiate is a mistake worth reporting.
            if not any(is_differentiable(x) for x in _pytree.leaves(args[i])):
                raise TypeError(
                    f"grad: argument {i} ({getval(args[i])!r}) has no float values; "
                    "differentiate with respect to float arrays or floats")
        value, back = vjp(_restrict(f, args, kwargs, nums), *[args[i] for i in nums])
        if shape(value) != ():
            raise TypeError(f"grad requires a scalar output, got shape {shape(value)}; "
                            "use elementwise_grad, vjp or jacobian")
        grads = back(_ones_like(value))
        return value, (grads[0] if isinstance(argnum, int) else grads)

    return wrapper


def grad(f, argnum=0):
    """Gradient of the scalar function ``f`` with respect to argument ``argnum`` (an int
    or a tuple of ints). Nest it for higher derivatives: ``grad(grad(f))``."""
    vg = value_and_grad(f, argnum)

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return vg(*args, **kwargs)[1]

    return wrapper


def elementwise_grad(f, argnum=0):
    """Gradient of ``sum(f(x))``: for elementwise ``f``, the derivative at every element."""
    nums = _argnums(argnum)

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        value, back = vjp(_restrict(f, args, kwargs, nums), *[args[i] for i in nums])
        grads = back(_ones_like(value))
        return grads[0] if isinstance(argnum, int) else grads

    return wrapper


def _size(shp):
    n = 1
    for d in shp:
        n *= d
    return n


def _basis(x, i):
    """The i-th unit array shaped like ``x`` (plain, in ``x``'s base namespace)."""
    v = getval(x)
    xp = base_ns(v)
    n = _size(shape(x))
    dt = getattr(v, "dtype", None)
    e = xp.zeros((n,), dtype=dt) if dt is not None else xp.zeros((n,))
    e[i] = 1
    return xp.reshape(e, shape(x))


def _stack(rows, lead_shape, trail_shape, rows_first):
    xp = ns(*rows)
    j = xp.stack(rows, axis=0 if rows_first else -1)
    return xp.reshape(j, tuple(lead_shape) + tuple(trail_shape))


def _zeros_block(like, out_shape, in_shape):
    v = getval(like)
    xp = base_ns(v)
    dt = getattr(v, "dtype", None)
    s = tuple(out_shape) + tuple(in_shape)
    return xp.zeros(s, dtype=dt) if dt is not None else xp.zeros(s)


def _nested(out_value, in_tree, blocks):
    """JAX's layout: the output's structure outside, the inputs' inside;
    ``blocks[k][j]`` is the block of output leaf ``k`` and input leaf ``j``."""
    out_leaves, out_def = _pytree.flatten(out_value)
    in_def = _pytree.flatten(in_tree)[1]
    return _pytree.unflatten(out_def, [_pytree.unflatten(in_def, blocks[k])
                                       for k in range(len(out_leaves))])


def _jacobian_reverse(value, back, xs, in_tree):
    """Rows of the Jacobian: one vjp per output element (of every output leaf)."""
    out_leaves, out_def = _pytree.flatten(value)
    in_leaves = _pytree.leaves(xs)
    zeros = [zeros_of(o) if o is not None else None for o in out_leaves]
    blocks = []
    for k, o in enumerate(out_leaves):
        rows = [[] for _ in in_leaves]
        if o is not None and is_differentiable(o):
            for i in range(_size(shape(o))):
                ct = list(zeros)
                ct[k] = _basis(o, i)
                cts = _pytree.leaves(back(_pytree.unflatten(out_def, ct)))
                for j, c in enumerate(cts):
                    rows[j].append(c)
        block = []
        for j, x in enumerate(in_leaves):
            if not is_differentiable(x):
                block.append(None)
            elif o is None or not rows[j]:
                block.append(_zeros_block(x, shape(o) if o is not None else (),
                                          shape(x)))
            else:
                block.append(_stack(rows[j], shape(o), shape(x), True))
        blocks.append(block)
    return _nested(value, in_tree, blocks)


def _jacobian_forward(fx, xs, in_tree):
    """Columns of the Jacobian: one jvp per input element (of every input leaf)."""
    in_leaves, in_def = _pytree.flatten(xs)
    zeros = [zeros_of(x) if is_differentiable(x) else None for x in in_leaves]
    value, cols = None, [[] for _ in in_leaves]
    for j, x in enumerate(in_leaves):
        if zeros[j] is None:
            continue
        for e in range(_size(shape(x))):
            t = list(zeros)
            t[j] = _basis(x, e)
            value, tangent = jvp(fx, xs, _pytree.unflatten(in_def, t))
            cols[j].append(_pytree.leaves(tangent))
    if value is None:
        value = fx(*xs)
    out_leaves = _pytree.leaves(value)
    blocks = []
    for k, o in enumerate(out_leaves):
        block = []
        for j, x in enumerate(in_leaves):
            if zeros[j] is None:
                block.append(None)
            elif o is None or not cols[j] or not is_differentiable(o):
                block.append(_zeros_block(x, shape(o) if o is not None else (),
                                          shape(x)))
            else:
                block.append(_stack([c[k] for c in cols[j]], shape(o), shape(x), False))
        blocks.append(block)
    return _nested(value, in_tree, blocks)


def _float_size(tree):
    return sum(_size(shape(x)) for x in _pytree.leaves(tree)
               if x is not None and is_differentiable(x))


def jacobian(f, argnum=0, mode="auto"):
    """Jacobian of ``f`` with respect to argument ``argnum`` (an int, or a tuple of ints
    like JAX's ``argnums``). For an array argument and an array result it is one array
    shaped ``out.shape + in.shape``. Arguments and results may be pytrees (tuples, lists,
    dicts): the result then nests as JAX's ``jacrev``/``jacfwd`` do, the output's
    structure outside and the inputs' inside (a tuple over the arguments for a tuple
    ``argnum``), each leaf the block ``out_leaf.shape + in_leaf.shape`` (``None`` for
    a non-float input leaf). ``mode``: ``"reverse"`` (one vjp per output element),
    ``"forward"`` (one jvp per input element) or ``"auto"`` (reverse unless the outputs
    have more elements than the inputs; deciding costs one evaluation of ``f``)."""
    if mode not in ("auto", "reverse", "forward"):
        raise ValueError(f"jacobian: mode must be 'auto', 'reverse' or 'forward', not {mode!r}")
    nums = _argnums(argnum)

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        xs = tuple(args[i] for i in nums)
        in_tree = xs[0] if isinstance(argnum, int) else xs
        fx = _restrict(f, args, kwargs, nums)
        if mode == "forward":
            return _jacobian_forward(fx, xs, in_tree)
        value, back = vjp(fx, *xs)
        if mode == "auto" and _float_size(value) > _float_size(xs):
            return _jacobian_forward(fx, xs, in_tree)
        return _jacobian_reverse(value, back, xs, in_tree)

    return wrapper


def hessian(f, argnum=0, mode="forward"):
    """Hessian of scalar ``f``: the Jacobian of its gradient, by default forward over
    reverse (``mode="reverse"``: reverse over reverse). For a tuple ``argnum`` or pytree
    arguments it nests like JAX's ``hessian``: ``H[i][j]`` is shaped
    ``x_i.shape + x_j.shape``."""
    g = grad(f, argnum)
    return jacobian(g, argnum, mode=mode)


def stop_gradient(x):
    """``x`` (a pytree) as a constant: its plain values, without any tracing."""
    return _pytree.tree_map(getval, x)


__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacobian", "hessian",
           "elementwise_grad", "stop_gradient", "primitive"]
