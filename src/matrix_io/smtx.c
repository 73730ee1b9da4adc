/* DLMC .smtx: line 1 "rows, cols, nnz"; line 2 the rows+1 row offsets; line 3 the nnz column
 * indices. Only the pattern is stored; values come from the seeded generator. */
#include "sb_matrix_io.h"
#include "sb_rng.h"
#include "scan.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int expect_comma(sb_scan *s, const char *after)
{
    const char *tok;
    size_t len = scan_token(s, &tok);
    if (len == 1 && tok[0] == ',')
        return 0;
    if (len == 0 && scan_at_eof(s))
        return scan_fail(s, "truncated: the file ends inside the header line");
    return scan_fail(s, "expected ',' after %s (the header is \"rows, cols, nnz\")", after);
}

/* Line 1, "rows, cols, nnz": the one header code, for the reader and for read_shape. file_len is
 * the whole file's size (a header that promises more than it can hold is refused now). */
static int read_header(sb_scan *s, size_t file_len, sb_csr *c)
{
    int64_t rows, cols, nnz;
    if (scan_int(s, "the row count", &rows) || expect_comma(s, "the row count") ||
        scan_int(s, "the column count", &cols) || expect_comma(s, "the column count") ||
        scan_int(s, "nnz", &nnz))
        return -1;
    if (rows < 1 || rows > INT_MAX - 1 || cols < 1 || cols > INT_MAX)
        return scan_fail(s, "shape %lld x %lld is out of range (each must be 1 .. %d)",
                         (long long)rows, (long long)cols, INT_MAX - 1);
    if (nnz < 0 || nnz > rows * cols || nnz > INT32_MAX)
        return scan_fail(s, "nnz = %lld is out of range for a %lld x %lld matrix", (long long)nnz,
                         (long long)rows, (long long)cols);
    /* Each offset or index takes at least two bytes: refuse before allocating for a lie. */
    if ((uint64_t)(rows + 1 + nnz) > file_len)
        return scan_fail(s, "truncated: the header promises %lld rows and nnz = %lld but the file "
                         "holds only %zu bytes", (long long)rows, (long long)nnz, file_len);
    c->rows = (int)rows;
    c->cols = (int)cols;
    c->nnz = nnz;
    return scan_end_line(s, "the header \"rows, cols, nnz\"");
}

static int read_row_offsets(sb_scan *s, sb_csr *c)
{
    c->row_ptr = sb_malloc(((size_t)c->rows + 1) * sizeof *c->row_ptr);
    int64_t count = 0, prev = 0;
    const char *tok;
    size_t len;
    while ((len = scan_token(s, &tok)) > 0) {
        int64_t v;
        if (count > c->rows)
            return scan_fail(s, "more than rows+1 = %d row offsets (the header says rows = %d)",
                             c->rows + 1, c->rows);
        if (scan_parse_int(s, tok, len, "a row offset", &v))
            return -1;
        if (count == 0 && v != 0)
            return scan_fail(s, "the row offsets must start at 0, not %lld", (long long)v);
        if (v < prev)
            return scan_fail(s, "row offsets are not monotonic: offset %lld (= %lld) is smaller "
                             "than the one before (= %lld)", (long long)count, (long long)v,
                             (long long)prev);
        if (v > c->nnz)
            return scan_fail(s, "row offset %lld (= %lld) is past the header's nnz = %lld",
                             (long long)count, (long long)v, (long long)c->nnz);
        c->row_ptr[count++] = (int32_t)v;
        prev = v;
    }
    if (count < c->rows + 1) {
        if (scan_at_eof(s))
            return scan_fail(s, "truncated: the file ends after %lld of the %d row offsets",
                             (long long)count, c->rows + 1);
        return scan_fail(s, "%lld row offsets, but the header's rows = %d needs %d",
                         (long long)count, c->rows, c->rows + 1);
    }
    if (prev != c->nnz)
        return scan_fail(s, "header says nnz = %lld but the row offsets end at %lld",
                         (long long)c->nnz, (long long)prev);
    return scan_end_line(s, "the row offsets");
}

static int read_column_indices(sb_scan *s, sb_csr *c)
{
    c->col_idx = sb_malloc((size_t)c->nnz * sizeof *c->col_idx);
    int64_t k = 0;
    int row = 0;
    const char *tok;
    size_t len;
    while ((len = scan_token(s, &tok)) > 0) {
        int64_t col;
        if (k == c->nnz)
            return scan_fail(s, "header says nnz = %lld but more column indices follow",
                             (long long)c->nnz);
        if (scan_parse_int(s, tok, len, "a column index", &col))
            return -1;
        if (col < 0 || col >= c->cols)
            return scan_fail(s, "column index %lld (entry %lld) is out of range [0, %d)",
                             (long long)col, (long long)k, c->cols);
        while (c->row_ptr[row + 1] <= k)
            row++;
        /* Kernels and the dense round trip need each row's columns sorted and unique. */
        if (k > c->row_ptr[row] && col <= c->col_idx[k - 1])
            return scan_fail(s, "column indices of row %d are not increasing (%lld after %d): "
                             "duplicate or unsorted", row, (long long)col, c->col_idx[k - 1]);
        c->col_idx[k++] = (int32_t)col;
    }
    if (k < c->nnz)
        return scan_fail(s, "%sheader says nnz = %lld but %lld column indices follow",
                         scan_at_eof(s) ? "truncated: " : "", (long long)c->nnz, (long long)k);
    return scan_end_line(s, "the column indices");
}

int sb_smtx_read_shape(const char *path, int *rows, int *cols, sb_error *err)
{
    size_t len, file_size;
    char *head = scan_read_head(path, 0, &len, &file_size, err);
    if (!head)
        return -1;
    sb_scan s;
    scan_init(&s, path, head, len, err);
    sb_csr c;
    memset(&c, 0, sizeof c);
    int rc = read_header(&s, file_size, &c);
    free(head);
    if (rc == 0) {
        *rows = c.rows;
        *cols = c.cols;
    }
    return rc;
}

int sb_read_smtx(const char *path, uint64_t seed, sb_csr *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *buf = sb_read_file(path, &len, err);
    if (!buf)
        return -1;
    sb_scan s;
    scan_init(&s, path, buf, len, err);
    int rc = read_header(&s, len, out);
    if (!rc)
        rc = read_row_offsets(&s, out);
    if (!rc)
        rc = read_column_indices(&s, out);
    if (!rc) {
        scan_skip_empty_lines(&s);
        if (!scan_at_eof(&s))
            rc = scan_fail(&s, "unexpected content after the column indices (line 3 is the last)");
    }
    free(buf);
    if (rc) {
        sb_csr_free(out);
        return -1;
    }
    out->val = sb_malloc((size_t)out->nnz * sizeof *out->val);
    sb_rng rng;
    sb_rng_seed(&rng, seed);
    for (int64_t k = 0; k < out->nnz; k++)
        out->val[k] = sb_rng_weight(&rng);
    return 0;
}
