/* One-sided (Hestenes) Jacobi for gparray.linalg: svd, svdvals and eigh (the latter on the
 * shifted, positive semi-definite matrix A + cI).
 *
 * A stack of B matrices, each with n columns of m elements, is addressed as element offset +
 * element stride (es, between the m entries of a column) + column stride (cs) + batch stride
 * (bs); the host stores each column contiguously (es = 1), so that neighbouring work-items
 * read neighbouring memory. One launch of jacobi_round is one round of the round-robin
 * (tournament) ordering over npad = n rounded up to even columns: npad/2 disjoint pairs, so
 * work-group (b, k) owns pair k of matrix b alone and no two groups touch the same column.
 * npad - 1 rounds make a sweep, in which every pair meets once.
 *
 * Each group forms alpha = |a_p|^2, beta = |a_q|^2, gamma = a_p^H a_q with a local-memory tree
 * over the rows, and when |gamma| > tol * sqrt(alpha * beta) rotates the two columns of A
 * (and of V, when ``with_v``) by the unitary
 *     [a_p a_q] := [a_p a_q] [[c, s], [-s conj(e), c conj(e)]],   e = gamma / |gamma|,
 * which makes them orthogonal (t = s / c the smaller root of t^2 + 2 zeta t - 1 = 0 with
 * zeta = (beta - alpha) / (2 |gamma|); e = 1 for real matrices). It is applied as
 * x - s (y + tau x), y + s (x - tau y) with tau = s / (1 + c) = (1 - c) / s (Rutishauser):
 * in the late sweeps' tiny rotations c rounds to 1, and c x - s y then grows the columns by
 * about t^2 / 2 each time, a drift of ~100 eps after 10 sweeps at n = 100.
 *
 * flags holds nsweeps ints, then two per matrix, zeroed by the host: flags[sweep] gets bit 1
 * when any pair of any matrix rotated and bit 2 when a column norm is not finite (the host
 * raises LinAlgError like LAPACK does on NaN/inf); matrix b writes sweep + 1 into its slot
 * sweep % 2 when it rotated. A matrix with no rotation in the previous sweep has converged
 * and is skipped. (Two slots alternate, so no group reads a slot that this sweep writes.)
 *
 * Every barrier is reached by every work-item on every path (PoCL miscompiles ``break`` and
 * ``continue`` past barriers): idle groups and idle work-items only skip the loop bodies.
 *
 * The host defines T (float, double, or float2/double2 with GP_COMPLEX), R (its real type),
 * J_TINY (R's smallest normal number over its eps) and GP_LOCAL (work-group size, a power of
 * two).
 */
/* MUL, CONJ, ABS2 come from linalg_scalar.cl */
#ifdef GP_COMPLEX
#define J_SCALE(r, a) ((T)((r) * (a).x, (r) * (a).y))
#define J_ABS(a) hypot((a).x, (a).y)          /* no underflow of the squares */
#define J_PHASE(g, absg) ((T)((g).x / (absg), -(g).y / (absg)))
#define J_ZERO ((T)(0, 0))
#define J_ONE ((T)(1, 0))
#else
#define J_SCALE(r, a) ((r) * (a))
#define J_ABS(a) fabs(a)
#define J_PHASE(g, absg) ((g) >= 0 ? (T)1 : (T)-1)     /* exactly +-1: J stays orthogonal */
#define J_ZERO ((T)0)
#define J_ONE ((T)1)
#endif

__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void jacobi_round(__global T* a, const long a_off, const long a_es, const long a_cs,
                  const long a_bs, __global T* v, const long v_off, const long v_es,
                  const long v_cs, const long v_bs, const int m, const int n, const int npad,
                  const int round, const int with_v, const R tol, __global int* flags,
                  const int sweep, const int nsweeps)
{
    __local R ra[GP_LOCAL], rb[GP_LOCAL];
    __local T rg[GP_LOCAL];
    const int lid = get_local_id(0);
    const long grp = get_group_id(0);
    const int npairs = npad / 2;
    const long b = grp / npairs;
    const int k = (int)(grp % npairs);
    /* round-robin pairing: column npad - 1 meets column ``round``; the others pair up as
     * (round + k, round - k) modulo npad - 1 */
    const int P = npad - 1;
    int p = k == 0 ? round : (round + k) % P;
    int q = k == 0 ? P : (round - k + P) % P;
    if (p > q) {
        const int tmp = p;
        p = q;
        q = tmp;
    }
    __global int* mine = flags + nsweeps + 2 * b;
    const int active = q < n && (sweep == 0 || mine[(sweep - 1) & 1] == sweep);
    __global T* ap = a + a_off + b * a_bs + p * a_cs;
    __global T* aq = a + a_off + b * a_bs + q * a_cs;

    R al = 0, be = 0;
    T ga = J_ZERO;
    for (int i = lid; i < m && active; i += GP_LOCAL) {
        const T x = ap[i * a_es], y = aq[i * a_es];
        al += ABS2(x);
        be += ABS2(y);
        ga += MUL(CONJ(x), y);
    }
    ra[lid] = al;
    rb[lid] = be;
    rg[lid] = ga;
    for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < s) {
            ra[lid] += ra[lid + s];
            rb[lid] += rb[lid + s];
            rg[lid] += rg[lid + s];
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    al = ra[0];
    be = rb[0];
    ga = rg[0];
    const R absg = J_ABS(ga);
    const int finite = isfinite(al) && isfinite(be);
    /* columns whose squared norm is below J_TINY (tiny / eps of R; the host scales each
     * matrix to a largest entry of 1) are treated as zero: their squares and products
     * underflow, so further rotations would make no progress */
    const int rot = active && finite && al > J_TINY && be > J_TINY
                    && absg > tol * sqrt(al) * sqrt(be);
    R s = 0, tau = 0;
    T e = J_ONE;                  /* conj(gamma) / |gamma|: the phase taken off a_q */
    if (rot) {
        const R zeta = (be - al) / (2 * absg);
        const R t = (zeta >= 0 ? (R)1 : (R)-1) / (fabs(zeta) + hypot((R)1, zeta));
        const R c = 1 / sqrt(1 + t * t);
        s = c * t;
        tau = s / (1 + c);
        e = J_PHASE(ga, absg);
    }
    if (lid == 0 && active && !finite)
        atomic_or(flags + sweep, 2);
    if (lid == 0 && rot) {
        atomic_or(flags + sweep, 1);
        mine[sweep & 1] = sweep + 1;
    }
    for (int i = lid; i < m && rot; i += GP_LOCAL) {
        const T x = ap[i * a_es], y = MUL(aq[i * a_es], e);
        ap[i * a_es] = x - J_SCALE(s, y + J_SCALE(tau, x));
        aq[i * a_es] = y + J_SCALE(s, x - J_SCALE(tau, y));
    }
    __global T* vp = v + v_off + b * v_bs + p * v_cs;
    __global T* vq = v + v_off + b * v_bs + q * v_cs;
    for (int i = lid; i < n && rot && with_v; i += GP_LOCAL) {
        const T x = vp[i * v_es], y = MUL(vq[i * v_es], e);
        vp[i * v_es] = x - J_SCALE(s, y + J_SCALE(tau, x));
        vq[i * v_es] = y + J_SCALE(s, x - J_SCALE(tau, y));
    }
}
