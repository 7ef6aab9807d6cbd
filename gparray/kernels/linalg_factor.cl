/* Dense factorizations for gparray.linalg: the small, latency-bound steps of the blocked
 * algorithms (the bulk of the work, the trailing-matrix updates, is matmul on the device).
 *
 * Matrices are addressed as element offset + row stride + column stride (+ batch stride
 * between matrices), so that blocks and transposed views need no copies. The one-group-per-
 * matrix kernels (chol_unblocked, lu_panel, qr_unblocked, qr_form_q) run work-group g on
 * matrix g with GP_LOCAL work-items sharing the columns or rows of each step; trsm_left runs
 * one work-item per right-hand-side column, so neighbouring work-items touch neighbouring
 * memory and CPU devices vectorise across them.
 *
 * The host defines T (float, double, or float2/double2 with GP_COMPLEX), R (its real
 * type) and GP_LOCAL (work-group size, a power of two). ``info`` is LAPACK's: 0, or the
 * 1-based index of the first failing pivot. Complex matrices use the macros below.
 */
/* MUL, DIV, CONJ, ABS1, ... come from linalg_scalar.cl */
#define AT(i, j) a[off + (long)(i) * rs + (long)(j) * cs]
#define SYNC barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE)

/* Cholesky A = L L^T of the n x n block at a_off (lower triangle; the upper is not read). */
__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void chol_unblocked(__global T* a, const long a_off, const long rs, const long cs,
                    const long bs, const int n, __global int* info, const int col0)
{
    const int lid = get_local_id(0);
    const long g = get_group_id(0);
    const long off = a_off + g * bs;
    for (int k = 0; k < n; ++k) {
        SYNC;
        const R d = REAL(AT(k, k));
        /* d <= 0, not !(d > 0): NaNs propagate without an error, as in NumPy's LAPACK */
        if (lid == 0 && d <= 0 && info[g] == 0)
            info[g] = col0 + k + 1;
        const R l = sqrt(d);
        SYNC;
        if (lid == 0)
            AT(k, k) = MKREAL(l);
        for (int i = k + 1 + lid; i < n; i += GP_LOCAL)
            AT(i, k) /= l;
        SYNC;
        for (int j = k + 1 + lid; j < n; j += GP_LOCAL) {
            const T ajk = CONJ(AT(j, k));
            for (int i = j; i < n; ++i)
                AT(i, j) -= MUL(AT(i, k), ajk);
        }
    }
}

/* LU with partial pivoting of the m x nb panel at a_off (LAPACK's getf2): the pivot rows are
 * swapped across the whole matrix row (``left`` columns to the panel's left, ``width`` in
 * all), pivots are stored 0-based as absolute row numbers (row0 + local row). */
__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void lu_panel(__global T* a, const long a_off, const long rs, const long cs, const long bs,
              const int m, const int nb, const int width, const int left,
              __global int* piv, const long piv_bs, __global int* info, const int row0)
{
    __local R vmax[GP_LOCAL];
    __local int imax[GP_LOCAL];
    const int lid = get_local_id(0);
    const long g = get_group_id(0);
    const long off = a_off + g * bs;
    for (int k = 0; k < nb; ++k) {
        SYNC;
        R best = -1;
        int bi = k;
        for (int i = k + lid; i < m; i += GP_LOCAL) {
            const R v = ABS1(AT(i, k));
            if (v > best) {
                best = v;
                bi = i;
            }
        }
        vmax[lid] = best;
        imax[lid] = bi;
        for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
            barrier(CLK_LOCAL_MEM_FENCE);
            if (lid < s && (vmax[lid + s] > vmax[lid]
                            || (vmax[lid + s] == vmax[lid] && imax[lid + s] < imax[lid]))) {
                vmax[lid] = vmax[lid + s];
                imax[lid] = imax[lid + s];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        const int p = imax[0];
        const T pv = AT(p, k);
        if (lid == 0) {
            piv[g * piv_bs + row0 + k] = row0 + p;
            if (ISZERO(pv) && info[g] == 0)
                info[g] = row0 + k + 1;
        }
        SYNC;
        if (p != k) {
            for (int c = lid; c < width; c += GP_LOCAL) {
                const T t = AT(k, c - left);
                AT(k, c - left) = AT(p, c - left);
                AT(p, c - left) = t;
            }
        }
        SYNC;
        if (!ISZERO(pv)) {
            for (int i = k + 1 + lid; i < m; i += GP_LOCAL)
                AT(i, k) = DIV(AT(i, k), pv);
        }
        SYNC;
        for (int i = k + 1 + lid; i < m; i += GP_LOCAL) {
            const T l = AT(i, k);
            for (int c = k + 1; c < nb; ++c)
                AT(i, c) -= MUL(l, AT(k, c));
        }
    }
}

/* B := P B for the LU pivots (rows swapped in order), one work-item per column of B. */
__kernel void swap_rows(__global T* b, const long b_off, const long b_rs, const long b_cs,
                        const long b_bs, const int n, const long ncols, const long total,
                        __global const int* piv, const long piv_bs)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long g = gid / ncols;
    __global T* bb = b + b_off + g * b_bs + (gid % ncols) * b_cs;
    for (int i = 0; i < n; ++i) {
        const int p = piv[g * piv_bs + i];
        if (p != i) {
            const T x = bb[i * b_rs];
            bb[i * b_rs] = bb[p * b_rs];
            bb[p * b_rs] = x;
        }
    }
}

