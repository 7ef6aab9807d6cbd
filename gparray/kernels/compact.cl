/* Index work on the device, independent of the element type: stream compaction of boolean
 * masks (nonzero, argwhere, x[mask]), element positions of integer index arrays with bounds
 * checks, and the bookkeeping for repeated positions (last write wins for x[idx] = v,
 * in-order updates for ufunc.at).
 *
 * The host defines, before this text:
 *   GP_LOCAL    the work-group size of the compaction kernels (a power of two)
 *   GP_MAXDIM   the largest rank of a gp_dims layout
 *
 * Positions are element offsets into the indexed array; repeated positions are told apart
 * by the "slot" (pos - lo) / g, where lo is the smallest offset the indexed axes can reach
 * and g the gcd of their strides, so a slot array is as long as the span those axes cover.
 * Index positions j (over the broadcast shape of the index arrays) fit in an int.
 */

typedef struct {
    long shape[GP_MAXDIM];
    long stride[GP_MAXDIM];     /* in elements; 0 for broadcast dimensions */
} gp_dims;

/* --- stream compaction ------------------------------------------------------------------
 * Three launches over a C-contiguous mask: per work-group counts, one scan of the counts,
 * then every work-group writes its kept elements from its offset on. Each work-item owns
 * `per_item` consecutive elements, so the output keeps the mask's order. */

