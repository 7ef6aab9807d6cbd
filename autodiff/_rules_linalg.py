"""Rules for products and linear algebra: matmul, dot, tensordot, einsum, inv, solve,
det, slogdet, and compositions (norms, powers, pinv, lstsq, cond); the factorizations
are in ``_rules_factorizations``.

Matrix rules work on stacks (``...``, m, n) like NumPy. Complex matrices follow JAX's
convention (the cotangent of z = x + iy is dL/dx - i dL/dy): holomorphic functions
(``inv``, ``solve``, ``det``, products) need nothing more than the real rules (the
cotangent is transposed, not conjugated); ``slogdet`` has its own complex terms.
"""

from __future__ import annotations

import numpy as np

from ._helpers import dtype_kind, ndim, ns, shape, swap_last, unbroadcast
from ._registry import composite, jvp_rule, nondiff, vjp_rule
from ._rules_factorizations import _eye_like, _ht, _svd_prim, _svdvals_prim
from ._trace import getval


# ---- matmul ------------------------------------------------------------------------------
def _mm_vjp(which):
    """Cotangent of ``a @ b`` for ``a`` (which=0) or ``b`` (which=1), with NumPy's
    promotion of 1-D operands and broadcasting of stacks."""
    def vjp(g, ans, a, b, **k):
        xp = ns(g, a, b)
        a_vec, b_vec = ndim(a) == 1, ndim(b) == 1
        if a_vec and b_vec:
            return g * (b if which == 0 else a)
        A = xp.expand_dims(a, 0) if a_vec else a           # (..., m, k)
        B = xp.expand_dims(b, -1) if b_vec else b          # (..., k, n)
        G = g
        if a_vec:
            G = xp.expand_dims(G, -2)
        if b_vec:
            G = xp.expand_dims(G, -1)                       # (..., m, n)
        if which == 0:
            out = xp.matmul(G, swap_last(B))
            if a_vec:
                out = out[..., 0, :]
            return unbroadcast(out, a)
        out = xp.matmul(swap_last(A), G)
        if b_vec:
            out = out[..., 0]
        return unbroadcast(out, b)
    return vjp


vjp_rule(np.matmul, _mm_vjp(0), _mm_vjp(1))
jvp_rule(np.matmul, lambda t, ans, a, b, **k: ns(t).matmul(t, b),
         lambda t, ans, a, b, **k: ns(t).matmul(a, t))
composite(np.linalg.matmul, lambda x1, x2, /: np.matmul(x1, x2))


# ---- tensordot and dot -------------------------------------------------------------------
def _tensordot_axes(a, b, axes):
    if isinstance(axes, (int, np.integer)):
        na = ndim(a)
        return list(range(na - axes, na)), list(range(axes))
    ax_a, ax_b = axes
    ax_a = [ax_a] if isinstance(ax_a, (int, np.integer)) else list(ax_a)
    ax_b = [ax_b] if isinstance(ax_b, (int, np.integer)) else list(ax_b)
    return [i % ndim(a) for i in ax_a], [i % ndim(b) for i in ax_b]


def _tensordot_vjp_a(g, ans, a, b, axes=2):
    xp = ns(g, a, b)
    ax_a, ax_b = _tensordot_axes(a, b, axes)
    free_a = [i for i in range(ndim(a)) if i not in ax_a]
    free_b = [i for i in range(ndim(b)) if i not in ax_b]
    g_b = list(range(len(free_a), ndim(g)))                 # g's axes from b
    out = xp.tensordot(g, b, axes=(g_b, free_b))
    # out's axes: free_a, then b's contracted axes in b's order, i.e. their a partners.
    paired = [ax_a[ax_b.index(j)] for j in sorted(ax_b)]
    return xp.transpose(out, tuple(np.argsort(free_a + paired)))


def _tensordot_vjp_b(g, ans, a, b, axes=2):
    xp = ns(g, a, b)
    ax_a, ax_b = _tensordot_axes(a, b, axes)
    free_a = [i for i in range(ndim(a)) if i not in ax_a]
    free_b = [i for i in range(ndim(b)) if i not in ax_b]
    g_a = list(range(len(free_a)))
    out = xp.tensordot(a, g, axes=(free_a, g_a))
    # out's axes: a's contracted axes in a's order (i.e. their b partners), then free_b.
    paired = [ax_b[ax_a.index(i)] for i in sorted(ax_a)]
    return xp.transpose(out, tuple(np.argsort(paired + free_b)))


