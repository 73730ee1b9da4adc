/* Host side of cl_kernels/dense_gemm.cl: the suite's own dense GEMM ("dense"); at N = 1 its
 * matrix-vector product (dense_gemv), as CLBlast's baseline runs SGEMV there. */
#include <stdio.h>
#include <string.h>
#include "launch.h"

/* Builds dense_gemv with its work-group (GEMV_WG, its reqd_work_group_size) at 64 items, or, where
 * the device allows fewer for the built kernel (rusticl: 32), at the largest power of two it
 * allows, built again; *wg is the size built. */
static int build_gemv(sb_cl_env *env, const sb_kparams *params, cl_kernel *k, int *wg,
                      sb_kernel_info *info, sb_error *err)
{
    for (*wg = 64;;) {
        char defines[512]; /* the GEMM's program (one binary holds both kernels) */
        sb_kparams_defines(params, defines, sizeof defines);
        size_t len = strlen(defines);
        snprintf(defines + len, sizeof defines - len, " -DGEMV_WG=%d", *wg);
        if (sb_build_kernel(env, "dense_gemm.cl", defines, "dense_gemv", k, info, err))
            return -1;
        size_t allowed = 0;
        cl_int rc = clGetKernelWorkGroupInfo(*k, env->dev->id, CL_KERNEL_WORK_GROUP_SIZE,
                                             sizeof allowed, &allowed, NULL);
        if (rc != CL_SUCCESS) {
            clReleaseKernel(*k);
            return sb_cl_fail(err, rc, "clGetKernelWorkGroupInfo(CL_KERNEL_WORK_GROUP_SIZE)",
                              env->dev);
        }
        if (env->dev->max_work_group_size && allowed > env->dev->max_work_group_size)
            allowed = env->dev->max_work_group_size;
        if ((size_t)*wg <= allowed || *wg == 1) /* 1: sb_launch_add says why it cannot run */
            return 0;
        clReleaseKernel(*k);
        while (*wg > 1 && (size_t)*wg > allowed)
            *wg /= 2;
    }
}

static int dense_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                         sb_kernel_info *info, sb_error *err)
{
    int tile = sb_kp(params, "TILE"), wpt = sb_kp(params, "WPT"); /* WPT divides TILE: checked */
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem A;
    size_t a_count = (size_t)op->M * (size_t)op->K;
    size_t a_bytes = sb_precision_bytes(params->precision) * a_count;
    if (sb_upload_values(st, env, op->A->v, a_count, params->precision, &A, err))
        return -1;
    cl_kernel k;
    int M = op->M, N = op->N, K = op->K;
    info->bytes = (int64_t)a_bytes;
    info->stored_values = (int64_t)op->M * op->K;
    info->events_cover_all = 1;
    if (N == 1) {
        int wg;
        if (build_gemv(env, params, &k, &wg, info, err))
            return -1;
        size_t local = (size_t)wg, global = (size_t)M * local; /* one work-group per row */
        if (sb_cl_args(env, k, "dense_gemv", err, 5, sizeof(int), &M, sizeof(int), &K,
                       sizeof(cl_mem), &A, sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
            clReleaseKernel(k);
            return -1;
        }
        snprintf(info->variant, sizeof info->variant, "dense_gemv WG=%d (N = 1: matrix-vector)", wg);
        return sb_launch_add(st, env, k, "dense_gemv", 1, &global, &local, err);
    }
    if (sb_build_params(env, params, &k, info, err))
        return -1;
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
    sb_kparams_variant(params, NULL, info->variant, sizeof info->variant);
    return 0;
}

const sb_kernel sb_kernel_dense = {
    .name = "dense",
    .prepare = dense_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
