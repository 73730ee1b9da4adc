/* report.md: every table of the report, with the rules that made them written beside them. */
#include "report_internal.h"

#include "sb_device.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- runs and devices ---- */

static void write_runs(sb_strbuf *b, const sb_report *r)
{
    sb_strbuf_appendf(b, "## Runs\n\n");
    static const char *const t[] = {"run", "directory", "host", "started", "sparsebench",
                                    "config", "ok", "wrong", "failed", "skipped"};
    rp_md_header(b, t, 10);
    for (int k = 0; k < r->n_runs; k++) {
        const rp_run *run = &r->runs[k];
        int count[4] = {0};
        for (int i = 0; i < r->n_rows; i++) {
            const rp_row *w = &r->rows[i];
            if (w->run != k)
                continue;
            count[w->ok ? 0 : strcmp(w->status, "wrong") == 0 ? 1 : w->failed ? 2 : 3]++;
        }
        char tool[160];
        snprintf(tool, sizeof tool, "%s%s%s", run->tool_version ? run->tool_version : "?",
                 run->tool_commit ? " " : "", run->tool_commit ? run->tool_commit : "");
        sb_strbuf_appendf(b, "|");
        rp_md_cell(b, run->name);
        rp_md_cell(b, run->dir);
        rp_md_cell(b, run->host ? run->host : "?");
        rp_md_cell(b, run->started ? run->started : "?");
        rp_md_cell(b, tool);
        rp_md_cell(b, run->config_name ? run->config_name : "?");
        for (int s = 0; s < 4; s++)
            rp_md_cellf(b, "%.0f", count[s]);
        sb_strbuf_appendf(b, "\n");
    }
    sb_strbuf_appendf(b, "\n");
}

static void write_devices(sb_strbuf *b, const sb_report *r)
{
    sb_strbuf_appendf(b, "## Devices\n\n");
    static const char *const t[] = {"device", "vendor", "platform", "type", "driver",
                                    "compute units", "peak GFLOP/s", "peak GB/s"};
    rp_md_header(b, t, 8);
    for (int d = 0; d < r->devices.n; d++) {
        const rp_device_meta *m = rp_device_meta_for(r, r->devices.v[d]);
        sb_strbuf_appendf(b, "|");
        rp_md_cell(b, r->devices.v[d]);
        rp_md_cell(b, m && m->vendor ? m->vendor : "?");
        rp_md_cell(b, m && m->platform ? m->platform : "?");
        rp_md_cell(b, m && m->type ? m->type : "?");
        rp_md_cell(b, m && m->driver ? m->driver : "?");
        rp_md_cellf(b, "%.0f", m && m->compute_units ? m->compute_units : NAN);
        rp_md_cellf(b, "%.1f", m ? m->peak_gflops : NAN);
        rp_md_cellf(b, "%.1f", m ? m->peak_gbps : NAN);
        sb_strbuf_appendf(b, "\n");
    }
    sb_strbuf_appendf(b, "\n");
}
static void write_warnings(sb_strbuf *b, const sb_report *r)
{
    sb_strbuf_appendf(b, "## Warnings\n\n");
    if (r->warnings.n == 0)
        sb_strbuf_appendf(b, "None: every run had the same columns and metadata.\n");
    for (int i = 0; i < r->warnings.n; i++)
        sb_strbuf_appendf(b, "- %s\n", r->warnings.v[i]);
    sb_strbuf_appendf(b, "\n");
}

/* ---- cross-vendor: one case on every device ---- */

typedef struct case_key {
    const rp_row *first; /* the row that names the case */
} case_key;

static int same_case(const rp_row *a, const rp_row *b)
{
    return strcmp(a->matrix, b->matrix) == 0 && strcmp(a->kernel, b->kernel) == 0 &&
           strcmp(a->precision, b->precision) == 0 &&
           strcmp(a->pattern, b->pattern) == 0 && strcmp(a->block, b->block) == 0 &&
           a->N == b->N && a->M == b->M && a->K == b->K &&
           (a->spars_key == b->spars_key || (isnan(a->spars_key) && isnan(b->spars_key)));
}

