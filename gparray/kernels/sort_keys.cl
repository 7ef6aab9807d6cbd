/* Order-preserving unsigned keys for sorting, searching and set operations.
 *
 * The host defines:
 *   GP_BITS_T  the unsigned type of one stored component (uchar, ushort, uint, ulong)
 *   GP_NBITS   its width in bits
 *   GP_KIND    0 unsigned or bool, 1 signed integer, 2 real float, 3 complex
 *   GP_EXP_MASK  the exponent bits of a float component
 *   GP_KEY_T   the key word type (uint or ulong); GP_WORDS key words per element (1 or 2)
 *
 * Floats: the sign bit is flipped for positives and all bits for negatives, -0.0 maps to the
 * key of 0.0 (they compare equal, so a stable sort keeps their order) and every NaN to the
 * largest key, so NaNs sort last as in NumPy. Complex values sort like NumPy's: first the
 * values without NaN in (real, imag) order, then real+NaNj by real part, then NaN+imag j by
 * imaginary part, then NaN+NaNj; key (hi, lo) words encode that order. Keys above the key of
 * +inf are free for the three NaN classes. ``descending`` complements the keys.
 */
inline GP_BITS_T gp_fkey(const GP_BITS_T u, int* nan)
{
    const GP_BITS_T sign = (GP_BITS_T)((GP_BITS_T)1 << (GP_NBITS - 1));
    const GP_BITS_T mag = (GP_BITS_T)(u & (GP_BITS_T)~sign);
    *nan = mag > (GP_BITS_T)GP_EXP_MASK;
    if (*nan)
        return (GP_BITS_T)~(GP_BITS_T)0;
    if (mag == 0)
        return sign;
    return (u & sign) ? (GP_BITS_T)~u : (GP_BITS_T)(u | sign);
}

__kernel void make_keys(__global const GP_BITS_T* in, const long in_off, const long n,
                        __global GP_KEY_T* hi_out, __global GP_KEY_T* lo_out,
                        const int descending)
{
    const long i = get_global_id(0);
    if (i >= n)
        return;
#if GP_KIND == 3
    const GP_BITS_T re = in[2 * (in_off + i)], im = in[2 * (in_off + i) + 1];
    int rn, inan;
    const GP_BITS_T rk = gp_fkey(re, &rn), ik = gp_fkey(im, &inan);
    const GP_BITS_T top = (GP_BITS_T)~(GP_BITS_T)0;
    GP_BITS_T h, l;
    if (!rn && !inan) { h = rk; l = ik; }
    else if (!rn)     { h = top - 2; l = rk; }
    else if (!inan)   { h = top - 1; l = ik; }
    else              { h = top; l = top; }
#if GP_WORDS == 2
    GP_KEY_T kh = h, kl = l;
    if (descending) { kh = ~kh; kl = ~kl; }
    hi_out[i] = kh;
    lo_out[i] = kl;
#else
    GP_KEY_T k = ((GP_KEY_T)h << GP_NBITS) | (GP_KEY_T)l;
    hi_out[i] = descending ? ~k : k;
#endif
#else
    const GP_BITS_T u = in[in_off + i];
#if GP_KIND == 2
    int nan;
    GP_KEY_T k = gp_fkey(u, &nan);
#elif GP_KIND == 1
    GP_KEY_T k = (GP_BITS_T)(u ^ (GP_BITS_T)((GP_BITS_T)1 << (GP_NBITS - 1)));
#else
    GP_KEY_T k = u;
#endif
    hi_out[i] = descending ? ~k : k;
#endif
}
