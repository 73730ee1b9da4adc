/* Merging runs: one column set for all of them, typed rows for the tables, and every mismatch
 * between runs written down as a warning. Also writes merged.csv, models.csv and devices.csv. */
#include "report_internal.h"

#include "sb_device.h"
#include "sb_util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns the report adds in front of every merged row, so each keeps where it came from. */
enum { COL_RUN, COL_HOST, COL_STARTED, N_ADDED };
static const char *const added_columns[] = {"run", "host", "run_started"};
#define SAMPLES_COLUMN "samples_ms"
/* merged.csv's last column: the device's label in the report (name and platform), the key the
 * plots group by */
#define LABEL_COLUMN "device_label"

/* Builds the merged column list (added columns, the schema's (sb_schema.h), then every extra
 * column in order of first appearance) and each run's map into it; warns about columns some runs
 * lack. */
static void merge_columns(sb_report *r, rp_strings *cols, int models)
{
    int n_std;
    const sb_column *standard = models ? sb_models_schema(&n_std) : sb_results_schema(&n_std);
    for (int i = 0; i < N_ADDED; i++)
        rp_strings_push(cols, sb_strdup(added_columns[i]));
    for (int c = 0; c < n_std; c++)
        rp_strings_push(cols, sb_strdup(standard[c].name));
    for (int k = 0; k < r->n_runs; k++) {
        const sb_csv *csv = models ? &r->runs[k].models : &r->runs[k].results;
        if (models && !r->runs[k].has_models)
            continue;
        for (int c = 0; c < csv->n_cols; c++)
            if (rp_strings_find(cols, csv->cols[c]) < 0)
                rp_strings_push(cols, sb_strdup(csv->cols[c]));
    }
    if (!models && rp_strings_find(cols, SAMPLES_COLUMN) < 0)
        rp_strings_push(cols, sb_strdup(SAMPLES_COLUMN));
    if (!models && rp_strings_find(cols, LABEL_COLUMN) < 0)
        rp_strings_push(cols, sb_strdup(LABEL_COLUMN));

    const char *file = models ? "models.csv" : "results.csv";
    const char *merged = models ? "the merged models.csv" : "merged.csv";
    for (int k = 0; k < r->n_runs; k++) {
        rp_run *run = &r->runs[k];
        if (models && !run->has_models)
            continue;
        const sb_csv *csv = models ? &run->models : &run->results;
        int *map = sb_malloc(sizeof *map * (size_t)cols->n);
        for (int m = 0; m < cols->n; m++) {
            map[m] = sb_csv_col(csv, cols->v[m]);
            if (map[m] >= 0 || m < N_ADDED ||
                (!models && (strcmp(cols->v[m], SAMPLES_COLUMN) == 0 || strcmp(cols->v[m], LABEL_COLUMN) == 0)))
                continue;
            if (sb_column_find(standard, n_std, cols->v[m]))
                rp_warn(&r->warnings, "run %s: %s has no column '%s' (older version?): its cells "
                        "are empty in %s", run->name, file, cols->v[m], merged);
            else
                rp_warn(&r->warnings, "run %s: %s lacks the extra column '%s' that another run "
                        "has: its cells are empty in %s", run->name, file, cols->v[m], merged);
        }
        if (models)
            run->model_colmap = map;
        else
            run->colmap = map;
    }
}

static const char *cell_of(const rp_run *run, int row, const char *name)
{
    int c = sb_csv_col(&run->results, name);
    return c >= 0 ? run->results.cells[row][c] : "";
}

/* A whole number in int's range, else 0, as for an empty cell (a results.csv edited by hand or
 * damaged can hold 5e120 there: casting that is undefined, found by fuzz_report) */
static int int_of(const rp_run *run, int row, const char *name)
{
    int x;
    return sb_double_to_int(rp_number(cell_of(run, row, name)), INT_MIN, INT_MAX, &x) ? 0 : x;
}

