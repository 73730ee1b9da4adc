/* Magnitude pruning: exact counts, the right weights, block and N:M structure, clear errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>
#include "sb_matrix.h"

static int64_t count_zeros(const sb_dense *d)
{
    return (int64_t)d->rows * d->cols - sb_dense_count_nonzeros(d);
}

/* Every zeroed weight was no larger than every kept one, and kept ones are unchanged. */
static void assert_smallest_pruned(const sb_dense *orig, const sb_dense *pruned)
{
    float max_pruned = 0.0f, min_kept = INFINITY;
    for (int64_t i = 0; i < (int64_t)orig->rows * orig->cols; i++) {
        if (pruned->v[i] == 0.0f) {
            max_pruned = fmaxf(max_pruned, fabsf(orig->v[i]));
        } else {
            assert_true(pruned->v[i] == orig->v[i]);
            min_kept = fminf(min_kept, fabsf(orig->v[i]));
        }
    }
    assert_true(max_pruned <= min_kept);
}

static void test_unstructured_exact(void **state)
{
    (void)state;
    const int shapes[][2] = {{1, 1}, {1, 17}, {23, 1}, {7, 13}, {64, 64}, {129, 255}};
    const double sparsities[] = {0.0, 0.1, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0};
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++)
        for (size_t k = 0; k < sizeof sparsities / sizeof sparsities[0]; k++) {
            sb_dense orig, w;
            sb_error err;
            sb_dense_random(&orig, shapes[si][0], shapes[si][1], 100 + si);
            sb_dense_random(&w, shapes[si][0], shapes[si][1], 100 + si);
            assert_int_equal(sb_prune(&w, &p, sparsities[k], &err), 0);
            int64_t n = (int64_t)w.rows * w.cols;
            assert_int_equal(count_zeros(&w), llround(sparsities[k] * (double)n));
            assert_smallest_pruned(&orig, &w);
            sb_dense_free(&orig);
            sb_dense_free(&w);
        }
}

/* Equal magnitudes: the lower index is pruned first. */
static void test_unstructured_ties_by_index(void **state)
{
    (void)state;
    sb_dense w;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense_alloc(&w, 2, 4);
    for (int i = 0; i < 8; i++)
        w.v[i] = i % 2 ? 0.5f : -0.5f;
    w.v[6] = 0.1f; /* the smallest goes first, then ties in index order */
    assert_int_equal(sb_prune(&w, &p, 0.5, &err), 0);
    const float expect[8] = {0, 0, 0, 0.5f, -0.5f, 0.5f, 0, 0.5f};
    assert_memory_equal(w.v, expect, sizeof expect);
    sb_dense_free(&w);
}

/* Weights that are already zero count as pruned first. */
static void test_unstructured_existing_zeros(void **state)
{
    (void)state;
    sb_dense w, orig;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense_random(&w, 10, 10, 5);
    for (int i = 0; i < 100; i += 7)
        w.v[i] = 0.0f; /* 15 zeros */
    sb_dense_alloc(&orig, 10, 10);
    memcpy(orig.v, w.v, 100 * sizeof(float));
    assert_int_equal(sb_prune(&w, &p, 0.3, &err), 0);
    assert_int_equal(count_zeros(&w), 30);
    assert_smallest_pruned(&orig, &w);
    /* More zeros than asked for: nothing more is pruned, nothing comes back. */
    assert_int_equal(sb_prune(&w, &p, 0.2, &err), 0);
    assert_int_equal(count_zeros(&w), 30);
    sb_dense_free(&w);
    sb_dense_free(&orig);
}

/* A large matrix gets exactly the asked-for count of zeros. (No wall-clock limit here: a timed
 * assertion fails under load and proves nothing; speed belongs in bench/.) */
static void test_unstructured_large(void **state)
{
    (void)state;
    sb_dense w;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense_random(&w, 4096, 4096, 9);
    assert_int_equal(sb_prune(&w, &p, 0.9, &err), 0);
    assert_int_equal(count_zeros(&w), llround(0.9 * 4096.0 * 4096.0));
    sb_dense_free(&w);
}

