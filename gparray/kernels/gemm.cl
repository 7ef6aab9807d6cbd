/* Tiled, register-blocked GEMM for one real floating type: C[b] = op(A[b]) @ B[b].
 *
 * The host packs the operands (gparray/_linalg_products.py) into panels, as BLAS libraries
 * do: A transposed as panels of GP_AW columns (Kp x GP_AW each, rows a_rs apart, panels a_ps
 * apart) and B as panels of GP_TN columns, zero-padded to whole panels and, with local
 * memory, Kp a multiple of GP_TK. A work-group then streams two contiguous panels. Padding in
 * K adds 0 * 0; padded rows and columns of C are never stored. C has any strides (elements).
 *
 * Each work-item keeps a GP_RM x (GP_NV * GP_VW) block of C in registers: GP_RM rows
 * (consecutive) times GP_NV vectors of GP_VW columns, the vectors of neighbouring work-items
 * interleaved (coalesced on GPUs). With GP_LOCAL the work-group stages GP_TK-deep slices of
 * both tiles in local memory; without it every work-item reads the packed panels directly
 * (on CPU devices local memory is ordinary cached memory, and barriers cost a pass over the
 * work-items). Host defines: GP_T, GP_TV (GP_T vector of GP_VW), GP_VSTORE(v, p),
 * GP_RM, GP_NV, GP_VW, GP_WM, GP_WN, GP_TK, GP_LOCAL, GP_MAXDIM.
 */
#define GP_RN (GP_NV * GP_VW)
/* A dereference rather than vloadn, which PoCL calls out of line, spilling every accumulator
 * around the call; packed rows are whole vectors and aligned (the host checks). */
#define GP_VLOAD(p, space) (*(const space GP_TV*)(p))
#define GP_TM (GP_WM * GP_RM)
#define GP_TN (GP_WN * GP_RN)
/* A's panels: a work-group's GP_TM rows when staged in local memory (coalesced loads);
 * otherwise one work-item's GP_RM rows, so that each work-item streams contiguous memory. */
#if GP_LOCAL
#define GP_AW GP_TM
#else
#define GP_AW GP_RM
#endif

typedef struct {
    long shape[GP_MAXDIM];
    long a[GP_MAXDIM];
    long b[GP_MAXDIM];
    long c[GP_MAXDIM];
} gp_batch;