static void fill_row(rp_row *w, const rp_run *run, int k, int src)
{
    memset(w, 0, sizeof *w);
    w->run = k;
    w->src = src;
    w->device = w->device_name = cell_of(run, src, "device");
    w->platform = cell_of(run, src, "platform");
    w->driver = cell_of(run, src, "driver");
    w->matrix = cell_of(run, src, "matrix");
    w->kernel = cell_of(run, src, "kernel");
    w->format = cell_of(run, src, "format");
    w->pattern = cell_of(run, src, "pattern");
    w->block = cell_of(run, src, "block");
    w->status = cell_of(run, src, "status");
    w->variant = cell_of(run, src, "variant");
    w->precision = cell_of(run, src, "precision");
    if (!w->precision[0])
        w->precision = "fp32";
    w->engine = cell_of(run, src, "engine");
    w->M = int_of(run, src, "M");
    w->K = int_of(run, src, "K");
    w->N = int_of(run, src, "N");
    w->ok = strcmp(w->status, "ok") == 0;
    w->failed = strcmp(w->status, "wrong") == 0 || strcmp(w->status, "failed") == 0;
    w->target_sparsity = rp_number(cell_of(run, src, "target_sparsity"));
    w->sparsity = rp_number(cell_of(run, src, "sparsity"));
    /* Points group by the sparsity asked for; measured sparsity differs in the 4th digit. */
    double key = isfinite(w->target_sparsity) ? w->target_sparsity : w->sparsity;
    w->spars_key = isfinite(key) ? round(key * 1e4) / 1e4 : NAN;
    w->median_ms = rp_number(cell_of(run, src, "median_ms"));
    w->speedup = rp_number(cell_of(run, src, "speedup_vs_dense"));
    w->efficiency = rp_number(cell_of(run, src, "efficiency"));
    w->bytes = rp_number(cell_of(run, src, "bytes"));
    w->dense_bytes = rp_number(cell_of(run, src, "dense_bytes"));
    w->gflops_useful = rp_number(cell_of(run, src, "gflops_useful"));
    w->bound_ms = rp_number(cell_of(run, src, "bound_ms"));
}

/* Two directories with the same last component (run1/ of two machines) need distinct names. */
static void unique_run_names(sb_report *r)
{
    for (int k = 1; k < r->n_runs; k++) {
        int clash = 0;
        for (int j = 0; j < k; j++)
            clash |= strcmp(r->runs[j].name, r->runs[k].name) == 0;
        if (!clash)
            continue;
        char *old = r->runs[k].name;
        r->runs[k].name = sb_asprintf("%s#%d", old, k + 1);
        rp_warn(&r->warnings, "two result directories are named '%s' (%s and another): the second "
                "is called '%s' in the run column", old, r->runs[k].dir, r->runs[k].name);
        free(old);
    }
}

/* Metadata that should agree across runs, and devices measured by more than one run. */
static void warn_mismatches(sb_report *r)
{
    for (int k = 1; k < r->n_runs; k++) {
        const rp_run *a = &r->runs[0], *b = &r->runs[k];
        if (a->config_name && b->config_name && strcmp(a->config_name, b->config_name) != 0)
            rp_warn(&r->warnings, "config names differ: run %s used '%s', run %s used '%s' "
                    "(cases may not line up)", a->name, a->config_name, b->name, b->config_name);
        if (a->tool_version && b->tool_version && strcmp(a->tool_version, b->tool_version) != 0)
            rp_warn(&r->warnings, "tool versions differ: run %s was made by sparsebench %s, run %s "
                    "by %s", a->name, a->tool_version, b->name, b->tool_version);
    }
    /* the shards of one study are one measurement (rp_check_shards says if one is twice) */
    for (int d = 0; d < r->devices.n; d++) {
        sb_strbuf runs = {0};
        int n = 0, studies = 0;
        for (int k = 0; k < r->n_runs; k++) {
            int present = 0, new_study = 1;
            for (int i = 0; i < r->n_rows && !present; i++)
                present = r->rows[i].run == k && strcmp(r->rows[i].device, r->devices.v[d]) == 0;
            for (int i = 0; i < r->n_rows && present && new_study; i++)
                new_study = !(r->rows[i].run < k && r->runs[r->rows[i].run].study == r->runs[k].study &&
                              strcmp(r->rows[i].device, r->devices.v[d]) == 0);
            if (present) {
                sb_strbuf_appendf(&runs, "%s%s", n ? ", " : "", r->runs[k].name);
                n++;
                studies += new_study;
            }
        }
        if (studies > 1)
            rp_warn(&r->warnings, "device '%s' appears in %d runs (%s): its rows are pooled, and "
                    "a case measured more than once is averaged", r->devices.v[d], n, runs.s);
        sb_strbuf_free(&runs);
    }
    /* Rows naming a device their run.json does not list. */
    for (int i = 0; i < r->n_rows; i++) {
        const rp_run *run = &r->runs[r->rows[i].run];
        if (!run->has_meta || run->n_devices == 0)
            continue;
        int found = 0;
        for (int d = 0; d < run->n_devices && !found; d++)
            found = run->devices[d].name && strcmp(run->devices[d].name, r->rows[i].device_name) == 0;
        if (!found)
            rp_warn(&r->warnings, "run %s: device '%s' of results.csv is not in its run.json",
                    run->name, r->rows[i].device_name);
    }
}

