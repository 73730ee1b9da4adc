/* csr_auto's model (include/sb_csr_auto.h) on crafted matrices: the statistics it reads, checked
 * against values computed here, and its choice, checked against the rule the model's comment
 * states for that kind of matrix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_csr_auto.h"
#include "sb_matrix.h"

#define H200_UNITS 132

/* A rows x cols matrix whose row r keeps len(r) columns (value 1) from column (r / group) on,
 * wrapping: rows in aligned groups of `group` share a pattern, the next group's is shifted by
 * one (group 1: no two rows alike unless empty or full). */
static void crafted_groups(sb_csr *A, int rows, int cols, int group, int (*len)(int r, int cols))
{
    sb_dense d = {.rows = rows, .cols = cols,
                  .v = calloc((size_t)rows * (size_t)cols, sizeof(float))};
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < len(r, cols) && c < cols; c++)
            d.v[(size_t)r * cols + (r / group + c) % cols] = 1.0f;
    sb_csr_from_dense(A, &d);
    free(d.v);
}

static void crafted(sb_csr *A, int rows, int cols, int (*len)(int r, int cols))
{
    crafted_groups(A, rows, cols, 1, len);
}

static int half(int r, int cols) { (void)r; return cols / 2; }
static int tenth(int r, int cols) { (void)r; return cols / 10; }
static int fiftieth(int r, int cols) { (void)r; return cols / 50; }
static int one_dense_row(int r, int cols) { return r == 0 ? cols : 20; }
static int every_other_empty(int r, int cols) { return r % 2 ? cols / 5 : 0; }
static int third(int r, int cols) { (void)r; return cols / 3 + 5; }
static int spread_tenth(int r, int cols) { return r % 2 ? cols / 10 + cols / 50 : cols / 10 - cols / 50; }

static sb_csr_auto_choice choose(const sb_csr *A, int N, int gpu, sb_csr_auto_features *f)
{
    sb_csr_auto_choice c;
    sb_csr_auto_features_of(A, N, gpu, gpu ? H200_UNITS : 2, f);
    sb_csr_auto_choose(f, &c);
    return c;
}

static void test_features(void **state)
{
    (void)state;
    sb_csr A;
    crafted(&A, 10, 100, every_other_empty); /* rows of 0 and 20 */
    sb_csr_auto_features f;
    choose(&A, 33, 1, &f);
    assert_int_equal(f.M, 10);
    assert_int_equal(f.K, 100);
    assert_int_equal(f.N, 33);
    assert_int_equal(f.nnz, 100);
    assert_true(fabs(f.density - 0.1) < 1e-12);
    assert_true(fabs(f.row_mean - 10.0) < 1e-12);
    assert_true(fabs(f.row_cv - 1.0) < 1e-12); /* std 10, mean 10 */
    assert_int_equal(f.row_max, 20);
    assert_true(fabs(f.empty_rows - 0.5) < 1e-12);
    sb_csr_free(&A);
}

