/* Included first in every gparray program. GP_HAS_FP64 is defined by the host when the
 * device supports double precision and it is not hidden. */
#ifdef GP_HAS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

/* NaN and infinity tests as comparisons. PoCL calls its isnan/isinf/isfinite out of line,
 * which stops the vectoriser: np.maximum and np.isnan of 1e7 float32 ran 5-7x slower than
 * NumPy. The comparisons give the same answers (a NaN is the only value unequal to itself)
 * for scalars (1/0) and vectors (-1/0 per lane), and vectorise: maximum 95 -> 9 ms,
 * isnan 24 -> 5 ms, isfinite 20 -> 4 ms. No fast-math option is ever passed, so the
 * compiler may not fold them away. */
#undef isnan
#undef isinf
#undef isfinite
#define isnan(x) ((x) != (x))
#define isinf(x) ((x) == INFINITY || (x) == -INFINITY)
#define isfinite(x) ((x) - (x) == 0)                 /* inf - inf and NaN - NaN are NaN */