/* B := A^-1 B (conj(A)^-1 B with ``conj``) for a triangular n x n A (lower or upper, unit or
 * not), one work-item per column of B: the diagonal blocks of the blocked solves (matmul
 * does the rest). */
__kernel void trsm_left(__global const T* t, const long t_off, const long t_rs, const long t_cs,
                        const long t_bs, __global T* b, const long b_off, const long b_rs,
                        const long b_cs, const long b_bs, const int n, const long ncols,
                        const long total, const int lower, const int unit, const int conj)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long g = gid / ncols;
    const long c = gid % ncols;
    __global const T* tt = t + t_off + g * t_bs;
    __global T* bb = b + b_off + g * b_bs + c * b_cs;
#define TRI(i, j) (conj ? CONJ(tt[(i) * t_rs + (j) * t_cs]) : tt[(i) * t_rs + (j) * t_cs])
    if (lower) {
        for (int i = 0; i < n; ++i) {
            T s = bb[i * b_rs];
            for (int p = 0; p < i; ++p)
                s -= MUL(TRI(i, p), bb[p * b_rs]);
            bb[i * b_rs] = unit ? s : DIV(s, TRI(i, i));
        }
    } else {
        for (int i = n - 1; i >= 0; --i) {
            T s = bb[i * b_rs];
            for (int p = i + 1; p < n; ++p)
                s -= MUL(TRI(i, p), bb[p * b_rs]);
            bb[i * b_rs] = unit ? s : DIV(s, TRI(i, i));
        }
    }
}

/* Householder QR of the m x n matrix at a_off (LAPACK's geqr2 with larfg's reflectors):
 * R on and above the diagonal, the reflectors' vectors below it (implicit leading 1).
 * Each step applies H^H = I - conj(tau) v v^H to the columns on the right. */
