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

inline uint4 gp_philox4x32_10(uint4 c, uint2 k)
{
    for (int round = 0; round < 10; ++round) {
        const uint hi0 = mul_hi(GP_PHILOX_M0, c.x), lo0 = GP_PHILOX_M0 * c.x;
        const uint hi1 = mul_hi(GP_PHILOX_M1, c.z), lo1 = GP_PHILOX_M1 * c.z;
        c = (uint4)(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
        k.x += GP_PHILOX_W0;
        k.y += GP_PHILOX_W1;
    }
    return c;
}

typedef struct {
    uint4 ctr;
    uint2 key;
    uint buf[4];
    int left;           /* unread words of buf */
    int has_spare;      /* a second Box-Muller normal is waiting */
    double spare;
} gp_rng;

inline void gp_rng_init(gp_rng* s, ulong stream, uint k0, uint k1)
{
    s->ctr = (uint4)((uint)stream, (uint)(stream >> 32), 0u, 0u);
    s->key = (uint2)(k0, k1);
    s->left = 0;
    s->has_spare = 0;
    s->spare = 0;
}

inline uint gp_rng_u32(gp_rng* s)
{
    if (s->left == 0) {
        const uint4 r = gp_philox4x32_10(s->ctr, s->key);
        s->buf[0] = r.x; s->buf[1] = r.y; s->buf[2] = r.z; s->buf[3] = r.w;
        s->ctr.z += 1u;
        s->left = 4;
    }
    s->left -= 1;
    return s->buf[3 - s->left];
}

inline ulong gp_rng_u64(gp_rng* s)
{
    const ulong hi = gp_rng_u32(s);
    return (hi << 32) | gp_rng_u32(s);
}
