/* CSR, BSR and N:M formats (round trips, byte counts, padding, meta layout), the reference SpMM
 * and the result comparison. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_matrix.h"

static void pruned_random(sb_dense *d, int rows, int cols, double sparsity, uint64_t seed)
{
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense_random(d, rows, cols, seed);
    assert_int_equal(sb_prune(d, &p, sparsity, &err), 0);
}

static void assert_dense_equal(const sb_dense *a, const sb_dense *b)
{
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->cols, b->cols);
    assert_memory_equal(a->v, b->v, (size_t)a->rows * a->cols * sizeof(float));
}

static void test_csr_round_trip(void **state)
{
    (void)state;
    const int shapes[][2] = {{1, 1}, {1, 9}, {9, 1}, {17, 31}, {64, 48}};
    const double sparsities[] = {0.0, 0.5, 0.9, 1.0};
    for (size_t s = 0; s < 5; s++)
        for (size_t k = 0; k < 4; k++) {
            sb_dense d, back;
            sb_csr c;
            pruned_random(&d, shapes[s][0], shapes[s][1], sparsities[k], s * 10 + k);
            sb_csr_from_dense(&c, &d);
            assert_int_equal(c.nnz, sb_dense_count_nonzeros(&d));
            assert_int_equal(c.row_ptr[0], 0);
            assert_int_equal(c.row_ptr[c.rows], c.nnz);
            for (int r = 0; r < c.rows; r++)
                for (int32_t j = c.row_ptr[r] + 1; j < c.row_ptr[r + 1]; j++)
                    assert_true(c.col_idx[j] > c.col_idx[j - 1]);
            assert_int_equal(sb_csr_bytes(&c, 4), 4 * (c.rows + 1) + 8 * c.nnz);
            sb_csr_to_dense(&c, &back);
            assert_dense_equal(&d, &back);
            sb_csr_free(&c);
            sb_dense_free(&d);
            sb_dense_free(&back);
        }
}

/* Blocks holding at least one non-zero, counted the slow way. */
static int64_t naive_nonzero_blocks(const sb_dense *d, int br, int bc)
{
    int64_t n = 0;
    for (int bi = 0; bi * br < d->rows; bi++)
        for (int bj = 0; bj * bc < d->cols; bj++) {
            int any = 0;
            for (int r = bi * br; r < (bi + 1) * br && r < d->rows; r++)
                for (int c = bj * bc; c < (bj + 1) * bc && c < d->cols; c++)
                    any |= d->v[(size_t)r * d->cols + c] != 0.0f;
            n += any;
        }
    return n;
}

static void test_bsr_padded_edges(void **state)
{
    (void)state;
    const int cases[][4] = {{10, 13, 4, 4}, {7, 5, 2, 3}, {1, 1, 4, 4}, {16, 16, 4, 4}, {9, 20, 1, 8}};
    for (size_t k = 0; k < 5; k++) {
        int rows = cases[k][0], cols = cases[k][1], br = cases[k][2], bc = cases[k][3];
        sb_dense d, back;
        sb_bsr b;
        pruned_random(&d, rows, cols, 0.8, 50 + k);
        sb_bsr_from_dense(&b, &d, br, bc);
        assert_int_equal(b.block_rows, (rows + br - 1) / br);
        assert_int_equal(b.block_cols, (cols + bc - 1) / bc);
        assert_int_equal(b.nblocks, naive_nonzero_blocks(&d, br, bc));
        assert_int_equal(b.row_ptr[b.block_rows], b.nblocks);
        assert_int_equal(sb_bsr_stored_values(&b), b.nblocks * br * bc);
        assert_int_equal(sb_bsr_bytes(&b, 4),
                         4 * (b.block_rows + 1) + 4 * b.nblocks + 4 * b.nblocks * br * bc);
        /* Stored values hold every non-zero; the rest of them is fill. */
        int64_t stored_nonzeros = 0;
        for (int64_t i = 0; i < sb_bsr_stored_values(&b); i++)
            stored_nonzeros += b.val[i] != 0.0f;
        assert_int_equal(stored_nonzeros, sb_dense_count_nonzeros(&d));
        sb_bsr_to_dense(&b, &back);
        assert_dense_equal(&d, &back);
        sb_bsr_free(&b);
        sb_dense_free(&d);
        sb_dense_free(&back);
    }
}

static void test_bsr_of_block_pruned(void **state)
{
    (void)state;
    sb_dense d;
    sb_bsr b;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_BLOCK, .block_rows = 4, .block_cols = 4};
    sb_dense_random(&d, 16, 16, 3);
    assert_int_equal(sb_prune(&d, &p, 0.5, &err), 0);
    sb_bsr_from_dense(&b, &d, 4, 4);
    assert_int_equal(b.nblocks, 8);
    assert_int_equal(sb_bsr_stored_values(&b), sb_dense_count_nonzeros(&d)); /* no fill */
    sb_bsr_free(&b);
    sb_dense_free(&d);
}