static void test_uniform_rows(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 512, 512, half); /* 50%: the GEMM tile from N = 64 on */
    sb_csr_auto_choice c = choose(&A, 2048, 1, &f);
    assert_string_equal(c.kernel, "csr_tile");
    assert_string_equal(c.rule, "tile");           /* 4 x 32 tiles of 128 x 64: under 2 waves */
    assert_int_equal(sb_auto_param(&c, "csr_tile.SPLITK"), 0); /* split K automatic */
    c = choose(&A, 32, 1, &f);                        /* below N = 64: not the tile */
    assert_string_equal(c.kernel, "csr_balanced");
    assert_string_equal(c.rule, "split");             /* rows of 256 at N <= 1024 */
    /* 3072 x 132 / (512 rows x 32 column items) = 24.8: nearest power of two 32 */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 32);
    sb_csr_free(&A);

    crafted(&A, 4096, 1024, half); /* 64 x 16 tiles: no split of K, BK 16 */
    c = choose(&A, 1024, 1, &f);
    assert_string_equal(c.rule, "tile");
    assert_int_equal(sb_auto_param(&c, "csr_tile.BK"), 16);
    sb_csr_free(&A);
    crafted(&A, 1024, 4096, half); /* N <= 512 and K >= 1024: BK 32 */
    c = choose(&A, 256, 1, &f);
    assert_string_equal(c.rule, "tile");
    assert_int_equal(sb_auto_param(&c, "csr_tile.BK"), 32);
    sb_csr_free(&A);

    crafted(&A, 512, 512, tenth); /* 90%, rows of 51 */
    c = choose(&A, 256, 1, &f);   /* 64 x 2 row blocks: under 2 per compute unit */
    assert_string_equal(c.rule, "split");
    /* 3072 x 132 / (512 x 128) = 6.2 -> 8 (rows of 51 allow up to 12) */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 8);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 4);
    c = choose(&A, 1024, 1, &f); /* wide B: row blocks, 4 x 16 columns, 64 x 8 of them (under
                                    12 per compute unit): 16 rows a group */
    assert_string_equal(c.rule, "rows-tall");
    assert_string_equal(c.kernel, "csr");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.VPT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_spmm.TILE_COLS"), 16);
    assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), 16);
    assert_int_equal(sb_auto_param(&c, "csr_spmm.KCHUNK"), -1); /* not set: no lockstep */
    c = choose(&A, 1000, 1, &f); /* a ragged last column tile: the plain row blocks */
    assert_string_equal(c.rule, "rows");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.VPT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), -1); /* the profile's */
    c = choose(&A, 2048, 1, &f); /* from N = 2048 on, density >= 1/32: 16 rows in lockstep */
    assert_string_equal(c.rule, "rows-lockstep");
    assert_string_equal(c.kernel, "csr");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.VPT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_spmm.TILE_COLS"), 16);
    assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), 16); /* 256 items: what NVIDIA allows */
    assert_int_equal(sb_auto_param(&c, "csr_spmm.KCHUNK"), 256);
    c = choose(&A, 4096, 1, &f);
    assert_string_equal(c.rule, "rows-lockstep");
    sb_csr_free(&A);

    crafted(&A, 512, 512, fiftieth); /* 98%: density under 1/32, no lockstep */
    c = choose(&A, 2048, 1, &f);
    assert_true(f.density < 1.0 / 32);
    assert_string_equal(c.rule, "rows");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.VPT"), 4);
    c = choose(&A, 4096, 1, &f); /* wider: the profile's row blocks */
    assert_string_equal(c.rule, "rows-wide");
    assert_int_equal(c.n_params, 0);
    sb_csr_free(&A);

    crafted(&A, 2048, 512, tenth); /* 90%, 2048 rows */
    c = choose(&A, 256, 1, &f);    /* 256 x 2 row blocks, but N under 512: 8 rows a group */
    assert_string_equal(c.rule, "rows");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), -1);
    c = choose(&A, 512, 1, &f); /* 256 x 4 = 1024 row blocks, under 12 x 132: 16 rows */
    assert_string_equal(c.rule, "rows-tall");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), 16);
    sb_csr_free(&A);
    crafted(&A, 4096, 512, tenth); /* 512 x 4 = 2048 row blocks at N = 512: 8 rows a group */
    c = choose(&A, 512, 1, &f);
    assert_string_equal(c.rule, "rows");
    assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), -1);
    c = choose(&A, 1024, 1, &f);
    assert_string_equal(c.rule, "rows");
    sb_csr_free(&A);

    crafted(&A, 256, 512, tenth); /* M under 512: no lockstep (not measured there) */
    c = choose(&A, 4096, 1, &f);
    assert_string_equal(c.rule, "rows-wide");
    sb_csr_free(&A);

    crafted(&A, 1024, 1024, tenth); /* 90%, rows of 102, twice the rows */
    c = choose(&A, 256, 1, &f);     /* 128 x 2 row blocks: under 2 per compute unit */
    assert_string_equal(c.rule, "split");
    /* 3072 x 132 / (1024 x 128) = 3.1 -> 4; at KSPLIT 4 eight non-zeros loaded ahead */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 8);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.COLS_PER_WG"), 32);
    sb_csr_free(&A);
}

