/* The result files' columns (see sb_schema.h): one table per file, and how a cell is written and
 * read back. */
#include "sb_schema.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sb_status_name(sb_status s)
{
    switch (s) {
    case SB_OK: return "ok";
    case SB_WRONG: return "wrong";
    case SB_FAILED: return "failed";
    default: return "skipped";
    }
}

int sb_status_parse(const char *name, sb_status *out)
{
    for (int s = SB_OK; s <= SB_SKIPPED; s++)
        if (strcmp(name, sb_status_name((sb_status)s)) == 0) {
            *out = (sb_status)s;
            return 0;
        }
    return -1;
}

void sb_row_init(sb_row *r)
{
    memset(r, 0, sizeof *r);
    r->target_sparsity = r->sparsity = NAN;
    r->median_ms = r->min_ms = r->p90_ms = r->p99_ms = r->mean_ms = r->max_ms = NAN;
    r->host_median_ms = r->event_median_ms = NAN;
    r->gflops_useful = r->gflops_dense_equiv = r->speedup_vs_dense = NAN;
    r->rel_error = r->max_abs_error = r->fill = r->build_ms = NAN;
    r->bound_ms = r->efficiency = r->energy_j = r->gflops_per_j = NAN;
    r->stddev_ms = r->cv = r->noise = r->drift = NAN;
    r->batch_ms = r->baseline_ms = r->baseline_batch_ms = r->peak_fraction = NAN;
    r->batch_event_ms = NAN;
    r->nnz = r->bytes = r->dense_bytes = r->outliers = -1;
    r->status = SB_SKIPPED;
}

void sb_row_free_samples(sb_row *r)
{
    free(r->samples_ms);
    free(r->baseline_samples_ms);
    r->samples_ms = r->baseline_samples_ms = NULL;
    r->n_samples = r->n_baseline_samples = 0;
}

void sb_row_append_message(sb_row *r, const char *text)
{
    size_t len = strlen(r->message);
    snprintf(r->message + len, sizeof r->message - len, "%s%s", len ? "; " : "", text);
}

void sb_row_fail(sb_row *r, sb_status status, const char *msg)
{
    r->status = status;
    snprintf(r->message, sizeof r->message, "%s", msg);
}

#define FIELD(T, f) offsetof(T, f), sizeof(((T *)0)->f)
#define S(f) {#f, SB_COL_STR, FIELD(sb_row, f), 0}
#define I(f) {#f, SB_COL_INT, FIELD(sb_row, f), 0}
#define L(f) {#f, SB_COL_I64, FIELD(sb_row, f), 0}
#define U(f) {#f, SB_COL_U64, FIELD(sb_row, f), 0}
#define D(f) {#f, SB_COL_DBL, FIELD(sb_row, f), 9}
static const sb_column results_columns[] = {
    S(device), S(device_index), S(device_id), S(platform), S(driver), S(matrix), S(source),
    S(model), S(layer), S(kernel), S(format), S(pattern), S(block), S(precision), S(engine),
    S(variant), I(M), I(K), I(N),
    D(target_sparsity), D(sparsity), L(nnz), U(seed), {"status", SB_COL_STATUS, FIELD(sb_row, status), 0},
    S(message), S(timer), S(cache), I(runs), D(median_ms), D(min_ms), D(p90_ms), D(p99_ms),
    D(mean_ms), D(max_ms), D(host_median_ms), D(event_median_ms), D(batch_ms), I(batch_size),
    D(batch_event_ms),
    D(gflops_useful), D(gflops_dense_equiv), D(speedup_vs_dense), S(baseline), S(speedup_timer),
    D(baseline_ms), D(baseline_batch_ms), D(rel_error), D(max_abs_error), L(bytes),
    L(dense_bytes), D(fill), D(build_ms), D(bound_ms), D(efficiency), D(peak_fraction),
    D(energy_j), D(gflops_per_j), S(energy_note),
    S(program_source),
    D(stddev_ms), D(cv), D(noise), L(outliers), D(drift), S(timing_warning),
};
#undef S
#undef I
#undef L
#undef D
#define S(f) {#f, SB_COL_STR, FIELD(sb_model_row, f), 0}
#define I(f) {#f, SB_COL_INT, FIELD(sb_model_row, f), 0}
#define L(f) {#f, SB_COL_I64, FIELD(sb_model_row, f), 0}
#define D(f) {#f, SB_COL_DBL, FIELD(sb_model_row, f), 6}
static const sb_column models_columns[] = {
    S(model), S(device), S(device_index), S(kernel), S(precision), D(sparsity), I(batch), I(layers),
    D(total_ms), D(dense_total_ms), D(speedup), L(bytes), L(dense_bytes), S(status),
};

