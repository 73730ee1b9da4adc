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
    int n_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    sb_strbuf header = {0};
    sb_csv_header_line(cols, n_cols, &header);
    fputs(header.s, r->csv);
    sb_strbuf_free(&header);
    fflush(r->csv);
    *out = r;
    return 0;
}

/* One row through the schema's table (sb_schema.h), the same the report reads back with. */
static void write_csv_row(FILE *f, const sb_row *row)
{
    int n_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    sb_strbuf line = {0};
    sb_csv_row_line(cols, n_cols, row, &line);
    fputs(line.s, f);
    sb_strbuf_free(&line);
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
