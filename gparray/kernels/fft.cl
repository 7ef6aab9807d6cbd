/* Complex FFTs for gparray.fft: mixed-radix (2, 3, 4, 5) Stockham passes and the pointwise
 * steps of Bluestein's algorithm for other lengths.
 *
 * The host defines REAL (float or double); CT is its complex pair. Data are rows of n
 * complex values, one row per batch element, contiguous. A transform of length
 * n = R1 * R2 * ... runs one pass per radix, ping-ponging between two buffers; each
 * work-item does one radix-R butterfly. Each pass reads its own twiddle table, laid out so
 * that neighbouring work-items read neighbouring entries: tw[tw_off + (r - 1) * ns + k] =
 * exp(-2 pi i r k / (ns R)), computed on the host in double precision; inverse transforms
 * conjugate it. (One shared table of exp(-2 pi i t / n) read at t = r k n / (ns R) made the
 * middle passes of 2^20 gather across 8 MB and take twice as long.)
 */
typedef REAL2 CT;

inline CT gp_cmul(CT a, CT b) { return (CT)(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
inline CT gp_conj_if(CT a, int c) { return c ? (CT)(a.x, -a.y) : a; }

/* v[s] = sum_t v[t] * exp(dir * 2 pi i * s t / R), dir = -1 forward, +1 inverse. */
#define GP_C3 ((REAL)-0.5)
#define GP_S3 ((REAL)0.86602540378443864676)
#define GP_C5A ((REAL)0.30901699437494742410)     /* cos(2 pi / 5) */
#define GP_C5B ((REAL)-0.80901699437494742410)    /* cos(4 pi / 5) */
#define GP_S5A ((REAL)0.95105651629515357212)     /* sin(2 pi / 5) */
#define GP_S5B ((REAL)0.58778525229247312917)     /* sin(4 pi / 5) */

inline void gp_dft2(CT* v, REAL dir)
{
    const CT a = v[0], b = v[1];
    v[0] = a + b;
    v[1] = a - b;
}

inline void gp_dft3(CT* v, REAL dir)
{
    const CT s = v[1] + v[2], d = v[1] - v[2];
    const CT m = v[0] + GP_C3 * s;
    const CT r = dir * GP_S3 * (CT)(-d.y, d.x);    /* dir * i * sin(2pi/3) * d */
    v[0] = v[0] + s;
    v[1] = m + r;
    v[2] = m - r;
}

inline void gp_dft4(CT* v, REAL dir)
{
    const CT a = v[0] + v[2], b = v[0] - v[2];
    const CT c = v[1] + v[3], d = v[1] - v[3];
    const CT jd = dir * (CT)(-d.y, d.x);            /* dir * i * d */
    v[0] = a + c;
    v[1] = b + jd;
    v[2] = a - c;
    v[3] = b - jd;
}

inline void gp_dft5(CT* v, REAL dir)
{
    const CT s1 = v[1] + v[4], d1 = v[1] - v[4];
    const CT s2 = v[2] + v[3], d2 = v[2] - v[3];
    const CT m1 = v[0] + GP_C5A * s1 + GP_C5B * s2;
    const CT m2 = v[0] + GP_C5B * s1 + GP_C5A * s2;
    const CT t1 = GP_S5A * d1 + GP_S5B * d2;
    const CT t2 = GP_S5B * d1 - GP_S5A * d2;
    const CT r1 = dir * (CT)(-t1.y, t1.x), r2 = dir * (CT)(-t2.y, t2.x);
    v[0] = v[0] + s1 + s2;
    v[1] = m1 + r1;
    v[4] = m1 - r1;
    v[2] = m2 + r2;
    v[3] = m2 - r2;
}

/* Radix 8 and 16 as two halves of radix 4 and 8 (even and odd inputs) joined by
 * twiddles: fewer passes over memory, which is what bounds a CPU device. */
#define GP_R2 ((REAL)0.70710678118654752440)

inline void gp_dft8(CT* v, REAL dir)
{
    CT e[4] = {v[0], v[2], v[4], v[6]}, o[4] = {v[1], v[3], v[5], v[7]};
    gp_dft4(e, dir);
    gp_dft4(o, dir);
    /* o[k] *= exp(dir * 2 pi i k / 8) */
    o[1] = GP_R2 * (CT)(o[1].x - dir * o[1].y, o[1].y + dir * o[1].x);
    o[2] = dir * (CT)(-o[2].y, o[2].x);
    o[3] = GP_R2 * (CT)(-o[3].x - dir * o[3].y, -o[3].y + dir * o[3].x);
    for (int k = 0; k < 4; ++k) {
        v[k] = e[k] + o[k];
        v[k + 4] = e[k] - o[k];
    }
}

__constant REAL gp_c16[8] = {1, 0.92387953251128675613, 0.70710678118654752440,
                             0.38268343236508977173, 0, -0.38268343236508977173,
                             -0.70710678118654752440, -0.92387953251128675613};

inline void gp_dft16(CT* v, REAL dir)
{
    CT e[8], o[8];
    for (int k = 0; k < 8; ++k) {
        e[k] = v[2 * k];
        o[k] = v[2 * k + 1];
    }
    gp_dft8(e, dir);
    gp_dft8(o, dir);
    for (int k = 0; k < 8; ++k) {
        /* exp(dir * 2 pi i k / 16) = (cos, dir * sin), sin(x) = cos(x - pi/2) */
        const CT w = (CT)(gp_c16[k], dir * (k >= 4 ? gp_c16[k - 4] : -gp_c16[k + 4]));
        const CT t = k ? gp_cmul(o[k], w) : o[k];
        v[k] = e[k] + t;
        v[k + 8] = e[k] - t;
    }
}

/* a / b for 0 <= a < 2^52 without an integer division, which CPU vector units lack:
 * through a double product, corrected by one step either way. */
#ifdef GP_HAS_FP64
typedef double gp_inv_t;
inline long gp_div(long a, long b, double inv_b)
{
    long q = (long)((double)a * inv_b);
    q -= q * b > a;
    q += (q + 1) * b <= a;
    return q;
}
#else
typedef float gp_inv_t;
inline long gp_div(long a, long b, float inv_b) { return a / b; }
#endif

/* One Stockham pass of radix R over every row: ns = product of the radices already done. */
#define GP_FFT_PASS(R)                                                                     \
__kernel void fft_pass##R(__global const CT* src, __global CT* dst, __global const CT* tw,   \
                          const long tw_off,                                                \
                          const long n, const long ns, const long items, const int inverse, \
                          const REAL scale, const gp_inv_t inv_m, const gp_inv_t inv_ns)      \
{                                                                                           \
    const long g = get_global_id(0);                                                        \
    if (g >= items)                                                                         \
        return;                                                                             \
    const long m = n / R;                                                                   \
    const long row = gp_div(g, m, inv_m), j = g - row * m;                                  \
    src += row * n;                                                                         \
    dst += row * n;                                                                         \
    const long k = j - gp_div(j, ns, inv_ns) * ns;                                          \
    __global const CT* w = tw + tw_off + k;                                                 \
    CT v[R];                                                                                \
    v[0] = src[j];                                                                          \
    for (int r = 1; r < R; ++r)                                                             \
        v[r] = gp_cmul(src[j + r * m], gp_conj_if(w[(r - 1) * ns], inverse));               \
    gp_dft##R(v, inverse ? (REAL)1 : (REAL)-1);                                             \
    const long out = (j - k) * R + k;                                                       \
    for (int r = 0; r < R; ++r)                                                             \
        dst[out + r * ns] = v[r] * scale;                                                   \
}

GP_FFT_PASS(2)
GP_FFT_PASS(3)
GP_FFT_PASS(4)
GP_FFT_PASS(5)
GP_FFT_PASS(8)
GP_FFT_PASS(16)

/* Bluestein, step 1: dst[row, i] = src[row, i] * chirp[i] for i < n, zero up to m. */
__kernel void fft_chirp_in(__global const CT* src, __global CT* dst, __global const CT* chirp,
                           const long n, const long m, const long items, const int inverse)
{
    const long g = get_global_id(0);
    if (g >= items)
        return;
    const long row = g / m, i = g - row * m;
    dst[g] = i < n ? gp_cmul(src[row * n + i], gp_conj_if(chirp[i], inverse)) : (CT)(0, 0);
}

/* Bluestein, step 2: data[row, i] *= kernel[i] (the transformed chirp filter). */
__kernel void fft_pointwise(__global CT* data, __global const CT* filter, const long m,
                            const long items)
{
    const long g = get_global_id(0);
    if (g >= items)
        return;
    data[g] = gp_cmul(data[g], filter[g % m]);
}

/* Bluestein, step 3: dst[row, i] = src[row, i] * chirp[i] * scale for i < n. */
__kernel void fft_chirp_out(__global const CT* src, __global CT* dst, __global const CT* chirp,
                            const long n, const long m, const long items, const int inverse,
                            const REAL scale)
{
    const long g = get_global_id(0);
    if (g >= items)
        return;
    const long row = g / n, i = g - row * n;
    dst[g] = gp_cmul(src[row * m + i], gp_conj_if(chirp[i], inverse)) * scale;
}

/* Real transforms of even length n = 2h as complex transforms of length h: the real row
 * x viewed as z[j] = x[2j] + i x[2j+1]. After Z = FFT_h(z), the spectrum is
 * X[k] = E[k] + w^k O[k] with E = (Z[k] + conj Z[h-k]) / 2, O = -i (Z[k] - conj Z[h-k]) / 2
 * and w[k] = exp(-2 pi i k / n) (a table of h + 1 entries). */
__kernel void fft_r2c_post(__global const CT* z, __global CT* out, __global const CT* w,
                           const long h, const long items, const REAL scale)
{
    const long g = get_global_id(0);
    if (g >= items)
        return;
    const long row = g / (h + 1), k = g - row * (h + 1);
    const CT zk = z[row * h + (k == h ? 0 : k)];
    const CT zc = gp_conj_if(z[row * h + (k == 0 ? 0 : h - k)], 1);
    const CT e = (REAL)0.5 * (zk + zc), d = (REAL)0.5 * (zk - zc);
    const CT o = (CT)(d.y, -d.x);
    out[g] = (e + gp_cmul(w[k], o)) * scale;
}

/* The inverse: Z[k] = E[k] + i O[k] from the half spectrum X (rows of h + 1), with
 * E = (X[k] + conj X[h-k]) / 2 and O = (X[k] - conj X[h-k]) conj(w^k) / 2; the imaginary
 * parts of X[0] and X[h] are ignored, as NumPy's pocketfft does. An inverse FFT_h of Z
 * (scaled by 2 / n for the backward norm) gives x[2j] + i x[2j+1]. */
__kernel void fft_c2r_pre(__global const CT* x, __global CT* z, __global const CT* w,
                          const long h, const long items)
{
    const long g = get_global_id(0);
    if (g >= items)
        return;
    const long row = g / h, k = g - row * h;
    CT xk = x[row * (h + 1) + k];
    CT xc = gp_conj_if(x[row * (h + 1) + h - k], 1);
    if (k == 0) {
        xk.y = 0;
        xc.y = 0;
    }
    const CT e = (REAL)0.5 * (xk + xc);
    const CT o = gp_cmul((REAL)0.5 * (xk - xc), gp_conj_if(w[k], 1));
    z[g] = e + (CT)(-o.y, o.x);
}
