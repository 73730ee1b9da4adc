/* Host side of cl_kernels/csr_balanced.cl ("csr_balanced"): rows ordered by decreasing length
 * (the row swizzle), each row's non-zeros split over KSPLIT work-items. */
#include <stdio.h>
#include <stdlib.h>
#include "launch.h"

#define BAL_VEC_DEFAULT 4
#define BAL_KSPLIT_DEFAULT 4
#define BAL_COLS_PER_WG_DEFAULT 16

/* Rows sorted by decreasing number of non-zeros (a stable counting sort: O(rows + max length)). */
static int32_t *rows_by_length(const sb_csr *A)
{
    int32_t max_len = 0;
    for (int r = 0; r < A->rows; r++) {
        int32_t len = A->row_ptr[r + 1] - A->row_ptr[r];
        if (len > max_len)
            max_len = len;
    }
    int64_t *start = sb_calloc((size_t)max_len + 2, sizeof *start);
    for (int r = 0; r < A->rows; r++)
        start[max_len - (A->row_ptr[r + 1] - A->row_ptr[r]) + 1]++;
    for (int32_t i = 1; i <= max_len + 1; i++)
        start[i] += start[i - 1];
    int32_t *order = sb_malloc(sizeof *order * (size_t)(A->rows > 0 ? A->rows : 1));
    for (int r = 0; r < A->rows; r++)
        order[start[max_len - (A->row_ptr[r + 1] - A->row_ptr[r])]++] = r;
    free(start);
    return order;
}

static int is_pow2(int x)
{
    return x > 0 && (x & (x - 1)) == 0;
}

static int balanced_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                            sb_error *err)
{
    const sb_csr *A = op->csr;
    int vec = sb_pick_vec(env, "csr_balanced.VEC", BAL_VEC_DEFAULT, op->N, err);
    int ksplit = sb_params_int(&env->params, "csr_balanced.KSPLIT", BAL_KSPLIT_DEFAULT);
    int cols = sb_params_int(&env->params, "csr_balanced.COLS_PER_WG", BAL_COLS_PER_WG_DEFAULT);
    if (vec < 0)
        return -1;
    if (!is_pow2(ksplit) || cols < 1)
        return sb_fail(err, "csr_balanced.KSPLIT must be a power of two and COLS_PER_WG >= 1 "
                            "(got %d, %d)", ksplit, cols);
    /* a narrow B needs fewer column work-items */
    int col_vecs = (op->N + vec - 1) / vec;
    while (cols > 1 && cols / 2 >= col_vecs)
        cols /= 2;

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    int32_t *order = rows_by_length(A);
    cl_mem row_order, csr[3]; /* csr: row_ptr, col_idx, val */
    int rc = sb_launch_upload(st, env, order, sizeof(int32_t) * (size_t)A->rows, &row_order, err);
    free(order);
    if (rc || sb_upload_csr(st, env, A, csr, err))
        return -1;

    char defines[128];
    snprintf(defines, sizeof defines, "-DVEC=%d -DKSPLIT=%d -DCOLS_PER_WG=%d", vec, ksplit, cols);
    cl_kernel k;
    if (sb_build_kernel(env, "csr_balanced.cl", defines, "csr_spmm_balanced", &k, info, err))
        return -1;
    int M = op->M, N = op->N;
    if (sb_cl_args(env, k, "csr_spmm_balanced", err, 8, sizeof(int), &M, sizeof(int), &N,
                   sizeof(cl_mem), &row_order, sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1],
                   sizeof(cl_mem), &csr[2], sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t local[2] = {(size_t)cols, (size_t)ksplit};
    size_t global[2] = {(size_t)((col_vecs + cols - 1) / cols * cols), (size_t)M * (size_t)ksplit};
    if (sb_launch_add(st, env, k, "csr_spmm_balanced", 2, global, local, err))
        return -1;
    snprintf(info->variant, sizeof info->variant,
             "csr_spmm_balanced row-swizzle VEC=%d KSPLIT=%d COLS_PER_WG=%d", vec, ksplit, cols);
    info->bytes = sb_csr_bytes(A) + sizeof(int32_t) * (size_t)A->rows;
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

static const int bal_vec_values[] = {2, 4, 8};
static const int bal_ksplit_values[] = {1, 2, 4, 8, 16};
static const int bal_cols_values[] = {8, 16, 32};
static const sb_tunable balanced_tunables[] = {
    {"csr_balanced.VEC", 3, bal_vec_values},
    {"csr_balanced.KSPLIT", 5, bal_ksplit_values},
    {"csr_balanced.COLS_PER_WG", 3, bal_cols_values},
    {NULL, 0, NULL},
};
const sb_kernel sb_kernel_csr_balanced = {
    .name = "csr_balanced",
    .format = "csr",
    .summary = "CSR SpMM for skewed rows: rows ordered by length, each row split over work-items",
    .accepts_n = sb_any_n,
    .prepare = balanced_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = balanced_tunables,
};
