/* CLBlast on the pruned matrix stored dense ("clblast"): the dense baseline. SGEMM, and SGEMV at
 * N = 1 (a matrix-vector product: CLBlast's GEMM is several times slower there, which would
 * inflate every N = 1 speedup); at fp16 HGEMM and HGEMV (halves in and out; CLBlast sums in half
 * precision too, which its catalogue entry says: fp16_sums, validated at that tolerance), where
 * the device has cl_khr_fp16 (the plan's rule). The variant says which routine ran and with which
 * parameters (env->clblast_params: CLBlast's own database, or tuned on this device: tuned
 * parameters are single precision's, so HGEMM/HGEMV always run CLBlast's own).
 * CLBlast may launch several kernels and its returned event covers only the last, so the runner
 * times it with the host clock (events_cover_all = 0). */
#include <clblast_c.h>
#include <stdio.h>
#include <stdlib.h>
#include "launch.h"
#include "sb_half.h"

typedef struct clblast_state {
    cl_mem A, B, C;
    int M, N, K;
    int half; /* HGEMM */
} clblast_state;

/* Whether it can run on a device (the profile allows CLBlast, a compiler is there) is the plan's
 * call (SB_NEEDS_CLBLAST in its catalogue entry). */
static int clblast_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                           sb_kernel_info *info, sb_error *err)
{
    clblast_state *st = sb_calloc(1, sizeof *st);
    *state = st;
    env->clblast_used = 1; /* its cache will hold programs of env's context (sb_cl_env_release) */
    size_t a_count = (size_t)op->M * (size_t)op->K;
    size_t a_bytes = sb_precision_bytes(params->precision) * a_count;
    st->half = params->precision == SB_PRECISION_FP16;
    if (st->half) {
        uint16_t *h = sb_malloc(a_bytes + 2);
        sb_floats_to_halves(op->A->v, h, a_count);
        int rc = sb_cl_buffer(env, CL_MEM_READ_ONLY, a_bytes, h, &st->A, err);
        free(h);
        if (rc)
            return -1;
    } else if (sb_cl_buffer(env, CL_MEM_READ_ONLY, a_bytes, op->A->v, &st->A, err)) {
        return -1;
    }
    st->B = op->B;
    st->C = op->C;
    st->M = op->M;
    st->N = op->N;
    st->K = op->K;
    /* the entry point (the variant's first word), then whose parameters ran */
    snprintf(info->variant, sizeof info->variant, "CLBlast%s%s row-major NN, %s",
             st->half ? "H" : "S", st->N == 1 ? "gemv" : "gemm",
             env->clblast_params[0] && !st->half ? env->clblast_params : "CLBlast's own database");
    info->bytes = (int64_t)a_bytes;
    info->stored_values = (int64_t)op->M * op->K;
    info->events_cover_all = 0;
    return 0;
}

static int clblast_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events,
                           int *n_events, sb_error *err)
{
    clblast_state *st = state;
    cl_event ev = NULL;
    CLBlastStatusCode s;
    if (st->N == 1) {
        /* y = A x. CLBlast's GEMV reads y even when beta = 0 (0 * NaN is NaN: the poisoned y would
         * come back NaN), so y is zeroed first, inside the timed run: one fill of M elements */
        const float zero = 0.0f; /* all bits 0: a float's or a half's zero */
        size_t elem = st->half ? sizeof(cl_half) : sizeof(float);
        cl_int rc = clEnqueueFillBuffer(env->queue, st->C, &zero, elem, 0, elem * (size_t)st->M,
                                        0, NULL, NULL);
        if (rc != CL_SUCCESS)
            return sb_cl_fail(err, rc, "clEnqueueFillBuffer (y before CLBlast's GEMV)", env->dev);
        if (st->half)
            s = CLBlastHgemv(CLBlastLayoutRowMajor, CLBlastTransposeNo, (size_t)st->M,
                             (size_t)st->K, (cl_half)0x3C00u, st->A, 0, (size_t)st->K, st->B, 0, 1,
                             (cl_half)0, st->C, 0, 1, &env->queue, &ev);
        else
            s = CLBlastSgemv(CLBlastLayoutRowMajor, CLBlastTransposeNo, (size_t)st->M,
                             (size_t)st->K, 1.0f, st->A, 0, (size_t)st->K, st->B, 0, 1, 0.0f,
                             st->C, 0, 1, &env->queue, &ev);
    } else if (st->half) { /* alpha 1, beta 0 as halves */
        s = CLBlastHgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                         (size_t)st->M, (size_t)st->N, (size_t)st->K, (cl_half)0x3C00u, st->A, 0,
                         (size_t)st->K, st->B, 0, (size_t)st->N, (cl_half)0, st->C, 0,
                         (size_t)st->N, &env->queue, &ev);
    } else {
        s = CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                         (size_t)st->M, (size_t)st->N, (size_t)st->K, 1.0f, st->A, 0,
                         (size_t)st->K, st->B, 0, (size_t)st->N, 0.0f, st->C, 0, (size_t)st->N,
                         &env->queue, &ev);
    }
    *n_events = 0;
    if (s != CLBlastSuccess)
        return sb_fail(err, "CLBlast%s%s on device %d:%d (%s): CLBlast status %d%s",
                       st->half ? "H" : "S", st->N == 1 ? "gemv" : "gemm", env->dev->platform_index,
                       env->dev->device_index, env->dev->name, (int)s,
                       s == CLBlastOpenCLBuildProgramFailure ? " (its kernels failed to build here)"
                       : s == CLBlastNoHalfPrecision ? " (the device has no cl_khr_fp16)" : "");
    if (ev && max_events > 0) {
        events[0] = ev; /* covers only CLBlast's last internal kernel */
        *n_events = 1;
    } else if (ev) {
        clReleaseEvent(ev);
    }
    return 0;
}

static void clblast_release(void *state)
{
    clblast_state *st = state;
    if (!st)
        return;
    if (st->A)
        clReleaseMemObject(st->A);
    free(st);
}

const sb_kernel sb_kernel_clblast = {
    .name = "clblast",
    .prepare = clblast_prepare,
    .enqueue = clblast_enqueue,
    .release = clblast_release,
};
