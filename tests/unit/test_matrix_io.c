/* Matrix files: good ones load exactly, every kind of malformed one fails with a message that
 * names the file and the problem, writers round-trip through the readers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_matrix_io.h"
#include "test_support.h"
#include "sb_rng.h"


/* Loads a bad fixture with the reader for its suffix; expects -1 and a message naming the file,
 * the given line (0: none) and the problem. */
static void expect_failure(const char *name, int line, const char *problem)
{
    char *path = sb_test_fixture("matrices", name);
    sb_error err = {{0}};
    int rc;
    if (strstr(name, ".smtx")) {
        sb_csr c;
        rc = sb_read_smtx(path, 1, &c, &err);
    } else if (strstr(name, ".mtx")) {
        sb_dense d;
        rc = sb_read_mtx(path, 1, &d, &err);
    } else {
        sb_dense d;
        rc = sb_read_npy(path, &d, &err);
    }
    print_message("%s\n", err.msg);
    assert_int_equal(rc, -1);
    char *where = line ? sb_asprintf("%s:%d: ", path, line) : sb_asprintf("%s: ", path);
    assert_non_null(strstr(err.msg, where));
    assert_non_null(strstr(err.msg, problem));
    free(where);
    free(path);
}

static void test_smtx_good(void **state)
{
    (void)state;
    char *path = sb_test_fixture("matrices", "good.smtx");
    sb_csr c;
    sb_error err;
    assert_int_equal(sb_read_smtx(path, 77, &c, &err), 0);
    assert_int_equal(c.rows, 3);
    assert_int_equal(c.cols, 4);
    assert_int_equal(c.nnz, 5);
    const int32_t row_ptr[4] = {0, 2, 2, 5}, col_idx[5] = {1, 3, 0, 2, 3};
    assert_memory_equal(c.row_ptr, row_ptr, sizeof row_ptr);
    assert_memory_equal(c.col_idx, col_idx, sizeof col_idx);
    sb_rng rng; /* values: the seeded generator in storage order */
    sb_rng_seed(&rng, 77);
    for (int k = 0; k < 5; k++)
        assert_true(c.val[k] == sb_rng_weight(&rng));
    sb_csr_free(&c);
    free(path);
}

static void test_smtx_bad(void **state)
{
    (void)state;
    expect_failure("bad_truncated.smtx", 2, "truncated");
    expect_failure("bad_nnz.smtx", 3, "header says nnz = 5 but 4 column indices follow");
    expect_failure("bad_offsets_end.smtx", 2, "nnz");
    expect_failure("bad_monotonic.smtx", 2, "not monotonic");
    expect_failure("bad_range.smtx", 3, "out of range");
    expect_failure("bad_number.smtx", 3, "not a number");
    expect_failure("bad_duplicate.smtx", 3, "not increasing");
    expect_failure("bad_nan.smtx", 3, "'nan' is not a number");
    expect_failure("bad_rows_huge.smtx", 1, "the header promises 100000 rows");
    expect_failure("no_such_file.smtx", 0, "cannot open");
}

/* A real DLMC file, checked against the collection's own statistics. */
static void test_smtx_dlmc(void **state)
{
    (void)state;
    const char *data = getenv("SB_DATA_DIR");
    if (!data || !*data) {
        print_message("SB_DATA_DIR is not set: skipping the real DLMC file\n");
        skip();
    }
    char *path = sb_path_join(data, "dlmc/rn50/magnitude_pruning/0.9/"
                                    "bottleneck_2_block_group1_1_1.smtx");
    if (!sb_file_exists(path)) {
        print_message("%s is missing: skipping the real DLMC file\n", path);
        free(path);
        skip();
    }
    sb_csr c;
    sb_error err;
    assert_int_equal(sb_read_smtx(path, 1, &c, &err), 0);
    assert_int_equal(c.rows, 64);
    assert_int_equal(c.cols, 576);
    assert_int_equal(c.nnz, 3686);
    for (int64_t k = 0; k < c.nnz; k++)
        assert_true(c.val[k] != 0.0f);
    sb_dense d;
    sb_csr_to_dense(&c, &d);
    assert_int_equal(sb_dense_count_nonzeros(&d), 3686);
    sb_dense_free(&d);
    sb_csr_free(&c);
    free(path);
}

