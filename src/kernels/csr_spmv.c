/* Host side of cl_kernels/csr_spmv.cl ("csr_spmv"): CSR-vector SpMV for N = 1. */
#include <stdio.h>
#include "launch.h"

static int spmv_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                        sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams p = *params;
    int rows_per_wg = sb_kp(&p, "ROWS_PER_WG");
    int max_lanes = sb_kp(&p, "MAX_LANES");
    /* lanes per row: the power of two nearest the mean row length (CSR-vector's rule of thumb) */
    double mean = A->rows ? (double)A->nnz / A->rows : 0;
    int lanes = 1;
    while (lanes * 2 <= max_lanes && lanes * 1.5 < mean)
        lanes *= 2;
    if (sb_kp(&p, "LANES") > 0) /* 0: automatic */
        lanes = sb_kp(&p, "LANES");
    int wg_max = sb_kp(&p, "WG_MAX");
    while (rows_per_wg > 1 && (lanes * rows_per_wg > wg_max ||
                               (size_t)(lanes * rows_per_wg) > env->dev->max_work_group_size))
        rows_per_wg /= 2;
    sb_kp_set(&p, "LANES", lanes);
    sb_kp_set(&p, "ROWS_PER_WG", rows_per_wg);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    if (sb_upload_csr(st, env, A, p.precision, csr, err))
        return -1;
    cl_kernel k;
    if (sb_build_params(env, &p, &k, info, err))
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
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    info->bytes = sb_csr_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr_spmv = {
    .name = "csr_spmv",
    .prepare = spmv_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
