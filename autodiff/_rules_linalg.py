"""Rules for products and linear algebra: matmul, dot, tensordot, einsum, inv, solve,
det, slogdet, cholesky, eigh, svd, norms.

Matrix rules work on stacks (``...``, m, n) like NumPy. ``cholesky`` and ``eigh`` read only
one triangle of their input (as LAPACK does: the lower one by default, the upper one for
``UPLO="U"`` / ``upper=True``), and of a complex input only the real part of the diagonal,
so their gradients are returned in that triangle (with a real diagonal) and are zero in the
other: finite differences on any (even non-Hermitian) matrix agree with them.

Complex matrices follow JAX's convention (the cotangent of z = x + iy is dL/dx - i dL/dy).
Holomorphic functions (``inv``, ``solve``, ``det``, products) need nothing more than the
real rules: the cotangent is transposed, not conjugated. The factorizations are not
holomorphic; their rules are derived with the Hermitian inner product Re tr(X^H Y), in
which the gradient is ``conj`` of JAX's cotangent: they conjugate the incoming cotangents,
apply formulas in which the real rules' transposes become conjugate transposes, and
conjugate the result.
"""

from __future__ import annotations

import numpy as np

from ._helpers import base_ns, dtype_kind, ndim, ns, shape, swap_last, unbroadcast
from ._registry import composite, jvp_rule, nondiff, vjp_rule
from ._trace import getval, primitive


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


# ---- factorizations ----------------------------------------------------------------------
def _eye_like(a, n):
    return ns(getval(a)).eye(n, dtype=getval(a).dtype)


def _conj(x):
    """``conj(x)`` for complex ``x``; real ``x`` unchanged (no copy, nothing traced)."""
    return ns(x).conjugate(x) if dtype_kind(x) == "c" else x


def _ht(x):
    """Conjugate transpose of the last two axes (the transpose of a real stack)."""
    return _conj(swap_last(x))


def _triangle_read(s, uplo):
    """Gradient w.r.t. an input of which only one triangle (``uplo`` "L" or "U", with the
    real part of the diagonal) is read, from the gradient ``s`` w.r.t. the Hermitian
    matrix it stands for (``s`` Hermitian): the other triangle gets zero, since perturbing
    it does not change the result. The same in either complex convention."""
    xp = ns(s)
    tri = xp.tril if uplo == "L" else xp.triu
    return tri(s + _ht(s)) - s * _eye_like(s, shape(s)[-1])


def _sym_from(t, uplo):
    """The Hermitian (real: symmetric) matrix a routine reading triangle ``uplo`` of ``t``
    sees: that triangle, its conjugate mirror, and the real part of the diagonal."""
    xp = ns(t)
    strict = xp.tril(t, -1) if uplo == "L" else xp.triu(t, 1)
    diag = t * _eye_like(t, shape(t)[-1])
    if dtype_kind(t) == "c":
        diag = 0.5 * (diag + xp.conjugate(diag))
    return strict + _ht(strict) + diag


def _uplo(UPLO, name):
    u = str(UPLO).upper()
    if u not in ("L", "U"):
        raise ValueError(f"{name}: UPLO argument must be 'L' or 'U', not {UPLO!r}")
    return u


def _phi(x):
    """Lower triangle with the diagonal halved."""
    return ns(x).tril(x) - 0.5 * x * _eye_like(x, shape(x)[-1])


def _cholesky_vjp(g, ans, a, /, *, upper=False):
    """Cholesky reads one triangle of ``a`` (the lower one, the upper one for
    ``upper=True``, where the result is ``U = L^H``); the gradient lives in that
    triangle. With A = L L^H, L^-1 dL = phi(L^-1 dA L^-H), whose adjoint gives
    dA's gradient L^-H phi(L^H gL) L^-1 (Hermitian part)."""
    xp = ns(g, ans)
    L = _ht(ans) if upper else ans
    gbar = _conj(g)                      # gradient in the Hermitian inner product
    if upper:
        gbar = _ht(gbar)
    linv = xp.linalg.inv(L)
    s = _ht(linv) @ _phi(_ht(L) @ gbar) @ linv
    s = 0.5 * (s + _ht(s))
    return _conj(_triangle_read(s, "U" if upper else "L"))


