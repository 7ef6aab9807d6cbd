/* Eigenvalues and right eigenvectors of general square matrices (numpy.linalg.eig/eigvals)
 * in complex arithmetic, one work-group per matrix (gparray/linalg/_eig_general.py).
 *
 * The host defines T (float2 or double2), R (float or double), GP_LOCAL (work-group size,
 * a power of two), GP_EPS (R's machine epsilon), GP_SAFMIN (its smallest normal number),
 * GP_SMLNUM and GP_BIGNUM (LAPACK geev's bounds for max |a_ij|, beyond which the matrix is
 * scaled) and GP_BIG (rescaling threshold of the back-substitution). ``d`` receives the
 * balancing's diagonal. Every matrix is n x n, C-contiguous,
 * n * n elements apart; the work-items of a group share the rows or columns of each
 * reflection and rotation. ``info`` per matrix: 0, 1 (QR iteration did not converge) or 2
 * (an inf or NaN in the input; nothing else is computed); ``norms``: max |a_ij| of each
 * balanced matrix.
 *
 * Every barrier is reached by all work-items on every path: loop bounds and branches around
 * barriers come from local memory or kernel arguments (PoCL miscompiles ``break`` and
 * ``continue`` past barriers when some work-items have no work).
 */
/* gp_cmul, gp_cdiv, MUL, DIV, CONJ, ABS1, ABS2 come from linalg_scalar.cl */
/* principal square root, without overflow in |z| */
inline T gp_csqrt(T z)
{
    const R m = hypot(z.x, z.y);
    if (m == 0)
        return (T)(0, 0);
    if (z.x >= 0) {
        const R t = sqrt((m + z.x) / 2);
        return (T)(t, z.y / (2 * t));
    }
    const R t = sqrt((m - z.x) / 2);
    return (T)(fabs(z.y) / (2 * t), copysign(t, z.y));
}
#define H(i, j) h[(long)(i) * n + (j)]
#define Z(i, j) z[(long)(i) * n + (j)]
#define Y(i, j) y[(long)(i) * n + (j)]
#define SYNC barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE)

#define MODE_DONE 0
#define MODE_DEFLATE 1
#define MODE_SWEEP 2

/* max over the group's ``x`` (all work-items call it) */
inline R gp_group_max(__local R* part, R x)
{
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    part[lid] = x;
    for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < s)
            part[lid] = fmax(part[lid], part[lid + s]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return part[0];
}

inline R gp_group_sum(__local R* part, R x)
{
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    part[lid] = x;
    for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < s)
            part[lid] += part[lid + s];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return part[0];
}

/* The shift of one QR sweep on the active block [l, hi]: the eigenvalue of the trailing 2x2
 * block nearer its last diagonal entry (Wilkinson), or an exceptional shift after 10 and 20
 * sweeps without a deflation (as LAPACK's zlahqr). */
inline T gp_shift(__global const T* h, const int n, const int l, const int hi, const int its)
{
    if (its % 20 == 10)
        return H(l, l) + (T)((R)0.75 * ABS1(H(l + 1, l)), 0);
    if (its % 20 == 0)
        return H(hi, hi) + (T)((R)0.75 * ABS1(H(hi, hi - 1)), 0);
    const T a = H(hi - 1, hi - 1), b = H(hi - 1, hi), c = H(hi, hi - 1), d = H(hi, hi);
    /* scaled, so that the products neither overflow nor vanish */
    const R s = ABS1(a) + ABS1(b) + ABS1(c) + ABS1(d);
    if (s == 0)
        return d;
    const T as = a / s, bs = b / s, cs = c / s, ds = d / s;
    const T t = (as - ds) / 2;
    T disc = gp_csqrt(MUL(t, t) + MUL(bs, cs));
    /* the root with the larger |t + disc|: then t - disc = -bc / (t + disc) has no cancellation */
    if (t.x * disc.x + t.y * disc.y < 0)
        disc = -disc;
    const T den = t + disc;
    if (den.x == 0 && den.y == 0)
        return d;
    return d - s * DIV(MUL(bs, cs), den);
}

