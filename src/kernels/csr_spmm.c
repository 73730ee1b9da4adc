/* Host side of cl_kernels/csr_spmm.cl: the row-block CSR SpMM ("csr"). */
#include <stdio.h>
#include <string.h>
#include "csr_rowblock.h"
#include "launch.h"

/* Rows a work-item computes: ROW_SHARE where every aligned group of that many rows of A has one
 * pattern (and RAGGED 1, which the kernel needs with it), else 1. */
static void fit_share(sb_kparams *p, const sb_csr *A)
{
    int share = sb_kp(p, "ROW_SHARE");
    if (share > 1 && (!sb_kp(p, "RAGGED") || !sb_csr_rows_share(A, share)))
        sb_kp_set(p, "ROW_SHARE", 1);
}

/* Rows of work: groups of ROW_SHARE rows (sb_rowblock_groups counts them so too). */
static int row_units(const sb_kparams *p, int M)
{
    int share = sb_kp(p, "ROW_SHARE");
    return (M + share - 1) / share;
}

/* The tunables of p fitted to a launch over ncols columns of C and M rows (p's own values are the
 * widest allowed): a narrow B needs fewer work-items per row, the freed ones take more rows. M
 * counts rows of work (row_units). */
static void fit_tile(sb_kparams *p, int ncols, int M)
{
    int vec = sb_fit_vec(sb_kp(p, "VEC"), ncols);
    int vpt = sb_kp(p, "VPT");
    int tile_cols = sb_kp(p, "TILE_COLS");
    int rows_per_wg = sb_kp(p, "ROWS_PER_WG");
    int row_iters = sb_kp(p, "ROW_ITERS");
    int col_vecs = (ncols + vec - 1) / vec;
    while (vpt > 1 && vpt * tile_cols > col_vecs)
        vpt /= 2;
    while (tile_cols > 1 && tile_cols / 2 >= col_vecs) {
        tile_cols /= 2;
        rows_per_wg *= 2;
    }
    while (row_iters > 1 && (int64_t)rows_per_wg * row_iters > M) /* no idle iterations */
        row_iters /= 2;
    if (sb_kp(p, "KCHUNK") > 0) /* the lockstep's barriers: one row block per work-group */
        row_iters = 1;
    sb_kp_set(p, "VEC", vec);
    sb_kp_set(p, "VPT", vpt);
    sb_kp_set(p, "TILE_COLS", tile_cols);
    sb_kp_set(p, "ROWS_PER_WG", rows_per_wg);
    sb_kp_set(p, "ROW_ITERS", row_iters);
}

static int tile_width(const sb_kparams *p)
{
    return sb_kp(p, "TILE_COLS") * sb_kp(p, "VPT") * sb_kp(p, "VEC");
}

/* Builds the kernel of p (fitted) and adds its launch over the columns [col0, col0 + ncols). */
static int add_launch(sb_launch_state *st, sb_cl_env *env, sb_operand *op, cl_mem csr[3],
                      const sb_kparams *p, int col0, int ncols, sb_kernel_info *info, sb_error *err)
{
    cl_kernel k;
    if (sb_build_params(env, p, &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "csr_spmm_rowblock", err, 10, sizeof(int), &M, sizeof(int), &N,
                   sizeof(int), &K, sizeof(int), &col0, sizeof(int), &ncols, sizeof(cl_mem),
                   &csr[0], sizeof(cl_mem), &csr[1], sizeof(cl_mem), &csr[2], sizeof(cl_mem),
                   &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t wg = (size_t)sb_kp(p, "TILE_COLS") * (size_t)sb_kp(p, "ROWS_PER_WG");
    int rows_per_group = sb_kp(p, "ROWS_PER_WG") * sb_kp(p, "ROW_ITERS");
    size_t groups = (size_t)sb_rowblock_groups(M, sb_kp(p, "ROW_SHARE"), rows_per_group, ncols,
                                               tile_width(p));
    size_t global[1] = {groups * wg}, local[1] = {wg};
    return sb_launch_add(st, env, k, "csr_spmm_rowblock", 1, global, local, err);
}

/* N in whole tiles and a ragged rest: with REST_LAUNCH = 1 the rest is a second launch with its
 * own tile; by default (0) it is the last tile of the one launch (cl_kernels/csr_spmm.cl, RAGGED).
 * On the H200 the second launch made VPT 4 x 16 1.11-1.18x faster than the old ragged tile (one
 * load of B in flight) on Transformer shapes, 0.59-0.80x on DLMC layers (job lead4-2), and
 * 0.78-0.87x against the unrolled ragged tile on the Transformer shapes (job ragged5-1): it is a
 * second latency chain per row (PERF_NOTES). */
static int csr_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                       sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams base = *params; /* its tunables (ranges checked by the catalogue), fitted below */
    fit_share(&base, A);
    sb_kparams p = base;
    fit_tile(&p, op->N, row_units(&p, op->M));
    int width = tile_width(&p);
    int rest = sb_kp(&p, "REST_LAUNCH") && op->N > width ? op->N % width : 0;

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    if (sb_upload_csr(st, env, A, p.precision, csr, err) ||
        add_launch(st, env, op, csr, &p, 0, op->N - rest, info, err))
        return -1;
    char tail_note[160] = "";
    if (rest) {
        sb_kparams tail = base;
        fit_tile(&tail, rest, row_units(&tail, op->M));
        if (add_launch(st, env, op, csr, &tail, op->N - rest, rest, info, err))
            return -1;
        snprintf(tail_note, sizeof tail_note,
                 "; last %d: VEC=%d VPT=%d TILE_COLS=%d ROWS_PER_WG=%d ROW_ITERS=%d", rest,
                 sb_kp(&tail, "VEC"), sb_kp(&tail, "VPT"), sb_kp(&tail, "TILE_COLS"),
                 sb_kp(&tail, "ROWS_PER_WG"), sb_kp(&tail, "ROW_ITERS"));
    }
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    size_t used = strlen(info->variant);
    snprintf(info->variant + used, sizeof info->variant - used, "%s", tail_note);
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
