/* Host side of cl_kernels/dense_gemm.cl: the suite's own dense GEMM ("dense"). */
#include <stdio.h>
#include "launch.h"

#define DENSE_TILE_DEFAULT 16
#define DENSE_WPT_DEFAULT 4

static int dense_prepare(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                         sb_error *err)
{
    int tile = sb_params_int(&env->params, "dense_gemm.TILE", DENSE_TILE_DEFAULT);
    int wpt = sb_params_int(&env->params, "dense_gemm.WPT", DENSE_WPT_DEFAULT);
    if (tile < 1 || wpt < 1 || tile % wpt != 0)
        return sb_fail(err, "dense_gemm.WPT (%d) must divide dense_gemm.TILE (%d)", wpt, tile);
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem A;
    size_t a_bytes = sizeof(float) * (size_t)op->M * (size_t)op->K;
    if (sb_launch_upload(st, env, op->A->v, a_bytes, &A, err))
        return -1;
    char defines[64];
    snprintf(defines, sizeof defines, "-DTILE=%d -DWPT=%d", tile, wpt);
    cl_kernel k;
    if (sb_build_kernel(env, "dense_gemm.cl", defines, "dense_gemm_tiled", &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "dense_gemm_tiled", err, 6, sizeof(int), &M, sizeof(int), &N,
                   sizeof(int), &K, sizeof(cl_mem), &A, sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t local[2] = {(size_t)tile, (size_t)(tile / wpt)};
    size_t global[2] = {(size_t)((N + tile - 1) / tile * tile),
                        (size_t)((M + tile - 1) / tile) * (size_t)(tile / wpt)};
    if (sb_launch_add(st, env, k, "dense_gemm_tiled", 2, global, local, err))
        return -1;
    snprintf(info->variant, sizeof info->variant, "dense_gemm_tiled TILE=%d WPT=%d", tile, wpt);
    info->bytes = (int64_t)a_bytes;
    info->stored_values = (int64_t)op->M * op->K;
    info->events_cover_all = 1;
    return 0;
}

static const int dense_tile_values[] = {8, 16, 32};
static const int dense_wpt_values[] = {1, 2, 4, 8};
static const sb_tunable dense_tunables[] = {
    {"dense_gemm.TILE", 3, dense_tile_values},
    {"dense_gemm.WPT", 4, dense_wpt_values},
    {NULL, 0, NULL},
};
const sb_kernel sb_kernel_dense = {
    .name = "dense",
    .format = "dense",
    .summary = "the suite's own tiled dense GEMM (baseline where CLBlast cannot run)",
    .is_dense = 1,
    .accepts_n = sb_any_n,
    .prepare = dense_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
    .tunables = dense_tunables,
};
