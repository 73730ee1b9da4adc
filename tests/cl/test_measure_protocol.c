/* The measuring protocol of sb_case_measure (src/run/case_measure.c), checked with fake kernels on
 * the test device: a kernel here writes a known C with clEnqueueWriteBuffer and counts its calls,
 * so the test knows exactly what was run and what the output is.
 *  - one validated run + `warmup` uncounted runs + `repeats` counted runs, no more, no less;
 *  - the row's statistics and GFLOP/s recomputed from its raw samples, fill and bytes from what
 *    the kernel reported;
 *  - the output is poisoned before the validated run: a kernel that writes nothing is `wrong` even
 *    when C already holds the right answer (left there by the kernel measured before it);
 *  - a wrong element makes the case `wrong`, and it is not timed;
 *  - a gated batch (sb_batch_once with a span) asks events of its first and last runs only (one
 *    profiled event per run cost NVIDIA's OpenCL ~7 us between back-to-back kernels), and an
 *    ungated batch asks none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_batch.h"
#include "case_measure.h"
#include "sb_rng.h"
#include "sb_spec.h"
#include "sb_tester.h"
#include "test_support.h"

static sb_tester tester;

enum { M = 9, K = 13, N = 5 };

/* What a fake kernel does on each call. */
typedef struct fake {
    const float *output; /* written into C at each call (NULL: writes nothing) */
    int calls;
    int asked[16];       /* max_events of the first 16 calls */
} fake;

static fake current;

static int fake_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                        sb_kernel_info *info, sb_error *err)
{
    (void)env, (void)op, (void)params, (void)err;
    snprintf(info->variant, sizeof info->variant, "fake");
    info->bytes = 1234;
    info->stored_values = 40; /* fill = stored_values / nnz */
    *state = &current;
    return 0;
}

static sb_operand *current_op;

static int fake_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events,
                        int *n_events, sb_error *err)
{
    fake *f = state;
    if (f->calls < 16)
        f->asked[f->calls] = max_events;
    f->calls++;
    *n_events = 0;
    if (!f->output)
        return 0;
    /* the write's event, where one is asked (a profiled command, as a kernel's launch is) */
    cl_event *ev = max_events > 0 ? &events[0] : NULL;
    cl_int rc = clEnqueueWriteBuffer(env->queue, current_op->C, CL_FALSE, 0,
                                     sizeof(float) * M * N, f->output, 0, NULL, ev);
    if (rc == CL_SUCCESS && ev)
        *n_events = 1;
    return rc == CL_SUCCESS ? 0 : sb_fail(err, "clEnqueueWriteBuffer: %d", (int)rc);
}

static void fake_release(void *state) { (void)state; }

static const sb_kernel fake_kernel = {
    .name = "csr", .prepare = fake_prepare, .enqueue = fake_enqueue, .release = fake_release,
};

/* The case: a random A (M x K, some zeros), B, the double reference and its float copy. */
static sb_dense A;
static sb_csr csr;
static float B[K * N], C_right[M * N];
static double C_ref[M * N];
static sb_operand op;

static int setup(void **state)
{
    (void)state;
    sb_error err;
    if (sb_test_open(&tester))
        return -1;
    sb_dense_random(&A, M, K, 3);
    for (int i = 0; i < M * K; i += 3)
        A.v[i] = 0;
    sb_csr_from_dense(&csr, &A);
    sb_rng rng;
    sb_rng_seed(&rng, 5);
    for (int i = 0; i < K * N; i++)
        B[i] = sb_rng_weight(&rng);
    sb_reference_spmm(&csr, B, N, C_ref);
    for (int i = 0; i < M * N; i++)
        C_right[i] = (float)C_ref[i];
    op = (sb_operand){.M = M, .K = K, .N = N, .A = &A,
                      .pattern = {.kind = SB_PATTERN_UNSTRUCTURED}, .bsr_br = 4, .bsr_bc = 4,
                      .csr = &csr};
    current_op = &op;
    return sb_operand_upload(&op, &tester.env, B, &err) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    sb_operand_release(&op);
    sb_csr_free(&csr);
    sb_dense_free(&A);
    sb_tester_close(&tester);
    return 0;
}

