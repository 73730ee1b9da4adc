/* CLBlast's tuned parameters (sb_clblast.h): the tuning database's "clblast" section written and
 * read back value for value, every bad entry refused by name; the tuners' output read as CLBlast
 * 1.5 prints it (a real log of clblast_tuner_xgemm, the JSON files, a row cut off by a kill);
 * XGEMM_MIN_INDIRECT_SIZE chosen from the routine tuner's times; the message when the tuners are
 * missing names the package. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_clblast.h"
#include "sb_store.h"
#include "sb_tuning.h"
#include "clblast_tune.h"

static char dir[] = "/tmp/sb_clblast_XXXXXX";

static sb_device fake_device(void)
{
    sb_device d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "cpu-clblast");
    snprintf(d.platform_name, sizeof d.platform_name, "Portable Computing Language");
    snprintf(d.driver_version, sizeof d.driver_version, "9.9");
    return d;
}

/* An entry of kernel k with value base + i for its i-th parameter. */
static sb_clblast_entry entry(const char *kernel, long base, int complete)
{
    const sb_clblast_kernel *k = sb_clblast_kernel_find(kernel);
    assert_non_null(k);
    sb_clblast_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.kernel, sizeof e.kernel, "%s", kernel);
    for (int i = 0; i < k->n_params; i++) {
        snprintf(e.names[i], sizeof e.names[0], "%s", k->params[i]);
        e.values[i] = base + i;
    }
    e.n = k->n_params;
    e.best_ms = 1.25 + base;
    snprintf(e.tuner, sizeof e.tuner, "clblast_tuner_x");
    snprintf(e.shape, sizeof e.shape, "m=%ld n=256 k=512", base);
    e.configs = (int)base * 3;
    e.complete = complete;
    return e;
}