/* Devices are keyed by (name, platform, driver): Intel's runtime and PoCL both call an EPYC by
 * its CPU name, and one device under two drivers is two measurements. Each gets a label naming
 * its platform (sb_platform_slug), with the driver where the name and platform repeat. */
static void label_devices(sb_report *r)
{
    for (int i = 0; i < r->n_rows; i++) {
        rp_row *w = &r->rows[i];
        int d = 0;
        for (; d < r->device_names.n; d++)
            if (strcmp(r->device_names.v[d], w->device_name) == 0 &&
                strcmp(r->device_platforms.v[d], w->platform) == 0 &&
                strcmp(r->device_drivers.v[d], w->driver) == 0)
                break;
        if (d == r->device_names.n) {
            rp_strings_push(&r->device_names, sb_strdup(w->device_name));
            rp_strings_push(&r->device_platforms, sb_strdup(w->platform));
            rp_strings_push(&r->device_drivers, sb_strdup(w->driver));
        }
    }
    for (int d = 0; d < r->device_names.n; d++) {
        int drivers = 0;
        for (int e = 0; e < r->device_names.n; e++)
            drivers += strcmp(r->device_names.v[e], r->device_names.v[d]) == 0 &&
                       strcmp(r->device_platforms.v[e], r->device_platforms.v[d]) == 0;
        char plat[64];
        sb_platform_slug(r->device_platforms.v[d], plat, sizeof plat);
        char *label = !r->device_platforms.v[d][0] ? sb_strdup(r->device_names.v[d])
                      : drivers > 1 ? sb_asprintf("%s (%s %s)", r->device_names.v[d], plat, r->device_drivers.v[d])
                                    : sb_asprintf("%s (%s)", r->device_names.v[d], plat);
        rp_strings_push(&r->devices, label);
    }
    for (int i = 0; i < r->n_rows; i++) {
        rp_row *w = &r->rows[i];
        for (int d = 0; d < r->device_names.n; d++)
            if (strcmp(r->device_names.v[d], w->device_name) == 0 &&
                strcmp(r->device_platforms.v[d], w->platform) == 0 &&
                strcmp(r->device_drivers.v[d], w->driver) == 0) {
                w->device = r->devices.v[d];
                break;
            }
    }
}

