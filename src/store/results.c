/* Result rows to results.csv and results.jsonl: each row appended to both and fsync'd before the
 * next case runs (src/store/append.c), so a crash, a signal or a full disk loses no finished row
 * and leaves no half row; a row that cannot be written to both is in neither. */
#include "sb_results.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_store.h"

struct sb_results {
    sb_append_file csv;
    sb_append_file jsonl;
};

static void csv_header(sb_strbuf *b)
{
    int n_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    sb_csv_header_line(cols, n_cols, b);
}

/* A resumed results.csv must have been written with this column table. */
static int same_header(const char *path, sb_error *err)
{
    char *text = sb_read_file(path, NULL, err);
    if (!text)
        return -1;
    sb_strbuf want = {0};
    csv_header(&want);
    int same = strncmp(text, want.s, want.len) == 0;
    free(text);
    sb_strbuf_free(&want);
    if (!same)
        return sb_fail(err, "%s: its columns are not the ones this sparsebench writes: it cannot "
                            "be resumed by this version", path);
    return 0;
}

int sb_results_open(sb_results **out, const char *dir, int resume, sb_error *err)
{
    char *csv_path = sb_path_join(dir, "results.csv");
    char *jsonl_path = sb_path_join(dir, "results.jsonl");
    sb_results *r = sb_calloc(1, sizeof *r);
    r->csv.fd = r->jsonl.fd = -1;
    int rc = (resume && same_header(csv_path, err)) ||
             sb_append_open(&r->csv, csv_path, resume, err) ||
             sb_append_open(&r->jsonl, jsonl_path, resume, err) ? -1 : 0;
    if (rc == 0 && r->csv.size == 0) {
        sb_strbuf b = {0};
        csv_header(&b);
        rc = sb_append(&r->csv, b.s, b.len, err);
        sb_strbuf_free(&b);
    }
    free(csv_path);
    free(jsonl_path);
    if (rc) {
        sb_results_close(r, NULL);
        return -1;
    }
    *out = r;
    return 0;
}

static cJSON *row_json(const sb_row *row)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "schema_version", SB_SCHEMA_VERSION);
    int n_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    char cell[sizeof row->message + 16];
    for (int i = 0; i < n_cols; i++) {
        const sb_column *c = &cols[i];
        sb_cell_format(c, row, cell, sizeof cell);
        if (c->type == SB_COL_STR || c->type == SB_COL_STATUS)
            cJSON_AddStringToObject(o, c->name, cell);
        else if (!cell[0] || strcmp(cell, "inf") == 0) /* does not apply, or not a JSON number */
            cJSON_AddNullToObject(o, c->name);
        else if (c->type == SB_COL_U64 || c->type == SB_COL_I64 || c->type == SB_COL_INT)
            cJSON_AddRawToObject(o, c->name, cell); /* exact: a double would round the seed */
        else
            cJSON_AddNumberToObject(o, c->name, *(const double *)((const char *)row + c->offset));
    }
    cJSON *samples = cJSON_AddArrayToObject(o, "samples_ms");
    for (int i = 0; i < row->n_samples; i++)
        cJSON_AddItemToArray(samples, cJSON_CreateNumber(row->samples_ms[i]));
    cJSON_AddItemToObject(o, "baseline_samples_ms",
                          cJSON_CreateDoubleArray(row->baseline_samples_ms, row->n_baseline_samples));
    cJSON_AddItemToObject(o, "batch_samples_ms",
                          cJSON_CreateDoubleArray(row->batch_samples_ms, row->n_batch_samples));
    cJSON_AddItemToObject(o, "batch_event_samples_ms",
                          cJSON_CreateDoubleArray(row->batch_event_samples_ms,
                                                  row->n_batch_event_samples));
    cJSON_AddItemToObject(o, "baseline_batch_samples_ms",
                          cJSON_CreateDoubleArray(row->baseline_batch_samples_ms,
                                                  row->n_baseline_batch_samples));
    return o;
}

int sb_results_append(sb_results *r, const sb_row *row, sb_error *err)
{
    int n_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    sb_strbuf csv = {0}, jsonl = {0};
    sb_csv_row_line(cols, n_cols, row, &csv); /* the schema's table, as the report reads it */
    cJSON *o = row_json(row);
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    sb_strbuf_appendf(&jsonl, "%s\n", line);
    free(line);
    int rc = sb_append(&r->csv, csv.s, csv.len, err);
    if (rc == 0 && sb_append(&r->jsonl, jsonl.s, jsonl.len, err) != 0) {
        /* in both files or in neither: the report reads either */
        sb_error undo;
        if (sb_append_undo(&r->csv, &undo))
            sb_fail_prefix(err, "%s; ", undo.msg);
        rc = -1;
    }
    sb_strbuf_free(&csv);
    sb_strbuf_free(&jsonl);
    return rc;
}

int sb_results_close(sb_results *r, sb_error *err)
{
    if (!r)
        return 0;
    int rc = sb_append_close(&r->csv, err);
    rc |= sb_append_close(&r->jsonl, rc ? NULL : err);
    free(r);
    return rc ? -1 : 0;
}
