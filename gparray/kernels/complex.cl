/*
 * complex.cl: complex arithmetic and math functions for gparray kernels.
 *
 * Paste this text ahead of kernel code (OpenCL C 1.2, no includes).  A complex
 * number is a float2 (complex64) or a double2 (complex128): .x real, .y imag.
 * GP_COMPLEX_FUNCS(CT, RT, P) defines the functions P_name for one type; it is
 * instantiated below as cf_* (float2, always) and as cd_* (double2, only when
 * the includer defines GP_HAS_FP64).  float functions compute in float only.
 *
 * Results follow NumPy 2 on Linux, which takes its loops from numpy/_core/src
 * and the C99 functions (cexp, clog, csqrt, casin, ...) from glibc: special
 * values per C99 Annex G, and branch cuts on the axes, where the sign of a
 * zero part picks the side.  The algorithms are msun's (FreeBSD, as vendored
 * by NumPy in npy_math_complex.c.src), with glibc's choices where Annex G
 * leaves a sign open.  Deliberate deviations, all in accuracy, none in special
 * values:
 *   - log1p is accurate for small |z| and for |1+z| near 1 (NumPy computes
 *     log(hypot(1+x, y)), which loses all digits for tiny z).
 *   - log is accurate near |z| = 1 (x*x + y*y - 1 via error-free products).
 *   - sign does not overflow in hypot for huge finite parts (NumPy's complex64
 *     sign(3e38+3e38j) is 1j).
 * Every function body turns FP_CONTRACT off: compilers otherwise fuse a*b - c*d
 * into an fma, so that e.g. (z * conj(z)).imag would not be exactly 0.
 */
#ifndef GP_COMPLEX_CL
#define GP_COMPLEX_CL

#ifdef GP_HAS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#define GP_C_NOCONTRACT _Pragma("OPENCL FP_CONTRACT OFF")

/* Per-type constants, named GP_<prefix>_<NAME> so that the macro body can
   build them by token pasting (GP_##P##_EPS). */
#define GP_cf_EPS FLT_EPSILON
#define GP_cf_MAX FLT_MAX
#define GP_cf_MIN FLT_MIN
#define GP_cf_MANT_DIG 24
#define GP_cf_SQRT_MIN 1.0842021724855044e-19f          /* sqrt(FLT_MIN) */
#define GP_cf_FOUR_SQRT_MIN 4.3368086899420177e-19f
#define GP_cf_QUARTER_SQRT_MAX 4.611685743549481e+18f
#define GP_cf_SQRT_6_EPS 8.4572793338e-4f               /* sqrt(6 eps) */
#define GP_cf_SQRT_3_EPS 5.9801995673e-4f               /* sqrt(3 eps) */
#define GP_cf_EXP_SAFE 88.0f           /* exp(x) is finite up to here */
#define GP_cf_EXP_HUGE 192.69492f /* log(2 FLT_MAX / smallest subnormal) */
#define GP_cf_COSH_BIG 9.0f        /* cosh(x) == exp(|x|)/2 in float beyond */
#define GP_cf_TANH_HUGE 11.0f
#define GP_cf_PI M_PI_F
#define GP_cf_PI_2 M_PI_2_F
#define GP_cf_PI_4 M_PI_4_F
#define GP_cf_PIO2_HI 1.57079637050628662109375f       /* float(pi/2) */
#define GP_cf_PIO2_LO -4.37113900018624283e-8f          /* pi/2 - PIO2_HI */
#define GP_cf_E M_E_F
#define GP_cf_LN2 M_LN2_F
#define GP_cf_LN2_HI 0.693115234375f       /* 12 bits: k * LN2_HI is exact */
#define GP_cf_LN2_LO 3.1946184945309417e-05f               /* ln2 - LN2_HI */
#define GP_cf_LOG2E M_LOG2E_F
#define GP_cf_LOG10E M_LOG10E_F

#define GP_cd_EPS DBL_EPSILON
#define GP_cd_MAX DBL_MAX
#define GP_cd_MIN DBL_MIN
#define GP_cd_MANT_DIG 53
#define GP_cd_SQRT_MIN 1.4916681462400413e-154
#define GP_cd_FOUR_SQRT_MIN 5.9666725849601654e-154
#define GP_cd_QUARTER_SQRT_MAX 3.3519519824856489e+153
#define GP_cd_SQRT_6_EPS 3.65002414998885671e-08
#define GP_cd_SQRT_3_EPS 2.5809568279517849e-8
#define GP_cd_EXP_SAFE 709.0
#define GP_cd_EXP_HUGE 1454.9159319953251
#define GP_cd_COSH_BIG 22.0
#define GP_cd_TANH_HUGE 22.0
#define GP_cd_PI M_PI
#define GP_cd_PI_2 M_PI_2
#define GP_cd_PI_4 M_PI_4
#define GP_cd_PIO2_HI 1.5707963267948966
#define GP_cd_PIO2_LO 6.123233995736766e-17
#define GP_cd_E M_E
#define GP_cd_LN2 M_LN2
#define GP_cd_LN2_HI 6.93147180369123816490e-01    /* fdlibm's ln2_hi */
#define GP_cd_LN2_LO 1.90821492927058770002e-10
#define GP_cd_LOG2E M_LOG2E
#define GP_cd_LOG10E M_LOG10E


/* ------------------------------------------------------------------------
 * Construction, arithmetic (NumPy's loops.c.src formulas), abs, arg.
 * ------------------------------------------------------------------------ */
#define GP_C_ARITH(CT, RT, P)                                                  \
static inline CT P##_from_real(RT r) { return (CT)(r, (RT)0); }                \
static inline CT P##_pos(CT a) { return a; }                                   \
static inline CT P##_neg(CT a) { return -a; }                                  \
static inline CT P##_conj(CT a) { return (CT)(a.x, -a.y); }                    \
static inline CT P##_add(CT a, CT b) { return a + b; }                         \
static inline CT P##_sub(CT a, CT b) { return a - b; }                         \
                                                                               \
