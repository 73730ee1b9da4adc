/* Host side of cl_kernels/csr_spmm.cl: the row-block CSR SpMM ("csr"). */
#include <stdio.h>
#include "launch.h"

/* PANEL = 1: a buffer for B's whole column tiles in panels and the launch of csr_b_panels that
 * fills it, added before the SpMM's (so the events time both). */
static int add_panel_copy(sb_launch_state *st, sb_cl_env *env, sb_operand *op, const sb_kparams *p,
                          size_t whole_cols, int vec, cl_mem *panels, sb_kernel_info *info,
                          sb_error *err)
{
    int K = op->K, N = op->N;
    size_t elem = sb_precision_bytes(p->precision);
    if (sb_launch_buffer(st, env, CL_MEM_READ_WRITE, (size_t)K * whole_cols * elem, NULL, panels,
                         err))
        return -1;
    char file[128], defines[512];
    snprintf(file, sizeof file, "%s.cl", p->kernel->program);
    sb_kparams_defines(p, defines, sizeof defines);
    cl_kernel copy;
    if (sb_build_kernel(env, file, defines, "csr_b_panels", &copy, info, err))
        return -1;
    if (sb_cl_args(env, copy, "csr_b_panels", err, 4, sizeof(int), &K, sizeof(int), &N,
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), panels)) {
        clReleaseKernel(copy);
        return -1;
    }
    size_t global[1] = {(size_t)K * (whole_cols / (size_t)vec)}, local[1] = {256};
    return sb_launch_add(st, env, copy, "csr_b_panels", 1, global, local, err);
}

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
    size_t wg = (size_t)tile_cols * (size_t)rows_per_wg;
    size_t rows_per_group = (size_t)rows_per_wg * (size_t)row_iters;
    size_t row_blocks = ((size_t)M + rows_per_group - 1) / rows_per_group;
    size_t tile_width = (size_t)tile_cols * (size_t)vpt * (size_t)vec;
    size_t col_tiles = ((size_t)N + tile_width - 1) / tile_width;
    size_t whole_cols = (size_t)N / tile_width * tile_width;
    cl_mem panels = op->B; /* PANEL: B's whole column tiles as panels, copied by a first launch */
    if (sb_kp(&p, "PANEL") && whole_cols > 0 &&
        add_panel_copy(st, env, op, &p, whole_cols, vec, &panels, info, err)) {
        clReleaseKernel(k);
        return -1;
    }
    if (sb_cl_args(env, k, "csr_spmm_rowblock", err, 9, sizeof(int), &M, sizeof(int), &N,
                   sizeof(int), &K,
                   sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1], sizeof(cl_mem), &csr[2],
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &panels, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
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
