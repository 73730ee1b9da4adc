/* Host side of cl_kernels/bsr_task.cl ("bsr_task"): BSR SpMM as one work-item, for FPGAs; the
 * block (the pattern's, else the matrix's bsr_block) is fixed at build time. */
#include <stdio.h>
#include "task_common.h"

static int bsr_task_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                            sb_kernel_info *info, sb_error *err)
{
    const sb_bsr *A = sb_operand_bsr(op);
    sb_kparams p = *params;
    sb_kp_set(&p, "BR", A->br);
    sb_kp_set(&p, "BC", A->bc);
    sb_kp_set(&p, "COLS", sb_task_cols(sb_kp(&p, "COLS"), op->N));
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_kernel k;
    if (sb_build_bsr_kernel(st, env, op, A, &p, &k, info, err))
        return -1;
    if (sb_task_launch(st, env, k, "bsr_task", err))
        return -1;
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    snprintf(info->block, sizeof info->block, "%dx%d", A->br, A->bc);
    info->bytes = sb_bsr_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = sb_bsr_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_bsr_task = {
    .name = "bsr_task",
    .prepare = bsr_task_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
