/* The vector-width canary: every vector form gparray's kernels emit, at one width and one
 * element family, run on known values (gparray/_vector_canary.py checks them). Built in a
 * child process, so a compiler that aborts on a width takes only the child down.
 *
 * The host defines, before this text (after prelude.cl):
 *   GP_T, GP_IT   the element type (float/double) and its same-size signed integer
 *   GP_W          the width in elements (1: scalars)
 *   GP_UFUNCS     statements storing each vectorised ufunc's value of (a, b): row k of out
 */
#define GP_TV GP_VEC(GP_T, GP_W)
#define GP_ITV GP_VEC(GP_IT, GP_W)

/* The contiguous elementwise path (elementwise.cl's ew_vector): loads, the ufunc table's
 * vector expressions, stores. */
__kernel void canary_ufuncs(__global const GP_T* x, __global const GP_T* y, __global GP_T* out,
                            const long n)
{
    const long i = (long)get_global_id(0) * GP_W;
    const GP_TV a = GP_VLOAD_W(GP_W, x + i);
    const GP_TV b = GP_VLOAD_W(GP_W, y + i);
    GP_UFUNCS
}

/* The reduction lanes (reduce.cl's gp_extreme_run and gp_sum_run), the GEMM's fused
 * multiply-add, conversions and masks. Rows of out: fmax, fmin, the compensated-sum step,
 * NaN-select, fma, round trip through the integer type, the sum of the lanes; rows of
 * masks: isnan per lane, any(isnan) per work-item. */
__kernel void canary_lanes(__global const GP_T* x, __global const GP_T* y, __global GP_T* out,
                           __global GP_IT* masks, const long n)
{
    const long g = get_global_id(0);
    const long i = g * GP_W;
    const GP_TV a = GP_VLOAD_W(GP_W, x + i);
    const GP_TV b = GP_VLOAD_W(GP_W, y + i);
    GP_VSTORE_W(GP_W, fmax(a, b), out + i);
    GP_VSTORE_W(GP_W, fmin(a, b), out + n + i);
    const GP_TV t = a + b;
    /* the masks cast to GP_ITV: a scalar isfinite/isnan is an int, and select(double,
     * double, int) is ambiguous to clang-based compilers (Oclgrind's among them) */
    GP_VSTORE_W(GP_W, select((GP_TV)(0), b - (t - a), (GP_ITV)isfinite(t)), out + 2 * n + i);
    GP_VSTORE_W(GP_W, select(a, b, (GP_ITV)isnan(a)), out + 3 * n + i);
    GP_VSTORE_W(GP_W, fma(a, b, b), out + 4 * n + i);
    GP_VSTORE_W(GP_W, GP_CONVERT(GP_T, GP_W, GP_CONVERT(GP_IT, GP_W, b * (GP_T)100)),
                out + 5 * n + i);
    GP_T lanes[GP_W];
    GP_VSTORE_W(GP_W, b, lanes);
    GP_T s = 0;
    for (int k = 0; k < GP_W; ++k)
        s += lanes[k];
    out[6 * n + g] = s;
    const GP_ITV nan = isnan(a);
    GP_VSTORE_W(GP_W, nan, masks + i);
    masks[n + g] = GP_ANY(GP_W, nan) ? 1 : 0;
}
