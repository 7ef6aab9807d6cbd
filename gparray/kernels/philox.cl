/* Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
 * counter-based generator behind gparray.random. One call maps a 128-bit counter and a
 * 64-bit key to 128 random bits; distinct counters give independent blocks, so every
 * work-item can compute its own numbers with no shared state.
 *
 * gp_rng is one work-item's stream: counter words x, y hold the stream number (the
 * generator's base counter plus the work-item id), word z counts the blocks the work-item
 * has drawn, word w is 0. Known answer (Random123): counter 0, key 0 ->
 * 6627e8d5 e169c58d bc57ac4c 9b00dbd8. */

#define GP_PHILOX_M0 0xD2511F53u
#define GP_PHILOX_M1 0xCD9E8D57u
#define GP_PHILOX_W0 0x9E3779B9u
#define GP_PHILOX_W1 0xBB67AE85u

/* Scalar words and 64-bit products rather than uint4 and mul_hi: PoCL vectorises this
 * form across work-items and not the other (measured 8x faster on a 2-core AVX-512 host). */
inline void gp_philox4x32_10(uint* c0, uint* c1, uint* c2, uint* c3, uint k0, uint k1)
{
    uint x0 = *c0, x1 = *c1, x2 = *c2, x3 = *c3;
    for (int round = 0; round < 10; ++round) {
        const ulong p0 = (ulong)GP_PHILOX_M0 * x0, p1 = (ulong)GP_PHILOX_M1 * x2;
        const uint y0 = (uint)(p1 >> 32) ^ x1 ^ k0, y2 = (uint)(p0 >> 32) ^ x3 ^ k1;
        x1 = (uint)p1;
        x3 = (uint)p0;
        x0 = y0;
        x2 = y2;
        k0 += GP_PHILOX_W0;
        k1 += GP_PHILOX_W1;
    }
    *c0 = x0; *c1 = x1; *c2 = x2; *c3 = x3;
}

/* The samplers' precision (random_dist.cl defines it before this text); the spare normal
 * must not be a double on devices without fp64. */
#ifndef REAL
#define REAL float
#endif

typedef struct {
    uint ctr0, ctr1, ctr2;
    uint key0, key1;
    uint b0, b1, b2, b3;   /* unread words, next first (a shift, not an indexed array,
                              keeps the state in registers) */
    int left;              /* how many of them */
    int has_spare;         /* a second Box-Muller normal is waiting */
    REAL spare;
} gp_rng;

inline void gp_rng_init(gp_rng* s, ulong stream, uint k0, uint k1)
{
    s->ctr0 = (uint)stream;
    s->ctr1 = (uint)(stream >> 32);
    s->ctr2 = 0u;
    s->key0 = k0;
    s->key1 = k1;
    s->b0 = s->b1 = s->b2 = s->b3 = 0u;
    s->left = 0;
    s->has_spare = 0;
    s->spare = 0;
}

inline uint gp_rng_u32(gp_rng* s)
{
    if (s->left == 0) {
        s->b0 = s->ctr0; s->b1 = s->ctr1; s->b2 = s->ctr2; s->b3 = 0u;
        gp_philox4x32_10(&s->b0, &s->b1, &s->b2, &s->b3, s->key0, s->key1);
        s->ctr2 += 1u;
        s->left = 4;
    }
    const uint r = s->b0;
    s->b0 = s->b1;
    s->b1 = s->b2;
    s->b2 = s->b3;
    s->left -= 1;
    return r;
}

inline ulong gp_rng_u64(gp_rng* s)
{
    const ulong hi = gp_rng_u32(s);
    return (hi << 32) | gp_rng_u32(s);
}