__kernel void compact_count(__global const uchar* flag, const long off, const long n,
                            const long per_item, __global long* counts)
{
    __local long part[GP_LOCAL];
    const int l = get_local_id(0);
    const long start = (long)get_global_id(0) * per_item;
    const long stop = min(start + per_item, n);
    long c = 0;
    for (long i = start; i < stop; ++i)
        c += flag[off + i] != 0;
    part[l] = c;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = GP_LOCAL / 2; s > 0; s >>= 1) {
        if (l < s)
            part[l] += part[l + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (l == 0)
        counts[get_group_id(0)] = part[0];
}

/* counts[0..groups) -> exclusive offsets in place; counts[groups] = the total. One
 * work-item: there are few groups (each covers thousands of elements). */
__kernel void compact_offsets(__global long* counts, const long groups)
{
    if (get_global_id(0) != 0)
        return;
    long acc = 0;
    for (long g = 0; g < groups; ++g) {
        const long c = counts[g];
        counts[g] = acc;
        acc += c;
    }
    counts[groups] = acc;
}

/* For the p-th kept element (flat index i, coordinates c[] over D.shape):
 *   coords != 0:  out[p * ndim + d] = c[d]              (argwhere, nonzero)
 *   coords == 0:  out[p] = sum_d c[d] * D.stride[d]      (flatnonzero, x[mask] positions) */
__kernel void compact_write(__global const uchar* flag, const long off, const long n,
                            const long per_item, __global const long* offsets,
                            __global long* out, const gp_dims D, const int ndim,
                            const int coords)
{
    __local long part[GP_LOCAL];
    const int l = get_local_id(0);
    const long start = (long)get_global_id(0) * per_item;
    const long stop = min(start + per_item, n);
    long c = 0;
    for (long i = start; i < stop; ++i)
        c += flag[off + i] != 0;
    part[l] = c;
    barrier(CLK_LOCAL_MEM_FENCE);
    /* inclusive scan of the work-items' counts (Hillis-Steele) */
    for (int s = 1; s < GP_LOCAL; s <<= 1) {
        const long add = l >= s ? part[l - s] : 0;
        barrier(CLK_LOCAL_MEM_FENCE);
        part[l] += add;
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    long p = offsets[get_group_id(0)] + part[l] - c;
    const long p_end = p + c;
    if (start >= stop)
        return;
    if (ndim == 1) {                        /* the common case, kept simple */
        const long st = coords ? 1 : D.stride[0];
        for (long i = start; i < stop && p < p_end; ++i) {
            out[p] = i * st;
            p += flag[off + i] != 0;
        }
        return;
    }
    /* Coordinates (and the offset) of `start`, then stepped along with i: no division per
     * element. Every element stores to out[p] while this work-item's places last and p
     * advances only past kept ones, so a dropped element's store is overwritten by the next
     * kept one: no branch on the (often random) mask. */
    long c_[GP_MAXDIM];
    long rem = start, o = 0;
    for (int d = ndim - 1; d >= 0; --d) {
        c_[d] = rem % D.shape[d];
        rem /= D.shape[d];
        o += c_[d] * D.stride[d];
    }
    for (long i = start; i < stop && p < p_end; ++i) {
        if (coords) {
            for (int d = 0; d < ndim; ++d)
                out[p * ndim + d] = c_[d];
        } else {
            out[p] = o;
        }
        p += flag[off + i] != 0;
        for (int d = ndim - 1; d >= 0; --d) {
            o += D.stride[d];
            if (++c_[d] < D.shape[d])
                break;
            o -= D.stride[d] * D.shape[d];
            c_[d] = 0;
        }
    }
}

/* --- integer index arrays ----------------------------------------------------------------
 * pos[j] (+)= idx[j'] * stride for every j over the broadcast shape D.shape, where j' is j's
 * element in the (broadcast, any-strided) index array. A negative index counts from the end;
 * an index outside [-size, size) records the first offending j in err[k] (the host raises
 * IndexError naming it) and contributes 0. With size = -1 the values are element offsets
 * already (a mask's), taken as they are. */
__kernel void index_offsets(__global long* pos, __global const long* idx, const long idx_off,
                            const gp_dims D, const int ndim, const long n, const long size,
                            const long stride, const int add, __global int* err, const int k)
{
    const long j = get_global_id(0);
    if (j >= n)
        return;
    long rem = j, o = 0;
    for (int d = ndim - 1; d >= 0; --d) {
        const long e = D.shape[d];
        o += (rem % e) * D.stride[d];
        rem /= e;
    }
    long v = idx[idx_off + o];
    if (size >= 0) {
        if (v < 0)
            v += size;
        if (v < 0 || v >= size) {
            atomic_min(&err[k], (int)min(j, (long)INT_MAX));
            v = 0;
        }
    }
    pos[j] = (add ? pos[j] : 0) + v * stride;
}

/* --- repeated positions -------------------------------------------------------------------- */

/* win[slot] = the largest j writing to that slot: NumPy's last write wins. */
__kernel void winner(__global const long* pos, const long n, const long lo, const long g,
                     __global int* win)
{
    const long j = get_global_id(0);
    if (j < n)
        atomic_max(&win[(pos[j] - lo) / g], (int)j);
}

/* cnt[slot] = how many j update the slot; *dup = 1 when some slot has more than one. */
__kernel void bucket_count(__global const long* pos, const long n, const long lo, const long g,
                           __global int* cnt, __global int* dup)
{
    const long j = get_global_id(0);
    if (j >= n)
        return;
    if (atomic_inc(&cnt[(pos[j] - lo) / g]) == 1)
        *dup = 1;
}

/* Every j into its slot's bucket: order[end[s] - cnt[s] ...  end[s]) (end is the inclusive
 * running sum of cnt). The order inside a bucket is arbitrary until bucket_sort. */
__kernel void bucket_fill(__global const long* pos, const long n, const long lo, const long g,
                          __global const int* cnt, __global const long* end,
                          __global int* fill, __global long* order)
{
    const long j = get_global_id(0);
    if (j >= n)
        return;
    const long s = (pos[j] - lo) / g;
    order[end[s] - cnt[s] + atomic_inc(&fill[s])] = j;
}

/* One work-item per slot sorts that slot's bucket ascending (insertion sort when short,
 * heapsort otherwise), so that its updates are applied in index order. Per slot, not per
 * place: a work-item that read order[] to find its bucket would race with the one sorting it. */
__kernel void bucket_sort(__global const int* cnt, __global const long* end, const long span,
                          __global long* order)
{
    const long s = get_global_id(0);
    if (s >= span || cnt[s] < 2)
        return;
    const long first = end[s] - cnt[s];
    __global long* v = order + first;
    const long m = cnt[s];
    if (m <= 32) {
        for (long i = 1; i < m; ++i) {
            const long x = v[i];
            long k = i - 1;
            while (k >= 0 && v[k] > x) {
                v[k + 1] = v[k];
                --k;
            }
            v[k + 1] = x;
        }
        return;
    }
    for (long start = m / 2 - 1, end_ = m; ; ) {
        long root;
        if (start >= 0) {
            root = start--;
        } else {
            if (--end_ <= 0)
                break;
            const long t = v[0];
            v[0] = v[end_];
            v[end_] = t;
            root = 0;
        }
        const long x = v[root];
        for (long child = 2 * root + 1; child < end_; child = 2 * root + 1) {
            if (child + 1 < end_ && v[child + 1] > v[child])
                ++child;
            if (v[child] <= x)
                break;
            v[root] = v[child];
            root = child;
        }
        v[root] = x;
    }
}