int rp_merge(sb_report *r, sb_error *err)
{
    (void)err;
    unique_run_names(r);
    merge_columns(r, &r->cols, 0);
    int any_models = 0;
    for (int k = 0; k < r->n_runs; k++)
        any_models |= r->runs[k].has_models;
    if (any_models)
        merge_columns(r, &r->model_cols, 1);

    int total = 0;
    for (int k = 0; k < r->n_runs; k++)
        total += r->runs[k].results.n_rows;
    r->rows = sb_calloc((size_t)(total ? total : 1), sizeof *r->rows);
    for (int k = 0; k < r->n_runs; k++) {
        const rp_run *run = &r->runs[k];
        if (run->results.n_rows == 0)
            rp_warn(&r->warnings, "run %s: results.csv has no rows", run->name);
        int no_speedup = 0, first_line = 0, timing_warnings = 0;
        for (int i = 0; i < run->results.n_rows; i++) {
            timing_warnings += *cell_of(run, i, "timing_warning") != '\0';
            rp_row *w = &r->rows[r->n_rows++];
            fill_row(w, run, k, i);
            if (!*w->device) {
                w->device = w->device_name = "(unknown device)";
                rp_warn(&r->warnings, "%s:%d: empty device cell: the row is counted under '%s'",
                        run->results.path, run->results.lines[i], w->device);
            }
            if (w->ok && !isfinite(w->speedup) && strcmp(w->kernel, "dense") &&
                strcmp(w->kernel, "clblast") && no_speedup++ == 0)
                first_line = run->results.lines[i];
        }
        if (no_speedup)
            rp_warn(&r->warnings, "run %s: %d ok sparse rows have no speedup_vs_dense (first: "
                    "%s:%d): they are left out of the speedup tables", run->name, no_speedup,
                    run->results.path, first_line);
        if (timing_warnings)
            rp_warn(&r->warnings, "run %s: %d rows have a timing_warning (their runs drifted, had "
                    "outliers or stayed noisier than max_noise; results.csv says which)", run->name,
                    timing_warnings);
    }
    label_devices(r);
    rp_check_shards(r);
    warn_mismatches(r);
    return 0;
}

static const char *added_value(const rp_run *run, int col)
{
    const char *v = col == COL_RUN ? run->name : col == COL_HOST ? run->host : run->started;
    return v ? v : "";
}

const char *rp_cell(const sb_report *r, const rp_row *row, int merged_col)
{
    const rp_run *run = &r->runs[row->run];
    if (merged_col < N_ADDED)
        return added_value(run, merged_col);
    if (strcmp(r->cols.v[merged_col], LABEL_COLUMN) == 0)
        return row->device;
    int c = run->colmap[merged_col];
    return c >= 0 ? run->results.cells[row->src][c] : "";
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

const rp_device_meta *rp_device_meta_for(const sb_report *r, const char *device)
{
    int i = rp_strings_find(&r->devices, device);
    if (i < 0)
        return NULL;
    const rp_device_meta *by_name = NULL;
    for (int k = 0; k < r->n_runs; k++)
        for (int d = 0; d < r->runs[k].n_devices; d++) {
            const rp_device_meta *m = &r->runs[k].devices[d];
            if (!same(m->name, r->device_names.v[i]))
                continue;
            if (same(m->platform, r->device_platforms.v[i]) && same(m->driver, r->device_drivers.v[i]))
                return m;
            if (!by_name)
                by_name = m;
        }
    return by_name;
}

int rp_write_text(const char *path, const char *text, size_t len, sb_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return sb_fail(err, "%s: cannot write: %s", path, strerror(errno));
    size_t put = len ? fwrite(text, 1, len, f) : 0;
    int bad = put != len;
    if (fclose(f) != 0)
        bad = 1;
    return bad ? sb_fail(err, "%s: write failed: %s", path, strerror(errno)) : 0;
}

static void end_line(sb_strbuf *b)
{
    sb_strbuf_appendf(b, "\n");
}

static void append_samples(sb_strbuf *b, const rp_run *run, int src)
{
    if (!run->samples || !run->samples[src])
        return;
    for (int i = 0; i < run->n_samples[src]; i++)
        sb_strbuf_appendf(b, "%s%.9g", i ? " " : "", run->samples[src][i]);
}

static int write_results(const sb_report *r, const char *out_dir, sb_error *err)
{
    sb_strbuf b = {0};
    for (int c = 0; c < r->cols.n; c++) {
        if (c)
            sb_strbuf_appendf(&b, ",");
        sb_csv_append_cell(&b, r->cols.v[c]);
    }
    end_line(&b);
    int samples_col = rp_strings_find(&r->cols, SAMPLES_COLUMN);
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *row = &r->rows[i];
        const rp_run *run = &r->runs[row->run];
        for (int c = 0; c < r->cols.n; c++) {
            if (c)
                sb_strbuf_appendf(&b, ",");
            if (c == samples_col && run->colmap[c] < 0)
                append_samples(&b, run, row->src);
            else
                sb_csv_append_cell(&b, rp_cell(r, row, c));
        }
        end_line(&b);
    }
    char *path = sb_path_join(out_dir, "merged.csv");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}