/* 2:4 by hand: positions and the fill zero at the lowest free position. */
static void test_nm_2_4_meta(void **state)
{
    (void)state;
    sb_dense d;
    sb_nm s;
    sb_error err;
    sb_dense_alloc(&d, 1, 8);
    const float row[8] = {0, 3, 0, 5, 7, 0, 0, 0};
    memcpy(d.v, row, sizeof row);
    assert_int_equal(sb_nm_from_dense(&s, &d, 2, 4, &err), 0);
    assert_int_equal(s.groups, 2);
    assert_int_equal(s.index_bits, 2);
    assert_int_equal(s.values_per_word, 16);
    assert_int_equal(s.meta_words_per_row, 1);
    const float vals[4] = {3, 5, 7, 0};
    assert_memory_equal(s.val, vals, sizeof vals);
    assert_int_equal(s.meta[0], 1u | 3u << 2 | 0u << 4 | 1u << 6);
    assert_int_equal(sb_nm_stored_values(&s), 4);
    assert_int_equal(sb_nm_bytes(&s, 4), 4 * 4 + 4 * 1);
    sb_nm_free(&s);
    sb_dense_free(&d);
}

static void test_nm_1_4_meta(void **state)
{
    (void)state;
    sb_dense d;
    sb_nm s;
    sb_error err;
    sb_dense_alloc(&d, 2, 8);
    d.v[2] = 9;      /* row 0: group 0 keeps position 2, group 1 is empty (fill at 0) */
    d.v[8 + 7] = -1; /* row 1: group 0 empty, group 1 keeps position 3 */
    assert_int_equal(sb_nm_from_dense(&s, &d, 1, 4, &err), 0);
    assert_int_equal(s.index_bits, 2);
    assert_int_equal(s.meta_words_per_row, 1);
    assert_int_equal(s.meta[0], 2u);
    assert_int_equal(s.meta[1], 0u | 3u << 2);
    const float vals[4] = {9, 0, 0, -1};
    assert_memory_equal(s.val, vals, sizeof vals);
    sb_nm_free(&s);
    sb_dense_free(&d);
}

/* m = 8: 3 bits per position, 10 per word, the top 2 bits unused (no straddling). */
static void test_nm_x_8_meta_words(void **state)
{
    (void)state;
    const int ns[] = {2, 4};
    for (int t = 0; t < 2; t++) {
        int n = ns[t];
        sb_dense d, back;
        sb_nm s;
        sb_error err;
        sb_pattern p = {.kind = SB_PATTERN_NM, .nm_n = n, .nm_m = 8};
        sb_dense_random(&d, 3, 48, 11 + t);
        assert_int_equal(sb_prune(&d, &p, 0.0, &err), 0);
        assert_int_equal(sb_nm_from_dense(&s, &d, n, 8, &err), 0);
        assert_int_equal(s.index_bits, 3);
        assert_int_equal(s.values_per_word, 10);
        assert_int_equal(s.meta_words_per_row, (6 * n + 9) / 10);
        for (int r = 0; r < 3; r++)
            for (int j = 0; j < 6 * n; j++) {
                uint32_t word = s.meta[r * s.meta_words_per_row + j / 10];
                int pos = (int)(word >> (3 * (j % 10))) & 7;
                assert_int_equal(pos, sb_nm_position(&s, r, j));
                int col = j / n * 8 + pos;
                assert_true(d.v[r * 48 + col] == s.val[r * 6 * n + j]);
                assert_true(s.val[r * 6 * n + j] != 0.0f);
                if (j % n)
                    assert_true(pos > sb_nm_position(&s, r, j - 1)); /* increasing in a group */
            }
        for (int r = 0; r < 3; r++) /* unused top bits stay zero */
            for (int w = 0; w < s.meta_words_per_row; w++)
                assert_int_equal(s.meta[r * s.meta_words_per_row + w] >> 30, 0);
        assert_int_equal(sb_nm_bytes(&s, 4), 4 * 3 * 6 * n + 4 * 3 * s.meta_words_per_row);
        sb_nm_to_dense(&s, &back);
        assert_dense_equal(&d, &back);
        sb_nm_free(&s);
        sb_dense_free(&d);
        sb_dense_free(&back);
    }
}

