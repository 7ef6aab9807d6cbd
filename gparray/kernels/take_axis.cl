/* Moving whole slabs along one axis, for delete, insert and repeat with per-element counts.
 *
 * The host defines GP_T, an unsigned type as wide as one element (uchar, ushort, uint,
 * ulong or ulong2): elements are moved as raw bits, so one program per element size serves
 * every dtype.
 */

/* out[o, dst[j], i] = in[o, src[j], i] for j < m, with ``in`` viewed as (outer, n_in, inner)
 * and ``out`` as (outer, n_out, inner), both C-contiguous from their element offsets. */
__kernel void take_axis(__global GP_T* out, const long out_off, const long n_out,
                        __global const GP_T* in, const long in_off, const long n_in,
                        __global const long* dst, __global const long* src,
                        const long m, const long inner, const long total)
{
    const long g = get_global_id(0);
    if (g >= total)
        return;
    const long i = g % inner;
    const long t = g / inner;
    const long j = t % m;
    const long o = t / m;
    out[out_off + (o * n_out + dst[j]) * inner + i] = in[in_off + (o * n_in + src[j]) * inner + i];
}

/* The source index of every output position of repeat(a, counts): positions
 * [ends[k] - counts[k], ends[k]) come from element k (ends is the inclusive cumulative sum
 * of counts). One work-item per source element. */
__kernel void repeat_index(__global long* index, __global const long* ends,
                           __global const long* counts, const long n)
{
    const long k = get_global_id(0);
    if (k >= n)
        return;
    const long stop = ends[k];
    for (long p = stop - counts[k]; p < stop; ++p)
        index[p] = k;
}