/* The tile needs a wave of work-groups: 64 x 256 at 37% and N = 3136 has 49 tiles (x 2 split in
 * K: 98 < 132 compute units), 256 x 256 four times as many. */
static void test_tile_needs_a_wave(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 64, 256, third);
    sb_csr_auto_choice c = choose(&A, 3136, 1, &f);
    assert_true(f.density >= 0.25);
    assert_string_equal(c.rule, "split"); /* 8 x 25 row blocks: under 2 per compute unit */
    sb_csr_free(&A);
    crafted(&A, 256, 256, third);
    c = choose(&A, 3136, 1, &f);
    assert_string_equal(c.rule, "tile");
    /* at fp16 csr_tile (fp32 only) is out: the rule after it */
    f.fp16 = 1;
    sb_csr_auto_choose(&f, &c);
    assert_string_not_equal(c.kernel, "csr_tile");
    assert_string_equal(c.rule, "rows-fp16"); /* 32 x 25 row blocks: not the split */
    sb_csr_free(&A);
}

static void test_narrow_n(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 512, 512, half);
    sb_csr_auto_choice c = choose(&A, 1, 1, &f); /* N = 1: the row split, whatever the density */
    assert_string_equal(c.rule, "narrow");
    assert_string_equal(c.kernel, "csr_balanced");
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 16);
    c = choose(&A, 1, 0, &f); /* on a CPU, rows of 256 in 131 k non-zeros: the CPU's SpMV split */
    assert_string_equal(c.rule, "cpu-spmv");
    c = choose(&A, 2, 0, &f); /* at N = 2 the profile's row blocks */
    assert_string_equal(c.rule, "rows");
    assert_string_equal(c.kernel, "csr");
    assert_int_equal(c.n_params, 0);
    sb_csr_free(&A);
}

/* CPU rule 1: SpMV with long rows in an A that fits in cache splits each row over 4 work-items;
 * short rows, a large A, N > 1 keep the profile's row blocks. Built from the statistics so each
 * bound is checked on both sides. */
static sb_csr_auto_choice cpu_choice(int M, int K, int N, int64_t nnz)
{
    sb_csr_auto_features f = {.M = M, .K = K, .N = N, .nnz = nnz,
                              .density = (double)nnz / ((double)M * K),
                              .row_mean = (double)nnz / M, .gpu = 0, .compute_units = 2};
    sb_csr_auto_choice c;
    sb_csr_auto_choose(&f, &c);
    return c;
}

