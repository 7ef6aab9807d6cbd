/* gparray.random's distributions, one kernel each, over the Philox streams of philox.cl.
 *
 * The host defines REAL (float or double: the precision the samples are computed in) and
 * GP_REAL_IS_DOUBLE when it is double. Every kernel writes out[first .. first+per) for its
 * work-item g, drawing from stream base + g; the generator then advances base by the number
 * of work-items, so successive calls never reuse a counter. Parameters p0/p1 are read at
 * i * s0 / i * s1: stride 0 for one value, 1 for an array of the output's shape.
 */

#ifdef GP_REAL_IS_DOUBLE
/* [0, 1) with 53 random bits */
inline REAL gp_uniform(gp_rng* s) { return (REAL)(gp_rng_u64(s) >> 11) * 0x1.0p-53; }
#else
/* [0, 1) with 24 random bits */
inline REAL gp_uniform(gp_rng* s) { return (REAL)(gp_rng_u32(s) >> 8) * 0x1.0p-24f; }
#endif

/* Box-Muller: two normals from two uniforms; the second is kept for the next call. */
inline REAL gp_normal(gp_rng* s)
{
    if (s->has_spare) {
        s->has_spare = 0;
        return (REAL)s->spare;
    }
    const REAL u1 = (REAL)1 - gp_uniform(s);        /* (0, 1]: log stays finite */
    const REAL u2 = gp_uniform(s);
    const REAL r = sqrt((REAL)-2 * log(u1));
    REAL c;
    const REAL sn = sincos((REAL)(2 * M_PI) * u2, &c);
    s->spare = r * sn;
    s->has_spare = 1;
    return r * c;
}

/* Marsaglia & Tsang (2000); shape < 1 through gamma(shape + 1) * U^(1/shape). */
inline REAL gp_gamma(gp_rng* s, REAL shape)
{
    if (shape <= 0)
        return 0;
    REAL boost = 1;
    if (shape < 1) {
        boost = pow((REAL)1 - gp_uniform(s), (REAL)1 / shape);
        shape += 1;
    }
    const REAL d = shape - (REAL)1 / 3, c = (REAL)1 / sqrt(9 * d);
    for (;;) {
        const REAL x = gp_normal(s);
        REAL v = 1 + c * x;
        if (v <= 0)
            continue;
        v = v * v * v;
        const REAL u = gp_uniform(s);
        if (u < 1 - (REAL)0.0331 * x * x * x * x)
            return d * v * boost;
        if (log(u) < (REAL)0.5 * x * x + d * (1 - v + log(v)))
            return d * v * boost;
    }
}

/* Johnk's method when both shapes are below 1 (X/(X+Y) of gammas underflows there), else
 * the ratio of two gammas; NumPy makes the same split. */
inline REAL gp_beta(gp_rng* s, REAL a, REAL b)
{
    if (a <= 1 && b <= 1) {
        for (;;) {
            const REAL u = gp_uniform(s), v = gp_uniform(s);
            const REAL x = pow(u, (REAL)1 / a), y = pow(v, (REAL)1 / b);
            const REAL xy = x + y;
            if (xy <= 1 && u + v > 0) {
                if (xy > 0)
                    return x / xy;
                REAL lx = log(u) / a, ly = log(v) / b;
                const REAL lm = fmax(lx, ly);
                lx -= lm;
                ly -= lm;
                return exp(lx - log(exp(lx) + exp(ly)));
            }
        }
    }
    const REAL x = gp_gamma(s, a), y = gp_gamma(s, b);
    return x / (x + y);
}

/* log(k!) without lgamma (slow on CPU devices): exact below 10, else Stirling's series
 * with three correction terms, as in Hoermann's BTRS/PTRS papers and NumPy. */
__constant REAL gp_log_fact_table[10] = {
    0.0, 0.0, 0.69314718055994531, 1.79175946922805500, 3.17805383034794562,
    4.78749174278204599, 6.57925121201010100, 8.52516136106541430, 10.60460290274525023,
    12.80182748008146961};

