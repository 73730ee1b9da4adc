/* NumPy .npy reader: versions 1.0-3.0, a 2-D float32 or float16 array, C or Fortran order.
 * Messages read "path: what is wrong" (a binary file has no lines). */
#include "sb_matrix_io.h"
#include "sb_half.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A cursor over the header's Python dict literal, e.g.
 * {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } */
typedef struct dict_cursor {
    const char *p, *end;
} dict_cursor;

static void skip_space(dict_cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static int take_char(dict_cursor *c, char ch)
{
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

static int take_word(dict_cursor *c, const char *word)
{
    size_t n = strlen(word);
    skip_space(c);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, word, n) == 0) {
        c->p += n;
        return 1;
    }
    return 0;
}

/* A quoted string ('...' or "...") into out (at most n-1 bytes). */
static int take_string(dict_cursor *c, char *out, size_t n)
{
    skip_space(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return 0;
    char quote = *c->p++;
    const char *start = c->p;
    while (c->p < c->end && *c->p != quote)
        c->p++;
    if (c->p >= c->end || (size_t)(c->p - start) >= n)
        return 0;
    memcpy(out, start, (size_t)(c->p - start));
    out[c->p - start] = '\0';
    c->p++;
    return 1;
}

/* A tuple of non-negative integers: (), (3,), (3, 4) ... at most 8 dimensions. */
static int take_shape(dict_cursor *c, int64_t *dims, int *ndims)
{
    *ndims = 0;
    if (!take_char(c, '('))
        return 0;
    if (take_char(c, ')'))
        return 1;
    for (;;) {
        skip_space(c);
        int64_t v = 0;
        const char *start = c->p;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            if (v > (INT64_MAX - 9) / 10)
                return 0;
            v = v * 10 + (*c->p++ - '0');
        }
        if (c->p == start || *ndims == 8)
            return 0;
        dims[(*ndims)++] = v;
        int comma = take_char(c, ',');
        if (take_char(c, ')'))
            return 1;
        if (!comma)
            return 0;
    }
}

typedef struct npy_header {
    char descr[16];
    int fortran_order;
    int64_t dims[8];
    int ndims;
} npy_header;

static int parse_dict(const char *path, const char *text, size_t len, npy_header *h, sb_error *err)
{
    dict_cursor c = {text, text + len};
    int have_descr = 0, have_order = 0, have_shape = 0;
    if (!take_char(&c, '{'))
        return sb_fail(err, "%s: malformed header: it must be a dict starting with '{'", path);
    while (!take_char(&c, '}')) {
        char key[32];
        const char *expected = NULL;
        if (!take_string(&c, key, sizeof key) || !take_char(&c, ':'))
            return sb_fail(err, "%s: malformed header: expected 'key': value", path);
        if ((strcmp(key, "descr") == 0 && have_descr) ||
            (strcmp(key, "fortran_order") == 0 && have_order) ||
            (strcmp(key, "shape") == 0 && have_shape))
            return sb_fail(err, "%s: malformed header: the key '%s' is given twice", path, key);
        if (strcmp(key, "descr") == 0) {
            if (!(have_descr = take_string(&c, h->descr, sizeof h->descr)))
                expected = "'descr' is not a plain dtype string, so not float32 or float16";
        } else if (strcmp(key, "fortran_order") == 0) {
            h->fortran_order = take_word(&c, "True");
            if (!(have_order = h->fortran_order || take_word(&c, "False")))
                expected = "'fortran_order' must be True or False";
        } else if (strcmp(key, "shape") == 0) {
            if (!(have_shape = take_shape(&c, h->dims, &h->ndims)))
                expected = "'shape' must be a tuple of non-negative integers";
        } else {
            return sb_fail(err, "%s: malformed header: unknown key '%s'", path, key);
        }
        if (expected)
            return sb_fail(err, "%s: malformed header: %s", path, expected);
        int comma = take_char(&c, ',');
        skip_space(&c);
        if (!comma && (c.p >= c.end || *c.p != '}'))
            return sb_fail(err, "%s: malformed header: expected ',' or '}' after '%s'", path, key);
    }
    if (!have_descr || !have_order || !have_shape)
        return sb_fail(err, "%s: malformed header: it needs 'descr', 'fortran_order' and 'shape'",
                       path);
    return 0;
}

