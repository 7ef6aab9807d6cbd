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

/* The common case, one low and one range r < 2^32 for the whole array: 16 Philox streams per
 * work-item in vectors (streams base + 16 g + l, as rng_block in random_dist.cl, GP_RW at a
 * time), 64 values per work-item by Lemire's multiply-shift, whose low word below
 * threshold = 2^32 mod r marks the rare draws to reject; those are redrawn one at a time
 * from the same lane's stream, blocks 1, 2, ... (the vector pass used block 0). */
__kernel void rng_integers32(__global ITYPE* out, const long n, const uint k0, const uint k1,
                             const ulong base, const ulong low, const uint r,
                             const uint threshold)
{
    const long g = get_global_id(0);
    const long first = g * 64;
    if (first >= n)
        return;
    const ulong stream0 = base + (ulong)g * GP_RNG_STREAMS;
    ulong vals[64];
    int rejected = 0;
    for (int c = 0; c < GP_RNG_STREAMS; c += GP_RW) {
        gp_uintv w[4];
        gp_philox_block0(&w[0], &w[1], &w[2], &w[3], stream0 + c, k0, k1);
        for (int t = 0; t < 4; ++t) {
            const gp_ulongv p = GP_CONVERT(ulong, GP_RW, w[t]) * (ulong)r;
            rejected |= GP_ANY(GP_RW, GP_CONVERT(uint, GP_RW, p) < threshold);
            GP_VSTORE_W(GP_RW, (p >> 32) + low, vals + GP_RNG_STREAMS * t + c);
        }
    }
    if (rejected) {            /* rare: draw block 0 again to find the rejected words */
        uint words[64];        /* no variable subscripts on vectors: not every compiler */
        for (int c = 0; c < GP_RNG_STREAMS; c += GP_RW) {
            gp_uintv w[4];
            gp_philox_block0(&w[0], &w[1], &w[2], &w[3], stream0 + c, k0, k1);
            for (int t = 0; t < 4; ++t)
                GP_VSTORE_W(GP_RW, w[t], words + GP_RNG_STREAMS * t + c);
        }
        for (int t = 0; t < 4; ++t) {
            for (int l = 0; l < GP_RNG_STREAMS; ++l) {
                uint x = words[GP_RNG_STREAMS * t + l];
                if ((uint)((ulong)x * r) >= threshold)
                    continue;
                gp_rng st;
                gp_rng_init(&st, stream0 + l, k0, k1);
                st.ctr2 = 1u + (uint)t * 0x1000000u;    /* past block 0; distinct per word */
                do {
                    x = gp_rng_u32(&st);
                } while ((uint)((ulong)x * r) < threshold);
                vals[GP_RNG_STREAMS * t + l] = low + (((ulong)x * r) >> 32);
            }
        }
    }
    const long count = min((long)64, n - first);
    for (long i = 0; i < count; ++i)
        out[first + i] = (ITYPE)vals[i];
}