static int cmp_case(const void *pa, const void *pb)
{
    const rp_row *a = ((const case_key *)pa)->first, *b = ((const case_key *)pb)->first;
    int c = strcmp(a->matrix, b->matrix);
    if (!c)
        c = (a->N > b->N) - (a->N < b->N);
    if (!c)
        c = strcmp(a->kernel, b->kernel);
    if (!c)
        c = strcmp(a->precision, b->precision);
    if (!c)
        c = strcmp(a->pattern, b->pattern);
    if (!c)
        c = strcmp(a->block, b->block);
    if (!c)
        c = (a->spars_key > b->spars_key) - (a->spars_key < b->spars_key);
    return c;
}

/* An efficiency above 1 means the case ran faster than the DRAM roof allows: its operands stayed in
 * cache. Such a cell is marked and the table says why once. */
#define ABOVE_ONE_NOTE "† efficiency > 1: operands cache-resident: the DRAM roof does not bound this case."

static void eff_cell(sb_strbuf *b, double eff, int *above_one)
{
    if (isfinite(eff) && eff > 1.0) {
        rp_md_cellf(b, "%.3f†", eff);
        *above_one = 1;
    } else {
        rp_md_cellf(b, "%.3f", eff);
    }
}

/* The platforms of the report's devices, as their short names ("pocl, intel"). */
static void platform_list(const sb_report *r, sb_strbuf *out)
{
    rp_strings seen = {0};
    for (int d = 0; d < r->device_platforms.n; d++) {
        char slug[64];
        sb_platform_slug(r->device_platforms.v[d][0] ? r->device_platforms.v[d] : "unknown", slug, sizeof slug);
        if (rp_strings_find(&seen, slug) >= 0)
            continue;
        rp_strings_push(&seen, sb_strdup(slug));
        sb_strbuf_appendf(out, "%s%s", seen.n > 1 ? ", " : "", slug);
    }
    rp_strings_free(&seen);
}

static void write_cross_vendor(sb_strbuf *b, const sb_report *r)
{
    int above_one = 0;
    sb_strbuf_appendf(b,
        "## Cross-vendor comparison\n\n"
        "The same case (matrix, kernel, precision, pattern, block, sparsity, N) on every device: median time "
        "of the counted runs and roofline efficiency (bound_ms / median_ms; — when the run did not "
        "record it). A device that ran the case without a correct result shows its status; an "
        "empty cell means the case was not run there.\n\n");
    case_key *cases = NULL;
    int n_cases = 0;
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *w = &r->rows[i];
        if (!*w->kernel || strcmp(w->status, "skipped") == 0)
            continue;
        int seen = 0;
        for (int c = 0; c < n_cases && !seen; c++)
            seen = same_case(cases[c].first, w);
        if (!seen) {
            cases = sb_realloc(cases, sizeof *cases * (size_t)(n_cases + 1));
            cases[n_cases++].first = w;
        }
    }
    if (n_cases == 0) {
        sb_strbuf_appendf(b, "No cases.\n\n");
        return;
    }
    qsort(cases, (size_t)n_cases, sizeof *cases, cmp_case);
    sb_strbuf_appendf(b, "|");
    static const char *const t[] = {"matrix", "kernel", "pattern", "sparsity", "N"};
    for (int i = 0; i < 5; i++)
        rp_md_cell(b, t[i]);
    for (int d = 0; d < r->devices.n; d++) {
        char title[320];
        snprintf(title, sizeof title, "%s ms", r->devices.v[d]);
        rp_md_cell(b, title);
        snprintf(title, sizeof title, "%s eff", r->devices.v[d]);
        rp_md_cell(b, title);
    }
    sb_strbuf_appendf(b, "\n|");
    for (int i = 0; i < 5 + 2 * r->devices.n; i++)
        sb_strbuf_appendf(b, "---|");
    sb_strbuf_appendf(b, "\n");
    for (int c = 0; c < n_cases; c++) {
        const rp_row *f = cases[c].first;
        char buf[128];
        sb_strbuf_appendf(b, "|");
        rp_md_cell(b, f->matrix);
        rp_md_cell(b, rp_md_kernel(f->kernel, f->precision, f->engine, buf, sizeof buf));
        rp_md_cell(b, rp_md_pattern(f->pattern, f->block, buf, sizeof buf));
        rp_md_cellf(b, "%.4g", f->spars_key);
        rp_md_cellf(b, "%.0f", f->N);
        for (int d = 0; d < r->devices.n; d++) {
            double ms = 0, eff = 0;
            int n_ms = 0, n_eff = 0;
            const char *bad = NULL;
            for (int i = 0; i < r->n_rows; i++) {
                const rp_row *w = &r->rows[i];
                if (strcmp(w->device, r->devices.v[d]) != 0 || !same_case(f, w))
                    continue;
                if (w->failed)
                    bad = w->status;
                if (!w->ok)
                    continue;
                if (isfinite(w->median_ms)) {
                    ms += w->median_ms;
                    n_ms++;
                }
                if (isfinite(w->efficiency)) {
                    eff += w->efficiency;
                    n_eff++;
                }
            }
            if (n_ms) {
                rp_md_cellf(b, "%.4g", ms / n_ms);
                eff_cell(b, n_eff ? eff / n_eff : NAN, &above_one);
            } else {
                rp_md_cell(b, bad ? bad : "");
                rp_md_cell(b, "");
            }
        }
        sb_strbuf_appendf(b, "\n");
    }
    sb_strbuf_appendf(b, "\n");
    if (above_one)
        sb_strbuf_appendf(b, "%s\n\n", ABOVE_ONE_NOTE);
    free(cases);
}

