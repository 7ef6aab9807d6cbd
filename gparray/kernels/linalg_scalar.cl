/* Scalar arithmetic shared by the linalg kernels (linalg_factor.cl, jacobi.cl,
 * linalg_eig.cl), written once for real and complex element types: the host defines T
 * (float, double, or float2/double2 with GP_COMPLEX) and R (its real type), and includes
 * this file before the kernels. */
#ifdef GP_COMPLEX
inline T gp_cmul(T a, T b) { return (T)(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
/* Smith's division: no overflow from squaring |b| */
inline T gp_cdiv(T a, T b)
{
    if (fabs(b.x) >= fabs(b.y)) {
        const R r = b.y / b.x, d = b.x + b.y * r;
        return (T)((a.x + a.y * r) / d, (a.y - a.x * r) / d);
    }
    const R r = b.x / b.y, d = b.y + b.x * r;
    return (T)((a.x * r + a.y) / d, (a.y * r - a.x) / d);
}
#define MUL(a, b) gp_cmul((a), (b))
#define DIV(a, b) gp_cdiv((a), (b))
#define CONJ(a) ((T)((a).x, -(a).y))
#define ABS1(a) (fabs((a).x) + fabs((a).y))     /* LAPACK's cabs1, the pivot measure */
#define REAL(a) ((a).x)
#define ISZERO(a) ((a).x == 0 && (a).y == 0)
#define MKREAL(r) ((T)((r), 0))
#define IMAG(a) ((a).y)
#define ABSMAX(a) fmax(fabs((a).x), fabs((a).y))
#define ABS2(a) ((a).x * (a).x + (a).y * (a).y)
#else
#define MUL(a, b) ((a) * (b))
#define DIV(a, b) ((a) / (b))
#define CONJ(a) (a)
#define ABS1(a) fabs(a)
#define REAL(a) (a)
#define ISZERO(a) ((a) == 0)
#define MKREAL(r) (r)
#define IMAG(a) 0
#define ABSMAX(a) fabs(a)
#define ABS2(a) ((a) * (a))
#endif