def _cholesky_jvp(t, ans, a, /, *, upper=False):
    xp = ns(t, ans)
    L = _ht(ans) if upper else ans
    linv = xp.linalg.inv(L)
    dl = L @ _phi(linv @ _sym_from(t, "U" if upper else "L") @ _ht(linv))
    return _ht(dl) if upper else dl


vjp_rule(np.linalg.cholesky, _cholesky_vjp)
jvp_rule(np.linalg.cholesky, _cholesky_jvp)


def _eigh_f(w):
    """F_ij = 1 / (w_j - w_i) off the diagonal, 0 on it (distinct eigenvalues)."""
    n = shape(w)[-1]
    eye = _eye_like(w, n)
    diff = w[..., None, :] - w[..., :, None]
    return (1 - eye) / (diff + eye)


def _eigh_vjp(gs, ans, a, UPLO="L"):
    """eigh reads only triangle ``UPLO`` of ``a``: the gradient is the Hermitian one
    folded into that triangle (zero in the other, which does not affect the result).

    Complex eigenvectors are unique up to a phase each (v -> v e^{i theta}): the gradient
    is that of losses invariant to those phases (e.g. through |v|^2 or v diag(w) v^H),
    for which the imaginary part of diag(V^H gV) is zero; it ignores that diagonal."""
    uplo = _uplo(UPLO, "eigh")
    gw, gv = gs
    w, v = ans
    vh = _ht(v)
    inner = gw[..., :, None] * _eye_like(w, shape(w)[-1]) + _eigh_f(w) * (vh @ _conj(gv))
    s = v @ inner @ vh
    return _conj(_triangle_read(0.5 * (s + _ht(s)), uplo))


def _eigh_jvp(t, ans, a, UPLO="L"):
    """Eigenvector tangents V (F * V^H dA V): the gauge with real diag(V^H dV)."""
    uplo = _uplo(UPLO, "eigh")
    w, v = ans
    xp = ns(t, v)
    m = _ht(v) @ _sym_from(t, uplo) @ v
    dw = xp.diagonal(m, axis1=-2, axis2=-1)
    if dtype_kind(dw) == "c":
        dw = xp.real(dw)
    dv = v @ (_eigh_f(w) * m)
    return dw, dv


vjp_rule(np.linalg.eigh, _eigh_vjp, multi=True)
jvp_rule(np.linalg.eigh, _eigh_jvp)
composite(np.linalg.eigvalsh, lambda a, UPLO="L": np.linalg.eigh(a, UPLO=UPLO)[0])


def _require_zero(g, what):
    """Raise unless the cotangent ``g`` of non-unique outputs is zero (checked on its
    value: a host sync of one boolean)."""
    v = getval(g)
    if bool(base_ns(v).any(v != 0)):
        raise ValueError(f"autodiff: {what}")


def _nan_like(x):
    """Tangent of outputs whose derivative is not defined: NaN, so any use shows."""
    v = getval(x)
    return base_ns(v).full(shape(v), np.nan, dtype=v.dtype)


def _svd_core(a):
    """Thin SVD of the plain/outer value, for rules that need U and V."""
    return ns(a).linalg.svd(a, full_matrices=False)


_SVD_NONUNIQUE = ("svd(full_matrices=True) of a non-square m x n matrix: the last "
                  "|m - n| columns of U (m > n) or rows of Vh (m < n) are not unique (any "
                  "orthonormal basis of the complement), so their derivative is not "
                  "defined; the loss must not depend on them (use full_matrices=False)")


def _svd_phase_term(d, s):
    """diag(i Im(d) / (2 s)) for a vector ``d``. Complex SVD: the phases of the singular
    vectors leave only diag(U^H dU - V^H dV) = i Im(diag(U^H dA V)) / s determined; the
    rules give U and V half of it each."""
    xp = ns(d)
    d = (d - xp.conjugate(d)) / (4 * s)
    return d[..., :, None] * _eye_like(s, shape(s)[-1])