const sb_column *sb_results_schema(int *n)
{
    *n = (int)(sizeof results_columns / sizeof results_columns[0]);
    return results_columns;
}

const sb_column *sb_models_schema(int *n)
{
    *n = (int)(sizeof models_columns / sizeof models_columns[0]);
    return models_columns;
}

const sb_column *sb_column_find(const sb_column *cols, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(cols[i].name, name) == 0)
            return &cols[i];
    return NULL;
}

int sb_column_numeric(const sb_column *c)
{
    return c->type != SB_COL_STR && c->type != SB_COL_STATUS;
}

void sb_cell_format(const sb_column *c, const void *row, char *buf, size_t n)
{
    const char *p = (const char *)row + c->offset;
    buf[0] = '\0';
    switch (c->type) {
    case SB_COL_STR: snprintf(buf, n, "%.*s", (int)c->size, p); break;
    case SB_COL_INT: snprintf(buf, n, "%d", *(const int *)p); break;
    case SB_COL_I64:
        if (*(const int64_t *)p >= 0)
            snprintf(buf, n, "%lld", (long long)*(const int64_t *)p);
        break;
    case SB_COL_U64: snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)p); break;
    case SB_COL_DBL: {
        double v = *(const double *)p;
        if (isfinite(v))
            snprintf(buf, n, "%.*g", c->digits, v);
        else if (isinf(v))
            snprintf(buf, n, "inf");
        break;
    }
    case SB_COL_STATUS: snprintf(buf, n, "%s", sb_status_name(*(const sb_status *)p)); break;
    }
}

/* All of text is one number of the kind asked for. */
static int whole(const char *text, int is_unsigned, long long *sv, unsigned long long *uv)
{
    char *end = NULL;
    errno = 0;
    if (!*text || text[0] == ' ' || (is_unsigned && text[0] == '-'))
        return -1;
    if (is_unsigned)
        *uv = strtoull(text, &end, 10);
    else
        *sv = strtoll(text, &end, 10);
    return errno == ERANGE || *end ? -1 : 0;
}

int sb_cell_parse(const sb_column *c, const char *text, void *row)
{
    char *p = (char *)row + c->offset;
    long long sv = 0;
    unsigned long long uv = 0;
    switch (c->type) {
    case SB_COL_STR:
        if (strlen(text) >= c->size)
            return -1;
        memcpy(p, text, strlen(text) + 1);
        return 0;
    case SB_COL_INT:
        if (whole(text, 0, &sv, &uv) || sv < -2147483647LL - 1 || sv > 2147483647LL)
            return -1;
        *(int *)p = (int)sv;
        return 0;
    case SB_COL_I64:
        if (!*text) {
            *(int64_t *)p = -1;
            return 0;
        }
        if (whole(text, 0, &sv, &uv) || sv < 0)
            return -1;
        *(int64_t *)p = sv;
        return 0;
    case SB_COL_U64:
        if (whole(text, 1, &sv, &uv))
            return -1;
        *(uint64_t *)p = uv;
        return 0;
    case SB_COL_DBL: {
        if (!*text) {
            *(double *)p = NAN;
            return 0;
        }
        char *end = NULL;
        double v = strtod(text, &end);
        if (end == text || *end)
            return -1;
        *(double *)p = v;
        return 0;
    }
    case SB_COL_STATUS: return sb_status_parse(text, (sb_status *)p);
    }
    return -1;
}

void sb_csv_append_cell(sb_strbuf *b, const char *cell)
{
    if (!cell)
        cell = "";
    if (!strpbrk(cell, ",\"\r\n")) {
        sb_strbuf_appendf(b, "%s", cell);
        return;
    }
    sb_strbuf_appendf(b, "\"");
    for (const char *p = cell; *p; p++) {
        if (*p == '"')
            sb_strbuf_appendf(b, "\"\"");
        else
            sb_strbuf_appendf(b, "%c", *p);
    }
    sb_strbuf_appendf(b, "\"");
}

void sb_csv_header_line(const sb_column *cols, int n, sb_strbuf *b)
{
    for (int i = 0; i < n; i++) {
        if (i)
            sb_strbuf_appendf(b, ",");
        sb_csv_append_cell(b, cols[i].name);
    }
    sb_strbuf_appendf(b, "\n");
}

void sb_csv_row_line(const sb_column *cols, int n, const void *row, sb_strbuf *b)
{
    char cell[4096];
    for (int i = 0; i < n; i++) {
        if (i)
            sb_strbuf_appendf(b, ",");
        sb_cell_format(&cols[i], row, cell, sizeof cell);
        sb_csv_append_cell(b, cell);
    }
    sb_strbuf_appendf(b, "\n");
}
