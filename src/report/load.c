/* Loading one result directory: results.csv (required), run.json, results.jsonl, models.csv. */
#include "report_internal.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rp_strings_push(rp_strings *l, char *owned)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = sb_realloc(l->v, sizeof *l->v * (size_t)l->cap);
    }
    l->v[l->n++] = owned;
}

int rp_strings_find(const rp_strings *l, const char *s)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return i;
    return -1;
}

void rp_strings_free(rp_strings *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void rp_warn(rp_strings *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sb_vasprintf(fmt, ap);
    va_end(ap);
    if (rp_strings_find(w, s) >= 0) /* the same warning twice says nothing new */
        free(s);
    else
        rp_strings_push(w, s);
}

double rp_number(const char *s)
{
    if (!s || !*s)
        return NAN;
    char *end = NULL;
    double v = strtod(s, &end);
    while (end && (*end == ' ' || *end == '\t'))
        end++;
    return end && *end == '\0' && end != s ? v : NAN;
}

/* The columns of the schema (sb_schema.h) whose non-empty cells must be numbers: a word there
 * means a broken file. */
static int check_numbers(const sb_csv *csv, const sb_column *cols, int n_cols, sb_error *err)
{
    for (int i = 0; i < n_cols; i++) {
        if (!sb_column_numeric(&cols[i]))
            continue;
        int c = sb_csv_col(csv, cols[i].name);
        if (c < 0)
            continue;
        for (int r = 0; r < csv->n_rows; r++) {
            const char *cell = csv->cells[r][c];
            if (*cell && isnan(rp_number(cell)) && strcasecmp(cell, "nan") != 0)
                return sb_fail(err, "%s:%d: column %s: '%s' is not a number", csv->path,
                               csv->lines[r], cols[i].name, cell);
        }
    }
    return 0;
}

static int check_status(const sb_csv *csv, sb_error *err)
{
    int c = sb_csv_col(csv, "status");
    if (c < 0)
        return sb_fail(err, "%s:1: no 'status' column: without it no row can be trusted",
                       csv->path);
    for (int r = 0; r < csv->n_rows; r++) {
        const char *s = csv->cells[r][c];
        if (strcmp(s, "ok") && strcmp(s, "wrong") && strcmp(s, "failed") && strcmp(s, "skipped"))
            return sb_fail(err, "%s:%d: status '%s' is not one of ok, wrong, failed, skipped",
                           csv->path, csv->lines[r], s);
    }
    return 0;
}

static char *json_string(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(v) && v->valuestring)
        return sb_strdup(v->valuestring);
    if (cJSON_IsNumber(v))
        return sb_asprintf("%g", v->valuedouble);
    return NULL;
}

static double json_number(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A whole number in int's range, else 0 (unknown): a run.json edited by hand or damaged can hold
 * 1.98e89 there, and casting that is undefined (found by fuzz_report); merge.c's int_of is the
 * same for results.csv's cells. */
static int json_int(const cJSON *obj, const char *key)
{
    int x;
    return sb_double_to_int(json_number(obj, key), INT_MIN, INT_MAX, &x) ? 0 : x;
}

/* The line of a position in text, for messages about JSON. */
static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p && at && p < at && *p; p++)
        line += *p == '\n';
    return line;
}

static void load_devices(rp_run *run, const cJSON *devs)
{
    int n = cJSON_GetArraySize(devs);
    if (n <= 0)
        return;
    run->devices = sb_calloc((size_t)n, sizeof *run->devices);
    const cJSON *d;
    cJSON_ArrayForEach(d, devs)
    {
        if (!cJSON_IsObject(d))
            continue;
        rp_device_meta *m = &run->devices[run->n_devices++];
        m->index = json_string(d, "index");
        m->name = json_string(d, "name");
        m->vendor = json_string(d, "vendor");
        m->platform = json_string(d, "platform");
        m->type = json_string(d, "type");
        m->driver = json_string(d, "driver_version");
        m->opencl_version = json_string(d, "opencl_version");
        m->compute_units = json_int(d, "compute_units");
        m->max_clock_mhz = json_int(d, "max_clock_mhz");
        const cJSON *peak = cJSON_GetObjectItemCaseSensitive(d, "peak");
        m->peak_gflops = cJSON_IsObject(peak) ? json_number(peak, "gflops") : NAN;
        m->peak_gbps = cJSON_IsObject(peak) ? json_number(peak, "gbps") : NAN;
    }
}

