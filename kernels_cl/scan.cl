/* Inclusive scan along one axis: out[..., j, ...] = op(out[..., j-1, ...], in[..., j, ...]).
 *
 * One work-item per row walks its row in order, so every binary ufunc (reorderable or not)
 * accumulates exactly as NumPy defines it. ``outer`` maps a row number to its input and
 * output offsets; ``step_in``/``step_out`` are the element strides along the scanned axis.
 * The host defines GP_IN_T, GP_ACC_T, GP_OUT_T, gp_load, gp_combine, gp_store, GP_MAXDIM.
 */
typedef struct {
    long shape[GP_MAXDIM];
    long in_strides[GP_MAXDIM];
    long out_strides[GP_MAXDIM];
} gp_rows;

__kernel void scan_rows(__global const GP_IN_T* in, const long in_off,
                        __global GP_OUT_T* out, const long out_off,
                        const gp_rows R, const int ndim, const long rows,
                        const long rowlen, const long step_in, const long step_out)
{
    const long row = get_global_id(0);
    if (row >= rows)
        return;
    long rem = row, ib = in_off, ob = out_off;
    for (int k = ndim - 1; k >= 0; --k) {
        const long c = rem % R.shape[k];
        rem /= R.shape[k];
        ib += c * R.in_strides[k];
        ob += c * R.out_strides[k];
    }
    GP_ACC_T acc = gp_load(in, ib);
    gp_store(out, ob, acc);
    for (long j = 1; j < rowlen; ++j) {
        acc = gp_combine(acc, gp_load(in, ib + j * step_in));
        gp_store(out, ob + j * step_out, acc);
    }
}
