/* Host side of cl_kernels/csr_tile.cl ("csr_tile"): CSR SpMM as a dense-tile micro-GEMM over the
 * chunks of A expanded in local memory; MMA = 1 multiplies the tiles on NVIDIA tensor cores in
 * 3xTF32 (fp32 accuracy), and the row's variant says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "launch.h"
#include "csr_tile.h"

#define TILE_SPLITK_MAX 16
#define TILE_WORKSPACE_MAX ((size_t)256 << 20) /* bytes of partial tiles it may allocate */

#define CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV_ 0x4000

int sb_csr_tile_has_mma(const sb_device *dev)
{
    if (!dev || !dev->id || !strstr(dev->platform_name, "NVIDIA"))
        return 0;
    cl_uint major = 0;
    if (clGetDeviceInfo(dev->id, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV_, sizeof major, &major,
                        NULL) != CL_SUCCESS)
        return 0;
    return major >= 8;
}

int sb_csr_tile_splitk(const sb_csr_tile_cfg *c, int M, int N, int K, unsigned compute_units)
{
    int64_t tiles = sb_tile_count(M, N, c->bm, c->bn);
    int chunks = (K + c->bk - 1) / c->bk;
    int s = 1;
    /* tiles enough for half the compute units: no split (measured: it only added the reduction);
     * else up to two work-groups per compute unit, each part at least 8 chunks, the workspace
     * bounded */
    if (2 * tiles >= (int64_t)compute_units)
        return 1;
    while (s < TILE_SPLITK_MAX && tiles * s < 2 * (int64_t)compute_units && chunks / (2 * s) >= 8 &&
           (size_t)(2 * s) * (size_t)M * (size_t)N * sizeof(float) <= TILE_WORKSPACE_MAX)
        s *= 2;
    return s;
}

/* Columns strictly increasing in every row: the kernel's cursor needs it (a chunk of BK columns
 * then holds at most BK entries). */
static int csr_rows_sorted(const sb_csr *A)
{
    for (int r = 0; r < A->rows; r++)
        for (int32_t j = A->row_ptr[r] + 1; j < A->row_ptr[r + 1]; j++)
            if (A->col_idx[j] <= A->col_idx[j - 1])
                return 0;
    return 1;
}

void sb_csr_tile_fit(sb_csr_tile_cfg *c, int M, int N)
{
    /* the smallest tile a work-item (or warp) needs; the catalogue checked the rest */
    int min_m = c->mma ? 16 * c->wm : c->tm, min_n = c->mma ? 8 * c->wn : c->tn;
    if (min_m < 4)
        min_m = 4;
    if (min_n < 4)
        min_n = 4;
    /* a small C needs no larger tile than itself (fewer idle work-items, more work-groups) */
    while (c->bm / 2 >= M && c->bm / 2 >= min_m)
        c->bm /= 2;
    while (c->bn / 2 >= N && c->bn / 2 >= min_n)
        c->bn /= 2;
    c->threads = c->mma ? 32 * c->wm * c->wn : (c->bm / c->tm) * (c->bn / c->tn);
    int lpr = c->threads / c->bm;
    lpr = lpr < 1 ? 1 : lpr > c->bk ? c->bk : lpr;
    c->local_bytes = sizeof(float) * (size_t)(3 * c->bk * (c->bm + 8) + 2 * c->bk * (c->bn + 8)) +
                     sizeof(int) * (size_t)(2 * c->bm * lpr) +
                     (c->mma ? sizeof(float) * (size_t)(c->threads / 32) * (128 + 64) : 0);
}

size_t sb_nm_tile_local_bytes(const sb_csr_tile_cfg *c, int m)
{
    size_t bk = (size_t)sb_nm_tile_bk(c->bk, m);
    return sizeof(float) * (2 * bk * (size_t)(c->bm + 8) + 2 * bk * (size_t)(c->bn + 8)) +
           (c->mma ? sizeof(float) * (size_t)(c->threads / 32) * (128 + 64) : 0);
}

int sb_nm_tile_bk(int bk, int m)
{
    while (bk < m)
        bk *= 2;
    return bk;
}

int sb_nm_tile_whole(int bk, int m)
{
    return m > 0 && sb_nm_tile_bk(bk, m) % m == 0;
}

