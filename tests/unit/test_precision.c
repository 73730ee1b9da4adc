/* Precision, host side: the reference of an fp16 or tf32 case is computed from the inputs rounded
 * to that precision (checked on a tiny matrix file against values written down here, not computed
 * with the suite's own rounding), the tolerance of each kind of kernel at each precision (README
 * "Validation at every precision"), and the -DSB_HALF=1 storage switch generated from the case's
 * precision for every kernel whose catalogue entry says it computes fp16. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "matrix_source.h"
#include "sb_config.h"
#include "sb_spec.h"
#include "sb_util.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sb_test_precision_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

static void write_file(const char *name, const char *text)
{
    char *path = sb_path_join(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

/* 1 if x is exactly an fp16 value: |x| <= 65504 and a multiple of its half-precision spacing
 * (2^(e-10) for a normal half of exponent e >= -14, 2^-24 below), by frexp, not by rounding. */
static int is_half(float x)
{
    if (!(fabsf(x) <= 65504.0f))
        return 0;
    if (x == 0.0f)
        return 1;
    int e;
    frexp(x, &e); /* x = m 2^e, 0.5 <= |m| < 1: the leading bit is 2^(e-1) */
    int lsb = e - 1 >= -14 ? e - 1 - 10 : -24;
    double q = ldexp(x, -lsb);
    return q == floor(q);
}

/* The matrix file's values (row-major 2 x 3), what each is in fp16 and in tf32 (written down from
 * the IEEE definitions: 1e-5 is subnormal in fp16, normal in tf32; 2.0001 is within half an fp16
 * ulp of 2). */
static const float raw[6] = {0.1f, 1.0f / 3.0f, 0.0f, -0.7f, 2.0001f, 1e-5f};
static const double as_fp16[6] = {0.0999755859375, 0.333251953125, 0.0, -0.7001953125, 2.0,
                                  1.0013580322265625e-05};
static const double as_tf32[6] = {0.0999755859375, 0.333251953125, 0.0, -0.7001953125, 2.0,
                                  9.99867916107177734375e-06};