vjp_rule(np.tensordot, _tensordot_vjp_a, _tensordot_vjp_b)
jvp_rule(np.tensordot, lambda t, ans, a, b, axes=2: ns(t).tensordot(t, b, axes=axes),
         lambda t, ans, a, b, axes=2: ns(t).tensordot(a, t, axes=axes))
composite(np.linalg.tensordot,
          lambda x1, x2, /, *, axes=2: np.tensordot(x1, x2, axes=axes))


def _dot_axes(a, b):
    return ([ndim(a) - 1], [0 if ndim(b) == 1 else ndim(b) - 2])


def _dot_vjp(which):
    def vjp(g, ans, a, b, out=None):
        if ndim(a) == 0 or ndim(b) == 0:
            return unbroadcast(g * (b if which == 0 else a), a if which == 0 else b)
        rule = _tensordot_vjp_a if which == 0 else _tensordot_vjp_b
        return rule(g, ans, a, b, _dot_axes(a, b))
    return vjp


vjp_rule(np.dot, _dot_vjp(0), _dot_vjp(1))
jvp_rule(np.dot, lambda t, ans, a, b, out=None: ns(t).dot(t, b),
         lambda t, ans, a, b, out=None: ns(t).dot(a, t))


def _inner(a, b):
    if ndim(a) == 0 or ndim(b) == 0:
        return a * b
    return np.tensordot(a, b, axes=([-1], [-1]))


composite(np.inner, _inner)
composite(np.outer, lambda a, b, out=None: np.multiply(
    ns(a).reshape(a, (-1, 1)), ns(b).reshape(b, (1, -1))))
composite(np.linalg.outer, lambda x1, x2, /: np.outer(x1, x2))
composite(np.vdot, lambda a, b: np.sum(np.ravel(np.conjugate(a)) * np.ravel(b)))


def _vecdot(x1, x2, /, *, axis=-1, **k):
    return np.sum(np.conjugate(x1) * x2, axis=axis)


composite(np.vecdot, _vecdot)
composite(np.linalg.vecdot, _vecdot)
composite(np.matvec, lambda x1, x2, /, **k: np.matmul(x1, np.expand_dims(x2, -1))[..., 0])
composite(np.vecmat, lambda x1, x2, /, **k: np.matmul(
    np.expand_dims(np.conjugate(x1), -2), x2)[..., 0, :])


def _kron(a, b):
    nd = max(ndim(a), ndim(b))
    a = ns(a).reshape(a, (1,) * (nd - ndim(a)) + shape(a))
    b = ns(b).reshape(b, (1,) * (nd - ndim(b)) + shape(b))
    # Interleave: a on even axes, b on odd ones, then merge pairs.
    a_ = ns(a).reshape(a, tuple(d for s in shape(a) for d in (s, 1)))
    b_ = ns(b).reshape(b, tuple(d for s in shape(b) for d in (1, s)))
    prod = a_ * b_
    return ns(prod).reshape(prod, tuple(p * q for p, q in zip(shape(a), shape(b))))


composite(np.kron, _kron)


def _trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return np.sum(np.diagonal(a, offset=offset, axis1=axis1, axis2=axis2), axis=-1)


composite(np.trace, _trace)
composite(np.linalg.trace, lambda x, /, *, offset=0, dtype=None: _trace(x, offset, -2, -1))
composite(np.linalg.matrix_transpose, lambda x, /: np.matrix_transpose(x))


def _cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    a = np.moveaxis(a, axisa, -1)
    b = np.moveaxis(b, axisb, -1)
    if shape(a)[-1] == 2 and shape(b)[-1] == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if shape(a)[-1] == 2:
        a = np.concatenate([a, np.zeros_like(a[..., :1])], axis=-1)
    if shape(b)[-1] == 2:
        b = np.concatenate([b, np.zeros_like(b[..., :1])], axis=-1)
    c = np.stack([a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
                  a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                  a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]], axis=-1)
    return np.moveaxis(c, -1, axisc)


composite(np.cross, _cross)
composite(np.linalg.cross, lambda x1, x2, /, *, axis=-1: _cross(x1, x2, axis=axis))


# ---- inverse, solve, determinants --------------------------------------------------------
vjp_rule(np.linalg.inv, lambda g, ans, a: -swap_last(ans) @ g @ swap_last(ans))
jvp_rule(np.linalg.inv, lambda t, ans, a: -(ans @ t @ ans))


