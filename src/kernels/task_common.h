/* What the single-work-item ("task") kernels share: the column tile and the one-item launch. */
#ifndef SB_KERNELS_TASK_COMMON_H
#define SB_KERNELS_TASK_COMMON_H

#include "launch.h"

/* Columns of C a task kernel accumulates per pass: its COLS tunable (1..64, checked by the
 * catalogue), lowered to the smallest power of two that covers N so SpMV (N = 1) does not carry
 * idle lanes. */
static inline int sb_task_cols(int cols, int N)
{
    size_t cover = sb_pow2_ceil((size_t)(N > 0 ? N : 1));
    return cover < (size_t)cols ? (int)cover : cols;
}

/* A task kernel runs as one work-item: global 1, local 1 (its reqd_work_group_size(1,1,1) is
 * honoured by sb_launch_add all the same). */
static inline int sb_task_launch(sb_launch_state *st, sb_cl_env *env, cl_kernel k, const char *name,
                                 sb_error *err)
{
    size_t one[1] = {1};
    return sb_launch_add(st, env, k, name, 1, one, one, err);
}

#endif
