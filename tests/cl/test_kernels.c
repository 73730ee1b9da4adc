/* Every registered kernel against the double-precision reference on an OpenCL device (PoCL in CI),
 * through the same tester `sparsebench run` uses (kernel_check.h): random shapes that are not
 * multiples of any block or tile, M/K/N = 1, empty rows, an all-zero matrix, a single row, every
 * pattern each kernel accepts, every value of every tunable, csr's own forms (ragged tiles,
 * ROW_SHARE) and every choice of csr_auto's model. Property-based: shapes and sparsities come from
 * a seeded generator, printed on failure. The N:M kernels' own forms: test_nm_kernels.c. */
#include "kernel_check.h"
#include "sb_csr_auto.h"
#include "sb_rng.h"
#include "sb_tc.h"

static int is_tile_kernel(const sb_kernel_spec *k)
{
    return k->program &&
           (strcmp(k->program, "csr_tile") == 0 || strcmp(k->program, "nm_tile") == 0);
}

/* Every kernel on A; fp16_tiles 0 leaves out the tile kernels at fp16 (test_random_shapes' later
 * shapes, see there). The tensor-core kernels run where the device's profile has tensor cores (a
 * skipped row elsewhere), each on what it takes (sb_tc.h; anything else fails, saying so): tc_nm
 * 2:4 only, tc_bsr square blocks of 16, 32 or 64, so an unstructured A goes to it in blocks of 16
 * whatever bsr_block says, and a block-pruned A with other blocks (these shapes' 2-8) does not. */
static void check_kernels(const sb_dense *A, const sb_pattern *p, int bsr_block, int N,
                          uint64_t seed, int fp16_tiles)
{
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++) {
        if (!fp16_tiles && tester.precision == SB_PRECISION_FP16 && is_tile_kernel(*k))
            continue;
        if (strcmp((*k)->name, "tc_nm") == 0 && !sb_tc_nm_takes(p->nm_n, p->nm_m))
            continue;
        if (strcmp((*k)->name, "tc_bsr") != 0)
            check_kernel((*k)->name, A, p, bsr_block, N, seed);
        else if (p->kind != SB_PATTERN_BLOCK)
            check_kernel("tc_bsr", A, p, 16, N, seed);
        else if (sb_tc_bsr_takes(p->block_rows, p->block_cols))
            check_kernel("tc_bsr", A, p, 0, N, seed);
    }
}

static void check_all_kernels(const sb_dense *A, const sb_pattern *p, int bsr_block, int N,
                              uint64_t seed)
{
    check_kernels(A, p, bsr_block, N, seed, 1);
}

static void test_random_shapes(void **state)
{
    (void)state;
    sb_rng rng;
    sb_rng_seed(&rng, 2024);
    const int block_sizes[] = {2, 4, 8};
    for (int iter = 0; iter < 12; iter++) {
        /* At fp16 the tile kernels (csr_tile, nm_tile) on the first three shapes only: 4 x 71 at
         * N = 3, 55 x 23 at N = 16, 39 x 5 at N = 29 (partial tiles, K under and over BK, N a
         * multiple of 4 and not, block 2/4/8, 2:4 and 1:4) and their fp16 forms in
         * test_csr_tile_fp16 and test_nm_tile_fp16. The nine later shapes added 13 cold PoCL
         * builds of the same forms at other tile sizes */
        const int fp16_tiles = iter < 3;
        int M = 1 + (int)(sb_rng_uniform(&rng) * 70);
        int K = 1 + (int)(sb_rng_uniform(&rng) * 90);
        int N = 1 + (int)(sb_rng_uniform(&rng) * 40);
        double s = 0.5 + 0.49 * sb_rng_uniform(&rng);
        uint64_t seed = 1000 + (uint64_t)iter;
        sb_dense A;
        sb_dense_random(&A, M, K, seed);
        sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
        sb_error err;
        assert_int_equal(sb_prune(&A, &un, s, &err), 0);
        check_kernels(&A, &un, block_sizes[iter % 3], N, seed, fp16_tiles);
        sb_dense_free(&A);

        /* block-pruned: shape rounded to whole blocks (pruning needs them), format pads nothing */
        int b = block_sizes[iter % 3];
        int Mb = (M + b - 1) / b * b, Kb = (K + b - 1) / b * b;
        sb_dense_random(&A, Mb, Kb, seed + 1);
        sb_pattern blk = {.kind = SB_PATTERN_BLOCK, .block_rows = b, .block_cols = b};
        assert_int_equal(sb_prune(&A, &blk, s, &err), 0);
        check_kernels(&A, &blk, 0, N, seed, fp16_tiles);
        sb_dense_free(&A);

        /* N:M with a K that is not a multiple of m: the format pads the last group */
        sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = iter % 2 ? 1 : 2, .nm_m = 4};
        sb_dense_random(&A, M, K, seed + 2);
        make_nm(&A, nm.nm_n, nm.nm_m);
        check_kernels(&A, &nm, 0, N, seed, fp16_tiles);
        sb_dense_free(&A);
    }
}

