/* Stable LSD radix sort of the rows of a (rows, n) array of unsigned keys, carrying a long
 * payload (the permutation), and binary search in sorted keys.
 *
 * Every dtype is first mapped to order-preserving unsigned key words (gparray/kernels/sort_keys.cl),
 * so this one program per key width (GP_KEY_T: uint or ulong) sorts every dtype; longer keys
 * (complex128, lexsort's several keys) are sorted word by word, least significant first.
 *
 * One radix pass (GP_RADIX_BITS bits) is four launches: each work-item counts the digits of
 * one block of a row, the counts (digit-major, block-minor) become exclusive offsets (two
 * parallel scans), and each work-item then moves its block's elements to their places in
 * order. The blocks and the elements within a block keep their order, so the sort is stable.
 * On the first pass the payload is the element's own index in its row (``first``). Short
 * rows skip the digit counts and sort by rank (rank_sort).
 */
#define GP_RADIX (1 << GP_RADIX_BITS)

/* The payload: by default the permutation (long), whose first pass can be generated
 * (``first``); the host may instead carry the values themselves (GP_PAY_T of their width)
 * when only the sorted values are wanted. */
#ifndef GP_PAY_T
#define GP_PAY_T long
#define gp_payload(first, j, p) ((first) ? (j) : (p))
#else
#define gp_payload(first, j, p) (p)
#endif

__kernel void radix_count(__global const GP_KEY_T* keys, __global long* counts,
                          const long n, const long nblocks, const long block,
                          const long total, const int shift)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long row = gid / nblocks, b = gid % nblocks;
    const long lo = b * block, hi = min(n, lo + block);
    long c[GP_RADIX];
    for (int d = 0; d < GP_RADIX; ++d)
        c[d] = 0;
    __global const GP_KEY_T* k = keys + row * n;
    for (long j = lo; j < hi; ++j)
        c[(k[j] >> shift) & (GP_RADIX - 1)]++;
    __global long* out = counts + row * GP_RADIX * nblocks + b;
    for (int d = 0; d < GP_RADIX; ++d)
        out[d * nblocks] = c[d];
}

/* The exclusive offsets, in two parallel steps: per (row, digit), a scan over the blocks
 * (with the digit's total kept in ``totals``); then per row, a scan over the digit totals. A
 * block's place for digit d is counts[d][b] + totals[d]. */
__kernel void radix_scan_blocks(__global long* counts, __global long* totals,
                                const long nblocks, const long items)
{
    const long gid = get_global_id(0);
    if (gid >= items)
        return;
    __global long* c = counts + gid * nblocks;
    long acc = 0;
    for (long b = 0; b < nblocks; ++b) {
        const long v = c[b];
        c[b] = acc;
        acc += v;
    }
    totals[gid] = acc;
}

__kernel void radix_scan_digits(__global long* totals, const long rows)
{
    const long row = get_global_id(0);
    if (row >= rows)
        return;
    __global long* t = totals + row * GP_RADIX;
    long acc = 0;
    for (int d = 0; d < GP_RADIX; ++d) {
        const long v = t[d];
        t[d] = acc;
        acc += v;
    }
}

__kernel void radix_scatter(__global const GP_KEY_T* keys, __global const GP_PAY_T* idx,
                            __global GP_KEY_T* keys_out, __global GP_PAY_T* idx_out,
                            __global const long* counts, __global const long* totals,
                            const long n, const long nblocks,
                            const long block, const long total, const int shift,
                            const int first)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long row = gid / nblocks, b = gid % nblocks;
    const long lo = b * block, hi = min(n, lo + block);
    long off[GP_RADIX];
    __global const long* c = counts + row * GP_RADIX * nblocks + b;
    __global const long* t = totals + row * GP_RADIX;
    for (int d = 0; d < GP_RADIX; ++d)
        off[d] = c[d * nblocks] + t[d];
    const long base = row * n;
    for (long j = lo; j < hi; ++j) {
        const GP_KEY_T key = keys[base + j];
        const long at = base + off[(key >> shift) & (GP_RADIX - 1)]++;
        keys_out[at] = key;
        idx_out[at] = gp_payload(first, j, idx[base + j]);
    }
}

/* Short rows: one work-item per element counts the elements of its row that go before it
 * (smaller keys, and equal keys at smaller positions, so the sort is stable) and moves its
 * element there. The same n comparisons for every work-item: no divergence, and CPU
 * compilers vectorise it across work-items. */
__kernel void rank_sort(__global const GP_KEY_T* keys, __global const GP_PAY_T* idx,
                        __global GP_KEY_T* keys_out, __global GP_PAY_T* idx_out, const long n,
                        const long total, const int first)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long base = gid - gid % n;
    const long i = gid - base;
    const GP_KEY_T key = keys[gid];
    long r = 0;
    for (long j = 0; j < n; ++j) {
        const GP_KEY_T kj = keys[base + j];
        r += (kj < key) | ((kj == key) & (j < i));
    }
    keys_out[base + r] = key;
    idx_out[base + r] = gp_payload(first, i, idx[gid]);
}

/* searchsorted on keys: for each query, the first position in the sorted row ``a`` where
 * a[i] >= v (``right`` == 0) or a[i] > v (``right`` == 1). Keys of ``words`` == 2 compare
 * (hi, lo) lexicographically; ``a_lo``/``v_lo`` are unused otherwise. The search is
 * branch-free with the same number of steps for every query (ceil(log2(n))), so CPU
 * compilers vectorise it across work-items. */
inline int gp_goes_before(const GP_KEY_T ah, const GP_KEY_T al, const GP_KEY_T hi,
                          const GP_KEY_T lo, const int right)
{
    return (ah < hi) | ((ah == hi) & ((al < lo) | (right & (al == lo))));
}

__kernel void search_keys(__global const GP_KEY_T* a_hi, __global const GP_KEY_T* a_lo,
                          const long n, __global const GP_KEY_T* v_hi,
                          __global const GP_KEY_T* v_lo, const long nv, const int words,
                          const int right, __global long* out)
{
    const long i = get_global_id(0);
    if (i >= nv)
        return;
    const GP_KEY_T hi = v_hi[i];
    const GP_KEY_T lo = words > 1 ? v_lo[i] : 0;
    long base = 0, len = n;
    while (len > 1) {
        const long step = len >> 1;
        const long m = base + step;
        const int before = gp_goes_before(a_hi[m - 1], words > 1 ? a_lo[m - 1] : 0, hi, lo,
                                          right);
        base = before ? m : base;
        len -= step;
    }
    out[i] = base + (n > 0 && gp_goes_before(a_hi[base], words > 1 ? a_lo[base] : 0, hi, lo,
                                             right));
}
