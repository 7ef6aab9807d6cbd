/* Reduction of each row of a strided array view to one value.
 *
 * The input is seen as (rows, row elements): ``outer`` maps a row number to its offset and
 * ``inner`` maps an element number within a row to its offset, both over any strides.
 * Work-group g reduces chunk (g % chunks) of row (g / chunks); a second launch over the
 * partial results finishes rows that were split. Each work-item owns a contiguous run of the
 * chunk (the shape CPU devices need) and the group combines the work-items' values with a
 * tree in local memory that keeps their order.
 *
 * Float sums (GP_COMPENSATED) carry an error term per work-item (Kahan) and through the
 * group's tree (TwoSum), so that each group's partial is rounded about once: at least as
 * accurate as NumPy's pairwise summation. The error terms are dropped once the sum is not
 * finite, so infinities and NaNs propagate exactly as in a plain sum.
 *
 * The host defines: GP_IN_T (storage type), GP_ACC_T (accumulator type), GP_OUT_T,
 * gp_load(p, i) giving a GP_ACC_T, gp_combine(a, b), gp_store(p, i, v), GP_IDENTITY,
 * GP_MAXDIM, and GP_LOCAL (work-group size, a power of two); gp_load may map each element
 * (a reduction table's map: NaN to 0 for nansum, x != 0 for count_nonzero) and, with
 * GP_FINALIZE, gp_finalize(acc, n) turns a row's total over n elements into the stored value
 * (mean: acc / n). A chunked row's partials are stored raw, by a program without it, and
 * finalized by the second launch. With GP_CENTERED the map also reads the row's entry of
 * ``center`` (GP_C_T), as gp_c (var's squared deviation from each row's mean); otherwise
 * ``center`` is any buffer, unread. For the (value, index)
 * reductions (argmin/argmax) it defines GP_ARG and gp_better(a, b): nonzero when value b
 * (later in the row) replaces value a.
 */
typedef struct {
    long shape[GP_MAXDIM];
    long strides[GP_MAXDIM];
} gp_dims;

inline long gp_offset(long index, const gp_dims *d, const int ndim)
{
    long off = 0;
    for (int k = ndim - 1; k >= 0; --k) {
        const long c = index % d->shape[k];
        index /= d->shape[k];
        off += c * d->strides[k];
    }
    return off;
}

#define GP_ELEMENT(j) (inner_ndim == 1 ? base + (j) * inner.strides[0] \
                                       : base + gp_offset((j), &inner, inner_ndim))

#define GP_CAT2(a, b) a##b
#define GP_CAT(a, b) GP_CAT2(a, b)

#ifdef GP_VW
/* Real float extremes (GP_VW: lanes; GP_MASK_T: the lane mask's scalar type) over elements
 * [lo, hi) of a contiguous run, GP_VW at a time. Compilers that keep strict IEEE semantics
 * vectorise neither gp_combine's NaN-aware select nor a compare-and-select, so the lanes use
 * fmax/fmin (GP_LANE_OP), which skip NaNs: fmax/fmin rows start from NaN, which any number
 * replaces, and maximum/minimum (GP_NAN_PROPAGATES) flag any NaN and return NaN. */
#ifndef GP_LANE_INIT
#define GP_LANE_INIT GP_IDENTITY
#endif
inline GP_ACC_T gp_extreme_run(__global const GP_IN_T* in, const long lo, const long hi)
{
    GP_CAT(GP_ACC_T, GP_VW) m = (GP_CAT(GP_ACC_T, GP_VW))(GP_LANE_INIT);
    GP_CAT(GP_MASK_T, GP_VW) nan = (GP_CAT(GP_MASK_T, GP_VW))(0);
    long j = lo;
    for (; j + GP_VW <= hi; j += GP_VW) {
        const GP_CAT(GP_ACC_T, GP_VW) v = GP_CAT(vload, GP_VW)(0, in + j);
        m = GP_LANE_OP(m, v);
        nan |= isnan(v);
    }
    GP_ACC_T lanes[GP_VW];
    GP_CAT(vstore, GP_VW)(m, 0, lanes);
    GP_ACC_T acc = GP_LANE_INIT;
    int tail_nan = 0;
    for (int k = 0; k < GP_VW; ++k)
        acc = GP_LANE_OP(acc, lanes[k]);
    for (; j < hi; ++j) {
        const GP_ACC_T v = in[j];
        acc = GP_LANE_OP(acc, v);
        tail_nan |= isnan(v);
    }
#ifdef GP_NAN_PROPAGATES
    if (tail_nan || any(nan))
        acc = NAN;
#endif
    return acc;
}
#endif

