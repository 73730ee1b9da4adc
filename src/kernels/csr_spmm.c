/* Host side of cl_kernels/csr_spmm.cl: the row-block CSR SpMM ("csr"). */
#include <stdio.h>
#include "launch.h"

/* Tunables and their defaults; per-device values come from platforms/<name>.yaml (csr_spmm.NAME)
 * and the tuning database. */
#define CSR_VEC_DEFAULT 4
#define CSR_VPT_DEFAULT 1
#define CSR_UNROLL_DEFAULT 2
#define CSR_TILE_COLS_DEFAULT 32
#define CSR_ROWS_PER_WG_DEFAULT 4
#define CSR_ROWS_FAST_DEFAULT 0
#define CSR_ROW_ITERS_DEFAULT 1

static int csr_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                       sb_error *err)
{
    const sb_csr *A = op->csr;
    const sb_params *p = &env->params;
    int vec = sb_pick_vec(env, "csr_spmm.VEC", CSR_VEC_DEFAULT, op->N, err);
    if (vec < 0)
        return -1;
    int vpt = sb_params_int(p, "csr_spmm.VPT", CSR_VPT_DEFAULT);
    int unroll = sb_params_int(p, "csr_spmm.UNROLL", CSR_UNROLL_DEFAULT);
    int tile_cols = sb_params_int(p, "csr_spmm.TILE_COLS", CSR_TILE_COLS_DEFAULT);
    int rows_per_wg = sb_params_int(p, "csr_spmm.ROWS_PER_WG", CSR_ROWS_PER_WG_DEFAULT);
    int rows_fast = sb_params_int(p, "csr_spmm.ROWS_FAST", CSR_ROWS_FAST_DEFAULT);
    int row_iters = sb_params_int(p, "csr_spmm.ROW_ITERS", CSR_ROW_ITERS_DEFAULT);
    if (vpt < 1 || unroll < 1 || tile_cols < 1 || rows_per_wg < 1 || row_iters < 1)
        return sb_fail(err, "csr_spmm: VPT, UNROLL, TILE_COLS, ROWS_PER_WG and ROW_ITERS must be >= 1");
    /* a narrow B needs fewer work-items per row; the freed ones take more rows */
    int col_vecs = (op->N + vec - 1) / vec;
    while (vpt > 1 && vpt * tile_cols > col_vecs)
        vpt /= 2;
    while (tile_cols > 1 && tile_cols / 2 >= col_vecs) {
        tile_cols /= 2;
        rows_per_wg *= 2;
    }
    while (row_iters > 1 && (int64_t)rows_per_wg * row_iters > op->M) /* no idle iterations */
        row_iters /= 2;

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    if (sb_upload_csr(st, env, A, csr, err))
        return -1;

    char defines[192];
    snprintf(defines, sizeof defines,
             "-DVEC=%d -DVPT=%d -DUNROLL=%d -DTILE_COLS=%d -DROWS_PER_WG=%d -DROWS_FAST=%d "
             "-DROW_ITERS=%d", vec, vpt, unroll, tile_cols, rows_per_wg, rows_fast, row_iters);
    cl_kernel k;
    if (sb_build_kernel(env, "csr_spmm.cl", defines, "csr_spmm_rowblock", &k, info, err))
        return -1;
    int M = op->M, N = op->N;
    if (sb_cl_args(env, k, "csr_spmm_rowblock", err, 7, sizeof(int), &M, sizeof(int), &N,
                   sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1], sizeof(cl_mem), &csr[2],
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t wg = (size_t)tile_cols * (size_t)rows_per_wg;
    size_t rows_per_group = (size_t)rows_per_wg * (size_t)row_iters;
    size_t row_blocks = ((size_t)M + rows_per_group - 1) / rows_per_group;
    size_t tile_width = (size_t)tile_cols * (size_t)vpt * (size_t)vec;
    size_t col_tiles = ((size_t)N + tile_width - 1) / tile_width;
    size_t global[1] = {row_blocks * col_tiles * wg}, local[1] = {wg};
    if (sb_launch_add(st, env, k, "csr_spmm_rowblock", 1, global, local, err))
        return -1;
    snprintf(info->variant, sizeof info->variant,
             "csr_spmm_rowblock VEC=%d VPT=%d UNROLL=%d TILE_COLS=%d ROWS_PER_WG=%d ROWS_FAST=%d "
             "ROW_ITERS=%d", vec, vpt, unroll, tile_cols, rows_per_wg, rows_fast, row_iters);
    info->bytes = sb_csr_bytes(A);
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

static const int vec_values[] = {1, 2, 4, 8, 16};
static const int vpt_values[] = {1, 2, 4};
static const int unroll_values[] = {1, 2, 4};
static const int tile_cols_values[] = {1, 2, 4, 8, 16, 32};
static const int rows_per_wg_values[] = {4, 8, 16, 32, 64};
static const int rows_fast_values[] = {0, 1};
static const int row_iters_values[] = {1, 4, 16};
static const sb_tunable csr_tunables[] = {
    {"csr_spmm.VEC", 5, vec_values},
    {"csr_spmm.VPT", 3, vpt_values},
    {"csr_spmm.UNROLL", 3, unroll_values},
    {"csr_spmm.TILE_COLS", 6, tile_cols_values},
    {"csr_spmm.ROWS_PER_WG", 5, rows_per_wg_values},
    {"csr_spmm.ROWS_FAST", 2, rows_fast_values},
    {"csr_spmm.ROW_ITERS", 3, row_iters_values},
    {NULL, 0, NULL},
};

const sb_kernel sb_kernel_csr = {
    .name = "csr",
    .format = "csr",
    .summary = "CSR SpMM: row blocks x column tiles, B in vector loads, several vectors per item",
    .accepts_n = sb_any_n,
    .prepare = csr_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = csr_tunables,
};
