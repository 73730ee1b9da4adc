/* Host side of cl_kernels/nm_task.cl ("nm_task"): N:M SpMM as one work-item, for FPGAs; N and M
 * fixed at build time, so every meta word is a fixed-trip-count loop. */
#include <stdio.h>
#include "task_common.h"

static int nm_task_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                           sb_error *err)
{
    const sb_nm *A;
    if (sb_operand_nm(op, &A, err))
        return -1;
    int cols = sb_task_cols(env, "nm_task.COLS", op->N, err);
    if (cols < 0)
        return -1;
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    char defines[96];
    snprintf(defines, sizeof defines, "-DNM_N=%d -DNM_M=%d -DCOLS=%d", A->n, A->m, cols);
    cl_kernel k;
    if (sb_build_nm_kernel(st, env, op, A, "nm_task.cl", "nm_task", defines, &k, info, err))
        return -1;
    if (sb_task_launch(st, env, k, "nm_task", err))
        return -1;
    snprintf(info->variant, sizeof info->variant, "nm_task %d:%d COLS=%d (one work-item)", A->n,
             A->m, cols);
    snprintf(info->block, sizeof info->block, "%d:%d", A->n, A->m);
    info->bytes = sb_nm_bytes(A);
    info->stored_values = sb_nm_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

static const int nm_task_cols_values[] = {4, 8, 16};
static const sb_tunable nm_task_tunables[] = {
    {"nm_task.COLS", 3, nm_task_cols_values},
    {NULL, 0, NULL},
};

const sb_kernel sb_kernel_nm_task = {
    .name = "nm_task",
    .format = "nm",
    .summary = "N:M (2:4) SpMM as one work-item (FPGA task), fixed trip count per meta word",
    .accepts_n = sb_any_n,
    .prepare = nm_task_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = nm_task_tunables,
};
