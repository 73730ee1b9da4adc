/* The broken-kernel zoo (issue 11 item 1): deliberately broken SpMM kernels, real OpenCL C on the
 * test device, measured through the real path (sb_case_measure: poison before every run, guards
 * around C checked after every run, the first and the last counted run compared with the
 * reference). Each must come out `wrong` with its reason, never `ok`, never a crash; the correct
 * kernel of the same harness must come out `ok` (so the harness itself is not what fails them).
 *
 * Every entry is one row of `zoo[]`: a name, the kernel's body (inserted into one template that
 * computes C = A*B from CSR, one work-group per row of C), how many of its calls really run
 * (stops writing after run 1), and a piece of the message that says what caught it. A new
 * breakage is one more row. Rows marked fp16 run on an fp16 operand (A's values, B and C stored
 * as halves, the reference from the inputs rounded to fp16, validated at the fp16 tolerance)
 * through a template of the same kernel that reads and writes halves; VAL_T / LOAD_VAL / STORE_C
 * are the ways it can get the storage wrong (a weight buffer of halves read as floats: a kernel
 * built without -DSB_HALF=1 on halves). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_measure.h"
#include "sb_half.h"
#include "sb_rng.h"
#include "sb_spec.h"
#include "sb_tester.h"
#include "test_support.h"

static sb_tester tester;

enum { M = 64, K = 48, N = 8 };

/* One work-group per row r of C (local size N x 1), one work-item per column c. BODY may read
 * `acc` (the right value of C[r][c]) and must store something into C. */
static const char *const template_src =
    "__kernel void spmm(__global const int *row_ptr, __global const int *col,\n"
    "                   __global const float *val, __global const float *B, __global float *C,\n"
    "                   const int M, const int N)\n"
    "{\n"
    "    const int c = get_global_id(0), r = get_global_id(1);\n"
    "    if (r >= M || c >= N)\n"
    "        return;\n"
    "    float acc = 0.0f;\n"
    "    for (int k = row_ptr[r]; k < row_ptr[r + 1]; k++)\n"
    "        acc += val[k] * B[col[k] * N + c];\n"
    "%s\n"
    "}\n";

/* The same at fp16: halves moved with vload_half / vstore_half_rte, sums in float. An entry's
 * defines may change how the weights are read (VAL_T, LOAD_VAL). */
static const char *const template_half_src =
    "#ifndef VAL_T\n"
    "#define VAL_T half\n"
    "#define LOAD_VAL(k) vload_half(k, val)\n"
    "#endif\n"
    "__kernel void spmm(__global const int *row_ptr, __global const int *col,\n"
    "                   __global const VAL_T *val, __global const half *B, __global half *C,\n"
    "                   const int M, const int N)\n"
    "{\n"
    "    const int c = get_global_id(0), r = get_global_id(1);\n"
    "    if (r >= M || c >= N)\n"
    "        return;\n"
    "    float acc = 0.0f;\n"
    "    for (int k = row_ptr[r]; k < row_ptr[r + 1]; k++)\n"
    "        acc += LOAD_VAL(k) * vload_half(col[k] * N + c, B);\n"
    "%s\n"
    "}\n";

typedef struct zoo_entry {
    const char *name;
    const char *body;
    int runs_that_write; /* 0: every call runs the kernel; n: only the first n calls do */
    const char *caught;  /* NULL: must be ok; else a piece of the `wrong` row's message */
    int half;            /* 1: on the fp16 operand, through template_half_src */
    const char *defines; /* build options, or NULL */
} zoo_entry;

