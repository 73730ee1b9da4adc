/* Host side of cl_kernels/bsr_spmm.cl ("bsr"): block size fixed at build time. The block is the
 * pattern's for block-pruned matrices, else the matrix's bsr_block (the fill says what it costs). */
#include <stdio.h>
#include "launch.h"

#define BSR_VEC_DEFAULT 4
#define BSR_COLS_PER_WG_DEFAULT 16
#define BSR_MAX_RPT_DEFAULT 8
#define BSR_KSPLIT_DEFAULT 1

static int bsr_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                       sb_error *err)
{
    const sb_bsr *A = sb_operand_bsr(op);
    int vec = sb_pick_vec(env, "bsr_spmm.VEC", BSR_VEC_DEFAULT, op->N, err);
    int cols = sb_params_int(&env->params, "bsr_spmm.COLS_PER_WG", BSR_COLS_PER_WG_DEFAULT);
    int max_rpt = sb_params_int(&env->params, "bsr_spmm.MAX_RPT", BSR_MAX_RPT_DEFAULT);
    int ksplit = sb_params_int(&env->params, "bsr_spmm.KSPLIT", BSR_KSPLIT_DEFAULT);
    if (vec < 0)
        return -1;
    if (cols < 1 || max_rpt < 1 || ksplit < 1)
        return sb_fail(err, "bsr_spmm.COLS_PER_WG, MAX_RPT and KSPLIT must be >= 1");
    int col_vecs = (op->N + vec - 1) / vec;
    while (cols > 1 && cols / 2 >= col_vecs)
        cols /= 2;
    /* rows per work-item: the largest divisor of BR not above MAX_RPT */
    int rpt = 1;
    for (int d = 1; d <= A->br && d <= max_rpt; d++)
        if (A->br % d == 0)
            rpt = d;

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem bsr[3]; /* block row_ptr, block col_idx, blocks */
    if (sb_upload_bsr(st, env, A, bsr, err))
        return -1;
    char defines[128];
    snprintf(defines, sizeof defines, "-DBR=%d -DBC=%d -DVEC=%d -DRPT=%d -DCOLS_PER_WG=%d -DKSPLIT=%d",
             A->br, A->bc, vec, rpt, cols, ksplit);
    cl_kernel k;
    if (sb_build_kernel(env, "bsr_spmm.cl", defines, "bsr_spmm", &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "bsr_spmm", err, 8, sizeof(int), &M, sizeof(int), &N, sizeof(int), &K,
                   sizeof(cl_mem), &bsr[0], sizeof(cl_mem), &bsr[1], sizeof(cl_mem), &bsr[2],
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t local[3] = {(size_t)cols, (size_t)(A->br / rpt), (size_t)ksplit};
    size_t global[3] = {(size_t)((col_vecs + cols - 1) / cols * cols),
                        (size_t)A->block_rows * local[1], (size_t)ksplit};
    if (sb_launch_add(st, env, k, "bsr_spmm", 3, global, local, err))
        return -1;
    snprintf(info->variant, sizeof info->variant,
             "bsr_spmm BR=%d BC=%d VEC=%d RPT=%d COLS_PER_WG=%d KSPLIT=%d", A->br, A->bc, vec, rpt,
             cols, ksplit);
    snprintf(info->block, sizeof info->block, "%dx%d", A->br, A->bc);
    info->bytes = sb_bsr_bytes(A);
    info->stored_values = sb_bsr_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

static const int bsr_vec_values[] = {2, 4, 8};
static const int bsr_cols_values[] = {8, 16, 32};
static const int bsr_rpt_values[] = {2, 4, 8, 16};
static const int bsr_ksplit_values[] = {1, 2, 4, 8, 16, 32};
static const sb_tunable bsr_tunables[] = {
    {"bsr_spmm.VEC", 3, bsr_vec_values},
    {"bsr_spmm.COLS_PER_WG", 3, bsr_cols_values},
    {"bsr_spmm.MAX_RPT", 4, bsr_rpt_values},
    {"bsr_spmm.KSPLIT", 6, bsr_ksplit_values},
    {NULL, 0, NULL},
};
const sb_kernel sb_kernel_bsr = {
    .name = "bsr",
    .format = "bsr",
    .summary = "BSR SpMM, block fixed at build time, blocks staged in local memory",
    .accepts_n = sb_any_n,
    .prepare = bsr_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = bsr_tunables,
};