inline REAL gp_log_factorial(REAL k)
{
    if (k < 10)
        return gp_log_fact_table[(int)k];
    const REAL k1 = k + 1, r = 1 / (k1 * k1);
    return (k + (REAL)0.5) * log(k1) - k1 + (REAL)0.91893853320467274178
           + ((REAL)1 / 12 - ((REAL)1 / 360 - (REAL)1 / 1260 * r) * r) / k1;
}

/* Inversion by multiplication below 10, Hoermann's PTRS (1993) above, as NumPy. */
inline long gp_poisson(gp_rng* s, REAL lam)
{
    if (lam <= 0)
        return 0;
    if (lam < 10) {
        const REAL limit = exp(-lam);
        REAL prod = 1;
        long k = -1;
        do {
            ++k;
            prod *= gp_uniform(s);
        } while (prod > limit);
        return k;
    }
    const REAL slam = sqrt(lam), loglam = log(lam);
    const REAL b = (REAL)0.931 + (REAL)2.53 * slam;
    const REAL a = (REAL)-0.059 + (REAL)0.02483 * b;
    const REAL invalpha = (REAL)1.1239 + (REAL)1.1328 / (b - (REAL)3.4);
    const REAL vr = (REAL)0.9277 - (REAL)3.6224 / (b - 2);
    for (;;) {
        const REAL u = gp_uniform(s) - (REAL)0.5, v = gp_uniform(s);
        const REAL us = (REAL)0.5 - fabs(u);
        const REAL k = floor((2 * a / us + b) * u + lam + (REAL)0.43);
        if (us >= (REAL)0.07 && v <= vr)
            return (long)k;
        if (k < 0 || (us < (REAL)0.013 && v > us))
            continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b)
                <= -lam + k * loglam - gp_log_factorial(k))
            return (long)k;
    }
}

/* Inversion when n*min(p, 1-p) < 10, Hoermann's BTRS (1993) otherwise. */
inline long gp_binomial(gp_rng* s, REAL nr, REAL p)
{
    const long n = (long)nr;
    if (n <= 0 || p <= 0)
        return 0;
    if (p >= 1)
        return n;
    const int flip = p > (REAL)0.5;
    const REAL pp = flip ? 1 - p : p, q = 1 - pp;
    long k;
    if (nr * pp < 10) {
        const REAL ratio = pp / q, a = (nr + 1) * ratio;
        const REAL r0 = exp(nr * log(q));
        REAL r = r0;
        REAL u = gp_uniform(s);
        k = 0;
        while (u > r && k < n) {
            u -= r;
            ++k;
            r *= a / (REAL)k - ratio;
            if (r <= 0) {        /* rounding ran out the table: start over */
                u = gp_uniform(s);
                r = r0;
                k = 0;
            }
        }
    } else {
        const REAL spq = sqrt(nr * pp * q);
        const REAL b = (REAL)1.15 + (REAL)2.53 * spq;
        const REAL a = (REAL)-0.0873 + (REAL)0.0248 * b + (REAL)0.01 * pp;
        const REAL c = nr * pp + (REAL)0.5;
        const REAL vr = (REAL)0.92 - (REAL)4.2 / b;
        const REAL alpha = ((REAL)2.83 + (REAL)5.1 / b) * spq;
        const REAL lpq = log(pp / q);
        const REAL m = floor((nr + 1) * pp);
        const REAL h = gp_log_factorial(m) + gp_log_factorial(nr - m);
        for (;;) {
            const REAL u = gp_uniform(s) - (REAL)0.5;
            REAL v = gp_uniform(s);
            const REAL us = (REAL)0.5 - fabs(u);
            const REAL kk = floor((2 * a / us + b) * u + c);
            if (kk < 0 || kk > nr)
                continue;
            if (us >= (REAL)0.07 && v <= vr) {
                k = (long)kk;
                break;
            }
            v = log(v * alpha / (a / (us * us) + b));
            if (v <= h - gp_log_factorial(kk) - gp_log_factorial(nr - kk) + (kk - m) * lpq) {
                k = (long)kk;
                break;
            }
        }
    }
    return flip ? n - k : k;
}