static void test_cpu_spmv(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 1000, 2048, tenth); /* final_dense-like: 1000 rows of 204 */
    sb_csr_auto_choice c = choose(&A, 1, 0, &f);
    assert_true(fabs(f.row_mean - 204) < 1e-9 && f.nnz == 204000);
    assert_string_equal(c.rule, "cpu-spmv");
    assert_string_equal(c.kernel, "csr_balanced");
    assert_int_equal(sb_auto_param(&c, "csr_balanced.VEC"), 1);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.COLS_PER_WG"), 1);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 4);
    c = choose(&A, 8, 0, &f); /* N = 8: the row split ran 0.17-0.6x there */
    assert_string_equal(c.rule, "rows");
    c = choose(&A, 1, 1, &f); /* a GPU: its own narrow rule */
    assert_string_equal(c.rule, "narrow");
    sb_csr_free(&A);
    crafted(&A, 1000, 2048, fiftieth); /* rows of 40: short */
    c = choose(&A, 1, 0, &f);
    assert_string_equal(c.rule, "rows");
    sb_csr_free(&A);
    /* the bounds: mean 80 a row and 1,000,000 non-zeros are in, just past either is out */
    assert_string_equal(cpu_choice(1000, 2048, 1, 80000).rule, "cpu-spmv");
    assert_string_equal(cpu_choice(1000, 2048, 1, 79999).rule, "rows");
    assert_string_equal(cpu_choice(4000, 4096, 1, 1000000).rule, "cpu-spmv");
    assert_string_equal(cpu_choice(4000, 4096, 1, 1000001).rule, "rows");
    assert_string_equal(cpu_choice(4096, 4096, 1, 1677722).rule, "rows"); /* 4096^2 at 90% */
    /* cold caches (A from memory every call): the row blocks (final_dense 0.60-0.75x csr there) */
    sb_csr_auto_features cold = {.M = 1000, .K = 2048, .N = 1, .nnz = 204800, .density = 0.1,
                                 .row_mean = 204.8, .gpu = 0, .compute_units = 2, .cold = 1};
    sb_csr_auto_choice cc;
    sb_csr_auto_choose(&cold, &cc);
    assert_string_equal(cc.rule, "rows");
    cold.cold = 0;
    sb_csr_auto_choose(&cold, &cc);
    assert_string_equal(cc.rule, "cpu-spmv");
}

static void test_skewed_and_empty_rows(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 1000, 1000, one_dense_row); /* one row of 1000 among rows of 20: cv 1.5 */
    sb_csr_auto_choice c = choose(&A, 512, 1, &f); /* 125 x 4 row blocks, uneven rows */
    assert_true(f.row_cv >= 0.3 && f.row_mean >= 12);
    assert_string_equal(c.rule, "split"); /* rows sorted by length, split */
    c = choose(&A, 2048, 1, &f); /* 125 x 16 row blocks: enough to hide it */
    assert_string_equal(c.rule, "rows");
    c = choose(&A, 512, 0, &f);
    assert_string_equal(c.rule, "rows"); /* not on a CPU: csr_balanced is slow in PoCL */
    sb_csr_free(&A);

    crafted(&A, 1000, 1000, every_other_empty); /* half the rows empty: cv 1 */
    c = choose(&A, 1024, 1, &f);
    assert_true(f.empty_rows == 0.5);
    assert_string_equal(c.kernel, "csr_balanced");
    sb_csr_free(&A);
}

/* Rule 3b: 2-4 row blocks per compute unit with long rows. The row blocks are one wave there, as
 * long as their longest block: even rows keep them (Transformer 2048 x K, N = 256: 1.05-1.22x
 * faster than the split), uneven rows or a ragged last column tile go to the split (DLMC b8). */
static void test_few_row_blocks_long_rows(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 2048, 2048, tenth); /* rows of 204, cv 0: 256 x 2 row blocks = 3.9 per CU */
    sb_csr_auto_choice c = choose(&A, 256, 1, &f);
    assert_true(f.row_cv < 0.15 && f.row_mean >= 64);
    assert_string_equal(c.rule, "rows");
    assert_string_equal(c.kernel, "csr");
    c = choose(&A, 320, 1, &f); /* 256 x 3 = 5.8 per CU: rule 3b does not apply, rows */
    assert_string_equal(c.rule, "rows");
    sb_csr_free(&A);

    crafted(&A, 1024, 2048, tenth); /* 128 x 4 row blocks at N = 512: 3.9 per CU */
    c = choose(&A, 512, 1, &f);
    assert_string_equal(c.rule, "rows-tall"); /* the row blocks, 16 rows a group (rule 5) */
    c = choose(&A, 480, 1, &f); /* the same blocks, the last column tile ragged (96 of 128) */
    assert_string_equal(c.rule, "split");
    sb_csr_free(&A);

    crafted(&A, 2048, 2048, spread_tenth); /* rows of 163 and 245: cv 0.2 */
    c = choose(&A, 256, 1, &f);
    assert_true(f.row_cv > 0.15 && f.row_cv < 0.3);
    assert_string_equal(c.rule, "split");
    /* 3072 x 132 / (2048 x 128) = 1.5: 2, raised to 4 for rows of 96 and more at N <= 2048 */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 4);
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 8); /* test_csr_auto_split.c */
    sb_csr_free(&A);
}

