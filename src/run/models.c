/* Model totals (see models.h). A total counts only when every layer of that model, device,
 * kernel, precision and sparsity is `ok`; otherwise its status says how many layers were not. The
 * dense total is the baseline kernel's (clblast, else dense; tc_dense at fp16 and tf32) total on
 * the same device, precision and sparsity. */
#include "models.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_store.h"

/* Model groups compare a layer's target sparsity; stored layers without one (NaN) group together. */
static int same_sparsity(double a, double b)
{
    return (isnan(a) && isnan(b)) || fabs(a - b) < 1e-9;
}

static sb_model_total *find(sb_models *m, const sb_row *row)
{
    for (int i = 0; i < m->count; i++) {
        sb_model_total *t = &m->items[i];
        if (strcmp(t->model, row->model) == 0 && strcmp(t->device_index, row->device_index) == 0 &&
            strcmp(t->kernel, row->kernel) == 0 && strcmp(t->precision, row->precision) == 0 &&
            same_sparsity(t->sparsity, row->target_sparsity))
            return t;
    }
    return NULL;
}

void sb_models_add(sb_models *m, const sb_row *row, int batch)
{
    if (!row->model[0])
        return;
    sb_model_total *t = find(m, row);
    if (!t) {
        if (m->count == m->cap) {
            m->cap = m->cap ? 2 * m->cap : 16;
            m->items = sb_realloc(m->items, sizeof *m->items * (size_t)m->cap);
        }
        t = &m->items[m->count++];
        memset(t, 0, sizeof *t);
        snprintf(t->model, sizeof t->model, "%s", row->model);
        snprintf(t->device, sizeof t->device, "%s", row->device);
        snprintf(t->device_index, sizeof t->device_index, "%s", row->device_index);
        snprintf(t->kernel, sizeof t->kernel, "%s", row->kernel);
        snprintf(t->precision, sizeof t->precision, "%s", row->precision);
        t->sparsity = row->target_sparsity;
        t->batch = batch;
    }
    t->layers++;
    if (row->status == SB_OK) {
        t->layers_ok++;
        t->total_ms += row->median_ms;
    } else if (row->status == SB_SKIPPED) {
        t->layers_skipped++;
    }
    if (row->bytes > 0)
        t->bytes += row->bytes;
    if (row->dense_bytes > 0)
        t->dense_bytes += row->dense_bytes;
}

static const sb_model_total *dense_of(const sb_models *m, const sb_model_total *t)
{
    const char *baselines[] = {"clblast", "dense", "tc_dense"};
    for (int b = 0; b < 3; b++)
        for (int i = 0; i < m->count; i++) {
            const sb_model_total *d = &m->items[i];
            if (strcmp(d->kernel, baselines[b]) == 0 && strcmp(d->model, t->model) == 0 &&
                strcmp(d->precision, t->precision) == 0 &&
                strcmp(d->device_index, t->device_index) == 0 &&
                same_sparsity(d->sparsity, t->sparsity) && d->layers_ok == d->layers)
                return d;
        }
    return NULL;
}

/* The row models.csv holds for total t. */
static void model_row(const sb_models *m, const sb_model_total *t, sb_model_row *r)
{
    memset(r, 0, sizeof *r);
    const sb_model_total *d = dense_of(m, t);
    int complete = t->layers_ok == t->layers;
    snprintf(r->model, sizeof r->model, "%s", t->model);
    snprintf(r->device, sizeof r->device, "%s", t->device);
    snprintf(r->device_index, sizeof r->device_index, "%s", t->device_index);
    snprintf(r->kernel, sizeof r->kernel, "%s", t->kernel);
    snprintf(r->precision, sizeof r->precision, "%s", t->precision);
    r->sparsity = t->sparsity;
    r->batch = t->batch;
    r->layers = t->layers;
    r->total_ms = complete ? t->total_ms : NAN;
    r->dense_total_ms = d ? d->total_ms : NAN;
    r->speedup = complete && d ? r->dense_total_ms / t->total_ms : NAN;
    r->bytes = t->bytes;
    r->dense_bytes = t->dense_bytes;
    if (complete)
        snprintf(r->status, sizeof r->status, "ok");
    else /* skipped alone (e.g. CLBlast where the profile disables it): not a failure */
        snprintf(r->status, sizeof r->status, "%d of %d layers %s", t->layers - t->layers_ok,
                 t->layers, t->layers_skipped == t->layers - t->layers_ok ? "skipped" : "not ok");
}

int sb_models_write(const sb_models *m, const char *dir, FILE *table, sb_error *err)
{
    if (m->count == 0)
        return 0;
    int n_cols;
    const sb_column *cols = sb_models_schema(&n_cols); /* the table the report reads back with */
    sb_strbuf text = {0};
    sb_csv_header_line(cols, n_cols, &text);
    fprintf(table, "\nModel totals (sum of layer medians; speedup = dense baseline total / total):\n"
                   "%-20s %-5s %-13s %-5s %9s %6s %12s %12s %8s %7s\n",
            "model", "dev", "kernel", "prec", "sparsity", "layers", "total ms", "dense ms",
            "speedup", "status");
    for (int i = 0; i < m->count; i++) {
        sb_model_row r;
        model_row(m, &m->items[i], &r);
        sb_csv_row_line(cols, n_cols, &r, &text);
        char sparsity[16]; /* "stored": layers kept as stored, no target sparsity */
        snprintf(sparsity, sizeof sparsity, isnan(r.sparsity) ? "stored" : "%.4f", r.sparsity);
        fprintf(table, "%-20.20s %-5s %-13s %-5s %9s %6d %12.3f %12.3f %7.2fx %s\n", r.model,
                r.device_index, r.kernel, r.precision, sparsity, r.layers, r.total_ms,
                r.dense_total_ms, r.speedup, r.status);
    }
    char *path = sb_path_join(dir, "models.csv");
    int rc = sb_write_atomic(path, text.s, text.len, err);
    free(path);
    sb_strbuf_free(&text);
    return rc;
}

void sb_models_free(sb_models *m)
{
    free(m->items);
    memset(m, 0, sizeof *m);
}