#define GP_RNG_KERNEL(NAME, OUT, EXPR)                                                   \
__kernel void NAME(__global OUT* out, const long n, const long per, const uint k0,        \
                   const uint k1, const ulong base, __global const REAL* p0, const long s0, \
                   __global const REAL* p1, const long s1)                                \
{                                                                                         \
    const long g = get_global_id(0);                                                      \
    const long first = g * per;                                                           \
    if (first >= n)                                                                       \
        return;                                                                           \
    gp_rng st;                                                                            \
    gp_rng* s = &st;                                                                      \
    gp_rng_init(s, base + (ulong)g, k0, k1);                                              \
    const long last = min(first + per, n);                                                \
    for (long i = first; i < last; ++i) {                                                 \
        const REAL a = p0[i * s0], b = p1[i * s1];                                        \
        out[i] = (EXPR);                                                                  \
    }                                                                                     \
}

GP_RNG_KERNEL(rng_gamma, REAL, b * gp_gamma(s, a))
GP_RNG_KERNEL(rng_beta, REAL, gp_beta(s, a, b))
GP_RNG_KERNEL(rng_poisson, long, gp_poisson(s, a))
GP_RNG_KERNEL(rng_binomial, long, gp_binomial(s, a, b))

/* The plain fills (standard uniform, normal and exponential; the host applies loc/scale
 * afterwards) run Philox on 16 streams per work-item in explicit vectors, with vector log
 * and sincos: PoCL does not vectorise the stateful kernels above, nor transcendental calls
 * across work-items (measured 4-8x slower). Work-item g draws one block from each of the
 * streams base + 16 g + l, l < 16, and writes word w of lane l to out[g * GP_BLOCK_VALUES +
 * w * 16 + l]: four float values per block, or two doubles from word pairs. The streams go
 * GP_RW at a time (GP_RW: the vector width the host confirmed for this device, 1 for
 * scalars); every lane computes the same as the others, so the values do not depend on it. */
#ifndef GP_RW
#define GP_RW 16
#endif
#define GP_RNG_STREAMS 16
#ifdef GP_REAL_IS_DOUBLE
#define GP_BLOCK_WORDS 2
#else
#define GP_BLOCK_WORDS 4
#endif
#define GP_BLOCK_VALUES (GP_BLOCK_WORDS * GP_RNG_STREAMS)
typedef GP_VEC(uint, GP_RW) gp_uintv;
typedef GP_VEC(ulong, GP_RW) gp_ulongv;
typedef GP_VEC(REAL, GP_RW) gp_realv;

inline void gp_philox_v(gp_uintv* c0, gp_uintv* c1, gp_uintv* c2, gp_uintv* c3, uint k0,
                        uint k1)
{
    gp_uintv x0 = *c0, x1 = *c1, x2 = *c2, x3 = *c3;
    for (int round = 0; round < 10; ++round) {
        const gp_ulongv p0 = GP_CONVERT(ulong, GP_RW, x0) * (ulong)GP_PHILOX_M0;
        const gp_ulongv p1 = GP_CONVERT(ulong, GP_RW, x2) * (ulong)GP_PHILOX_M1;
        const gp_uintv y0 = GP_CONVERT(uint, GP_RW, p1 >> 32) ^ x1 ^ k0;
        const gp_uintv y2 = GP_CONVERT(uint, GP_RW, p0 >> 32) ^ x3 ^ k1;
        x1 = GP_CONVERT(uint, GP_RW, p1);
        x3 = GP_CONVERT(uint, GP_RW, p0);
        x0 = y0;
        x2 = y2;
        k0 += GP_PHILOX_W0;
        k1 += GP_PHILOX_W1;
    }
    *c0 = x0; *c1 = x1; *c2 = x2; *c3 = x3;
}

/* Block 0 of the GP_RW streams stream0 + l, l < GP_RW, as vectors of words. */
inline void gp_philox_block0(gp_uintv* w0, gp_uintv* w1, gp_uintv* w2, gp_uintv* w3,
                             ulong stream0, uint k0, uint k1)
{
    const gp_ulongv streams = (gp_ulongv)(stream0) + GP_IOTA(ulong, GP_RW);
    *w0 = GP_CONVERT(uint, GP_RW, streams);
    *w1 = GP_CONVERT(uint, GP_RW, streams >> 32);
    *w2 = (gp_uintv)(0u);
    *w3 = (gp_uintv)(0u);
    gp_philox_v(w0, w1, w2, w3, k0, k1);
}

