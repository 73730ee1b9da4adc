/* Roofline arithmetic: minimum bytes of a case and the bound from the measured peaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "sb_roofline.h"

/* cmocka's float asserts work in single precision: too coarse for byte counts near 2^35. */
#define assert_near(got, want, tol)                                                     \
    do {                                                                                \
        double g_ = (got), w_ = (want);                                                 \
        if (!(fabs(g_ - w_) <= (tol)))                                                  \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #got, g_, w_, (double)(tol)); \
    } while (0)

static void min_bytes_counts_a_b_and_c_once(void **state)
{
    (void)state;
    /* A: 1000 bytes; B: K*N*4 = 64*8*4 = 2048; C: M*N*4 = 32*8*4 = 1024 */
    assert_near(sb_min_bytes(1000, 32, 64, 8, 4), 1000 + 2048 + 1024, 0);
    /* N = 1 (SpMV): x and y are vectors */
    assert_near(sb_min_bytes(0, 3, 5, 1, 4), 4.0 * 5 + 4.0 * 3, 0);
    /* fp16: B and C in halves */
    assert_near(sb_min_bytes(1000, 32, 64, 8, 2), 1000 + 1024 + 512, 0);
}

static void min_bytes_does_not_overflow_int(void **state)
{
    (void)state;
    /* M*N*4 = 2^16 * 2^16 * 4 = 2^34: past int and uint32 */
    double expect = 4.0 * 65536 * 65536 * 2 + 5e9;
    assert_near(sb_min_bytes(5000000000LL, 65536, 65536, 65536, 4), expect, 1);
}

static void bound_is_compute_when_compute_dominates(void **state)
{
    (void)state;
    sb_peak p = {.gflops = 100, .best_vec = 4, .gbps = 50};
    /* 2e9 flops at 100 GFLOP/s = 20 ms; 1e8 bytes at 50 GB/s = 2 ms */
    assert_near(sb_roofline_bound_ms(2e9, 1e8, &p), 20.0, 1e-9);
}

static void bound_is_memory_when_memory_dominates(void **state)
{
    (void)state;
    sb_peak p = {.gflops = 59400, .best_vec = 1, .gbps = 2890};
    /* 1e9 flops at 59.4 TFLOP/s = 0.0168 ms; 2.89e9 bytes at 2.89 TB/s = 1 ms */
    assert_near(sb_roofline_bound_ms(1e9, 2.89e9, &p), 1.0, 1e-9);
    /* a realistic CSR case: nnz = 10% of 4096x4096, N = 1024 */
    double nnz = 0.1 * 4096 * 4096, N = 1024;
    double bytes = sb_min_bytes((int64_t)(nnz * 8 + 4097 * 4), 4096, 4096, (int)N, 4);
    double expect = fmax(2 * nnz * N / 59.4e12, bytes / 2.89e12) * 1e3;
    assert_near(sb_roofline_bound_ms(2 * nnz * N, bytes, &p), expect, 1e-12);
}

static void bound_is_nan_without_valid_peaks(void **state)
{
    (void)state;
    sb_peak zero_bw = {.gflops = 100, .gbps = 0};
    sb_peak nan_flops = {.gflops = NAN, .gbps = 10};
    sb_peak neg = {.gflops = -1, .gbps = 10};
    sb_peak inf = {.gflops = INFINITY, .gbps = 10};
    assert_true(isnan(sb_roofline_bound_ms(1e9, 1e9, NULL)));
    assert_true(isnan(sb_roofline_bound_ms(1e9, 1e9, &zero_bw)));
    assert_true(isnan(sb_roofline_bound_ms(1e9, 1e9, &nan_flops)));
    assert_true(isnan(sb_roofline_bound_ms(1e9, 1e9, &neg)));
    assert_true(isnan(sb_roofline_bound_ms(1e9, 1e9, &inf)));
}

static void empty_case_has_zero_bound(void **state)
{
    (void)state;
    sb_peak p = {.gflops = 100, .gbps = 50};
    assert_near(sb_roofline_bound_ms(0, 0, &p), 0.0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(min_bytes_counts_a_b_and_c_once),
        cmocka_unit_test(min_bytes_does_not_overflow_int),
        cmocka_unit_test(bound_is_compute_when_compute_dominates),
        cmocka_unit_test(bound_is_memory_when_memory_dominates),
        cmocka_unit_test(bound_is_nan_without_valid_peaks),
        cmocka_unit_test(empty_case_has_zero_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
