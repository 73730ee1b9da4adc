/* Host side of cl_kernels/bsr_spmm.cl ("bsr"): block size fixed at build time. The block is the
 * pattern's for block-pruned matrices, else the matrix's bsr_block (the fill says what it costs). */
#include <stdio.h>
#include "launch.h"

static int bsr_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                       sb_kernel_info *info, sb_error *err)
{
    const sb_bsr *A = sb_operand_bsr(op);
    sb_kparams p = *params;
    int vec = sb_fit_vec(sb_kp(&p, "VEC"), op->N);
    int cols = sb_kp(&p, "COLS_PER_WG");
    int max_rpt = sb_kp(&p, "MAX_RPT");
    int ksplit = sb_kp(&p, "KSPLIT");
    int col_vecs = (op->N + vec - 1) / vec;
    while (cols > 1 && cols / 2 >= col_vecs)
        cols /= 2;
    /* rows per work-item: the largest divisor of BR not above MAX_RPT */
    int rpt = 1;
    for (int d = 1; d <= A->br && d <= max_rpt; d++)
        if (A->br % d == 0)
            rpt = d;
    sb_kp_set(&p, "BR", A->br);
    sb_kp_set(&p, "BC", A->bc);
    sb_kp_set(&p, "VEC", vec);
    sb_kp_set(&p, "RPT", rpt);
    sb_kp_set(&p, "COLS_PER_WG", cols);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_kernel k;
    if (sb_build_bsr_kernel(st, env, op, A, &p, &k, info, err))
        return -1;
    size_t local[3] = {(size_t)cols, (size_t)(A->br / rpt), (size_t)ksplit};
    size_t global[3] = {(size_t)((col_vecs + cols - 1) / cols * cols),
                        (size_t)A->block_rows * local[1], (size_t)ksplit};
    if (sb_launch_add(st, env, k, "bsr_spmm", 3, global, local, err))
        return -1;
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    snprintf(info->block, sizeof info->block, "%dx%d", A->br, A->bc);
    info->bytes = sb_bsr_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = sb_bsr_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_bsr = {
    .name = "bsr",
    .prepare = bsr_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