/* Textbook product, as NumPy: (inf+0j)*(1+0j) is inf+nanj. */                 \
static inline CT P##_mul(CT a, CT b)                                           \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    return (CT)(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);                 \
}                                                                              \
                                                                               \
static inline CT P##_square(CT a)                                              \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    return (CT)(a.x * a.x - a.y * a.y, a.x * a.y + a.y * a.x);                 \
}                                                                              \
                                                                               \
/* Smith's algorithm; a zero divisor gives inf or nan parts, as NumPy. */      \
static inline CT P##_div(CT a, CT b)                                           \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT abr = fabs(b.x), abi = fabs(b.y), rat, scl;                             \
    if (abr >= abi) {                                                          \
        if (abr == 0 && abi == 0)                                              \
            return (CT)(a.x / abr, a.y / abi);                                 \
        rat = b.y / b.x;                                                       \
        scl = (RT)1 / (b.x + b.y * rat);                                       \
        return (CT)((a.x + a.y * rat) * scl, (a.y - a.x * rat) * scl);         \
    }                                                                          \
    rat = b.x / b.y;                                                           \
    scl = (RT)1 / (b.y + b.x * rat);                                           \
    return (CT)((a.x * rat + a.y) * scl, (a.y * rat - a.x) * scl);             \
}                                                                              \
                                                                               \
static inline CT P##_reciprocal(CT a)                                          \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT r, d;                                                                   \
    if (fabs(a.y) <= fabs(a.x)) {                                              \
        r = a.y / a.x;                                                         \
        d = a.x + a.y * r;                                                     \
        return (CT)((RT)1 / d, -r / d);                                        \
    }                                                                          \
    r = a.x / a.y;                                                             \
    d = a.x * r + a.y;                                                         \
    return (CT)(r / d, (RT)-1 / d);                                            \
}                                                                              \
                                                                               \
static inline RT P##_abs(CT a) { return hypot(a.x, a.y); }                     \
static inline RT P##_arg(CT a) { return atan2(a.y, a.x); }


/* ------------------------------------------------------------------------
 * Predicates, NumPy's lexicographic ordering, maximum/minimum, sign, rint.
 * ------------------------------------------------------------------------ */
#define GP_C_COMPARE(CT, RT, P)                                                \
static inline int P##_isnan(CT a) { return isnan(a.x) || isnan(a.y); }         \
static inline int P##_isinf(CT a) { return isinf(a.x) || isinf(a.y); }         \
static inline int P##_isfinite(CT a)                                           \
{                                                                              \
    return isfinite(a.x) && isfinite(a.y);                                     \
}                                                                              \
static inline int P##_iszero(CT a) { return a.x == 0 && a.y == 0; }            \
                                                                               \
/* NumPy's CLT, CLE, ...: the real parts decide unless they are equal; a nan   \
   imaginary part makes the real-part comparison false. */                     \
static inline int P##_lt(CT a, CT b)                                           \
{                                                                              \
    return (a.x < b.x && !isnan(a.y) && !isnan(b.y))                           \
           || (a.x == b.x && a.y < b.y);                                       \
}                                                                              \
static inline int P##_le(CT a, CT b)                                           \
{                                                                              \
    return (a.x < b.x && !isnan(a.y) && !isnan(b.y))                           \
           || (a.x == b.x && a.y <= b.y);                                      \
}                                                                              \
static inline int P##_gt(CT a, CT b)                                           \
{                                                                              \
    return (a.x > b.x && !isnan(a.y) && !isnan(b.y))                           \
           || (a.x == b.x && a.y > b.y);                                       \
}                                                                              \
static inline int P##_ge(CT a, CT b)                                           \
{                                                                              \
    return (a.x > b.x && !isnan(a.y) && !isnan(b.y))                           \
           || (a.x == b.x && a.y >= b.y);                                      \
}                                                                              \
static inline int P##_eq(CT a, CT b) { return a.x == b.x && a.y == b.y; }      \
static inline int P##_ne(CT a, CT b) { return a.x != b.x || a.y != b.y; }      \
                                                                               \
/* maximum/minimum propagate nan (the first operand's first); fmax/fmin        \
   prefer the operand without nan. */                                          \
