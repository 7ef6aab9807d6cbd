/* Moving elements by index, for one element width (GP_T: uchar, ushort, uint, ulong, ulong2;
 * only the bits move, so one program serves every dtype of that width).
 *
 *   take_rows:  out[i] = in[row(i) * in_rowlen + idx[i]]  (row(i) = i / rowlen): gathers along
 *               the rows of a (rows, rowlen) index array, e.g. applying a sort permutation
 *   put_rows:   out[row(i) * out_rowlen + idx[i]] = in[i]: the inverse scatter
 *   compact:    out[pos[i] - 1] = in[i] where flag[i]; pos is the inclusive running count of
 *               the flags, so the kept elements stay in order
 */
__kernel void take_rows(__global const GP_T* in, const long in_off, const long in_rowlen,
                        __global const long* idx, const long idx_off, const long rowlen,
                        const long total, __global GP_T* out, const long out_off)
{
    const long i = get_global_id(0);
    if (i >= total)
        return;
    out[out_off + i] = in[in_off + (i / rowlen) * in_rowlen + idx[idx_off + i]];
}

__kernel void put_rows(__global const GP_T* in, const long in_off, __global const long* idx,
                       const long idx_off, const long rowlen, const long total,
                       __global GP_T* out, const long out_off, const long out_rowlen)
{
    const long i = get_global_id(0);
    if (i >= total)
        return;
    out[out_off + (i / rowlen) * out_rowlen + idx[idx_off + i]] = in[in_off + i];
}

__kernel void compact(__global const GP_T* in, const long in_off,
                      __global const uchar* flag, const long flag_off,
                      __global const long* pos, const long pos_off, const long n,
                      __global GP_T* out, const long out_off)
{
    const long i = get_global_id(0);
    if (i >= n || !flag[flag_off + i])
        return;
    out[out_off + pos[pos_off + i] - 1] = in[in_off + i];
}