static void check_rounded_reference(const char *precision, const double *want_A, int want_half_B)
{
    write_file("tiny.mtx", "%%MatrixMarket matrix coordinate real general\n"
                           "2 3 5\n1 1 0.1\n1 2 0.333333343267\n2 1 -0.7\n2 2 2.0001\n2 3 1e-5\n");
    char *yaml = sb_asprintf("name: p\nN: [2]\nmatrices:\n"
                             "  - {name: tiny, path: tiny.mtx, precision: %s, kernels: [csr]}\n",
                             precision);
    write_file("p.yaml", yaml);
    free(yaml);
    char *path = sb_path_join(dir, "p.yaml");
    sb_config cfg;
    sb_error err;
    if (sb_config_load(path, dir, &cfg, &err))
        fail_msg("%s", err.msg);
    free(path);
    sb_host_matrix hm;
    if (sb_host_matrix_load(&cfg.matrices[0], cfg.seed, &hm, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(hm.A.rows, 2);
    assert_int_equal(hm.A.cols, 3);
    for (int i = 0; i < 6; i++)
        if ((double)hm.A.v[i] != want_A[i])
            fail_msg("%s: A[%d] = %.17g, want %.17g (from %.9g)", precision, i, hm.A.v[i],
                     want_A[i], raw[i]);
    float *B;
    double *C_ref;
    const int N = 2;
    sb_case_inputs(&hm, N, &B, &C_ref);
    int moved = 0; /* did rounding the inputs change the reference at all? */
    for (int k = 0; k < 3 * N; k++)
        if (want_half_B && !is_half(B[k]))
            fail_msg("%s: B[%d] = %.9g is not an fp16 value", precision, k, B[k]);
    for (int r = 0; r < 2; r++)
        for (int n = 0; n < N; n++) {
            double want = 0, unrounded = 0;
            for (int k = 0; k < 3; k++) {
                want += want_A[r * 3 + k] * (double)B[k * N + n];
                unrounded += (double)raw[r * 3 + k] * (double)B[k * N + n];
            }
            double got = C_ref[r * N + n];
            if (!(fabs(got - want) <= 1e-14 * fabs(want)))
                fail_msg("%s: C_ref[%d][%d] = %.17g, want %.17g", precision, r, n, got, want);
            moved |= fabs(unrounded - want) > 1e-6 * fabs(want);
        }
    assert_true(moved);
    free(B);
    free(C_ref);
    sb_host_matrix_free(&hm);
    sb_config_free(&cfg);
}

static void test_reference_from_rounded_inputs(void **state)
{
    (void)state;
    check_rounded_reference("fp16", as_fp16, 1);
    check_rounded_reference("tf32", as_tf32, 0);
}

/* A weight beyond fp16's range (65504) would be inf in halves: refused at load, with where it is;
 * tf32 (fp32's range) takes it. */
static void test_fp16_weight_out_of_range(void **state)
{
    (void)state;
    write_file("big.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 0.5\n2 2 70000\n");
    for (int p = 0; p < 2; p++) {
        char *yaml = sb_asprintf("name: big\nN: [2]\nmatrices:\n  - {name: big, path: big.mtx, "
                                 "precision: %s, kernels: [csr]}\n", p ? "tf32" : "fp16");
        write_file("big.yaml", yaml);
        free(yaml);
        char *path = sb_path_join(dir, "big.yaml");
        sb_config cfg;
        sb_error err;
        if (sb_config_load(path, dir, &cfg, &err))
            fail_msg("%s", err.msg);
        free(path);
        sb_host_matrix hm;
        int rc = sb_host_matrix_load(&cfg.matrices[0], cfg.seed, &hm, &err);
        if (p == 0) {
            assert_int_equal(rc, -1);
            if (!strstr(err.msg, "matrix big: the weight at [1, 1] is beyond the range of fp16"))
                fail_msg("message: %s", err.msg);
        } else {
            assert_int_equal(rc, 0);
            assert_true(hm.A.v[3] == 70016.0f); /* 65536 + 70 * 64: tf32 spacing 64 there */
            sb_host_matrix_free(&hm);
        }
        sb_config_free(&cfg);
    }
}

/* The tolerance of each kind of kernel, from the terms README derives: fp32 summation (the
 * config's), a tensor core's truncating accumulation 8 * 2^-24 * sqrt(K), fp16 output rounding
 * 2^-11, fp16 summation 2^-11 * sqrt(K). */
static void test_tolerances(void **state)
{
    (void)state;
    const sb_kernel_spec *csr = sb_spec_kernel("csr"), *tc = sb_spec_kernel("tc_dense"),
                         *blas = sb_spec_kernel("clblast");
    const double t = 1e-5;
    assert_true(sb_case_tolerance(csr, SB_PRECISION_FP32, 4096, t) == t);
    assert_true(sb_case_tolerance(blas, SB_PRECISION_FP32, 4096, t) == t);
    assert_true(sb_case_tolerance(csr, SB_PRECISION_FP16, 4096, t) == t + 0.00048828125);
    assert_true(sb_case_tolerance(csr, SB_PRECISION_FP16, 7, 1e-3) == 1e-3 + 0.00048828125);
    assert_true(fabs(sb_case_tolerance(tc, SB_PRECISION_FP16, 4096, t) -
                     (t + 8 * 64 / 16777216.0 + 0.00048828125)) < 1e-15);
    assert_true(fabs(sb_case_tolerance(tc, SB_PRECISION_TF32, 100, t) - (t + 80 / 16777216.0)) <
                1e-15);
    assert_true(fabs(sb_case_tolerance(blas, SB_PRECISION_FP16, 4096, t) -
                     (t + 0.00048828125 * 65)) < 1e-15);
    assert_true(sb_precision_bytes(SB_PRECISION_FP16) == 2);
    assert_true(sb_precision_bytes(SB_PRECISION_FP32) == 4);
    assert_true(sb_precision_bytes(SB_PRECISION_TF32) == 4);
}

/* "-DSB_HALF=1" exactly when the case is fp16, for every kernel with a program; and every kernel
 * that says it computes fp16 has a program that stores through the storage macros (store_t of
 * cl_kernels/common.h, tile_core.h's TILE_IO, or the tensor cores' tc_out_t), so the define
 * reaches its loads. */
static void test_half_storage_from_the_catalogue(void **state)
{
    (void)state;
    int half_kernels = 0;
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++) {
        sb_kparams p;
        sb_kparams_defaults(*k, &p);
        char d[512];
        sb_kparams_defines(&p, d, sizeof d);
        assert_null(strstr(d, "SB_HALF"));
        if (!sb_spec_has_precision(*k, SB_PRECISION_FP16) || !(*k)->program)
            continue;
        half_kernels++;
        p.precision = SB_PRECISION_FP16;
        sb_kparams_defines(&p, d, sizeof d);
        size_t len = strlen(d), tail = strlen("-DSB_HALF=1");
        if (len < tail || strcmp(d + len - tail, "-DSB_HALF=1") != 0)
            fail_msg("%s at fp16: defines '%s'", (*k)->name, d);
        char *path = sb_asprintf("%s/cl_kernels/%s.cl", getenv("SB_SOURCE_DIR"), (*k)->program);
        sb_error err;
        char *src = sb_read_file(path, NULL, &err);
        if (!src)
            fail_msg("%s", err.msg);
        if (!strstr(src, "store_t *restrict C") && !strstr(src, "tc_out_t *restrict C") &&
            !strstr(src, "TILE_IO *restrict C") && !strstr(src, "store_t *restrict y"))
            fail_msg("%s says it computes fp16 but %s does not store C as store_t", (*k)->name,
                     path);
        free(src);
        free(path);
    }
    assert_true(half_kernels >= 10); /* csr, csr_balanced, csr_spmv, bsr, nm, nm_tile, dense,
                                        3 tasks, tc */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_from_rounded_inputs),
        cmocka_unit_test(test_fp16_weight_out_of_range),
        cmocka_unit_test(test_tolerances),
        cmocka_unit_test(test_half_storage_from_the_catalogue),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