def _svd_vjp(gs, ans, a, full_matrices=True, compute_uv=True, hermitian=False):
    """Thin-SVD rule (distinct, nonzero singular values). With ``full_matrices=True`` on a
    non-square matrix only the first k = min(m, n) columns of U / rows of Vh are unique:
    the rule applies when the cotangent of the others is zero (e.g. only S is used),
    else it raises ``ValueError`` (the derivative is not defined).

    Complex singular vectors are unique up to a common phase per pair (u_i e^{i theta},
    v_i e^{i theta}): the gradient is that of losses invariant to those phases (e.g.
    through U diag(s) V^H, |U|^2 or |Vh|^2), for which Im diag(U^H gU + V^H gV) = 0."""
    u, s, vh = ans
    gu, gsv, gvh = gs
    m, n = shape(a)[-2:]
    k = min(m, n)
    if full_matrices and m != n:
        if m > n:
            _require_zero(gu[..., :, k:], _SVD_NONUNIQUE)
            u, gu = u[..., :, :k], gu[..., :, :k]
        else:
            _require_zero(gvh[..., k:, :], _SVD_NONUNIQUE)
            vh, gvh = vh[..., :k, :], gvh[..., :k, :]
    v = _ht(vh)
    gu = _conj(gu)                       # gradients in the Hermitian inner product
    gv = swap_last(gvh)                  # conj(gVh)^H
    eye = _eye_like(s, k)
    s2 = s * s
    f = (1 - eye) / (s2[..., None, :] - s2[..., :, None] + eye)
    uhgu = _ht(u) @ gu
    vhgv = _ht(v) @ gv
    t = (f * (uhgu - _ht(uhgu))) * s[..., None, :]
    t = t + eye * gsv[..., :, None]
    t = t + s[..., :, None] * (f * (vhgv - _ht(vhgv)))
    if dtype_kind(u) == "c":
        t = t + _svd_phase_term(ns(uhgu).diagonal(uhgu - vhgv, axis1=-2, axis2=-1), s)
    out = u @ t @ vh
    if m > n:
        proj = _eye_like(a, m) - u @ _ht(u)
        out = out + proj @ (gu / s[..., None, :]) @ vh
    elif m < n:
        proj = _eye_like(a, n) - v @ vh
        out = out + u @ _ht(gv / s[..., None, :]) @ proj
    return _conj(out)


def _svdvals_jvp(t, a):
    u, s, vh = _svd_core(a)
    xp = ns(t, u)
    ds = xp.diagonal(_ht(u) @ t @ _ht(vh), axis1=-2, axis2=-1)
    return xp.real(ds) if dtype_kind(ds) == "c" else ds


def _svd_jvp(t, ans, a, full_matrices=True, compute_uv=True, hermitian=False):
    """Tangents in the gauge where the phase term is shared equally by U and V."""
    if not compute_uv:
        return _svdvals_jvp(t, a)
    u, s, vh = ans
    xp = ns(t, u)
    m, n = shape(a)[-2:]
    k = min(m, n)
    if full_matrices and m != n:
        # Tangents of the unique parts; NaN for the extra columns / rows (not defined).
        du, ds, dvh = _svd_jvp(t, (u[..., :, :k], s, vh[..., :k, :]), a, False)
        if m > n:
            return xp.concatenate([du, _nan_like(u[..., :, k:])], axis=-1), ds, dvh
        return du, ds, xp.concatenate([dvh, _nan_like(vh[..., k:, :])], axis=-2)
    v = _ht(vh)
    eye = _eye_like(s, k)
    dp = _ht(u) @ t @ v                             # k x k
    ds = xp.diagonal(dp, axis1=-2, axis2=-1)
    s2 = s * s
    f = (1 - eye) / (s2[..., None, :] - s2[..., :, None] + eye)
    sm = s[..., None, :]
    sn = s[..., :, None]
    du_inner = f * (dp * sm + _ht(dp) * sn)
    dv_inner = f * (sn * dp + _ht(dp) * sm)
    if dtype_kind(dp) == "c":
        ds = xp.real(ds)
        phase = _svd_phase_term(xp.diagonal(dp, axis1=-2, axis2=-1), s)
        du_inner = du_inner + phase
        dv_inner = dv_inner - phase
    du = u @ du_inner
    dv = v @ dv_inner
    if m > n:
        du = du + (_eye_like(a, m) - u @ _ht(u)) @ t @ v / sm
    elif m < n:
        dv = dv + (_eye_like(a, n) - v @ vh) @ _ht(t) @ u / sm
    return du, ds, _ht(dv)