/* kind 0: uniform [0, 1); 1: standard normal (Box-Muller); 2: standard exponential. */
inline void gp_transform(gp_realv* u, int kind)
{
    if (kind == 1) {
        for (int t = 0; t < GP_BLOCK_WORDS; t += 2) {
            const gp_realv r = sqrt((REAL)-2 * log((REAL)1 - u[t]));
            gp_realv c;
            const gp_realv sn = sincos((REAL)(2 * M_PI) * u[t + 1], &c);
            u[t] = r * c;
            u[t + 1] = r * sn;
        }
    } else if (kind == 2) {
        for (int t = 0; t < GP_BLOCK_WORDS; ++t)
            u[t] = -log((REAL)1 - u[t]);
    }
}

/* The values of block 0 of the GP_RW streams from stream0: word t of lane l in u[t]. */
inline void gp_block_values(gp_realv* u, ulong stream0, uint k0, uint k1, int kind)
{
    gp_uintv c0, c1, c2, c3;
    gp_philox_block0(&c0, &c1, &c2, &c3, stream0, k0, k1);
#ifdef GP_REAL_IS_DOUBLE
    /* 53 bits from each word pair; through long, whose conversion to double vectorises */
    const gp_ulongv w01 = (GP_CONVERT(ulong, GP_RW, c0) << 32) | GP_CONVERT(ulong, GP_RW, c1);
    const gp_ulongv w23 = (GP_CONVERT(ulong, GP_RW, c2) << 32) | GP_CONVERT(ulong, GP_RW, c3);
    u[0] = GP_CONVERT(double, GP_RW, GP_CONVERT(long, GP_RW, w01 >> 11)) * 0x1.0p-53;
    u[1] = GP_CONVERT(double, GP_RW, GP_CONVERT(long, GP_RW, w23 >> 11)) * 0x1.0p-53;
#else
    u[0] = GP_CONVERT(float, GP_RW, GP_CONVERT(int, GP_RW, c0 >> 8)) * 0x1.0p-24f;
    u[1] = GP_CONVERT(float, GP_RW, GP_CONVERT(int, GP_RW, c1 >> 8)) * 0x1.0p-24f;
    u[2] = GP_CONVERT(float, GP_RW, GP_CONVERT(int, GP_RW, c2 >> 8)) * 0x1.0p-24f;
    u[3] = GP_CONVERT(float, GP_RW, GP_CONVERT(int, GP_RW, c3 >> 8)) * 0x1.0p-24f;
#endif
    gp_transform(u, kind);
}

__kernel void rng_block(__global REAL* out, const long n, const uint k0, const uint k1,
                        const ulong base, const int kind)
{
    const long g = get_global_id(0);
    const long first = g * GP_BLOCK_VALUES;
    if (first >= n)
        return;
    const ulong stream0 = base + (ulong)g * GP_RNG_STREAMS;
    gp_realv u[GP_BLOCK_WORDS];
    if (first + GP_BLOCK_VALUES <= n) {
        for (int c = 0; c < GP_RNG_STREAMS; c += GP_RW) {
            gp_block_values(u, stream0 + c, k0, k1, kind);
            for (int t = 0; t < GP_BLOCK_WORDS; ++t)
                GP_VSTORE_W(GP_RW, u[t], out + first + GP_RNG_STREAMS * t + c);
        }
    } else {
        REAL tail[GP_BLOCK_VALUES];
        for (int c = 0; c < GP_RNG_STREAMS; c += GP_RW) {
            gp_block_values(u, stream0 + c, k0, k1, kind);
            for (int t = 0; t < GP_BLOCK_WORDS; ++t)
                GP_VSTORE_W(GP_RW, u[t], tail + GP_RNG_STREAMS * t + c);
        }
        for (long i = first; i < n; ++i)
            out[i] = tail[i - first];
    }
}