static int write_models(const sb_report *r, const char *out_dir, sb_error *err)
{
    if (r->model_cols.n == 0)
        return 0;
    sb_strbuf b = {0};
    for (int c = 0; c < r->model_cols.n; c++) {
        if (c)
            sb_strbuf_appendf(&b, ",");
        sb_csv_append_cell(&b, r->model_cols.v[c]);
    }
    end_line(&b);
    for (int k = 0; k < r->n_runs; k++) {
        const rp_run *run = &r->runs[k];
        if (!run->has_models)
            continue;
        for (int i = 0; i < run->models.n_rows; i++) {
            for (int c = 0; c < r->model_cols.n; c++) {
                if (c)
                    sb_strbuf_appendf(&b, ",");
                int src = run->model_colmap[c];
                sb_csv_append_cell(&b, c < N_ADDED ? added_value(run, c)
                                       : src >= 0  ? run->models.cells[i][src]
                                                   : "");
            }
            end_line(&b);
        }
    }
    char *path = sb_path_join(out_dir, "models.csv");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}

static void append_number(sb_strbuf *b, double v)
{
    if (isfinite(v))
        sb_strbuf_appendf(b, ",%.6g", v);
    else
        sb_strbuf_appendf(b, ",");
}

/* devices.csv: one line per device of the report, with run.json's metadata and peaks (the plot
 * script draws rooflines from it). */
static int write_devices(const sb_report *r, const char *out_dir, sb_error *err)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "device,vendor,platform,type,driver,opencl_version,compute_units,"
                          "max_clock_mhz,peak_gflops,peak_gbps,runs\n");
    for (int d = 0; d < r->devices.n; d++) {
        const rp_device_meta *m = rp_device_meta_for(r, r->devices.v[d]);
        sb_csv_append_cell(&b, r->devices.v[d]);
        const char *texts[] = {m ? m->vendor : NULL, m ? m->platform : NULL, m ? m->type : NULL,
                               m ? m->driver : NULL, m ? m->opencl_version : NULL};
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
            sb_strbuf_appendf(&b, ",");
            sb_csv_append_cell(&b, texts[t]);
        }
        append_number(&b, m && m->compute_units ? m->compute_units : NAN);
        append_number(&b, m && m->max_clock_mhz ? m->max_clock_mhz : NAN);
        append_number(&b, m ? m->peak_gflops : NAN);
        append_number(&b, m ? m->peak_gbps : NAN);
        sb_strbuf runs = {0};
        for (int k = 0; k < r->n_runs; k++) {
            int present = 0;
            for (int i = 0; i < r->n_rows && !present; i++)
                present = r->rows[i].run == k && strcmp(r->rows[i].device, r->devices.v[d]) == 0;
            if (present)
                sb_strbuf_appendf(&runs, "%s%s", runs.len ? " " : "", r->runs[k].name);
        }
        sb_strbuf_appendf(&b, ",");
        sb_csv_append_cell(&b, runs.s);
        sb_strbuf_free(&runs);
        end_line(&b);
    }
    char *path = sb_path_join(out_dir, "devices.csv");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}

int rp_write_merged(const sb_report *r, const char *out_dir, sb_error *err)
{
    if (write_results(r, out_dir, err) != 0 || write_models(r, out_dir, err) != 0 ||
        write_devices(r, out_dir, err) != 0)
        return -1;
    return 0;
}
