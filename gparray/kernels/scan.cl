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

/* Rows whose elements are far apart and whose starts are close together (a scan along a
 * leading axis): each work-item walks GP_COLS neighbouring rows side by side, in order, so
 * that every step reads and writes short runs of neighbouring memory. */
#define GP_COLS 16
__kernel void scan_cols(__global const GP_IN_T* in, const long in_off,
                        __global GP_OUT_T* out, const long out_off,
                        const gp_rows R, const int ndim, const long rows,
                        const long rowlen, const long step_in, const long step_out)
{
    const long first = get_global_id(0) * GP_COLS;
    if (first >= rows)
        return;
    const int ncols = (int)min((long)GP_COLS, rows - first);
    long ib[GP_COLS], ob[GP_COLS];
    GP_ACC_T acc[GP_COLS];
    for (int c = 0; c < GP_COLS; ++c) {
        long rem = first + min(c, ncols - 1);
        ib[c] = in_off;
        ob[c] = out_off;
        for (int k = ndim - 1; k >= 0; --k) {
            const long i = rem % R.shape[k];
            rem /= R.shape[k];
            ib[c] += i * R.in_strides[k];
            ob[c] += i * R.out_strides[k];
        }
        acc[c] = gp_load(in, ib[c]);
    }
    for (int c = 0; c < ncols; ++c)
        gp_store(out, ob[c], acc[c]);
    for (long j = 1; j < rowlen; ++j) {
        for (int c = 0; c < GP_COLS; ++c)
            acc[c] = gp_combine(acc[c], gp_load(in, ib[c] + j * step_in));
        for (int c = 0; c < ncols; ++c)
            gp_store(out, ob[c] + j * step_out, acc[c]);
    }
}

/* Parallel scan for reorderable ufuncs, in three launches over (rows x chunks) work-groups,
 * each work-item owning a contiguous share of its group's chunk:
 *   scan_chunk_totals   each group's total, into ``totals`` (rows * chunks)
 *   scan_chunk_offsets  per row, the totals turned into exclusive prefixes (in order)
 *   scan_chunks         each group recomputes its work-items' totals, scans them in local
 *                       memory from the chunk's prefix, and each work-item writes its share.
 * The host also defines GP_IDENTITY and GP_LOCAL for these kernels.
 */
#ifdef GP_LOCAL
inline void gp_row_bases(long row, const gp_rows *R, const int ndim, long *ib, long *ob)
{
    for (int k = ndim - 1; k >= 0; --k) {
        const long c = row % R->shape[k];
        row /= R->shape[k];
        *ib += c * R->in_strides[k];
        *ob += c * R->out_strides[k];
    }
}

#define GP_SHARE                                                        \
    const long group = get_group_id(0);                                 \
    const int lid = get_local_id(0);                                    \
    const long row = group / chunks, chunk = group % chunks;            \
    const long chunk_len = (rowlen + chunks - 1) / chunks;              \
    const long start = chunk * chunk_len;                               \
    const long stop = min(rowlen, start + chunk_len);                   \
    const long share = (stop - start + GP_LOCAL - 1) / GP_LOCAL;        \
    const long lo = min(stop, start + lid * share);                     \
    const long hi = min(stop, lo + share);                              \
    long ib = in_off, ob = out_off;                                     \
    gp_row_bases(row, &R, ndim, &ib, &ob);

__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void scan_chunk_totals(__global const GP_IN_T* in, const long in_off, const long out_off,
                       const gp_rows R, const int ndim, const long rowlen, const long step_in,
                       const long chunks, __global GP_ACC_T* totals)
{
    __local GP_ACC_T scratch[GP_LOCAL];
    GP_SHARE
    GP_ACC_T acc = GP_IDENTITY;
    for (long j = lo; j < hi; ++j)
        acc = gp_combine(acc, gp_load(in, ib + j * step_in));
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = GP_LOCAL / 2; width > 0; width >>= 1) {
        if (lid < width)
            scratch[lid] = gp_combine(scratch[lid], scratch[lid + width]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        totals[group] = scratch[0];
}

__kernel void scan_chunk_offsets(__global GP_ACC_T* totals, const long rows, const long chunks)
{
    const long row = get_global_id(0);
    if (row >= rows)
        return;
    GP_ACC_T acc = GP_IDENTITY;
    for (long c = 0; c < chunks; ++c) {
        const GP_ACC_T t = totals[row * chunks + c];
        totals[row * chunks + c] = acc;
        acc = gp_combine(acc, t);
    }
}

__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void scan_chunks(__global const GP_IN_T* in, const long in_off,
                 __global GP_OUT_T* out, const long out_off,
                 const gp_rows R, const int ndim, const long rowlen,
                 const long step_in, const long step_out, const long chunks,
                 __global const GP_ACC_T* offsets)
{
    __local GP_ACC_T scratch[GP_LOCAL];
    GP_SHARE
    GP_ACC_T acc = GP_IDENTITY;
    for (long j = lo; j < hi; ++j)
        acc = gp_combine(acc, gp_load(in, ib + j * step_in));
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        /* exclusive prefixes of the work-items' totals, from the chunk's own prefix */
        GP_ACC_T run = offsets[group];
        for (int k = 0; k < GP_LOCAL; ++k) {
            const GP_ACC_T t = scratch[k];
            scratch[k] = run;
            run = gp_combine(run, t);
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    acc = scratch[lid];
    for (long j = lo; j < hi; ++j) {
        acc = gp_combine(acc, gp_load(in, ib + j * step_in));
        gp_store(out, ob + j * step_out, acc);
    }
}
#endif
