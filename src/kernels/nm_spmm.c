/* Host side of cl_kernels/nm_spmm.cl ("nm"): N and M fixed at build time. */
#include <stdio.h>
#include "launch.h"

static int nm_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                      sb_kernel_info *info, sb_error *err)
{
    const sb_nm *A;
    if (sb_operand_nm(op, &A, err))
        return -1;
    sb_kparams p = *params;
    int vec = sb_fit_vec(sb_kp(&p, "VEC"), op->N);
    int wg = sb_kp(&p, "WG_SIZE");
    sb_kp_set(&p, "NM_N", A->n);
    sb_kp_set(&p, "NM_M", A->m);
    sb_kp_set(&p, "VEC", vec);
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_kernel k;
    if (sb_build_nm_kernel(st, env, op, A, &p, &k, info, err))
        return -1;
    size_t col_vecs = (size_t)(op->N + vec - 1) / (size_t)vec;
    size_t local0 = sb_pow2_ceil(col_vecs);
    if (local0 > (size_t)wg)
        local0 = (size_t)wg;
    size_t local[2] = {local0, (size_t)wg / local0 ? (size_t)wg / local0 : 1};
    size_t global[2] = {col_vecs, (size_t)op->M};
    if (sb_launch_add(st, env, k, "nm_spmm", 2, global, local, err))
        return -1;
    char launch[64];
    snprintf(launch, sizeof launch, "WG=%zux%zu", st->launches[0].local[0], st->launches[0].local[1]);
    sb_kparams_variant(&p, launch, info->variant, sizeof info->variant);
    snprintf(info->block, sizeof info->block, "%d:%d", A->n, A->m);
    info->bytes = sb_nm_bytes(A);
    info->stored_values = sb_nm_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_nm = {
    .name = "nm",
    .prepare = nm_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
