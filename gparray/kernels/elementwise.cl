/* Elementwise kernels: out[k] = f(in0[k], in1[k], ...) over any strides and broadcasting.
 *
 * The host defines, before this text:
 *   GP_PARAMS          the kernel parameters of all operands (pointers with element offsets,
 *                      and Python scalars passed by value)
 *   GP_ARGS            the same names, as arguments
 *   GP_NARRAYS         how many operands are arrays (inputs and outputs)
 *   GP_CONTIG_INDEX(i) the element index of every array operand for a contiguous launch
 *   gp_apply(GP_ARGS, idx...)      computes one element, given each array operand's index
 *   GP_VW and gp_apply_vec(GP_ARGS, i)   optionally: GP_VW consecutive elements at once
 * and GP_MAXDIM, the largest rank a strided launch may have after collapsing dimensions.
 */

/* One work-item per element: the fastest shape on CPU devices and GPUs alike. */
__kernel void ew_contig(GP_PARAMS, const long n)
{
    const long i = get_global_id(0);
    if (i < n)
        gp_apply(GP_ARGS, GP_CONTIG_INDEX(i));
}

#ifdef GP_VW
/* GP_VW consecutive elements per work-item with explicit vector loads and math; CPU
 * compilers (PoCL) do not vectorise transcendental functions across work-items. The last
 * work-item finishes the remainder one element at a time. */
__kernel void ew_vector(GP_PARAMS, const long n)
{
    const long i = (long)get_global_id(0) * GP_VW;
    if (i + GP_VW <= n) {
        gp_apply_vec(GP_ARGS, i);
    } else {
        for (long j = i; j < n; ++j)
            gp_apply(GP_ARGS, GP_CONTIG_INDEX(j));
    }
}
#endif

typedef struct {
    long shape[GP_MAXDIM];
    long strides[GP_NARRAYS][GP_MAXDIM];   /* in elements, per array operand */
} gp_layout;

/* Any rank up to GP_MAXDIM, any strides (zero for broadcast dimensions, negative for
 * reversed views): each work-item turns its flat index into per-operand offsets. */
__kernel void ew_strided(GP_PARAMS, const gp_layout L, const int ndim, const long n)
{
    long rem = get_global_id(0);
    if (rem >= n)
        return;
    long off[GP_NARRAYS];
    for (int k = 0; k < GP_NARRAYS; ++k)
        off[k] = 0;
    for (int d = ndim - 1; d >= 0; --d) {
        const long extent = L.shape[d];
        const long c = rem % extent;
        rem /= extent;
        for (int k = 0; k < GP_NARRAYS; ++k)
            off[k] += c * L.strides[k][d];
    }
    gp_apply(GP_ARGS, GP_STRIDED_INDEX);
}
