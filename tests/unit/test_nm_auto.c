/* nm's model (include/sb_nm_auto.h) on crafted shapes: each choice checked against the rule the
 * model's comment states, with the numbers (work-items per compute unit, caps) worked out here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "sb_nm_auto.h"

#define H200_UNITS 132

static sb_nm_auto_choice choose(int M, int K, int N, int fp32)
{
    sb_nm_auto_features f = {.M = M, .K = K, .N = N, .n = 2, .m = 4, .gpu = 1, .fp32 = fp32,
                             .mma = 1, .compute_units = H200_UNITS};
    sb_nm_auto_choice c;
    sb_nm_auto_choose(&f, &c);
    return c;
}

/* A gather choice of this rule with these parameters (CHUNK is always 4), in_flight values of B
 * loaded ahead (UNROLL x CHUNK x VEC). */
static void assert_rule_in_flight(const sb_nm_auto_choice *c, const char *rule, int vec,
                                  int ksplit, int cols, int unroll, int in_flight)
{
    assert_string_equal(c->rule, rule);
    assert_string_equal(c->kernel, "nm");
    assert_int_equal(sb_auto_param(c, "nm_spmm.VEC"), vec);
    assert_int_equal(sb_auto_param(c, "nm_spmm.KSPLIT"), ksplit);
    assert_int_equal(sb_auto_param(c, "nm_spmm.COLS"), cols);
    assert_int_equal(sb_auto_param(c, "nm_spmm.UNROLL"), unroll);
    assert_int_equal(sb_auto_param(c, "nm_spmm.CHUNK"), 4);
    int tall = strcmp(rule, "gather-tall") == 0;
    assert_int_equal(unroll * 4 * vec, in_flight);
    assert_true(tall ? ksplit * cols == 32 : ksplit * cols <= 256); /* the work-group */
    /* the GPU keeps the kernel's one accumulator (ACCS is the CPU rule's) */
    assert_int_equal(sb_auto_param(c, "nm_spmm.ACCS"), -1);
    /* LANE only in the gather (at fp32) and the tall gather at COLS 16 (LANE 2): test_lane */
    if (strcmp(rule, "gather") != 0)
        assert_int_equal(sb_auto_param(c, "nm_spmm.LANE"), tall && cols == 16 ? 2 : -1);
}

/* At fp32: 16 floats of B in flight (32 in the tall gather, whose rows get a warp). */
static void assert_rule(const sb_nm_auto_choice *c, const char *rule, int vec, int ksplit,
                        int cols, int unroll)
{
    assert_rule_in_flight(c, rule, vec, ksplit, cols, unroll,
                          strcmp(rule, "gather-tall") == 0 ? 32 : 16);
}

/* The gather at fp16 from N = 33 where 4 divides N: VEC 4 halves, 32 halves in flight (fp32's
 * 16 floats' bytes), no LANE (measured at fp32 only). */
static void assert_gather_fp16(const sb_nm_auto_choice *c, int ksplit, int cols)
{
    assert_rule_in_flight(c, "gather", 4, ksplit, cols, 2, 32);
    assert_int_equal(sb_auto_param(c, "nm_spmm.LANE"), -1);
}

static void assert_gather(const sb_nm_auto_choice *c, int vec, int ksplit, int cols, int unroll)
{
    assert_rule(c, "gather", vec, ksplit, cols, unroll);
}

/* Not a GPU: the CPU's gather at every N (never the tile), a row per work-item, B in vectors of
 * the native width fitted to N; from N = 32 on VPT vectors a work-item, the most up to 4 whose
 * VPT x VEC divides N, with two accumulators each where VPT > 1, else four; COLS the work-items
 * covering N (VPT x VEC columns each, at most 32). Where that leaves a ragged vector (N not a
 * multiple of VEC) or VPT 1 from N = 32 on, the cover rule (nm10): the fewest work-items at up to
 * 4 vectors each, then the fewest vectors (VPT 3 too), VEC 16 halved to 8 where one work-item
 * then covers N in fewer columns (N = 17-24), SHIFT 1 where VEC x VPT does not divide N. */
