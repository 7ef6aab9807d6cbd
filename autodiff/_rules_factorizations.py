"""Rules for the matrix factorizations: cholesky, eigh (eigvalsh), svd (svdvals), qr.

They work on stacks (``...``, m, n) like NumPy. ``cholesky`` and ``eigh`` read only one
triangle of their input (as LAPACK does: the lower one by default, the upper one for
``UPLO="U"`` / ``upper=True``), and of a complex input only the real part of the diagonal,
so their gradients are returned in that triangle (with a real diagonal) and are zero in the
other: finite differences on any (even non-Hermitian) matrix agree with them.

Complex matrices follow JAX's convention (the cotangent of z = x + iy is dL/dx - i dL/dy).
The factorizations are not holomorphic; their rules are derived with the Hermitian inner
product Re tr(X^H Y), in which the gradient is ``conj`` of JAX's cotangent: they conjugate
the incoming cotangents, apply formulas in which the real rules' transposes become
conjugate transposes, and conjugate the result. Eigenvectors and singular vectors are
unique up to phases: see ``_eigh_vjp`` and ``_svd_vjp`` for the condition on the loss.
"""

from __future__ import annotations

import numpy as np

from ._helpers import base_ns, dtype_kind, ns, shape, swap_last
from ._registry import composite, jvp_rule, vjp_rule
from ._trace import getval, primitive


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
