/* Host side of cl_kernels/nm_task.cl ("nm_task"): N:M SpMM as one work-item, for FPGAs; N and M
 * fixed at build time, so every meta word is a fixed-trip-count loop. */
#include <stdio.h>
#include "task_common.h"

static int nm_task_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                           sb_kernel_info *info, sb_error *err)
{
    const sb_nm *A;
    if (sb_operand_nm(op, &A, err))
        return -1;
    sb_kparams p = *params;
    sb_kp_set(&p, "NM_N", A->n);
    sb_kp_set(&p, "NM_M", A->m);
    sb_kp_set(&p, "COLS", sb_task_cols(sb_kp(&p, "COLS"), op->N));
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_kernel k;
    if (sb_build_nm_kernel(st, env, op, A, &p, &k, info, err))
        return -1;
    if (sb_task_launch(st, env, k, "nm_task", err))
        return -1;
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    snprintf(info->block, sizeof info->block, "%d:%d", A->n, A->m);
    info->bytes = sb_nm_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = sb_nm_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_nm_task = {
    .name = "nm_task",
    .prepare = nm_task_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
