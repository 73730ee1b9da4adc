/* Matrix Market: coordinate or array; real, integer or pattern; general, symmetric or
 * skew-symmetric. Read into a dense matrix; every entry is checked. */
#include "sb_matrix_io.h"
#include "sb_rng.h"
#include "scan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum mm_field { FIELD_REAL, FIELD_INTEGER, FIELD_PATTERN };
enum mm_symmetry { SYM_GENERAL, SYM_SYMMETRIC, SYM_SKEW };

typedef struct mm_reader {
    sb_scan s;
    int coordinate;
    enum mm_field field;
    enum mm_symmetry symmetry;
    sb_rng rng;             /* pattern values, in storage order */
    unsigned char *seen;    /* coordinate: which positions are set, to refuse duplicates */
} mm_reader;

static int token_is(const char *tok, size_t len, const char *word)
{
    return len == strlen(word) && strncasecmp(tok, word, len) == 0;
}

/* "%%MatrixMarket matrix <coordinate|array> <real|integer|pattern> <general|symmetric|...>" */
static int read_banner(mm_reader *r)
{
    const char *tok[6];
    size_t len[6];
    int n = 0;
    while (n < 6 && (len[n] = scan_token(&r->s, &tok[n])) > 0)
        n++;
    char q[48];
    if (n == 0 || !token_is(tok[0], len[0], "%%MatrixMarket"))
        return scan_fail(&r->s, "unsupported: not a Matrix Market file (the first line must start "
                         "with %%%%MatrixMarket)");
    if (n != 5)
        return scan_fail(&r->s, "unsupported banner: expected \"%%%%MatrixMarket matrix <format> "
                         "<field> <symmetry>\" (5 words, found %d)", n);
    if (!token_is(tok[1], len[1], "matrix"))
        return scan_fail(&r->s, "unsupported object '%s' (only 'matrix')",
                         scan_quote(tok[1], len[1], q, sizeof q));
    if (token_is(tok[2], len[2], "coordinate"))
        r->coordinate = 1;
    else if (token_is(tok[2], len[2], "array"))
        r->coordinate = 0;
    else
        return scan_fail(&r->s, "unsupported format '%s' (coordinate or array)",
                         scan_quote(tok[2], len[2], q, sizeof q));
    if (token_is(tok[3], len[3], "real"))
        r->field = FIELD_REAL;
    else if (token_is(tok[3], len[3], "integer"))
        r->field = FIELD_INTEGER;
    else if (token_is(tok[3], len[3], "pattern") && r->coordinate)
        r->field = FIELD_PATTERN;
    else
        return scan_fail(&r->s, "unsupported field '%s' (real, integer, or pattern with "
                         "coordinate)", scan_quote(tok[3], len[3], q, sizeof q));
    if (token_is(tok[4], len[4], "general"))
        r->symmetry = SYM_GENERAL;
    else if (token_is(tok[4], len[4], "symmetric"))
        r->symmetry = SYM_SYMMETRIC;
    else if (token_is(tok[4], len[4], "skew-symmetric"))
        r->symmetry = SYM_SKEW;
    else
        return scan_fail(&r->s, "unsupported symmetry '%s' (general, symmetric or "
                         "skew-symmetric)", scan_quote(tok[4], len[4], q, sizeof q));
    return scan_end_line(&r->s, "the banner");
}

/* Comment lines ('%') and empty lines before the size line. */
static void skip_comments(mm_reader *r)
{
    for (;;) {
        scan_skip_empty_lines(&r->s);
        if (scan_at_eof(&r->s) || *r->s.p != '%')
            return;
        while (r->s.p < r->s.end && *r->s.p != '\n')
            r->s.p++;
    }
}

static int read_value(mm_reader *r, float *v)
{
    if (r->field == FIELD_PATTERN) {
        *v = sb_rng_weight(&r->rng);
        return 0;
    }
    if (r->field == FIELD_INTEGER) {
        int64_t x;
        if (scan_int(&r->s, "the value", &x))
            return -1;
        *v = (float)x;
        return 0;
    }
    double x;
    if (scan_real(&r->s, "the value", &x))
        return -1;
    *v = (float)x;
    return 0;
}

/* Stores (i, j) and, for a symmetric kind, its mirror (0-based). */
static int store(mm_reader *r, sb_dense *d, int64_t i, int64_t j, float v)
{
    if (r->symmetry == SYM_SKEW && i == j)
        return scan_fail(&r->s, "skew-symmetric matrix has a diagonal entry (%lld, %lld)",
                         (long long)i + 1, (long long)j + 1);
    size_t at = (size_t)i * d->cols + j, mirror = (size_t)j * d->cols + i;
    if (r->seen) {
        if (r->seen[at])
            return scan_fail(&r->s, "duplicate entry (%lld, %lld)%s", (long long)i + 1,
                             (long long)j + 1, r->symmetry ? " (or the mirror of an entry)" : "");
        r->seen[at] = 1;
        if (r->symmetry != SYM_GENERAL)
            r->seen[mirror] = 1;
    }
    d->v[at] = v;
    if (r->symmetry != SYM_GENERAL)
        d->v[mirror] = r->symmetry == SYM_SKEW ? -v : v;
    return 0;
}

static int index_in_range(mm_reader *r, const char *what, int64_t x, int n)
{
    if (x < 1 || x > n)
        return scan_fail(&r->s, "%s index %lld is out of range [1, %d]", what, (long long)x, n);
    return 0;
}