static void test_edge_shapes(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_error err;
    const int shapes[][3] = {{1, 1, 1}, {1, 37, 5}, {37, 1, 3}, {5, 7, 1}, {1, 64, 64}, {33, 17, 65}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        sb_dense A;
        sb_dense_random(&A, shapes[i][0], shapes[i][1], 77 + i);
        if (A.rows * A.cols > 1)
            assert_int_equal(sb_prune(&A, &un, 0.5, &err), 0);
        check_all_kernels(&A, &un, 4, shapes[i][2], 5 + i);
        sb_dense_free(&A);
    }
}

static void test_empty_rows_and_zero_matrix(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense A;
    sb_dense_random(&A, 41, 29, 9);
    for (int r = 0; r < A.rows; r += 3) /* every third row empty, the last one too */
        memset(&A.v[(size_t)r * A.cols], 0, sizeof(float) * (size_t)A.cols);
    memset(&A.v[(size_t)(A.rows - 1) * A.cols], 0, sizeof(float) * (size_t)A.cols);
    check_all_kernels(&A, &un, 4, 19, 3);
    check_all_kernels(&A, &un, 4, 1, 3);
    memset(A.v, 0, sizeof(float) * (size_t)A.rows * (size_t)A.cols); /* no non-zeros at all */
    check_all_kernels(&A, &un, 4, 8, 4);
    sb_dense_free(&A);
}

static void test_one_row_long(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 1, 3000, 12);
    assert_int_equal(sb_prune(&A, &un, 0.3, &err), 0);
    check_all_kernels(&A, &un, 4, 33, 13);
    sb_dense_free(&A);
}

/* 1 for a tunable whose every value builds the default's kernel text again, the others at their
 * defaults: the tile kernels' WM and WN shape the tensor-core path only (tile_core.h's #if MMA;
 * the host reads them only at MMA 1), so at the default MMA 0 a value of them compiles and runs
 * what the default does (cpp -P of csr_tile.cl and nm_tile.cl: the same text for WM and WN 1, 2,
 * 4). Sweeping them cost 16 cold PoCL builds and checked nothing more. */
static int sweeps_nothing(const sb_kernel_spec *k, const char *param)
{
    return is_tile_kernel(k) && (strcmp(param, "WM") == 0 || strcmp(param, "WN") == 0);
}

/* Every value of every tunable (the others at their defaults) on shapes that are not multiples of
 * any tile: the tuner may pick any of them, so each must be right. A value whose work-group the
 * test device cannot launch (rusticl allows 32 items) is skipped, and the log says so. */