static void test_mtx_good(void **state)
{
    (void)state;
    sb_dense d;
    sb_error err;
    char *path = sb_test_fixture("matrices", "good_general.mtx");
    assert_int_equal(sb_read_mtx(path, 1, &d, &err), 0);
    const float general[12] = {1.5f, 0, 0, -0.225f, 0, 0, 1000, 0, 0, 0, 0, 0};
    assert_int_equal(d.rows, 3);
    assert_int_equal(d.cols, 4);
    assert_memory_equal(d.v, general, sizeof general); /* the explicit zero stays zero */
    sb_dense_free(&d);
    free(path);

    path = sb_test_fixture("matrices", "good_symmetric.mtx");
    assert_int_equal(sb_read_mtx(path, 1, &d, &err), 0);
    const float symmetric[9] = {4, 0, -7, 0, 5, 0, -7, 0, 0};
    assert_memory_equal(d.v, symmetric, sizeof symmetric);
    sb_dense_free(&d);
    free(path);

    path = sb_test_fixture("matrices", "good_skew.mtx");
    assert_int_equal(sb_read_mtx(path, 1, &d, &err), 0);
    const float skew[9] = {0, -0.5f, 0, 0.5f, 0, 1, 0, -1, 0};
    assert_memory_equal(d.v, skew, sizeof skew);
    sb_dense_free(&d);
    free(path);

    path = sb_test_fixture("matrices", "good_array.mtx");
    assert_int_equal(sb_read_mtx(path, 1, &d, &err), 0);
    const float array[6] = {1, 2, 3, 4, 5, 6}; /* stored column-major */
    assert_memory_equal(d.v, array, sizeof array);
    sb_dense_free(&d);
    free(path);

    path = sb_test_fixture("matrices", "good_pattern.mtx");
    assert_int_equal(sb_read_mtx(path, 9, &d, &err), 0);
    sb_rng rng;
    sb_rng_seed(&rng, 9);
    float a = sb_rng_weight(&rng), b = sb_rng_weight(&rng), c = sb_rng_weight(&rng);
    const float pattern[6] = {0, a, 0, b, 0, c};
    assert_memory_equal(d.v, pattern, sizeof pattern);
    sb_dense_free(&d);
    free(path);
}

static void test_mtx_bad(void **state)
{
    (void)state;
    expect_failure("bad_complex.mtx", 1, "unsupported");
    expect_failure("bad_hermitian.mtx", 1, "unsupported");
    expect_failure("bad_banner.mtx", 1, "unsupported");
    expect_failure("bad_truncated.mtx", 5, "truncated");
    expect_failure("bad_nnz.mtx", 5, "nnz");
    expect_failure("bad_range.mtx", 4, "out of range");
    expect_failure("bad_number.mtx", 4, "not a number");
    expect_failure("bad_duplicate.mtx", 4, "duplicate");
    /* values that are not finite float32 numbers: refused with their line (issue 11, item 9) */
    expect_failure("bad_nnz_huge.mtx", 2, "header says nnz = 900000 but the file holds only 71 bytes");
    expect_failure("bad_nan.mtx", 4, "'nan' is not a finite value");
    expect_failure("bad_inf.mtx", 4, "'-inf' is not a finite value");
    expect_failure("bad_overflow.mtx", 4, "'1e39' is out of range for float32");
    /* every non-zero subnormal: explained, not left to make every kernel `wrong` */
    expect_failure("bad_subnormal.mtx", 0, "every non-zero weight is subnormal");
}

static void test_npy_good(void **state)
{
    (void)state;
    const char *names[] = {"good_f32.npy", "good_f32_fortran.npy", "good_f32_v2.npy"};
    const float want[6] = {1, -2.5f, 3, 0.125f, 0, -7};
    for (int i = 0; i < 3; i++) {
        sb_dense d;
        sb_error err;
        char *path = sb_test_fixture("matrices", names[i]);
        assert_int_equal(sb_read_npy(path, &d, &err), 0);
        assert_int_equal(d.rows, 2);
        assert_int_equal(d.cols, 3);
        assert_memory_equal(d.v, want, sizeof want);
        sb_dense_free(&d);
        free(path);
    }
}