static int read_coordinate(mm_reader *r, sb_dense *d, int64_t nnz)
{
    r->seen = sb_calloc((size_t)d->rows * d->cols, 1);
    for (int64_t k = 0; k < nnz; k++) {
        int64_t i, j;
        float v;
        scan_skip_empty_lines(&r->s);
        if (scan_at_eof(&r->s))
            return scan_fail(&r->s, "truncated: header says nnz = %lld but the file ends after "
                             "%lld entries", (long long)nnz, (long long)k);
        if (scan_int(&r->s, "the row index", &i) || index_in_range(r, "row", i, d->rows) ||
            scan_int(&r->s, "the column index", &j) || index_in_range(r, "column", j, d->cols) ||
            read_value(r, &v) || store(r, d, i - 1, j - 1, v) || scan_end_line(&r->s, "the entry"))
            return -1;
    }
    scan_skip_empty_lines(&r->s);
    if (!scan_at_eof(&r->s))
        return scan_fail(&r->s, "header says nnz = %lld but more entries follow", (long long)nnz);
    return 0;
}

/* Column-major values; symmetric kinds store only the lower triangle. */
static int read_array(mm_reader *r, sb_dense *d)
{
    int64_t expected = 0;
    for (int j = 0; j < d->cols; j++) {
        int first = r->symmetry == SYM_GENERAL ? 0 : r->symmetry == SYM_SYMMETRIC ? j : j + 1;
        for (int i = first; i < d->rows; i++, expected++) {
            float v;
            scan_skip_empty_lines(&r->s);
            if (scan_at_eof(&r->s))
                return scan_fail(&r->s, "truncated: the file ends after %lld values", (long long)expected);
            if (read_value(r, &v) || store(r, d, i, j, v) || scan_end_line(&r->s, "the value"))
                return -1;
        }
    }
    scan_skip_empty_lines(&r->s);
    if (!scan_at_eof(&r->s))
        return scan_fail(&r->s, "more values follow than the %lld the size line calls for",
                         (long long)expected);
    return 0;
}

/* The banner, comments and size line: the one header code, for the reader and for read_shape.
 * file_len is the whole file's size (a header that promises more than it can hold is refused). */
static int read_header(mm_reader *r, size_t file_len, int64_t *rows, int64_t *cols, int64_t *nnz)
{
    *nnz = 0;
    if (read_banner(r))
        return -1;
    skip_comments(r);
    if (scan_at_eof(&r->s))
        return scan_fail(&r->s, "truncated: the file ends before the size line");
    if (scan_int(&r->s, "the row count", rows) || scan_int(&r->s, "the column count", cols) ||
        (r->coordinate && scan_int(&r->s, "nnz", nnz)))
        return -1;
    if (*rows < 1 || *cols < 1 || *rows > INT32_MAX || *cols > INT32_MAX ||
        *rows * *cols > INT32_MAX)
        return scan_fail(&r->s, "shape %lld x %lld is out of range (1 .. %d elements)",
                         (long long)*rows, (long long)*cols, INT32_MAX);
    if (r->symmetry != SYM_GENERAL && *rows != *cols)
        return scan_fail(&r->s, "a symmetric matrix must be square, not %lld x %lld",
                         (long long)*rows, (long long)*cols);
    if (*nnz < 0 || *nnz > *rows * *cols)
        return scan_fail(&r->s, "nnz = %lld is out of range for %lld x %lld", (long long)*nnz,
                         (long long)*rows, (long long)*cols);
    if (r->coordinate && (uint64_t)*nnz > file_len / 4) /* "i j\n" is the shortest entry */
        return scan_fail(&r->s, "truncated: header says nnz = %lld but the file holds only %zu "
                         "bytes", (long long)*nnz, file_len);
    /* an array lists every value it stores ("0\n" is the shortest): refused before the dense
     * matrix is allocated (a 60-byte file said 2 x 999999990: 8 GB) */
    int64_t stored = r->symmetry == SYM_GENERAL     ? *rows * *cols
                     : r->symmetry == SYM_SYMMETRIC ? *rows * (*rows + 1) / 2
                                                    : *rows * (*rows - 1) / 2;
    if (!r->coordinate && (uint64_t)stored > file_len / 2)
        return scan_fail(&r->s, "truncated: header says %lld x %lld (%lld values) but the file "
                         "holds only %zu bytes", (long long)*rows, (long long)*cols,
                         (long long)stored, file_len);
    return scan_end_line(&r->s, "the size line");
}

static int read_body(mm_reader *r, sb_dense *out, size_t file_len)
{
    int64_t rows, cols, nnz;
    if (read_header(r, file_len, &rows, &cols, &nnz))
        return -1;
    sb_dense_alloc(out, (int)rows, (int)cols);
    int rc = r->coordinate ? read_coordinate(r, out, nnz) : read_array(r, out);
    return rc ? rc : sb_check_weights_usable(r->s.path, out->v, (size_t)rows * (size_t)cols, r->s.err);
}

int sb_mtx_read_shape(const char *path, int *rows, int *cols, sb_error *err)
{
    size_t len, file_size;
    char *head = scan_read_head(path, '%', &len, &file_size, err);
    if (!head)
        return -1;
    mm_reader r;
    memset(&r, 0, sizeof r);
    scan_init(&r.s, path, head, len, err);
    int64_t m, k, nnz;
    int rc = read_header(&r, file_size, &m, &k, &nnz);
    free(head);
    if (rc == 0) {
        *rows = (int)m;
        *cols = (int)k;
    }
    return rc;
}

int sb_read_mtx(const char *path, uint64_t seed, sb_dense *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *buf = sb_read_file(path, &len, err);
    if (!buf)
        return -1;
    mm_reader r;
    memset(&r, 0, sizeof r);
    scan_init(&r.s, path, buf, len, err);
    sb_rng_seed(&r.rng, seed);
    int rc = read_body(&r, out, len);
    free(r.seen);
    free(buf);
    if (rc)
        sb_dense_free(out);
    return rc;
}