static const zoo_entry zoo[] = {
    {"correct", "    C[r * N + c] = acc;", 0, NULL, 0, NULL},
    /* an unwritten row: poison (NaN) stays in it */
    {"skips a row", "    if (r != M / 2)\n        C[r * N + c] = acc;", 0,
     "first run: relative error", 0, NULL},
    /* right once, then nothing: only a poisoned last run shows it */
    {"stops writing after run 1", "    C[r * N + c] = acc;", 1, "after the timed runs", 0, NULL},
    /* one element past the end of C */
    {"writes past the end", "    C[r * N + c] = acc;\n    if (r == M - 1 && c == N - 1)\n"
                            "        C[M * N + 3] = acc;", 0, "first run: wrote past the end of C", 0,
     NULL},
    /* a whole row past the end, as an off-by-one in the row loop would */
    {"writes a row past the end", "    C[r * N + c] = acc;\n    if (r == M - 1)\n"
                                  "        C[(r + 1) * N + c] = acc;", 0, "first run: wrote past the end of C",
     0, NULL},
    {"writes before the start", "    C[r * N + c] = acc;\n    if (r == 0 && c == 0)\n"
                                "        C[-1] = acc;", 0, "first run: wrote before the start of C",
     0, NULL},
    /* a race across work-groups: each row adds a term read from the next row's work-group, right
     * only if that group has already run (x - x is 0 only for a written, finite x). Groups run in
     * no promised order; with a poisoned C a read before the write is NaN, where a stale C from
     * the previous run would have hidden it. */
    {"race across work-groups",
     "    float other = r + 1 < M ? C[(r + 1) * N + c] : 0.0f;\n"
     "    C[r * N + c] = acc + (other - other);", 0, "relative error", 0, NULL},
    /* fp16: the same kernel right with halves, and the storage mistakes */
    {"correct (fp16)", "    vstore_half_rte(acc, r * N + c, C);", 0, NULL, 1, NULL},
    /* the weights are halves; this kernel was built for floats (no -DSB_HALF=1): each float it
     * reads is two halves' bits, and the second half of it reads the buffer's zero padding */
    {"reads fp16 weights as fp32", "    vstore_half_rte(acc, r * N + c, C);", 0,
     "first run: relative error", 1, "-DVAL_T=float -DLOAD_VAL(k)=val[k]"},
    /* C is halves; this kernel writes floats: twice the bytes, the second half of C's rows land
     * past its end, and the halves read back are the floats' bit halves */
    {"writes fp32 into fp16 C", "    ((__global float *)C)[r * N + c] = acc;", 0,
     "first run: wrote past the end of C", 1, NULL},
    /* the output cut to 8 bits of mantissa (as bfloat16 storage, or a wrong rounding step,
     * would): an error of ~2^-9, small, yet the fp16 tolerance (2^-11 + fp32's) must see it */
    {"stores C with 8-bit mantissas", "    vstore_half_rtz(as_float(as_uint(acc) & 0xffff0000u), r * N + c, C);",
     0, "first run: relative error", 1, NULL},
};
#define N_ZOO (int)(sizeof zoo / sizeof zoo[0])

/* The state of one broken kernel on the operand. */
typedef struct broken {
    const zoo_entry *e;
    cl_program prog;
    cl_kernel k;
    cl_mem row_ptr, col, val;
    int calls;
} broken;

static sb_operand op, op16; /* fp32, and fp16 (halves on the device) */
static const zoo_entry *current;
static broken *last; /* the state of the kernel measured last, for its call count */

/* A's values as the operand stores them (halves at fp16), in a buffer sized for floats either way
 * (zeros after the halves): a kernel that reads the halves as floats stays inside it. */
static int upload_values(sb_cl_env *env, const sb_csr *A, sb_precision p, cl_mem *out, sb_error *err)
{
    size_t bytes = sizeof(float) * (size_t)A->nnz;
    if (p != SB_PRECISION_FP16)
        return sb_cl_buffer(env, CL_MEM_READ_ONLY, bytes, A->val, out, err);
    uint16_t *h = sb_calloc(1, bytes + 4);
    sb_floats_to_halves(A->val, h, (size_t)A->nnz);
    int rc = sb_cl_buffer(env, CL_MEM_READ_ONLY, bytes, h, out, err);
    free(h);
    return rc;
}

