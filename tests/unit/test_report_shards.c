/* The report's shard check: runs made with --shard I/N of one study (config, plan fingerprint,
 * N, device) must hold every shard exactly once, finished; otherwise the report says which shard
 * is missing, twice or unfinished, and is not complete. Result folders are written here. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_report.h"
#include "sb_util.h"

static char root[64];

static int make_root(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/sb_test_shards_XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int remove_root(void **state)
{
    (void)state;
    char *cmd = sb_asprintf("rm -rf '%s'", root);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char *path = sb_path_join(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
    free(path);
}

static const double sparsities[] = {0.5, 0.7, 0.9, 0.95};
static const int Ns[] = {16, 128};
#define UNITS 8

/* A shard of the quick study on `device`: unit u (sparsity u/2, N u%2) belongs to shard
 * u % count + 1; `extra_unit` >= 0 adds that unit too (an overlapping shard). Returns the dir. */
static char *write_shard_on(const char *name, const char *device, const char *platform,
                            int index, int count, const char *plan, int finished, int extra_unit)
{
    char *dir = sb_path_join(root, name);
    sb_error err;
    assert_int_equal(sb_mkdirs(dir, &err), 0);
    sb_strbuf csv = {0}, keys = {0};
    sb_strbuf_appendf(&csv, "device,platform,driver,matrix,model,layer,kernel,pattern,block,M,K,N,"
                            "target_sparsity,sparsity,status,median_ms,speedup_vs_dense\n");
    int n_keys = 0;
    for (int u = 0; u < UNITS; u++) {
        if (u % count + 1 != index && u != extra_unit)
            continue;
        double s = sparsities[u / 2];
        int N = Ns[u % 2];
        sb_strbuf_appendf(&keys, "%s\"matrix synthetic-512x512 s=%g N=%d\"", n_keys++ ? ", " : "",
                          s, N);
        sb_strbuf_appendf(&csv, "%s,%s,1.0,synthetic-512x512,,,clblast,unstructured,,512,512,%d,"
                                "%g,%g,ok,2.0,\n", device, platform, N, s, s);
        sb_strbuf_appendf(&csv, "%s,%s,1.0,synthetic-512x512,,,csr,unstructured,,512,512,%d,%g,"
                                "%g,ok,1.0,2.0\n", device, platform, N, s, s);
    }
    write_file(dir, "results.csv", csv.s);
    char *json = sb_asprintf(
        "{\"tool\": {\"name\": \"sparsebench\", \"version\": \"0.1.0\", \"commit\": \"x\"},\n"
        " \"host\": \"node%d\", \"started\": \"2026-01-01T00:00:00Z\", \"finished\": %s,\n"
        " \"config\": {\"name\": \"quick\"},\n"
        " \"shard\": {\"index\": %d, \"count\": %d, \"plan\": \"%s\", \"units\": %d,"
        " \"unit_keys\": [%s]},\n"
        " \"devices\": [{\"index\": \"0:0\", \"name\": \"%s\", \"platform\": \"%s\","
        " \"driver_version\": \"1.0\", \"type\": \"CPU\"}]}\n",
        index, finished ? "\"2026-01-01T00:01:00Z\"" : "null", index, count, plan, UNITS,
        keys.s ? keys.s : "", device, platform);
    write_file(dir, "run.json", json);
    free(json);
    sb_strbuf_free(&csv);
    sb_strbuf_free(&keys);
    return dir;
}

static char *write_shard(const char *name, const char *device, int index, int count,
                         const char *plan, int finished, int extra_unit)
{
    return write_shard_on(name, device, "", index, count, plan, finished, extra_unit);
}

typedef struct dirs {
    char *v[16];
    int n;
} dirs;

static void add(dirs *d, char *dir)
{
    d->v[d->n++] = dir;
}

static sb_report *load(dirs *d)
{
    sb_report *r = NULL;
    sb_error err;
    if (sb_report_load(&r, (const char *const *)d->v, d->n, &err) != 0)
        fail_msg("report: %s", err.msg);
    for (int i = 0; i < d->n; i++)
        free(d->v[i]);
    d->n = 0;
    return r;
}

