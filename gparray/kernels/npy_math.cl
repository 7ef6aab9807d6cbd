/* Scalar helpers with NumPy's exact semantics where C and OpenCL differ:
 * Python-style floor division and remainder, division by zero giving 0 for integers,
 * shifts past the type's width, integer powers, gcd/lcm, logaddexp, spacing.
 * Instantiated per type by macros so that each kernel names them gp_<op>_<ctype>.
 * Magnitudes of signed integers come from OpenCL's abs (unsigned, exact for MIN), not
 * a < 0 ? -a : a, which compilers fold into LLVM's abs intrinsic, unknown to Oclgrind 21.10. */

#define GP_SIGNED_INT_FUNCS(T, UT)                                                     \
inline T gp_floordiv_##T(T a, T b) {                                                  \
    if (b == 0) return (T)0;                                                          \
    if (b == (T)-1) return (T)(-(UT)a);   /* MIN / -1 wraps, as NumPy's does */       \
    T q = a / b;                                                                      \
    if (((a % b) != 0) && ((a < 0) != (b < 0))) q -= 1;                               \
    return q;                                                                         \
}                                                                                     \
inline T gp_mod_##T(T a, T b) {                                                       \
    if (b == 0 || b == (T)-1) return (T)0;                                            \
    T r = a % b;                                                                      \
    if (r != 0 && ((r < 0) != (b < 0))) r += b;                                       \
    return r;                                                                         \
}                                                                                     \
inline T gp_fmod_##T(T a, T b) {                                                      \
    if (b == 0 || b == (T)-1) return (T)0;                                            \
    return a % b;                                                                     \
}                                                                                     \
inline T gp_pow_##T(T a, T b) {                                                       \
    if (b < 0) return (T)0;   /* refused before launch, as NumPy does */              \
    T r = 1;                                                                          \
    while (b > 0) { if (b & 1) r *= a; b >>= 1; a *= a; }                             \
    return r;                                                                         \
}                                                                                     \
inline T gp_lshift_##T(T a, T b) {                                                    \
    return ((ulong)b < 8 * sizeof(T)) ? (T)((UT)a << b) : (T)0;                       \
}                                                                                     \
inline T gp_rshift_##T(T a, T b) {                                                    \
    return ((ulong)b < 8 * sizeof(T)) ? (T)(a >> b) : (T)(a < 0 ? -1 : 0);           \
}                                                                                     \
inline T gp_gcd_##T(T a, T b) {                                                       \
    UT x = abs(a), y = abs(b);                                                        \
    while (y != 0) { UT t = x % y; x = y; y = t; }                                    \
    return (T)x;                                                                      \
}                                                                                     \
inline T gp_lcm_##T(T a, T b) {                                                       \
    T g = gp_gcd_##T(a, b);                                                           \
    if (g == 0) return (T)0;                                                          \
    UT x = abs(a), y = abs(b);                                                        \
    return (T)((x / (UT)g) * y);                                                      \
}                                                                                     \
inline T gp_abs_##T(T a) { return (T)abs(a); }                                        \
inline uchar gp_popcount_##T(T a) { return (uchar)popcount(abs(a)); }

#define GP_UNSIGNED_INT_FUNCS(T)                                                      \
inline T gp_floordiv_##T(T a, T b) { return b == 0 ? (T)0 : (T)(a / b); }             \
inline T gp_mod_##T(T a, T b) { return b == 0 ? (T)0 : (T)(a % b); }                  \
inline T gp_fmod_##T(T a, T b) { return b == 0 ? (T)0 : (T)(a % b); }                 \
inline T gp_pow_##T(T a, T b) {                                                       \
    T r = 1;                                                                          \
    while (b > 0) { if (b & 1) r *= a; b >>= 1; a *= a; }                             \
    return r;                                                                         \
}                                                                                     \
inline T gp_lshift_##T(T a, T b) { return ((ulong)b < 8 * sizeof(T)) ? (T)(a << b) : (T)0; } \
inline T gp_rshift_##T(T a, T b) { return ((ulong)b < 8 * sizeof(T)) ? (T)(a >> b) : (T)0; } \
inline T gp_gcd_##T(T a, T b) {                                                       \
    while (b != 0) { T t = a % b; a = b; b = t; }                                     \
    return a;                                                                         \
}                                                                                     \
inline T gp_lcm_##T(T a, T b) {                                                       \
    T g = gp_gcd_##T(a, b);                                                           \
    return g == 0 ? (T)0 : (T)((a / g) * b);                                          \
}                                                                                     \
inline T gp_abs_##T(T a) { return a; }                                                \
inline uchar gp_popcount_##T(T a) { return (uchar)popcount(a); }

