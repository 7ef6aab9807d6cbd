/* More of gparray.random's distributions, appended to random_dist.cl (whose samplers
 * gp_uniform, gp_normal, gp_gamma, gp_poisson they build on). One kernel per
 * distribution, one Philox stream per value (rejection samplers delay nobody else).
 *
 * PTYPE (defined by the host) is the parameters' type: REAL for the continuous and most
 * discrete distributions, long for hypergeometric's counts. Parameters p0/p1/p2 are read
 * at i * s0 / i * s1 / i * s2: stride 0 for one value, 1 for an array of the output's shape.
 */

/* (0, 1): the open interval, for logarithms and ratios at both ends */
inline REAL gp_uniform_open(gp_rng* s)
{
    for (;;) {
        const REAL u = gp_uniform(s);
        if (u > 0)
            return u;
    }
}

/* Standard exponential by inversion: -log(1 - U), U in [0, 1) */
inline REAL gp_exponential(gp_rng* s) { return -log((REAL)1 - gp_uniform(s)); }

inline REAL gp_laplace(gp_rng* s, REAL loc, REAL scale)
{
    const REAL u = gp_uniform_open(s);
    return u >= (REAL)0.5 ? loc - scale * log(2 - 2 * u) : loc + scale * log(2 * u);
}

inline REAL gp_logistic(gp_rng* s, REAL loc, REAL scale)
{
    const REAL u = gp_uniform_open(s);
    return loc + scale * log(u / (1 - u));
}

inline REAL gp_gumbel(gp_rng* s, REAL loc, REAL scale)
{
    for (;;) {
        const REAL u = (REAL)1 - gp_uniform(s);      /* (0, 1], and 1 gives -log(0) */
        if (u < 1)
            return loc - scale * log(-log(u));
    }
}

inline REAL gp_chisquare(gp_rng* s, REAL df) { return 2 * gp_gamma(s, df / 2); }

/* Non-central chi-square: a chi-square of df - 1 plus a shifted normal squared when
 * df > 1, else a chi-square whose degrees of freedom grow by a Poisson(nonc / 2) count. */
inline REAL gp_noncentral_chisquare(gp_rng* s, REAL df, REAL nonc)
{
    if (isnan(nonc))
        return NAN;
    if (nonc == 0)
        return gp_chisquare(s, df);
    if (df > 1) {
        const REAL z = gp_normal(s) + sqrt(nonc);
        return gp_chisquare(s, df - 1) + z * z;
    }
    const long i = gp_poisson(s, nonc / 2);
    return gp_chisquare(s, df + 2 * (REAL)i);
}

/* Wald (inverse Gaussian) by Michael, Schucany and Haas (1976). */
inline REAL gp_wald(gp_rng* s, REAL mean, REAL scale)
{
    const REAL y0 = gp_normal(s);
    const REAL y = mean * y0 * y0;
    const REAL x = mean + mean / (2 * scale) * (y - sqrt(4 * scale * y + y * y));
    const REAL u = gp_uniform(s);
    return u <= mean / (mean + x) ? x : mean * mean / x;
}

inline REAL gp_triangular(gp_rng* s, REAL left, REAL mode, REAL right)
{
    const REAL base = right - left, left_base = mode - left;
    const REAL u = gp_uniform(s);
    if (u <= left_base / base)
        return left + sqrt(u * left_base * base);
    return right - sqrt(((REAL)1 - u) * (right - mode) * base);
}

/* von Mises by Best and Fisher (1979); a wrapped normal for very large kappa and the
 * uniform circle for very small kappa. Results in [-pi, pi]. */
inline REAL gp_vonmises(gp_rng* s, REAL mu, REAL kappa)
{
    if (isnan(kappa))
        return NAN;
    if (kappa < (REAL)1e-8)
        return (REAL)M_PI * (2 * gp_uniform(s) - 1);
    REAL w;
    if (kappa > (REAL)1e6) {
        REAL r = mu + sqrt((REAL)1 / kappa) * gp_normal(s);
        if (r < -(REAL)M_PI)
            r += (REAL)(2 * M_PI);
        if (r > (REAL)M_PI)
            r -= (REAL)(2 * M_PI);
        return r;
    }
    REAL sp;
    if (kappa < (REAL)1e-5) {
        sp = (REAL)1 / kappa + kappa;       /* the series of the formula below */
    } else {
        const REAL r = 1 + sqrt(1 + 4 * kappa * kappa);
        const REAL rho = (r - sqrt(2 * r)) / (2 * kappa);
        sp = (1 + rho * rho) / (2 * rho);
    }
    for (;;) {
        const REAL z = cos((REAL)M_PI * gp_uniform(s));
        w = (1 + sp * z) / (sp + z);
        const REAL y = kappa * (sp - w);
        const REAL v = gp_uniform(s);
        if (y * (2 - y) - v >= 0 || log(y / v) + 1 - y >= 0)
            break;
    }
    REAL r = acos(w);
    if (gp_uniform(s) < (REAL)0.5)
        r = -r;
    r += mu;
    const int negative = r < 0;
    REAL m = fmod(fabs(r) + (REAL)M_PI, (REAL)(2 * M_PI)) - (REAL)M_PI;
    return negative ? -m : m;
}

