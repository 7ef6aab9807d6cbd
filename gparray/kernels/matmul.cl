/* Batched matrix product C[b] = A[b] @ B[b] over any strides (in elements), broadcasting
 * batch dimensions by zero strides. One work-item per output element, accumulating in the
 * loop's compute type. The host defines GP_A_T/GP_B_T/GP_C_T (storage), GP_ACC_T,
 * gp_load_a/gp_load_b (to GP_ACC_T), gp_mul, gp_add, gp_store, GP_ZERO, GP_MAXDIM. */
typedef struct {
    long shape[GP_MAXDIM];
    long a[GP_MAXDIM];
    long b[GP_MAXDIM];
    long c[GP_MAXDIM];
} gp_batch;

__kernel void matmul_naive(__global const GP_A_T* A, const long a_off, const long a_si, const long a_sk,
                           __global const GP_B_T* B, const long b_off, const long b_sk, const long b_sj,
                           __global GP_C_T* C, const long c_off, const long c_si, const long c_sj,
                           const gp_batch L, const int nbatch,
                           const long n, const long m, const long k, const long total)
{
    const long gid = get_global_id(0);
    if (gid >= total)
        return;
    const long j = gid % m;
    const long i = (gid / m) % n;
    long rem = gid / (m * n);
    long ao = a_off + i * a_si, bo = b_off + j * b_sj, co = c_off + i * c_si + j * c_sj;
    for (int d = nbatch - 1; d >= 0; --d) {
        const long c = rem % L.shape[d];
        rem /= L.shape[d];
        ao += c * L.a[d];
        bo += c * L.b[d];
        co += c * L.c[d];
    }
    GP_ACC_T acc = GP_ZERO;
    for (long p = 0; p < k; ++p)
        acc = gp_add(acc, gp_mul(gp_load_a(A, ao + p * a_sk), gp_load_b(B, bo + p * b_sk)));
    gp_store(C, co, acc);
}
