/* Host side of cl_kernels/csr_task.cl ("csr_task"): CSR SpMV/SpMM as one work-item, for FPGAs.
 * Rows are padded here to a multiple of UNROLL with explicit zeros, so the kernel's inner loop has
 * a fixed trip count; the padding counts as fill (stored_values). */
#include <stdio.h>
#include <stdlib.h>
#include "task_common.h"

#define CSR_TASK_UNROLL_DEFAULT 4

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

static int csr_task_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                            sb_error *err)
{
    const sb_csr *A = op->csr;
    int unroll = sb_params_int(&env->params, "csr_task.UNROLL", CSR_TASK_UNROLL_DEFAULT);
    if (unroll < 1 || unroll > 64)
        return sb_fail(err, "csr_task.UNROLL must be within 1..64 (got %d)", unroll);
    int cols = sb_task_cols(env, "csr_task.COLS", op->N, err);
    if (cols < 0)
        return -1;
    if (A->nnz + (int64_t)A->rows * (unroll - 1) > INT32_MAX)
        return sb_fail(err, "csr_task: %lld non-zeros padded to multiples of %d overflow 32-bit "
                            "indices", (long long)A->nnz, unroll);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    sb_csr p;
    pad_rows(A, unroll, &p);
    cl_mem csr[3]; /* row_ptr, col_idx, val */
    int rc = sb_upload_csr(st, env, &p, csr, err);
    int64_t padded_nnz = p.nnz;
    sb_csr_free(&p);
    if (rc)
        return -1;

    char defines[64];
    snprintf(defines, sizeof defines, "-DUNROLL=%d -DCOLS=%d", unroll, cols);
    cl_kernel k;
    if (sb_build_kernel(env, "csr_task.cl", defines, "csr_task", &k, info, err))
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
    snprintf(info->variant, sizeof info->variant, "csr_task UNROLL=%d COLS=%d (one work-item)",
             unroll, cols);
    info->bytes = sizeof(int32_t) * (size_t)(A->rows + 1) + (sizeof(int32_t) + sizeof(float)) * (size_t)padded_nnz;
    info->stored_values = padded_nnz;
    info->events_cover_all = 1;
    return 0;
}

/* the default must be among the values (sb_tunable) */
static const int csr_task_unroll_values[] = {1, 2, 4, 8};
static const int csr_task_cols_values[] = {1, 4, 8, 16};
static const sb_tunable csr_task_tunables[] = {
    {"csr_task.UNROLL", 4, csr_task_unroll_values},
    {"csr_task.COLS", 4, csr_task_cols_values},
    {NULL, 0, NULL},
};

const sb_kernel sb_kernel_csr_task = {
    .name = "csr_task",
    .format = "csr",
    .summary = "CSR SpMV/SpMM as one work-item (FPGA task), rows padded to a multiple of UNROLL",
    .accepts_n = sb_any_n,
    .prepare = csr_task_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = csr_task_tunables,
};
