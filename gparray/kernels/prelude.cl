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

/* Vectors of a width the host chose for this device (1 means plain scalars), so that one
 * kernel text serves every width the canary confirmed: GP_VEC(float, 8) is float8,
 * GP_VEC(float, 1) is float; loads, stores, conversions and lane numbers likewise. */
#define GP_CAT_(a, b) a##b
#define GP_PASTE(a, b) GP_CAT_(a, b)
#define gp_vec_1(t) t
#define gp_vec_2(t) t##2
#define gp_vec_4(t) t##4
#define gp_vec_8(t) t##8
#define gp_vec_16(t) t##16
#define GP_VEC(t, w) GP_PASTE(gp_vec_, w)(t)
#define gp_vload_1(p) (*(p))
#define gp_vload_2(p) vload2(0, p)
#define gp_vload_4(p) vload4(0, p)
#define gp_vload_8(p) vload8(0, p)
#define gp_vload_16(p) vload16(0, p)
#define GP_VLOAD_W(w, p) GP_PASTE(gp_vload_, w)(p)
#define gp_vstore_1(v, p) (*(p) = (v))
#define gp_vstore_2(v, p) vstore2(v, 0, p)
#define gp_vstore_4(v, p) vstore4(v, 0, p)
#define gp_vstore_8(v, p) vstore8(v, 0, p)
#define gp_vstore_16(v, p) vstore16(v, 0, p)
#define GP_VSTORE_W(w, v, p) GP_PASTE(gp_vstore_, w)(v, p)
#define gp_convert_1(t, x) ((t)(x))
#define gp_convert_2(t, x) convert_##t##2(x)
#define gp_convert_4(t, x) convert_##t##4(x)
#define gp_convert_8(t, x) convert_##t##8(x)
#define gp_convert_16(t, x) convert_##t##16(x)
#define GP_CONVERT(t, w, x) GP_PASTE(gp_convert_, w)(t, x)
#define gp_iota_1 (0)
#define gp_iota_2 (0, 1)
#define gp_iota_4 (0, 1, 2, 3)
#define gp_iota_8 (0, 1, 2, 3, 4, 5, 6, 7)
#define gp_iota_16 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
#define GP_IOTA(t, w) ((GP_VEC(t, w))GP_PASTE(gp_iota_, w))
/* any() of a comparison: a scalar comparison gives 1, not a set top bit */
#define gp_any_1(x) (x)
#define gp_any_2(x) any(x)
#define gp_any_4(x) any(x)
#define gp_any_8(x) any(x)
#define gp_any_16(x) any(x)
#define GP_ANY(w, x) GP_PASTE(gp_any_, w)(x)