static void test_not_a_gpu(void **state)
{
    (void)state;
    const struct {
        int N, vec_width, vec, cols, vpt, accs, shift;
    } want[] = {{1, 16, 1, 1, 1, 4, 0},     {16, 16, 16, 1, 1, 4, 0},  {64, 16, 16, 1, 4, 2, 0},
                {64, 8, 8, 2, 4, 2, 0},     {1024, 16, 16, 16, 4, 2, 0}, {8, 16, 8, 1, 1, 4, 0},
                {64, 0, 1, 16, 4, 2, 0},    {32, 16, 16, 1, 2, 2, 0},  {96, 16, 16, 4, 2, 2, 0},
                {128, 16, 16, 2, 4, 2, 0},  {48, 16, 16, 1, 3, 2, 0},  {24, 16, 8, 1, 3, 2, 0},
                {16, 8, 8, 2, 1, 4, 0},     {160, 16, 16, 8, 2, 2, 0}, {20, 16, 8, 1, 3, 2, 1},
                {18, 16, 8, 1, 3, 2, 1},    {28, 16, 16, 1, 2, 2, 1},  {3, 16, 2, 1, 2, 2, 1},
                {12, 16, 8, 1, 2, 2, 1},    {40, 16, 16, 1, 3, 2, 1},  {52, 16, 16, 1, 4, 2, 1},
                {80, 16, 16, 2, 3, 2, 1},   {100, 16, 16, 2, 4, 2, 1}, {12, 8, 8, 1, 2, 2, 1},
                {40, 8, 8, 1, 5, 2, 0},     {144, 16, 16, 4, 3, 2, 0}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sb_nm_auto_features f = {.M = 4096, .K = 4096, .N = want[i].N, .n = 2, .m = 4, .gpu = 0,
                                 .fp32 = 1, .vec_width = want[i].vec_width, .compute_units = 2};
        sb_nm_auto_choice c;
        sb_nm_auto_choose(&f, &c);
        assert_string_equal(c.rule, "cpu-gather");
        assert_string_equal(c.kernel, "nm");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.VEC"), want[i].vec);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), want[i].cols);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.KSPLIT"), 1);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.CHUNK"), 4);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.UNROLL"), 4);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.ACCS"), want[i].accs);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.VPT"), want[i].vpt);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), want[i].shift);
    }
}

/* Width 8 (AVX2, rs12): from N = 32 up to VPT 6 where that takes fewer work-items (COLS). */
static void test_narrow_native_width(void **state)
{
    (void)state;
    const struct { int N, cols, vpt, shift, padb; } want[] = {
        {48, 1, 6, 0, -1}, {80, 2, 5, 0, -1}, {96, 2, 6, 0, -1}, {160, 4, 5, 0, -1},
        {40, 1, 5, 0, -1}, {36, 1, 5, 1, 1}, {34, 1, 5, 1, 1}, {64, 2, 4, 0, -1},
        {128, 4, 4, 0, -1}, {56, 2, 4, 1, 1}, {1024, 32, 4, 0, -1}, {32, 1, 4, 0, -1},
        {30, 1, 4, 1, 1}, {24, 4, 1, 0, -1}};
    sb_nm_auto_choice c;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sb_nm_auto_features f = {.M = 2048, .K = 512, .N = want[i].N, .n = 2, .m = 4, .gpu = 0,
                                 .fp32 = 1, .vec_width = 8, .compute_units = 2};
        sb_nm_auto_choose(&f, &c);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.VEC"), 8);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), want[i].cols);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.VPT"), want[i].vpt);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.SHIFT"), want[i].shift);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.PADB"), want[i].padb);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.ACCS"), want[i].vpt > 1 ? 2 : 4);
    }
    sb_nm_auto_features g = {.M = 2048, .K = 512, .n = 2, .m = 4, .gpu = 0, .fp32 = 1,
                             .vec_width = 16, .compute_units = 2};
    for (g.N = 1; g.N <= 512; g.N++) { /* width 16: never above VPT 4 */
        sb_nm_auto_choose(&g, &c);
        assert_true(sb_auto_param(&c, "nm_spmm.VPT") <= 4);
    }
}

/* Two choices alike: the same rule, kernel and parameters in the same order. */
static void assert_same_choice(const sb_nm_auto_choice *a, const sb_nm_auto_choice *b)
{
    assert_string_equal(a->rule, b->rule);
    assert_string_equal(a->kernel, b->kernel);
    assert_int_equal(a->n_params, b->n_params);
    for (int i = 0; i < a->n_params; i++) {
        assert_string_equal(a->params[i].key, b->params[i].key);
        assert_int_equal(a->params[i].value, b->params[i].value);
    }
}

/* Intel's CPU runtime (intel_rt), nm11: at N = 1 the CPU's gather runs RX 16 rows a work-group
 * with single kept values (CHUNK 1), the rest as on PoCL (VEC 1, KSPLIT 1, COLS 1, UNROLL 4,
 * ACCS 4, VPT 1, SHIFT 0); PoCL (intel_rt 0) keeps RX unset (the kernel's 1) and CHUNK 4; at
 * every other N, and on a GPU, intel_rt changes nothing. */
