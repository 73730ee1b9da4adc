/* nm's model on a GPU at the gather's edges (NM_GPU_EDGES in src/kernels/nm_auto.c, rs13): SHIFT 1
 * wherever VEC does not divide N (both precisions); at fp16 VEC 4 from N = 33 at every N, COLS 3
 * where N is three VEC 2 vectors, from N = 7 COLS exactly the vectors with KSPLIT doubled where
 * more than a quarter of COLS would idle, LANE 1 on VEC 2 at N = 5-32 (on single kept values from
 * 12 rows a compute unit), and narrow's VEC 4 form at N = 7 (rs14). Expected values worked out
 * here from the rule, not read from the model. And sb_auto_set replacing a parameter it already
 * holds (the edges rewrite COLS and KSPLIT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "sb_nm_auto.h"

#define UNITS 132

static sb_nm_auto_choice choose(int M, int K, int N, int fp32)
{
    sb_nm_auto_features f = {.M = M, .K = K, .N = N, .n = 2, .m = 4, .gpu = 1, .fp32 = fp32,
                             .mma = 1, .compute_units = UNITS};
    sb_nm_auto_choice c;
    sb_nm_auto_choose(&f, &c);
    return c;
}

/* Over shapes and N = 1-64 at both precisions: a gather shifts exactly where its VEC leaves a
 * partial last vector; the tile never carries SHIFT. */
static void test_shift(void **state)
{
    (void)state;
    static const int shapes[][2] = {{512, 512}, {1024, 4096}, {2304, 768}, {3328, 1664},
                                    {4096, 4096}, {6656, 512}};
    int shifted[2] = {0, 0};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int fp32 = 0; fp32 < 2; fp32++)
            for (int N = 1; N <= 64; N++) {
                sb_nm_auto_choice c = choose(shapes[s][0], shapes[s][1], N, fp32);
                if (strcmp(c.kernel, "nm") != 0) {
                    assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), -1);
                    continue;
                }
                int vec = sb_auto_param(&c, "nm_spmm.VEC");
                assert_true(vec >= 1 && vec <= N);
                assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), N % vec ? 1 : -1);
                shifted[fp32] += N % vec != 0;
            }
    assert_true(shifted[0] > 50 && shifted[1] > 50);
    /* the ones screened: fp32 narrow at N = 5 and 7 (VEC 4), the tall gather at N = 19 */
    sb_nm_auto_choice c = choose(2560, 1024, 5, 1);
    assert_string_equal(c.rule, "gather-narrow");
    assert_int_equal(sb_auto_param(&c, "nm_spmm.VEC"), 4);
    assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), 1);
    c = choose(2560, 1024, 19, 1);
    assert_string_equal(c.rule, "gather-tall");
    assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), 2);
    assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), 1);
}

/* fp16 from N = 33 (below one tile a CU): VEC 4 at every N, with twice the KSPLIT VEC 2 takes.
 * 1024 x 2048 at N = 34: VEC 2 is 17 vectors, COLS 32, 3072 x 132 / (1024 x 32) = 12.4 -> 16,
 * doubled 32, at most 256 / 16 (VEC 4: 9 vectors, COLS 16) = 16. 3328 x 1664 at N = 37: 19
 * vectors, COLS 32, 405504 / (3328 x 32) = 3.8 -> 4, doubled 8; VEC 4: 10 vectors, COLS 16. */
static void test_fp16_vec4(void **state)
{
    (void)state;
    static const int cases[][5] = {{1024, 2048, 34, 16, 16}, {3328, 1664, 37, 8, 16},
                                   {3328, 1664, 36, 8, 16}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sb_nm_auto_choice c = choose(cases[i][0], cases[i][1], cases[i][2], 0);
        assert_string_equal(c.rule, "gather");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.VEC"), 4);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.KSPLIT"), cases[i][3]);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), cases[i][4]);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.UNROLL"), 2);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), cases[i][2] % 4 ? 1 : -1);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), -1); /* VEC 4: no LANE */
    }
}

/* fp16, VEC 2 at N = 5-32: COLS 3 at N = 5 and 6 (three column vectors; fp32 keeps its power of
 * two), from N = 7 the vectors exactly where more than a quarter of the power of two would idle
 * (N = 9-10, 17-22), LANE 1 on the chunked gather; none below N = 5 (N = 3: SHIFT only). */
