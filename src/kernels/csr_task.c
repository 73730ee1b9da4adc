/* Host side of cl_kernels/csr_task.cl ("csr_task"): CSR SpMV/SpMM as one work-item, for FPGAs.
 * Rows are padded here to a multiple of UNROLL with explicit zeros, so the kernel's inner loop has
 * a fixed trip count; the padding counts as fill (stored_values). */
#include <stdio.h>
#include <stdlib.h>
#include "task_common.h"

/* Every row of A padded with (column 0, value 0) to a multiple of unroll non-zeros: p is a CSR
 * whose nnz counts the padding. */
static void pad_rows(const sb_csr *A, int unroll, sb_csr *p)
{
    p->rows = A->rows;
    p->cols = A->cols;
    p->row_ptr = sb_malloc(sizeof(int32_t) * (size_t)(A->rows + 1));
    p->nnz = 0;
    for (int r = 0; r < A->rows; r++) {
        int64_t len = A->row_ptr[r + 1] - A->row_ptr[r];
        p->row_ptr[r] = (int32_t)p->nnz;
        p->nnz += (len + unroll - 1) / unroll * unroll;
    }
    p->row_ptr[A->rows] = (int32_t)p->nnz;
    p->col_idx = sb_calloc((size_t)p->nnz + 1, sizeof(int32_t));
    p->val = sb_calloc((size_t)p->nnz + 1, sizeof(float));
    for (int r = 0; r < A->rows; r++) {
        int32_t from = A->row_ptr[r], n = A->row_ptr[r + 1] - from;
        for (int32_t j = 0; j < n; j++) {
            p->col_idx[p->row_ptr[r] + j] = A->col_idx[from + j];
            p->val[p->row_ptr[r] + j] = A->val[from + j];
        }
    }
}

static int csr_task_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                            sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams p = *params;
    int unroll = sb_kp(&p, "UNROLL");
    int cols = sb_task_cols(sb_kp(&p, "COLS"), op->N);
    sb_kp_set(&p, "COLS", cols);
    if (A->nnz + (int64_t)A->rows * (unroll - 1) > INT32_MAX)
        return sb_fail(err, "csr_task: %lld non-zeros padded to multiples of %d overflow 32-bit "
                            "indices", (long long)A->nnz, unroll);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    sb_csr padded;
    pad_rows(A, unroll, &padded);
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    int rc = sb_upload_csr(st, env, &padded, p.precision, csr, err);
    int64_t padded_nnz = padded.nnz;
    sb_csr_free(&padded);
    if (rc)
        return -1;

    cl_kernel k;
    if (sb_build_params(env, &p, &k, info, err))
        return -1;
    int M = op->M, N = op->N;
    if (sb_cl_args(env, k, "csr_task", err, 7, sizeof(int), &M, sizeof(int), &N,
                   sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1], sizeof(cl_mem), &csr[2],
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    if (sb_task_launch(st, env, k, "csr_task", err))
        return -1;
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    info->bytes = sizeof(int32_t) * (size_t)(A->rows + 1) +
                  (sizeof(int32_t) + sb_precision_bytes(p.precision)) * (size_t)padded_nnz;
    info->stored_values = padded_nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr_task = {
    .name = "csr_task",
    .prepare = csr_task_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