static int broken_prepare(sb_cl_env *env, sb_operand *o, const sb_kparams *params, void **state,
                          sb_kernel_info *info, sb_error *err)
{
    (void)params;
    broken *b = sb_calloc(1, sizeof *b);
    b->e = current;
    *state = b;
    last = b;
    snprintf(info->variant, sizeof info->variant, "zoo: %s", current->name);
    char *src = sb_asprintf(current->half ? template_half_src : template_src, current->body);
    const char *srcs[] = {src};
    cl_int rc;
    b->prog = clCreateProgramWithSource(env->ctx, 1, srcs, NULL, &rc);
    free(src);
    if (rc != CL_SUCCESS)
        return sb_fail(err, "clCreateProgramWithSource: %d", (int)rc);
    const char *opts = current->defines ? current->defines : "";
    if ((rc = clBuildProgram(b->prog, 1, &env->dev->id, opts, NULL, NULL)) != CL_SUCCESS)
        return sb_fail(err, "clBuildProgram (%s): %d", current->name, (int)rc);
    b->k = clCreateKernel(b->prog, "spmm", &rc);
    if (rc != CL_SUCCESS)
        return sb_fail(err, "clCreateKernel: %d", (int)rc);
    const sb_csr *A = o->csr;
    int m = o->M, n = o->N;
    if (sb_cl_buffer(env, CL_MEM_READ_ONLY, sizeof(int32_t) * (size_t)(A->rows + 1), A->row_ptr,
                     &b->row_ptr, err) ||
        sb_cl_buffer(env, CL_MEM_READ_ONLY, sizeof(int32_t) * (size_t)A->nnz, A->col_idx, &b->col,
                     err) ||
        upload_values(env, A, o->precision, &b->val, err))
        return -1;
    return sb_cl_args(env, b->k, "spmm", err, 7, sizeof(cl_mem), &b->row_ptr, sizeof(cl_mem),
                      &b->col, sizeof(cl_mem), &b->val, sizeof(cl_mem), &o->B, sizeof(cl_mem),
                      &o->C, sizeof(int), &m, sizeof(int), &n);
}

static int broken_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events,
                          int *n_events, sb_error *err)
{
    (void)events, (void)max_events;
    broken *b = state;
    *n_events = 0;
    b->calls++;
    if (b->e->runs_that_write && b->calls > b->e->runs_that_write)
        return 0; /* "runs", writes nothing */
    size_t global[2] = {N, M}, local[2] = {N, 1};
    return sb_cl_launch(env, b->k, "spmm", 2, global, local, NULL, err);
}

static void broken_release(void *state)
{
    broken *b = state;
    if (b->k)
        clReleaseKernel(b->k);
    if (b->prog)
        clReleaseProgram(b->prog);
    cl_mem bufs[] = {b->row_ptr, b->col, b->val};
    for (int i = 0; i < 3; i++)
        if (bufs[i])
            clReleaseMemObject(bufs[i]);
    /* its call count stays readable through `last` until the next prepare */
    b->k = NULL;
    b->prog = NULL;
}

static const sb_kernel broken_kernel = {
    .name = "csr", .prepare = broken_prepare, .enqueue = broken_enqueue, .release = broken_release,
};

static sb_dense A, A16;
static sb_csr csr, csr16;
static float B[K * N], B16[K * N];
static double C_ref[M * N], C_ref16[M * N];

static int setup(void **state)
{
    (void)state;
    sb_error err;
    if (sb_test_open(&tester))
        return -1;
    sb_dense_random(&A, M, K, 11);
    for (int i = 0; i < M * K; i++)
        if (i % 3)
            A.v[i] = 0; /* about 67% sparse, every row non-empty */
    sb_csr_from_dense(&csr, &A);
    sb_rng rng;
    sb_rng_seed(&rng, 12);
    for (int i = 0; i < K * N; i++)
        B[i] = sb_rng_weight(&rng);
    sb_reference_spmm(&csr, B, N, C_ref);
    op = (sb_operand){.M = M, .K = K, .N = N, .A = &A,
                      .pattern = {.kind = SB_PATTERN_UNSTRUCTURED}, .bsr_br = 4, .bsr_bc = 4,
                      .csr = &csr};
    /* the fp16 operand: the same values rounded to halves, its reference from those */
    sb_dense_alloc(&A16, M, K);
    for (int i = 0; i < M * K; i++)
        A16.v[i] = sb_round_half(A.v[i]);
    sb_csr_from_dense(&csr16, &A16);
    for (int i = 0; i < K * N; i++)
        B16[i] = sb_round_half(B[i]);
    sb_reference_spmm(&csr16, B16, N, C_ref16);
    op16 = op;
    op16.A = &A16;
    op16.csr = &csr16;
    op16.precision = SB_PRECISION_FP16;
    return sb_operand_upload(&op, &tester.env, B, &err) ||
           sb_operand_upload(&op16, &tester.env, B16, &err) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    sb_operand_release(&op);
    sb_operand_release(&op16);
    sb_csr_free(&csr);
    sb_csr_free(&csr16);
    sb_dense_free(&A);
    sb_dense_free(&A16);
    sb_tester_close(&tester);
    return 0;
}