static inline CT P##_maximum(CT a, CT b)                                       \
{                                                                              \
    return (P##_isnan(a) || P##_ge(a, b)) ? a : b;                             \
}                                                                              \
static inline CT P##_minimum(CT a, CT b)                                       \
{                                                                              \
    return (P##_isnan(a) || P##_le(a, b)) ? a : b;                             \
}                                                                              \
static inline CT P##_fmax(CT a, CT b)                                          \
{                                                                              \
    return (P##_isnan(b) || P##_ge(a, b)) ? a : b;                             \
}                                                                              \
static inline CT P##_fmin(CT a, CT b)                                          \
{                                                                              \
    return (P##_isnan(b) || P##_le(a, b)) ? a : b;                             \
}                                                                              \
                                                                               \
/* NumPy 2: z/|z|, 0 for 0, nan if a part is nan and none is infinite; with    \
   infinite parts the unit vector along the infinite axis (nan if both). */    \
static inline CT P##_sign(CT a)                                                \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT h;                                                                      \
    if (isinf(a.x) || isinf(a.y)) {                                            \
        if (isinf(a.x) && isinf(a.y))                                          \
            return (CT)(NAN, NAN);                                             \
        if (isinf(a.x))                                                        \
            return (CT)(a.x > 0 ? (RT)1 : (RT)-1, (RT)0);                      \
        return (CT)((RT)0, a.y > 0 ? (RT)1 : (RT)-1);                          \
    }                                                                          \
    if (isnan(a.x) || isnan(a.y))                                              \
        return (CT)(NAN, NAN);                                                 \
    if (a.x == 0 && a.y == 0)                                                  \
        return (CT)((RT)0, (RT)0);                                             \
    h = hypot(a.x, a.y);                                                       \
    if (isinf(h)) {            /* |z| overflows: scale, exactly, by 1/2 */     \
        a *= (RT)0.5;                                                          \
        h = hypot(a.x, a.y);                                                   \
    }                                                                          \
    return (CT)(a.x / h, a.y / h);                                             \
}                                                                              \
                                                                               \
/* Each part rounded half to even. */                                          \
static inline CT P##_rint(CT a) { return (CT)(rint(a.x), rint(a.y)); }


/* ------------------------------------------------------------------------
 * exp, log and relatives.
 * ------------------------------------------------------------------------ */
#define GP_C_EXPLOG(CT, RT, P)                                                 \
/* a + b = s + e exactly (Knuth's TwoSum), returned as (s, e). */              \
static inline CT P##__two_sum(RT a, RT b)                                      \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT s = a + b, v = s - a;                                                   \
    return (CT)(s, (a - (s - v)) + (b - v));                                   \
}                                                                              \
                                                                               \
/* t + a*a + b*b to an ulp or so even when the terms cancel to far below       \
   their size (x*x + y*y - 1 near the unit circle): the products are split     \
   exactly with fma, and the five terms are summed as in triple precision      \
   (Ogita, Rump and Oishi's SumK with K = 3: two error-free passes). */        \
static inline RT P##__sum_sq(RT t, RT a, RT b)                                 \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT p[5];                                                                   \
    CT q;                                                                      \
    int i, k;                                                                  \
    p[0] = t;                                                                  \
    p[1] = a * a;                                                              \
    p[2] = fma(a, a, -p[1]);                                                   \
    p[3] = b * b;                                                              \
    p[4] = fma(b, b, -p[3]);                                                   \
    for (k = 0; k < 2; k++)                                                    \
        for (i = 1; i < 5; i++) {                                              \
            q = P##__two_sum(p[i], p[i - 1]);                                  \
            p[i] = q.x;                                                        \
            p[i - 1] = q.y;                                                    \
        }                                                                      \
    return (((p[0] + p[1]) + p[2]) + p[3]) + p[4];                             \
}                                                                              \
                                                                               \
/* exp(x) * 2**expt * (cos y + i sin y) for x where exp(x) alone overflows.    \
   x = k ln2 + r with |r| <= ln2/2 (k LN2_HI is exact), so exp is evaluated    \
   on a small argument and no digit is lost to the reduction. */               \
static inline CT P##__scaled_cexp(RT x, RT y, int expt)                        \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT k = rint(x * GP_##P##_LOG2E);                                           \
    RT e = exp((x - k * GP_##P##_LN2_HI) - k * GP_##P##_LN2_LO);               \
    int ec, es, n = (int)k + expt;                                             \
    RT mc = frexp(cos(y), &ec), ms = frexp(sin(y), &es);                       \
    return (CT)(ldexp(e * mc, n + ec), ldexp(e * ms, n + es));                 \
}                                                                              \
                                                                               \
static inline CT P##_exp(CT z)                                                 \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, e, v;                                                 \
    if (isfinite(x)) {                                                         \
        if (y == 0)                                                            \
            return (CT)(exp(x), y);                                            \
        if (!isfinite(y))                                                      \
            return (CT)(NAN, NAN);                                             \
        if (x > GP_##P##_EXP_HUGE)        /* overflows whatever sin, cos */    \
            return (CT)(copysign((RT)INFINITY, cos(y)),                        \
                        copysign((RT)INFINITY, sin(y)));                       \
        if (x > GP_##P##_EXP_SAFE)                                             \
            return P##__scaled_cexp(x, y, 0);                                  \
        e = exp(x);                                                            \
        return (CT)(e * cos(y), e * sin(y));                                   \
    }                                                                          \
    if (isinf(x)) {                                                            \
        if (isfinite(y)) {                                                     \
            v = x > 0 ? (RT)INFINITY : (RT)0;                                  \
            if (y == 0)                                                        \
                return (CT)(v, y);                                             \
            return (CT)(copysign(v, cos(y)), copysign(v, sin(y)));             \
        }                                                                      \
        if (x > 0)                                                             \
            return (CT)(x, y - y);                                             \
        return (CT)((RT)0, copysign((RT)0, y));                                \
    }                                                                          \
    return (CT)(x, y == 0 ? y : (RT)NAN);             /* x is nan */           \
}                                                                              \
                                                                               \
/* NumPy: exp(z * ln2). */                                                     \
static inline CT P##_exp2(CT z) { return P##_exp(z * GP_##P##_LN2); }          \
                                                                               \
/* NumPy's formula (also its special values, e.g. expm1(inf+0j) = inf+nanj):   \
   Re = expm1(x) cos(y) - 2 sin(y/2)**2 keeps digits for small |z|. */         \
static inline CT P##_expm1(CT z)                                               \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT a = sin(z.y / 2);                                                       \
    return (CT)(expm1(z.x) * cos(z.y) - 2 * a * a, exp(z.x) * sin(z.y));       \
}                                                                              \
                                                                               \
/* log|x + iy| as NumPy's clog fallback (CPython's algorithm): rescale when    \
   |z| is huge or subnormal; near |z| = 1 use log1p(x*x + y*y - 1), with that  \
   argument computed exactly enough. */                                        \
static inline RT P##__log_abs(RT x, RT y)                                      \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT ax = fabs(x), ay = fabs(y), h;                                          \
    if (isinf(ax) || isinf(ay))                                                \
        return (RT)INFINITY;                                                   \
    if (isnan(ax) || isnan(ay))                                                \
        return (RT)NAN;                                                        \
    if (ax > GP_##P##_MAX / 4 || ay > GP_##P##_MAX / 4)                        \
        return log(hypot(ax / 2, ay / 2)) + GP_##P##_LN2;                      \
    if (ax < GP_##P##_MIN && ay < GP_##P##_MIN) {                              \
        if (ax == 0 && ay == 0)                                                \
            return -(RT)INFINITY;                                              \
        return log(hypot(ldexp(ax, GP_##P##_MANT_DIG),                         \
                         ldexp(ay, GP_##P##_MANT_DIG)))                        \
               - GP_##P##_MANT_DIG * GP_##P##_LN2;                             \
    }                                                                          \
    h = hypot(ax, ay);                                                         \
    if (h >= (RT)0.71 && h <= (RT)1.73)                                        \
        return log1p(P##__sum_sq((RT)-1, ax, ay)) / 2;                         \
    return log(h);                                                             \
}                                                                              \
                                                                               \
static inline CT P##_log(CT z)                                                 \
{                                                                              \
    return (CT)(P##__log_abs(z.x, z.y), atan2(z.y, z.x));                      \
}                                                                              \
                                                                               \
static inline CT P##_log2(CT z) { return P##_log(z) * GP_##P##_LOG2E; }        \
static inline CT P##_log10(CT z) { return P##_log(z) * GP_##P##_LOG10E; }      \
                                                                               \
/* log(1 + z), with NumPy's special values (those of log(hypot(1+x, y)) and    \
   atan2(y, 1+x)), but accurate: where |1+z| is near 1 the real part is        \
   log1p(2x + x*x + y*y) / 2, elsewhere log|1+z| free of overflow. */          \
static inline CT P##_log1p(CT z)                                               \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, xp1 = x + 1, h = hypot(xp1, y), rr;                   \
    if (isfinite(x) && isfinite(y) && h >= (RT)0.71 && h <= (RT)1.73)          \
        rr = log1p(P##__sum_sq(2 * x, x, y)) / 2;                              \
    else                                                                       \
        rr = P##__log_abs(xp1, y);                                             \
    return (CT)(rr, atan2(y, xp1));                                            \
}                                                                              \
                                                                               \
/* glibc's csqrt: 2 Re Im = y avoids cancellation in |z| -/+ x. */             \
static inline CT P##_sqrt(CT z)                                                \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, d, r, s;                                              \
    int scale = 0;                                                             \
    if (isinf(y))                                                              \
        return (CT)((RT)INFINITY, y);                                          \
    if (isinf(x)) {                                                            \
        if (x < 0)                                                             \
            return (CT)(isnan(y) ? (RT)NAN : (RT)0,                            \
                        copysign((RT)INFINITY, y));                            \
        return (CT)(x, isnan(y) ? (RT)NAN : copysign((RT)0, y));               \
    }                                                                          \
    if (isnan(x) || isnan(y))                                                  \
        return (CT)(NAN, NAN);                                                 \
    if (y == 0) {                                                              \
        if (x < 0)                                                             \
            return (CT)((RT)0, copysign(sqrt(-x), y));                         \
        return (CT)(fabs(sqrt(x)), copysign((RT)0, y));                        \
    }                                                                          \
    if (fabs(x) > GP_##P##_MAX / 4 || fabs(y) > GP_##P##_MAX / 4) {            \
        x *= (RT)0.25;                                                         \
        y *= (RT)0.25;                                                         \
        scale = 1;                                                             \
    }                                                                          \
    else if (fabs(x) < 4 * GP_##P##_MIN && fabs(y) < 4 * GP_##P##_MIN) {       \
        x = ldexp(x, 2 * GP_##P##_MANT_DIG);                                   \
        y = ldexp(y, 2 * GP_##P##_MANT_DIG);                                   \
        scale = -GP_##P##_MANT_DIG;                                            \
    }                                                                          \
    d = hypot(x, y);                                                           \
    if (x == 0) {                                                              \
        r = s = sqrt((RT)0.5 * d);                                             \
    }                                                                          \
    else if (x > 0) {                                                          \
        r = sqrt((RT)0.5 * (d + x));                                           \
        s = fabs((RT)0.5 * (y / r));                                           \
    }                                                                          \
    else {                                                                     \
        s = sqrt((RT)0.5 * (d - x));                                           \
        r = fabs((RT)0.5 * (y / s));                                           \
    }                                                                          \
    if (scale) {                                                               \
        r = ldexp(r, scale);                                                   \
        s = ldexp(s, scale);                                                   \
    }                                                                          \
    return (CT)(r, copysign(s, y));                                            \
}                                                                              \
                                                                               \
/* C99 (Annex G) product, as the compiled z*w inside glibc's cpow: when the    \
   textbook product is nan+nanj, infinities are recovered. */                  \
static inline CT P##__mul_c99(CT z, CT w)                                      \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT a = z.x, b = z.y, c = w.x, d = w.y;                                     \
    RT ac = a * c, bd = b * d, ad = a * d, bc = b * c;                         \
    RT x = ac - bd, y = ad + bc;                                               \
    int recalc = 0;                                                            \
    if (isnan(x) && isnan(y)) {                                                \
        if (isinf(a) || isinf(b)) {                                            \
            a = copysign(isinf(a) ? (RT)1 : (RT)0, a);                         \
            b = copysign(isinf(b) ? (RT)1 : (RT)0, b);                         \
            if (isnan(c)) c = copysign((RT)0, c);                              \
            if (isnan(d)) d = copysign((RT)0, d);                              \
            recalc = 1;                                                        \
        }                                                                      \
        if (isinf(c) || isinf(d)) {                                            \
            c = copysign(isinf(c) ? (RT)1 : (RT)0, c);                         \
            d = copysign(isinf(d) ? (RT)1 : (RT)0, d);                         \
            if (isnan(a)) a = copysign((RT)0, a);                              \
            if (isnan(b)) b = copysign((RT)0, b);                              \
            recalc = 1;                                                        \
        }                                                                      \
        if (!recalc && (isinf(ac) || isinf(bd) || isinf(ad) || isinf(bc))) {   \
            if (isnan(a)) a = copysign((RT)0, a);                              \
            if (isnan(b)) b = copysign((RT)0, b);                              \
            if (isnan(c)) c = copysign((RT)0, c);                              \
            if (isnan(d)) d = copysign((RT)0, d);                              \
            recalc = 1;                                                        \
        }                                                                      \
        if (recalc) {                                                          \
            x = (RT)INFINITY * (a * c - b * d);                                \
            y = (RT)INFINITY * (a * d + b * c);                                \
        }                                                                      \
    }                                                                          \
    return (CT)(x, y);                                                         \
}                                                                              \
                                                                               \
/* NumPy's npy_cpow: x**0 = 1 (0**0 too), 0**b = 0 for Re b > 0 and nan        \
   otherwise, repeated multiplication for integer exponents |n| < 100, else    \
   glibc's cpow, exp(b * log(a)). */                                           \
static inline CT P##_power(CT a, CT b)                                         \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT br = b.x, bi = b.y;                                                     \
    CT p, r;                                                                   \
    int n, mask;                                                               \
    if (br == 0 && bi == 0)                                                    \
        return (CT)((RT)1, (RT)0);                                             \
    if (a.x == 0 && a.y == 0) {                                                \
        if (br > 0)                                                            \
            return (CT)((RT)0, (RT)0);                                         \
        return (CT)(NAN, NAN);                                                 \
    }                                                                          \
    if (bi == 0 && br > -100 && br < 100 && br == trunc(br)) {                 \
        n = (int)br;                                                           \
        if (n == 1)                                                            \
            return a;                                                          \
        if (n == 2)                                                            \
            return P##_mul(a, a);                                              \
        if (n == 3)                                                            \
            return P##_mul(a, P##_mul(a, a));                                  \
        n = (int)abs(n);    /* not n < 0 ? -n : n: see npy_math.cl */          \
        r = (CT)((RT)1, (RT)0);                                                \
        p = a;                                                                 \
        for (mask = 1;; mask <<= 1) {                                          \
            if (n & mask)                                                      \
                r = P##_mul(r, p);                                             \
            if (n < (mask << 1))                                               \
                break;                                                         \
            p = P##_mul(p, p);                                                 \
        }                                                                      \
        if (br < 0)                                                            \
            r = P##_div((CT)((RT)1, (RT)0), r);                                \
        return r;                                                              \
    }                                                                          \
    return P##_exp(P##__mul_c99(b, P##_log(a)));                               \
}


/* ------------------------------------------------------------------------
 * Hyperbolic and circular functions: msun's algorithms, glibc's special
 * values; sin, cos, tan through sin z = -i sinh(iz) and its kin.
 * ------------------------------------------------------------------------ */
#define GP_C_TRIG(CT, RT, P)                                                   \
static inline CT P##_cosh(CT z)                                                \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, ax = fabs(x), h;                                      \
    if (isfinite(x) && isfinite(y)) {                                          \
        if (y == 0)                                                            \
            return (CT)(cosh(x), x * y);                                       \
        if (ax < GP_##P##_COSH_BIG)                                            \
            return (CT)(cosh(x) * cos(y), sinh(x) * sin(y));                   \
        /* cosh(x) == sinh(|x|) == exp(|x|) / 2 to the last bit */             \
        if (ax < GP_##P##_EXP_SAFE) {                                          \
            h = exp(ax) / 2;                                                   \
            return (CT)(h * cos(y), copysign(h, x) * sin(y));                  \
        }                                                                      \
        if (ax < GP_##P##_EXP_HUGE) {                                          \
            z = P##__scaled_cexp(ax, y, -1);                                   \
            return (CT)(z.x, z.y * copysign((RT)1, x));                        \
        }                                                                      \
        return (CT)(copysign((RT)INFINITY, cos(y)),                            \
                    copysign((RT)INFINITY, sin(y)) * copysign((RT)1, x));      \
    }                                                                          \
    if (isfinite(x))                      /* y is inf or nan */                \
        return (CT)(y - y, x == 0 ? (RT)0 : (RT)NAN);                          \
    if (isinf(x)) {                                                            \
        if (y == 0)                                                            \
            return (CT)((RT)INFINITY, y * copysign((RT)1, x));                 \
        if (isfinite(y))                                                       \
            return (CT)(copysign((RT)INFINITY, cos(y)),                        \
                        copysign((RT)INFINITY, sin(y)) * copysign((RT)1, x));  \
        return (CT)((RT)INFINITY, y - y);                                      \
    }                                                                          \
    return (CT)(NAN, y == 0 ? y : (RT)NAN);            /* x is nan */          \
}                                                                              \
                                                                               \
static inline CT P##_sinh(CT z)                                                \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, ax = fabs(x), h;                                      \
    if (isfinite(x) && isfinite(y)) {                                          \
        if (y == 0)                                                            \
            return (CT)(sinh(x), y);                                           \
        if (ax < GP_##P##_COSH_BIG)                                            \
            return (CT)(sinh(x) * cos(y), cosh(x) * sin(y));                   \
        if (ax < GP_##P##_EXP_SAFE) {                                          \
            h = exp(ax) / 2;                                                   \
            return (CT)(copysign(h, x) * cos(y), h * sin(y));                  \
        }                                                                      \
        if (ax < GP_##P##_EXP_HUGE) {                                          \
            z = P##__scaled_cexp(ax, y, -1);                                   \
            return (CT)(z.x * copysign((RT)1, x), z.y);                        \
        }                                                                      \
        return (CT)(copysign((RT)INFINITY, cos(y)) * copysign((RT)1, x),       \
                    copysign((RT)INFINITY, sin(y)));                           \
    }                                                                          \
    if (isfinite(x))                      /* y is inf or nan */                \
        return (CT)(x == 0 ? x : (RT)NAN, y - y);                              \
    if (isinf(x)) {                                                            \
        if (y == 0)                                                            \
            return (CT)(x, y);                                                 \
        if (isfinite(y))                                                       \
            return (CT)(copysign((RT)INFINITY, cos(y)) * copysign((RT)1, x),   \
                        copysign((RT)INFINITY, sin(y)));                       \
        return (CT)((RT)INFINITY, y - y);                                      \
    }                                                                          \
    return (CT)(NAN, y == 0 ? y : (RT)NAN);            /* x is nan */          \
}                                                                              \
                                                                               \
/* Kahan's algorithm (msun's ctanh). */                                        \
static inline CT P##_tanh(CT z)                                                \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, t, beta, s, rho, denom, exp_mx;                       \
    if (!isfinite(x) || !isfinite(y)) {                                        \
        if (isinf(x))                                                          \
            return (CT)(copysign((RT)1, x),                                    \
                        copysign((RT)0, (isfinite(y) && fabs(y) > 1)           \
                                         ? sin(y) * cos(y) : y));              \
        if (y == 0)                                                            \
            return z;                                                          \
        return (CT)(x == 0 ? x : (RT)NAN, (RT)NAN);                            \
    }                                                                          \
    if (fabs(x) >= GP_##P##_TANH_HUGE) {                                       \
        exp_mx = exp(-fabs(x));                                                \
        return (CT)(copysign((RT)1, x),                                        \
                    4 * sin(y) * cos(y) * exp_mx * exp_mx);                    \
    }                                                                          \
    t = tan(y);                                                                \
    beta = 1 + t * t;                                   /* 1 / cos(y)**2 */    \
    s = sinh(x);                                                               \
    rho = sqrt(1 + s * s);                              /* cosh(x) */          \
    denom = 1 + beta * s * s;                                                  \
    return (CT)((beta * rho * s) / denom, t / denom);                          \
}                                                                              \
                                                                               \
static inline CT P##_cos(CT z) { return P##_cosh((CT)(-z.y, z.x)); }           \
static inline CT P##_sin(CT z)                                                 \
{                                                                              \
    /* glibc's csin departs from -i sinh(iz) (its csinh's choice) here */      \
    if (isinf(z.y) && !isfinite(z.x))                                          \
        return (CT)((RT)NAN, (RT)INFINITY);                                    \
    z = P##_sinh((CT)(-z.y, z.x));                                             \
    return (CT)(z.y, -z.x);                                                    \
}                                                                              \
static inline CT P##_tan(CT z)                                                 \
{                                                                              \
    z = P##_tanh((CT)(-z.y, z.x));                                             \
    return (CT)(z.y, -z.x);                                                    \
}


/* ------------------------------------------------------------------------
 * Inverse functions: msun's catrig.c (Hull, Fairgrieve and Tang, "Implementing
 * the complex arcsine and arccosine functions using exception handling", ACM
 * TOMS 23, 1997), with glibc's special values.
 * ------------------------------------------------------------------------ */
#define GP_C_ATRIG(CT, RT, P)                                                  \
/* (hypot(a, b) - b) / 2 without cancellation; pass h = hypot(a, b). */        \
static inline RT P##__f(RT a, RT b, RT h)                                      \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    if (b < 0)                                                                 \
        return (h - b) / 2;                                                    \
    if (b == 0)                                                                \
        return a / 2;                                                          \
    return a * a / (h + b) / 2;                                                \
}                                                                              \
                                                                               \
/* x, y >= 0 and < 1/eps.  rx = Re asinh(x + iy).  Either B = y/A is usable    \
   for Im = asin(B), or Im = atan2(new_y, sqrt_A2my2). */                      \
static inline void P##__do_hard_work(RT x, RT y, RT *rx, int *B_is_usable,     \
                                     RT *B, RT *sqrt_A2my2, RT *new_y)         \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    const RT eps = GP_##P##_EPS;                                               \
    RT R = hypot(x, y + 1);                             /* |z + i| */          \
    RT S = hypot(x, y - 1);                             /* |z - i| */          \
    RT A = (R + S) / 2, Am1, Amy;                                              \
    if (A < 1)                                                                 \
        A = 1;                                                                 \
    if (A < 10) {                                                              \
        if (y == 1 && x < eps * eps / 128)                                     \
            *rx = sqrt(x);                                                     \
        else if (x >= eps * fabs(y - 1)) {                                     \
            Am1 = P##__f(x, 1 + y, R) + P##__f(x, 1 - y, S);                   \
            *rx = log1p(Am1 + sqrt(Am1 * (A + 1)));                            \
        }                                                                      \
        else if (y < 1)                                                        \
            *rx = x / sqrt((1 - y) * (1 + y));                                 \
        else                                                                   \
            *rx = log1p((y - 1) + sqrt((y - 1) * (y + 1)));                    \
    }                                                                          \
    else                                                                       \
        *rx = log(A + sqrt(A * A - 1));                                        \
    *new_y = y;                                                                \
    if (y < GP_##P##_FOUR_SQRT_MIN) {                                          \
        *B_is_usable = 0;                                                      \
        *sqrt_A2my2 = A * (2 / eps);                                           \
        *new_y = y * (2 / eps);                                                \
        return;                                                                \
    }                                                                          \
    *B = y / A;                                                                \
    *B_is_usable = 1;                                                          \
    if (*B > (RT)0.6417) {                                                     \
        *B_is_usable = 0;                                                      \
        if (y == 1 && x < eps / 128)                                           \
            *sqrt_A2my2 = sqrt(x) * sqrt((A + y) / 2);                         \
        else if (x >= eps * fabs(y - 1)) {                                     \
            Amy = P##__f(x, y + 1, R) + P##__f(x, y - 1, S);                   \
            *sqrt_A2my2 = sqrt(Amy * (A + y));                                 \
        }                                                                      \
        else if (y > 1) {                                                      \
            *sqrt_A2my2 = x * (4 / eps / eps) * y / sqrt((y + 1) * (y - 1));   \
            *new_y = y * (4 / eps / eps);                                      \
        }                                                                      \
        else                                                                   \
            *sqrt_A2my2 = sqrt((1 - y) * (1 + y));                             \
    }                                                                          \
}                                                                              \
                                                                               \
/* log(x + iy) for |z| beyond 1/eps, free of overflow. */                      \
static inline CT P##__clog_large(RT x, RT y)                                   \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT ax = fabs(x), ay = fabs(y), t, rr;                                      \
    if (ax < ay) {                                                             \
        t = ax;                                                                \
        ax = ay;                                                               \
        ay = t;                                                                \
    }                                                                          \
    if (ax > GP_##P##_MAX / 2)                                                 \
        rr = log(hypot(x / GP_##P##_E, y / GP_##P##_E)) + 1;                   \
    else if (ax > GP_##P##_QUARTER_SQRT_MAX || ay < GP_##P##_SQRT_MIN)         \
        rr = log(hypot(x, y));                                                 \
    else                                                                       \
        rr = log(ax * ax + ay * ay) / 2;                                       \
    return (CT)(rr, atan2(y, x));                                              \
}                                                                              \
                                                                               \
static inline CT P##_asinh(CT z)                                               \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, ax = fabs(x), ay = fabs(y);                           \
    RT rx, ry, B = 0, sqrt_A2my2, new_y;                                       \
    int B_is_usable;                                                           \
    CT w;                                                                      \
    if (isnan(x) || isnan(y)) {                                                \
        if (isinf(y))                                                          \
            return (CT)(copysign((RT)INFINITY, x), (RT)NAN);                   \
        if (isinf(x))                                                          \
            return (CT)(x, (RT)NAN);                                           \
        if (y == 0)                                                            \
            return (CT)(x, y);                                                 \
        return (CT)(NAN, NAN);                                                 \
    }                                                                          \
    if (ax > 1 / GP_##P##_EPS || ay > 1 / GP_##P##_EPS) {                      \
        w = signbit(x) ? P##__clog_large(-x, -y) : P##__clog_large(x, y);      \
        return (CT)(copysign(w.x + GP_##P##_LN2, x), copysign(w.y, y));        \
    }                                                                          \
    if (ax < GP_##P##_SQRT_6_EPS / 4 && ay < GP_##P##_SQRT_6_EPS / 4)          \
        return z;                                       /* zero included */    \
    P##__do_hard_work(ax, ay, &rx, &B_is_usable, &B, &sqrt_A2my2, &new_y);     \
    ry = B_is_usable ? asin(B) : atan2(new_y, sqrt_A2my2);                     \
    return (CT)(copysign(rx, x), copysign(ry, y));                             \
}                                                                              \
                                                                               \
/* asin z = -i asinh(iz) */                                                    \
static inline CT P##_asin(CT z)                                                \
{                                                                              \
    CT w;                                                                      \
    if (isnan(z.x) || isnan(z.y)) {                                            \
        if (z.x == 0)                                                          \
            return z;                                                          \
        if (isinf(z.x) || isinf(z.y))                                          \
            return (CT)(NAN, copysign((RT)INFINITY, z.y));                     \
        return (CT)(NAN, NAN);                                                 \
    }                                                                          \
    w = P##_asinh((CT)(-z.y, z.x));                                            \
    return (CT)(w.y, -w.x);                                                    \
}                                                                              \
                                                                               \
static inline CT P##_acos(CT z)                                                \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    RT x = z.x, y = z.y, ax = fabs(x), ay = fabs(y);                           \
    RT rx, ry, B = 0, sqrt_A2mx2, new_x;                                       \
    int sx = signbit(x), sy = signbit(y), B_is_usable;                         \
    CT w;                                                                      \
    if (isnan(x) || isnan(y)) {                                                \
        if (isinf(x))                                                          \
            return (CT)(NAN, -copysign((RT)INFINITY, y));                      \
        if (isinf(y))                                                          \
            return (CT)(NAN, -y);                                              \
        if (x == 0)                                                            \
            return (CT)(GP_##P##_PI_2, (RT)NAN);                               \
        return (CT)(NAN, NAN);                                                 \
    }                                                                          \
    if (ax > 1 / GP_##P##_EPS || ay > 1 / GP_##P##_EPS) {                      \
        w = P##__clog_large(x, y);                                             \
        rx = fabs(w.y);                                                        \
        ry = w.x + GP_##P##_LN2;                                               \
        return (CT)(rx, sy ? ry : -ry);                                        \
    }                                                                          \
    if (x == 1 && y == 0)                                                      \
        return (CT)((RT)0, -y);                                                \
    if (ax < GP_##P##_SQRT_6_EPS / 4 && ay < GP_##P##_SQRT_6_EPS / 4)          \
        return (CT)(GP_##P##_PIO2_HI - (x - GP_##P##_PIO2_LO), -y);            \
    P##__do_hard_work(ay, ax, &ry, &B_is_usable, &B, &sqrt_A2mx2, &new_x);     \
    if (B_is_usable)                                                           \
        rx = acos(sx ? -B : B);                                                \
    else                                                                       \
        rx = atan2(sqrt_A2mx2, sx ? -new_x : new_x);                           \
    return (CT)(rx, sy ? ry : -ry);                                            \
}                                                                              \
                                                                               \
/* acosh z = +-i acos z, the sign making Re >= 0; glibc's special values */    \
static inline CT P##_acosh(CT z)                                               \
{                                                                              \
    CT w;                                                                      \
    if (isinf(z.y)) {                                                          \
        if (isnan(z.x))                                                        \
            return (CT)((RT)INFINITY, (RT)NAN);                                \
        return (CT)((RT)INFINITY,                                              \
                    copysign(isinf(z.x) ? (z.x < 0 ? 3 * GP_##P##_PI_4         \
                                                   : GP_##P##_PI_4)            \
                                        : GP_##P##_PI_2, z.y));                \
    }                                                                          \
    if (isinf(z.x))                                                            \
        return (CT)((RT)INFINITY, isnan(z.y) ? (RT)NAN                         \
                    : copysign(z.x < 0 ? GP_##P##_PI : (RT)0, z.y));           \
    if (isnan(z.y))                                                            \
        return (CT)(NAN, z.x == 0 ? GP_##P##_PI_2 : (RT)NAN);                  \
    if (isnan(z.x))                                                            \
        return (CT)(NAN, NAN);                                                 \
    w = P##_acos(z);                                                           \
    return (CT)(fabs(w.y), copysign(w.x, z.y));                                \
}                                                                              \
                                                                               \
/* sum_squares(x, y) = x*x + y*y, or x*x where y*y would underflow. */         \
static inline RT P##__sum_squares(RT x, RT y)                                  \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    if (y < GP_##P##_SQRT_MIN)                                                 \
        return x * x;                                                          \
    return x * x + y * y;                                                      \
}                                                                              \
                                                                               \
/* Re(1/(x + iy)) = x / (x*x + y*y) without spurious over/underflow, for       \
   x != 0, no nan, and |x| or |y| beyond 1/eps (msun, with ilogb for its       \
   exponent-field arithmetic). */                                              \
static inline RT P##__real_part_reciprocal(RT x, RT y)                         \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    const int cutoff = GP_##P##_MANT_DIG / 2 + 1;                              \
    int ix, iy;                                                                \
    RT scale;                                                                  \
    if (isinf(x))                                                              \
        return 1 / x;                                                          \
    if (isinf(y))                                                              \
        return x / y / y;                                                      \
    ix = ilogb(x);                                                             \
    iy = y == 0 ? ix - cutoff : ilogb(y);                                      \
    if (ix - iy >= cutoff)                                                     \
        return 1 / x;                                                          \
    if (iy - ix >= cutoff)                                                     \
        return x / y / y;                                                      \
    if (ix <= 2 * GP_##P##_MANT_DIG)          /* x*x + y*y cannot overflow */  \
        return x / (x * x + y * y);                                            \
    scale = ldexp((RT)1, 1 - ix);                                              \
    x *= scale;                                                                \
    y *= scale;                                                                \
    return x / (x * x + y * y) * scale;                                        \
}                                                                              \
                                                                               \
static inline CT P##_atanh(CT z)                                               \
{                                                                              \
    GP_C_NOCONTRACT                                                            \
    const RT eps = GP_##P##_EPS;                                               \
    RT x = z.x, y = z.y, ax = fabs(x), ay = fabs(y), rx, ry;                   \
    if (y == 0 && ax <= 1)                                                     \
        return (CT)(atanh(x), y);                                              \
    if (x == 0)                                                                \
        return (CT)(x, atan(y));                                               \
    if (isnan(x) || isnan(y)) {                                                \
        if (isinf(x))                                                          \
            return (CT)(copysign((RT)0, x), (RT)NAN);                          \
        if (isinf(y))                                                          \
            return (CT)(copysign((RT)0, x), copysign(GP_##P##_PI_2, y));       \
        return (CT)(NAN, NAN);                                                 \
    }                                                                          \
    if (ax > 1 / eps || ay > 1 / eps)                                          \
        return (CT)(P##__real_part_reciprocal(x, y),                           \
                    copysign(GP_##P##_PI_2, y));                               \
    if (ax < GP_##P##_SQRT_3_EPS / 2 && ay < GP_##P##_SQRT_3_EPS / 2)          \
        return z;                                                              \
    if (ax == 1 && ay < eps)                                                   \
        rx = (GP_##P##_LN2 - log(ay)) / 2;                                     \
    else                                                                       \
        rx = log1p(4 * ax / P##__sum_squares(ax - 1, ay)) / 4;                 \
    if (ax == 1)                                                               \
        ry = atan2((RT)2, -ay) / 2;                                            \
    else if (ay < eps)                                                         \
        ry = atan2(2 * ay, (1 - ax) * (1 + ax)) / 2;                           \
    else                                                                       \
        ry = atan2(2 * ay, (1 - ax) * (1 + ax) - ay * ay) / 2;                 \
    return (CT)(copysign(rx, x), copysign(ry, y));                             \
}                                                                              \
                                                                               \
/* atan z = -i atanh(iz), through atanh(i conj z) = i conj(atan z) */          \
static inline CT P##_atan(CT z)                                                \
{                                                                              \
    z = P##_atanh((CT)(z.y, z.x));                                             \
    return (CT)(z.y, z.x);                                                     \
}


#define GP_COMPLEX_FUNCS(CT, RT, P) \
    GP_C_ARITH(CT, RT, P)           \
    GP_C_COMPARE(CT, RT, P)         \
    GP_C_EXPLOG(CT, RT, P)          \
    GP_C_TRIG(CT, RT, P)            \
    GP_C_ATRIG(CT, RT, P)

GP_COMPLEX_FUNCS(float2, float, cf)

#ifdef GP_HAS_FP64
GP_COMPLEX_FUNCS(double2, double, cd)
#endif

#endif /* GP_COMPLEX_CL */
