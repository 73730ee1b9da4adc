/* Host side of cl_kernels/csr_balanced.cl ("csr_balanced"): rows ordered by decreasing length
 * (the row swizzle), each row's non-zeros split over KSPLIT work-items. */
#include <stdio.h>
#include <stdlib.h>
#include "launch.h"

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

static int balanced_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params,
                            void **state, sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams p = *params;
    int vec = sb_fit_vec(sb_kp(&p, "VEC"), op->N);
    int ksplit = sb_kp(&p, "KSPLIT");
    int cols = sb_kp(&p, "COLS_PER_WG");
    /* a narrow B needs fewer column work-items */
    int col_vecs = (op->N + vec - 1) / vec;
    while (cols > 1 && cols / 2 >= col_vecs)
        cols /= 2;
    sb_kp_set(&p, "VEC", vec);
    sb_kp_set(&p, "COLS_PER_WG", cols);
    if (op->N % vec == 0) /* no partial vector: nothing to shift, the program as without */
        sb_kp_set(&p, "SHIFT", 0);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    int32_t *order = rows_by_length(A);
    cl_mem row_order, csr[3]; /* csr: row_ptr, col_idx, val */
    int rc = sb_launch_upload(st, env, order, sizeof(int32_t) * (size_t)A->rows, &row_order, err);
    free(order);
    if (rc || sb_upload_csr(st, env, A, p.precision, csr, err))
        return -1;

    cl_kernel k;
    if (sb_build_params(env, &p, &k, info, err))
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
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    info->bytes = sb_csr_bytes(A, sb_precision_bytes(p.precision)) + sizeof(int32_t) * (size_t)A->rows;
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr_balanced = {
    .name = "csr_balanced",
    .prepare = balanced_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