def _svd_vjp_any(g, ans, a, full_matrices=True, compute_uv=True, hermitian=False):
    if not compute_uv:
        u, s, vh = _svd_core(a)
        return _conj((u * g[..., None, :]) @ vh)
    return _svd_vjp(g, ans, a, full_matrices, compute_uv, hermitian)


def _svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    if not compute_uv:
        return _svdvals_prim(a, hermitian=hermitian)
    return _svd_prim(a, full_matrices=full_matrices, hermitian=hermitian)


@primitive
def _svd_prim(a, full_matrices=True, hermitian=False):
    """``np.linalg.svd`` returning (U, S, Vh)."""
    if hermitian:
        return ns(a).linalg.svd(a, full_matrices=full_matrices, hermitian=True)
    return ns(a).linalg.svd(a, full_matrices=full_matrices)


@primitive
def _svdvals_prim(a, hermitian=False):
    """Singular values only."""
    if hermitian:
        return ns(a).linalg.svd(a, compute_uv=False, hermitian=True)
    return ns(a).linalg.svd(a, compute_uv=False)


def _hermitian_vjp(rule):
    """``hermitian=True``: NumPy computes through ``eigh``, which reads the lower
    triangle only; the general rule's gradient is folded into that triangle."""
    def vjp(g, ans, a, *args, hermitian=False, **kw):
        if not hermitian:
            return rule(g, ans, a, *args, **kw)
        out = rule(g, ans, _sym_from(a, "L"), *args, **kw)
        return _triangle_read(0.5 * (out + _ht(out)), "L")
    return vjp


def _hermitian_jvp(rule):
    def jvp(t, ans, a, *args, hermitian=False, **kw):
        if not hermitian:
            return rule(t, ans, a, *args, **kw)
        return rule(_sym_from(t, "L"), ans, _sym_from(a, "L"), *args, **kw)
    return jvp


composite(np.linalg.svd, _svd)
vjp_rule(_svd_prim, _hermitian_vjp(lambda gs, ans, a, full_matrices=True: _svd_vjp(
    gs, ans, a, full_matrices)), multi=True)
jvp_rule(_svd_prim, _hermitian_jvp(lambda t, ans, a, full_matrices=True: _svd_jvp(
    t, ans, a, full_matrices)))
vjp_rule(_svdvals_prim, _hermitian_vjp(lambda g, ans, a: _svd_vjp_any(
    g, ans, a, compute_uv=False)))
jvp_rule(_svdvals_prim, _hermitian_jvp(lambda t, ans, a: _svd_jvp(t, ans, a,
                                                                  compute_uv=False)))
composite(np.linalg.svdvals, lambda x, /: _svdvals_prim(x))


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


# ---- QR -----------------------------------------------------------------------------------
def _qr_omega(x):
    """Q^H dQ from X = Q^H dA R^-1: anti-Hermitian, with X's strictly lower triangle
    and (R's diagonal being real, as LAPACK makes it) i Im(diag X) on its diagonal."""
    xp = ns(x)
    low = xp.tril(x, -1)
    omega = low - _ht(low)
    if dtype_kind(x) == "c":
        d = x * _eye_like(x, shape(x)[-1])
        omega = omega + 0.5 * (d - xp.conjugate(d))
    return omega


def _qr_tall_vjp(gq, gr, q, r):
    """Reduced QR of a matrix with rows >= columns (R square, invertible), with gradients
    in the Hermitian inner product: ``gq``, ``gr`` and the result are conjugates of JAX's
    cotangents. The adjoint of dQ = Q Omega + (I - QQ^H) dA R^-1, dR = (X - Omega) R."""
    xp = ns(gq, gr, q)
    m = _ht(q) @ gq - gr @ _ht(r)
    b = gq + q @ (_phi(m - _ht(m)) - m)
    # b R^-H: solve R x^H = b^H
    return _ht(xp.linalg.solve(r, _ht(b)))


def _qr_tall_jvp(t, q, r):
    xp = ns(t, q)
    t_rinv = swap_last(xp.linalg.solve(swap_last(r), swap_last(t)))   # t R^-1
    x = _ht(q) @ t_rinv
    omega = _qr_omega(x)
    dq = q @ (omega - x) + t_rinv
    dr = (x - omega) @ r
    return dq, dr