/* Eigen-decomposition of the n x n complex matrices in h (overwritten).
 *
 * 0. Balancing (scaling only), see below.
 * 1. Householder reduction to upper Hessenberg form, H = Q^H A Q (reflectors I - tau u u^H,
 *    Hermitian and unitary, u_0 = 1), Q accumulated in z when ``wantz``.
 * 2. Complex single-shift QR iteration with Givens rotations on the Hessenberg matrix until
 *    it is upper triangular (the Schur form T = Z^H A Z; the whole T and Z are kept when
 *    ``wantz``, only the active block otherwise), at most ``maxit`` sweeps; the eigenvalues
 *    (T's diagonal) go to w.
 * 3. With ``wantz``: eigenvectors of T by back-substitution into y (LAPACK's ztrevc, small
 *    pivots raised to eps * |t_kk|), X = D Z Y into h, each column scaled to unit 2-norm with
 *    its largest component real and positive (as LAPACK's zgeev). */
__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void eig_hqr(__global T* hall, __global T* zall, __global T* yall, __global T* wall,
             __global R* dall, __global int* info, __global R* norms, const int n,
             const int wantz, const int maxit)
{
    __local R part[GP_LOCAL];
    __local R s_c;
    __local T s_s, s_shift;
    __local int s_mode, s_l, s_hi, s_its, s_total;
    const int lid = get_local_id(0);
    const long g = get_group_id(0);
    const long nn = (long)n * n;
    __global T* h = hall + g * nn;
    __global T* z = zall + (wantz ? g * nn : 0);
    __global T* y = yall + (wantz ? g * nn : 0);
    __global T* w = wall + g * n;
    __global R* d = dall + g * n;

    /* NumPy refuses infs and NaNs before LAPACK runs */
    R bad = 0, big = 0;
    for (long p = lid; p < nn; p += GP_LOCAL) {
        bad = (isfinite(h[p].x) && isfinite(h[p].y)) ? bad : 1;
        big = fmax(big, fmax(fabs(h[p].x), fabs(h[p].y)));
    }
    const int finite = gp_group_max(part, bad) == 0;
    const R anrm = gp_group_max(part, big);
    /* as LAPACK's geev: scale the matrix into [GP_SMLNUM, GP_BIGNUM] so that the QR
     * iteration's tests and rotations neither underflow nor overflow */
    const R f = !finite || anrm == 0 ? 1 : anrm < GP_SMLNUM ? GP_SMLNUM / anrm
                                      : anrm > GP_BIGNUM ? GP_BIGNUM / anrm : 1;
    if (lid == 0)
        info[g] = finite ? 0 : 2;
    for (long p = lid; p < nn && f != 1; p += GP_LOCAL)
        h[p] *= f;
    if (wantz) {
        for (long p = lid; p < nn; p += GP_LOCAL)
            z[p] = (T)(p / n == p % n ? 1 : 0, 0);
    }
    for (int i = lid; i < n; i += GP_LOCAL)
        d[i] = 1;

    /* 0. balancing (LAPACK's gebal, scaling only): A := D^-1 A D with D a diagonal of powers
     * of 2 that brings the off-diagonal 1-norms of row i and column i within a factor 2,
     * sweeping until no scaling changes them by 5%; eigenvectors are D times those of the
     * balanced matrix. Every work-item computes the same f from the group's sums. */
    int noconv = finite;
    for (int sweep = 0; sweep < 4 * (int)(8 * sizeof(R)) && noconv; ++sweep) {
        noconv = 0;
        for (int i = 0; i < n; ++i) {
            SYNC;
            R cs = 0, rs = 0;
            for (int j = lid; j < n; j += GP_LOCAL) {
                if (j != i) {
                    cs += ABS1(H(j, i));
                    rs += ABS1(H(i, j));
                }
            }
            R c = gp_group_sum(part, cs);
            R r = gp_group_sum(part, rs);
            R f = 1;
            const R s0 = c + r;
            if (c != 0 && r != 0) {
                R gg = r / 2;
                while (c < gg && f < GP_BIGNUM) {
                    f *= 2; c *= 2; r /= 2; gg /= 2;
                }
                gg = c / 2;
                while (gg >= r && f > GP_SMLNUM) {
                    f /= 2; c /= 2; r *= 2; gg /= 2;
                }
            }
            const int scale = c + r < (R)0.95 * s0;
            noconv |= scale;
            for (int j = lid; j < n && scale; j += GP_LOCAL) {
                if (j != i) {
                    H(i, j) /= f;
                    H(j, i) *= f;
                }
            }
            if (lid == 0 && scale)
                d[i] *= f;
        }
    }

    /* the scale of the eigenvalues' rounding errors: max |a_ij| of the balanced matrix */
    SYNC;
    R bmax = 0;
    for (long p = lid; p < nn && finite; p += GP_LOCAL)
        bmax = fmax(bmax, fmax(fabs(h[p].x), fabs(h[p].y)));
    bmax = gp_group_max(part, bmax);
    if (lid == 0)
        norms[g] = bmax / f;

    /* 1. Hessenberg reduction: step k zeroes column k below the subdiagonal */
    for (int k = 0; k < n - 2 && finite; ++k) {
        SYNC;
        R m = 0;
        for (int i = k + 2 + lid; i < n; i += GP_LOCAL)
            m = fmax(m, fmax(fabs(H(i, k).x), fabs(H(i, k).y)));
        const R scale = gp_group_max(part, m);
        R ss = 0;
        if (scale > 0) {
            for (int i = k + 2 + lid; i < n; i += GP_LOCAL)
                ss += ABS2(H(i, k) / scale);
        }
        const R rest = scale * sqrt(gp_group_sum(part, ss));
        const T alpha = H(k + 1, k);
        SYNC;                   /* alpha read by all before it is overwritten */
        /* no barrier inside a branch: a zero column (rest == 0) runs empty loops */
        const int reflect = rest > 0;
        const R aa = hypot(alpha.x, alpha.y);
        const R norm = hypot(aa, rest);
        const T phase = aa > 0 ? alpha / aa : (T)(1, 0);
        const R tau = reflect ? 1 + aa / norm : 0;
        /* u = (x - beta e_0) / (x_0 - beta) with beta = -phase * norm */
        const T inv = reflect ? DIV((T)(1, 0), phase * (aa + norm)) : (T)(0, 0);
        for (int i = k + 2 + lid; i < n && reflect; i += GP_LOCAL)
            H(i, k) = MUL(H(i, k), inv);
        if (lid == 0 && reflect)
            H(k + 1, k) = -phase * norm;
        SYNC;
        /* H := (I - tau u u^H) H on rows k+1.., columns k+1.. */
        for (int j = k + 1 + lid; j < n && reflect; j += GP_LOCAL) {
            T s = H(k + 1, j);
            for (int i = k + 2; i < n; ++i)
                s += MUL(CONJ(H(i, k)), H(i, j));
            s *= tau;
            H(k + 1, j) -= s;
            for (int i = k + 2; i < n; ++i)
                H(i, j) -= MUL(H(i, k), s);
        }
        SYNC;
        /* H := H (I - tau u u^H) and Z := Z (I - tau u u^H), columns k+1.. */
        for (int i = lid; i < n && reflect; i += GP_LOCAL) {
            T s = H(i, k + 1);
            for (int j = k + 2; j < n; ++j)
                s += MUL(H(i, j), H(j, k));
            s *= tau;
            H(i, k + 1) -= s;
            for (int j = k + 2; j < n; ++j)
                H(i, j) -= MUL(s, CONJ(H(j, k)));
        }
        for (int i = lid; i < n && reflect && wantz; i += GP_LOCAL) {
            T s = Z(i, k + 1);
            for (int j = k + 2; j < n; ++j)
                s += MUL(Z(i, j), H(j, k));
            s *= tau;
            Z(i, k + 1) -= s;
            for (int j = k + 2; j < n; ++j)
                Z(i, j) -= MUL(s, CONJ(H(j, k)));
        }
        SYNC;
        for (int i = k + 2 + lid; i < n && reflect; i += GP_LOCAL)
            H(i, k) = (T)(0, 0);
    }

    /* 2. QR iteration; work-item 0 decides (deflation, shift), the group applies rotations */
    if (lid == 0) {
        s_mode = finite ? MODE_DEFLATE : MODE_DONE;
        s_hi = n - 1;
        s_its = 0;
        s_total = 0;
        s_l = 0;
    }
    int running = 1;
    while (running) {
        SYNC;
        if (lid == 0) {
            const int hi = s_hi;
            if (s_mode == MODE_DONE || hi <= 0) {
                s_mode = MODE_DONE;
            } else {
                int l = hi;
                for (; l > 0; --l) {
                    const R sub = ABS1(H(l, l - 1));
                    R tst = ABS1(H(l - 1, l - 1)) + ABS1(H(l, l));
                    if (tst == 0) {
                        if (l - 2 >= 0)
                            tst += fabs(H(l - 1, l - 2).x);
                        if (l + 1 < n)
                            tst += fabs(H(l + 1, l).x);
                    }
                    if (sub <= fmax(GP_EPS * tst, GP_SAFMIN)) {
                        H(l, l - 1) = (T)(0, 0);
                        break;
                    }
                }
                if (l == hi) {
                    s_hi = hi - 1;
                    s_its = 0;
                    s_mode = MODE_DEFLATE;
                } else if (s_total >= maxit) {
                    info[g] = 1;
                    s_mode = MODE_DONE;
                } else {
                    s_its += 1;
                    s_total += 1;
                    s_l = l;
                    s_shift = gp_shift(h, n, l, hi, s_its);
                    s_mode = MODE_SWEEP;
                }
            }
        }
        SYNC;
        const int mode = s_mode;
        running = mode != MODE_DONE;
        const int l = s_l, hi = s_hi;
        const int sweep = mode == MODE_SWEEP;
        for (int k = l; sweep && k < hi; ++k) {
            SYNC;
            if (lid == 0) {
                /* the rotation G = [c s; -conj(s) c] with G [x; y] = [r; 0] */
                const T x = k == l ? H(l, l) - s_shift : H(k, k - 1);
                const T yv = k == l ? H(l + 1, l) : H(k + 1, k - 1);
                const R ax = hypot(x.x, x.y), ay = hypot(yv.x, yv.y);
                const R nrm = hypot(ax, ay);
                if (ay == 0) {
                    s_c = 1;
                    s_s = (T)(0, 0);
                } else if (ax == 0) {
                    s_c = 0;
                    s_s = (T)(1, 0);
                } else {
                    s_c = ax / nrm;
                    s_s = MUL(x / ax, CONJ(yv)) / nrm;
                }
            }
            SYNC;
            const R c = s_c;
            const T s = s_s;
            /* rows k, k+1 from the left: H := G H */
            const int j0 = k == l ? l : k - 1;
            const int j1 = wantz ? n - 1 : hi;
            for (int j = j0 + lid; j <= j1; j += GP_LOCAL) {
                const T a = H(k, j), b = H(k + 1, j);
                H(k, j) = c * a + MUL(s, b);
                H(k + 1, j) = (k > l && j == k - 1) ? (T)(0, 0) : c * b - MUL(CONJ(s), a);
            }
            SYNC;
            /* columns k, k+1 from the right: H := H G^H, Z := Z G^H */
            const int i0 = wantz ? 0 : l;
            const int i1 = min(k + 2, hi);
            for (int i = i0 + lid; i <= i1; i += GP_LOCAL) {
                const T a = H(i, k), b = H(i, k + 1);
                H(i, k) = c * a + MUL(b, CONJ(s));
                H(i, k + 1) = c * b - MUL(a, s);
            }
            if (wantz) {
                for (int i = lid; i < n; i += GP_LOCAL) {
                    const T a = Z(i, k), b = Z(i, k + 1);
                    Z(i, k) = c * a + MUL(b, CONJ(s));
                    Z(i, k + 1) = c * b - MUL(a, s);
                }
            }
        }
    }
    SYNC;
    for (int i = lid; i < n; i += GP_LOCAL)
        w[i] = H(i, i) / f;
    const int vectors = wantz && finite && s_mode == MODE_DONE && info[g] == 0;
    SYNC;

    /* 3. eigenvectors: back-substitution per column of T (one work-item per column) */
    if (vectors) {
        for (int k = lid; k < n; k += GP_LOCAL) {
            const T lam = H(k, k);
            const R smin = fmax(GP_EPS * ABS1(lam), GP_SAFMIN);
            for (int i = k + 1; i < n; ++i)
                Y(i, k) = (T)(0, 0);
            Y(k, k) = (T)(1, 0);
            for (int i = k - 1; i >= 0; --i) {
                T s = (T)(0, 0);
                for (int j = i + 1; j <= k; ++j)
                    s += MUL(H(i, j), Y(j, k));
                T d = H(i, i) - lam;
                if (ABS1(d) < smin)
                    d = (T)(smin, 0);
                const T x = -DIV(s, d);
                Y(i, k) = x;
                const R ax = ABS1(x);
                /* a defective or ill-conditioned T grows x: rescale before it overflows */
                if (ax > GP_BIG) {
                    for (int j = i; j <= k; ++j)
                        Y(j, k) /= ax;
                }
            }
        }
    }
    SYNC;
    if (vectors) {
        /* X = Z Y into h (T is no longer needed); Y is upper triangular */
        for (long p = lid; p < nn; p += GP_LOCAL) {
            const int i = p / n, k = p % n;
            T s = (T)(0, 0);
            for (int j = 0; j <= k; ++j)
                s += MUL(Z(i, j), Y(j, k));
            H(i, k) = d[i] * s;
        }
    }
    SYNC;
    if (vectors) {
        for (int k = lid; k < n; k += GP_LOCAL) {
            R m = 0;
            for (int i = 0; i < n; ++i)
                m = fmax(m, fmax(fabs(H(i, k).x), fabs(H(i, k).y)));
            if (m > 0) {
                R ss = 0, best = -1;
                int ib = 0;
                for (int i = 0; i < n; ++i) {
                    const R a2 = ABS2(H(i, k) / m);
                    ss += a2;
                    if (a2 > best) {
                        best = a2;
                        ib = i;
                    }
                }
                /* times conj(x_ib) / |x_ib| / ||x||: unit norm, x_ib real and positive */
                const T xb = H(ib, k) / m;
                const T f = CONJ(xb) / (sqrt(best) * sqrt(ss) * m);
                for (int i = 0; i < n; ++i)
                    H(i, k) = MUL(H(i, k), f);
                H(ib, k) = (T)(H(ib, k).x, 0);
            }
        }
    }
}

