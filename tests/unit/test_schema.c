/* The result schema (sb_schema.h): rows written by the results writer and models.csv writer come
 * back, column by column and value by value, through the report's reader, because both sides use
 * the one table. Also: schema_version and an exact seed in results.jsonl, a newer schema version
 * warned about by the report. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models.h"
#include "sb_report.h"
#include "sb_results.h"
#include "sb_schema.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sb_test_schema_XXXXXX");
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

/* A row with every column set to a value that would show a mix-up: distinct numbers, strings
 * that need quoting, the largest seed, a count that does not apply. */
static void full_row(sb_row *r, int i)
{
    sb_row_init(r);
    snprintf(r->device, sizeof r->device, "Device, \"quoted\" %d", i);
    snprintf(r->device_index, sizeof r->device_index, "1:%d", i);
    snprintf(r->device_id, sizeof r->device_id, "plat/dev-%d", i);
    snprintf(r->platform, sizeof r->platform, "Platform");
    snprintf(r->driver, sizeof r->driver, "6.0");
    snprintf(r->matrix, sizeof r->matrix, "m%d", i);
    snprintf(r->source, sizeof r->source, "synthetic");
    snprintf(r->model, sizeof r->model, "mlp");
    snprintf(r->layer, sizeof r->layer, "fc%d", i);
    snprintf(r->kernel, sizeof r->kernel, "csr");
    snprintf(r->format, sizeof r->format, "csr");
    snprintf(r->pattern, sizeof r->pattern, "block");
    snprintf(r->block, sizeof r->block, "4x4");
    snprintf(r->variant, sizeof r->variant, "csr_spmm_rowblock VEC=4 [tuned M s75-92 N1]");
    r->M = 1000 + i, r->K = 2000 + i, r->N = 3 + i;
    r->target_sparsity = 0.9;
    r->sparsity = 0.900390625;
    r->nnz = 123456789012LL;
    r->seed = UINT64_MAX - (uint64_t)i; /* a double cannot hold it */
    r->status = i ? SB_WRONG : SB_OK;
    snprintf(r->message, sizeof r->message, "line one\nline \"two\", with a comma");
    snprintf(r->timer, sizeof r->timer, "host");
    r->runs = 17;
    r->median_ms = 1.25, r->min_ms = 1.0, r->p90_ms = 1.5, r->p99_ms = 1.75, r->mean_ms = 1.3;
    r->max_ms = 2.0, r->host_median_ms = 1.25, r->event_median_ms = 1.125;
    r->batch_ms = 1.0625, r->batch_size = 8, r->batch_event_ms = 0.96875;
    r->gflops_useful = 12.5, r->gflops_dense_equiv = 125.0, r->speedup_vs_dense = 3.0 + i;
    snprintf(r->baseline, sizeof r->baseline, "clblast");
    r->rel_error = 1.5e-7, r->max_abs_error = INFINITY; /* written "inf" */
    r->bytes = 4096, r->dense_bytes = -1;             /* -1: does not apply, an empty cell */
    r->fill = 1.0625, r->build_ms = 12.0, r->bound_ms = 0.5, r->efficiency = 0.4;
    r->energy_j = NAN, r->gflops_per_j = NAN;           /* empty cells */
    snprintf(r->energy_note, sizeof r->energy_note, "n/a: no counter");
    snprintf(r->program_source, sizeof r->program_source, "cache");
}

/* Every column of the table compared through its own format: the cell the reader saw, parsed back
 * into a fresh row, formats to what the writer wrote. */