/* Saturating conversion for the discrete samplers' counts */
inline long gp_count(REAL x)
{
    if (!(x < (REAL)9.2233720368547758e18))
        return LONG_MAX;
    return (long)x;
}

/* Geometric by inversion: ceil(E / -log(1 - p)), at least 1. */
inline long gp_geometric(gp_rng* s, REAL p)
{
    if (p >= 1)
        return 1;
    for (;;) {
        const REAL e = gp_exponential(s);
        if (e > 0)
            return gp_count(ceil(-e / log1p(-p)));
    }
}

/* Logarithmic series by Kemp's second algorithm (1981). */
inline long gp_logseries(gp_rng* s, REAL p)
{
    const REAL r = log1p(-p);
    for (;;) {
        const REAL v = gp_uniform(s);
        if (v >= p)
            return 1;
        const REAL q = -expm1(r * gp_uniform(s));
        if (v <= q * q) {
            const REAL k = floor(1 + log(v) / log(q));
            if (k < 1 || v == 0)
                continue;
            return gp_count(k);
        }
        return v >= q ? 1 : 2;
    }
}

/* Zipf by Devroye's rejection (1986, X.6). */
inline long gp_zipf(gp_rng* s, REAL a)
{
    const REAL am1 = a - 1, b = pow((REAL)2, am1);
    for (;;) {
        const REAL u = (REAL)1 - gp_uniform(s);
        const REAL v = gp_uniform(s);
        const REAL x = floor(pow(u, -(REAL)1 / am1));
        if (!(x < (REAL)9.2233720368547758e18) || x < 1)
            continue;
        const REAL t = pow(1 + 1 / x, am1);
        if (v * x * (t - 1) / (b - 1) <= t / b)
            return (long)x;
    }
}

/* Hypergeometric, for few draws (at most 10 of the smaller side of the urn): draw them one
 * by one without replacement, the complement when more than half the urn is taken. */
inline long gp_hypergeometric_urn(gp_rng* s, long good, long bad, long sample)
{
    const long total = good + bad;
    const long m = sample > total / 2 ? total - sample : sample;
    long left_good = good, left_total = total, got = 0;
    for (long i = 0; i < m; ++i) {
        const REAL u = gp_uniform(s);
        if (u * (REAL)left_total < (REAL)left_good) {
            ++got;
            --left_good;
        }
        --left_total;
    }
    return sample > total / 2 ? good - got : got;
}

/* Hypergeometric by Stadlober's ratio of uniforms (HRUA, 1989): a table-mountain hat
 * around the mode, with squeezes, for the smaller colour and the smaller side of the
 * urn; the answer is mapped back to the good items of the sample asked for. */
inline long gp_hypergeometric_hrua(gp_rng* s, long good, long bad, long sample)
{
    const long total = good + bad;
    const long n = min(sample, total - sample);       /* draws made */
    const long small = min(good, bad), large = max(good, bad);
    const REAL p = (REAL)small / (REAL)total, q = (REAL)large / (REAL)total;
    const REAL a = (REAL)n * p + (REAL)0.5;
    const REAL var = (REAL)(total - n) * (REAL)n * p * q / (REAL)(total - 1);
    const REAL c = sqrt(var + (REAL)0.5);
    /* 2 sqrt(2/e) and 3 - 2 sqrt(3/e): the hat's width for a unimodal log-concave mass */
    const REAL h = (REAL)1.7155277699214135 * c + (REAL)0.8989161620588988;
    const REAL mode = floor((REAL)(n + 1) * (REAL)(small + 1) / (REAL)(total + 2));
    const REAL g = gp_log_factorial(mode) + gp_log_factorial((REAL)small - mode)
                   + gp_log_factorial((REAL)n - mode)
                   + gp_log_factorial((REAL)(large - n) + mode);
    const REAL bound = fmin((REAL)(min(n, small) + 1), floor(a + 16 * c));
    REAL k;
    for (;;) {
        const REAL u = gp_uniform(s), v = gp_uniform(s);
        if (u == 0)
            continue;
        const REAL x = a + h * (v - (REAL)0.5) / u;
        if (x < 0 || x >= bound)
            continue;
        k = floor(x);
        const REAL t = g - (gp_log_factorial(k) + gp_log_factorial((REAL)small - k)
                            + gp_log_factorial((REAL)n - k)
                            + gp_log_factorial((REAL)(large - n) + k));
        if (u * (4 - u) - 3 <= t)
            break;                        /* inside the lower squeeze */
        if (u * (u - t) >= 1)
            continue;                     /* outside the upper squeeze */
        if (2 * log(u) <= t)
            break;
    }
    long kk = (long)k;
    if (good > bad)                       /* counted the smaller colour */
        kk = n - kk;
    if (n < sample)                       /* drew the complement of the sample */
        kk = good - kk;
    return kk;
}

