/* Host side of the tensor-core kernels (cl_kernels/tc_gemm.cl, tc_bsr.cl, tc_nm.cl):
 * "tc_dense" (fp16 or tf32), "tc_bsr" and "tc_nm" (fp16). The runner has rounded A and B to the
 * case's precision (the operand's B and C are halves at fp16, floats at tf32); prepare stores A in
 * the kernel's layout (halves, padded rows, 2:4 metadata in mma.sp's order: sb_tc.h) and copies B
 * on the device into padded rows (cl_kernels/tc_convert.cl), so a timed run reads exactly what a
 * real fp16 layer holds; at fp16 C is written in halves (-DSB_HALF=1, tc_tile.h).
 * Where the profile says `tensor_cores: emulated` the same kernels build with their instructions
 * emulated (tc_mma.h): slow, but every data path runs on any device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "launch.h"
#include "sb_profile.h"
#include "sb_tc.h"

static int emulated(const sb_cl_env *env)
{
    return env->dev->profile && strcmp(env->dev->profile->tensor_cores, "emulated") == 0;
}

/* A new device buffer owned by the state. */
static int state_buffer(sb_launch_state *st, sb_cl_env *env, size_t bytes, cl_mem *out,
                        sb_error *err)
{
    if (st->n_buffers == SB_MAX_BUFFERS)
        return sb_fail(err, "internal: too many buffers in one kernel state");
    if (sb_cl_buffer(env, CL_MEM_READ_WRITE, bytes, NULL, out, err))
        return -1;
    st->buffers[st->n_buffers++] = *out;
    return 0;
}

/* op->B (K x N, halves at fp16, floats at tf32) as K x ldb of the same, zero-padded, in a new
 * buffer. Runs once here, not in the timed runs. */
static int padded_B(sb_launch_state *st, sb_cl_env *env, sb_operand *op, int tf32, int ldb,
                    cl_mem *out, sb_kernel_info *info, sb_error *err)
{
    if (state_buffer(st, env, (size_t)op->K * (size_t)ldb * (tf32 ? 4 : 2), out, err))
        return -1;
    const char *name = tf32 ? "tc_pad_float" : "tc_pad_half";
    cl_kernel k;
    if (sb_build_kernel(env, "tc_convert.cl", "", name, &k, info, err))
        return -1;
    int rows = op->K, cols = op->N;
    size_t local[2] = {64, 1};
    size_t global[2] = {(size_t)(ldb + 63) / 64 * 64, (size_t)rows};
    cl_event ev = NULL;
    int rc = sb_cl_args(env, k, name, err, 5, sizeof(int), &rows, sizeof(int), &cols, sizeof(int),
                        &ldb, sizeof(cl_mem), &op->B, sizeof(cl_mem), out) ||
             sb_cl_launch(env, k, name, 2, global, local, &ev, err);
    if (ev)
        clReleaseEvent(ev);
    cl_int fin = rc ? CL_SUCCESS : clFinish(env->queue);
    clReleaseKernel(k);
    if (!rc && fin != CL_SUCCESS)
        return sb_cl_fail(err, fin, "clFinish after copying B into the tensor-core layout", env->dev);
    return rc ? -1 : 0;
}

/* Builds the kernel with p and adds its launch: global (tiles across N x tile rows) x threads. */
static int build_launch(sb_launch_state *st, sb_cl_env *env, const sb_kparams *p, int n_args,
                        const size_t *sizes, const void *const *values, size_t col_tiles,
                        size_t row_tiles, int threads, sb_kernel_info *info, sb_error *err)
{
    cl_kernel k;
    if (sb_build_params(env, p, &k, info, err))
        return -1;
    for (int i = 0; i < n_args; i++) {
        cl_int rc = clSetKernelArg(k, (cl_uint)i, sizes[i], values[i]);
        if (rc != CL_SUCCESS) {
            clReleaseKernel(k);
            return sb_cl_fail(err, rc, "clSetKernelArg for a tensor-core kernel", env->dev);
        }
    }
    size_t local[2] = {(size_t)threads, 1};
    size_t global[2] = {col_tiles * (size_t)threads, row_tiles};
    if (sb_launch_add(st, env, k, p->kernel->entry, 2, global, local, err))
        return -1;
    sb_kparams_variant(p, NULL, info->variant, sizeof info->variant);
    info->events_cover_all = 1;
    return 0;
}