GP_SIGNED_INT_FUNCS(char, uchar)
GP_SIGNED_INT_FUNCS(short, ushort)
GP_SIGNED_INT_FUNCS(int, uint)
GP_SIGNED_INT_FUNCS(long, ulong)
GP_UNSIGNED_INT_FUNCS(uchar)
GP_UNSIGNED_INT_FUNCS(ushort)
GP_UNSIGNED_INT_FUNCS(uint)
GP_UNSIGNED_INT_FUNCS(ulong)

/* Floating-point helpers, following npy_math's definitions. */
#define GP_FLOAT_FUNCS(T, LN2, LOG2E)                                                 \
inline T gp_mod_##T(T a, T b) {                                                       \
    T m = fmod(a, b);                                                                 \
    if (b == 0) return m;                                                             \
    if (m != 0) { if ((b < 0) != (m < 0)) m += b; }                                   \
    else m = copysign((T)0, b);                                                       \
    return m;                                                                         \
}                                                                                     \
inline T gp_floordiv_##T(T a, T b) {                                                  \
    if (b == 0) return a / b;                                                         \
    T m = fmod(a, b);                                                                 \
    T d = (a - m) / b;                                                                \
    if (m != 0 && ((b < 0) != (m < 0))) d -= 1;                                       \
    T f;                                                                              \
    if (d != 0) { f = floor(d); if (d - f > (T)0.5) f += 1; }                         \
    else f = copysign((T)0, a / b);                                                   \
    return f;                                                                         \
}                                                                                     \
inline T gp_logaddexp_##T(T a, T b) {                                                 \
    if (a == b) return a + LN2;                                                       \
    T t = a - b;                                                                      \
    if (t > 0) return a + log1p(exp(-t));                                             \
    if (t <= 0) return b + log1p(exp(t));                                             \
    return t;                                                                         \
}                                                                                     \
inline T gp_logaddexp2_##T(T a, T b) {                                                \
    if (a == b) return a + (T)1;                                                      \
    T t = a - b;                                                                      \
    if (t > 0) return a + LOG2E * log1p(exp2(-t));                                    \
    if (t <= 0) return b + LOG2E * log1p(exp2(t));                                    \
    return t;                                                                         \
}                                                                                     \
inline T gp_spacing_##T(T a) {                                                        \
    if (isinf(a)) return NAN;                                                         \
    if (a == 0) return nextafter((T)0, (T)1);                                         \
    return nextafter(a, copysign((T)INFINITY, a)) - a;                                \
}                                                                                     \
inline T gp_sign_##T(T a) { return isnan(a) ? a : (T)((a > 0) - (a < 0)); }           \
inline T gp_heaviside_##T(T a, T b) {                                                 \
    if (isnan(a)) return a;                                                           \
    return a == 0 ? b : (a < 0 ? (T)0 : (T)1);                                        \
}

GP_FLOAT_FUNCS(float, 0.693147180559945309f, 1.442695040888963407f)
#ifdef GP_HAS_FP64
GP_FLOAT_FUNCS(double, 0.693147180559945309417232121458176568, 1.442695040888963407359924681001892137)
#endif

/* float16 values are computed in float; these two depend on half's own bit layout and
 * follow NumPy's npy_half_nextafter and npy_half_spacing. */
inline ushort gp_half_bits(float x) { ushort u; vstore_half_rte(x, 0, (__private half*)&u); return u; }
inline float gp_half_value(ushort u) { return vload_half(0, (__private const half*)&u); }

inline float gp_nextafter_half(float fx, float fy)
{
    if (isnan(fx) || isnan(fy)) return NAN;
    if (fx == fy) return fx;
    const ushort x = gp_half_bits(fx), y = gp_half_bits(fy);
    ushort r;
    if ((x & 0x7fffu) == 0) r = (ushort)((y & 0x8000u) + 1);
    else if (!(x & 0x8000u)) r = ((short)x > (short)y) ? x - 1 : x + 1;
    else r = (!(y & 0x8000u) || (x & 0x7fffu) > (y & 0x7fffu)) ? x - 1 : x + 1;
    return gp_half_value(r);
}

inline float gp_spacing_half(float fh)
{
    const ushort h = gp_half_bits(fh);
    const ushort e = h & 0x7c00u, sig = h & 0x03ffu;
    ushort r;
    if (e == 0x7c00u) return NAN;
    if (h == 0x7bffu) return INFINITY;
    if ((h & 0x8000u) && sig == 0)
        r = e > 0x2c00u ? (ushort)(e - 0x2c00u) : e > 0x0400u ? (ushort)(1u << ((e >> 10) - 2)) : 1;
    else
        r = e > 0x2800u ? (ushort)(e - 0x2800u) : e > 0x0400u ? (ushort)(1u << ((e >> 10) - 1)) : 1;
    return gp_half_value(r);
}
