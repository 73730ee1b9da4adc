/* Host side of cl_kernels/csr_spmm.cl: the row-block CSR SpMM ("csr"). */
#include <stdio.h>
#include "launch.h"

static int csr_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                       sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams p = *params; /* its tunables (ranges checked by the catalogue), adjusted below */
    int vec = sb_fit_vec(sb_kp(&p, "VEC"), op->N);
    int vpt = sb_kp(&p, "VPT");
    int tile_cols = sb_kp(&p, "TILE_COLS");
    int rows_per_wg = sb_kp(&p, "ROWS_PER_WG");
    int row_iters = sb_kp(&p, "ROW_ITERS");
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
    if (sb_kp(&p, "KCHUNK") > 0) /* the lockstep's barriers: one row block per work-group */
        row_iters = 1;
    sb_kp_set(&p, "VEC", vec);
    sb_kp_set(&p, "VPT", vpt);
    sb_kp_set(&p, "TILE_COLS", tile_cols);
    sb_kp_set(&p, "ROWS_PER_WG", rows_per_wg);
    sb_kp_set(&p, "ROW_ITERS", row_iters);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    if (sb_upload_csr(st, env, A, p.precision, csr, err))
        return -1;

    cl_kernel k;
    if (sb_build_params(env, &p, &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "csr_spmm_rowblock", err, 8, sizeof(int), &M, sizeof(int), &N,
                   sizeof(int), &K, sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1],
                   sizeof(cl_mem), &csr[2], sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
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
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    info->bytes = sb_csr_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr = {
    .name = "csr",
    .prepare = csr_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