static void test_fp16_cols_lane(void **state)
{
    (void)state;
    for (int N = 1; N <= 32; N++) {
        sb_nm_auto_choice c = choose(3328, 1664, N, 0);
        const int single = N == 2 || N == 4;
        assert_string_equal(c.rule, single ? "gather-single" : N >= 7 && N <= 8 ? "gather-narrow"
                                                                                 : "gather");
        if (N == 7) /* VEC 4: test_fp16_narrow_vec4 */
            continue;
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), N >= 5 ? 1 : -1);
        int vec = N == 1 ? 1 : 2, vecs = (N + vec - 1) / vec, pow2 = 1;
        while (pow2 < vecs)
            pow2 *= 2;
        assert_int_equal(sb_auto_param(&c, "nm_spmm.VEC"), vec);
        /* from N = 7, more than a quarter of the power of two idle: the vectors exactly (KSPLIT:
         * test_fp16_exact_cols) */
        const int exact = N >= 7 && 4 * vecs < 3 * pow2;
        assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"),
                         exact || (N >= 5 && N <= 6) ? vecs : pow2);
        sb_nm_auto_choice f = choose(3328, 1664, N, 1);
        if (sb_auto_param(&f, "nm_spmm.VEC") == 2 && (N == 5 || N == 6))
            assert_int_equal(sb_auto_param(&f, "nm_spmm.COLS"), 4);
    }
}

/* fp16 from N = 7 where more than a quarter of COLS (the power of two) would idle: COLS exactly
 * the column vectors and KSPLIT doubled where the work-group stays within 256 and the row has
 * the chunks. 2304 x 768 at N = 18: 9 vectors of 16, 405504 / (2304 x 16) = 11 -> 8, doubled 16
 * (144 items); 1920 x 1280 at N = 9: 5 of 8, 405504 / (1920 x 8) = 26.4 -> 32, 64 x 5 > 256:
 * KSPLIT kept, COLS 5; 256 x 128 at N = 18: 99 -> 64, at most 64 kept values / (4 x 2) = 8, so
 * doubling stops there; at N = 16 (8 of 8) nothing changes. A quarter or less idle: nothing
 * changes, whether KSPLIT could double or not: 1408 x 704 at N = 25 (13 of 16) and 1664 x 960 at
 * N = 11 (6 of 8) keep COLS 16 / 8 at KSPLIT 16 / 32; 3712 x 640 at N = 30 (15 of 16) keeps COLS
 * 16 at KSPLIT 8 (16 x 15 <= 256 would have doubled). 1408 x 704 at N = 20 (10 of 16): COLS 10. */
static void test_fp16_exact_cols(void **state)
{
    (void)state;
    static const int cases[][5] = {{2304, 768, 18, 9, 16}, {1920, 1280, 9, 5, 32},
                                   {256, 128, 18, 9, 8}, {2304, 768, 16, 8, 16},
                                   {1408, 704, 25, 16, 16}, {1408, 704, 20, 10, 16},
                                   {1664, 960, 11, 8, 32},  {1152, 576, 9, 5, 32},
                                   {3712, 640, 30, 16, 8}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sb_nm_auto_choice c = choose(cases[i][0], cases[i][1], cases[i][2], 0);
        assert_string_equal(c.rule, "gather");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), cases[i][3]);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.KSPLIT"), cases[i][4]);
        c = choose(cases[i][0], cases[i][1], cases[i][2], 1); /* fp32: the power of two */
        int vecs = (cases[i][2] + 1) / 2, pow2 = 1;
        while (pow2 < vecs)
            pow2 *= 2;
        if (sb_auto_param(&c, "nm_spmm.VEC") == 2)
            assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), pow2);
    }
}

/* narrow's single kept values at fp16 (N = 8): LANE 1 from 12 rows a compute unit, 1584 rows on
 * 132 (lost at 1024 rows, 7.8 a CU; won at 1792, 13.6, and from 2560, 19.4) */
static void test_fp16_narrow_lane(void **state)
{
    (void)state;
    static const int rows[][2] = {{1024, -1}, {1583, -1}, {1584, 1}, {2111, 1}, {4096, 1}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sb_nm_auto_choice c = choose(rows[i][0], 4096, 8, 0);
        assert_string_equal(c.rule, "gather-narrow");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.CHUNK"), 1);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), rows[i][1]);
        c = choose(rows[i][0], 4096, 8, 1); /* fp32 narrow: no LANE */
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), -1);
    }
}

