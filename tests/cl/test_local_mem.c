/* Automatic choices on a device of 32 KB of local memory (SPARSEBENCH_FAKE_LOCAL_MEM=32768, as
 * many GPUs: csr_tile and nm_tile at BK 32 need more): csr_auto's tile rule, on the device's own
 * features (GPU rules forced: the test device is PoCL, a CPU), and the nm kernel's TILE_MIN_N rule
 * take BK 16, run, and are checked against the double-precision reference (kernel_check.h); the
 * variant says BK=16. Under oclgrind (its device has 32 KB) the same without the fake. */
#include "kernel_check.h"
#include "sb_csr_auto.h"
#include "sb_nm_auto.h"

#define FAKE_LOCAL 32768

static void test_reports_fake(void **state)
{
    (void)state;
    assert_true(tester.dev->local_mem_bytes <= FAKE_LOCAL);
}

/* 130 x 1100 at 50%, N = 70: the tile rule's BK 32 (N <= 512, K >= 1024) where it fits. */
static void test_csr_auto_tile_bk16(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 130, 1100, 81);
    assert_int_equal(sb_prune(&A, &un, 0.5, &err), 0);
    sb_csr csr;
    sb_csr_from_dense(&csr, &A);
    sb_csr_auto_features f; /* what csr_auto's prepare reads here, on a GPU */
    sb_csr_auto_device_features(tester.dev, &csr, 70, 0, 0, &f);
    sb_csr_free(&csr);
    assert_int_equal(f.local_mem, tester.dev->local_mem_bytes);
    f.gpu = 1;
    /* the tile rule's parallelism pinned: 130 x 70 is 6 tiles, split in K to one work-group per
     * CU on 2-8 CUs (PoCL here: 2), too few for the H200's 132, where the rule rightly does not
     * fire; this test is about the device's local memory, not its compute units */
    f.compute_units = 4;
    sb_csr_auto_features h200 = f;
    h200.local_mem = 49152;
    sb_csr_auto_choice c;
    sb_csr_auto_choose(&h200, &c);
    assert_string_equal(c.kernel, "csr_tile");
    assert_int_equal(sb_auto_param(&c, "csr_tile.BK"), 32);
    sb_csr_auto_choose(&f, &c);
    assert_string_equal(c.rule, "tile");
    assert_string_equal(c.kernel, "csr_tile");
    assert_int_equal(sb_auto_param(&c, "csr_tile.BK"), 16);
    sb_params_free(&tester.params);
    for (int j = 0; j < c.n_params; j++)
        set_param_int(c.params[j].key, c.params[j].value);
    check_case("csr_tile", &A, &un, 4, 70, 82, 0, "BK=16");
    /* BK 32, what the rule took before, fails here with csr_tile's own message */
    set_param_int("csr_tile.BK", 32);
    sb_row row;
    assert_int_equal(sb_tester_run(&tester, "csr_tile", &A, &un, 4, 70, 83, &row, &err), 0);
    free(row.samples_ms);
    assert_int_equal(row.status, SB_FAILED);
    assert_non_null(strstr(row.message, "bytes of local memory, device"));
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* nm at nm_spmm.AUTO=0: the tile from TILE_MIN_N on, BK 32 at N <= 512 with K >= 1024 where
 * nm_tile's 36 KB fit, else BK 16. TILE_MIN_N 1 takes the tile whatever the device's compute units
 * (at 64, 130 x 70's work-groups fill half of 2 CUs, not of the H200's 132: there the gather ran). */
static void test_nm_tile_min_n_bk16(void **state)
{
    (void)state;
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 130, 1100, 84);
    assert_int_equal(sb_prune(&A, &nm, 0.5, &err), 0);
    sb_params_free(&tester.params);
    sb_params_set(&tester.params, "nm_spmm.AUTO", "0");
    sb_params_set(&tester.params, "nm_spmm.TILE_MIN_N", "1");
    check_case("nm", &A, &nm, 4, 70, 85, 0, "BK=16");
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* nm's model on the device's features, on a GPU: the tile (18 KB at BK 16) fits 32 KB; at 16 KB
 * (where it does not) the gather. */
static void test_nm_model_fits(void **state)
{
    (void)state;
    sb_nm_auto_features f;
    sb_nm_auto_device_features(tester.dev, 1024, 1024, 256, 2, 4, 1, &f);
    assert_int_equal(f.local_mem, tester.dev->local_mem_bytes);
    f.gpu = 1;
    f.compute_units = 132;
    sb_nm_auto_choice c;
    sb_nm_auto_choose(&f, &c);
    assert_string_equal(c.kernel, "nm_tile");
    f.local_mem = 16384;
    sb_nm_auto_choose(&f, &c);
    assert_string_equal(c.kernel, "nm");
}

int main(void)
{
    char v[16];
    snprintf(v, sizeof v, "%d", FAKE_LOCAL);
    setenv("SPARSEBENCH_FAKE_LOCAL_MEM", v, 1); /* before the device is opened (setup) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reports_fake),
        cmocka_unit_test(test_csr_auto_tile_bk16),
        cmocka_unit_test(test_nm_tile_min_n_bk16),
        cmocka_unit_test(test_nm_model_fits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
