/* Advanced indexing: moving elements by computed positions, and ufunc.at.
 *
 * The result of x[key] has shape R; its dimensions are either basic (from slices, None, and
 * the dimensions an index leaves alone) or advanced (the broadcast shape B of the index
 * arrays). Every kernel here walks R with a layout of three operands:
 *   0  the indexed array x: element strides of the basic dimensions, 0 on the advanced ones
 *   1  the position array over B: its strides on the advanced dimensions, 0 on the others
 *   2  the values (gathered into, or assigned from): any strides, 0 where broadcast
 * so element i of R is x[x_off + o0 + position(o1)] <-> values[o2].
 *
 * The host defines GP_MAXDIM, and either
 *   GP_T   an unsigned type as wide as one element (uchar, ushort, uint, ulong, ulong2): only
 *          bits move, so one program per element width serves every dtype (gather, scatter)
 * or
 *   GP_AT, GP_A_T, GP_B_T and gp_at(a, ia, b, ib): one ufunc loop applied in place (ufunc.at),
 *          or a plain store of element-width types (assignment in index order).
 */

typedef struct {
    long shape[GP_MAXDIM];
    long strides[3][GP_MAXDIM];     /* in elements, per operand */
} gp_layout3;

#define GP_OFFSETS(L, ndim, i, o0, o1, o2)              \
    long o0 = 0, o1 = 0, o2 = 0;                        \
    {                                                   \
        long rem_ = (i);                                \
        for (int d_ = (ndim) - 1; d_ >= 0; --d_) {      \
            const long e_ = (L).shape[d_];              \
            const long c_ = rem_ % e_;                  \
            rem_ /= e_;                                 \
            o0 += c_ * (L).strides[0][d_];              \
            o1 += c_ * (L).strides[1][d_];              \
            o2 += c_ * (L).strides[2][d_];              \
        }                                               \
    }

#ifdef GP_T
/* out[o2] = x[x_off + o0 + p * stride] with p = pos[pos_off + o1]. The positions are either
 * checked element offsets (size = -1, stride = 1; negative with negative strides) or, for a
 * single index array, the raw indices along an axis of `size` elements: negative ones count
 * from the end, and one outside [-size, size) records the smallest offending i in *err. */
__kernel void gather(__global const GP_T* x, const long x_off, __global const long* pos,
                     const long pos_off, __global GP_T* out, const long out_off,
                     const gp_layout3 L, const int ndim, const long n, const long size,
                     const long stride, __global int* err)
{
    const long i = get_global_id(0);
    if (i >= n)
        return;
    GP_OFFSETS(L, ndim, i, o0, o1, o2)
    long p = pos[pos_off + o1];
    if (size >= 0) {
        if (p < 0)
            p += size;
        if (p < 0 || p >= size) {
            atomic_min(err, (int)min(i, (long)INT_MAX));
            return;
        }
    }
    out[out_off + o2] = x[x_off + o0 + p * stride];
}

/* x[x_off + o0 + pos[j]] = val[val_off + o2] with j = pos_off + o1, positions checked
 * beforehand. With use_win, only the last j writing a position writes: win[slot] holds it
 * (see compact.cl's winner), so repeated indices end as NumPy's last write. */
__kernel void scatter(__global GP_T* x, const long x_off, __global const long* pos,
                      const long pos_off, __global const GP_T* val, const long val_off,
                      const gp_layout3 L, const int ndim, const long n,
                      __global const int* win, const int use_win, const long lo, const long g)
{
    const long i = get_global_id(0);
    if (i >= n)
        return;
    GP_OFFSETS(L, ndim, i, o0, o1, o2)
    const long j = pos_off + o1;
    const long p = pos[j];
    if (use_win && win[(p - lo) / g] != (int)j)
        return;
    x[x_off + o0 + p] = val[val_off + o2];
}
#endif

#ifdef GP_AT
typedef struct {
    long shape[GP_MAXDIM];
    long stride[GP_MAXDIM];
} gp_sub;

/* Updates in place, per position j over B and subspace element t: a[a_off + pos[j] + sub(t)]
 * = f(that, b[b_off + j * b_sj + t * b_st]) with gp_at, which the host defines as a ufunc
 * loop (ufunc.at) or as a plain store (assignment in index order). The subspace is the basic
 * part of a[indices]; b's steps are 0 for one broadcast value.
 *   mode 0: every position distinct: work-item (j, t), one update each.
 *   mode 1: order[] holds the j of each slot together, ascending (compact.cl's bucket
 *           kernels): the work-item at a bucket's first place applies its updates in order.
 *   mode 2: work-item t applies every j in order: NumPy's sequential loop, parallel only
 *           over the subspace (the choice on CPU devices, where it needs no atomics and no
 *           slot arrays). */
__kernel void at_apply(__global GP_A_T* a, const long a_off, __global const long* pos,
                       __global const GP_B_T* b, const long b_off, const long b_sj,
                       const long b_st, __global const long* order, __global const int* cnt,
                       __global const long* end, const long lo, const long g, const int mode,
                       const gp_sub L, const int ndim, const long S, const long n)
{
    const long gid = get_global_id(0);
    if (gid >= (mode == 2 ? S : n * S))
        return;
    const long q = gid / S, t = gid % S;
    long rem = t, so = a_off;
    for (int d = ndim - 1; d >= 0; --d) {
        const long e = L.shape[d];
        so += (rem % e) * L.stride[d];
        rem /= e;
    }
    const long bt = b_off + t * b_st;
    if (mode == 0) {
        gp_at(a, so + pos[q], b, bt + q * b_sj);
    } else if (mode == 2) {
        for (long j = 0; j < n; ++j)
            gp_at(a, so + pos[j], b, bt + j * b_sj);
    } else {
        const long s = (pos[order[q]] - lo) / g;
        const long stop = end[s];
        const long first = stop - cnt[s];
        if (q != first)
            return;
        for (long r = first; r < stop; ++r) {
            const long j = order[r];
            gp_at(a, so + pos[j], b, bt + j * b_sj);
        }
    }
}
#endif