static void test_intel_rt(void **state)
{
    (void)state;
    const int shapes[][2] = {{512, 512}, {2048, 512}, {512, 2048}, {6144, 1024}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        sb_nm_auto_features f = {.M = shapes[s][0], .K = shapes[s][1], .N = 1, .n = 2, .m = 4,
                                 .gpu = 0, .fp32 = 1, .vec_width = 16, .compute_units = 2,
                                 .intel_rt = 1};
        sb_nm_auto_choice intel, pocl;
        sb_nm_auto_choose(&f, &intel);
        f.intel_rt = 0;
        sb_nm_auto_choose(&f, &pocl);
        assert_string_equal(intel.rule, "cpu-gather");
        assert_int_equal(sb_auto_param(&intel, "nm_spmm.RX"), 16);
        assert_int_equal(sb_auto_param(&intel, "nm_spmm.CHUNK"), 1);
        assert_int_equal(sb_auto_param(&pocl, "nm_spmm.RX"), -1);
        assert_int_equal(sb_auto_param(&pocl, "nm_spmm.CHUNK"), 4);
        static const char *const same[] = {"nm_spmm.VEC",  "nm_spmm.KSPLIT", "nm_spmm.COLS",
                                           "nm_spmm.UNROLL", "nm_spmm.ACCS", "nm_spmm.VPT",
                                           "nm_spmm.SHIFT"};
        static const int want[] = {1, 1, 1, 4, 4, 1, 0};
        for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
            assert_int_equal(sb_auto_param(&intel, same[i]), want[i]);
            assert_int_equal(sb_auto_param(&pocl, same[i]), want[i]);
        }
    }
    const int ns[] = {2, 3, 5, 16, 30, 48, 64, 256};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (int gpu = 0; gpu <= 1; gpu++) {
            sb_nm_auto_features f = {.M = 2048, .K = 512, .N = ns[i], .n = 2, .m = 4,
                                     .gpu = gpu, .fp32 = 1, .vec_width = 16,
                                     .compute_units = gpu ? H200_UNITS : 2, .intel_rt = 1};
            sb_nm_auto_choice a, b;
            sb_nm_auto_choose(&f, &a);
            f.intel_rt = 0;
            sb_nm_auto_choose(&f, &b);
            assert_same_choice(&a, &b);
            assert_int_equal(sb_auto_param(&a, "nm_spmm.RX"), -1);
        }
    /* a GPU at N = 1 (the host never sets intel_rt there): the gather as without it */
    sb_nm_auto_features g = {.M = 512, .K = 512, .N = 1, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
                             .mma = 1, .compute_units = H200_UNITS, .intel_rt = 1};
    sb_nm_auto_choice a, b;
    sb_nm_auto_choose(&g, &a);
    g.intel_rt = 0;
    sb_nm_auto_choose(&g, &b);
    assert_same_choice(&a, &b);
}

/* PADB (nm11): where the cover rule shifts (SHIFT 1) and N > 16 is not a multiple of 16, B is
 * copied into rows of whole vectors first; not where N <= 16 (small, measured a loss), not where
 * N is whole 64-byte lines (80: shifted but its rows whole lines), not where nothing is shifted;
 * the rest of the choice as without it. */