static void test_few_rows_many_columns(void **state)
{
    (void)state;
    sb_csr_auto_features f;
    sb_csr A;
    crafted(&A, 16, 4096, tenth); /* 16 rows of 409 at 90% */
    sb_csr_auto_choice c = choose(&A, 256, 1, &f);
    assert_string_equal(c.rule, "split");
    assert_int_equal(sb_auto_param(&c, "csr_balanced.KSPLIT"), 32); /* 3072 x 132 / (16 x 128): 198 */
    assert_int_equal(sb_auto_param(&c, "csr_balanced.UNROLL"), 4);
    c = choose(&A, 256, 0, &f); /* a CPU: the profile's row blocks */
    assert_string_equal(c.rule, "rows");
    assert_string_equal(c.kernel, "csr");
    sb_csr_free(&A);
}

/* Block-pruned A (aligned groups of rows with one pattern): row_share as computed here, and
 * "rows-shared" with R up to 4 (VPT 2, UNROLL 4) from N = 256, up to 8 (VPT 4, UNROLL 2) from
 * 1024, only with at least 3 of its work-groups per CU; otherwise the rule row_share 1 gets. */
static void test_shared_rows(void **state)
{
    (void)state;
    static const struct { int group, rows, N; int want_r, want_vpt; } cases[] = {
        {32, 4096, 256, 4, 2},  /* 4096 / 4 / 8 x 4 column tiles = 512 groups >= 396 */
        {32, 4096, 1024, 8, 4}, /* 64 x 8 = 512 */
        {32, 4096, 4096, 8, 4},
        {8, 4096, 512, 4, 2},
        {4, 4096, 2048, 4, 4},  /* groups of 4 only: R 4 at N >= 1024 too */
        {2, 4096, 256, 2, 2},
        {32, 4096, 128, 0, 0},  /* 128 x 2 = 256 groups < 396 (and N < 256) */
        {32, 4096, 200, 0, 0},  /* N < 256 */
        {32, 1024, 256, 0, 0},  /* 32 x 4 = 128 groups */
        {32, 3072, 1024, 0, 0}, /* 48 x 8 = 384 < 396 */
        {32, 3200, 1024, 8, 4}, /* 50 x 8 = 400 */
        {32, 4100, 1024, 8, 4}, /* the last group of 8 has 4 rows, alike */
        {2, 4097, 256, 2, 2},   /* the last group of 2 has 1 row */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sb_csr A;
        crafted_groups(&A, cases[i].rows, 4096, cases[i].group, tenth);
        sb_csr_auto_features f;
        sb_csr_auto_choice c = choose(&A, cases[i].N, 1, &f);
        int g = cases[i].group > 8 ? 8 : cases[i].group;
        assert_int_equal(f.row_share, g);
        if (cases[i].want_r) {
            assert_string_equal(c.rule, "rows-shared");
            assert_string_equal(c.kernel, "csr");
            assert_int_equal(sb_auto_param(&c, "csr_spmm.ROW_SHARE"), cases[i].want_r);
            assert_int_equal(sb_auto_param(&c, "csr_spmm.VPT"), cases[i].want_vpt);
            assert_int_equal(sb_auto_param(&c, "csr_spmm.UNROLL"), cases[i].want_vpt == 2 ? 4 : 2);
            assert_int_equal(sb_auto_param(&c, "csr_spmm.ROWS_PER_WG"), 8);
        } else {
            assert_string_not_equal(c.rule, "rows-shared");
            assert_int_equal(sb_auto_param(&c, "csr_spmm.ROW_SHARE"), -1);
        }
        sb_csr_free(&A);
    }
    /* the same rows without the structure: row_share 1, the old rule */
    sb_csr A;
    crafted(&A, 4096, 4096, tenth);
    sb_csr_auto_features f;
    sb_csr_auto_choice c = choose(&A, 1024, 1, &f);
    assert_int_equal(f.row_share, 1);
    assert_string_not_equal(c.rule, "rows-shared");
    sb_csr_free(&A);
}

