/* Counting into bins from sorted bin numbers (bincount, and the histograms built on it).
 *
 * ``sorted`` holds the bin numbers in ascending order and ``perm`` where each came from (a
 * stable sort's permutation). One work-item per bin finds its run by binary search and
 * writes the run's length, or the sum of the weights of the run's elements. The stable
 * order adds each bin's weights in their original order, as NumPy's bincount does, so the
 * sums match it bit for bit. The host defines GP_W_T (double, or float without fp64).
 */
inline long gp_lower_bound(__global const long* sorted, const long n, const long value)
{
    long l = 0, h = n;
    while (l < h) {
        const long m = l + ((h - l) >> 1);
        if (sorted[m] < value)
            l = m + 1;
        else
            h = m;
    }
    return l;
}

__kernel void bincount_sorted(__global const long* sorted, __global const long* perm,
                              const long n, __global const GP_W_T* w, const long w_off,
                              const int weighted, __global long* counts,
                              __global GP_W_T* sums, const long nbins)
{
    const long b = get_global_id(0);
    if (b >= nbins)
        return;
    const long lo = gp_lower_bound(sorted, n, b);
    const long hi = gp_lower_bound(sorted, n, b + 1);
    if (!weighted) {
        counts[b] = hi - lo;
        return;
    }
    GP_W_T s = 0;
    for (long j = lo; j < hi; ++j)
        s += w[w_off + perm[j]];
    sums[b] = s;
}

/* Unweighted counts without sorting, for few bins: each work-item counts one block of x into
 * its own row of ``counts`` (rows summed afterwards), so no two work-items share a counter. */
__kernel void bincount_blocks(__global const long* x, const long x_off, const long n,
                              const long block, const long nblocks, __global long* counts,
                              const long nbins)
{
    const long b = get_global_id(0);
    if (b >= nblocks)
        return;
    __global long* c = counts + b * nbins;
    for (long i = 0; i < nbins; ++i)
        c[i] = 0;
    const long stop = min(n, (b + 1) * block);
    for (long j = b * block; j < stop; ++j)
        c[x[x_off + j]]++;
}