static void test_padb(void **state)
{
    (void)state;
    const struct {
        int N, vec_width, padb;
    } want[] = {{18, 16, 1},  {20, 16, 1}, {22, 16, 1},  {26, 16, 1}, {30, 16, 1}, {31, 16, 1},
                {34, 16, 1},  {45, 16, 1}, {60, 16, 1},  {70, 16, 1}, {100, 16, 1}, {36, 8, 1},
                {3, 16, -1},  {5, 16, -1}, {11, 16, -1}, {12, 16, -1}, {12, 8, -1}, {80, 16, -1},
                {112, 16, -1}, {24, 16, -1}, {32, 16, -1}, {48, 16, -1}, {64, 16, -1},
                {1, 16, -1},  {16, 16, -1}, {17, 16, 1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sb_nm_auto_features f = {.M = 2048, .K = 512, .N = want[i].N, .n = 2, .m = 4, .gpu = 0,
                                 .fp32 = 1, .vec_width = want[i].vec_width, .compute_units = 2};
        sb_nm_auto_choice c;
        sb_nm_auto_choose(&f, &c);
        assert_string_equal(c.rule, "cpu-gather");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.PADB"), want[i].padb);
        if (want[i].padb == 1) /* only on the shifted cover of more than one vector */
            assert_true(sb_auto_param(&c, "nm_spmm.SHIFT") == 1 &&
                        sb_auto_param(&c, "nm_spmm.VPT") > 1);
        /* the GPU never: the same shape on the H200 */
        f.gpu = 1;
        f.mma = 1;
        f.compute_units = H200_UNITS;
        sb_nm_auto_choose(&f, &c);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.PADB"), -1);
    }
}

/* N = 1: one float per load, four chunks ahead; KSPLIT from 3072 x 132 = 405504 work-items over
 * M rows, capped at the chunks a row has / UNROLL. */
static void test_n1(void **state)
{
    (void)state;
    sb_nm_auto_choice c = choose(512, 512, 1, 1); /* want 792, cap 256 kept / 16 = 16 */
    assert_gather(&c, 1, 16, 1, 4);
    c = choose(1024, 4096, 1, 1); /* want 396 -> 512 (nearest in log2), cap 2048 / 16 = 128 */
    assert_gather(&c, 1, 128, 1, 4);
    c = choose(4096, 1024, 1, 1); /* want 99 -> 128, cap 512 / 16 = 32 */
    assert_gather(&c, 1, 32, 1, 4);
    c = choose(4096, 4096, 1, 1); /* want 99 -> 128, cap 128 */
    assert_gather(&c, 1, 128, 1, 4);
}

/* N = 16: VEC 2, 8 column vectors, two chunks ahead; KSPLIT from 405504 / (M x 8), at most
 * 256 / 8 = 32; tall (M x 256 > 405504, M > 1584): a warp a row, KSPLIT 32 / 8 = 4, four chunks
 * ahead. */
static void test_n16(void **state)
{
    (void)state;
    sb_nm_auto_choice c = choose(1024, 1024, 16, 1); /* want 49.5 -> 64, cap 32 */
    assert_gather(&c, 2, 32, 8, 2);
    c = choose(1536, 6144, 16, 1); /* 1536 x 256 = 393216, not over 405504: want 33 -> 32 */
    assert_gather(&c, 2, 32, 8, 2);
    c = choose(4096, 4096, 16, 1); /* tall (want 12.4 -> 16 lost to 4: 0.938 vs 1.003 csr_auto) */
    assert_rule(&c, "gather-tall", 2, 4, 8, 4);
    c = choose(1600, 768, 16, 1); /* 1600 x 256 = 409600: just tall */
    assert_rule(&c, "gather-tall", 2, 4, 8, 4);
    /* tall at N = 3 in single floats (VEC 1: 4 column vectors, KSPLIT 8), eight chunks ahead
     * (N = 2 and 4 take gather-single, test_single); N = 5 below gather-narrow's 2^21 positions
     * (VEC 2, 3 column vectors: COLS 4, KSPLIT 8) and N = 32 (16: KSPLIT 2) where the tile does
     * not take it (A under 3 x 2^20 positions); fp16 (tall measured at fp32 only) keeps the
     * 3072-per-CU KSPLIT, from N = 33 with VEC 4 and UNROLL 2 where 4 divides N and twice VEC 2's
     * KSPLIT (N = 40: COLS 16; VEC 2's 20 column vectors, COLS 32, 405504 / (4096 x 32) = 3.1 ->
     * 4, so 8), else VEC 2 (N = 42: 21 column vectors, COLS 32, 3.1 -> 4; N = 16: 8, 16) */
    c = choose(4096, 1024, 3, 1);
    assert_rule(&c, "gather-tall", 1, 8, 4, 8);
    c = choose(2048, 512, 5, 1); /* 2^20 positions */
    assert_rule(&c, "gather-tall", 2, 8, 4, 4);
    c = choose(3072, 768, 32, 1);
    assert_rule(&c, "gather-tall", 2, 2, 16, 4);
    c = choose(4096, 1024, 16, 1);
    assert_rule(&c, "gather-tall", 2, 4, 8, 4);
    c = choose(4096, 1024, 40, 0);
    assert_gather_fp16(&c, 8, 16);
    c = choose(4096, 1024, 42, 0); /* VEC 4 where 4 does not divide N too: shifted (rs13) */
    assert_gather_fp16(&c, 8, 16);
    c = choose(4096, 1024, 16, 0);
    assert_gather(&c, 2, 16, 8, 2);
}

/* A gather-single choice: VEC 2, CHUNK 1, UNROLL 8, this KSPLIT and COLS. */
static void assert_single(const sb_nm_auto_choice *c, int ksplit, int cols)
{
    assert_string_equal(c->rule, "gather-single");
    assert_string_equal(c->kernel, "nm");
    assert_int_equal(sb_auto_param(c, "nm_spmm.VEC"), 2);
    assert_int_equal(sb_auto_param(c, "nm_spmm.CHUNK"), 1);
    assert_int_equal(sb_auto_param(c, "nm_spmm.UNROLL"), 8);
    assert_int_equal(sb_auto_param(c, "nm_spmm.KSPLIT"), ksplit);
    assert_int_equal(sb_auto_param(c, "nm_spmm.COLS"), cols);
    assert_int_equal(sb_auto_param(c, "nm_spmm.ACCS"), -1);
}

/* N = 2 and 4 at fp32, short or tall: single kept values, KSPLIT 32 (at most kept / 8), 16 on
 * tall A at N = 4 (M x 256 > 405504); N = 3 (odd) is not, nor is fp16 */
static void test_single(void **state)
{
    (void)state;
    sb_nm_auto_choice c = choose(4096, 1024, 2, 1);
    assert_single(&c, 32, 1);
    c = choose(4096, 1024, 4, 1);
    assert_single(&c, 16, 2);
    c = choose(1600, 768, 4, 1); /* just tall */
    assert_single(&c, 16, 2);
    c = choose(1584, 4096, 4, 1); /* 1584 x 256 = 405504: not tall */
    assert_single(&c, 32, 2);
    c = choose(1024, 1024, 4, 1);
    assert_single(&c, 32, 2);
    c = choose(512, 128, 4, 1); /* 64 kept: 64 / 8 = 8 */
    assert_single(&c, 8, 2);
    c = choose(1024, 1024, 3, 1); /* VEC 2 (2 column vectors), 405504 / (1024 x 2) = 198 -> 256,
                                     cap 512 kept / 8 = 64 */
    assert_gather(&c, 2, 64, 2, 2);
    c = choose(1024, 1024, 4, 0); /* fp16 too (test_fp16_single) */
    assert_single(&c, 32, 2);
}

/* A gather-narrow choice with these parameters (never more than one accumulator). */
static void assert_narrow(const sb_nm_auto_choice *c, int vec, int chunk, int ksplit, int cols,
                          int unroll)
{
    assert_string_equal(c->rule, "gather-narrow");
    assert_string_equal(c->kernel, "nm");
    assert_int_equal(sb_auto_param(c, "nm_spmm.VEC"), vec);
    assert_int_equal(sb_auto_param(c, "nm_spmm.CHUNK"), chunk);
    assert_int_equal(sb_auto_param(c, "nm_spmm.KSPLIT"), ksplit);
    assert_int_equal(sb_auto_param(c, "nm_spmm.COLS"), cols);
    assert_int_equal(sb_auto_param(c, "nm_spmm.UNROLL"), unroll);
    assert_int_equal(sb_auto_param(c, "nm_spmm.ACCS"), -1);
}

/* N = 5-8 at fp32 on A of 2^21 positions and more, short or tall: odd N in 4-float vectors
 * (COLS 2: one whole and one partial), KSPLIT 32, UNROLL 4; N = 6 in pairs of kept values
 * (CHUNK 2), KSPLIT 8; N = 8 single kept values, KSPLIT 16, UNROLL 8; each KSPLIT at most
 * kept / (CHUNK x UNROLL). At fp16 N = 8 only (test_fp16_single). Below 2^21 positions and at
 * N = 4 or 9, not. */
static void test_narrow(void **state)
{
    (void)state;
    sb_nm_auto_choice c = choose(4096, 1024, 5, 1);
    assert_narrow(&c, 4, 1, 32, 2, 4);
    c = choose(1024, 2048, 7, 1); /* 2^21 exactly, short */
    assert_narrow(&c, 4, 1, 32, 2, 4);
    c = choose(2048, 2048, 6, 1); /* 3 pairs of columns: COLS 4 */
    assert_narrow(&c, 2, 2, 8, 4, 4);
    c = choose(1408, 2816, 8, 1); /* short: KSPLIT 16 */
    assert_narrow(&c, 2, 1, 16, 4, 8);
    c = choose(3584, 1792, 8, 1); /* tall: 16 too */
    assert_narrow(&c, 2, 1, 16, 4, 8);
    c = choose(16384, 128, 8, 1); /* 64 kept a row: 64 / 8 = 8 */
    assert_narrow(&c, 2, 1, 8, 4, 8);
    c = choose(1024, 4096, 8, 1); /* 2048 kept, short */
    assert_narrow(&c, 2, 1, 16, 4, 8);
    c = choose(16384, 128, 5, 1); /* 64 / 4 = 16 */
    assert_narrow(&c, 4, 1, 16, 2, 4);
    c = choose(1024, 2047, 8, 1); /* just under 2^21 */
    assert_true(strcmp(c.rule, "gather-narrow") != 0);
    c = choose(4096, 1024, 8, 0);
    assert_narrow(&c, 2, 1, 16, 4, 8);
    c = choose(4096, 1024, 5, 0);
    assert_true(strcmp(c.rule, "gather-narrow") != 0);
    c = choose(4096, 1024, 9, 1);
    assert_true(strcmp(c.rule, "gather-narrow") != 0);
    c = choose(4096, 1024, 4, 1);
    assert_string_equal(c.rule, "gather-single");
}

/* N >= 33 (or 17 on a large A): the tile where its work-groups fill half the GPU, on CUDA cores
 * below N = 1024 and on tensor cores from 1024 on; the gather where the tiles are few. */
static void test_tile_or_gather(void **state)
{
    (void)state;
    /* 4096 x 1024 at N = 256: 64 x 4 = 256 tiles before any split, 2 x 256 >= 132 */
    sb_nm_auto_choice c = choose(4096, 1024, 256, 1);
    assert_string_equal(c.rule, "tile");
    assert_string_equal(c.kernel, "nm_tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    assert_int_equal(sb_auto_param(&c, "nm_tile.BM"), 64);
    assert_int_equal(sb_auto_param(&c, "nm_tile.BN"), 64);
    assert_int_equal(sb_auto_param(&c, "nm_tile.BK"), 16);
    assert_int_equal(sb_auto_param(&c, "nm_tile.SPLITK"), 0);
    /* 1024 x 1024 at N = 64: 16 tiles, K split 8 ways (8 chunks of 16 each): 128 groups, at
     * least one per two CUs but fewer than one per CU */
    c = choose(1024, 1024, 64, 1);
    assert_string_equal(c.rule, "tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    c = choose(4096, 1024, 512, 1);
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    c = choose(4096, 1024, 1024, 1);
    assert_string_equal(c.rule, "tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 1);
    /* a GPU without NVIDIA's tensor cores keeps the CUDA-core tile at N = 1024 */
    sb_nm_auto_features f = {.M = 4096, .K = 1024, .N = 1024, .n = 2, .m = 4, .gpu = 1,
                             .fp32 = 1, .mma = 0, .compute_units = H200_UNITS};
    sb_nm_auto_choose(&f, &c);
    assert_string_equal(c.rule, "tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    /* from N = 33 the tile wherever its groups fill half the GPU; from N = 17 only where A has
     * 3 x 2^20 positions or more (4096 x 1024 = 4.2 M: the tile at N = 17 and 32; 1024 x 2048 =
     * 2.1 M: the gather at N = 32, the tile at N = 33); below N = 17 never (test_n16) */
    c = choose(4096, 1024, 63, 1);
    assert_string_equal(c.rule, "tile");
    c = choose(4096, 1024, 33, 1);
    assert_string_equal(c.rule, "tile");
    c = choose(4096, 1024, 32, 1);
    assert_string_equal(c.rule, "tile");
    c = choose(4096, 1024, 17, 1);
    assert_string_equal(c.rule, "tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    /* short A (M <= 1584) of 1.5 x 2^20 to 3 x 2^20 positions at N = 17-32: the 32-row tile with
     * two columns a work-item ("tile-short"); under 1.5 x 2^20 and at N <= 16 the gather */
    c = choose(1024, 2048, 32, 1);
    assert_string_equal(c.rule, "tile-short");
    assert_string_equal(c.kernel, "nm_tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.BM"), 32);
    assert_int_equal(sb_auto_param(&c, "nm_tile.BN"), 64);
    assert_int_equal(sb_auto_param(&c, "nm_tile.TM"), 4);
    assert_int_equal(sb_auto_param(&c, "nm_tile.TN"), 2);
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    c = choose(768, 2048, 17, 1); /* 1.5 x 2^20 exactly */
    assert_string_equal(c.rule, "tile-short");
    c = choose(1024, 1024, 32, 1); /* 405504 / (1024 x 16) = 24.75 -> 32, cap 256 / 16 = 16 */
    assert_gather(&c, 2, 16, 16, 2);
    c = choose(1024, 2048, 16, 1);
    assert_gather(&c, 2, 32, 8, 2);
    c = choose(1024, 2048, 32, 0); /* fp16, N < 33: no nm_tile, VEC 2 */
    assert_gather(&c, 2, 16, 16, 2);
    c = choose(1024, 2048, 36, 0); /* fp16, 16 tiles: the gather, VEC 4 from N = 33 where 4
                                      divides N (COLS 16; VEC 2's KSPLIT 16 doubled, capped at
                                      256 / 16 = 16) */
    assert_gather_fp16(&c, 16, 16);
    /* VEC 4 takes twice VEC 2's KSPLIT (the same work-items): 1280^2 at N = 136, VEC 2 68
     * vectors in 3 groups of 32, 405504 / (1280 x 96) = 3.3 -> 4, so 8 (VEC 4 alone: 34 vectors
     * in 2 groups, 4.95 -> 4); 2048^2 at N = 172, 2 -> 4; 768x6144 at N = 76, 8 -> 16, capped at
     * 256 / COLS 32 = 8 */
    c = choose(1280, 1280, 136, 0);
    assert_gather_fp16(&c, 8, 32);
    c = choose(2048, 2048, 172, 0); /* 32 x 3 = 96 tiles */
    assert_gather_fp16(&c, 4, 32);
    c = choose(768, 6144, 76, 0);
    assert_gather_fp16(&c, 8, 32);
    c = choose(1024, 2048, 33, 1); /* 16 tiles, K split 16 ways: 256 groups */
    assert_string_equal(c.rule, "tile");
    c = choose(512, 512, 40, 1); /* 8 tiles, split at most 4 ways: 32 groups, under 66; the
                                    gather: 20 column vectors, COLS 32, 24.75 -> 32, cap 8 */
    assert_gather(&c, 2, 8, 32, 2);
    /* 512 x 512 at N = 64: 8 tiles, K split at most 512 / (8 x 16) = 4 ways: 32 groups, under
     * 66; the gather: 32 column vectors, want 24.75 -> 32, cap 256 / 32 = 8 */
    c = choose(512, 512, 64, 1);
    assert_gather(&c, 2, 8, 32, 2);
    /* fp16: nm_tile without split K, where its 64 x 64 tiles are 3/4 per CU or more (99 of 132);
     * here 49 x 2 = 98, so the gather even where fp32 would tile (VEC 4: 32 column vectors, COLS
     * 32; VEC 2's 64 in 2 groups, 405504 / (3136 x 64) = 2.02 -> 2, so 4) */
    c = choose(3136, 1024, 128, 0);
    assert_gather_fp16(&c, 4, 32);
    c = choose(3137, 1024, 128, 0); /* 50 x 2 = 100 tiles */
    assert_string_equal(c.rule, "tile-fp16");
    assert_string_equal(c.kernel, "nm_tile");
    assert_int_equal(sb_auto_param(&c, "nm_tile.SPLITK"), 1);
    assert_int_equal(sb_auto_param(&c, "nm_tile.BM"), 64);
    assert_int_equal(sb_auto_param(&c, "nm_tile.BN"), 64);
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 0);
    c = choose(1024, 4096, 1024, 0); /* 16 x 16 tiles; tensor cores from N = 1024 */
    assert_string_equal(c.rule, "tile-fp16");
    assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), 1);
    c = choose(1024, 4096, 256, 0); /* 16 x 4 = 64 tiles: the gather (g-nmtile: 0.84-0.91x) */
    assert_string_equal(c.rule, "gather");
    c = choose(16384, 1024, 32, 0); /* N < 33 */
    assert_string_equal(c.kernel, "nm");
}

/* LANE 1 in the gather at fp32 (short A at N = 10-52, the KSPLIT of 8-32 it was measured with)
 * and at fp16 to N = 32 (VEC 2; test_nm_edges.c), not in fp32's narrow, single or CPU gathers
 * (they lost with it as often as they won); LANE 2 in the tall gather at 16 column vectors. */
static void test_lane(void **state)
{
    (void)state;
    const int shapes[][3] = {{1024, 1024, 24}, {960, 960, 44}, {640, 1280, 10}, {704, 704, 52}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        sb_nm_auto_choice c = choose(shapes[i][0], shapes[i][1], shapes[i][2], 1);
        assert_string_equal(c.rule, "gather");
        assert_true(sb_auto_param(&c, "nm_spmm.KSPLIT") >= 8);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), 1);
        c = choose(shapes[i][0], shapes[i][1], shapes[i][2], 0);
        assert_string_equal(c.rule, "gather");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), shapes[i][2] <= 32 ? 1 : -1);
    }
    const int others[][3] = {{3584, 1792, 8}, {1024, 1024, 4}, {2304, 576, 16}, {2304, 576, 3}};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        sb_nm_auto_choice c = choose(others[i][0], others[i][1], others[i][2], 1);
        assert_true(strncmp(c.rule, "gather-", 7) == 0);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), -1);
    }
    /* the tall gather at 16 column vectors (N = 17-32: KSPLIT 2): LANE 2 */
    const int tall2[][3] = {{2304, 576, 24}, {2304, 576, 17}, {4096, 512, 32}, {1792, 1024, 18}};
    for (size_t i = 0; i < sizeof tall2 / sizeof tall2[0]; i++) {
        sb_nm_auto_choice c = choose(tall2[i][0], tall2[i][1], tall2[i][2], 1);
        assert_string_equal(c.rule, "gather-tall");
        assert_int_equal(sb_auto_param(&c, "nm_spmm.COLS"), 16);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.KSPLIT"), 2);
        assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), 2);
    }
    sb_nm_auto_features f = {.M = 1024, .K = 1024, .N = 24, .n = 2, .m = 4, .gpu = 0, .fp32 = 1,
                             .vec_width = 16, .compute_units = 2};
    sb_nm_auto_choice c;
    sb_nm_auto_choose(&f, &c);
    assert_string_equal(c.rule, "cpu-gather");
    assert_int_equal(sb_auto_param(&c, "nm_spmm.LANE"), -1);
}