/* run.json is metadata: when it is missing or broken the rows still count, with a warning. */
static void load_meta(rp_run *run, rp_strings *warnings)
{
    char *path = sb_path_join(run->dir, "run.json");
    sb_error err;
    char *text = sb_file_exists(path) ? sb_read_file(path, NULL, &err) : NULL;
    if (!text) {
        rp_warn(warnings, "run %s: no readable run.json: host, start time, config and device "
                "metadata (peaks) are unknown for its rows", run->name);
        free(path);
        return;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 0);
    if (!cJSON_IsObject(root)) {
        rp_warn(warnings, "%s:%d: not a valid JSON object: the run's metadata is ignored", path,
                line_of(text, end ? end : cJSON_GetErrorPtr()));
        cJSON_Delete(root);
        free(text);
        free(path);
        return;
    }
    run->has_meta = 1;
    /* files written by a newer sparsebench may mean something else by a column */
    double version = json_number(root, "schema_version");
    if (isfinite(version) && version > SB_SCHEMA_VERSION)
        rp_warn(warnings, "run %s: written with result schema version %g, newer than this "
                "sparsebench reads (%d): update sparsebench before trusting its report", run->name,
                version, SB_SCHEMA_VERSION);
    const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
    if (cJSON_IsObject(tool)) {
        run->tool_version = json_string(tool, "version");
        run->tool_commit = json_string(tool, "commit");
    }
    const cJSON *host = cJSON_GetObjectItemCaseSensitive(root, "host");
    if (cJSON_IsObject(host)) {
        run->host = json_string(host, "name");
        if (!run->host)
            run->host = json_string(host, "hostname");
    } else {
        run->host = json_string(root, "host");
    }
    run->started = json_string(root, "started");
    run->finished = json_string(root, "finished");
    /* a run that did not finish holds only part of its cases: its numbers are real, its
     * coverage (and so crossovers, model totals, per-device tables) is not the config's */
    char *state = json_string(root, "state");
    if (state && strcmp(state, "finished") != 0)
    {
        int resumable = strcmp(state, "interrupted") == 0 || strcmp(state, "stopped") == 0;
        rp_warn(warnings, "run %s did not finish (run.json: \"state\": \"%s\"): its results are "
                "partial%s%s%s", run->name, state,
                resumable ? "; complete it with sparsebench run --resume " : " (still running, or "
                                                                             "killed)",
                resumable ? run->dir : "", resumable ? " before trusting its totals" : "");
    }
    else if (!state && !run->finished)
        rp_warn(warnings, "run %s never finished (run.json has no \"finished\" time): its results "
                "may be partial", run->name);
    free(state);
    run->command_line = json_string(root, "command_line");
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(root, "config");
    if (cJSON_IsObject(config))
        run->config_name = json_string(config, "name");
    const cJSON *devs = cJSON_GetObjectItemCaseSensitive(root, "devices");
    if (cJSON_IsArray(devs))
        load_devices(run, devs);
    rp_shard_load(&run->shard, cJSON_GetObjectItemCaseSensitive(root, "shard"), path, warnings);

    const char *missing[8];
    int n_missing = 0;
    if (!run->host)
        missing[n_missing++] = "host";
    if (!run->started)
        missing[n_missing++] = "started";
    if (!run->config_name)
        missing[n_missing++] = "config.name";
    if (!run->tool_version)
        missing[n_missing++] = "tool.version";
    if (!cJSON_IsArray(devs))
        missing[n_missing++] = "devices";
    for (int i = 0; i < n_missing; i++)
        rp_warn(warnings, "%s: field '%s' is missing", path, missing[i]);
    cJSON_Delete(root);
    free(text);
    free(path);
}

/* Does a results.jsonl object describe the same case as the CSV row? */
static int same_case(const cJSON *obj, const sb_csv *csv, int row)
{
    static const char *const keys[] = {"device", "matrix", "kernel", NULL};
    for (const char *const *k = keys; *k; k++) {
        int c = sb_csv_col(csv, *k);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, *k);
        if (c >= 0 && cJSON_IsString(v) && strcmp(v->valuestring, csv->cells[row][c]) != 0)
            return 0;
    }
    return 1;
}

static void free_samples(rp_run *run)
{
    for (int i = 0; i < run->results.n_rows; i++) {
        if (run->samples)
            free(run->samples[i]);
        if (run->baseline_samples)
            free(run->baseline_samples[i]);
    }
    free(run->samples);
    free(run->n_samples);
    free(run->baseline_samples);
    free(run->n_baseline_samples);
    run->samples = run->baseline_samples = NULL;
    run->n_samples = run->n_baseline_samples = NULL;
}

/* The numbers of a JSON array of runs (malloc'd; NULL and 0 when it has none). */
static void json_runs(const cJSON *arr, double **out, int *n)
{
    int k = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (k <= 0)
        return;
    *out = sb_malloc(sizeof(double) * (size_t)k);
    const cJSON *v;
    cJSON_ArrayForEach(v, arr)
    {
        if (cJSON_IsNumber(v))
            (*out)[(*n)++] = v->valuedouble;
    }
}

/* Raw samples live only in results.jsonl (or, in an archived run, results.jsonl.gz), row by row
 * in the same order as results.csv. */
