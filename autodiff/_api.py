"""The user-facing transformations built on ``vjp`` (reverse) and ``jvp`` (forward)."""

from __future__ import annotations

import functools

from . import _pytree
from ._forward import jvp
from ._helpers import base_ns, ns, shape
from ._reverse import is_differentiable, vjp
from ._trace import getval, primitive


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
    v = getval(value)
    return base_ns(v).ones_like(v)


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
    n = _size(shape(v))
    dt = getattr(v, "dtype", None)
    e = xp.zeros((n,), dtype=dt) if dt is not None else xp.zeros((n,))
    e[i] = 1
    return xp.reshape(e, shape(v))


def _stack(rows, lead_shape, trail_shape, rows_first):
    xp = ns(*rows)
    j = xp.stack(rows, axis=0 if rows_first else -1)
    return xp.reshape(j, tuple(lead_shape) + tuple(trail_shape))


def _jacobian_reverse(value, back, in_shape, x):
    """Rows of the Jacobian: one vjp per output element."""
    rows = [back(_basis(value, i))[0] for i in range(_size(shape(value)))]
    if not rows:
        return base_ns(getval(x)).zeros(tuple(shape(value)) + tuple(in_shape))
    return _stack(rows, shape(value), in_shape, True)


def _jacobian_forward(fx, x):
    """Columns of the Jacobian: one jvp per input element."""
    cols, out_shape = [], None
    for j in range(_size(shape(x))):
        value, t = jvp(fx, (x,), (_basis(x, j),))
        out_shape = shape(value)
        cols.append(t)
    if not cols:
        value = fx(x)
        return base_ns(getval(value)).zeros(tuple(shape(value)) + tuple(shape(x)))
    return _stack(cols, out_shape, shape(x), False)


def jacobian(f, argnum=0, mode="auto"):
    """Jacobian of array-valued ``f`` with respect to array argument ``argnum``, shaped
    ``out.shape + in.shape``. ``mode``: ``"reverse"`` (one vjp per output element),
    ``"forward"`` (one jvp per input element) or ``"auto"`` (reverse unless the output
    has more elements than the input; deciding costs one evaluation of ``f``)."""
    if mode not in ("auto", "reverse", "forward"):
        raise ValueError(f"jacobian: mode must be 'auto', 'reverse' or 'forward', not {mode!r}")

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        x = args[argnum]
        fx = _restrict(f, args, kwargs, (argnum,))
        if mode == "forward":
            return _jacobian_forward(fx, x)
        value, back = vjp(fx, x)
        if mode == "auto" and _size(shape(value)) > _size(shape(x)):
            return _jacobian_forward(fx, x)
        return _jacobian_reverse(value, back, shape(x), x)

    return wrapper


def hessian(f, argnum=0, mode="forward"):
    """Hessian of scalar ``f``: the Jacobian of its gradient, by default forward over
    reverse (``mode="reverse"``: reverse over reverse)."""
    g = grad(f, argnum)
    return jacobian(g, argnum, mode=mode)


def stop_gradient(x):
    """``x`` (a pytree) as a constant: its plain values, without any tracing."""
    return _pytree.tree_map(getval, x)


__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacobian", "hessian",
           "elementwise_grad", "stop_gradient", "primitive"]