static void measure(const float *output, int warmup, int repeats, sb_row *row)
{
    current = (fake){.output = output};
    sb_row_init(row);
    row->M = M;
    row->K = K;
    row->N = N;
    row->nnz = csr.nnz;
    sb_timing_plan plan = {.warmup = warmup, .repeats = repeats, .max_repeats = repeats,
                           .tolerance = 1e-5};
    sb_kparams params; /* the fake stands in for csr (any N): the spec says what it accepts */
    sb_kparams_defaults(sb_spec_kernel("csr"), &params);
    sb_case_measure(&fake_kernel, &params, &tester.env, &op, C_ref, &plan, row, NULL);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* numpy's default (linear) percentile, written out here apart from src/measure/stats.c */
static double percentile(const double *sorted, int n, double q)
{
    double pos = q * (n - 1);
    int lo = (int)pos;
    double frac = pos - lo;
    return lo + 1 < n ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac : sorted[lo];
}

static void assert_close(double got, double want, const char *what)
{
    if (!(fabs(got - want) <= 1e-9 * fabs(want)))
        fail_msg("%s: got %.17g, expected %.17g", what, got, want);
}

static void test_runs_and_statistics(void **state)
{
    (void)state;
    sb_row row;
    for (int warmup = 0; warmup <= 3; warmup += 3) {
        for (int repeats = 1; repeats <= 7; repeats += 6) {
            measure(C_right, warmup, repeats, &row);
            if (row.status != SB_OK)
                fail_msg("warmup %d repeats %d: %s: %s", warmup, repeats,
                         sb_status_name(row.status), row.message);
            /* one validated run, the warm-up, the counted runs */
            assert_int_equal(current.calls, 1 + warmup + repeats);
            assert_int_equal(row.runs, repeats);
            assert_int_equal(row.n_samples, repeats);
            double s[16];
            memcpy(s, row.samples_ms, sizeof(double) * (size_t)repeats);
            qsort(s, (size_t)repeats, sizeof *s, cmp);
            double sum = 0;
            for (int i = 0; i < repeats; i++)
                sum += s[i];
            assert_close(row.min_ms, s[0], "min_ms");
            assert_close(row.max_ms, s[repeats - 1], "max_ms");
            assert_close(row.mean_ms, sum / repeats, "mean_ms");
            assert_close(row.median_ms, percentile(s, repeats, 0.5), "median_ms");
            assert_close(row.p90_ms, percentile(s, repeats, 0.9), "p90_ms");
            assert_close(row.p99_ms, percentile(s, repeats, 0.99), "p99_ms");
            assert_close(row.host_median_ms, row.median_ms, "host_median_ms");
            double sec = row.median_ms * 1e-3;
            assert_close(row.gflops_useful, 2.0 * csr.nnz * N / sec / 1e9, "gflops_useful");
            assert_close(row.gflops_dense_equiv, 2.0 * M * K * N / sec / 1e9, "gflops_dense_equiv");
            assert_int_equal(row.bytes, 1234);
            assert_close(row.fill, 40.0 / csr.nnz, "fill");
            assert_true(row.rel_error <= 1e-6);
            free(row.samples_ms);
        }
    }
}

static void test_unwritten_output_is_wrong(void **state)
{
    (void)state;
    /* the right answer is already in C, as the kernel measured before would leave it */
    cl_int rc = clEnqueueWriteBuffer(tester.env.queue, op.C, CL_TRUE, 0, sizeof C_right, C_right,
                                     0, NULL, NULL);
    assert_int_equal(rc, CL_SUCCESS);
    sb_row row;
    measure(NULL, 2, 3, &row);
    if (row.status != SB_WRONG)
        fail_msg("a kernel that writes nothing was %s (C is not poisoned before it runs)",
                 sb_status_name(row.status));
    assert_int_equal(current.calls, 1); /* not timed */
    assert_true(isnan(row.median_ms));
    free(row.samples_ms);
}

static void test_wrong_element_is_wrong(void **state)
{
    (void)state;
    float bad[M * N];
    memcpy(bad, C_right, sizeof bad);
    bad[M * N / 2] += 1.0f + fabsf(bad[M * N / 2]);
    sb_row row;
    measure(bad, 1, 2, &row);
    assert_int_equal(row.status, SB_WRONG);
    assert_non_null(strstr(row.message, "first run"));
    assert_int_equal(current.calls, 1);
    assert_true(isnan(row.speedup_vs_dense) && isnan(row.gflops_useful));
    free(row.samples_ms);
}

static void test_batch_asks_events_at_its_ends(void **state)
{
    (void)state;
    for (int gated = 0; gated <= 1; gated++) {
        for (int R = 1; R <= 5; R += 4) {
            current = (fake){.output = C_right};
            sb_row row;
            sb_row_init(&row);
            sb_error err;
            double ms = NAN, span = NAN;
            int rc = sb_batch_once(&fake_kernel, &current, &tester.env, &op, NULL, R, 0, &ms,
                                   gated ? &span : NULL, &row, NULL, &err);
            if (rc)
                fail_msg("gated %d R %d: %s", gated, R, row.message);
            assert_int_equal(current.calls, R);
            for (int r = 0; r < R; r++) {
                /* gated: run 0's first event and the last run's; ungated: none */
                int want = !gated ? 0 : r == R - 1 ? 8 : r == 0 ? 1 : 0;
                if (current.asked[r] != want)
                    fail_msg("gated %d R %d: run %d asked %d events, expected %d", gated, R, r,
                             current.asked[r], want);
            }
            assert_true(ms >= 0);
            if (gated && !(span >= 0)) /* the span of the first write's START to the last's END */
                fail_msg("R %d: no span (%g)", R, span);
            free(row.samples_ms);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_and_statistics),
        cmocka_unit_test(test_unwritten_output_is_wrong),
        cmocka_unit_test(test_wrong_element_is_wrong),
        cmocka_unit_test(test_batch_asks_events_at_its_ends),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