static int check_tile(sb_tc_kind kind, const sb_tc_tile *t, const sb_cl_env *env, sb_error *err)
{
    char why[256];
    if (sb_tc_tile_check(kind, t, why, sizeof why))
        return sb_fail(err, "tensor-core tile: %s", why);
    if (sb_tc_ring_bytes(kind, t) > env->dev->local_mem_bytes)
        return sb_fail(err, "tensor-core tile: the ring needs %zu bytes of local memory, %s has %llu",
                       sb_tc_ring_bytes(kind, t), env->dev->name, env->dev->local_mem_bytes);
    return 0;
}

#define ARG(v) (sizes[n] = sizeof(v), values[n++] = &(v))

static int tc_dense_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params,
                            void **state, sb_kernel_info *info, sb_error *err)
{
    const int tf32 = op->precision == SB_PRECISION_TF32;
    if (!tf32 && op->precision != SB_PRECISION_FP16)
        return sb_fail(err, "tc_dense computes fp16 and tf32 only");
    sb_kparams p = *params;
    sb_kp_set(&p, "TC_TF32", tf32);
    sb_kp_set(&p, "SB_MMA_EMULATE", emulated(env));
    sb_tc_tile t = {.BM = sb_kp(&p, "BM"), .BN = sb_kp(&p, "BN"), .WM = sb_kp(&p, "WM"),
                    .WN = sb_kp(&p, "WN"), .STAGES = sb_kp(&p, "STAGES"), .BK = sb_kp(&p, "BK")};
    const sb_tc_kind kind = tf32 ? SB_TC_GEMM_TF32 : SB_TC_GEMM_F16;
    if (check_tile(kind, &t, env, err))
        return -1;
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    const int M = op->M, N = op->N, K = op->K, epc = tf32 ? 4 : 8;
    int lda = sb_round_up(K, epc), ldb = sb_round_up(N, epc);
    size_t a_bytes = (size_t)M * (size_t)lda * (tf32 ? 4 : 2);
    void *a_host = sb_malloc(a_bytes + 4);
    if (tf32)
        sb_tc_tf32_padded(op->A->v, M, K, lda, a_host);
    else
        sb_tc_halves_padded(op->A->v, M, K, lda, a_host);
    cl_mem A, B;
    int rc = sb_launch_upload(st, env, a_host, a_bytes, &A, err);
    free(a_host);
    if (rc || padded_B(st, env, op, tf32, ldb, &B, info, err))
        return -1;
    size_t sizes[8];
    const void *values[8];
    int n = 0;
    ARG(M); ARG(N); ARG(K); ARG(lda); ARG(ldb); ARG(A); ARG(B); ARG(op->C);
    if (build_launch(st, env, &p, n, sizes, values, (size_t)(N + t.BN - 1) / t.BN,
                     (size_t)(M + t.BM - 1) / t.BM, sb_tc_threads(kind, &t), info, err))
        return -1;
    info->bytes = a_bytes;
    info->stored_values = (int64_t)M * lda;
    return 0;
}

