/* CSV reading (RFC 4180) with line numbers, so every complaint points at FILE:LINE. */
#include "sb_report.h"

#include <stdlib.h>
#include <string.h>

/* A growing list of cells for the row being read. */
typedef struct cell_list {
    char **v;
    int n, cap;
} cell_list;

static void cells_push(cell_list *l, char *cell)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = sb_realloc(l->v, sizeof *l->v * (size_t)l->cap);
    }
    l->v[l->n++] = cell;
}

static void cells_free(cell_list *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Reads one record starting at *pos into cells. *line is the current line number and advances
 * over the newlines consumed (including those inside quoted cells). */
static int read_record(const char *t, size_t len, size_t *pos, int *line, const char *name,
                       cell_list *cells, sb_error *err)
{
    size_t p = *pos;
    for (;;) {
        if (p < len && t[p] == '"') {
            int start_line = *line;
            sb_strbuf cell = {0};
            sb_strbuf_appendf(&cell, "%s", "");
            p++;
            for (;;) {
                size_t span = 0; /* copy runs of ordinary characters at once */
                while (p + span < len && t[p + span] != '"') {
                    if (t[p + span] == '\n')
                        (*line)++;
                    span++;
                }
                if (span)
                    sb_strbuf_appendf(&cell, "%.*s", (int)span, t + p);
                p += span;
                if (p >= len) {
                    sb_strbuf_free(&cell);
                    return sb_fail(err, "%s:%d: quoted cell never closed (opened on this line)",
                                   name, start_line);
                }
                if (p + 1 < len && t[p + 1] == '"') { /* "" is one quote */
                    sb_strbuf_appendf(&cell, "\"");
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            cells_push(cells, sb_strndup(cell.s, cell.len));
            sb_strbuf_free(&cell);
            if (p < len && t[p] != ',' && t[p] != '\n' && t[p] != '\r')
                return sb_fail(err, "%s:%d: unexpected character '%c' after a closing quote "
                               "(a quote inside a quoted cell must be doubled)", name, *line, t[p]);
        } else {
            size_t start = p;
            while (p < len && t[p] != ',' && t[p] != '\n' && t[p] != '\r') {
                if (t[p] == '"')
                    return sb_fail(err, "%s:%d: quote inside an unquoted cell (quote the whole "
                                   "cell and double the quote)", name, *line);
                p++;
            }
            cells_push(cells, sb_strndup(t + start, p - start));
        }
        if (p < len && t[p] == ',') {
            p++;
            continue;
        }
        /* end of record: CRLF, LF, lone CR, or end of text */
        if (p < len && t[p] == '\r')
            p++;
        if (p < len && t[p] == '\n')
            p++;
        (*line)++;
        break;
    }
    *pos = p;
    return 0;
}

static int is_blank_line(const char *t, size_t len, size_t p)
{
    return p < len && (t[p] == '\n' || (t[p] == '\r' && (p + 1 >= len || t[p + 1] == '\n')));
}

int sb_csv_parse(const char *text, size_t len, const char *name, sb_csv *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = sb_strdup(name);
    size_t pos = 0;
    int line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte-order mark */
        pos = 3;
    if (pos >= len) {
        sb_csv_free(out);
        return sb_fail(err, "%s:1: empty file (no header)", name);
    }
    cell_list cells = {0};
    if (read_record(text, len, &pos, &line, name, &cells, err) != 0)
        goto fail;
    for (int i = 0; i < cells.n; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(cells.v[i], cells.v[j]) == 0) {
                sb_fail(err, "%s:1: column '%s' appears twice in the header", name, cells.v[i]);
                goto fail;
            }
    out->n_cols = cells.n;
    out->cols = cells.v;
    cells = (cell_list){0};

    int cap = 0;
    while (pos < len) {
        if (is_blank_line(text, len, pos)) { /* blank lines carry no row */
            pos += text[pos] == '\r' ? 2 : 1;
            line++;
            continue;
        }
        int row_line = line;
        if (read_record(text, len, &pos, &line, name, &cells, err) != 0)
            goto fail;
        if (cells.n != out->n_cols) {
            sb_fail(err, "%s:%d: %d cells, but the header has %d columns", name, row_line, cells.n,
                    out->n_cols);
            goto fail;
        }
        if (out->n_rows == cap) {
            cap = cap ? cap * 2 : 64;
            out->cells = sb_realloc(out->cells, sizeof *out->cells * (size_t)cap);
            out->lines = sb_realloc(out->lines, sizeof *out->lines * (size_t)cap);
        }
        out->cells[out->n_rows] = cells.v;
        out->lines[out->n_rows] = row_line;
        out->n_rows++;
        cells = (cell_list){0};
    }
    return 0;
fail:
    cells_free(&cells);
    sb_csv_free(out);
    return -1;
}

int sb_csv_read(const char *path, sb_csv *out, sb_error *err)
{
    size_t len = 0;
    char *text = sb_read_file(path, &len, err);
    if (!text) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    if (memchr(text, '\0', len)) {
        free(text);
        memset(out, 0, sizeof *out);
        return sb_fail(err, "%s:1: binary data (NUL byte) in a CSV file", path);
    }
    int rc = sb_csv_parse(text, len, path, out, err);
    free(text);
    return rc;
}

void sb_csv_free(sb_csv *csv)
{
    if (!csv)
        return;
    for (int r = 0; r < csv->n_rows; r++) {
        for (int c = 0; c < csv->n_cols; c++)
            free(csv->cells[r][c]);
        free(csv->cells[r]);
    }
    for (int c = 0; c < csv->n_cols; c++)
        free(csv->cols[c]);
    free(csv->cells);
    free(csv->lines);
    free(csv->cols);
    free(csv->path);
    memset(csv, 0, sizeof *csv);
}

int sb_csv_col(const sb_csv *csv, const char *name)
{
    for (int c = 0; c < csv->n_cols; c++)
        if (strcmp(csv->cols[c], name) == 0)
            return c;
    return -1;
}
