/* What the kernel tests (test_kernels.c, test_nm_kernels.c) share: the tester on the test device
 * (sb_test_open: PoCL unless SPARSEBENCH_TEST_DEVICE says), its setup and teardown, and the check
 * of one case against the double-precision reference. Included by one test file each (each is its
 * own program), so its definitions are static. */
#ifndef SB_TEST_KERNEL_CHECK_H
#define SB_TEST_KERNEL_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_tester.h"
#include "test_support.h"

static sb_tester tester;

static inline int setup(void **state)
{
    (void)state;
    return sb_test_open(&tester);
}

static inline int teardown(void **state)
{
    (void)state;
    sb_tester_close(&tester);
    return 0;
}

/* An N:M-valid matrix of any width: in every group of m along K (the last may be partial) at
 * most n non-zeros, the largest kept. */
static inline void make_nm(sb_dense *A, int n, int m)
{
    for (int r = 0; r < A->rows; r++) {
        for (int g = 0; g < A->cols; g += m) {
            int len = A->cols - g < m ? A->cols - g : m;
            float *w = &A->v[(size_t)r * A->cols + g];
            for (int drop = len - n; drop > 0; drop--) {
                int min_j = -1;
                for (int j = 0; j < len; j++)
                    if (w[j] != 0 && (min_j < 0 || fabsf(w[j]) < fabsf(w[min_j])))
                        min_j = j;
                w[min_j] = 0;
            }
        }
    }
}

/* Checks one case. may_not_fit: a launch the device refuses for its work-group size or its local
 * memory (a tunable value past what this device allows: csr_tile's BK 32 needs 50 KB, oclgrind
 * has 32) is skipped with a note instead of failing. want_variant
 * (or NULL): text the row's variant must contain, e.g. a tunable the host could have lowered. */
static inline void check_case(const char *kernel, const sb_dense *A, const sb_pattern *p, int bsr_block,
                       int N, uint64_t seed, int may_not_fit, const char *want_variant)
{
    char why[256];
    if (!sb_kernel_accepts_pattern(kernel, p, why, sizeof why))
        return;
    sb_row row;
    sb_error err;
    int rc = sb_tester_run(&tester, kernel, A, p, bsr_block, N, seed, &row, &err);
    if (rc != 0)
        fail_msg("%s %dx%d N=%d: %s", kernel, A->rows, A->cols, N, err.msg);
    if (row.status == SB_SKIPPED) { /* e.g. SpMV at N > 1: allowed, but say so */
        free(row.samples_ms);
        return;
    }
    if (row.status == SB_FAILED && may_not_fit &&
        (strstr(row.message, "larger than the device allows") ||
         strstr(row.message, "bytes of local memory, device"))) {
        fprintf(stderr, "skipped (does not fit this device): %s\n", row.message);
        free(row.samples_ms);
        return;
    }
    if (row.status != SB_OK)
        fail_msg("%s on %dx%d (nnz %lld) N=%d pattern %s seed %llu: %s: %s", kernel, A->rows,
                 A->cols, (long long)row.nnz, N, sb_pattern_name(p->kind),
                 (unsigned long long)seed, sb_status_name(row.status), row.message);
    /* the kernel's tolerance at the tester's precision, the one definition sparsebench validates
     * with (sb_case_tolerance: 1e-5 at fp32; fp16 adds its output rounding, 2^-11 relative per
     * element, and 2^-11 sqrt(K) where the kernel adds in halves, as CLBlast's HGEMM does on a
     * device with cl_khr_fp16: Intel's CPU runtime) */
    double tol = sb_case_tolerance(sb_spec_kernel(kernel), tester.precision, A->cols, 1e-5);
    if (!(row.rel_error <= tol))
        fail_msg("%s on %dx%d N=%d at %s: relative error %g > %g", kernel, A->rows, A->cols, N,
                 sb_precision_name(tester.precision), row.rel_error, tol);
    if (want_variant && !strstr(row.variant, want_variant))
        fail_msg("%s on %dx%d N=%d at %s ran '%s', not '%s'", kernel, A->rows, A->cols, N,
                 sb_precision_name(tester.precision), row.variant, want_variant);
    free(row.samples_ms);
}

static inline void check_kernel_ex(const char *kernel, const sb_dense *A, const sb_pattern *p, int bsr_block,
                            int N, uint64_t seed, int may_not_fit)
{
    check_case(kernel, A, p, bsr_block, N, seed, may_not_fit, NULL);
}

/* The tester's params reset to nm's row-split gather with the parameters a test then gives (the
 * model and nm_tile off). */
static inline void nm_fixed_gather(void)
{
    sb_params_free(&tester.params);
    sb_params_set(&tester.params, "nm_spmm.AUTO", "0");
    sb_params_set(&tester.params, "nm_spmm.TILE_MIN_N", "1073741824");
}

static inline void set_param_int(const char *key, int value)
{
    char v[16];
    snprintf(v, sizeof v, "%d", value);
    sb_params_set(&tester.params, key, v);
}

static inline void check_kernel(const char *kernel, const sb_dense *A, const sb_pattern *p, int bsr_block,
                         int N, uint64_t seed)
{
    check_kernel_ex(kernel, A, p, bsr_block, N, seed, 0);
}

#endif