def _qr_vjp(gs, ans, a):
    """Reduced QR. Wide inputs (m < n): ``A = [X | Y] = Q [U | V]`` with ``X = QU`` a
    square QR and ``V = Q^H Y``, so ``Y``'s gradient is ``Q gV`` and ``X``'s is the square
    rule's with ``gQ + Y gV^H``."""
    q, r = ans
    gq, gr = _conj(gs[0]), _conj(gs[1])     # gradients in the Hermitian inner product
    m, n = shape(a)[-2:]
    if m >= n:
        return _conj(_qr_tall_vjp(gq, gr, q, r))
    xp = ns(gq, gr, q)
    y = a[..., :, m:]
    gv = gr[..., :, m:]
    gx = _qr_tall_vjp(gq + y @ _ht(gv), gr[..., :, :m], q, r[..., :, :m])
    return _conj(xp.concatenate([gx, q @ gv], axis=-1))


def _qr_jvp(t, ans, a):
    q, r = ans
    m, n = shape(a)[-2:]
    if m >= n:
        return _qr_tall_jvp(t, q, r)
    xp = ns(t, q)
    dq, du = _qr_tall_jvp(t[..., :, :m], q, r[..., :, :m])
    dv = _ht(dq) @ a[..., :, m:] + _ht(q) @ t[..., :, m:]
    return dq, xp.concatenate([du, dv], axis=-1)


@primitive
def _qr_prim(a):
    """``np.linalg.qr(a)`` (reduced): a QRResult (Q, R)."""
    return ns(a).linalg.qr(a, mode="reduced")


@primitive
def _qr_complete_prim(a):
    """``np.linalg.qr(a, mode="complete")`` for rows > columns."""
    return ns(a).linalg.qr(a, mode="complete")


_QR_NONUNIQUE = ("qr(mode='complete') of a matrix with more rows (m) than columns (n): "
                 "the last m - n columns of Q are not unique (any orthonormal basis of the "
                 "complement of the column space), so their derivative is not defined; the "
                 "loss must not depend on Q[..., :, n:] (use mode='reduced')")


def _qr_complete_vjp(gs, ans, a):
    """Complete QR with m > n: only ``Q[:, :n]`` and ``R[:n]`` are unique (``R[n:]`` is
    zero). The rule is the reduced one, provided the cotangent of ``Q[:, n:]`` is zero
    (else ``ValueError``: the derivative is not defined)."""
    q, r = ans
    gq, gr = gs
    n = shape(a)[-1]
    _require_zero(gq[..., :, n:], _QR_NONUNIQUE)
    return _conj(_qr_tall_vjp(_conj(gq[..., :, :n]), _conj(gr[..., :n, :]), q[..., :, :n],
                              r[..., :n, :]))


def _qr_complete_jvp(t, ans, a):
    """Tangents of the unique parts; NaN for ``Q[:, n:]`` (not defined)."""
    q, r = ans
    n = shape(a)[-1]
    xp = ns(t, q)
    dq, dr = _qr_tall_jvp(t, q[..., :, :n], r[..., :n, :])
    dq = xp.concatenate([dq, _nan_like(q[..., :, n:])], axis=-1)
    return dq, xp.concatenate([dr, xp.zeros_like(getval(r)[..., n:, :])], axis=-2)


def _qr(a, mode="reduced"):
    """Every mode whose result is unique: 'reduced' (any shape), 'r' (R of the reduced
    factorization), 'complete' with rows <= columns (the reduced factorization), and
    'complete' with rows > columns as long as the loss ignores Q's extra columns."""
    m, n = shape(a)[-2:]
    if mode == "r":
        return _qr_prim(a)[1]
    if mode == "reduced" or (mode == "complete" and m <= n):
        return _qr_prim(a)
    if mode == "complete":
        return _qr_complete_prim(a)
    raise ValueError(f"autodiff: qr(mode={mode!r}) is not differentiable (its result is "
                     "LAPACK's Householder representation); use mode='reduced', 'complete' "
                     "or 'r'")


composite(np.linalg.qr, _qr)
vjp_rule(_qr_prim, _qr_vjp, multi=True)
jvp_rule(_qr_prim, _qr_jvp)
vjp_rule(_qr_complete_prim, _qr_complete_vjp, multi=True)
jvp_rule(_qr_complete_prim, _qr_complete_jvp)
nondiff(np.linalg.matrix_rank)