static void test_npy_float16(void **state)
{
    (void)state;
    sb_dense d;
    sb_error err;
    char *path = sb_test_fixture("matrices", "good_f16.npy");
    assert_int_equal(sb_read_npy(path, &d, &err), 0);
    assert_int_equal(d.rows, 3);
    assert_int_equal(d.cols, 3);
    const float want[9] = {1, -2, 65504, 0x1p-24f /* smallest subnormal */, -0x1p-15f, -65504,
                           0, -0.0f, 0.333251953125f};
    assert_memory_equal(d.v, want, sizeof want); /* bit-exact, -0 included */
    sb_dense_free(&d);
    free(path);
}

static void test_npy_bad(void **state)
{
    (void)state;
    expect_failure("bad_3d.npy", 0, "not 2-D");
    expect_failure("bad_1d.npy", 0, "not 2-D");
    expect_failure("bad_f64.npy", 0, "not float32 or float16");
    expect_failure("bad_bigendian.npy", 0, "unsupported");
    expect_failure("bad_magic.npy", 0, "not a .npy file");
    expect_failure("bad_truncated.npy", 0, "truncated");
    /* a second 'shape' key: refused (numpy would take the last one, the old pre-check the first) */
    expect_failure("bad_dup_shape.npy", 0, "the key 'shape' is given twice");
    /* NaN and Inf with their position, float32 and float16 (issue 11, item 9) */
    expect_failure("bad_nan.npy", 0, "the value at [2, 1] is NaN");
    expect_failure("bad_inf_f16.npy", 0, "the value at [1, 2] is +Inf");
    expect_failure("bad_subnormal.npy", 0, "every non-zero weight is subnormal");
}

/* read_shape of a fixture with the reader for its suffix. */
static int read_shape(const char *path, int *rows, int *cols, sb_error *err)
{
    if (strstr(path, ".smtx"))
        return sb_smtx_read_shape(path, rows, cols, err);
    if (strstr(path, ".mtx"))
        return sb_mtx_read_shape(path, rows, cols, err);
    return sb_npy_read_shape(path, rows, cols, err);
}

/* The reader of a fixture: 0 and its shape, or -1. */
static int read_whole(const char *path, int *rows, int *cols, sb_error *err)
{
    int rc;
    if (strstr(path, ".smtx")) {
        sb_csr c;
        if ((rc = sb_read_smtx(path, 1, &c, err)) == 0) {
            *rows = c.rows;
            *cols = c.cols;
            sb_csr_free(&c);
        }
        return rc;
    }
    sb_dense d;
    rc = strstr(path, ".mtx") ? sb_read_mtx(path, 1, &d, err) : sb_read_npy(path, &d, err);
    if (rc == 0) {
        *rows = d.rows;
        *cols = d.cols;
        sb_dense_free(&d);
    }
    return rc;
}

/* The config's pre-check (read_shape) and the load can never disagree (issue 11, item 8): over
 * every fixture, a file the reader loads has read_shape's shape, and a file read_shape refuses
 * the reader refuses with the same message. */
