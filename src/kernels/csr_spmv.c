/* Host side of cl_kernels/csr_spmv.cl ("csr_spmv"): CSR-vector SpMV for N = 1. */
#include <stdio.h>
#include "launch.h"

#define SPMV_ROWS_PER_WG_DEFAULT 16
#define SPMV_MAX_LANES_DEFAULT 32
/* NVIDIA's compiler allows this kernel 256 work-items, not the device's 1024. */
#define SPMV_WG_MAX_DEFAULT 256

static int spmv_accepts_n(int N, char *why, size_t why_len)
{
    if (N == 1)
        return 1;
    snprintf(why, why_len, "csr_spmv computes a matrix-vector product: it runs only N = 1 (use csr "
                           "or csr_balanced for N = %d)", N);
    return 0;
}

static int spmv_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                        sb_error *err)
{
    const sb_csr *A = op->csr;
    int rows_per_wg = sb_params_int(&env->params, "csr_spmv.ROWS_PER_WG", SPMV_ROWS_PER_WG_DEFAULT);
    int max_lanes = sb_params_int(&env->params, "csr_spmv.MAX_LANES", SPMV_MAX_LANES_DEFAULT);
    /* lanes per row: the power of two nearest the mean row length (CSR-vector's rule of thumb) */
    double mean = A->rows ? (double)A->nnz / A->rows : 0;
    int lanes = 1;
    while (lanes * 2 <= max_lanes && lanes * 1.5 < mean)
        lanes *= 2;
    if (sb_params_get(&env->params, "csr_spmv.LANES"))
        lanes = sb_params_int(&env->params, "csr_spmv.LANES", lanes);
    if (lanes < 1 || (lanes & (lanes - 1)) || rows_per_wg < 1)
        return sb_fail(err, "csr_spmv.LANES must be a power of two, ROWS_PER_WG >= 1");
    int wg_max = sb_params_int(&env->params, "csr_spmv.WG_MAX", SPMV_WG_MAX_DEFAULT);
    while (rows_per_wg > 1 && (lanes * rows_per_wg > wg_max ||
                               (size_t)(lanes * rows_per_wg) > env->dev->max_work_group_size))
        rows_per_wg /= 2;

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    if (sb_upload_csr(st, env, A, csr, err))
        return -1;
    char defines[96];
    snprintf(defines, sizeof defines, "-DLANES=%d -DROWS_PER_WG=%d", lanes, rows_per_wg);
    cl_kernel k;
    if (sb_build_kernel(env, "csr_spmv.cl", defines, "csr_spmv_vector", &k, info, err))
        return -1;
    int M = op->M;
    if (sb_cl_args(env, k, "csr_spmv_vector", err, 6, sizeof(int), &M, sizeof(cl_mem), &csr[0],
                   sizeof(cl_mem), &csr[1], sizeof(cl_mem), &csr[2], sizeof(cl_mem), &op->B,
                   sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t local[1] = {(size_t)(lanes * rows_per_wg)};
    size_t global[1] = {(size_t)((M + rows_per_wg - 1) / rows_per_wg) * local[0]};
    if (sb_launch_add(st, env, k, "csr_spmv_vector", 1, global, local, err))
        return -1;
    snprintf(info->variant, sizeof info->variant, "csr_spmv_vector LANES=%d ROWS_PER_WG=%d", lanes,
             rows_per_wg);
    info->bytes = sb_csr_bytes(A);
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

static const int spmv_lanes_values[] = {1, 2, 4, 8, 16, 32};
static const int spmv_rows_values[] = {4, 8, 16, 32};
static const sb_tunable spmv_tunables[] = {
    {"csr_spmv.LANES", 6, spmv_lanes_values},
    {"csr_spmv.ROWS_PER_WG", 4, spmv_rows_values},
    {NULL, 0, NULL},
};
const sb_kernel sb_kernel_csr_spmv = {
    .name = "csr_spmv",
    .format = "csr",
    .summary = "CSR SpMV (N = 1): a group of lanes per row, reduced in local memory",
    .accepts_n = spmv_accepts_n,
    .prepare = spmv_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = spmv_tunables,
};
