"""``check_grads``: compare a function's derivatives with central finite differences."""

from __future__ import annotations

import numpy as np

from . import _pytree
from ._forward import jvp
from ._helpers import base_ns, shape
from ._reverse import is_differentiable, vjp
from ._trace import getval


def _is_complex(v):
    dt = getattr(v, "dtype", None)
    return isinstance(v, complex) if dt is None else dt.kind == "c"


def _host(x):
    """A NumPy copy of ``x`` (device arrays are copied to the host: this is a check)."""
    v = getval(x)
    if base_ns(v) is not np:
        v = v.get() if hasattr(v, "get") else np.asarray(v)
    return np.asarray(v, dtype=complex if _is_complex(v) else float)


def _random_like(x, rng):
    """A random direction with ``x``'s shape and namespace (None for non-float leaves)."""
    if x is None or not is_differentiable(x):
        return None
    v = getval(x)
    r = rng.standard_normal(shape(v))
    if _is_complex(v):
        r = r + 1j * rng.standard_normal(shape(v))
    xp = base_ns(v)
    if xp is np:
        return r.astype(v.dtype) if hasattr(v, "dtype") else float(r)
    return xp.asarray(r, dtype=v.dtype)


def _axpy(a, x, y):
    return y if x is None else y + a * x


def _dot(xs, ys):
    total = 0.0
    for x, y in zip(xs, ys):
        if x is not None and y is not None:
            if shape(getval(x)) != shape(getval(y)):
                raise AssertionError(f"check_grads: cotangent shape {shape(getval(x))} "
                                     f"differs from its primal's {shape(getval(y))}")
            # the bilinear pairing Re(sum(x * y)) of JAX's complex convention (a
            # cotangent c of z = a + ib is dL/da - i dL/db, so dL = Re(sum(c * dz)))
            total += complex(np.sum(_host(x) * _host(y))).real
    return total


def check_grads(f, *args, modes=("fwd", "rev"), order=2, eps=1e-6, rtol=1e-5,
                atol=1e-6, seed=0):
    """Check ``f``'s derivatives at ``args`` against central finite differences along a
    random direction: forward mode (``jvp``) and reverse mode (``vjp``), and, for
    ``order`` > 1, the derivatives of those derivatives. Raises ``AssertionError`` with the
    two values when they disagree. Use float64 inputs."""
    rng = np.random.default_rng(seed)
    _check(f, args, tuple(modes), order, eps, rtol, atol, rng)


def _check(f, args, modes, order, eps, rtol, atol, rng):
    leaves, treedef = _pytree.flatten(args)
    v = [_random_like(x, rng) for x in leaves]
    plus = _pytree.unflatten(treedef, [_axpy(eps, d, x) for x, d in zip(leaves, v)])
    minus = _pytree.unflatten(treedef, [_axpy(-eps, d, x) for x, d in zip(leaves, v)])
    out_p = _pytree.leaves(f(*plus))
    out_m = _pytree.leaves(f(*minus))
    numeric = [None if p is None or not is_differentiable(p) else
               (_host(p) - _host(m)) / (2 * eps) for p, m in zip(out_p, out_m)]
    v_tree = _pytree.unflatten(treedef, v)
    if "fwd" in modes:
        _, tangent = jvp(f, args, v_tree)
        for t, n in zip(_pytree.leaves(tangent), numeric):
            if n is None:
                continue
            _assert_close(_host(t), n, rtol, atol, "forward-mode (jvp)", order)
    if "rev" in modes:
        value, back = vjp(f, *args)
        u = [_random_like(o, rng) for o in _pytree.leaves(value)]
        cts = back(_pytree.unflatten(_pytree.flatten(value)[1], u))
        lhs = _dot(_pytree.leaves(cts), v)
        rhs = _dot(u, numeric)
        _assert_close(np.asarray(lhs), np.asarray(rhs), rtol, atol, "reverse-mode (vjp)",
                      order)
    if order > 1:
        if "rev" in modes:
            value = f(*args)
            u_tree = _pytree.tree_map(lambda o: _random_like(o, rng), value)

            def rev(*a):
                return vjp(f, *a[:-1])[1](a[-1])
            _check(rev, tuple(args) + (u_tree,), modes, order - 1, eps, rtol, atol, rng)
        if "fwd" in modes:
            def fwd(*a):
                n = len(a) // 2
                return jvp(f, a[:n], a[n:])[1]
            _check(fwd, tuple(args) + tuple(v_tree), modes, order - 1, eps, rtol, atol,
                   rng)


def _assert_close(got, want, rtol, atol, what, order):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol,
                                                   equal_nan=True):
        raise AssertionError(
            f"check_grads: {what} derivative (order {order} check) disagrees with finite "
            f"differences:\n  autodiff: {got!r}\n  numeric:  {want!r}")