static int has_warning(const sb_report *r, const char *needle)
{
    for (int i = 0; i < sb_report_n_warnings(r); i++)
        if (strstr(sb_report_warning(r, i), needle))
            return 1;
    return 0;
}

static void print_notes(const sb_report *r)
{
    for (int i = 0; i < sb_report_n_shard_notes(r); i++)
        print_message("note: %s\n", sb_report_shard_note(r, i));
    for (int i = 0; i < sb_report_n_warnings(r); i++)
        if (strstr(sb_report_warning(r, i), "shard") || strstr(sb_report_warning(r, i), "appears"))
            print_message("warning: %s\n", sb_report_warning(r, i));
}

static void complete_study_is_complete(void **state)
{
    (void)state;
    dirs d = {0};
    for (int i = 1; i <= 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "ok-%d", i);
        add(&d, write_shard(name, "cpu-a", i, 4, "p1", 1, -1));
    }
    sb_report *r = load(&d);
    print_notes(r);
    assert_int_equal(sb_report_shards_complete(r), 1);
    assert_int_equal(sb_report_n_shard_notes(r), 1);
    const char *note = sb_report_shard_note(r, 0);
    assert_non_null(strstr(note, "on cpu-a: all 4 shards, each once, 8 of 8 units"));
    /* four shards are one measurement, not four runs of the same device */
    assert_false(has_warning(r, "appears in"));
    assert_false(has_warning(r, "study"));
    sb_report_free(r);
}

static void missing_twice_and_unfinished_shards_are_named(void **state)
{
    (void)state;
    dirs d = {0};
    add(&d, write_shard("m-1", "cpu-a", 1, 4, "p1", 1, -1));
    add(&d, write_shard("m-2a", "cpu-a", 2, 4, "p1", 1, -1));
    add(&d, write_shard("m-2b", "cpu-a", 2, 4, "p1", 1, -1));
    add(&d, write_shard("m-4", "cpu-a", 4, 4, "p1", 0, -1));
    sb_report *r = load(&d);
    print_notes(r);
    assert_int_equal(sb_report_shards_complete(r), 0);
    const char *note = sb_report_shard_note(r, 0);
    assert_non_null(strstr(note, "shard 3/4 is missing"));
    assert_non_null(strstr(note, "shard 2/4 is there 2 times (runs m-2a m-2b)"));
    assert_non_null(strstr(note, "shard 4/4 (run m-4) did not finish"));
    assert_null(strstr(note, "shard 1/4"));
    assert_non_null(strstr(note, "6 of 8 units"));
    assert_true(has_warning(r, "shard 3/4 is missing"));
    sb_report_free(r);
}

/* Shards that claim to split one plan but measure a case twice (e.g. made by different versions). */
static void overlapping_shards_are_caught_from_rows(void **state)
{
    (void)state;
    dirs d = {0};
    add(&d, write_shard("o-1", "cpu-a", 1, 2, "p1", 1, -1));
    add(&d, write_shard("o-2", "cpu-a", 2, 2, "p1", 1, 0)); /* unit 0 belongs to shard 1 */
    sb_report *r = load(&d);
    print_notes(r);
    assert_int_equal(sb_report_shards_complete(r), 0);
    assert_non_null(strstr(sb_report_shard_note(r, 0), "2 case(s) measured by more than one shard"));
    sb_report_free(r);
}