/* fp16 takes fp32's rules with single kept values in VEC 2 loads (rs12): gather-single at N = 2
 * and 4 (KSPLIT 16 on tall A at N = 4) and gather-narrow at N = 8, the same rule and parameters
 * as fp32's on short, tall, small and large A; at N = 1, 3 and 5-7, and N = 8 under 2^21
 * positions, its own gather (not tall's, no LANE). */
static void test_fp16_single(void **state)
{
    (void)state;
    static const int shapes[][2] = {{1024, 1024}, {4096, 1024}, {512, 512}, {2048, 2048},
                                    {1024, 4096}, {3584, 1792}, {640, 640}};
    int single = 0, narrow = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int N = 1; N <= 8; N++) {
            sb_nm_auto_choice h = choose(shapes[s][0], shapes[s][1], N, 0);
            sb_nm_auto_choice f = choose(shapes[s][0], shapes[s][1], N, 1);
            if (N == 2 || N == 4 || (N >= 7 && strcmp(f.rule, "gather-narrow") == 0)) {
                single += N < 7; /* narrow at N = 7 in VEC 4 (rs14), at 8 LANE from 12 rows a CU */
                narrow += N >= 7;
                assert_string_equal(h.rule, f.rule);
                const int lane = N == 8 && shapes[s][0] >= 12 * H200_UNITS;
                assert_int_equal(sb_auto_param(&h, "nm_spmm.LANE"), lane ? 1 : -1);
                assert_int_equal(h.n_params, f.n_params + lane);
                for (int i = 0; i < f.n_params; i++) {
                    assert_string_equal(h.params[i].key, f.params[i].key);
                    assert_int_equal(h.params[i].value, f.params[i].value);
                }
                continue;
            }
            assert_string_equal(h.rule, "gather");
            assert_int_equal(sb_auto_param(&h, "nm_spmm.CHUNK"), 4);
            assert_int_equal(sb_auto_param(&h, "nm_spmm.LANE"), N >= 5 ? 1 : -1); /* rs13 */
        }
    assert_int_equal(single, 14);
    assert_int_equal(narrow, 8); /* the four shapes of 2^21 positions and more, N = 7 and 8 */
    sb_nm_auto_choice c = choose(4096, 1024, 4, 0); /* tall */
    assert_single(&c, 16, 2);
    c = choose(1600, 768, 4, 0); /* just tall */
    assert_single(&c, 16, 2);
    c = choose(1584, 4096, 2, 0); /* not tall; N = 2: one column vector */
    assert_single(&c, 32, 1);
}