static void test_bad_sparsity(void **state)
{
    (void)state;
    sb_dense w;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense_random(&w, 4, 4, 1);
    assert_int_equal(sb_prune(&w, &p, 1.5, &err), -1);
    assert_non_null(strstr(err.msg, "outside [0, 1]"));
    assert_int_equal(sb_prune(&w, &p, NAN, &err), -1);
    assert_int_equal(count_zeros(&w), 0);
    sb_dense_free(&w);
}

static double block_norm2(const sb_dense *d, int bi, int bj, int br, int bc)
{
    double s = 0.0;
    for (int i = 0; i < br; i++)
        for (int j = 0; j < bc; j++) {
            double x = d->v[(size_t)(bi * br + i) * d->cols + bj * bc + j];
            s += x * x;
        }
    return s;
}

static void test_block_exact(void **state)
{
    (void)state;
    const int cases[][4] = {{8, 8, 2, 2}, {12, 20, 4, 4}, {6, 9, 3, 3}, {16, 16, 1, 4}, {5, 7, 5, 7}};
    const double sparsities[] = {0.0, 0.25, 0.5, 0.8, 1.0};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t k = 0; k < sizeof sparsities / sizeof sparsities[0]; k++) {
            int rows = cases[c][0], cols = cases[c][1], br = cases[c][2], bc = cases[c][3];
            sb_pattern p = {.kind = SB_PATTERN_BLOCK, .block_rows = br, .block_cols = bc};
            sb_dense orig, w;
            sb_error err;
            sb_dense_random(&orig, rows, cols, 7 + c);
            sb_dense_random(&w, rows, cols, 7 + c);
            assert_int_equal(sb_prune(&w, &p, sparsities[k], &err), 0);
            int nblocks = (rows / br) * (cols / bc), zeroed = 0;
            double max_zeroed = 0.0, min_kept = INFINITY;
            for (int bi = 0; bi < rows / br; bi++)
                for (int bj = 0; bj < cols / bc; bj++) {
                    int nz = 0, same = 0;
                    for (int i = 0; i < br; i++)
                        for (int j = 0; j < bc; j++) {
                            size_t at = (size_t)(bi * br + i) * cols + bj * bc + j;
                            nz += w.v[at] != 0.0f;
                            same += w.v[at] == orig.v[at];
                        }
                    assert_true(nz == 0 || same == br * bc); /* all zero or untouched */
                    double norm = block_norm2(&orig, bi, bj, br, bc);
                    if (nz == 0) {
                        zeroed++;
                        max_zeroed = fmax(max_zeroed, norm);
                    } else {
                        min_kept = fmin(min_kept, norm);
                    }
                }
            assert_int_equal(zeroed, llround(sparsities[k] * nblocks));
            assert_true(max_zeroed <= min_kept);
            sb_dense_free(&orig);
            sb_dense_free(&w);
        }
}

static void test_block_needs_whole_blocks(void **state)
{
    (void)state;
    sb_dense w;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_BLOCK, .block_rows = 4, .block_cols = 4};
    sb_dense_random(&w, 10, 16, 1);
    assert_int_equal(sb_prune(&w, &p, 0.5, &err), -1);
    assert_non_null(strstr(err.msg, "M (=10) to be a multiple of the block rows (4)"));
    sb_dense_free(&w);
    sb_dense_random(&w, 16, 18, 1);
    assert_int_equal(sb_prune(&w, &p, 0.5, &err), -1);
    assert_non_null(strstr(err.msg, "K (=18) to be a multiple of the block cols (4)"));
    assert_int_equal(count_zeros(&w), 0);
    sb_dense_free(&w);
}

static void test_nm_every_group(void **state)
{
    (void)state;
    const int nm[][2] = {{2, 4}, {1, 4}, {2, 8}, {4, 8}, {1, 2}, {3, 16}};
    for (size_t c = 0; c < sizeof nm / sizeof nm[0]; c++) {
        int n = nm[c][0], m = nm[c][1];
        sb_pattern p = {.kind = SB_PATTERN_NM, .nm_n = n, .nm_m = m};
        sb_dense orig, w;
        sb_error err;
        sb_dense_random(&orig, 9, 64, 3 + c);
        sb_dense_random(&w, 9, 64, 3 + c);
        assert_int_equal(sb_prune(&w, &p, 0.123 /* ignored */, &err), 0);
        for (int g = 0; g < 9 * 64 / m; g++) {
            int kept = 0;
            float max_pruned = 0.0f, min_kept = INFINITY;
            for (int q = g * m; q < (g + 1) * m; q++) {
                if (w.v[q] != 0.0f) {
                    kept++;
                    assert_true(w.v[q] == orig.v[q]);
                    min_kept = fminf(min_kept, fabsf(orig.v[q]));
                } else {
                    max_pruned = fmaxf(max_pruned, fabsf(orig.v[q]));
                }
            }
            assert_int_equal(kept, n);
            assert_true(max_pruned <= min_kept);
        }
        sb_dense_free(&orig);
        sb_dense_free(&w);
    }
}