/* fp16 at N = 7 on A of 2^21 positions and more: narrow's fp32 form (VEC 4, COLS 2, single kept
 * values, KSPLIT 32, UNROLL 4, shifted, no LANE), as fp32 picks it; below 2^21 (1024 x 2047) and
 * at N = 5 (narrow's other VEC 4 form, not measured at fp16) the plain gather in VEC 2. */
static void test_fp16_narrow_vec4(void **state)
{
    (void)state;
    static const int shapes[][3] = {{2816, 1408, 1}, {1152, 2560, 1}, {1024, 2048, 1},
                                    {1024, 2047, 0}, {6400, 896, 1}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        sb_nm_auto_choice h = choose(shapes[i][0], shapes[i][1], 7, 0);
        const int narrow = shapes[i][2];
        assert_string_equal(h.rule, narrow ? "gather-narrow" : "gather");
        assert_int_equal(sb_auto_param(&h, "nm_spmm.VEC"), narrow ? 4 : 2);
        assert_int_equal(sb_auto_param(&h, "nm_spmm.SHIFT"), 1);
        if (narrow) {
            assert_int_equal(sb_auto_param(&h, "nm_spmm.COLS"), 2);
            assert_int_equal(sb_auto_param(&h, "nm_spmm.CHUNK"), 1);
            assert_int_equal(sb_auto_param(&h, "nm_spmm.KSPLIT"), 32);
            assert_int_equal(sb_auto_param(&h, "nm_spmm.UNROLL"), 4);
            assert_int_equal(sb_auto_param(&h, "nm_spmm.LANE"), -1);
        }
        h = choose(shapes[i][0], shapes[i][1], 5, 0);
        assert_string_equal(h.rule, "gather");
        assert_int_equal(sb_auto_param(&h, "nm_spmm.VEC"), 2);
    }
}

/* nm_tile needs chunks of whole groups (BK 16 raised for m): 2:3, 2:5, 3:6, 4:12 never fit one,
 * so where 2:4 and 1:8 tile (fp32 N = 256, fp16 N = 1024 at 4096 x 3072) they keep the gather */
static void test_tile_whole_groups(void **state)
{
    (void)state;
    static const int nm[][3] = {{2, 4, 1}, {1, 8, 1}, {4, 16, 1}, {2, 3, 0}, {2, 5, 0}, {3, 6, 0},
                                {4, 12, 0}};
    for (size_t i = 0; i < sizeof nm / sizeof nm[0]; i++)
        for (int fp32 = 0; fp32 < 2; fp32++) {
            sb_nm_auto_features f = {.M = 4096, .K = 3072 / nm[i][1] * nm[i][1],
                                     .N = fp32 ? 256 : 1024, .n = nm[i][0], .m = nm[i][1],
                                     .gpu = 1, .fp32 = fp32, .mma = 1, .compute_units = UNITS};
            sb_nm_auto_choice c;
            sb_nm_auto_choose(&f, &c);
            assert_string_equal(c.kernel, nm[i][2] ? "nm_tile" : "nm");
        }
}

/* sb_auto_set on a key the choice holds replaces its value; a new key is added */
static void test_auto_set_replaces(void **state)
{
    (void)state;
    sb_auto_choice c;
    sb_auto_pick(&c, "r", "nm");
    sb_auto_set(&c, "nm_spmm.COLS", 4);
    sb_auto_set(&c, "nm_spmm.VEC", 2);
    sb_auto_set(&c, "nm_spmm.COLS", 3);
    assert_int_equal(c.n_params, 2);
    assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), 3);
    assert_int_equal(sb_auto_param(&c, "nm_spmm.VEC"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shift),
        cmocka_unit_test(test_fp16_vec4),
        cmocka_unit_test(test_fp16_cols_lane),
        cmocka_unit_test(test_fp16_exact_cols),
        cmocka_unit_test(test_fp16_narrow_lane),
        cmocka_unit_test(test_fp16_narrow_vec4),
        cmocka_unit_test(test_tile_whole_groups),
        cmocka_unit_test(test_auto_set_replaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