__kernel __attribute__((reqd_work_group_size(GP_WN, GP_WM, 1)))
void gemm(__global const GP_T* At, const long a_off, const long a_ps, const long a_rs,
          __global const GP_T* B, const long b_off, const long b_ps, const long b_rs,
          __global GP_T* C, const long c_off, const long c_si, const long c_sj,
          const gp_batch L, const int nbatch, const long m, const long n, const long kp)
{
    const int lx = get_local_id(0), ly = get_local_id(1);
    const long i0 = get_group_id(1) * GP_TM, j0 = get_group_id(0) * GP_TN;
    long ao = a_off, bo = b_off + get_group_id(0) * b_ps, co = c_off;
    long rem = get_global_id(2);
    for (int d = nbatch - 1; d >= 0; --d) {
        const long c = rem % L.shape[d];
        rem /= L.shape[d];
        ao += c * L.a[d];
        bo += c * L.b[d];
        co += c * L.c[d];
    }
    GP_TV acc[GP_RM][GP_NV];
    for (int r = 0; r < GP_RM; ++r)
        for (int v = 0; v < GP_NV; ++v)
            acc[r][v] = (GP_TV)(0);
#if GP_LOCAL
    __local GP_T As[GP_TK][GP_TM] __attribute__((aligned(128)));
    __local GP_T Bs[GP_TK][GP_TN] __attribute__((aligned(128)));
    const int lid = ly * GP_WN + lx;
    for (long k0 = 0; k0 < kp; k0 += GP_TK) {
        for (int e = lid; e < GP_TK * GP_TM; e += GP_WM * GP_WN)
            As[e / GP_TM][e % GP_TM] = At[ao + get_group_id(1) * a_ps + (k0 + e / GP_TM) * a_rs
                                          + e % GP_TM];
        for (int e = lid; e < GP_TK * GP_TN; e += GP_WM * GP_WN)
            Bs[e / GP_TN][e % GP_TN] = B[bo + (k0 + e / GP_TN) * b_rs + e % GP_TN];
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < GP_TK; ++kk) {
            GP_TV bv[GP_NV];
            #pragma unroll
            for (int v = 0; v < GP_NV; ++v)
                bv[v] = GP_VLOAD(&Bs[kk][(v * GP_WN + lx) * GP_VW], __local);
            #pragma unroll
            for (int r = 0; r < GP_RM; ++r) {
                const GP_TV a = (GP_TV)(As[kk][ly * GP_RM + r]);
                #pragma unroll
                for (int v = 0; v < GP_NV; ++v)
                    acc[r][v] = GP_FMA(a, bv[v], acc[r][v]);
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
#else
    const __global GP_T* ap = At + ao + (get_group_id(1) * GP_WM + ly) * a_ps;
    const __global GP_T* bp = B + bo + lx * GP_VW;
    for (long p = 0; p < kp; ++p) {
        GP_TV bv[GP_NV];
        #pragma unroll
        for (int v = 0; v < GP_NV; ++v)
            bv[v] = GP_VLOAD(bp + v * GP_WN * GP_VW, __global);
        #pragma unroll
        for (int r = 0; r < GP_RM; ++r) {
            const GP_TV a = (GP_TV)(ap[r]);
            #pragma unroll
            for (int v = 0; v < GP_NV; ++v)
                acc[r][v] = GP_FMA(a, bv[v], acc[r][v]);
        }
        ap += a_rs;
        bp += b_rs;
    }
#endif
    const long row0 = i0 + ly * GP_RM;
    for (int r = 0; r < GP_RM; ++r) {
        const long i = row0 + r;
        if (i >= m)
            break;
        for (int v = 0; v < GP_NV; ++v) {
            const long j = j0 + (v * GP_WN + lx) * GP_VW;
            __global GP_T* cp = C + co + i * c_si + j * c_sj;
            if (c_sj == 1 && j + GP_VW <= n) {
                GP_VSTORE(acc[r][v], cp);
            } else {
                GP_T lanes[GP_VW];
                GP_VSTORE(acc[r][v], lanes);
                for (int e = 0; e < GP_VW && j + e < n; ++e)
                    cp[e * c_sj] = lanes[e];
            }
        }
    }
}

/* Packing: dst (batch, P, kp, W) <- the (rows x cols) matrix at src (element strides s_r,
 * s_c; batch dimensions in L.shape/L.a), zero outside it; P * W == width >= cols. One work-item per destination
 * element; dimension 0 runs along the source's contiguous direction: along the panel's
 * columns (contiguous stores) for GP_PACK, along its rows for GP_PACK_T (a transposed source,
 * whose stores then stay within one panel, in cache). */
#define GP_PACK_BODY(W, j, p) \
    long off = s_off, rem = get_global_id(2); \
    for (int d = nbatch - 1; d >= 0; --d) { \
        off += (rem % L.shape[d]) * L.a[d]; \
        rem /= L.shape[d]; \
    } \
    const long panels = width / (W); \
    dst[((get_global_id(2) * panels + (j) / (W)) * kp + (p)) * (W) + (j) % (W)] = \
        ((p) < rows && (j) < cols) ? src[off + (p) * s_r + (j) * s_c] : (GP_T)0;
#define GP_PACK_ARGS __global const GP_T* src, const long s_off, const long s_r, const long s_c, \
    __global GP_T* dst, const long rows, const long cols, const long kp, const long width, \
    const gp_batch L, const int nbatch
#define GP_PACK(NAME, W) \
__kernel void NAME(GP_PACK_ARGS) \
{ \
    const long j = get_global_id(0), p = get_global_id(1); \
    if (j >= width) return; \
    GP_PACK_BODY(W, j, p) \
} \
__kernel void NAME##_t(GP_PACK_ARGS) \
{ \
    const long p = get_global_id(0), j = get_global_id(1); \
    if (p >= kp) return; \
    GP_PACK_BODY(W, j, p) \
}
GP_PACK(gemm_pack_a, GP_AW)
GP_PACK(gemm_pack_b, GP_TN)