static void test_nm_round_trip_and_padding(void **state)
{
    (void)state;
    const int nm[][2] = {{2, 4}, {1, 4}, {1, 2}, {3, 16}};
    for (int t = 0; t < 4; t++) {
        sb_dense d, back;
        sb_nm s;
        sb_error err;
        sb_pattern p = {.kind = SB_PATTERN_NM, .nm_n = nm[t][0], .nm_m = nm[t][1]};
        sb_dense_random(&d, 5, 64, 20 + t);
        assert_int_equal(sb_prune(&d, &p, 0.0, &err), 0);
        assert_int_equal(sb_nm_from_dense(&s, &d, nm[t][0], nm[t][1], &err), 0);
        sb_nm_to_dense(&s, &back);
        assert_dense_equal(&d, &back);
        assert_int_equal(sb_nm_stored_values(&s), sb_dense_count_nonzeros(&d)); /* no fill */
        sb_nm_free(&s);
        sb_dense_free(&d);
        sb_dense_free(&back);
    }
    /* K = 10 is padded to 12 for 2:4; the last group has two real columns. */
    sb_dense d, back;
    sb_nm s;
    sb_error err;
    sb_dense_alloc(&d, 3, 10);
    d.v[0] = 1, d.v[3] = 2, d.v[9] = 3, d.v[10 + 8] = 4, d.v[10 + 9] = 5, d.v[20 + 5] = 6;
    assert_int_equal(sb_nm_from_dense(&s, &d, 2, 4, &err), 0);
    assert_int_equal(s.groups, 3);
    assert_int_equal(sb_nm_stored_values(&s), 3 * 3 * 2);
    assert_int_equal(sb_nm_position(&s, 1, 4), 0);
    assert_int_equal(sb_nm_position(&s, 1, 5), 1);
    sb_nm_to_dense(&s, &back);
    assert_dense_equal(&d, &back);
    sb_nm_free(&s);
    sb_dense_free(&back);
    sb_dense_free(&d);
}

static void test_nm_too_many_nonzeros(void **state)
{
    (void)state;
    sb_dense d;
    sb_nm s;
    sb_error err;
    sb_dense_alloc(&d, 3, 12);
    d.v[2 * 12 + 8] = d.v[2 * 12 + 9] = d.v[2 * 12 + 11] = 1; /* row 2, group 2: three */
    assert_int_equal(sb_nm_from_dense(&s, &d, 2, 4, &err), -1);
    assert_non_null(strstr(err.msg, "row 2, group 2"));
    assert_null(s.val);
    assert_int_equal(sb_nm_from_dense(&s, &d, 4, 4, &err), -1);
    sb_dense_free(&d);
}

static void test_reference_spmm(void **state)
{
    (void)state;
    const int M = 37, K = 53, N = 19;
    sb_dense A, B;
    sb_csr c;
    pruned_random(&A, M, K, 0.7, 1);
    sb_dense_random(&B, K, N, 2);
    sb_csr_from_dense(&c, &A);
    double *C = malloc(sizeof(double) * M * N);
    sb_reference_spmm(&c, B.v, N, C);
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double want = 0.0;
            for (int k = 0; k < K; k++)
                want += (double)A.v[i * K + k] * B.v[k * N + j];
            assert_true(fabs(C[i * N + j] - want) <= 1e-12 * (1.0 + fabs(want)));
        }
    free(C);
    sb_csr_free(&c);
    sb_dense_free(&A);
    sb_dense_free(&B);
}

static void test_compare(void **state)
{
    (void)state;
    const double ref[4] = {3, 0, -4, 0};
    float c[4] = {3, 0, -4, 0};
    sb_compare r = sb_compare_result(c, ref, 4);
    assert_true(r.rel_error == 0.0 && r.max_abs_error == 0.0 && r.nonfinite == 0);
    c[1] = 0.5f; /* ||diff|| = 0.5, ||ref|| = 5 */
    r = sb_compare_result(c, ref, 4);
    assert_true(fabs(r.rel_error - 0.1) < 1e-15);
    assert_true(r.max_abs_error == 0.5);
    c[3] = NAN;
    r = sb_compare_result(c, ref, 4);
    assert_true(isinf(r.rel_error));
    assert_int_equal(r.nonfinite, 1);
    c[3] = -INFINITY;
    c[0] = NAN;
    r = sb_compare_result(c, ref, 4);
    assert_int_equal(r.nonfinite, 2);
    assert_true(isinf(r.rel_error));
    const double zero[2] = {0, 0};
    const float small[2] = {3e-3f, 4e-3f};
    r = sb_compare_result(small, zero, 2);
    assert_true(fabs(r.rel_error - 5e-3) < 1e-9); /* the absolute norm */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csr_round_trip),
        cmocka_unit_test(test_bsr_padded_edges),
        cmocka_unit_test(test_bsr_of_block_pruned),
        cmocka_unit_test(test_nm_2_4_meta),
        cmocka_unit_test(test_nm_1_4_meta),
        cmocka_unit_test(test_nm_x_8_meta_words),
        cmocka_unit_test(test_nm_round_trip_and_padding),
        cmocka_unit_test(test_nm_too_many_nonzeros),
        cmocka_unit_test(test_reference_spmm),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