/* ---- memory footprint ---- */

static void write_memory(sb_strbuf *b, const sb_report *r)
{
    sb_strbuf_appendf(b,
        "## Memory footprint\n\n"
        "Bytes of the sparse operand in each format over the bytes of the dense matrix at the same "
        "precision (`bytes / dense_bytes`; fp16 stores values in 2 bytes, indices in 4), per "
        "matrix and sparsity; the mean when devices or runs differ (padding).\n\n");
    static const char *const t[] = {"matrix", "M×K", "format", "pattern", "sparsity", "bytes",
                                    "dense bytes", "bytes / dense"};
    const rp_row **seen = NULL;
    int n_seen = 0;
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *w = &r->rows[i];
        if (!*w->format || strcmp(w->format, "dense") == 0 || !isfinite(w->bytes) ||
            !(w->dense_bytes > 0))
            continue;
        int known = 0;
        for (int s = 0; s < n_seen && !known; s++)
            known = strcmp(seen[s]->matrix, w->matrix) == 0 &&
                    strcmp(seen[s]->format, w->format) == 0 &&
                    strcmp(seen[s]->precision, w->precision) == 0 && seen[s]->M == w->M &&
                    seen[s]->K == w->K && strcmp(seen[s]->pattern, w->pattern) == 0 &&
                    strcmp(seen[s]->block, w->block) == 0 && seen[s]->spars_key == w->spars_key;
        if (known)
            continue;
        seen = sb_realloc(seen, sizeof *seen * (size_t)(n_seen + 1));
        seen[n_seen++] = w;
    }
    if (n_seen == 0) {
        sb_strbuf_appendf(b, "No rows with `bytes` and `dense_bytes`.\n\n");
        return;
    }
    rp_md_header(b, t, 8);
    for (int s = 0; s < n_seen; s++) {
        const rp_row *f = seen[s];
        double bytes = 0, dense = 0;
        int n = 0;
        for (int i = 0; i < r->n_rows; i++) {
            const rp_row *w = &r->rows[i];
            if (strcmp(w->matrix, f->matrix) || strcmp(w->format, f->format) ||
                strcmp(w->precision, f->precision) || w->M != f->M ||
                w->K != f->K || strcmp(w->pattern, f->pattern) || strcmp(w->block, f->block) ||
                w->spars_key != f->spars_key || !isfinite(w->bytes) || !(w->dense_bytes > 0))
                continue;
            bytes += w->bytes;
            dense += w->dense_bytes;
            n++;
        }
        char buf[128];
        sb_strbuf_appendf(b, "|");
        rp_md_cell(b, f->matrix);
        snprintf(buf, sizeof buf, "%d×%d", f->M, f->K);
        rp_md_cell(b, buf);
        rp_md_cell(b, rp_md_kernel(f->format, f->precision, "", buf, sizeof buf));
        rp_md_cell(b, rp_md_pattern(f->pattern, f->block, buf, sizeof buf));
        rp_md_cellf(b, "%.4g", f->spars_key);
        rp_md_cellf(b, "%.0f", bytes / n);
        rp_md_cellf(b, "%.0f", dense / n);
        rp_md_cellf(b, "%.3f", bytes / dense);
        sb_strbuf_appendf(b, "\n");
    }
    sb_strbuf_appendf(b, "\n");
    free(seen);
}