/* At fp16: the row blocks' rules (lockstep, tall, rows, wide) give way to "rows-fp16", the
 * profile's parameters (no overrides); narrow, split and rows-shared stay. */
static void test_fp16_rules(void **state)
{
    (void)state;
    static const struct { int rows, cols, group, N; const char *fp32, *fp16; } cases[] = {
        {4096, 4096, 1, 256, "rows", "rows-fp16"},
        {4096, 4096, 1, 4096, "rows-lockstep", "rows-fp16"},
        {1024, 1024, 1, 1024, "rows-tall", "rows-fp16"},
        {4096, 4096, 1, 8, "narrow", "narrow"},
        {256, 4096, 1, 256, "split", "split"},
        {4096, 4096, 32, 1024, "rows-shared", "rows-shared"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sb_csr A;
        crafted_groups(&A, cases[i].rows, cases[i].cols, cases[i].group, tenth);
        sb_csr_auto_features f;
        sb_csr_auto_choice c = choose(&A, cases[i].N, 1, &f);
        assert_string_equal(c.rule, cases[i].fp32);
        f.fp16 = 1;
        sb_csr_auto_choose(&f, &c);
        assert_string_equal(c.rule, cases[i].fp16);
        if (strcmp(cases[i].fp16, "rows-fp16") == 0) {
            assert_string_equal(c.kernel, "csr");
            assert_int_equal(c.n_params, 0);
        }
        sb_csr_free(&A);
    }
}

/* fp16 (csr_tile at SPLITK 1): the tile at density 0.4 and above where its 64 x 64 tiles are at
 * least three quarters of the compute units: 1024 rows at N = 400 make 16 x 7 = 112 tiles (4 x 112
 * = 448 >= 3 x 132), at N = 384 96 (384 < 396) and at N = 256 64, which keep the row blocks; so
 * does density 0.3; BK 32 at N <= 512 with K >= 1024 as at fp32; fp32 tiles the density 0.5
 * ones (split in K). */
static void test_fp16_tile(void **state)
{
    (void)state;
    sb_csr_auto_features f = {.M = 1024, .K = 1024, .N = 400, .density = 0.5, .row_mean = 512,
                              .row_cv = 0.03, .row_max = 560, .row_share = 1, .gpu = 1,
                              .fp16 = 1, .compute_units = 132};
    f.nnz = (int64_t)(f.density * f.M * f.K);
    sb_csr_auto_choice c;
    sb_csr_auto_choose(&f, &c);
    assert_string_equal(c.rule, "tile-fp16");
    assert_string_equal(c.kernel, "csr_tile");
    assert_int_equal(sb_auto_param(&c, "csr_tile.BK"), 32);
    assert_int_equal(sb_auto_param(&c, "csr_tile.SPLITK"), 0); /* the host runs 1 at fp16 */
    f.K = 512; /* K < 1024: BK 16 */
    sb_csr_auto_choose(&f, &c);
    assert_string_equal(c.rule, "tile-fp16");
    assert_int_equal(sb_auto_param(&c, "csr_tile.BK"), 16);
    f.K = 1024;
    static const struct { int N; double density; } out[] = {{384, 0.5}, {256, 0.5}, {400, 0.3}};
    for (size_t i = 0; i < sizeof out / sizeof *out; i++) {
        f.N = out[i].N;
        f.density = out[i].density;
        sb_csr_auto_choose(&f, &c);
        assert_string_not_equal(c.kernel, "csr_tile");
        f.fp16 = 0;
        sb_csr_auto_choose(&f, &c);
        if (out[i].density >= 0.4)
            assert_string_equal(c.rule, "tile");
        f.fp16 = 1;
    }
}

/* Not a GPU: block-pruned A from N = 32 runs the profile's row blocks with ROW_SHARE up to 8,
 * after the SpMV split (which keeps N = 1 with long rows); below N = 32, and the same rows without
 * the structure, "rows". */
static void test_cpu_shared_rows(void **state)
{
    (void)state;
    static const struct { int group, N; int want_r; } cases[] = {
        {16, 64, 8}, {8, 32, 8}, {4, 256, 4}, {2, 100, 2}, {1, 64, 0}, {8, 31, 0}, {2, 1, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sb_csr A;
        crafted_groups(&A, 512, 256, cases[i].group, tenth); /* 25 a row: not the SpMV split */
        sb_csr_auto_features f;
        sb_csr_auto_choice c = choose(&A, cases[i].N, 0, &f);
        assert_string_equal(c.kernel, "csr");
        assert_string_equal(c.rule, cases[i].want_r ? "cpu-rows-shared" : "rows");
        assert_int_equal(sb_auto_param(&c, "csr_spmm.ROW_SHARE"),
                         cases[i].want_r ? cases[i].want_r : -1);
        assert_int_equal(c.n_params, cases[i].want_r ? 1 : 0); /* the profile's own otherwise */
        sb_csr_free(&A);
    }
    /* N = 1 with long rows: the SpMV split first */
    sb_csr A;
    crafted_groups(&A, 1000, 2048, 8, tenth); /* 204 a row, 204,800 non-zeros */
    sb_csr_auto_features f;
    sb_csr_auto_choice c = choose(&A, 1, 0, &f);
    assert_string_equal(c.rule, "cpu-spmv");
    sb_csr_free(&A);
}

/* Intel's CPU runtime (intel_rt, rs12): rule 1s at every N, R by the groups, at N = 1 ahead of
 * the SpMV split; on PoCL (intel_rt 0) from N = 32 only, so the same matrix at N = 1-31 runs
 * "rows" (or the split) there; from N = 32 both the same; no pattern shared, or a GPU: intel_rt
 * moves nothing. */
static void test_cpu_shared_rows_intel(void **state)
{
    (void)state;
    static const struct { int group, N; int want_r; } cases[] = {
        {8, 2, 8}, {8, 8, 8}, {4, 24, 4}, {2, 31, 2}, {16, 3, 8}, {8, 32, 8}, {4, 100, 4},
        {8, 1, 8}, {2, 1, 2}, {1, 1, 0}, {1, 8, 0}, {1, 24, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sb_csr A;
        crafted_groups(&A, 512, 256, cases[i].group, tenth); /* 25 a row: not the SpMV split */
        sb_csr_auto_features f;
        sb_csr_auto_choice pocl = choose(&A, cases[i].N, 0, &f), intel;
        assert_int_equal(f.intel_rt, 0); /* the features of a matrix never set it */
        f.intel_rt = 1;
        sb_csr_auto_choose(&f, &intel);
        assert_string_equal(intel.kernel, "csr");
        assert_string_equal(intel.rule, cases[i].want_r ? "cpu-rows-shared" : "rows");
        assert_int_equal(sb_auto_param(&intel, "csr_spmm.ROW_SHARE"),
                         cases[i].want_r ? cases[i].want_r : -1);
        assert_int_equal(intel.n_params, cases[i].want_r ? 1 : 0);
        const int pocl_shares = cases[i].want_r && cases[i].N >= 32;
        assert_string_equal(pocl.rule, pocl_shares ? "cpu-rows-shared" : "rows");
        assert_int_equal(sb_auto_param(&pocl, "csr_spmm.ROW_SHARE"),
                         pocl_shares ? cases[i].want_r : -1);
        sb_csr_free(&A);
    }
    /* N = 1 with long rows: on Intel's runtime the shared rows ahead of the SpMV split, on PoCL
       the split; without a shared pattern the split on both */
    sb_csr A;
    sb_csr_auto_features f;
    sb_csr_auto_choice c;
    for (int group = 1; group <= 8; group *= 8) {
        crafted_groups(&A, 1000, 2048, group, tenth);
        c = choose(&A, 1, 0, &f);
        assert_string_equal(c.rule, "cpu-spmv");
        f.intel_rt = 1;
        sb_csr_auto_choose(&f, &c);
        assert_string_equal(c.rule, group == 8 ? "cpu-rows-shared" : "cpu-spmv");
        assert_int_equal(sb_auto_param(&c, "csr_spmm.ROW_SHARE"), group == 8 ? 8 : -1);
        sb_csr_free(&A);
    }
    crafted_groups(&A, 1000, 2048, 8, tenth);
    /* a GPU (the host never sets intel_rt there): the same choice with and without it */
    static const int gpu_n[] = {1, 2, 8, 24, 32, 256, 1024};
    for (size_t i = 0; i < sizeof gpu_n / sizeof *gpu_n; i++) {
        sb_csr_auto_choice a, b;
        choose(&A, gpu_n[i], 1, &f);
        sb_csr_auto_choose(&f, &a);
        f.intel_rt = 1;
        sb_csr_auto_choose(&f, &b);
        assert_string_equal(a.rule, b.rule);
        assert_string_equal(a.kernel, b.kernel);
        assert_int_equal(a.n_params, b.n_params);
        for (int p = 0; p < a.n_params; p++)
            assert_int_equal(a.params[p].value, sb_auto_param(&b, a.params[p].key));
    }
    sb_csr_free(&A);
}

static void test_every_choice_listed(void **state)
{
    (void)state;
    sb_csr_auto_choice all[32];
    int n = sb_csr_auto_all_choices(all, 32);
    assert_true(n >= 8 && n <= 32);
    const char *rules[] = {"narrow", "tile",      "split",   "rows", "rows-lockstep",
                           "rows-wide", "cpu-spmv", "task"};
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        int seen = 0;
        for (int i = 0; i < n; i++)
            seen |= strcmp(all[i].rule, rules[r]) == 0;
        if (!seen)
            fail_msg("rule %s is not among the listed choices", rules[r]);
    }
    /* AUTO_SHIFT: csr_balanced on a GPU (narrow, split) shifts a partial last vector; the CPU's
     * SpMV split (VEC 1) has none; no other kernel takes the key */
    for (int i = 0; i < n; i++) {
        const int gpu_balanced = strcmp(all[i].rule, "narrow") == 0 ||
                                 strcmp(all[i].rule, "split") == 0;
        assert_int_equal(sb_auto_param(&all[i], "csr_balanced.SHIFT"), gpu_balanced ? 1 : -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_uniform_rows),
        cmocka_unit_test(test_tile_needs_a_wave),
        cmocka_unit_test(test_narrow_n),
        cmocka_unit_test(test_cpu_spmv),
        cmocka_unit_test(test_skewed_and_empty_rows),
        cmocka_unit_test(test_few_row_blocks_long_rows),
        cmocka_unit_test(test_few_rows_many_columns),
        cmocka_unit_test(test_shared_rows),
        cmocka_unit_test(test_fp16_rules),
        cmocka_unit_test(test_fp16_tile),
        cmocka_unit_test(test_cpu_shared_rows),
        cmocka_unit_test(test_cpu_shared_rows_intel),
        cmocka_unit_test(test_every_choice_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
