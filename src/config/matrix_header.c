/* Matrix file shapes from the header alone (see matrix_header.h): the first line of a .smtx, the
 * banner and size line of a Matrix Market file, the header dictionary of a .npy. */
#include "matrix_header.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Reads up to max non-negative integers separated by commas and/or blanks; the rest of the line
 * must be blank. Returns how many were read, or -1 on anything else. */
static int parse_ints(const char *s, long long *v, int max)
{
    int n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == ',' || *s == '\r' || *s == '\n')
            s++;
        if (*s == '\0')
            return n;
        if (!isdigit((unsigned char)*s) || n == max)
            return -1;
        errno = 0;
        char *end;
        long long x = strtoll(s, &end, 10);
        if (errno == ERANGE)
            return -1;
        v[n++] = x;
        s = end;
        if (*s && *s != ' ' && *s != '\t' && *s != ',' && *s != '\r' && *s != '\n')
            return -1;
    }
}

static int check_shape(const char *path, int line, long long r, long long c, int *rows, int *cols,
                       sb_error *err)
{
    if (r < 1 || c < 1 || r > INT_MAX || c > INT_MAX) {
        if (line == 0) /* binary .npy: no line to name */
            return sb_fail(err, "%s: the shape %lldx%lld is not a matrix this tool can hold", path, r, c);
        return sb_fail(err, "%s:%d: the shape %lldx%lld is not a matrix this tool can hold", path,
                       line, r, c);
    }
    *rows = (int)r;
    *cols = (int)c;
    return 0;
}

/* Reads one line (without its newline) into buf; 0 at end of file. Longer lines are cut: a
 * header line is short, and the cut part is never looked at. */
static int read_line(FILE *f, char *buf, size_t n)
{
    if (!fgets(buf, (int)n, f))
        return 0;
    size_t len = strlen(buf);
    if (len && buf[len - 1] != '\n') {
        int ch;
        while ((ch = fgetc(f)) != EOF && ch != '\n')
            ;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 1;
}

static int smtx_shape(const char *path, FILE *f, int *rows, int *cols, sb_error *err)
{
    char line[256];
    long long v[3];
    if (!read_line(f, line, sizeof line))
        return sb_fail(err, "%s:1: the file is empty; expected 'rows, cols, nnz'", path);
    if (parse_ints(line, v, 3) != 3)
        return sb_fail(err, "%s:1: expected 'rows, cols, nnz', got '%.60s'", path, line);
    if (check_shape(path, 1, v[0], v[1], rows, cols, err) != 0)
        return -1;
    if (v[2] > v[0] * v[1])
        return sb_fail(err, "%s:1: nnz %lld is more than rows*cols = %lld", path, v[2], v[0] * v[1]);
    return 0;
}

static int mtx_shape(const char *path, FILE *f, int *rows, int *cols, sb_error *err)
{
    char line[1024];
    if (!read_line(f, line, sizeof line))
        return sb_fail(err, "%s:1: the file is empty; expected a '%%%%MatrixMarket' banner", path);
    char banner[32], object[32], format[32], field[32], symmetry[32];
    if (sscanf(line, "%31s %31s %31s %31s %31s", banner, object, format, field, symmetry) != 5 ||
        strcasecmp(banner, "%%MatrixMarket") != 0)
        return sb_fail(err, "%s:1: expected '%%%%MatrixMarket matrix coordinate|array FIELD SYMMETRY', "
                       "got '%.60s'", path, line);
    int coordinate = strcasecmp(format, "coordinate") == 0;
    if (strcasecmp(object, "matrix") != 0 || (!coordinate && strcasecmp(format, "array") != 0))
        return sb_fail(err, "%s:1: only 'matrix coordinate' and 'matrix array' are supported, got '%s %s'",
                       path, object, format);
    if (strcasecmp(field, "real") != 0 && strcasecmp(field, "integer") != 0 &&
        strcasecmp(field, "pattern") != 0)
        return sb_fail(err, "%s:1: the field must be real, integer or pattern, got '%s'", path, field);
    if (strcasecmp(symmetry, "general") != 0 && strcasecmp(symmetry, "symmetric") != 0)
        return sb_fail(err, "%s:1: the symmetry must be general or symmetric, got '%s'", path, symmetry);
    for (int lineno = 2; read_line(f, line, sizeof line); lineno++) {
        const char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '%' || *s == '\0')
            continue;
        long long v[3];
        int want = coordinate ? 3 : 2;
        if (parse_ints(line, v, 3) != want)
            return sb_fail(err, "%s:%d: expected the size line '%s', got '%.60s'", path, lineno,
                           coordinate ? "rows cols nnz" : "rows cols", line);
        if (check_shape(path, lineno, v[0], v[1], rows, cols, err) != 0)
            return -1;
        if (coordinate && v[2] > v[0] * v[1])
            return sb_fail(err, "%s:%d: nnz %lld is more than rows*cols = %lld", path, lineno, v[2],
                           v[0] * v[1]);
        return 0;
    }
    return sb_fail(err, "%s: the file ends before its size line", path);
}