/* The real parts of w and v (``total`` = batch * n eigenvalues, n x n v per matrix): the
 * results for real input whose eigenvalues are all real. The real part of a unit eigenvector
 * of a real eigenvalue is an eigenvector too (its largest component is real, so it is not
 * zero); it is scaled back to unit norm. */
__kernel void eig_real_parts(__global const T* w, __global const T* v, __global R* wr,
                             __global R* vr, const int wantv, const int n, const long total)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    wr[gid] = w[gid].x;
    if (wantv) {
        const long g = gid / n, k = gid % n;
        R ss = 0;
        for (int i = 0; i < n; ++i)
            ss += v[(g * n + i) * n + k].x * v[(g * n + i) * n + k].x;
        const R inv = 1 / sqrt(ss);
        for (int i = 0; i < n; ++i)
            vr[(g * n + i) * n + k] = v[(g * n + i) * n + k].x * inv;
    }
}

/* Zero the imaginary parts of the eigenvalues marked real and of their eigenvectors (scaled
 * back to unit norm). */
__kernel void eig_zero_imag(__global T* w, __global T* v, __global const char* real_mask,
                            const int wantv, const int n, const long total)
{
    const long gid = get_global_id(0);
    if (gid >= total || !real_mask[gid])
        return;
    w[gid].y = 0;
    if (wantv) {
        const long g = gid / n, k = gid % n;
        R ss = 0;
        for (int i = 0; i < n; ++i)
            ss += v[(g * n + i) * n + k].x * v[(g * n + i) * n + k].x;
        const R inv = 1 / sqrt(ss);
        for (int i = 0; i < n; ++i)
            v[(g * n + i) * n + k] = (T)(v[(g * n + i) * n + k].x * inv, 0);
    }
}
