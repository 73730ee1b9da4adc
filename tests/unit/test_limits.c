/* Size limits of the plan (src/plan/limits.c), host only with made-up devices: an operand past a
 * 32-bit index, more host memory than the host has, a buffer above CL_DEVICE_MAX_MEM_ALLOC_SIZE,
 * all buffers above the global memory; each reason checked with its numbers recomputed here, and
 * the same case fitting once the limit is raised (the bound is not just "no"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "sb_device.h"
#include "sb_plan.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

static sb_matrix_spec matrix(int M, int K, double sparsity)
{
    sb_matrix_spec s;
    memset(&s, 0, sizeof s);
    s.name = "m";
    s.M = M;
    s.K = K;
    s.sparsity = sparsity;
    return s;
}

static sb_device device(double max_alloc_gib, double global_gib)
{
    sb_device d;
    memset(&d, 0, sizeof d);
    d.max_alloc_bytes = (unsigned long long)(max_alloc_gib * GIB);
    d.global_mem_bytes = (unsigned long long)(global_gib * GIB);
    return d;
}

static void expect_skip(const sb_matrix_spec *s, int N, const char *kernel, const sb_device *d,
                        double host, const char *want)
{
    char why[512] = "";
    int fits = sb_plan_case_fits(s, N, sb_spec_kernel(kernel), d, host, why, sizeof why);
    if (fits || !strstr(why, want))
        fail_msg("%dx%d N=%d %s: fits=%d why='%s', expected a skip saying '%s'", s->M, s->K, N,
                 kernel, fits, why, want);
}

static void expect_fit(const sb_matrix_spec *s, int N, const char *kernel, const sb_device *d,
                       double host)
{
    char why[512] = "";
    if (!sb_plan_case_fits(s, N, sb_spec_kernel(kernel), d, host, why, sizeof why))
        fail_msg("%dx%d N=%d %s should fit: %s", s->M, s->K, N, kernel, why);
}

static void test_int_index(void **state)
{
    (void)state;
    sb_device d = device(1e6, 1e6); /* memory is not the limit here */
    sb_matrix_spec tall = matrix(INT_MAX, 16, 0.99), wide = matrix(64, 64, 0.9);
    expect_skip(&tall, 16, "csr", &d, 0, "A (M x K) has 2147483647 x 16");
    expect_skip(&wide, 1000000000, "csr", &d, 0, "B (K x N) has 64 x 1000000000");
    sb_matrix_spec c = matrix(1 << 20, 4, 0.5);
    expect_skip(&c, 4096, "clblast", &d, 0, "C (M x N) has 1048576 x 4096");
    /* exactly at the limit: 2^31 - 1 = 7 x 306783378 + 1, so 7 x 306783378 fits */
    sb_matrix_spec edge = matrix(7, 306783378, 0.5);
    expect_fit(&edge, 1, "csr", &d, 0);
}

static void test_host_memory(void **state)
{
    (void)state;
    sb_device d = device(1e6, 1e6);
    sb_matrix_spec s = matrix(20000, 20000, 0.9);
    int N = 20000;
    /* A dense + B + the double reference + C read back: 4MK + 4KN + 12MN bytes */
    double need = 4.0 * 20000 * 20000 + 4.0 * 20000 * N + 12.0 * 20000 * N;
    char want[128];
    snprintf(want, sizeof want, "needs at least %.1f GiB of host memory", need / GIB);
    expect_skip(&s, N, "csr", &d, need - 1, want);
    expect_fit(&s, N, "csr", &d, need);
    expect_fit(&s, N, "csr", &d, 0); /* host memory unknown: not a reason */
}

static void test_device_memory(void **state)
{
    (void)state;
    sb_matrix_spec s = matrix(16384, 16384, 0.9);
    int N = 8192;
    double dense_a = 4.0 * 16384 * 16384, b = 4.0 * 16384 * N, c = 4.0 * 16384 * N;
    double csr_a = dense_a * (1 - 0.9);
    /* the dense baseline's A alone is 1 GiB: a 0.5 GiB per-buffer limit skips it, not CSR's */
    sb_device small_alloc = device(0.75, 100);
    expect_skip(&s, N, "clblast", &small_alloc, 0, "A needs 1.00 GiB in one buffer, the device "
                                                   "allows 0.75 GiB (CL_DEVICE_MAX_MEM_ALLOC_SIZE)");
    expect_fit(&s, N, "csr", &small_alloc, 0);
    /* all of it above the global memory */
    double total = (csr_a + b + c) / GIB;
    sb_device small_global = device(100, total - 0.01);
    char want[160];
    snprintf(want, sizeof want, "A, B and C need at least %.2f GiB, the device has %.2f GiB",
             total, total - 0.01);
    expect_skip(&s, N, "csr", &small_global, 0, want);
    sb_device enough = device(100, total + 0.01);
    expect_fit(&s, N, "csr", &enough, 0);
    /* a file kept as stored (no target sparsity): its values are not counted, B and C are */
    sb_matrix_spec stored = matrix(16384, 16384, -1);
    sb_device just_bc = device(100, (b + c) / GIB + 0.01);
    expect_fit(&stored, N, "csr", &just_bc, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_index),
        cmocka_unit_test(test_host_memory),
        cmocka_unit_test(test_device_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