static int tc_bsr_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params,
                          void **state, sb_kernel_info *info, sb_error *err)
{
    if (op->precision != SB_PRECISION_FP16)
        return sb_fail(err, "tc_bsr computes fp16 only");
    const sb_bsr *b = sb_operand_bsr(op);
    if (!sb_tc_bsr_takes(b->br, b->bc))
        return sb_fail(err, "tc_bsr needs square blocks of 16, 32 or 64 (this matrix's BSR block is "
                       "%dx%d: prune with block: [32, 32], or set bsr_block)", b->br, b->bc);
    sb_kparams p = *params;
    sb_kp_set(&p, "BS", b->br);
    sb_kp_set(&p, "SB_MMA_EMULATE", emulated(env));
    sb_tc_tile t = {.BS = b->br, .BN = sb_kp(&p, "BN"), .WN = sb_kp(&p, "WN"),
                    .STAGES = sb_kp(&p, "STAGES")};
    if (check_tile(SB_TC_BSR, &t, env, err))
        return -1;
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    const int M = op->M, N = op->N, K = op->K, ldb = sb_round_up(N, 8);
    const size_t values_n = (size_t)b->nblocks * (size_t)b->br * (size_t)b->bc;
    uint16_t *halves = sb_tc_bsr_halves(b);
    cl_mem row_ptr, col_idx, blocks, B;
    int rc = sb_launch_upload(st, env, b->row_ptr, sizeof(int32_t) * (size_t)(b->block_rows + 1),
                              &row_ptr, err) ||
             sb_launch_upload(st, env, b->col_idx, sizeof(int32_t) * (size_t)b->nblocks, &col_idx, err) ||
             sb_launch_upload(st, env, halves, sizeof(uint16_t) * values_n, &blocks, err);
    free(halves);
    if (rc || padded_B(st, env, op, 0, ldb, &B, info, err))
        return -1;
    size_t sizes[9];
    const void *values[9];
    int n = 0;
    ARG(M); ARG(N); ARG(K); ARG(ldb); ARG(row_ptr); ARG(col_idx); ARG(blocks); ARG(B); ARG(op->C);
    if (build_launch(st, env, &p, n, sizes, values, (size_t)(N + t.BN - 1) / t.BN,
                     (size_t)b->block_rows, sb_tc_threads(SB_TC_BSR, &t), info, err))
        return -1;
    snprintf(info->block, sizeof info->block, "%dx%d", b->br, b->bc);
    info->bytes = sizeof(int32_t) * (size_t)(b->block_rows + 1 + b->nblocks) + 2 * values_n;
    info->stored_values = (int64_t)values_n;
    return 0;
}

static int tc_nm_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                         sb_kernel_info *info, sb_error *err)
{
    if (op->precision != SB_PRECISION_FP16)
        return sb_fail(err, "tc_nm computes fp16 only");
    const sb_nm *nm;
    if (sb_operand_nm(op, &nm, err))
        return -1;
    sb_kparams p = *params;
    sb_kp_set(&p, "SB_MMA_EMULATE", emulated(env));
    sb_tc_tile t = {.BM = sb_kp(&p, "BM"), .BN = sb_kp(&p, "BN"), .WM = sb_kp(&p, "WM"),
                    .WN = sb_kp(&p, "WN"), .STAGES = sb_kp(&p, "STAGES"),
                    .KSTEPS = sb_kp(&p, "KSTEPS")};
    if (check_tile(SB_TC_NM, &t, env, err))
        return -1;
    sb_tc_nm packed;
    if (sb_tc_nm_pack(nm, t.KSTEPS, &packed, err))
        return -1;
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    const int M = op->M, N = op->N, K = op->K, ldb = sb_round_up(N, 8);
    int ksteps = packed.ksteps, mtiles = packed.mtiles;
    size_t val_bytes = sizeof(uint16_t) * (size_t)M * (size_t)ksteps * 16;
    size_t meta_bytes = sizeof(uint32_t) * (size_t)ksteps * (size_t)mtiles * 16;
    cl_mem Ac, meta, B;
    int rc = sb_launch_upload(st, env, packed.val, val_bytes, &Ac, err) ||
             sb_launch_upload(st, env, packed.meta, meta_bytes, &meta, err);
    sb_tc_nm_free(&packed);
    if (rc || padded_B(st, env, op, 0, ldb, &B, info, err))
        return -1;
    size_t sizes[10];
    const void *values[10];
    int n = 0;
    ARG(M); ARG(N); ARG(K); ARG(ldb); ARG(ksteps); ARG(mtiles); ARG(Ac); ARG(meta); ARG(B);
    ARG(op->C);
    if (build_launch(st, env, &p, n, sizes, values, (size_t)(N + t.BN - 1) / t.BN,
                     (size_t)(M + t.BM - 1) / t.BM, sb_tc_threads(SB_TC_NM, &t), info, err))
        return -1;
    snprintf(info->block, sizeof info->block, "2:4");
    info->bytes = val_bytes + meta_bytes;
    info->stored_values = (int64_t)M * ksteps * 16;
    return 0;
}

#undef ARG

const sb_kernel sb_kernel_tc_dense = {
    .name = "tc_dense",
    .prepare = tc_dense_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};

const sb_kernel sb_kernel_tc_bsr = {
    .name = "tc_bsr",
    .prepare = tc_bsr_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};

const sb_kernel sb_kernel_tc_nm = {
    .name = "tc_nm",
    .prepare = tc_nm_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
