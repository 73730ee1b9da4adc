/* The report: CSV quoting, the crossover rule, Φ, and merging two synthetic result directories
 * with hand-computed answers.
 *
 * `unit_report report ARGS...` runs sb_cmd_report instead of the tests, so tests/cli/test_report.sh
 * can drive the command before main.c dispatches `sparsebench report`. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_cli.h"
#include "sb_report.h"
#include "sb_util.h"

static const char *const HEADER =
    "device,device_index,platform,driver,matrix,source,model,layer,kernel,format,pattern,block,"
    "variant,M,K,N,target_sparsity,sparsity,nnz,seed,status,message,timer,runs,median_ms,min_ms,"
    "p90_ms,p99_ms,mean_ms,max_ms,host_median_ms,event_median_ms,gflops_useful,"
    "gflops_dense_equiv,speedup_vs_dense,baseline,rel_error,max_abs_error,bytes,dense_bytes,fill,"
    "build_ms,bound_ms,efficiency,energy_j,gflops_per_j,energy_note";

/* ---- helpers: a scratch directory and result files built row by row ---- */

static char *make_temp_dir(void)
{
    char tmpl[] = "/tmp/sb_test_report_XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return sb_strdup(d);
}

static void remove_tree(const char *dir)
{
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char *path = sb_path_join(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

/* Appends one CSV row in the order of `header`: cells not named in `assignments`
 * ("col=value;col=value") stay empty. */
static void add_row(sb_strbuf *b, const char *header, const char *assignments)
{
    char *cols = sb_strdup(header);
    int first = 1;
    for (char *save = NULL, *col = strtok_r(cols, ",", &save); col;
         col = strtok_r(NULL, ",", &save)) {
        const char *value = "";
        size_t len = 0;
        for (const char *a = assignments; a && *a;) {
            const char *eq = strchr(a, '='), *end = strchr(a, ';');
            if (!end)
                end = a + strlen(a);
            if (eq && eq < end && (size_t)(eq - a) == strlen(col) &&
                strncmp(a, col, (size_t)(eq - a)) == 0) {
                value = eq + 1;
                len = (size_t)(end - eq - 1);
            }
            a = *end ? end + 1 : end;
        }
        sb_strbuf_appendf(b, "%s%.*s", first ? "" : ",", (int)len, value);
        first = 0;
    }
    sb_strbuf_appendf(b, "\n");
    free(cols);
}

/* One case row of device dev with the numbers the tables use. */
static void add_case(sb_strbuf *b, const char *header, const char *dev, const char *kernel,
                     const char *pattern, const char *block, double sparsity, const char *status,
                     double speedup, double efficiency)
{
    char spars[32] = "";
    if (!isnan(sparsity))
        snprintf(spars, sizeof spars, "%g", sparsity);
    char *a = sb_asprintf("device=%s;matrix=synth-512;kernel=%s;format=%s;pattern=%s;block=%s;"
                          "M=512;K=512;N=128;target_sparsity=%s;sparsity=%s;status=%s;"
                          "median_ms=%g;speedup_vs_dense=%g;efficiency=%g;bytes=1000;"
                          "dense_bytes=1048576",
                          dev, kernel, kernel, pattern, block, spars, spars, status, 1.0 / speedup,
                          speedup, efficiency);
    add_row(b, header, a);
    free(a);
}

static void write_run_json(const char *dir, const char *host, const char *config,
                           const char *device)
{
    char *json = sb_asprintf(
        "{\"tool\": {\"name\": \"sparsebench\", \"version\": \"0.1.0\", \"commit\": \"x\"},\n"
        " \"host\": \"%s\", \"started\": \"2026-01-01T00:00:00Z\", \"finished\": \"x\",\n"
        " \"command_line\": \"sparsebench run\", \"config\": {\"name\": \"%s\"},\n"
        " \"devices\": [{\"index\": \"0:0\", \"name\": \"%s\", \"vendor\": \"V\", \"type\": \"GPU\"}]}\n",
        host, config, device);
    write_file(dir, "run.json", json);
    free(json);
}

/* Two runs as in the brief. Device A: csr speedups 0.5/0.7/0.9 -> 0.5/0.8/1.4 (crossover
 * 0.7 + 0.2*(0.2/0.6)), efficiency 0.5. Device B: csr 1.2/1.5/2.0 ("always"), efficiency 0.25;
 * Phi(csr) = 2/(1/0.5 + 1/0.25) = 1/3. bsr runs on both (efficiency 0.4 and 0.1: Phi = 0.16);
 * nm fails on B (Phi 0). Run B's results.csv has no energy_note column but an extra power_w. */
typedef struct fixture {
    char *root, *a, *b;
} fixture;

static int setup_runs(void **state)
{
    fixture *f = sb_calloc(1, sizeof *f);
    f->root = make_temp_dir();
    f->a = sb_path_join(f->root, "run-a");
    f->b = sb_path_join(f->root, "run-b");
    assert_int_equal(mkdir(f->a, 0755), 0);
    assert_int_equal(mkdir(f->b, 0755), 0);

    sb_strbuf a = {0};
    sb_strbuf_appendf(&a, "%s\n", HEADER);
    const double s[] = {0.5, 0.7, 0.9}, va[] = {0.5, 0.8, 1.4}, vb[] = {1.2, 1.5, 2.0};
    for (int i = 0; i < 3; i++)
        add_case(&a, HEADER, "Dev A", "csr", "unstructured", "", s[i], "ok", va[i], 0.5);
    add_case(&a, HEADER, "Dev A", "bsr", "block", "4x4", 0.9, "ok", 1.1, 0.4);
    add_case(&a, HEADER, "Dev A", "nm", "nm", "2:4", 0.5, "ok", 1.3, 0.7);
    add_case(&a, HEADER, "Dev A", "clblast", "dense", "", NAN, "ok", 1.0, 0.8);
    write_file(f->a, "results.csv", a.s);
    write_run_json(f->a, "host-a", "study", "Dev A");
    sb_strbuf_free(&a);

    char *header_b = sb_strdup(HEADER);
    char *cut = strstr(header_b, ",energy_note");
    strcpy(cut, ",power_w");
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s\n", header_b);
    for (int i = 0; i < 3; i++)
        add_case(&b, header_b, "Dev B", "csr", "unstructured", "", s[i], "ok", vb[i], 0.25);
    add_case(&b, header_b, "Dev B", "bsr", "block", "4x4", 0.9, "ok", 0.9, 0.1);
    add_case(&b, header_b, "Dev B", "nm", "nm", "2:4", 0.5, "wrong", 1.3, 0.7);
    add_case(&b, header_b, "Dev B", "clblast", "dense", "", NAN, "ok", 1.0, 0.4);
    write_file(f->b, "results.csv", b.s);
    write_run_json(f->b, "host-b", "study-cpu", "Dev B");
    sb_strbuf_free(&b);
    free(header_b);
    *state = f;
    return 0;
}

static int teardown_runs(void **state)
{
    fixture *f = *state;
    remove_tree(f->root);
    free(f->root);
    free(f->a);
    free(f->b);
    free(f);
    return 0;
}

static int has_warning(const sb_report *r, const char *a, const char *b)
{
    for (int i = 0; i < sb_report_n_warnings(r); i++) {
        const char *w = sb_report_warning(r, i);
        if (strstr(w, a) && (!b || strstr(w, b)))
            return 1;
    }
    return 0;
}

/* ---- CSV ---- */

static void test_csv_quoting(void **state)
{
    (void)state;
    const char *text = "a,b,c\r\n"
                       "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                       "\n"
                       "2,\"two\nlines\",\r\n"
                       "3,,\"\"";
    sb_csv csv;
    sb_error err = {{0}};
    assert_int_equal(sb_csv_parse(text, strlen(text), "t.csv", &csv, &err), 0);
    assert_int_equal(csv.n_cols, 3);
    assert_int_equal(csv.n_rows, 3);
    assert_string_equal(csv.cells[0][1], "x, y");
    assert_string_equal(csv.cells[0][2], "say \"hi\"");
    assert_string_equal(csv.cells[1][1], "two\nlines");
    assert_string_equal(csv.cells[1][2], "");
    assert_string_equal(csv.cells[2][2], "");
    assert_int_equal(csv.lines[0], 2);
    assert_int_equal(csv.lines[1], 4);
    assert_int_equal(csv.lines[2], 6); /* the quoted newline counts */
    assert_int_equal(sb_csv_col(&csv, "c"), 2);
    assert_int_equal(sb_csv_col(&csv, "d"), -1);

    /* what we write reads back the same */
    sb_strbuf b = {0};
    sb_csv_append_cell(&b, csv.cells[0][2]);
    sb_strbuf_appendf(&b, ",");
    sb_csv_append_cell(&b, csv.cells[1][1]);
    sb_strbuf_appendf(&b, ",");
    sb_csv_append_cell(&b, "plain");
    assert_string_equal(b.s, "\"say \"\"hi\"\"\",\"two\nlines\",plain");
    sb_strbuf_free(&b);
    sb_csv_free(&csv);
}

static void expect_csv_error(const char *text, const char *message_part)
{
    sb_csv csv;
    sb_error err = {{0}};
    assert_int_equal(sb_csv_parse(text, strlen(text), "bad.csv", &csv, &err), -1);
    if (!strstr(err.msg, message_part))
        fail_msg("expected '%s' in '%s'", message_part, err.msg);
}

static void test_csv_malformed(void **state)
{
    (void)state;
    expect_csv_error("a,b\n1,2\n3,\"open\n", "bad.csv:3: quoted cell never closed");
    expect_csv_error("a,b\n1,2\n3,4,5\n", "bad.csv:3: 3 cells, but the header has 2");
    expect_csv_error("a,b\n1,\"x\"y\n", "bad.csv:2: unexpected character 'y'");
    expect_csv_error("a,b\n1,x\"y\n", "bad.csv:2: quote inside an unquoted cell");
    expect_csv_error("a,a\n1,2\n", "bad.csv:1: column 'a' appears twice");
    expect_csv_error("", "bad.csv:1: empty file");
}

/* ---- crossover and Φ ---- */

static void test_crossover_rule(void **state)
{
    (void)state;
    /* the brief's example, given out of order */
    const double s1[] = {0.9, 0.5, 0.7}, v1[] = {1.4, 0.5, 0.8};
    sb_crossover c = sb_crossover_find(s1, v1, 3);
    assert_int_equal(c.kind, SB_CROSS_AT);
    assert_float_equal(c.at, 0.7 + 0.2 * (0.2 / 0.6), 1e-9);
    assert_int_equal(c.n_crossings, 1);
    assert_true(c.upward);
    char buf[96];
    sb_crossover_format(&c, buf, sizeof buf);
    assert_string_equal(buf, "0.767");
    assert_float_equal(c.lowest, 0.5, 0);
    assert_float_equal(c.highest, 0.9, 0);
    c.ci_low = 0.74; /* with its interval (crossover_ci.c), bounds beyond the range as such */
    c.ci_high = 0.8;
    sb_crossover_format(&c, buf, sizeof buf);
    assert_string_equal(buf, "0.767 [0.740, 0.800]");
    c.ci_low = -INFINITY;
    c.ci_high = INFINITY;
    sb_crossover_format(&c, buf, sizeof buf);
    assert_string_equal(buf, "0.767 [<0.5, >0.9]");

    const double s2[] = {0.5, 0.7, 0.9}, up[] = {1.2, 1.5, 2.0}, down[] = {0.2, 0.5, 0.9};
    assert_int_equal(sb_crossover_find(s2, up, 3).kind, SB_CROSS_ALWAYS);
    assert_int_equal(sb_crossover_find(s2, down, 3).kind, SB_CROSS_NEVER);
    assert_int_equal(sb_crossover_find(s2, up, 0).kind, SB_CROSS_NO_DATA);

    /* exactly 1.0 at a measured point: the crossover is that point */
    const double touch[] = {0.8, 1.0, 1.3};
    c = sb_crossover_find(s2, touch, 3);
    assert_int_equal(c.kind, SB_CROSS_AT);
    assert_float_equal(c.at, 0.7, 1e-12);
    assert_int_equal(c.n_crossings, 1);

    /* not monotonic: first crossing reported, all counted */
    const double s3[] = {0.5, 0.6, 0.7, 0.8}, noisy[] = {0.9, 1.1, 0.95, 1.3};
    c = sb_crossover_find(s3, noisy, 4);
    assert_float_equal(c.at, 0.55, 1e-12);
    assert_int_equal(c.n_crossings, 3);
    sb_crossover_format(&c, buf, sizeof buf);
    assert_non_null(strstr(buf, "not monotonic: 3 crossings"));

    /* sparse wins at low sparsity only: a downward crossing is labelled as such */
    const double falls[] = {1.5, 0.5, 0.4};
    c = sb_crossover_find(s2, falls, 3);
    assert_float_equal(c.at, 0.6, 1e-12);
    assert_false(c.upward);

    /* NaN points are ignored */
    const double s4[] = {0.5, NAN, 0.9}, v4[] = {0.5, 3.0, 1.5};
    c = sb_crossover_find(s4, v4, 3);
    assert_float_equal(c.at, 0.5 + 0.4 * 0.5, 1e-12);
}

static void test_portability_formula(void **state)
{
    (void)state;
    const double e[] = {0.5, 0.25};
    assert_float_equal(sb_portability(e, 2), 2.0 / 6.0, 1e-12);
    const double one[] = {0.7};
    assert_float_equal(sb_portability(one, 1), 0.7, 1e-12);
    const double failed[] = {0.5, NAN};
    assert_float_equal(sb_portability(failed, 2), 0.0, 0.0);
    const double zero[] = {0.5, 0.0};
    assert_float_equal(sb_portability(zero, 2), 0.0, 0.0);
}

/* ---- the merged report ---- */

static void test_report_numbers(void **state)
{
    fixture *f = *state;
    const char *dirs[] = {f->a, f->b};
    sb_report *r = NULL;
    sb_error err = {{0}};
    if (sb_report_load(&r, dirs, 2, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(sb_report_n_devices(r), 2);

    sb_crossover c;
    assert_int_equal(sb_report_crossover(r, "Dev A", "csr", "fp32", 512, 512, "unstructured", "", 128, &c),
                     0);
    assert_int_equal(c.kind, SB_CROSS_AT);
    assert_float_equal(c.at, 0.7667, 1e-3);
    assert_int_equal(sb_report_crossover(r, "Dev B", "csr", "fp32", 512, 512, "unstructured", "", 128, &c),
                     0);
    assert_int_equal(c.kind, SB_CROSS_ALWAYS);
    /* nm on B has only a wrong row: no ok point, so no data */
    assert_int_equal(sb_report_crossover(r, "Dev B", "nm", "fp32", 512, 512, "nm", "2:4", 128, &c), 0);
    assert_int_equal(c.kind, SB_CROSS_NO_DATA);
    assert_int_equal(sb_report_crossover(r, "Dev C", "csr", "fp32", 512, 512, "unstructured", "", 128, &c),
                     -1);

    double phi = -1;
    assert_int_equal(sb_report_phi(r, "csr", "fp32", 512, 512, 128, &phi), 0);
    assert_float_equal(phi, 0.3333, 1e-3);
    assert_int_equal(sb_report_phi(r, "bsr", "fp32", 512, 512, 128, &phi), 0);
    assert_float_equal(phi, 2.0 / (1 / 0.4 + 1 / 0.1), 1e-9);
    assert_int_equal(sb_report_phi(r, "nm", "fp32", 512, 512, 128, &phi), 0);
    assert_float_equal(phi, 0.0, 0.0);
    assert_int_equal(sb_report_phi(r, "clblast", "fp32", 512, 512, 128, &phi), 0);
    assert_float_equal(phi, 2.0 / (1 / 0.8 + 1 / 0.4), 1e-9);
    assert_int_equal(sb_report_phi(r, "csr", "fp32", 512, 512, 64, &phi), -1);
    sb_report_free(r);
}

static void test_report_warnings(void **state)
{
    fixture *f = *state;
    /* a third run of device A, with an older header lacking efficiency */
    char *c = sb_path_join(f->root, "run-a-again");
    assert_int_equal(mkdir(c, 0755), 0);
    char *old_header = sb_strdup(HEADER);
    char *eff = strstr(old_header, ",efficiency");
    memmove(eff, eff + strlen(",efficiency"), strlen(eff + strlen(",efficiency")) + 1);
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s\n", old_header);
    add_case(&b, old_header, "Dev A", "csr", "unstructured", "", 0.9, "ok", 1.6, NAN);
    write_file(c, "results.csv", b.s);
    sb_strbuf_free(&b);
    free(old_header);

    const char *dirs[] = {f->a, f->b, c};
    sb_report *r = NULL;
    sb_error err = {{0}};
    if (sb_report_load(&r, dirs, 3, &err) != 0)
        fail_msg("%s", err.msg);
    assert_true(has_warning(r, "run run-b", "no column 'energy_note'"));
    assert_true(has_warning(r, "run run-a-again", "no column 'efficiency'"));
    assert_true(has_warning(r, "extra column 'power_w'", "run run-a"));
    assert_true(has_warning(r, "config names differ", "study-cpu"));
    assert_true(has_warning(r, "device 'Dev A' appears in 2 runs", "run-a, run-a-again"));
    assert_true(has_warning(r, "run run-a-again: no readable run.json", NULL));
    assert_false(has_warning(r, "device 'Dev B' appears", NULL));

    /* the pooled point at 0.9 is the mean of 1.4 and 1.6; the crossover moves accordingly */
    sb_crossover x;
    assert_int_equal(sb_report_crossover(r, "Dev A", "csr", "fp32", 512, 512, "unstructured", "", 128, &x),
                     0);
    assert_float_equal(x.at, 0.7 + 0.2 * (0.2 / 0.7), 1e-9);
    sb_report_free(r);
    remove_tree(c);
    free(c);
}

static void test_report_input_errors(void **state)
{
    fixture *f = *state;
    sb_report *r = NULL;
    sb_error err = {{0}};
    char *missing = sb_path_join(f->root, "nope");
    const char *d1[] = {f->a, missing};
    assert_int_equal(sb_report_load(&r, d1, 2, &err), -1);
    assert_non_null(strstr(err.msg, "no such result directory"));
    assert_null(r);
    free(missing);

    char *empty = sb_path_join(f->root, "empty");
    assert_int_equal(mkdir(empty, 0755), 0);
    const char *d2[] = {empty};
    assert_int_equal(sb_report_load(&r, d2, 1, &err), -1);
    assert_non_null(strstr(err.msg, "results.csv: not found"));

    /* a word in a number column, and an unknown status, name file and line */
    write_file(empty, "results.csv", "device,kernel,status,median_ms\nA,csr,ok,1.5\nA,csr,ok,fast\n");
    assert_int_equal(sb_report_load(&r, d2, 1, &err), -1);
    assert_non_null(strstr(err.msg, "results.csv:3: column median_ms: 'fast' is not a number"));
    write_file(empty, "results.csv", "device,kernel,status\nA,csr,fine\n");
    assert_int_equal(sb_report_load(&r, d2, 1, &err), -1);
    assert_non_null(strstr(err.msg, "results.csv:2: status 'fine'"));
    remove_tree(empty);
    free(empty);
}

static char *slurp(const char *dir, const char *name)
{
    char *path = sb_path_join(dir, name);
    sb_error err;
    char *text = sb_read_file(path, NULL, &err);
    if (!text)
        fail_msg("%s", err.msg);
    free(path);
    return text;
}

static void test_command(void **state)
{
    fixture *f = *state;
    char *out = sb_path_join(f->root, "out");
    char *argv[] = {"report", f->a, f->b, "--out", out, "--no-plots", NULL};
    assert_int_equal(sb_cmd_report(6, argv), 0);

    char *md = slurp(out, "report.md");
    const char *sections[] = {"## Runs", "## Devices", "## Warnings", "## Speedup vs sparsity",
                              "## Cross-vendor comparison", "## Memory footprint",
                              "## Performance portability Φ", "## Plots",
                              "plots skipped: --no-plots", "| 0.767 |", "| always |"};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        if (!strstr(md, sections[i]))
            fail_msg("report.md lacks '%s'", sections[i]);
    free(md);

    /* merged.csv: provenance columns in front, every row, and the extra column kept */
    sb_csv merged;
    sb_error err = {{0}};
    char *path = sb_path_join(out, "merged.csv");
    if (sb_csv_read(path, &merged, &err) != 0)
        fail_msg("%s", err.msg);
    free(path);
    assert_string_equal(merged.cols[0], "run");
    assert_string_equal(merged.cols[1], "host");
    assert_string_equal(merged.cols[2], "run_started");
    assert_int_equal(merged.n_rows, 12);
    int power = sb_csv_col(&merged, "power_w");
    assert_true(power >= 0);
    assert_string_equal(merged.cells[0][0], "run-a");
    assert_string_equal(merged.cells[0][1], "host-a");
    assert_string_equal(merged.cells[11][0], "run-b");
    sb_csv_free(&merged);

    /* the out dir is now not empty: refused without --force, accepted with it */
    assert_int_equal(sb_cmd_report(6, argv), 2);
    char *argv_force[] = {"report", f->a, "--out", out, "--no-plots", "--force", NULL};
    assert_int_equal(sb_cmd_report(6, argv_force), 0);

    /* usage and input errors */
    char *argv_none[] = {"report", "--out", out, NULL};
    assert_int_equal(sb_cmd_report(3, argv_none), 2);
    char *argv_bad[] = {"report", f->a, "--bogus", NULL};
    assert_int_equal(sb_cmd_report(3, argv_bad), 2);
    char *argv_missing[] = {"report", "/nonexistent/run", "--out", out, "--force", NULL};
    assert_int_equal(sb_cmd_report(5, argv_missing), 2);

    /* a python that does not exist: the report is still written and says why */
    char *out2 = sb_path_join(f->root, "out2");
    setenv("SPARSEBENCH_PYTHON", "/nonexistent/python3", 1);
    char *argv_py[] = {"report", f->a, "--out", out2, NULL};
    assert_int_equal(sb_cmd_report(4, argv_py), 0);
    unsetenv("SPARSEBENCH_PYTHON");
    md = slurp(out2, "report.md");
    assert_non_null(strstr(md, "plots skipped: /nonexistent/python3 not found"));
    free(md);
    free(out2);
    free(out);
}

/* Precision is part of every key: the same kernel at fp32 and fp16 is two series (two
 * crossovers, two Φ classes, two lines of the cross-vendor and footprint tables), fp16 series
 * carry Gale et al.'s reference crossover (csr on unstructured 0.96, bsr on blocks 0.62) in
 * report.md and crossover.csv, and a tensor-core row is named as such. Device A, csr: fp32
 * speedups 0.5/0.8/1.4 (crossover 0.7 + 0.2 * 0.2/0.6), fp16 0.3/0.6/1.2 (0.7 + 0.2 * 0.4/0.6). */
static void test_report_precisions(void **state)
{
    (void)state;
    static const char *const H =
        "device,matrix,kernel,format,pattern,block,precision,engine,M,K,N,target_sparsity,"
        "sparsity,status,median_ms,speedup_vs_dense,baseline,efficiency,bytes,dense_bytes";
    char *root = make_temp_dir();
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s\n", H);
    const double s[] = {0.5, 0.7, 0.9}, v32[] = {0.5, 0.8, 1.4}, v16[] = {0.3, 0.6, 1.2};
    for (int i = 0; i < 3; i++) {
        char *row = sb_asprintf("device=Dev A;matrix=m;kernel=csr;format=csr;pattern=unstructured;"
                                "precision=fp32;M=64;K=64;N=8;target_sparsity=%g;sparsity=%g;"
                                "status=ok;median_ms=%g;speedup_vs_dense=%g;baseline=clblast;"
                                "efficiency=0.5;bytes=4000;dense_bytes=16384", s[i], s[i],
                                1 / v32[i], v32[i]);
        add_row(&b, H, row);
        free(row);
        row = sb_asprintf("device=Dev A;matrix=m;kernel=csr;format=csr;pattern=unstructured;"
                          "precision=fp16;M=64;K=64;N=8;target_sparsity=%g;sparsity=%g;status=ok;"
                          "median_ms=%g;speedup_vs_dense=%g;baseline=tc_dense;efficiency=0.25;"
                          "bytes=3000;dense_bytes=8192", s[i], s[i], 1 / v16[i], v16[i]);
        add_row(&b, H, row);
        free(row);
    }
    add_row(&b, H, "device=Dev A;matrix=k;kernel=tc_bsr;format=bsr;pattern=block;block=32x32;"
                   "precision=fp16;engine=tensor-cores;M=64;K=64;N=8;target_sparsity=0.7;"
                   "sparsity=0.7;status=ok;median_ms=1;speedup_vs_dense=2;baseline=tc_dense;"
                   "bytes=3000;dense_bytes=8192");
    write_file(root, "results.csv", b.s);
    sb_strbuf_free(&b);
    write_run_json(root, "host", "prec", "Dev A");
    const char *dirs[] = {root};
    sb_report *r = NULL;
    sb_error err = {{0}};
    if (sb_report_load(&r, dirs, 1, &err) != 0)
        fail_msg("%s", err.msg);
    sb_crossover c;
    assert_int_equal(sb_report_crossover(r, "Dev A", "csr", "fp32", 64, 64, "unstructured", "", 8, &c), 0);
    assert_float_equal(c.at, 0.7 + 0.2 * (0.2 / 0.6), 1e-9);
    assert_int_equal(sb_report_crossover(r, "Dev A", "csr", "fp16", 64, 64, "unstructured", "", 8, &c), 0);
    assert_float_equal(c.at, 0.7 + 0.2 * (0.4 / 0.6), 1e-9);
    double phi;
    assert_int_equal(sb_report_phi(r, "csr", "fp16", 64, 64, 8, &phi), 0);
    assert_float_equal(phi, 0.25, 1e-12);
    assert_int_equal(sb_report_phi(r, "csr", "fp32", 64, 64, 8, &phi), 0);
    assert_float_equal(phi, 0.5, 1e-12);
    assert_float_equal(sb_crossover_reference("csr", "unstructured", "fp16"), 0.96, 0);
    assert_float_equal(sb_crossover_reference("csr_balanced", "unstructured", "fp16"), 0.96, 0);
    assert_float_equal(sb_crossover_reference("tc_bsr", "block", "fp16"), 0.62, 0);
    assert_float_equal(sb_crossover_reference("csr", "unstructured", "fp32"), 0, 0);
    assert_float_equal(sb_crossover_reference("bsr", "unstructured", "fp16"), 0, 0);
    sb_report_free(r);

    char *out = sb_path_join(root, "out");
    char *argv[] = {"report", root, "--out", out, "--no-plots", NULL};
    assert_int_equal(sb_cmd_report(5, argv), 0);
    char *md = slurp(out, "report.md");
    const char *want[] = {
        "| kernel | M×K | pattern | N | s=0.5 | s=0.7 | s=0.9 | crossover | Gale et al. (fp16) |",
        "| csr | 64×64 | unstructured | 8 | 0.50 | 0.80 | 1.40 | 0.767 |  |",
        "| csr (fp16) | 64×64 | unstructured | 8 | 0.30 | 0.60 | 1.20 | 0.833 | 0.96 |",
        "| tc_bsr (fp16, tensor-cores) | 64×64 | block 32x32 | 8 |  | 2.00 |  | always | 0.62 |",
        "| m | csr (fp16) | unstructured | 0.9 | 8 |", "| m | csr | unstructured | 0.9 | 8 |",
        "| m | 64×64 | csr (fp16) | unstructured | 0.5 | 3000 | 8192 | 0.366 |",
        "| m | 64×64 | csr | unstructured | 0.5 | 4000 | 16384 | 0.244 |",
        "| csr (fp16) | 64×64×8 | 0.250 |"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(md, want[i]))
            fail_msg("report.md lacks '%s'", want[i]);
    free(md);
    char *csv = slurp(out, "crossover.csv");
    assert_non_null(strstr(csv, ",crossover_ci_low,crossover_ci_high,reference_crossover\n"));
    /* no raw runs here: no interval (empty ci columns), then the reference */
    assert_non_null(strstr(csv, "Dev A,csr,fp16,64,64,unstructured,,8,3,at,0.833333,1,up,,,0.96\n"));
    assert_non_null(strstr(csv, "Dev A,csr,fp32,64,64,unstructured,,8,3,at,0.766667,1,up,,,\n"));
    free(csv);
    free(out);
    remove_tree(root);
    free(root);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "report") == 0)
        return sb_cmd_report(argc - 1, argv + 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_malformed),
        cmocka_unit_test(test_crossover_rule),
        cmocka_unit_test(test_portability_formula),
        cmocka_unit_test_setup_teardown(test_report_numbers, setup_runs, teardown_runs),
        cmocka_unit_test_setup_teardown(test_report_warnings, setup_runs, teardown_runs),
        cmocka_unit_test_setup_teardown(test_report_input_errors, setup_runs, teardown_runs),
        cmocka_unit_test_setup_teardown(test_command, setup_runs, teardown_runs),
        cmocka_unit_test(test_report_precisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