inline long gp_hypergeometric(gp_rng* s, long good, long bad, long sample)
{
    const long total = good + bad;
    if (min(sample, total - sample) <= 10)
        return gp_hypergeometric_urn(s, good, bad, sample);
    return gp_hypergeometric_hrua(s, good, bad, sample);
}

#define GP_RNG_KERNEL3(NAME, OUT, EXPR)                                                  \
__kernel void NAME(__global OUT* out, const long n, const long per, const uint k0,        \
                   const uint k1, const ulong base, __global const PTYPE* p0,             \
                   const long s0, __global const PTYPE* p1, const long s1,                \
                   __global const PTYPE* p2, const long s2)                               \
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
        const PTYPE a = p0[i * s0], b = p1[i * s1], c = p2[i * s2];                       \
        out[i] = (EXPR);                                                                  \
    }                                                                                     \
}

#ifdef GP_PARAMS_ARE_COUNTS
GP_RNG_KERNEL3(rng_hypergeometric, long, gp_hypergeometric(s, a, b, c))
#else
GP_RNG_KERNEL3(rng_chisquare, REAL, gp_chisquare(s, a))
GP_RNG_KERNEL3(rng_f, REAL, (gp_chisquare(s, a) / a) / (gp_chisquare(s, b) / b))
GP_RNG_KERNEL3(rng_standard_t, REAL, gp_normal(s) / sqrt(gp_chisquare(s, a) / a))
GP_RNG_KERNEL3(rng_noncentral_chisquare, REAL, gp_noncentral_chisquare(s, a, b))
GP_RNG_KERNEL3(rng_noncentral_f, REAL,
               (gp_noncentral_chisquare(s, a, c) * b) / (gp_chisquare(s, b) * a))
GP_RNG_KERNEL3(rng_lognormal, REAL, exp(a + b * gp_normal(s)))
GP_RNG_KERNEL3(rng_laplace, REAL, gp_laplace(s, a, b))
GP_RNG_KERNEL3(rng_logistic, REAL, gp_logistic(s, a, b))
GP_RNG_KERNEL3(rng_gumbel, REAL, gp_gumbel(s, a, b))
GP_RNG_KERNEL3(rng_pareto, REAL, expm1(gp_exponential(s) / a))
GP_RNG_KERNEL3(rng_power, REAL, pow(-expm1(-gp_exponential(s)), (REAL)1 / a))
GP_RNG_KERNEL3(rng_rayleigh, REAL, a * sqrt(2 * gp_exponential(s)))
GP_RNG_KERNEL3(rng_standard_cauchy, REAL, gp_normal(s) / gp_normal(s))
GP_RNG_KERNEL3(rng_weibull, REAL, a == 0 ? (REAL)0 : pow(gp_exponential(s), (REAL)1 / a))
GP_RNG_KERNEL3(rng_wald, REAL, gp_wald(s, a, b))
GP_RNG_KERNEL3(rng_triangular, REAL, gp_triangular(s, a, b, c))
GP_RNG_KERNEL3(rng_vonmises, REAL, gp_vonmises(s, a, b))
GP_RNG_KERNEL3(rng_geometric, long, gp_geometric(s, a))
GP_RNG_KERNEL3(rng_negative_binomial, long, gp_poisson(s, gp_gamma(s, a) * ((1 - b) / b)))
GP_RNG_KERNEL3(rng_logseries, long, gp_logseries(s, a))
GP_RNG_KERNEL3(rng_zipf, long, gp_zipf(s, a))
#endif