/* ---- model totals ---- */

static const char *model_cell(const rp_run *run, int row, const char *name)
{
    int c = sb_csv_col(&run->models, name);
    return c >= 0 ? run->models.cells[row][c] : "";
}

static void write_models(sb_strbuf *b, const sb_report *r)
{
    if (r->model_cols.n == 0)
        return;
    sb_strbuf_appendf(b,
        "## Model totals\n\n"
        "Whole models (every layer of a model suite at one sparsity), from each run's models.csv; "
        "speedup = dense total / sparse total. All rows are in models.csv beside this report.\n\n");
    static const char *const t[] = {"model", "device", "kernel", "sparsity", "batch", "layers",
                                    "total ms", "dense total ms", "speedup", "bytes / dense",
                                    "status", "run"};
    rp_md_header(b, t, 12);
    for (int k = 0; k < r->n_runs; k++) {
        const rp_run *run = &r->runs[k];
        if (!run->has_models)
            continue;
        for (int i = 0; i < run->models.n_rows; i++) {
            sb_strbuf_appendf(b, "|");
            static const char *const text_cols[] = {"model", "device", "kernel"};
            for (int c = 0; c < 3; c++)
                rp_md_cell(b, model_cell(run, i, text_cols[c]));
            rp_md_cellf(b, "%.4g", rp_number(model_cell(run, i, "sparsity")));
            rp_md_cellf(b, "%.0f", rp_number(model_cell(run, i, "batch")));
            rp_md_cellf(b, "%.0f", rp_number(model_cell(run, i, "layers")));
            rp_md_cellf(b, "%.4g", rp_number(model_cell(run, i, "total_ms")));
            rp_md_cellf(b, "%.4g", rp_number(model_cell(run, i, "dense_total_ms")));
            rp_md_cellf(b, "%.2f", rp_number(model_cell(run, i, "speedup")));
            double bytes = rp_number(model_cell(run, i, "bytes"));
            double dense = rp_number(model_cell(run, i, "dense_bytes"));
            rp_md_cellf(b, "%.3f", dense > 0 ? bytes / dense : NAN);
            rp_md_cell(b, model_cell(run, i, "status"));
            rp_md_cell(b, run->name);
            sb_strbuf_appendf(b, "\n");
        }
    }
    sb_strbuf_appendf(b, "\n");
}

/* ---- performance portability ---- */

static void write_phi(sb_strbuf *b, const sb_report *r)
{
    int above_one = 0;
    sb_strbuf platforms = {0};
    platform_list(r, &platforms);
    sb_strbuf_appendf(b,
        "## Performance portability Φ\n\n"
        "Pennycook, Sewall and Lee (2016): for kernel k and shape class c = (M, K, N) over the set "
        "H of all %d device(s) of the merged runs,\n\n"
        "    Φ(k, c, H) = |H| / Σ_{i∈H} 1/e_i(k, c)   if k ran correctly on every device of H,\n"
        "    Φ(k, c, H) = 0                            otherwise,\n\n"
        "where e_i is the mean roofline efficiency (bound_ms / median_ms) of the `ok` rows of k in "
        "class c on device i (all patterns and sparsities of the class). A `wrong` or `failed` row "
        "on any device, or no `ok` row there (missing or skipped), makes Φ = 0. Φ is n/a when no "
        "device failed but some rows carry no efficiency (older runs). Cells give e_i, or why "
        "there is none. A kernel family counts its single-work-item variant (csr_task as csr, "
        "nm_task as nm, bsr_task as bsr), so FPGAs and CPUs are compared on one Φ. H spans the "
        "platforms: %s.\n\n", r->devices.n, platforms.s ? platforms.s : "none");
    sb_strbuf_free(&platforms);
    if (r->n_phis == 0) {
        sb_strbuf_appendf(b, "No kernels.\n\n");
        return;
    }
    sb_strbuf_appendf(b, "|");
    rp_md_cell(b, "kernel");
    rp_md_cell(b, "M×K×N");
    rp_md_cell(b, "Φ");
    for (int d = 0; d < r->devices.n; d++) {
        char title[320];
        snprintf(title, sizeof title, "e: %s", r->devices.v[d]);
        rp_md_cell(b, title);
    }
    sb_strbuf_appendf(b, "\n|");
    for (int i = 0; i < 3 + r->devices.n; i++)
        sb_strbuf_appendf(b, "---|");
    sb_strbuf_appendf(b, "\n");
    for (int k = 0; k < r->n_phis; k++) {
        const rp_phi *p = &r->phis[k];
        char buf[128];
        sb_strbuf_appendf(b, "|");
        rp_md_cell(b, rp_md_kernel(p->kernel, p->precision, "", buf, sizeof buf));
        snprintf(buf, sizeof buf, "%d×%d×%d", p->M, p->K, p->N);
        rp_md_cell(b, buf);
        if (isnan(p->phi))
            rp_md_cell(b, "n/a");
        else
            rp_md_cellf(b, "%.3f", p->phi);
        for (int d = 0; d < r->devices.n; d++) {
            if (p->why[d])
                rp_md_cell(b, p->why[d]);
            else
                eff_cell(b, p->eff[d], &above_one);
        }
        sb_strbuf_appendf(b, "\n");
    }
    sb_strbuf_appendf(b, "\n");
    if (above_one)
        sb_strbuf_appendf(b, "%s\n\n", ABOVE_ONE_NOTE);
}

