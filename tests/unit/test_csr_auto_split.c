/* csr_auto's row split (rule 3 of include/sb_csr_auto.h): the KSPLIT it picks, computed here from
 * the formula the model's comment states (the power of two nearest 3072 x CU / (M x max(32, N/2
 * in 32s)), at most mean / 4, within [2, 32]) and the floor of 4 for rows of 96 and more at
 * N <= 2048 at fp32 (rs21), on feature sets chosen on both sides of each bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "sb_csr_auto.h"

#define H200_UNITS 132

/* The comment's formula, written out here (not the library's split_for). */
static int want_ksplit(int M, int N, double row_mean)
{
    double cols = N / 2.0 < 32 ? 32 : ceil(N / 2.0 / 32.0) * 32.0;
    double want = 3072.0 * H200_UNITS / (M * cols);
    int k = 1;
    while (k * 2 <= want)
        k *= 2;
    if (want >= 1.5 * k)
        k *= 2;
    int cap = 1;
    while (cap * 2 <= row_mean / 4.0)
        cap *= 2;
    k = k > cap ? cap : k;
    return k < 2 ? 2 : k > 32 ? 32 : k;
}

/* Uneven rows (cv 0.35) with few row blocks per CU: the split, whatever the row length. */
static sb_csr_auto_choice split_of(int M, int N, double row_mean, int fp16)
{
    sb_csr_auto_features f = {.M = M, .K = 4096, .N = N, .nnz = (int64_t)(M * row_mean),
                              .density = row_mean / 4096, .row_mean = row_mean, .row_cv = 0.35,
                              .fp16 = fp16, .gpu = 1, .compute_units = H200_UNITS};
    sb_csr_auto_choice c;
    sb_csr_auto_choose(&f, &c);
    assert_string_equal(c.rule, "split");
    return c;
}

static void test_ksplit_formula(void **state)
{
    (void)state;
    /* rows of 64 (under the floor's 96): the formula alone, across its range */
    static const int cases[][2] = {{2048, 392}, {1024, 196}, {512, 196}, {256, 196}, {512, 49},
                                   {128, 6272}, {640, 196}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sb_csr_auto_choice c = split_of(cases[i][0], cases[i][1], 64, 0);
        assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"),
                         want_ksplit(cases[i][0], cases[i][1], 64));
    }
    assert_int_equal(want_ksplit(2048, 392, 64), 2); /* the cases span 2 to 16 */
    assert_int_equal(want_ksplit(512, 49, 64), 16);  /* capped by rows of 64 / 4 */
}

static void test_floor_for_long_rows(void **state)
{
    (void)state;
    /* M = 512, N = 1024: the formula gives 2 (3072 x 132 / (512 x 512) = 1.55) */
    assert_int_equal(want_ksplit(512, 1024, 150), 2);
    sb_csr_auto_choice c = split_of(512, 1024, 150, 0);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 8); /* KSPLIT 4's unroll */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.COLS_PER_WG"), 32);
    c = split_of(512, 1024, 96, 0); /* rows of exactly 96: raised */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 4);
    c = split_of(512, 1024, 95, 0); /* under 96: the formula's 2 */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 2);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 4);
    c = split_of(512, 1024, 150, 1); /* fp16: not measured there, the formula's 2 */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 2);
    /* above N = 2048 (DLMC batch 8, M = 128, N = 6272, rows of 115: KSPLIT 4 lost there) */
    assert_int_equal(want_ksplit(128, 6272, 115), 2);
    c = split_of(128, 6272, 115, 0);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 2);
    c = split_of(256, 2048, 115, 0); /* N = 2048 itself: raised */
    assert_int_equal(want_ksplit(256, 2048, 115), 2);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 4);
    /* a floor, not a target: where the formula gives 8 with long rows it stays 8 */
    assert_int_equal(want_ksplit(160, 392, 410), 8);
    c = split_of(160, 392, 410, 0);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ksplit_formula),
        cmocka_unit_test(test_floor_for_long_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
