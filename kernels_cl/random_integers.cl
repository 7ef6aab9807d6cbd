/* Uniform integers in [low, low + range) for gparray.random: unbiased by rejection (draws
 * below 2^w mod range are redrawn), 32-bit draws when the range fits in 32 bits. range 0
 * stands for 2^64. The host defines ITYPE, the output's C type. */
__kernel void rng_integers(__global ITYPE* out, const long n, const long per, const uint k0,
                           const uint k1, const ulong base, __global const ulong* low,
                           const long s0, __global const ulong* range, const long s1)
{
    const long g = get_global_id(0);
    const long first = g * per;
    if (first >= n)
        return;
    gp_rng st;
    gp_rng_init(&st, base + (ulong)g, k0, k1);
    const long last = min(first + per, n);
    for (long i = first; i < last; ++i) {
        const ulong r = range[i * s1];
        ulong x;
        if (r == 0) {
            x = gp_rng_u64(&st);
        } else if (r <= 0x100000000UL) {
            const uint r32 = (uint)r;                 /* 2^32 wraps to 0: every draw fits */
            const uint threshold = r32 ? (uint)(-r32) % r32 : 0u;
            uint y;
            do {
                y = gp_rng_u32(&st);
            } while (y < threshold);
            x = r32 ? y % r32 : y;
        } else {
            const ulong threshold = (0UL - r) % r;
            do {
                x = gp_rng_u64(&st);
            } while (x < threshold);
            x %= r;
        }
        out[i] = (ITYPE)(low[i * s0] + x);
    }
}