int sb_csr_tile_shape(const sb_kparams *p, int M, int N, sb_csr_tile_cfg *c)
{
    c->bm = sb_kp(p, "BM");
    c->bn = sb_kp(p, "BN");
    c->bk = sb_kp(p, "BK");
    c->tm = sb_kp(p, "TM");
    c->tn = sb_kp(p, "TN");
    c->mma = sb_kp(p, "MMA");
    c->wm = sb_kp(p, "WM");
    c->wn = sb_kp(p, "WN");
    c->splitk = sb_spec_param_index(p->kernel, "SPLITK") >= 0 ? sb_kp(p, "SPLITK") : 1;
    sb_csr_tile_fit(c, M, N);
    return 0;
}

/* Writes the shape back into the values the -D string and the variant are made of. */
void sb_csr_tile_apply(const sb_csr_tile_cfg *c, sb_kparams *p)
{
    sb_kp_set(p, "BM", c->bm);
    sb_kp_set(p, "BN", c->bn);
    sb_kp_set(p, "BK", c->bk);
}

int sb_tile_splitk_buffers(sb_launch_state *st, sb_cl_env *env, int splitk, int M, int N,
                           size_t tiles, cl_mem *work, cl_mem *counters, sb_error *err)
{
    size_t work_bytes = splitk > 1 ? sizeof(float) * (size_t)splitk * (size_t)M * (size_t)N : 4;
    size_t count_bytes = sizeof(int) * (splitk > 1 ? tiles : 1);
    int *zeros = sb_calloc(1, count_bytes);
    int rc = sb_launch_buffer(st, env, CL_MEM_READ_WRITE, work_bytes, NULL, work, err) ||
             sb_launch_buffer(st, env, CL_MEM_READ_WRITE, count_bytes, zeros, counters, err);
    free(zeros);
    return rc ? -1 : 0;
}

static int tile_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                        sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams p = *params;
    sb_csr_tile_cfg c;
    sb_csr_tile_shape(&p, op->M, op->N, &c);
    if (!csr_rows_sorted(A))
        return sb_fail(err, "csr_tile needs the columns of every row of A strictly increasing "
                            "(this matrix has a row out of order or a repeated column)");
    if (c.local_bytes > env->dev->local_mem_bytes)
        return sb_fail(err, "csr_tile: BM=%d BN=%d BK=%d need %zu bytes of local memory, device "
                            "%s has %llu: lower BK or the tile", c.bm, c.bn, c.bk, c.local_bytes,
                       env->dev->name, env->dev->local_mem_bytes);
    int nv_mma = c.mma && sb_csr_tile_has_mma(env->dev);
    int vec4 = op->N % 4 == 0;
    int splitk = c.splitk ? c.splitk : sb_csr_tile_splitk(&c, op->M, op->N, op->K,
                                                          env->dev->compute_units);
    if (p.precision != SB_PRECISION_FP32) /* csr_tile.cl: the split's partial tiles are floats */
        splitk = 1;
    size_t row_blocks = (size_t)((op->M + c.bm - 1) / c.bm);
    size_t col_tiles = (size_t)((op->N + c.bn - 1) / c.bn);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val (at the case's precision) */
    if (sb_upload_csr(st, env, A, p.precision, csr, err))
        return -1;
    cl_mem work, counters;
    if (sb_tile_splitk_buffers(st, env, splitk, op->M, op->N, row_blocks * col_tiles, &work,
                               &counters, err))
        return -1;
    sb_csr_tile_apply(&c, &p);
    sb_kp_set(&p, "SPLITK", splitk);
    sb_kp_set(&p, "B_VEC4", vec4);
    sb_kp_set(&p, "SB_NV_MMA", nv_mma);
    cl_kernel k;
    if (sb_build_params(env, &p, &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "csr_spmm_tile", err, 10, sizeof(int), &M, sizeof(int), &N,
                   sizeof(int), &K, sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1],
                   sizeof(cl_mem), &csr[2], sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C,
                   sizeof(cl_mem), &work, sizeof(cl_mem), &counters)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t local[2] = {(size_t)c.threads, 1};
    size_t global[2] = {col_tiles * (size_t)c.threads, row_blocks * (size_t)splitk};
    if (sb_launch_add(st, env, k, "csr_spmm_tile", 2, global, local, err))
        return -1;
    sb_kparams_variant(&p, c.mma ? (nv_mma ? "(tensor cores, 3xTF32 matrix engine)"
                                           : "(tensor-core emulation, no matrix engine)")
                                 : NULL,
                       info->variant, sizeof info->variant);
    info->bytes = sb_csr_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr_tile = {
    .name = "csr_tile",
    .prepare = tile_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
