/* Host side of cl_kernels/nm_spmm.cl ("nm"): N and M fixed at build time. */
#include <stdio.h>
#include "launch.h"

#define NM_VEC_DEFAULT 4
#define NM_WG_SIZE_DEFAULT 128

static int nm_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                      sb_error *err)
{
    const sb_nm *A;
    if (sb_operand_nm(op, &A, err))
        return -1;
    int vec = sb_pick_vec(env, "nm_spmm.VEC", NM_VEC_DEFAULT, op->N, err);
    int wg = sb_params_int(&env->params, "nm_spmm.WG_SIZE", NM_WG_SIZE_DEFAULT);
    if (vec < 0)
        return -1;
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    char defines[96];
    snprintf(defines, sizeof defines, "-DNM_N=%d -DNM_M=%d -DVEC=%d", A->n, A->m, vec);
    cl_kernel k;
    if (sb_build_nm_kernel(st, env, op, A, "nm_spmm.cl", "nm_spmm", defines, &k, info, err))
        return -1;
    size_t col_vecs = (size_t)(op->N + vec - 1) / (size_t)vec;
    size_t local0 = sb_pow2_ceil(col_vecs);
    if (local0 > (size_t)wg)
        local0 = (size_t)wg;
    size_t local[2] = {local0, (size_t)wg / local0 ? (size_t)wg / local0 : 1};
    size_t global[2] = {col_vecs, (size_t)op->M};
    if (sb_launch_add(st, env, k, "nm_spmm", 2, global, local, err))
        return -1;
    snprintf(info->variant, sizeof info->variant, "nm_spmm %d:%d VEC=%d WG=%zux%zu", A->n, A->m, vec,
             st->launches[0].local[0], st->launches[0].local[1]);
    snprintf(info->block, sizeof info->block, "%d:%d", A->n, A->m);
    info->bytes = sb_nm_bytes(A);
    info->stored_values = sb_nm_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

static const int nm_vec_values[] = {1, 2, 4, 8};
static const int nm_wg_values[] = {64, 128, 256};
static const sb_tunable nm_tunables[] = {
    {"nm_spmm.VEC", 4, nm_vec_values},
    {"nm_spmm.WG_SIZE", 3, nm_wg_values},
    {NULL, 0, NULL},
};
const sb_kernel sb_kernel_nm = {
    .name = "nm",
    .format = "nm",
    .summary = "N:M (2:4) SpMM, N and M fixed at build time, packed positions instead of indices",
    .accepts_n = sb_any_n,
    .prepare = nm_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = nm_tunables,
};