def _solve_vjp_b(g, ans, a, b):
    xp = ns(g, a)
    if ndim(b) == 1:
        return unbroadcast(xp.linalg.solve(swap_last(a), g[..., None])[..., 0], b)
    return unbroadcast(xp.linalg.solve(swap_last(a), g), b)


def _solve_vjp_a(g, ans, a, b):
    # NumPy 2's solve treats b as a vector only when it is 1-D.
    xp = ns(g, a)
    if ndim(b) == 1:
        gb = xp.linalg.solve(swap_last(a), g[..., None])[..., 0]
        return unbroadcast(-(gb[..., :, None] * ans[..., None, :]), a)
    gb = xp.linalg.solve(swap_last(a), g)
    return unbroadcast(-(gb @ swap_last(ans)), a)


def _solve_jvp_a(t, ans, a, b):
    xp = ns(t, a)
    if ndim(b) == 1:
        return -xp.linalg.solve(a, (t @ ans[..., None])[..., 0][..., None])[..., 0]
    return -xp.linalg.solve(a, t @ ans)


def _solve_jvp_b(t, ans, a, b):
    xp = ns(t, a)
    if ndim(b) == 1:
        return xp.linalg.solve(a, t[..., None])[..., 0]
    return xp.linalg.solve(a, t)


vjp_rule(np.linalg.solve, _solve_vjp_a, _solve_vjp_b)
jvp_rule(np.linalg.solve, _solve_jvp_a, _solve_jvp_b)


def _inv_t(a):
    return swap_last(ns(a).linalg.inv(a))


vjp_rule(np.linalg.det, lambda g, ans, a: (g * ans)[..., None, None] * _inv_t(a))
jvp_rule(np.linalg.det, lambda t, ans, a: ans * ns(t).trace(
    ns(t, a).linalg.solve(a, t), axis1=-2, axis2=-1))
def _slogdet_vjp(gs, ans, a):
    """With tau = tr(A^-1 dA): d logabsdet = Re tau and d sign = i sign Im tau (zero for
    real A), so the cotangent is alpha A^-T, alpha = g_logabsdet + i Im(g_sign sign)."""
    g_sign, g_log = gs
    alpha = g_log
    if dtype_kind(a) == "c":
        p = g_sign * ans[0]
        alpha = alpha + 0.5 * (p - ns(p).conjugate(p))
    return alpha[..., None, None] * _inv_t(a)


def _slogdet_jvp(t, ans, a):
    xp = ns(t, a)
    tau = xp.trace(xp.linalg.solve(a, t), axis1=-2, axis2=-1)
    if dtype_kind(tau) != "c":
        return xp.zeros_like(getval(ans[0])), tau
    return 0.5 * (tau - xp.conjugate(tau)) * ans[0], xp.real(tau)


vjp_rule(np.linalg.slogdet, _slogdet_vjp, multi=True)
jvp_rule(np.linalg.slogdet, _slogdet_jvp)


# ---- compositions: norms, powers, pseudo-inverse -----------------------------------------
def _abs2(x):
    """|x|^2, real for complex x too."""
    return ns(x).real(x * ns(x).conjugate(x)) if dtype_kind(x) == "c" else x * x