static void test_read_shape_agrees_with_reader(void **state)
{
    (void)state;
    char *dir = sb_test_fixture("matrices", "");
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int files = 0, loaded = 0, refused_early = 0;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (!strstr(n, ".smtx") && !strstr(n, ".mtx") && !strstr(n, ".npy"))
            continue;
        char *path = sb_path_join(dir, n);
        int r1 = -1, c1 = -1, r2 = -2, c2 = -2;
        sb_error e1 = {{0}}, e2 = {{0}};
        int shape_rc = read_shape(path, &r1, &c1, &e1), load_rc = read_whole(path, &r2, &c2, &e2);
        print_message("%-22s read_shape %d (%dx%d) load %d (%dx%d) %s\n", n, shape_rc, r1, c1,
                      load_rc, r2, c2, shape_rc ? e1.msg : e2.msg);
        if (load_rc == 0) {
            assert_int_equal(shape_rc, 0);
            assert_int_equal(r1, r2);
            assert_int_equal(c1, c2);
            loaded++;
        }
        if (shape_rc != 0) {
            assert_int_equal(load_rc, -1);
            assert_string_equal(e1.msg, e2.msg);
            refused_early++;
        }
        files++;
        free(path);
    }
    closedir(d);
    free(dir);
    assert_true(files >= 42 && loaded >= 11 && refused_early >= 12);

    /* the files the old pre-check got wrong */
    int rows, cols;
    sb_error err;
    char *path = sb_test_fixture("matrices", "good_skew.mtx");
    assert_int_equal(sb_mtx_read_shape(path, &rows, &cols, &err), 0);
    assert_int_equal(rows, 3);
    assert_int_equal(cols, 3);
    free(path);
    path = sb_test_fixture("matrices", "good_dq.npy"); /* double-quoted keys */
    assert_int_equal(sb_npy_read_shape(path, &rows, &cols, &err), 0);
    assert_int_equal(rows, 2);
    assert_int_equal(cols, 3);
    free(path);
    path = sb_test_fixture("matrices", "bad_dup_shape.npy");
    assert_int_equal(sb_npy_read_shape(path, &rows, &cols, &err), -1);
    assert_non_null(strstr(err.msg, "given twice"));
    free(path);
}

static char *temp_path(const char *name)
{
    char *path = sb_asprintf("/tmp/sb_test_matrix_io_%d_%s", (int)getpid(), name);
    return path;
}

static void test_writers_round_trip(void **state)
{
    (void)state;
    sb_dense w, back;
    sb_csr c;
    sb_error err;
    sb_pattern p = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense_random(&w, 13, 29, 4);
    assert_int_equal(sb_prune(&w, &p, 0.6, &err), 0);
    w.v[5] = 3e-39f;    /* subnormal, largest and inexact values must survive the text too */
    w.v[7] = -3.4e38f;
    w.v[9] = 0.1f;
    sb_csr_from_dense(&c, &w);

    char *mtx = temp_path("a.mtx"), *npy = temp_path("a.npy");
    assert_int_equal(sb_write_mtx(mtx, &c, &err), 0);
    assert_int_equal(sb_read_mtx(mtx, 1, &back, &err), 0);
    assert_int_equal(back.rows, 13);
    assert_int_equal(back.cols, 29);
    assert_memory_equal(back.v, w.v, sizeof(float) * 13 * 29);
    sb_dense_free(&back);

    assert_int_equal(sb_write_npy_f32(npy, w.v, 13, 29, &err), 0);
    size_t len;
    char *bytes = sb_read_file(npy, &len, &err);
    assert_non_null(bytes);
    assert_int_equal((10 + (bytes[8] & 0xff)) % 64, 0); /* data aligned to 64 bytes */
    assert_int_equal(len, 10 + (bytes[8] & 0xff) + 4 * 13 * 29);
    free(bytes);
    assert_int_equal(sb_read_npy(npy, &back, &err), 0);
    assert_memory_equal(back.v, w.v, sizeof(float) * 13 * 29);
    sb_dense_free(&back);

    assert_int_equal(sb_write_npy_f32("/nonexistent/dir/a.npy", w.v, 13, 29, &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/a.npy"));
    unlink(mtx);
    unlink(npy);
    free(mtx);
    free(npy);
    sb_csr_free(&c);
    sb_dense_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smtx_good),
        cmocka_unit_test(test_smtx_bad),
        cmocka_unit_test(test_smtx_dlmc),
        cmocka_unit_test(test_mtx_good),
        cmocka_unit_test(test_mtx_bad),
        cmocka_unit_test(test_npy_good),
        cmocka_unit_test(test_npy_float16),
        cmocka_unit_test(test_npy_bad),
        cmocka_unit_test(test_read_shape_agrees_with_reader),
        cmocka_unit_test(test_writers_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
