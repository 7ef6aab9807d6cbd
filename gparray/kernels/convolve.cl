/* Discrete cross-correlation of two 1-D arrays, the core of convolve and correlate:
 *
 *     out[k] = sum_j a[k - left + j] * b[j * b_step]     (terms with a outside [0, n1) omitted)
 *
 * one work-item per output element, adding in j order like NumPy's dot-based loop.
 * ``b_step`` is -1 to read b reversed (convolution), ``conj`` conjugates b (complex
 * correlate), ``reverse`` writes the outputs back to front (NumPy's swapped operands).
 * The host defines GP_T (storage), GP_ACC_T (accumulator), GP_ZERO, gp_load(p, i),
 * gp_store(p, i, v), gp_madd(acc, x, y) and gp_conj(x).
 */
__kernel void correlate(__global const GP_T* a, const long a_off, const long n1,
                        __global const GP_T* b, const long b_off, const long b_step,
                        const long n2, const long left, const long length, const int conj,
                        const int reverse, __global GP_T* out)
{
    const long k = get_global_id(0);
    if (k >= length)
        return;
    const long lo = max((long)0, left - k);
    const long hi = min(n2, n1 - k + left);
    GP_ACC_T acc = GP_ZERO;
    for (long j = lo; j < hi; ++j) {
        GP_ACC_T y = gp_load(b, b_off + j * b_step);
        if (conj)
            y = gp_conj(y);
        acc = gp_madd(acc, gp_load(a, a_off + k - left + j), y);
    }
    gp_store(out, reverse ? length - 1 - k : k, acc);
}
