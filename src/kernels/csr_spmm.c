/* Host side of cl_kernels/csr_spmm.cl: the row-block CSR SpMM ("csr"). */
#include <stdio.h>
#include "launch.h"

/* Tunables and their defaults; per-device values come from platforms/<name>.yaml (csr_spmm.NAME). */
#define CSR_VEC_DEFAULT 4
#define CSR_UNROLL_DEFAULT 2
#define CSR_WG_SIZE_DEFAULT 128

static int csr_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                       sb_error *err)
{
    const sb_csr *A = op->csr;
    int vec = sb_pick_vec(env, "csr_spmm.VEC", CSR_VEC_DEFAULT, op->N, err);
    if (vec < 0)
        return -1;
    int unroll = sb_params_int(&env->params, "csr_spmm.UNROLL", CSR_UNROLL_DEFAULT);
    int wg = sb_params_int(&env->params, "csr_spmm.WG_SIZE", CSR_WG_SIZE_DEFAULT);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem row_ptr, col_idx, val;
    if (sb_launch_upload(st, env, A->row_ptr, sizeof(int32_t) * (size_t)(A->rows + 1), &row_ptr, err) ||
        sb_launch_upload(st, env, A->col_idx, sizeof(int32_t) * (size_t)A->nnz, &col_idx, err) ||
        sb_launch_upload(st, env, A->val, sizeof(float) * (size_t)A->nnz, &val, err))
        return -1;

    char defines[128];
    snprintf(defines, sizeof defines, "-DVEC=%d -DUNROLL=%d", vec, unroll);
    cl_kernel k;
    if (sb_build_kernel(env, "csr_spmm.cl", defines, "csr_spmm_rowblock", &k, info, err))
        return -1;
    int M = op->M, N = op->N;
    if (sb_cl_args(env, k, "csr_spmm_rowblock", err, 7, sizeof(int), &M, sizeof(int), &N,
                   sizeof(cl_mem), &row_ptr, sizeof(cl_mem), &col_idx, sizeof(cl_mem), &val,
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t col_groups = (size_t)(N + vec - 1) / (size_t)vec;
    size_t local0 = sb_pow2_ceil(col_groups);
    if (local0 > (size_t)wg)
        local0 = (size_t)wg;
    size_t local[2] = {local0, (size_t)wg / local0 ? (size_t)wg / local0 : 1};
    size_t global[2] = {col_groups, (size_t)M};
    if (sb_launch_add(st, env, k, "csr_spmm_rowblock", 2, global, local, err))
        return -1;

    snprintf(info->variant, sizeof info->variant, "csr_spmm_rowblock VEC=%d UNROLL=%d WG=%zux%zu",
             vec, unroll, st->launches[0].local[0], st->launches[0].local[1]);
    info->bytes = sb_csr_bytes(A);
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr = {
    .name = "csr",
    .format = "csr",
    .summary = "CSR SpMM, a row per work-group row, columns of B in vector loads",
    .accepts_n = sb_any_n,
    .prepare = csr_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