static void load_samples(rp_run *run, rp_strings *warnings)
{
    char *path = sb_path_join(run->dir, "results.jsonl");
    sb_error err;
    char *text = NULL;
    if (sb_file_exists(path)) {
        text = sb_read_file(path, NULL, &err);
    } else {
        char *gz = sb_asprintf("%s.gz", path);
        if (sb_file_exists(gz)) {
            free(path);
            path = gz;
            text = sb_read_file_gz(path, NULL, &err);
            if (!text)
                rp_warn(warnings, "%s", err.msg);
        } else {
            free(gz);
        }
    }
    if (!text) {
        rp_warn(warnings, "run %s: no results.jsonl: latency plots use min/median/p90/p99/max "
                "instead of raw samples", run->name);
        free(path);
        return;
    }
    int n = run->results.n_rows;
    run->samples = sb_calloc((size_t)(n ? n : 1), sizeof *run->samples);
    run->n_samples = sb_calloc((size_t)(n ? n : 1), sizeof *run->n_samples);
    run->baseline_samples = sb_calloc((size_t)(n ? n : 1), sizeof *run->baseline_samples);
    run->n_baseline_samples = sb_calloc((size_t)(n ? n : 1), sizeof *run->n_baseline_samples);
    int row = 0, line = 0, ok = 1;
    for (char *p = text; *p && ok;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        const char *s = p;
        p = nl ? nl + 1 : p + strlen(p);
        while (*s == ' ' || *s == '\t' || *s == '\r')
            s++;
        if (!*s)
            continue;
        cJSON *obj = cJSON_Parse(s);
        if (!cJSON_IsObject(obj)) {
            rp_warn(warnings, "%s:%d: not a JSON object: raw samples of run %s are ignored", path,
                    line, run->name);
            ok = 0;
        } else if (row >= n || !same_case(obj, &run->results, row)) {
            rp_warn(warnings, "%s:%d: does not match row %d of results.csv: raw samples of run %s "
                    "are ignored", path, line, row + 1, run->name);
            ok = 0;
        } else {
            json_runs(cJSON_GetObjectItemCaseSensitive(obj, "samples_ms"), &run->samples[row],
                      &run->n_samples[row]);
            json_runs(cJSON_GetObjectItemCaseSensitive(obj, "baseline_samples_ms"),
                      &run->baseline_samples[row], &run->n_baseline_samples[row]);
            row++;
        }
        cJSON_Delete(obj);
    }
    if (ok && row != n)
        rp_warn(warnings, "%s: %d rows, results.csv has %d: rows without a JSON line have no raw "
                "samples", path, row, n);
    if (!ok)
        free_samples(run);
    free(text);
    free(path);
}

/* 1 when the file at path does not end with a line end: a writer stopped in its last line (a run
 * killed while it wrote a row; run --resume cuts such a line off and goes on) */
static int ends_mid_line(const char *path)
{
    size_t len = 0;
    sb_error ignored;
    char *text = sb_read_file(path, &len, &ignored);
    const int mid = text && len > 0 && text[len - 1] != '\n';
    free(text);
    return mid;
}

static char *last_component(const char *dir)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    return sb_strndup(dir + start, len - start);
}

int rp_run_load(rp_run *run, const char *dir, rp_strings *warnings, sb_error *err)
{
    memset(run, 0, sizeof *run);
    run->dir = sb_strdup(dir);
    run->name = last_component(dir);
    if (!sb_is_dir(dir))
        return sb_fail(err, "%s: no such result directory", dir);
    char *csv_path = sb_path_join(dir, "results.csv");
    if (!sb_file_exists(csv_path)) {
        sb_fail(err, "%s: not found (is %s a `sparsebench run` result directory?)", csv_path, dir);
        free(csv_path);
        return -1;
    }
    int rc = sb_csv_read(csv_path, &run->results, err);
    if (rc != 0 && ends_mid_line(csv_path)) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n,
                 " (its last row is unfinished: the run stopped while writing it; sparsebench run "
                 "--resume %s drops that row and measures the rest)", dir);
    }
    free(csv_path);
    int n_cols, n_model_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    const sb_column *model_cols = sb_models_schema(&n_model_cols);
    if (rc != 0 || check_status(&run->results, err) != 0 ||
        check_numbers(&run->results, cols, n_cols, err) != 0)
        return -1;

    char *models_path = sb_path_join(dir, "models.csv");
    if (sb_file_exists(models_path)) {
        if (sb_csv_read(models_path, &run->models, err) != 0 ||
            check_numbers(&run->models, model_cols, n_model_cols, err) != 0) {
            free(models_path);
            return -1;
        }
        run->has_models = 1;
    }
    free(models_path);
    load_meta(run, warnings);
    load_samples(run, warnings);
    return 0;
}

void rp_run_free(rp_run *run)
{
    free(run->dir);
    free(run->name);
    free(run->host);
    free(run->started);
    free(run->finished);
    free(run->tool_version);
    free(run->tool_commit);
    free(run->config_name);
    free(run->command_line);
    free_samples(run);
    for (int i = 0; i < run->n_devices; i++) {
        rp_device_meta *m = &run->devices[i];
        free(m->index);
        free(m->name);
        free(m->vendor);
        free(m->platform);
        free(m->type);
        free(m->driver);
        free(m->opencl_version);
    }
    free(run->devices);
    rp_shard_free(&run->shard);
    free(run->colmap);
    free(run->model_colmap);
    sb_csv_free(&run->results);
    sb_csv_free(&run->models);
    memset(run, 0, sizeof *run);
}