static void expect_same_row(const sb_column *cols, int n, const sb_csv *csv, int line,
                            const void *want, void *got)
{
    for (int c = 0; c < n; c++) {
        int at = sb_csv_col(csv, cols[c].name);
        if (at < 0)
            fail_msg("the reader has no column '%s'", cols[c].name);
        const char *cell = csv->cells[line][at];
        if (sb_cell_parse(&cols[c], cell, got) != 0)
            fail_msg("column %s: cannot read back '%s'", cols[c].name, cell);
        char a[4096], b[4096];
        sb_cell_format(&cols[c], want, a, sizeof a);
        sb_cell_format(&cols[c], got, b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("column %s: wrote '%s', read back '%s'", cols[c].name, a, b);
    }
}

static void test_results_round_trip(void **state)
{
    (void)state;
    char *run = sb_path_join(dir, "run");
    sb_results *res;
    sb_error err;
    if (sb_mkdirs(run, &err) || sb_results_open(&res, run, 0, &err))
        fail_msg("%s", err.msg);
    sb_row rows[2];
    double samples[3] = {1.0, 1.25, 2.0};
    for (int i = 0; i < 2; i++) {
        full_row(&rows[i], i);
        rows[i].samples_ms = samples;
        rows[i].n_samples = 3;
        assert_int_equal(sb_results_append(res, &rows[i], &err), 0);
    }
    assert_int_equal(sb_results_close(res, &err), 0);

    /* the report's reader: load, merge, write merged.csv; read that back */
    sb_report *r;
    const char *dirs[] = {run};
    if (sb_report_load(&r, dirs, 1, &err) != 0)
        fail_msg("%s", err.msg);
    for (int i = 0; i < sb_report_n_warnings(r); i++) /* a current file is no "older version" */
        if (strstr(sb_report_warning(r, i), "has no column"))
            fail_msg("warning for a current file: %s", sb_report_warning(r, i));
    char *out = sb_path_join(dir, "report");
    char *cmd = sb_asprintf("mkdir -p '%s'", out);
    assert_int_equal(system(cmd), 0);
    sb_report_options opt = {0};
    if (sb_report_write(r, out, &opt, &err) != 0)
        fail_msg("%s", err.msg);
    sb_report_free(r);
    char *merged_path = sb_path_join(out, "merged.csv");
    sb_csv merged;
    if (sb_csv_read(merged_path, &merged, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(merged.n_rows, 2);
    int n;
    const sb_column *cols = sb_results_schema(&n);
    for (int i = 0; i < 2; i++) {
        sb_row got;
        sb_row_init(&got);
        expect_same_row(cols, n, &merged, i, &rows[i], &got);
        /* and a few values checked directly, not through the table */
        assert_true(got.seed == UINT64_MAX - (uint64_t)i);
        assert_string_equal(got.program_source, "cache");
        assert_string_equal(got.device_index, i ? "1:1" : "1:0");
        assert_string_equal(got.message, "line one\nline \"two\", with a comma");
        assert_true(isinf(got.max_abs_error) && isnan(got.energy_j));
        assert_true(got.dense_bytes == -1 && got.nnz == 123456789012LL);
        assert_int_equal(got.status, i ? SB_WRONG : SB_OK);
    }
    sb_csv_free(&merged);

    /* results.jsonl: schema_version and the seed as exact integers */
    char *jsonl_path = sb_path_join(run, "results.jsonl");
    char *text = sb_read_file(jsonl_path, NULL, &err);
    assert_non_null(text);
    char first[32];
    snprintf(first, sizeof first, "{\"schema_version\":%d,", SB_SCHEMA_VERSION);
    assert_non_null(strstr(text, first));
    assert_non_null(strstr(text, "\"seed\":18446744073709551615,"));
    assert_non_null(strstr(text, "\"seed\":18446744073709551614,"));
    assert_non_null(strstr(text, "\"nnz\":123456789012,"));
    assert_non_null(strstr(text, "\"dense_bytes\":null,"));
    assert_non_null(strstr(text, "\"max_abs_error\":null,"));
    assert_non_null(strstr(text, "\"program_source\":\"cache\""));
    assert_non_null(strstr(text, "\"samples_ms\":[1,1.25,2]"));
    free(text);
    free(jsonl_path);
    free(merged_path);
    free(cmd);
    free(out);
    free(run);
}

static void test_models_round_trip(void **state)
{
    (void)state;
    char *run = sb_path_join(dir, "models");
    char *cmd = sb_asprintf("mkdir -p '%s'", run);
    assert_int_equal(system(cmd), 0);
    sb_models m = {0};
    sb_row layer;
    for (int l = 0; l < 2; l++) { /* two layers, csr and the clblast baseline */
        for (int k = 0; k < 2; k++) {
            full_row(&layer, 0);
            snprintf(layer.kernel, sizeof layer.kernel, "%s", k ? "clblast" : "csr");
            layer.median_ms = k ? 4.0 + l : 1.0 + l; /* totals: csr 3, clblast 9 */
            layer.bytes = 100;
            layer.dense_bytes = 400;
            sb_models_add(&m, &layer, 8);
        }
    }
    FILE *table = fopen("/dev/null", "w");
    sb_error err;
    assert_int_equal(sb_models_write(&m, run, table, &err), 0);
    fclose(table);
    char *path = sb_path_join(run, "models.csv");
    sb_csv csv;
    if (sb_csv_read(path, &csv, &err) != 0)
        fail_msg("%s", err.msg);
    int n;
    const sb_column *cols = sb_models_schema(&n);
    assert_int_equal(csv.n_cols, n);
    assert_int_equal(csv.n_rows, 2);
    sb_model_row got;
    memset(&got, 0, sizeof got);
    for (int c = 0; c < n; c++)
        assert_int_equal(sb_cell_parse(&cols[c], csv.cells[0][sb_csv_col(&csv, cols[c].name)], &got), 0);
    assert_string_equal(got.model, "mlp");
    assert_string_equal(got.kernel, "csr");
    assert_string_equal(got.device_index, "1:0");
    assert_int_equal(got.batch, 8);
    assert_int_equal(got.layers, 2);
    assert_true(fabs(got.total_ms - 3.0) < 1e-12);
    assert_true(fabs(got.dense_total_ms - 9.0) < 1e-12);
    assert_true(fabs(got.speedup - 3.0) < 1e-12);
    assert_true(got.bytes == 200 && got.dense_bytes == 800);
    assert_string_equal(got.status, "ok");
    sb_csv_free(&csv);
    sb_models_free(&m);
    free(path);
    free(cmd);
    free(run);
}

/* A run written by a newer schema is merged, with a warning that names the versions. */
static void test_newer_schema_warned(void **state)
{
    (void)state;
    char *run = sb_path_join(dir, "newer");
    sb_results *res;
    sb_error err;
    assert_int_equal(sb_mkdirs(run, &err), 0);
    assert_int_equal(sb_results_open(&res, run, 0, &err), 0);
    sb_row row;
    full_row(&row, 0);
    assert_int_equal(sb_results_append(res, &row, &err), 0);
    assert_int_equal(sb_results_close(res, &err), 0);
    char *meta = sb_path_join(run, "run.json");
    FILE *f = fopen(meta, "w");
    fprintf(f, "{\"schema_version\": %d, \"host\": \"h\", \"started\": \"now\", \"tool\": "
            "{\"version\": \"9\"}, \"config\": {\"name\": \"c\"}, \"devices\": []}\n",
            SB_SCHEMA_VERSION + 1);
    fclose(f);
    sb_report *r;
    const char *dirs[] = {run};
    assert_int_equal(sb_report_load(&r, dirs, 1, &err), 0);
    char want[96];
    snprintf(want, sizeof want, "result schema version %d, newer than this sparsebench reads (%d)",
             SB_SCHEMA_VERSION + 1, SB_SCHEMA_VERSION);
    int found = 0;
    for (int i = 0; i < sb_report_n_warnings(r); i++)
        found |= strstr(sb_report_warning(r, i), want) != NULL;
    assert_true(found);
    sb_report_free(r);
    free(meta);
    free(run);
}

static void test_cells(void **state)
{
    (void)state;
    int n;
    const sb_column *cols = sb_results_schema(&n);
    sb_row r;
    sb_row_init(&r);
    /* the reader refuses what the writer never writes */
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "M"), "12.5", &r), -1);
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "M"), "4294967296", &r), -1);
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "seed"), "-1", &r), -1);
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "seed"), "18446744073709551616", &r), -1);
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "status"), "fine", &r), -1);
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "median_ms"), "fast", &r), -1);
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "nnz"), "-5", &r), -1);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(sb_cell_parse(sb_column_find(cols, n, "device"), big, &r), -1);
    /* numbers the table says are numbers */
    assert_true(sb_column_numeric(sb_column_find(cols, n, "seed")));
    assert_false(sb_column_numeric(sb_column_find(cols, n, "status")));
    assert_null(sb_column_find(cols, n, "samples_ms")); /* JSON only */
    /* the columns the report's hand copy used to lack */
    assert_non_null(sb_column_find(cols, n, "program_source"));
    assert_non_null(sb_column_find(cols, n, "device_index"));
    int nm;
    const sb_column *mc = sb_models_schema(&nm);
    assert_non_null(sb_column_find(mc, nm, "device_index"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_round_trip),
        cmocka_unit_test(test_models_round_trip),
        cmocka_unit_test(test_newer_schema_warned),
        cmocka_unit_test(test_cells),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