def _vector_norm(x, ord, axis, keepdims):
    xp = ns(x)
    if ord is None or ord == 2:
        return xp.sqrt(xp.sum(_abs2(x), axis=axis, keepdims=keepdims))
    if ord == np.inf:
        return xp.max(xp.abs(x), axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return xp.min(xp.abs(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        return xp.sum(getval(x) != 0, axis=axis, keepdims=keepdims).astype(float)
    if ord == 1:
        return xp.sum(xp.abs(x), axis=axis, keepdims=keepdims)
    return xp.sum(xp.abs(x) ** ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)


def _matrix_norm(x, ord, axis, keepdims):
    xp = ns(x)
    r, c = (a % ndim(x) for a in axis)
    if ord is None or ord == "fro":
        return xp.sqrt(xp.sum(_abs2(x), axis=(r, c), keepdims=keepdims))
    if ord in (1, -1, np.inf, -np.inf):
        along, across = (r, c) if ord in (1, -1) else (c, r)
        sums = xp.sum(xp.abs(x), axis=along, keepdims=True)
        pick = xp.max if ord in (1, np.inf) else xp.min
        out = pick(sums, axis=across, keepdims=True)
    elif ord in ("nuc", 2, -2):
        sv = _svdvals_prim(xp.moveaxis(x, (r, c), (-2, -1)))
        out = {"nuc": xp.sum, 2: xp.max, -2: xp.min}[ord](sv, axis=-1)
        out = xp.expand_dims(xp.expand_dims(out, -1), -1)
        out = xp.moveaxis(out, (-2, -1), (r, c))
    else:
        raise ValueError(f"Invalid norm order {ord!r} for matrices.")
    if keepdims:
        return out
    return xp.squeeze(out, axis=(r, c))


def _norm(x, ord=None, axis=None, keepdims=False):
    nd = ndim(x)
    if axis is None:
        if ord is None:
            out = _vector_norm(ns(x).reshape(x, (-1,)), None, 0, False)
            return ns(out).reshape(out, (1,) * nd) if keepdims else out
        axis = tuple(range(nd))
    if isinstance(axis, (int, np.integer)) or len(axis) == 1:
        ax = axis if isinstance(axis, (int, np.integer)) else axis[0]
        return _vector_norm(x, ord, ax, keepdims)
    return _matrix_norm(x, ord, tuple(axis), keepdims)


composite(np.linalg.norm, _norm)
composite(np.linalg.vector_norm,
          lambda x, /, *, axis=None, keepdims=False, ord=2: _vector_norm(
              x if axis is not None else ns(x).reshape(x, (-1,)), ord,
              axis if axis is not None else 0, keepdims)
          if axis is None or isinstance(axis, (int, np.integer)) else
          _vector_norm(x, ord, axis, keepdims))
composite(np.linalg.matrix_norm,
          lambda x, /, *, keepdims=False, ord="fro": _matrix_norm(x, ord, (-2, -1),
                                                                 keepdims))


def _matrix_power(a, n):
    if n < 0:
        a, n = np.linalg.inv(a), -n
    result = None
    base = a
    while n:
        if n & 1:
            result = base if result is None else result @ base
        n >>= 1
        if n:
            base = base @ base
    if result is None:
        return np.broadcast_to(_eye_like(a, shape(a)[-1]), shape(a)) + 0.0 * a
    return result


composite(np.linalg.matrix_power, _matrix_power)
composite(np.linalg.multi_dot, lambda arrays, *, out=None: _multi_dot(arrays))


def _multi_dot(arrays):
    out = arrays[0]
    for a in arrays[1:]:
        out = np.dot(out, a)
    return out


def _pinv(a, rcond=None, hermitian=False, *, rtol=None):
    u, s, vh = _svd_prim(a, full_matrices=False)
    return _ht(vh) @ (_ht(u) / s[..., :, None])


composite(np.linalg.pinv, _pinv)


def _cond(x, p=None):
    if p in (None, 2, -2):
        sv = _svdvals_prim(x)
        hi, lo = ns(sv).max(sv, axis=-1), ns(sv).min(sv, axis=-1)
        return hi / lo if p != -2 else lo / hi
    return _norm(x, p, axis=(-2, -1)) * _norm(np.linalg.inv(x), p, axis=(-2, -1))


composite(np.linalg.cond, _cond)


def _tensorinv(a, ind=2):
    out_shape = shape(a)[ind:] + shape(a)[:ind]
    n = int(np.prod(shape(a)[:ind]))
    return np.reshape(np.linalg.inv(np.reshape(a, (n, -1))), out_shape)


def _tensorsolve(a, b, axes=None):
    if axes is not None:
        nd = ndim(a)
        rest = [i for i in range(nd) if i not in [x % nd for x in axes]]
        a = np.transpose(a, rest + [x % nd for x in axes])
    x_shape = shape(a)[ndim(b):]
    n = int(np.prod(x_shape))
    x = np.linalg.solve(np.reshape(a, (-1, n)), np.reshape(b, (-1,)))
    return np.reshape(x, x_shape)


composite(np.linalg.tensorinv, _tensorinv)
composite(np.linalg.tensorsolve, _tensorsolve)


def _lstsq(a, b, rcond=None):
    """Least squares through the pseudo-inverse (differentiable where ``a`` has full
    rank); residuals, rank and singular values as NumPy returns them."""
    x = _pinv(a) @ b
    m, n = shape(a)
    rank = np.linalg.matrix_rank(getval(a))
    if rank == n and m > n:
        r = a @ x - b
        resid = np.sum(_abs2(r), axis=0)
        resid = np.reshape(resid, (1,)) if ndim(b) == 1 else resid
    else:
        resid = ns(getval(a)).zeros((0,), dtype=np.finfo(getval(a).dtype).dtype)
    return x, resid, rank, _svdvals_prim(a)


composite(np.linalg.lstsq, _lstsq)


nondiff(np.linalg.matrix_rank)