static float load_element(const unsigned char *b, int item)
{
    if (item == 2)
        return sb_half_to_float((uint16_t)(b[0] | b[1] << 8));
    uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static int check_header(const char *path, const npy_header *h, int *item, sb_error *err)
{
    if (strcmp(h->descr, "<f4") == 0)
        *item = 4;
    else if (strcmp(h->descr, "<f2") == 0)
        *item = 2;
    else if (strcmp(h->descr, ">f4") == 0 || strcmp(h->descr, ">f2") == 0)
        return sb_fail(err, "%s: unsupported big-endian data ('%s'); save it little-endian "
                       "(array.astype('<f4'))", path, h->descr);
    else
        return sb_fail(err, "%s: the dtype is not float32 or float16 ('<f4' or '<f2'), got '%s'",
                       path, h->descr);
    if (h->ndims != 2)
        return sb_fail(err, "%s: the array is not 2-D (it has %d dimensions); weights need "
                       "(rows, cols)", path, h->ndims);
    if (h->dims[0] < 1 || h->dims[1] < 1 || h->dims[0] > INT_MAX || h->dims[1] > INT_MAX)
        return sb_fail(err, "%s: shape (%lld, %lld) is out of range (each must be 1 .. %d)", path,
                       (long long)h->dims[0], (long long)h->dims[1], INT_MAX);
    return 0;
}

/* The preamble: magic, version, header length. file_len is the whole file's size. Sets *start
 * (where the header dict begins) and *header_len. */
static int parse_preamble(const char *path, const unsigned char *b, size_t len, size_t file_len,
                          size_t *start, size_t *header_len, sb_error *err)
{
    if (len < 6 || memcmp(b, "\x93NUMPY", 6) != 0)
        return sb_fail(err, "%s: not a .npy file (bad magic; expected \\x93NUMPY)", path);
    if (len < 10 || (b[6] >= 2 && len < 12))
        return sb_fail(err, "%s: truncated: the file ends inside the preamble", path);
    int major = b[6], minor = b[7];
    if (major == 1) {
        *header_len = (size_t)b[8] | (size_t)b[9] << 8;
        *start = 10;
    } else if (major == 2 || major == 3) {
        *header_len = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
        *start = 12;
    } else {
        return sb_fail(err, "%s: unsupported .npy version %d.%d (1.0, 2.0 or 3.0)", path, major,
                       minor);
    }
    if (*header_len > file_len - *start)
        return sb_fail(err, "%s: truncated: the header needs %zu bytes, the file has %zu", path,
                       *header_len, file_len - *start);
    return 0;
}

/* The preamble and header of a .npy whose first len bytes are in b (at least the header) and
 * whose whole size is file_len: the one header code, for the reader and for read_shape. Checks
 * the dtype, the 2-D shape and that the data has exactly the size the shape calls for. */
static int parse_header(const char *path, const unsigned char *b, size_t len, size_t file_len,
                        npy_header *h, int *item, size_t *data, sb_error *err)
{
    size_t start, header_len;
    if (parse_preamble(path, b, len, file_len, &start, &header_len, err))
        return -1;
    if (header_len > len - start) /* only if the caller read too little */
        return sb_fail(err, "%s: internal: the header was not read whole", path);
    memset(h, 0, sizeof *h);
    if (parse_dict(path, (const char *)b + start, header_len, h, err) ||
        check_header(path, h, item, err))
        return -1;
    int64_t rows = h->dims[0], cols = h->dims[1];
    *data = start + header_len;
    size_t have = file_len - *data, need = (size_t)(rows * cols) * (size_t)*item;
    if ((uint64_t)(rows * cols) > have / (size_t)*item) /* before `need` can overflow */
        return sb_fail(err, "%s: truncated: shape (%lld, %lld) needs %lld values of %d bytes, the "
                       "file has %zu data bytes", path, (long long)rows, (long long)cols,
                       (long long)(rows * cols), *item, have);
    if (have > need)
        return sb_fail(err, "%s: %zu unexpected bytes after the data of shape (%lld, %lld)", path,
                       have - need, (long long)rows, (long long)cols);
    return 0;
}

static int parse_npy(const char *path, const unsigned char *b, size_t len, sb_dense *out,
                     sb_error *err)
{
    npy_header h;
    int item = 0;
    size_t data;
    if (parse_header(path, b, len, len, &h, &item, &data, err))
        return -1;
    int64_t rows = h.dims[0], cols = h.dims[1];
    sb_dense_alloc(out, (int)rows, (int)cols);
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) {
            int64_t at = h.fortran_order ? j * rows + i : i * cols + j;
            float v = load_element(b + data + (size_t)at * item, item);
            if (!isfinite(v))
                return sb_fail(err, "%s: the value at [%lld, %lld] is %s: weights must be finite "
                               "numbers", path, (long long)i, (long long)j,
                               isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf");
            out->v[i * cols + j] = v;
        }
    return sb_check_weights_usable(path, out->v, (size_t)rows * (size_t)cols, err);
}

int sb_npy_read_shape(const char *path, int *rows, int *cols, sb_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sb_fail(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    unsigned char pre[12];
    size_t start, header_len, n;
    int rc = -1;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        sb_fail(err, "%s: not a regular file", path);
    } else if (n = fread(pre, 1, sizeof pre, f),
               parse_preamble(path, pre, n, (size_t)st.st_size, &start, &header_len, err) == 0) {
        /* the preamble says how long the header is, and that the file holds it */
        unsigned char *head = sb_malloc(start + header_len);
        rewind(f);
        npy_header h;
        int item;
        size_t data;
        if (fread(head, 1, start + header_len, f) != start + header_len)
            sb_fail(err, "%s: cannot read the header: %s", path, strerror(errno));
        else if (parse_header(path, head, start + header_len, (size_t)st.st_size, &h, &item, &data,
                              err) == 0) {
            *rows = (int)h.dims[0];
            *cols = (int)h.dims[1];
            rc = 0;
        }
        free(head);
    }
    fclose(f);
    return rc;
}

int sb_read_npy(const char *path, sb_dense *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *buf = sb_read_file(path, &len, err);
    if (!buf)
        return -1;
    int rc = parse_npy(path, (const unsigned char *)buf, len, out, err);
    free(buf);
    if (rc)
        sb_dense_free(out); /* a value refused after the matrix was allocated */
    return rc;
}
