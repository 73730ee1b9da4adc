/* Result rows to results.csv and results.jsonl, each row flushed as it is written. */
#include "sb_results.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sb_results {
    FILE *csv;
    FILE *jsonl;
};

const char *sb_status_name(sb_status s)
{
    switch (s) {
    case SB_OK: return "ok";
    case SB_WRONG: return "wrong";
    case SB_FAILED: return "failed";
    default: return "skipped";
    }
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
    r->nnz = r->bytes = r->dense_bytes = -1;
    r->status = SB_SKIPPED;
}

/* One column: its name and how to write it from a row. */
typedef enum { COL_STR, COL_INT, COL_I64, COL_U64, COL_DBL, COL_STATUS } col_kind;
typedef struct column {
    const char *name;
    col_kind kind;
    size_t offset;
} column;

#define S(f) {#f, COL_STR, offsetof(sb_row, f)}
#define I(f) {#f, COL_INT, offsetof(sb_row, f)}
#define L(f) {#f, COL_I64, offsetof(sb_row, f)}
#define U(f) {#f, COL_U64, offsetof(sb_row, f)}
#define D(f) {#f, COL_DBL, offsetof(sb_row, f)}
static const column columns[] = {
    S(device), S(device_index), S(device_id), S(platform), S(driver), S(matrix), S(source), S(model), S(layer),
    S(kernel), S(format), S(pattern), S(block), S(variant), I(M), I(K), I(N),
    D(target_sparsity), D(sparsity), L(nnz), U(seed), {"status", COL_STATUS, 0}, S(message),
    S(timer), I(runs), D(median_ms), D(min_ms), D(p90_ms), D(p99_ms), D(mean_ms), D(max_ms),
    D(host_median_ms), D(event_median_ms), D(gflops_useful), D(gflops_dense_equiv),
    D(speedup_vs_dense), S(baseline), D(rel_error), D(max_abs_error), L(bytes), L(dense_bytes),
    D(fill), D(build_ms), D(bound_ms), D(efficiency), D(energy_j), D(gflops_per_j), S(energy_note),
    S(program_source),
};
#undef S
#undef I
#undef L
#undef U
#undef D
#define N_COLUMNS (sizeof columns / sizeof columns[0])

const char *const *sb_results_columns(void)
{
    static const char *names[N_COLUMNS + 1];
    for (size_t i = 0; i < N_COLUMNS; i++)
        names[i] = columns[i].name;
    return names;
}

static void csv_string(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int sb_results_open(sb_results **out, const char *dir, sb_error *err)
{
    if (sb_mkdirs(dir, err))
        return -1;
    char *csv_path = sb_path_join(dir, "results.csv");
    char *jsonl_path = sb_path_join(dir, "results.jsonl");
    if (sb_file_exists(csv_path)) {
        sb_fail(err, "%s already exists: results are never overwritten; choose another --out", csv_path);
        free(csv_path);
        free(jsonl_path);
        return -1;
    }
    sb_results *r = sb_calloc(1, sizeof *r);
    r->csv = fopen(csv_path, "w");
    r->jsonl = r->csv ? fopen(jsonl_path, "w") : NULL;
    if (!r->csv || !r->jsonl) {
        sb_fail(err, "%s: cannot create result files", dir);
        sb_results_close(r);
        free(csv_path);
        free(jsonl_path);
        return -1;
    }
    free(csv_path);
    free(jsonl_path);
    for (size_t i = 0; i < N_COLUMNS; i++)
        fprintf(r->csv, "%s%s", i ? "," : "", columns[i].name);
    fputc('\n', r->csv);
    fflush(r->csv);
    *out = r;
    return 0;
}

static void write_csv_row(FILE *f, const sb_row *row)
{
    const char *base = (const char *)row;
    for (size_t i = 0; i < N_COLUMNS; i++) {
        const void *p = base + columns[i].offset;
        if (i)
            fputc(',', f);
        switch (columns[i].kind) {
        case COL_STR: csv_string(f, (const char *)p); break;
        case COL_INT: fprintf(f, "%d", *(const int *)p); break;
        case COL_I64:
            if (*(const int64_t *)p >= 0)
                fprintf(f, "%lld", (long long)*(const int64_t *)p);
            break;
        case COL_U64: fprintf(f, "%llu", (unsigned long long)*(const uint64_t *)p); break;
        case COL_DBL:
            if (isfinite(*(const double *)p))
                fprintf(f, "%.9g", *(const double *)p);
            else if (isinf(*(const double *)p))
                fputs("inf", f);
            break;
        case COL_STATUS: fputs(sb_status_name(row->status), f); break;
        }
    }
    fputc('\n', f);
}

static cJSON *row_json(const sb_row *row)
{
    cJSON *o = cJSON_CreateObject();
    const char *base = (const char *)row;
    for (size_t i = 0; i < N_COLUMNS; i++) {
        const void *p = base + columns[i].offset;
        const char *name = columns[i].name;
        switch (columns[i].kind) {
        case COL_STR: cJSON_AddStringToObject(o, name, (const char *)p); break;
        case COL_INT: cJSON_AddNumberToObject(o, name, *(const int *)p); break;
        case COL_I64:
            if (*(const int64_t *)p >= 0)
                cJSON_AddNumberToObject(o, name, (double)*(const int64_t *)p);
            else
                cJSON_AddNullToObject(o, name);
            break;
        case COL_U64: cJSON_AddNumberToObject(o, name, (double)*(const uint64_t *)p); break;
        case COL_DBL:
            if (isfinite(*(const double *)p))
                cJSON_AddNumberToObject(o, name, *(const double *)p);
            else
                cJSON_AddNullToObject(o, name);
            break;
        case COL_STATUS: cJSON_AddStringToObject(o, name, sb_status_name(row->status)); break;
        }
    }
    cJSON *samples = cJSON_AddArrayToObject(o, "samples_ms");
    for (int i = 0; i < row->n_samples; i++)
        cJSON_AddItemToArray(samples, cJSON_CreateNumber(row->samples_ms[i]));
    return o;
}

int sb_results_append(sb_results *r, const sb_row *row, sb_error *err)
{
    write_csv_row(r->csv, row);
    cJSON *o = row_json(row);
    char *line = cJSON_PrintUnformatted(o);
    fprintf(r->jsonl, "%s\n", line);
    free(line);
    cJSON_Delete(o);
    if (fflush(r->csv) != 0 || fflush(r->jsonl) != 0 || ferror(r->csv) || ferror(r->jsonl))
        return sb_fail(err, "writing result rows failed (disk full?)");
    return 0;
}

void sb_results_close(sb_results *r)
{
    if (!r)
        return;
    if (r->csv)
        fclose(r->csv);
    if (r->jsonl)
        fclose(r->jsonl);
    free(r);
}
