/* Host side of cl_kernels/nm_tile.cl ("nm_tile"): N:M SpMM as a dense-tile GEMM, the multiply core
 * of csr_tile (its tile shape: the same parameter list). The nm kernel runs cases of
 * TILE_MIN_N columns and more as this. */
#include <stdio.h>
#include "csr_tile.h"
#include "launch.h"

static int nm_tile_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                           sb_kernel_info *info, sb_error *err)
{
    const sb_nm *A;
    if (sb_operand_nm(op, &A, err))
        return -1;
    sb_kparams p = *params;
    sb_csr_tile_cfg c;
    sb_csr_tile_shape(&p, op->M, op->N, &c);
    c.bk = sb_nm_tile_bk(c.bk, A->m); /* a chunk holds whole groups */
    if (!sb_nm_tile_whole(c.bk, A->m))
        return sb_fail(err, "nm_tile: a chunk of BK=%d columns must hold whole groups of %d (%d:%d)",
                       c.bk, A->m, A->n, A->m);
    c.local_bytes = sb_nm_tile_local_bytes(&c, A->m); /* nm_tile.cl's, not csr_tile.cl's */
    if (c.local_bytes > env->dev->local_mem_bytes)
        return sb_fail(err, "nm_tile: BM=%d BN=%d BK=%d need %zu bytes of local memory, device %s "
                            "has %llu: lower BK or the tile", c.bm, c.bn, c.bk, c.local_bytes,
                       env->dev->name, env->dev->local_mem_bytes);
    int nv_mma = c.mma && sb_csr_tile_has_mma(env->dev);
    int splitk = c.splitk ? c.splitk : sb_csr_tile_splitk(&c, op->M, op->N, op->K,
                                                          env->dev->compute_units);
    if (p.precision != SB_PRECISION_FP32) /* nm_tile.cl: the split's partial tiles are floats */
        splitk = 1;
    size_t row_blocks = (size_t)((op->M + c.bm - 1) / c.bm);
    size_t col_tiles = (size_t)((op->N + c.bn - 1) / c.bn);
    sb_csr_tile_apply(&c, &p);
    sb_kp_set(&p, "SPLITK", splitk);
    sb_kp_set(&p, "NM_N", A->n);
    sb_kp_set(&p, "NM_M", A->m);
    sb_kp_set(&p, "B_VEC4", op->N % 4 == 0);
    sb_kp_set(&p, "SB_NV_MMA", nv_mma);
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem work, counters;
    cl_kernel k;
    if (sb_tile_splitk_buffers(st, env, splitk, op->M, op->N, row_blocks * col_tiles, &work,
                               &counters, err) ||
        sb_build_nm_kernel(st, env, op, A, &p, &k, info, err))
        return -1;
    cl_int rc = clSetKernelArg(k, 9, sizeof(cl_mem), &work);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(k, 10, sizeof(cl_mem), &counters);
    if (rc != CL_SUCCESS) {
        clReleaseKernel(k);
        return sb_cl_fail(err, rc, "clSetKernelArg(nm_spmm_tile, split-K buffers)", env->dev);
    }
    size_t local[2] = {(size_t)c.threads, 1};
    size_t global[2] = {col_tiles * (size_t)c.threads, row_blocks * (size_t)splitk};
    if (sb_launch_add(st, env, k, "nm_spmm_tile", 2, global, local, err))
        return -1;
    sb_kparams_variant(&p, c.mma ? (nv_mma ? "(tensor cores, 3xTF32 matrix engine)"
                                           : "(tensor-core emulation, no matrix engine)")
                                 : NULL,
                       info->variant, sizeof info->variant);
    snprintf(info->block, sizeof info->block, "%d:%d", A->n, A->m);
    info->bytes = sb_nm_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = sb_nm_stored_values(A);
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_nm_tile = {
    .name = "nm_tile",
    .prepare = nm_tile_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