/* Every choice the list for the kernel tests names is a choice the model makes, and the list
 * covers each rule and both engines of the tile. */
static void test_all_choices(void **state)
{
    (void)state;
    sb_nm_auto_choice all[32];
    int n = sb_nm_auto_all_choices(all, 32);
    assert_true(n > 0 && n <= 32);
    int gather = 0, tall = 0, single = 0, tshort = 0, simt = 0, mma = 0, cpu = 0, n1 = 0;
    int narrow = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(all[i].rule, "gather") == 0) {
            gather++;
            n1 += sb_auto_param(&all[i], "nm_spmm.VEC") == 1;
        } else if (strcmp(all[i].rule, "tile") == 0) {
            simt += sb_auto_param(&all[i], "nm_tile.MMA") == 0;
            mma += sb_auto_param(&all[i], "nm_tile.MMA") == 1;
        } else {
            tall += strcmp(all[i].rule, "gather-tall") == 0;
            tshort += strcmp(all[i].rule, "tile-short") == 0;
            single += strcmp(all[i].rule, "gather-single") == 0;
            narrow += strcmp(all[i].rule, "gather-narrow") == 0;
            cpu += strcmp(all[i].rule, "cpu-gather") == 0;
        }
    }
    assert_true(gather >= 4 && n1 >= 2 && tall == 3 && single == 2 && narrow == 5);
    assert_true(tshort == 1 && simt >= 1 && mma >= 1 && cpu == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_a_gpu),
        cmocka_unit_test(test_narrow_native_width),
        cmocka_unit_test(test_lane),
        cmocka_unit_test(test_intel_rt),
        cmocka_unit_test(test_padb),
        cmocka_unit_test(test_n1),
        cmocka_unit_test(test_n16),
        cmocka_unit_test(test_single),
        cmocka_unit_test(test_narrow),
        cmocka_unit_test(test_tile_or_gather),
        cmocka_unit_test(test_fp16_single),
        cmocka_unit_test(test_all_choices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