static void sweep_tunables(const char *only)
{
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_pattern blk = {.kind = SB_PATTERN_BLOCK, .block_rows = 8, .block_cols = 8};
    sb_error err;
    sb_dense A_un, A_nm, A_blk;
    sb_dense_random(&A_un, 67, 45, 31);
    assert_int_equal(sb_prune(&A_un, &un, 0.7, &err), 0);
    sb_dense_random(&A_nm, 67, 44, 32);
    assert_int_equal(sb_prune(&A_nm, &nm, 0.5, &err), 0);
    sb_dense_random(&A_blk, 64, 48, 33);
    assert_int_equal(sb_prune(&A_blk, &blk, 0.6, &err), 0);
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++) {
        for (int i = 0; i < (*k)->n_params; i++) {
            const sb_param_spec *tu = &(*k)->params[i];
            if ((only && strcmp(tu->name, only) != 0) || sweeps_nothing(*k, tu->name))
                continue;
            for (int v = 0; v < tu->n_candidates; v++) {
                char key[128], value[16];
                snprintf(key, sizeof key, "%s.%s", (*k)->program, tu->name);
                snprintf(value, sizeof value, "%d", tu->candidates[v]);
                sb_params_free(&tester.params);
                sb_params_set(&tester.params, key, value);
                check_kernel_ex((*k)->name, &A_un, &un, 4, 37, 40 + v, 1);
                check_kernel_ex((*k)->name, &A_un, &un, 4, 1, 41 + v, 1);
                check_kernel_ex((*k)->name, &A_nm, &nm, 4, 21, 42 + v, 1);
                check_kernel_ex((*k)->name, &A_blk, &blk, 0, 29, 43 + v, 1);
            }
        }
    }
    sb_params_free(&tester.params);
    sb_dense_free(&A_un);
    sb_dense_free(&A_nm);
    sb_dense_free(&A_blk);
}

/* Every kernel and parameter set csr_auto's model can pick (on any device: the GPU choices run
 * here too), on shapes that are not multiples of any tile, N on both sides of its thresholds. */
static void test_csr_auto_choices(void **state)
{
    (void)state;
    sb_csr_auto_choice all[32];
    int n = sb_csr_auto_all_choices(all, 32);
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 75, 133, 51);
    assert_int_equal(sb_prune(&A, &un, 0.6, &err), 0);
    for (int i = 0; i < n && i < 32; i++) {
        sb_params_free(&tester.params);
        for (int j = 0; j < all[i].n_params; j++) {
            char value[16];
            snprintf(value, sizeof value, "%d", all[i].params[j].value);
            sb_params_set(&tester.params, all[i].params[j].key, value);
        }
        /* a choice for another kind of device may not fit this one (csr_tile's BK 32 needs 47 KB,
         * rusticl and oclgrind have 32; the model's rule 2m never picks it there): skipped, said */
        check_kernel_ex(all[i].kernel, &A, &un, 4, 1, 60 + i, 1);
        check_kernel_ex(all[i].kernel, &A, &un, 4, 70, 61 + i, 1);
    }
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* The row blocks' ragged last tile with several vectors per work-item (csr_auto's VPT 4 x 16 and
 * its lockstep KCHUNK): fit_tile keeps VPT 4 only where N has 64 vectors, so the tunable sweep's
 * N = 37 never has one. At each N below the last tile has vectors that are whole, partial (1..VEC-1
 * columns) and absent in one work-group, or absent in all of it (1, 2, 3 or all of VPT 4 hold
 * columns), at VEC 1/2/4, with and without the lockstep (dead rows past M in a group with
 * barriers), both RAGGED paths, an empty row. */