static void test_round_trip(void **state)
{
    (void)state;
    sb_device dev = fake_device();
    char *path = sb_path_join(dir, "db.json");
    sb_tuning_db db;
    sb_error err;
    assert_int_equal(sb_tuning_load(path, &dev, &db, &err), 0);
    assert_int_equal(db.clblast.count, 0);
    const char *kernels[] = {"Xgemm", "XgemmDirect", "GemmRoutine", "XgemvFastRot"};
    for (int i = 0; i < 4; i++) {
        sb_clblast_entry e = entry(kernels[i], 4 + 100 * i, i % 2);
        sb_clblast_tuning_set(&db.clblast, &e);
    }
    sb_clblast_entry again = entry("Xgemm", 7, 1); /* replaces the first Xgemm */
    sb_clblast_tuning_set(&db.clblast, &again);
    snprintf(db.clblast.tuned, sizeof db.clblast.tuned, "2026-12-01T10:00:00Z");
    assert_int_equal(sb_tuning_save(&db, &dev, &err), 0);
    sb_tuning_free(&db);

    sb_tuning_db back;
    if (sb_tuning_load(path, &dev, &back, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(back.clblast.count, 4);
    assert_string_equal(back.clblast.tuned, "2026-12-01T10:00:00Z");
    for (int i = 0; i < 4; i++) {
        sb_clblast_entry want = i == 0 ? entry("Xgemm", 7, 1) : entry(kernels[i], 4 + 100 * i, i % 2);
        const sb_clblast_entry *got = sb_clblast_tuning_find(&back.clblast, kernels[i]);
        assert_non_null(got);
        assert_int_equal(got->n, want.n);
        for (int p = 0; p < want.n; p++) {
            assert_string_equal(got->names[p], want.names[p]);
            assert_int_equal(got->values[p], want.values[p]);
        }
        assert_true(got->best_ms == want.best_ms);
        assert_string_equal(got->tuner, want.tuner);
        assert_string_equal(got->shape, want.shape);
        assert_int_equal(got->configs, want.configs);
        assert_int_equal(got->complete, want.complete);
    }
    sb_tuning_free(&back);
    free(path);
}

/* A database whose clblast section holds `entry_json`: refused, the message holding `expect`. */
static void refused(const char *entry_json, const char *expect)
{
    sb_device dev = fake_device();
    char *path = sb_path_join(dir, "bad.json");
    char *text = sb_asprintf("{\"format\": \"sparsebench-tuning-1\", \"device\": \"cpu-clblast\", "
                             "\"platform\": \"Portable Computing Language\", \"driver\": \"9.9\", "
                             "\"saved\": \"x\", \"entries\": [], \"clblast\": {\"tuned\": \"t\", "
                             "\"entries\": [%s]}}", entry_json);
    sb_error err;
    assert_int_equal(sb_write_atomic(path, text, strlen(text), &err), 0);
    sb_tuning_db db;
    int rc = sb_tuning_load(path, &dev, &db, &err);
    if (rc != -1)
        fail_msg("accepted: %s", entry_json);
    if (!strstr(err.msg, expect) || !strstr(err.msg, "clblast"))
        fail_msg("message '%s' lacks '%s'", err.msg, expect);
    sb_tuning_free(&db);
    free(text);
    free(path);
}

#define TAIL "\"best_ms\": 1, \"tuner\": \"t\", \"shape\": \"s\", \"configs\": 3, \"complete\": true"

static void test_bad_entries_refused(void **state)
{
    (void)state;
    refused("{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 64}, " TAIL "}",
            "Xgemv.WPT1 is missing");
    refused("{\"kernel\": \"Nope\", \"params\": {\"WGS1\": 64}, " TAIL "}", "'Nope'");
    refused("{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 64, \"WPT1\": -1}, " TAIL "}", "WPT1");
    refused("{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 64, \"WPT1\": 2.5}, " TAIL "}", "WPT1");
    refused("{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 64, \"WPT1\": 1, \"X\": 1}, " TAIL "}",
            "Xgemv has 2 parameters");
    refused("{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 64, \"WPT1\": 1}, \"best_ms\": 1, "
            "\"tuner\": \"t\", \"shape\": \"s\", \"configs\": 3, \"complete\": 1}", "complete");
    refused("{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 64, \"WPT1\": 1}, " TAIL "}, "
            "{\"kernel\": \"Xgemv\", \"params\": {\"WGS1\": 32, \"WPT1\": 1}, " TAIL "}",
            "a second entry for Xgemv");
}

/* A log as clblast_tuner_xgemm prints it, colours and all: 2 variants, the second cut off in the
 * middle of a row by the kill. */
static const char *log_two_variants =
    "* Options given/available:\n    -m 256 \n\n"
    "* (1/4) Tuning main GEMM kernel (GEMMK == 0) for fixed set of parameters\n\n"
    "* Found \x1b[1m578 configuration(s)\x1b[0m\n"
    "* Exploring a random subset of \x1b[1m5 configuration(s)\x1b[0m\n"
    "* Parameters explored: GEMMK MWG NWG KWG MDIMC NDIMC MDIMA NDIMB KWI VWM VWN STRM STRN SA SB KREG \n\n"
    "|  ref |     - |   - |       8       8 |     256     128 |             \x1b[32mOK\x1b[0m |     86.62 ms |      - |      \x1b[32mreference OK\x1b[0m |\n"
    "|    1 |     5 |    0   16   16   32    8    8    8    8    2    1    1    0    0    0    0    1 |       8       8 |     512     512 |   \x1b[32mOK\x1b[0m    569 ms |      4.50 ms |    0.4 |     \x1b[32mresults match\x1b[0m |\n"
    "|    2 |     5 |    0   32   32   32    8    8    8    8    2    2    2    0    0    1    1    1 |       8       8 |     512     512 |   \x1b[32mOK\x1b[0m    463 ms |      1.50 ms |    1.4 |     \x1b[32mresults match\x1b[0m |\n"
    "|    3 |     5 |    0   64   64   32    8    8    8    8    2    4    4    0    0    1    1    1 |       8       8 |     512     512 |   \x1b[32mOK\x1b[0m    463 ms |      0.50 ms |    1.4 |     \x1b[31mL2 error 1.0e+00\x1b[0m |\n"
    "|    4 |     5 |    0   64   64   32   16   16   16   16    2    1    1    0    0    1    1    1 |       8       8 |     512     512 |  \x1b[31mcompilation error:   -11\x1b[0m     |      - |                 - | <-- skipping\n"
    "* (2/4) Tuning main GEMM kernel (GEMMK == 0) for random parameters out of larger set\n\n"
    "* Found \x1b[1m120800 configuration(s)\x1b[0m\n"
    "* Parameters explored: GEMMK MWG NWG KWG MDIMC NDIMC MDIMA NDIMB KWI VWM VWN STRM STRN SA SB KREG \n\n"
    "|    1 |   235 |    0  128   64   16   16   16   16   16    2    4    2    1    0    1    0    1 |      16      16 |     256     512 |   \x1b[32mOK\x1b[0m    500 ms |      1.00 ms |    2.0 |     \x1b[32mresults match\x1b[0m |\n"
    "|    2 |   235 |    0   16   16   16    8    8    8    8    2    1    1    0    0    0    0    1 |       8       8 |     512     512 |   \x1b[32mOK\x1b[0m    500 ms |      0.25 m";

static void test_log_rows(void **state)
{
    (void)state;
    sb_clblast_found f = {0};
    int counts[8] = {0};
    /* both sections read: the valid rows only (not the wrong, the failed or the cut-off one) */
    assert_int_equal(sb_clblast_parse_log(log_two_variants, 3u, &f, counts, 8), 2);
    assert_int_equal(counts[0], 578);
    assert_int_equal(counts[1], 120800);
    assert_int_equal(f.count, 1);
    const sb_clblast_entry *e = &f.items[0];
    assert_string_equal(e->kernel, "Xgemm");
    assert_int_equal(e->configs, 3);
    assert_true(e->best_ms == 1.0);
    /* stored in the database's order: GEMMK KREG KWG KWI MDIMA MDIMC MWG NDIMB NDIMC NWG SA SB
     * STRM STRN VWM VWN */
    const long want[] = {0, 1, 16, 2, 16, 16, 128, 16, 16, 64, 1, 0, 1, 0, 4, 2};
    assert_int_equal(e->n, 16);
    for (int i = 0; i < 16; i++) {
        assert_string_equal(e->names[i], sb_clblast_kernel_find("Xgemm")->params[i]);
        assert_int_equal(e->values[i], want[i]);
    }
    /* only the first section read (the second finished with its JSON) */
    sb_clblast_found g = {0};
    sb_clblast_parse_log(log_two_variants, 1u, &g, counts, 8);
    assert_int_equal(g.count, 1);
    assert_int_equal(g.items[0].configs, 2);
    assert_true(g.items[0].best_ms == 1.5);
    assert_int_equal(g.items[0].values[6], 32); /* MWG */
}

static char *fixture(const char *name)
{
    const char *src = getenv("SB_SOURCE_DIR");
    assert_non_null(src);
    char *path = sb_asprintf("%s/tests/data/clblast/%s", src, name);
    sb_error err;
    char *text = sb_read_file(path, NULL, &err);
    if (!text)
        fail_msg("%s", err.msg);
    free(path);
    return text;
}

/* A real log of CLBlast 1.5.3's clblast_tuner_xgemm on PoCL, killed in its second variant. */
static void test_real_log(void **state)
{
    (void)state;
    char *text = fixture("xgemm.log");
    sb_clblast_found f = {0};
    int counts[8] = {0};
    int sections = sb_clblast_parse_log(text, ~0u, &f, counts, 8);
    assert_true(sections >= 1);
    assert_int_equal(counts[0], 578);
    assert_int_equal(f.count, 1);
    assert_string_equal(f.items[0].kernel, "Xgemm");
    /* every "results match" row counted; the best is the least time among them */
    int rows = 0;
    double best = INFINITY;
    for (char *p = text; (p = strstr(p, "results match")); p++) {
        rows++;
        char *bar = p;
        int back = 0;
        while (bar > text && back < 3) /* the time is three fields before the status */
            if (*--bar == '|')
                back++;
        double ms = strtod(bar + 1, NULL);
        best = ms < best ? ms : best;
    }
    assert_true(rows > 0);
    assert_int_equal(f.items[0].configs, rows);
    assert_true(fabs(f.items[0].best_ms - best) < 1e-9);
    free(text);
}

static void test_json(void **state)
{
    (void)state;
    const char *json =
        "{\n  \"kernel_family\": \"xgemv_fast\",\n  \"precision\": \"32\",\n  \"results\": [\n"
        "    {\"kernel\": \"XgemvFast\", \"time\": 0.50, \"parameters\": {\"WGS2\": 64,\"WPT2\": 1,"
        "\"VW2\": 1,\"PRECISION\": 32}},\n"
        "    {\"kernel\": \"XgemvFast\", \"time\": 0.25, \"parameters\": {\"WGS2\": 128,\"WPT2\": 4,"
        "\"VW2\": 4,\"PRECISION\": 32}},\n"
        "    {\"kernel\": \"XgemvFast\", \"time\": 0.10, \"parameters\": {\"WGS2\": 128,\"WPT2\": 4,"
        "\"PRECISION\": 32}}\n  ]\n}\n";
    sb_clblast_found f = {0};
    sb_error err;
    assert_int_equal(sb_clblast_parse_json(json, &f, &err), 0);
    assert_int_equal(f.count, 1); /* the third names no kernel's full set: ignored */
    assert_string_equal(f.items[0].kernel, "XgemvFast");
    assert_int_equal(f.items[0].configs, 2);
    assert_true(f.items[0].best_ms == 0.25);
    assert_string_equal(f.items[0].names[0], "VW2");
    assert_int_equal(f.items[0].values[0], 4);
    assert_int_equal(f.items[0].values[1], 128);
    assert_int_equal(sb_clblast_parse_json("{\"x\": 1}", &f, &err), -1);
}

static void test_indirect_threshold(void **state)
{
    (void)state;
    sb_clblast_shape sh[3] = {{4096, 256, 4096}, {512, 16, 512}, {1024, 64, 1024}};
    /* direct wins on the two small ones, indirect on the big one */
    double direct[3] = {50, 0.1, 1.0}, indirect[3] = {40, 0.3, 2.0};
    long t = sb_clblast_indirect_threshold(sh, direct, indirect, 3);
    double big = 4096.0 * 256 * 4096, mid = 1024.0 * 64 * 1024;
    assert_true(mid < (double)t * t * t && (double)t * t * t <= big);
    /* indirect everywhere: every shape at or above the cube */
    double d2[3] = {50, 0.4, 3.0};
    t = sb_clblast_indirect_threshold(sh, d2, indirect, 3);
    assert_true((double)t * t * t <= 512.0 * 16 * 512);
    /* direct everywhere (a failed indirect is INFINITY) */
    double i3[3] = {INFINITY, 0.3, 2.0}, d3[3] = {30, 0.1, 1.0};
    t = sb_clblast_indirect_threshold(sh, d3, i3, 3);
    assert_true((double)t * t * t > big);
}

static void test_missing_tuners_named(void **state)
{
    (void)state;
    sb_error err;
    char *found = sb_clblast_tuners_find(dir, &err); /* a folder without them */
    assert_null(found);
    assert_non_null(strstr(err.msg, "clblast-utils"));
    /* neither a folder nor the variable: started by name from the PATH ("") */
    unsetenv("SPARSEBENCH_CLBLAST_TUNERS");
    found = sb_clblast_tuners_find(NULL, &err);
    assert_non_null(found);
    assert_string_equal(found, "");
    free(found);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_entries_refused),
        cmocka_unit_test(test_log_rows),
        cmocka_unit_test(test_real_log),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_indirect_threshold),
        cmocka_unit_test(test_missing_tuners_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