__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void qr_unblocked(__global T* a, const long a_off, const long rs, const long cs, const long bs,
                  const int m, const int n, __global T* tau, const long tau_off,
                  const long tau_bs)
{
    __local R part[GP_LOCAL];
    const int lid = get_local_id(0);
    const long g = get_group_id(0);
    const long off = a_off + g * bs;
    const int kmax = min(m, n);
    for (int k = 0; k < kmax; ++k) {
        SYNC;
        /* scaled sum of squares, so that huge or tiny columns neither overflow nor vanish */
        R amax = 0;
        for (int i = k + 1 + lid; i < m; i += GP_LOCAL)
            amax = fmax(amax, ABSMAX(AT(i, k)));
        part[lid] = amax;
        for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
            barrier(CLK_LOCAL_MEM_FENCE);
            if (lid < s)
                part[lid] = fmax(part[lid], part[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        const R scale = part[0];
        barrier(CLK_LOCAL_MEM_FENCE);
        R ss = 0;
        if (scale > 0) {
            for (int i = k + 1 + lid; i < m; i += GP_LOCAL) {
                const T v = AT(i, k) / scale;
                ss += ABS2(v);
            }
        }
        part[lid] = ss;
        for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
            barrier(CLK_LOCAL_MEM_FENCE);
            if (lid < s)
                part[lid] += part[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        const R xnorm = scale * sqrt(part[0]);
        const T alpha = AT(k, k);
        const R alphr = REAL(alpha), alphi = IMAG(alpha);
        T tk = MKREAL(0), mult = MKREAL(1);
        R beta = alphr;
#ifdef GP_COMPLEX
        const int reflect = xnorm != 0 || alphi != 0;
#else
        const int reflect = xnorm != 0;
#endif
        if (reflect) {
            beta = -copysign(hypot(hypot(alphr, alphi), xnorm), alphr);
#ifdef GP_COMPLEX
            tk = (T)((beta - alphr) / beta, -alphi / beta);
#else
            tk = (beta - alphr) / beta;
#endif
            mult = DIV(MKREAL(1), alpha - MKREAL(beta));
        }
        SYNC;
        if (reflect) {
            for (int i = k + 1 + lid; i < m; i += GP_LOCAL)
                AT(i, k) = MUL(AT(i, k), mult);
        }
        if (lid == 0) {
            if (reflect)
                AT(k, k) = MKREAL(beta);
            tau[tau_off + g * tau_bs + k] = tk;
        }
        SYNC;
        if (!ISZERO(tk)) {
            const T ct = CONJ(tk);
            for (int c = k + 1 + lid; c < n; c += GP_LOCAL) {
                T w = AT(k, c);
                for (int i = k + 1; i < m; ++i)
                    w += MUL(CONJ(AT(i, k)), AT(i, c));
                w = MUL(ct, w);
                AT(k, c) -= w;
                for (int i = k + 1; i < m; ++i)
                    AT(i, c) -= MUL(AT(i, k), w);
            }
        }
    }
}

/* Q = H_0 H_1 ... H_{kq-1} applied to the m x nq identity already in q (LAPACK's ung2r):
 * H = I - tau v v^H from the last reflector to the first. */
__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void qr_form_q(__global const T* a, const long a_off, const long rs, const long cs,
               const long bs, __global const T* tau, const long tau_bs,
               __global T* q, const long q_off, const long q_rs, const long q_cs, const long q_bs,
               const int m, const int kq, const int nq)
{
    const int lid = get_local_id(0);
    const long g = get_group_id(0);
    const long off = a_off + g * bs;
    __global T* qq = q + q_off + g * q_bs;
    for (int k = kq - 1; k >= 0; --k) {
        SYNC;
        const T tk = tau[g * tau_bs + k];
        /* (no ``continue`` past the barrier: PoCL miscompiles it) columns left of k are still
         * unit vectors e_c with c < k: H_k leaves them alone */
        for (int c = k + lid; c < nq && !ISZERO(tk); c += GP_LOCAL) {
            T w = qq[k * q_rs + c * q_cs];
            for (int i = k + 1; i < m; ++i)
                w += MUL(CONJ(AT(i, k)), qq[i * q_rs + c * q_cs]);
            w = MUL(tk, w);
            qq[k * q_rs + c * q_cs] -= w;
            for (int i = k + 1; i < m; ++i)
                qq[i * q_rs + c * q_cs] -= MUL(AT(i, k), w);
        }
    }
}

/* The upper-triangular T of a block reflector H_0 ... H_{nb-1} = I - V T V^H (LAPACK's larft,
 * forward, columnwise) from the Gram matrix G = V^H V and the tau's: one work-item per row
 * of T, which only reads its own row. */
__kernel void qr_form_t(__global const T* gm, const long g_off, const long g_rs,
                        const long g_cs, const long g_bs, __global const T* tau,
                        const long tau_off, const long tau_bs, __global T* t, const long t_off,
                        const long t_rs, const long t_cs, const long t_bs, const int nb,
                        const long total)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long g = gid / nb;
    const int j = gid % nb;
    __global const T* gg = gm + g_off + g * g_bs;
    __global T* tt = t + t_off + g * t_bs + j * t_rs;
    __global const T* ta = tau + tau_off + g * tau_bs;
    for (int p = 0; p < j; ++p)
        tt[p * t_cs] = MKREAL(0);
    tt[j * t_cs] = ta[j];
    for (int i = j + 1; i < nb; ++i) {
        T s = MKREAL(0);
        for (int p = j; p < i; ++p)
            s += MUL(tt[p * t_cs], gg[p * g_rs + i * g_cs]);
        tt[i * t_cs] = -MUL(ta[i], s);
    }
}