/* ---- plots ---- */

static void write_plots(sb_strbuf *b, const rp_strings *plots, const char *skipped)
{
    sb_strbuf_appendf(b,
        "## Plots\n\n"
        "Made by tools/plot_report.py from merged.csv and devices.csv. Speedup plots: one line "
        "per kernel and N (pattern and shape in the label), the 1.0 line dashed, crossovers "
        "marked ×. Rooflines: from run.json's measured peak (GFLOP/s, GB/s) when present, with "
        "each kernel at arithmetic intensity 2·nnz·N / (bytes + 4·(K·N + M·N)) and its useful "
        "GFLOP/s; without a peak, the plot shows each kernel's efficiency (bound_ms / "
        "median_ms) against the same intensity, with the roof at 1.0. Latency: box plots of the "
        "raw counted runs (results.jsonl) when present; otherwise a box from median to p90, "
        "whiskers to min and max, and a dot at p99.\n\n");
    if (skipped && *skipped) {
        sb_strbuf_appendf(b, "plots skipped: %s\n\n", skipped);
        return;
    }
    if (plots->n == 0)
        sb_strbuf_appendf(b, "No plot had data.\n\n");
    for (int i = 0; i < plots->n; i++) {
        char *entry = sb_strdup(plots->v[i]); /* "title\tpng\tsvg" */
        char *png = strchr(entry, '\t');
        char *svg = png ? strchr(png + 1, '\t') : NULL;
        if (png && svg) {
            *png++ = '\0';
            *svg++ = '\0';
            sb_strbuf_appendf(b, "### %s\n\n![%s](%s)\n\n[PNG](%s) · [SVG](%s)\n\n", entry, entry,
                              png, png, svg);
        }
        free(entry);
    }
}

int rp_write_markdown(const sb_report *r, const char *out_dir, const rp_strings *plots,
                      const char *plots_skipped, sb_error *err)
{
    sb_strbuf b = {0};
    char now[32];
    sb_utc_iso(now, sizeof now);
    sb_strbuf_appendf(&b,
        "# sparsebench report\n\n"
        "Made %s from %d run(s), %d row(s), %d device(s). All rows are in merged.csv (columns "
        "run, host and run_started say where each row came from; samples_ms holds the raw "
        "counted runs from results.jsonl), device metadata in devices.csv, every crossover in "
        "crossover.csv.\n\n",
        now, r->n_runs, r->n_rows, r->devices.n);
    write_runs(&b, r);
    write_devices(&b, r);
    write_warnings(&b, r);
    rp_write_shards_md(&b, r);
    rp_write_dense_side_md(&b, r);
    rp_write_speedup_md(&b, r);
    write_cross_vendor(&b, r);
    write_memory(&b, r);
    write_models(&b, r);
    write_phi(&b, r);
    write_plots(&b, plots, plots_skipped);
    char *path = sb_path_join(out_dir, "report.md");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}