#ifndef GP_ARG
#define GP_BLOCK 128

#ifdef GP_SUM_VW
/* Adds the contiguous run [lo, hi) to the compensated pair (*acc_out, *err_out) in
 * GP_SUM_VW lanes: each lane adds
 * its share of a block of GP_BLOCK elements plainly, then folds the block into a
 * Kahan-compensated (sum, error) pair; the lanes' pairs meet by TwoSum. Lane sums are
 * shorter than one work-item's scalar sum, so at least as accurate; and PoCL vectorises
 * neither the scalar loop across a work-item's own run nor strided loads across
 * work-items. */
#define GP_SV GP_CAT(GP_ACC_T, GP_SUM_VW)
#ifndef gp_lane_map
#define gp_lane_map(x) (x)
#endif
#define gp_sv_if_finite(t, v) select((GP_SV)(0), (v), isfinite(t))
inline void gp_sum_run(__global const GP_IN_T* in, const long lo, const long hi,
                       GP_ACC_T* acc_out, GP_ACC_T* err_out)
{
    GP_SV acc = (GP_SV)(0), err = (GP_SV)(0);
    long j = lo;
    for (; j < hi - (GP_SUM_VW - 1); ) {
        const long e = min(j + GP_BLOCK, hi - (GP_SUM_VW - 1));
        GP_SV part = (GP_SV)(0);
        for (; j < e; j += GP_SUM_VW)
            part += gp_lane_map(GP_CAT(vload, GP_SUM_VW)(0, in + j));
        const GP_SV y = part + err;
        const GP_SV t = acc + y;
        err = gp_sv_if_finite(t, y - (t - acc));
        acc = t;
    }
    GP_ACC_T a[GP_SUM_VW], r[GP_SUM_VW];
    GP_CAT(vstore, GP_SUM_VW)(acc, 0, a);
    GP_CAT(vstore, GP_SUM_VW)(err, 0, r);
    GP_ACC_T s = *acc_out, c = *err_out;
    for (int k = 0; k < GP_SUM_VW; ++k) {        /* TwoSum of the lanes, in order */
        const GP_ACC_T x = a[k], u = s + x, bb = u - s;
        c += r[k] + ((s - (u - bb)) + (x - bb));
        s = u;
    }
    for (; j < hi; ++j)
        s += gp_load(in, j);
    *acc_out = s;
    *err_out = isfinite(s) ? c : 0;
}
#endif
#ifndef GP_FINALIZE
#define gp_finalize(acc, n) (acc)
#endif
#ifdef GP_CENTERED
#define GP_ROW_CENTER(r) const GP_C_T gp_c = center[r];
#define GP_CENTER gp_c
#else
#define GP_C_T GP_ACC_T
#define GP_ROW_CENTER(r)
#define GP_CENTER 0
#endif
#ifdef GP_COMPENSATED
/* v where t is finite, else 0: once a sum overflows or meets inf/nan, error terms
 * (inf - inf = nan) must not spoil it, so infinities and NaNs propagate as in a plain sum */
#ifdef GP_VECTOR_ACC
#define gp_if_finite(t, v) select(GP_IDENTITY, (v), isfinite(t))
#else
#define gp_if_finite(t, v) (isfinite(t) ? (v) : GP_IDENTITY)
#endif

/* Adds row elements [lo, hi) (element j at base + j * step, or through the inner dims) to
 * the compensated pair (*acc, *err): plain sums of blocks of GP_BLOCK elements (a
 * vectorisable inner loop) folded into a Kahan total; contiguous float rows in lanes.
 * ``gp_c``: the row's center, which a centered row's map (in gp_load) reads. */
