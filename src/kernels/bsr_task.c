/* Host side of cl_kernels/bsr_task.cl ("bsr_task"): BSR SpMM as one work-item, for FPGAs; the
 * block (the pattern's, else the matrix's bsr_block) is fixed at build time. */
#include <stdio.h>
#include "task_common.h"

static int bsr_task_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                            sb_error *err)
{
    const sb_bsr *A = sb_operand_bsr(op);
    int cols = sb_task_cols(env, "bsr_task.COLS", op->N, err);
    if (cols < 0)
        return -1;
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem bsr[3]; /* block row_ptr, block col_idx, blocks */
    if (sb_upload_bsr(st, env, A, bsr, err))
        return -1;
    char defines[96];
    snprintf(defines, sizeof defines, "-DBR=%d -DBC=%d -DCOLS=%d", A->br, A->bc, cols);
    cl_kernel k;
    if (sb_build_kernel(env, "bsr_task.cl", defines, "bsr_task", &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "bsr_task", err, 8, sizeof(int), &M, sizeof(int), &N, sizeof(int), &K,
                   sizeof(cl_mem), &bsr[0], sizeof(cl_mem), &bsr[1], sizeof(cl_mem), &bsr[2],
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    if (sb_task_launch(st, env, k, "bsr_task", err))
        return -1;
    snprintf(info->variant, sizeof info->variant, "bsr_task BR=%d BC=%d COLS=%d (one work-item)",
             A->br, A->bc, cols);
    snprintf(info->block, sizeof info->block, "%dx%d", A->br, A->bc);
    info->bytes = sb_bsr_bytes(A);
    info->stored_values = sb_bsr_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

static const int bsr_task_cols_values[] = {4, 8, 16};
static const sb_tunable bsr_task_tunables[] = {
    {"bsr_task.COLS", 3, bsr_task_cols_values},
    {NULL, 0, NULL},
};

const sb_kernel sb_kernel_bsr_task = {
    .name = "bsr_task",
    .format = "bsr",
    .summary = "BSR SpMM as one work-item (FPGA task), block fixed at build time",
    .accepts_n = sb_any_n,
    .prepare = bsr_task_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = bsr_task_tunables,
};
