/* ufunc.reduceat: out[..., j] = op-reduction of in[..., idx[j]:idx[j+1]] along one axis
 * (in[..., idx[j]] alone when the next index is not larger; the last slice runs to the end), in order, as NumPy defines it.
 * One work-item per output element. ``R`` maps a row number (all other axes) to its input
 * and output offsets; the host defines GP_IN_T, GP_ACC_T, GP_OUT_T, gp_load, gp_combine,
 * gp_store and GP_MAXDIM. */
typedef struct {
    long shape[GP_MAXDIM];
    long in_strides[GP_MAXDIM];
    long out_strides[GP_MAXDIM];
} gp_rows;

__kernel void reduceat_rows(__global const GP_IN_T* in, const long in_off,
                            __global GP_OUT_T* out, const long out_off,
                            __global const long* idx, const long nidx,
                            const gp_rows R, const int ndim, const long rows,
                            const long n, const long step_in, const long step_out)
{
    const long gid = get_global_id(0);
    if (gid >= rows * nidx)
        return;
    const long j = gid % nidx;
    long rem = gid / nidx, ib = in_off, ob = out_off;
    for (int k = ndim - 1; k >= 0; --k) {
        const long c = rem % R.shape[k];
        rem /= R.shape[k];
        ib += c * R.in_strides[k];
        ob += c * R.out_strides[k];
    }
    const long start = idx[j];
    const long stop = j + 1 == nidx ? n : (idx[j + 1] > start ? idx[j + 1] : start + 1);
    GP_ACC_T acc = gp_load(in, ib + start * step_in);
    for (long p = start + 1; p < stop && p < n; ++p)
        acc = gp_combine(acc, gp_load(in, ib + p * step_in));
    gp_store(out, ob + j * step_out, acc);
}
