/* Partial sums of a fused elementwise expression over its contiguous inputs: the first pass
 * of ``sum(expression)`` without storing the expression.
 *
 * The host defines, before this text: GP_PARAMS/GP_ARGS (the expression's inputs and
 * scalars), GP_ACC_T (float or double: the expression's dtype, which its sum keeps),
 * GP_LOCAL (work-group size, a power of two), gp_value(GP_ARGS, i) (element i of the
 * expression) and optionally GP_VW with gp_value_vec(GP_ARGS, i) (elements i..i+GP_VW-1).
 *
 * Work-group g sums elements [g * chunk, min(n, (g + 1) * chunk)); each work-item its own
 * contiguous share, as plain sums of blocks of GP_BLOCK elements folded into a Kahan-
 * compensated total (in GP_VW lanes where given), and the group's (sum, error) pairs meet in
 * an error-free (TwoSum) tree, as reduce.cl's float sums do. Error terms are dropped once a
 * sum is not finite, so infinities and NaNs propagate as in a plain sum. partial[g] holds
 * the group's sum; the host sums the partials with the reduction engine.
 */
#define GP_BLOCK 128
#define GP_CAT2(a, b) a##b
#define GP_CAT(a, b) GP_CAT2(a, b)
#define gp_if_finite(t, v) (isfinite(t) ? (v) : (GP_ACC_T)0)

__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void fused_sum(GP_PARAMS, __global GP_ACC_T* partial, const long n, const long chunk)
{
    __local GP_ACC_T sums[GP_LOCAL], errs[GP_LOCAL];
    const long group = get_group_id(0);
    const int lid = get_local_id(0);
    const long start = group * chunk;
    const long stop = min(n, start + chunk);
    const long share = (stop - start + GP_LOCAL - 1) / GP_LOCAL;
    const long lo = min(stop, start + lid * share);
    const long hi = min(stop, lo + share);

    GP_ACC_T acc = 0, err = 0;
    long j = lo;
#ifdef GP_VW
    {
        typedef GP_CAT(GP_ACC_T, GP_VW) lane_t;
        lane_t vacc = (lane_t)(0), verr = (lane_t)(0);
        for (; j + GP_VW <= hi; ) {
            const long e = min(j + GP_BLOCK, hi - (GP_VW - 1));
            lane_t part = (lane_t)(0);
            for (; j < e; j += GP_VW)
                part += gp_value_vec(GP_ARGS, j);
            const lane_t y = part + verr;
            const lane_t t = vacc + y;
            verr = select((lane_t)(0), y - (t - vacc), isfinite(t));
            vacc = t;
        }
        GP_ACC_T a[GP_VW], r[GP_VW];
        GP_CAT(vstore, GP_VW)(vacc, 0, a);
        GP_CAT(vstore, GP_VW)(verr, 0, r);
        for (int k = 0; k < GP_VW; ++k) {      /* TwoSum of the lanes, in order */
            const GP_ACC_T x = a[k], u = acc + x, bb = u - acc;
            err += r[k] + ((acc - (u - bb)) + (x - bb));
            acc = u;
        }
        err = gp_if_finite(acc, err);
    }
#endif
    for (long b = j; b < hi; b += GP_BLOCK) {
        const long e = min(hi, b + GP_BLOCK);
        GP_ACC_T part = 0;
        for (long k = b; k < e; ++k)
            part += gp_value(GP_ARGS, k);
        const GP_ACC_T y = part + err;
        const GP_ACC_T t = acc + y;
        err = gp_if_finite(t, y - (t - acc));
        acc = t;
    }
    sums[lid] = acc;
    errs[lid] = err;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = 1; width < GP_LOCAL; width <<= 1) {
        if ((lid & (2 * width - 1)) == 0) {
            const GP_ACC_T a = sums[lid], b = sums[lid + width];
            const GP_ACC_T s = a + b, bb = s - a;
            sums[lid] = s;
            errs[lid] = gp_if_finite(s, errs[lid] + errs[lid + width] + ((a - (s - bb)) + (b - bb)));
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        partial[group] = sums[0] + errs[0];
}