/* Finds 'key': in a .npy header dictionary and returns what follows the colon, or NULL. */
static const char *npy_value(const char *header, const char *key)
{
    char quoted[32];
    snprintf(quoted, sizeof quoted, "'%s'", key);
    const char *p = strstr(header, quoted);
    if (!p)
        return NULL;
    p += strlen(quoted);
    while (*p == ' ')
        p++;
    if (*p != ':')
        return NULL;
    p++;
    while (*p == ' ')
        p++;
    return p;
}

static int npy_shape(const char *path, FILE *f, int *rows, int *cols, sb_error *err)
{
    unsigned char pre[12];
    if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0)
        return sb_fail(err, "%s: not a .npy file (no \\x93NUMPY magic)", path);
    unsigned major = pre[6];
    size_t header_len;
    if (major == 1) {
        header_len = (size_t)pre[8] | (size_t)pre[9] << 8;
    } else if (major == 2 || major == 3) {
        if (fread(pre + 10, 1, 2, f) != 2)
            return sb_fail(err, "%s: the .npy header is cut short", path);
        header_len = (size_t)pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
    } else {
        return sb_fail(err, "%s: .npy format version %u is not supported (1, 2 or 3)", path, major);
    }
    if (header_len == 0 || header_len > (1u << 20))
        return sb_fail(err, "%s: the .npy header length %zu is implausible", path, header_len);
    char *header = sb_malloc(header_len + 1);
    if (fread(header, 1, header_len, f) != header_len) {
        free(header);
        return sb_fail(err, "%s: the .npy header is cut short", path);
    }
    header[header_len] = '\0';
    int rc = 0;
    const char *descr = npy_value(header, "descr");
    const char *shape = npy_value(header, "shape");
    long long v[3];
    int nv = -1;
    if (shape && *shape == '(') {
        const char *close = strchr(shape, ')');
        if (close) {
            char inner[128];
            size_t n = (size_t)(close - shape - 1);
            if (n < sizeof inner) {
                memcpy(inner, shape + 1, n);
                inner[n] = '\0';
                nv = parse_ints(inner, v, 3);
            }
        }
    }
    if (!descr || (strncmp(descr, "'<f4'", 5) != 0 && strncmp(descr, "'<f2'", 5) != 0))
        rc = sb_fail(err, "%s: the .npy dtype must be float32 ('<f4') or float16 ('<f2'), got %.20s",
                     path, descr ? descr : "none");
    else if (nv != 2)
        rc = sb_fail(err, "%s: the .npy array must be 2-D (rows, cols), got shape %.40s", path,
                     shape ? shape : "none");
    else
        rc = check_shape(path, 0, v[0], v[1], rows, cols, err) == 0 ? 0 : -1;
    free(header);
    return rc;
}

int sb_matrix_header_shape(const char *path, sb_source_kind kind, int *rows, int *cols,
                           sb_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sb_fail(err, "%s: cannot open: %s", path, strerror(errno));
    int rc;
    switch (kind) {
    case SB_SOURCE_DLMC:
        rc = smtx_shape(path, f, rows, cols, err);
        break;
    case SB_SOURCE_MTX:
        rc = mtx_shape(path, f, rows, cols, err);
        break;
    case SB_SOURCE_NPY:
        rc = npy_shape(path, f, rows, cols, err);
        break;
    default:
        rc = sb_fail(err, "%s: a synthetic matrix has no file", path);
        break;
    }
    fclose(f);
    return rc;
}