/* Each device is its own study: a complete GPU node and a CPU node without shard 2. */
static void devices_are_checked_apart(void **state)
{
    (void)state;
    dirs d = {0};
    add(&d, write_shard("g-1", "gpu-x", 1, 2, "p1", 1, -1));
    add(&d, write_shard("g-2", "gpu-x", 2, 2, "p1", 1, -1));
    add(&d, write_shard("c-1", "cpu-a", 1, 2, "p1", 1, -1));
    sb_report *r = load(&d);
    print_notes(r);
    assert_int_equal(sb_report_n_shard_notes(r), 2);
    int gpu_ok = 0, cpu_missing = 0;
    for (int i = 0; i < 2; i++) {
        const char *n = sb_report_shard_note(r, i);
        gpu_ok |= strstr(n, "on gpu-x: all 2 shards") != NULL;
        cpu_missing |= strstr(n, "on cpu-a: shard 2/2 is missing") != NULL;
    }
    assert_true(gpu_ok && cpu_missing);
    assert_int_equal(sb_report_shards_complete(r), 0);
    sb_report_free(r);
}

/* One CPU under two OpenCL platforms (PoCL and Intel's runtime) is two devices: PoCL's shards
 * complete, Intel's without shard 2; not "shard 1/2 twice". A platform's empty shard (no rows)
 * still counts, by run.json. */
static void platforms_are_devices_too(void **state)
{
    (void)state;
    dirs d = {0};
    add(&d, write_shard_on("x-p1", "cpu-a", "PoCL", 1, 2, "p1", 1, -1));
    add(&d, write_shard_on("x-p2", "cpu-a", "PoCL", 2, 2, "p1", 1, -1));
    add(&d, write_shard_on("x-i1", "cpu-a", "Intel", 1, 2, "p1", 1, -1));
    sb_report *r = load(&d);
    print_notes(r);
    assert_int_equal(sb_report_n_shard_notes(r), 2);
    int pocl_ok = 0, intel_missing = 0;
    for (int i = 0; i < 2; i++) {
        const char *n = sb_report_shard_note(r, i);
        assert_null(strstr(n, "times"));
        pocl_ok |= strstr(n, "(pocl): all 2 shards, each once") != NULL;
        intel_missing |= strstr(n, "(intel): shard 2/2 is missing") != NULL;
    }
    assert_true(pocl_ok && intel_missing);
    sb_report_free(r);
}

/* Another plan (other filters) of the same config is another study, said so. */
static void different_plans_are_not_one_study(void **state)
{
    (void)state;
    dirs d = {0};
    add(&d, write_shard("p-1", "cpu-a", 1, 2, "p1", 1, -1));
    add(&d, write_shard("p-2", "cpu-a", 2, 2, "p2", 1, -1));
    sb_report *r = load(&d);
    print_notes(r);
    assert_true(has_warning(r, "come from different plans"));
    assert_int_equal(sb_report_n_shard_notes(r), 2);
    assert_int_equal(sb_report_shards_complete(r), 0);
    sb_report_free(r);
}

/* Runs without shards are unchanged: the same device twice is still pooled with a warning. */
static void unsharded_runs_keep_their_warning(void **state)
{
    (void)state;
    dirs d = {0};
    add(&d, write_shard("u-1", "cpu-a", 1, 1, "p1", 1, -1));
    add(&d, write_shard("u-2", "cpu-a", 1, 1, "p1", 1, -1));
    /* turn them into plain runs: no "shard" in run.json */
    for (int i = 0; i < 2; i++)
        write_file(d.v[i], "run.json", "{\"config\": {\"name\": \"quick\"}, \"finished\": \"x\"}\n");
    sb_report *r = load(&d);
    assert_int_equal(sb_report_n_shard_notes(r), 0);
    assert_int_equal(sb_report_shards_complete(r), 1);
    assert_true(has_warning(r, "device 'cpu-a' appears in 2 runs"));
    sb_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_study_is_complete),
        cmocka_unit_test(missing_twice_and_unfinished_shards_are_named),
        cmocka_unit_test(overlapping_shards_are_caught_from_rows),
        cmocka_unit_test(devices_are_checked_apart),
        cmocka_unit_test(platforms_are_devices_too),
        cmocka_unit_test(different_plans_are_not_one_study),
        cmocka_unit_test(unsharded_runs_keep_their_warning),
    };
    return cmocka_run_group_tests(tests, make_root, remove_root);
}