inline void gp_sum_into(__global const GP_IN_T* in, const long base, const long lo,
                        const long hi, const gp_dims* inner, const int inner_ndim,
                        const GP_C_T gp_c, GP_ACC_T* acc, GP_ACC_T* err)
{
#ifdef GP_SUM_VW
    if (inner_ndim == 1 && inner->strides[0] == 1) {
        gp_sum_run(in, base + lo, base + hi, acc, err);
        return;
    }
#endif
    GP_ACC_T a = *acc, r = *err;
    for (long b = lo; b < hi; b += GP_BLOCK) {
        const long e = min(hi, b + GP_BLOCK);
        GP_ACC_T part = GP_IDENTITY;
        if (inner_ndim == 1) {
            const long step = inner->strides[0];
            for (long j = b; j < e; ++j)
                part += gp_load(in, base + j * step);
        } else {
            for (long j = b; j < e; ++j)
                part += gp_load(in, base + gp_offset(j, inner, inner_ndim));
        }
        const GP_ACC_T y = part + r;
        const GP_ACC_T t = a + y;
        r = gp_if_finite(t, y - (t - a));
        a = t;
    }
    *acc = a;
    *err = r;
}
#endif
__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void reduce_rows(__global const GP_IN_T* in, const long in_off,
                 __global GP_OUT_T* out, const long out_off,
                 const gp_dims outer, const int outer_ndim,
                 const gp_dims inner, const int inner_ndim,
                 const long rowlen, const long chunks, const long n,
                 __global const GP_C_T* center)
{
    __local GP_ACC_T scratch[GP_LOCAL];
    const long group = get_group_id(0);
    const int lid = get_local_id(0);
    const long row = group / chunks;
    const long chunk = group % chunks;
    const long chunk_len = (rowlen + chunks - 1) / chunks;
    const long start = chunk * chunk_len;
    const long stop = min(rowlen, start + chunk_len);
    const long base = in_off + gp_offset(row, &outer, outer_ndim);
    GP_ROW_CENTER(row)

    /* this work-item's contiguous share of [start, stop) */
    const long share = (stop - start + GP_LOCAL - 1) / GP_LOCAL;
    const long lo = start + lid * share;
    const long hi = min(stop, lo + share);

    GP_ACC_T acc = GP_IDENTITY;
#ifdef GP_COMPENSATED
    /* Two levels: plain sums of blocks of GP_BLOCK elements (a vectorisable inner loop),
     * added to a Kahan-compensated total; then the work-items' (sum, error) pairs meet in
     * an error-free (TwoSum) tree, so the group's result is rounded once. */
    GP_ACC_T err = GP_IDENTITY;
    gp_sum_into(in, base, lo, hi, &inner, inner_ndim, GP_CENTER, &acc, &err);
    __local GP_ACC_T errs[GP_LOCAL];
    scratch[lid] = acc;
    errs[lid] = err;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = 1; width < GP_LOCAL; width <<= 1) {
        if ((lid & (2 * width - 1)) == 0) {
            const GP_ACC_T a = scratch[lid], b = scratch[lid + width];
            const GP_ACC_T s = a + b;
            const GP_ACC_T bb = s - a;
            scratch[lid] = s;
            errs[lid] = gp_if_finite(s, errs[lid] + errs[lid + width] + ((a - (s - bb)) + (b - bb)));
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0)
        scratch[0] = scratch[0] + errs[0];
#else
    /* start from the share's first element, not the identity: fmax of complex NaNs keeps
     * its left operand, so only a row's own first NaN is what NumPy returns. Empty shares
     * (holding the identity) only ever lie right of non-empty ones. */
    if (lo < hi)
        acc = gp_load(in, GP_ELEMENT(lo));
#ifdef GP_VW
    if (inner_ndim == 1 && inner.strides[0] == 1) {
        acc = gp_extreme_run(in, base + lo, base + hi);
    } else
#endif
    if (inner_ndim == 1) {
        const long step = inner.strides[0];
        for (long j = lo + 1; j < hi; ++j)
            acc = gp_combine(acc, gp_load(in, base + j * step));
    } else {
        for (long j = lo + 1; j < hi; ++j)
            acc = gp_combine(acc, gp_load(in, base + gp_offset(j, &inner, inner_ndim)));
    }
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    /* neighbours combine, left operand first: the tree keeps the row's order, so a
     * left-biased combine (NaN propagation in complex maximum) picks what NumPy picks */
    for (int width = 1; width < GP_LOCAL; width <<= 1) {
        if ((lid & (2 * width - 1)) == 0)
            scratch[lid] = gp_combine(scratch[lid], scratch[lid + width]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
#endif
    if (lid == 0)
        gp_store(out, out_off + group, gp_finalize(scratch[0], n));
}

/* Rows reduced in order, one work-item per row, starting from the row's first element:
 * for ufuncs whose reduction is not reorderable (subtract, divide, power, ...), and for
 * many rows, where a work-item per row already fills the device and, when the rows are
 * strided (a reduction over axis 0), neighbouring work-items read neighbouring memory. Float
 * sums keep the blocked, Kahan-compensated accumulation of reduce_rows. */
__kernel void reduce_rows_ordered(__global const GP_IN_T* in, const long in_off,
                                  __global GP_OUT_T* out, const long out_off,
                                  const gp_dims outer, const int outer_ndim,
                                  const gp_dims inner, const int inner_ndim,
                                  const long rowlen, const long rows, const long n,
                                  __global const GP_C_T* center)
{
    const long row = get_global_id(0);
    if (row >= rows)
        return;
    const long base = in_off + gp_offset(row, &outer, outer_ndim);
    GP_ROW_CENTER(row)
    const long step = inner.strides[0];
    GP_ACC_T acc = gp_load(in, base);
#ifdef GP_COMPENSATED
    GP_ACC_T err = GP_IDENTITY;
    gp_sum_into(in, base, 1, rowlen, &inner, inner_ndim, GP_CENTER, &acc, &err);
    acc = acc + err;
#else
#ifdef GP_VW
    if (inner_ndim == 1 && step == 1) {
        acc = gp_extreme_run(in, base, base + rowlen);
    } else
#endif
    if (inner_ndim == 1) {
        for (long j = 1; j < rowlen; ++j)
            acc = gp_combine(acc, gp_load(in, base + j * step));
    } else {
        for (long j = 1; j < rowlen; ++j)
            acc = gp_combine(acc, gp_load(in, base + gp_offset(j, &inner, inner_ndim)));
    }
#endif
    gp_store(out, out_off + row, gp_finalize(acc, n));
}

/* Many rows whose elements are far apart and whose starts are close together (a reduction
 * over a leading axis): each work-item reduces GP_COLS consecutive rows side by side, so
 * that every step reads a short run of neighbouring memory; float sums add blocks of
 * GP_BLOCK elements into Kahan-compensated totals, per row. */
#define GP_COLS 16
__kernel void reduce_cols(__global const GP_IN_T* in, const long in_off,
                          __global GP_OUT_T* out, const long out_off,
                          const gp_dims outer, const int outer_ndim,
                          const gp_dims inner, const int inner_ndim,
                          const long rowlen, const long rows, const long n,
                          __global const GP_C_T* center)
{
    const long first = get_global_id(0) * GP_COLS;
    if (first >= rows)
        return;
    const int ncols = (int)min((long)GP_COLS, rows - first);
    long base[GP_COLS];
    GP_ACC_T acc[GP_COLS];
    for (int c = 0; c < GP_COLS; ++c) {
        base[c] = in_off + gp_offset(first + min(c, ncols - 1), &outer, outer_ndim);
        acc[c] = GP_IDENTITY;
    }
    const long step = inner.strides[0];
    /* the common case, GP_COLS neighbouring elements: a constant-stride inner loop that
     * compiles to vector loads */
    const long run = outer.shape[outer_ndim - 1];
    const int unit = outer.strides[outer_ndim - 1] == 1 && ncols == GP_COLS &&
                     first % run + GP_COLS <= run;
#define GP_COLUMNS(ADDR, BODY)                                                       \
    for (long j = jb; j < je; ++j) {                                                 \
        const long off = inner_ndim == 1 ? j * step : gp_offset(j, &inner, inner_ndim); \
        for (int c = 0; c < GP_COLS; ++c) {                                          \
            GP_ROW_CENTER(first + min(c, ncols - 1))                                 \
            const GP_ACC_T v = gp_load(in, (ADDR) + off);                            \
            BODY;                                                                    \
        }                                                                            \
    }
#ifdef GP_COMPENSATED
    GP_ACC_T err[GP_COLS], part[GP_COLS];
    for (int c = 0; c < GP_COLS; ++c)
        err[c] = GP_IDENTITY;
    for (long jb = 0; jb < rowlen; jb += GP_BLOCK) {
        const long je = min(rowlen, jb + GP_BLOCK);
        for (int c = 0; c < GP_COLS; ++c)
            part[c] = GP_IDENTITY;
        if (unit) {
            GP_COLUMNS(base[0] + c, part[c] += v)
        } else {
            GP_COLUMNS(base[c], part[c] += v)
        }
        for (int c = 0; c < GP_COLS; ++c) {
            const GP_ACC_T y = part[c] + err[c];
            const GP_ACC_T t = acc[c] + y;
            err[c] = gp_if_finite(t, y - (t - acc[c]));
            acc[c] = t;
        }
    }
    for (int c = 0; c < GP_COLS; ++c)
        acc[c] = acc[c] + err[c];
#else
    /* from each row's first element, as reduce_rows */
    for (int c = 0; c < GP_COLS; ++c) {
        GP_ROW_CENTER(first + min(c, ncols - 1))
        acc[c] = gp_load(in, base[c]);
    }
    const long jb = 1, je = rowlen;
    if (unit) {
        GP_COLUMNS(base[0] + c, acc[c] = gp_combine(acc[c], v))
    } else {
        GP_COLUMNS(base[c], acc[c] = gp_combine(acc[c], v))
    }
#endif
#undef GP_COLUMNS
    for (int c = 0; c < ncols; ++c)
        gp_store(out, out_off + first + c, gp_finalize(acc[c], n));
}

#else
#ifdef GP_VW
#define GP_BLOCK 512    /* lanes scan a block cheaply: fewer blocks, fewer lane reductions */
#else
#define GP_BLOCK 128
#endif
/* (value, index) reduction: the index (within the row, C order of the reduced axes) of the
 * first element that no later element beats. With ``use_idx`` the indices are read from
 * ``idx_in`` (laid out like the values): the second launch over partial results. Within a
 * share a later element must be strictly better; in the tree, equal values (or two NaNs)
 * keep the lower index. An empty share carries index -1. */
/* The best value of elements [lo, hi) of a row and its first position (-1 when empty), in
 * blocks of GP_BLOCK: the block's best value by a select-only (vectorisable) loop; only a
 * block that beats the best so far is read again for the value's first position, which is
 * rare after the first few blocks. */
inline long gp_arg_run(__global const GP_IN_T* in, const long base, const long lo,
                       const long hi, const gp_dims *inner, const int inner_ndim,
                       __global const long* idx_in, const int use_idx, GP_ACC_T *best_out)
{
    GP_ACC_T best = GP_IDENTITY;
    long where = -1;
    const long step = inner->strides[0];
#define GP_AT(j) (inner_ndim == 1 ? base + (j) * step : base + gp_offset((j), inner, inner_ndim))
    for (long b = lo; b < hi; b += GP_BLOCK) {
        const long e = min(hi, b + GP_BLOCK);
        GP_ACC_T m = gp_load(in, GP_AT(b));
#ifdef GP_ARG_REAL_FLOAT
        /* a plain compare plus a NaN flag vectorises where the NaN-aware compare does not */
        int nan = isnan(m);
#ifdef GP_VW
        if (inner_ndim == 1 && step == 1) {
            m = gp_extreme_run(in, base + b, base + e);
            nan = isnan(m);
        } else
#endif
        if (inner_ndim == 1) {
            for (long j = b + 1; j < e; ++j) {
                const GP_ACC_T v = gp_load(in, base + j * step);
                m = (v GP_ARG_OP m) ? v : m;
                nan |= (v != v);
            }
        } else {
            for (long j = b + 1; j < e; ++j) {
                const GP_ACC_T v = gp_load(in, GP_AT(j));
                m = (v GP_ARG_OP m) ? v : m;
                nan |= (v != v);
            }
        }
        if (nan)
            m = NAN;
#else
        for (long j = b + 1; j < e; ++j) {
            const GP_ACC_T v = gp_load(in, GP_AT(j));
            m = gp_better(m, v) ? v : m;
        }
#endif
        if (where < 0 || gp_better(best, m)) {
            long first = b;
            for (long j = b; j < e; ++j) {
                const GP_ACC_T v = gp_load(in, GP_AT(j));
                if (!gp_better(v, m) && !gp_better(m, v)) {
                    first = j;
                    break;
                }
            }
            best = m;
            where = use_idx ? idx_in[GP_AT(first)] : first;
        }
    }
#undef GP_AT
    *best_out = best;
    return where;
}

/* Many rows: one work-item per row, no tree. */
__kernel void arg_reduce_rows_each(__global const GP_IN_T* in, const long in_off,
                                   __global const long* idx_in, const int use_idx,
                                   __global GP_OUT_T* out_val, __global long* out_idx,
                                   const gp_dims outer, const int outer_ndim,
                                   const gp_dims inner, const int inner_ndim,
                                   const long rowlen, const long rows)
{
    const long row = get_global_id(0);
    if (row >= rows)
        return;
    const long base = in_off + gp_offset(row, &outer, outer_ndim);
    GP_ACC_T best;
    out_idx[row] = gp_arg_run(in, base, 0, rowlen, &inner, inner_ndim, idx_in, use_idx, &best);
}

__kernel __attribute__((reqd_work_group_size(GP_LOCAL, 1, 1)))
void arg_reduce_rows(__global const GP_IN_T* in, const long in_off,
                     __global const long* idx_in, const int use_idx,
                     __global GP_OUT_T* out_val, __global long* out_idx,
                     const gp_dims outer, const int outer_ndim,
                     const gp_dims inner, const int inner_ndim,
                     const long rowlen, const long chunks)
{
    __local GP_ACC_T sval[GP_LOCAL];
    __local long sidx[GP_LOCAL];
    const long group = get_group_id(0);
    const int lid = get_local_id(0);
    const long row = group / chunks;
    const long chunk = group % chunks;
    const long chunk_len = (rowlen + chunks - 1) / chunks;
    const long start = chunk * chunk_len;
    const long stop = min(rowlen, start + chunk_len);
    const long base = in_off + gp_offset(row, &outer, outer_ndim);
    const long share = (stop - start + GP_LOCAL - 1) / GP_LOCAL;
    const long lo = start + lid * share;
    const long hi = min(stop, lo + share);

    GP_ACC_T best = GP_IDENTITY;
    const long where = gp_arg_run(in, base, lo, hi, &inner, inner_ndim, idx_in, use_idx, &best);
    sval[lid] = best;
    sidx[lid] = where;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = GP_LOCAL / 2; width > 0; width >>= 1) {
        if (lid < width) {
            /* after earlier steps either side may hold the lower index: break ties by it */
            const long ia = sidx[lid], ib = sidx[lid + width];
            const GP_ACC_T va = sval[lid], vb = sval[lid + width];
            if (ib >= 0 && (ia < 0 || gp_better(va, vb) || (!gp_better(vb, va) && ib < ia))) {
                sval[lid] = sval[lid + width];
                sidx[lid] = ib;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        gp_store(out_val, group, sval[0]);
        out_idx[group] = sidx[0];
    }
}
#endif