static void measure(const zoo_entry *e, sb_row *row)
{
    current = e;
    sb_row_init(row);
    row->M = M;
    row->K = K;
    row->N = N;
    row->nnz = e->half ? csr16.nnz : csr.nnz;
    sb_timing_plan plan = {.warmup = 2, .repeats = 5, .max_repeats = 5, .tolerance = 1e-5};
    sb_kparams params;
    sb_kparams_defaults(sb_spec_kernel("csr"), &params);
    sb_case_measure(&broken_kernel, &params, &tester.env, e->half ? &op16 : &op,
                    e->half ? C_ref16 : C_ref, &plan, row, NULL);
}

static void test_zoo(void **state)
{
    (void)state;
    int failures = 0;
    for (int i = 0; i < N_ZOO; i++) {
        const zoo_entry *e = &zoo[i];
        sb_row row;
        measure(e, &row);
        int ok = e->caught ? row.status == SB_WRONG && strstr(row.message, e->caught) != NULL
                           : row.status == SB_OK;
        fprintf(stderr, "  %-28s %-7s %s\n", e->name, sb_status_name(row.status), row.message);
        if (!ok) {
            fprintf(stderr, "  ^ expected %s%s%s\n", e->caught ? "wrong with \"" : "ok",
                    e->caught ? e->caught : "", e->caught ? "\"" : "");
            failures++;
        }
        if (e->caught && !(isnan(row.median_ms) && isnan(row.gflops_useful)))
            fail_msg("%s: a wrong case has a time", e->name);
        free(row.samples_ms);
        free(last);
        last = NULL;
    }
    if (failures)
        fail_msg("%d of the zoo slipped past the validation", failures);
}

/* A kernel that wrote past the end once does not make the next kernel on the same C wrong: the
 * guards are armed again for every case. */
static void test_guards_rearmed(void **state)
{
    (void)state;
    sb_row row;
    measure(&zoo[3], &row); /* writes past the end */
    assert_int_equal(row.status, SB_WRONG);
    free(last);
    measure(&zoo[0], &row); /* correct */
    if (row.status != SB_OK)
        fail_msg("the correct kernel after one that wrote past the end: %s: %s",
                 sb_status_name(row.status), row.message);
    free(row.samples_ms);
    free(last);
    last = NULL;
}

/* At fp16 C is stored in halves: a product beyond 65504 cannot be held, whatever the kernel does,
 * so the case fails before it runs, saying so (not `wrong` with an error of inf). */
static void test_fp16_c_out_of_range(void **state)
{
    (void)state;
    static double big[M * N];
    memcpy(big, C_ref16, sizeof big);
    big[5 * N + 3] = 70000.0;
    sb_row row;
    sb_row_init(&row);
    current = &zoo[7]; /* correct (fp16) */
    assert_string_equal(current->name, "correct (fp16)");
    sb_timing_plan plan = {.warmup = 0, .repeats = 1, .max_repeats = 1, .tolerance = 1e-5};
    sb_kparams params;
    sb_kparams_defaults(sb_spec_kernel("csr"), &params);
    sb_case_measure(&broken_kernel, &params, &tester.env, &op16, big, &plan, &row, NULL);
    assert_int_equal(row.status, SB_FAILED);
    if (!strstr(row.message, "C[5][3] = 70000 is beyond the range of fp16"))
        fail_msg("message: %s", row.message);
    free(row.samples_ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zoo),
        cmocka_unit_test(test_guards_rearmed),
        cmocka_unit_test(test_fp16_c_out_of_range),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