static void test_nm_ties_and_errors(void **state)
{
    (void)state;
    sb_dense w;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_dense_alloc(&w, 1, 8);
    const float in[8] = {1, -1, 1, -1, 0, 0, 0, 3};
    memcpy(w.v, in, sizeof in);
    assert_int_equal(sb_prune(&w, &p, 0.0, &err), 0);
    const float expect[8] = {0, 0, 1, -1, 0, 0, 0, 3}; /* ties: the earlier position goes */
    assert_memory_equal(w.v, expect, sizeof expect);
    sb_dense_free(&w);

    sb_dense_random(&w, 4, 10, 1);
    assert_int_equal(sb_prune(&w, &p, 0.5, &err), -1);
    assert_non_null(strstr(err.msg, "multiple of M (=4)"));
    sb_pattern bad = {.kind = SB_PATTERN_NM, .nm_n = 4, .nm_m = 4};
    assert_int_equal(sb_prune(&w, &bad, 0.5, &err), -1);
    assert_non_null(strstr(err.msg, "1 <= N < M <= 16"));
    bad.nm_n = 2;
    bad.nm_m = 32;
    assert_int_equal(sb_prune(&w, &bad, 0.5, &err), -1);
    assert_int_equal(count_zeros(&w), 0);
    sb_dense_free(&w);
}

static void test_pattern_names(void **state)
{
    (void)state;
    char buf[16];
    sb_pattern b = {.kind = SB_PATTERN_BLOCK, .block_rows = 4, .block_cols = 8};
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_pattern u = {.kind = SB_PATTERN_UNSTRUCTURED};
    assert_string_equal(sb_pattern_name(SB_PATTERN_UNSTRUCTURED), "unstructured");
    assert_string_equal(sb_pattern_name(SB_PATTERN_BLOCK), "block");
    assert_string_equal(sb_pattern_name(SB_PATTERN_NM), "nm");
    sb_pattern_label(&b, buf, sizeof buf);
    assert_string_equal(buf, "4x8");
    sb_pattern_label(&nm, buf, sizeof buf);
    assert_string_equal(buf, "2:4");
    sb_pattern_label(&u, buf, sizeof buf);
    assert_string_equal(buf, "");
}

static void test_dense_random(void **state)
{
    (void)state;
    sb_dense a, b, c;
    sb_dense_random(&a, 31, 17, 42);
    sb_dense_random(&b, 31, 17, 42);
    sb_dense_random(&c, 31, 17, 43);
    assert_memory_equal(a.v, b.v, 31 * 17 * sizeof(float)); /* same seed, same weights */
    assert_memory_not_equal(a.v, c.v, 31 * 17 * sizeof(float));
    assert_int_equal(sb_dense_count_nonzeros(&a), 31 * 17);
    a.v[3] = 0.0f;
    assert_int_equal(sb_dense_count_nonzeros(&a), 31 * 17 - 1);
    sb_dense_free(&a);
    sb_dense_free(&b);
    sb_dense_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_random),
        cmocka_unit_test(test_unstructured_exact),
        cmocka_unit_test(test_unstructured_ties_by_index),
        cmocka_unit_test(test_unstructured_existing_zeros),
        cmocka_unit_test(test_unstructured_large),
        cmocka_unit_test(test_bad_sparsity),
        cmocka_unit_test(test_block_exact),
        cmocka_unit_test(test_block_needs_whole_blocks),
        cmocka_unit_test(test_nm_every_group),
        cmocka_unit_test(test_nm_ties_and_errors),
        cmocka_unit_test(test_pattern_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