static void test_csr_ragged_tiles(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 37, 45, 91);
    assert_int_equal(sb_prune(&A, &un, 0.6, &err), 0);
    memset(&A.v[(size_t)5 * A.cols], 0, sizeof(float) * (size_t)A.cols);
    const char *vecs[] = {"1", "2", "4"}, *kchunks[] = {"0", "32"}, *ragged[] = {"0", "1"};
    /* e.g. VEC 4 (VPT fitted to 2 under N = 256): rests 9 of 128 (one vector of 2 holds columns,
     * one of them partial), 73 of 128, 255 of 256, 9 of 256 (one of 4), 44, 232 */
    const int Ns[] = {137, 201, 255, 265, 300, 1000};
    for (int i = 0; i < 3 * 2 * 2; i++) {
        sb_params_free(&tester.params);
        sb_params_set(&tester.params, "csr_spmm.VPT", "4");
        sb_params_set(&tester.params, "csr_spmm.TILE_COLS", "16");
        sb_params_set(&tester.params, "csr_spmm.VEC", vecs[i % 3]);
        sb_params_set(&tester.params, "csr_spmm.KCHUNK", kchunks[i / 3 % 2]);
        sb_params_set(&tester.params, "csr_spmm.ROWS_PER_WG", i / 3 % 2 ? "16" : "8");
        sb_params_set(&tester.params, "csr_spmm.RAGGED", ragged[i / 6]);
        for (int n = 0; n < 6; n++)
            check_kernel_ex("csr", &A, &un, 4, Ns[n], 90 + n, 1);
    }
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* A 37 x 45 matrix (seed) whose aligned groups of r rows each have one pattern (the group's first
 * row's after unstructured pruning to 60%, values of their own), one group all zeros. */
static void make_shared_rows(sb_dense *A, int r, uint64_t seed)
{
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_error err;
    sb_dense_random(A, 37, 45, seed);
    assert_int_equal(sb_prune(A, &un, 0.6, &err), 0);
    for (int i = 0; i < A->rows; i++) {
        const float *first = &A->v[(size_t)(i - i % r) * A->cols];
        float *w = &A->v[(size_t)i * A->cols];
        for (int j = 0; j < A->cols; j++)
            if (i / r == 1 || first[j] == 0)
                w[j] = 0;
            else if (w[j] == 0)
                w[j] = 0.25f + 0.01f * (float)((i * 7 + j) % 13);
    }
}

/* csr_spmm's ROW_SHARE (a work-item computes R rows of one pattern, B read once for them): R 2/4/8
 * on matrices with that structure (M = 37: the last group has 1, 1 or 5 rows; one group empty), at
 * N = 1 (VEC lowered), 37, 137 and 265 (ragged last tiles, one vector of VPT holding columns) and
 * 256, with and without the lockstep, VEC 1/2/4, fp32 and fp16; every value checked and the variant
 * must say ROW_SHARE=R. On a matrix where one row breaks the pattern the host runs ROW_SHARE=1. */
static void test_csr_row_share(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    const int Ns[] = {1, 37, 137, 256, 265};
    const char *vecs[] = {"2", "4", "1"};
    for (int prec = 0; prec < 2; prec++) {
        tester.precision = prec ? SB_PRECISION_FP16 : SB_PRECISION_FP32;
        for (int r = 2; r <= 8; r *= 2) {
            sb_dense A;
            make_shared_rows(&A, r, 95 + (uint64_t)r);
            for (int lock = 0; lock < 2; lock++) {
                sb_params_free(&tester.params);
                set_param_int("csr_spmm.ROW_SHARE", r);
                sb_params_set(&tester.params, "csr_spmm.VPT", "4");
                sb_params_set(&tester.params, "csr_spmm.TILE_COLS", "16");
                sb_params_set(&tester.params, "csr_spmm.VEC", vecs[(r / 4 + lock) % 3]);
                sb_params_set(&tester.params, "csr_spmm.ROWS_PER_WG", lock ? "16" : "4");
                sb_params_set(&tester.params, "csr_spmm.KCHUNK", lock ? "16" : "0");
                char want[24];
                snprintf(want, sizeof want, " ROW_SHARE=%d", r);
                for (int n = 0; n < 5; n++)
                    check_case("csr", &A, &un, 0, Ns[n], 96 + (uint64_t)n, 1, want);
            }
            /* row 33 gains a non-zero where its group's first row (32) has none: lowered to 1 */
            int j = 0;
            while (A.v[(size_t)32 * A.cols + j] != 0)
                j++;
            A.v[(size_t)33 * A.cols + j] = 0.5f;
            check_case("csr", &A, &un, 0, 37, 99, 1, " ROW_SHARE=1");
            sb_dense_free(&A);
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
}

/* csr_tile at fp16 (values, B and C in halves; tile_core.h's TILE_IO): CUDA-core tiles with
 * scalar stores (TN 2, BK 32) and vector stores (TN 4, BK 16), N a multiple of 4 or not
 * (B_VEC4), an empty row; SPLITK 4 asked runs as 1 (the variant says so). Every value checked
 * against the reference of the rounded inputs. */
static void test_csr_tile_fp16(void **state)
{
    (void)state;
    /* two forms: the suite's time (the tensor-core path at fp16 is tile_core.h's, which
     * test_nm_tile_fp16 runs; a cold PoCL build of it takes tens of seconds) */
    static const struct { int mma, tn, splitk, bk; } forms[] = {{0, 2, 4, 32}, {0, 4, 0, 16}};
    sb_pattern uns = {.kind = SB_PATTERN_UNSTRUCTURED};
    const double sparsity[] = {0.5, 0.9};
    const int Ns[] = {64, 70};
    tester.precision = SB_PRECISION_FP16;
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        sb_params_free(&tester.params);
        set_param_int("csr_tile.MMA", forms[f].mma);
        set_param_int("csr_tile.TN", forms[f].tn);
        set_param_int("csr_tile.SPLITK", forms[f].splitk);
        set_param_int("csr_tile.BK", forms[f].bk);
        for (int s = 0; s < 2; s++) {
            sb_dense A;
            sb_error err;
            sb_dense_random(&A, 75, 136, 130 + (uint64_t)s);
            assert_int_equal(sb_prune(&A, &uns, sparsity[s], &err), 0);
            for (int r = 0; r < A.cols; r++) /* an empty row */
                A.v[(size_t)7 * A.cols + r] = 0.0f;
            for (int n = 0; n < 2; n++)
                check_case("csr_tile", &A, &uns, 0, Ns[n], 131 + (uint64_t)n, 1, " SPLITK=1");
            sb_dense_free(&A);
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
}

static void test_every_tunable_value(void **state)
{
    (void)state;
    sweep_tunables(NULL);
}

/* fp16 storage (weights, B and C in halves: cl_kernels/common.h's SB_HALF) for every kernel that
 * has it, on the same shapes and patterns, against a reference from the inputs rounded to fp16;
 * kernels without an fp16 version come out skipped. Of the tunables only the vector widths are
 * swept again (they choose vload_halfN / vstore_halfN; the others do not touch the storage and
 * every value of them would double this test's builds). */
static void test_fp16(void **state)
{
    tester.precision = SB_PRECISION_FP16;
    test_edge_shapes(state);
    test_empty_rows_and_zero_matrix(state);
    test_random_shapes(state);
    sweep_tunables("VEC");
    tester.precision = SB_PRECISION_FP32;
}

/* With no argument every test but the slow group; with --slow (CTest's cl_kernels_slow, label
 * slow) that group only, skipped unless SPARSEBENCH_TEST_SLOW=1 (tests/CMakeLists.txt says why);
 * with another argument the tests it matches (cmocka's filter, e.g. test_fp16 or "test_csr_*"). */
#define SLOW_TESTS "test_every_tunable_value"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--slow") == 0) {
        const char *want = getenv("SPARSEBENCH_TEST_SLOW");
        if (!want || strcmp(want, "1") != 0) {
            fprintf(stderr, "skipped: the slow group (" SLOW_TESTS ") runs with "
                            "SPARSEBENCH_TEST_SLOW=1 (CI's slow step sets it)\n");
            return 77;
        }
        cmocka_set_test_filter(SLOW_TESTS);
    } else if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    } else {
        cmocka_set_skip_filter(SLOW_TESTS);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_shapes),
        cmocka_unit_test(test_empty_rows_and_zero_matrix),
        cmocka_unit_test(test_one_row_long),
        cmocka_unit_test(test_random_shapes),
        cmocka_unit_test(test_every_tunable_value),
        cmocka_unit_test(test_csr_auto_choices),
        cmocka_unit_test(test_csr_ragged_tiles),
        cmocka_unit_test(test_csr_row_share),
        cmocka_unit_test(test_fp16),
        cmocka_unit_test(test_csr_tile_fp16),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
