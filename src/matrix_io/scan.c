/* The bounded text cursor shared by the text readers (see scan.h). */
#define _GNU_SOURCE
#include "scan.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void scan_init(sb_scan *s, const char *path, const char *buf, size_t len, sb_error *err)
{
    s->path = path;
    s->p = buf;
    s->end = buf + len;
    s->line = 1;
    s->err = err;
}

int scan_fail(sb_scan *s, const char *fmt, ...)
{
    char what[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return sb_fail(s->err, "%.400s:%d: %s", s->path, s->line, what);
}

void scan_blanks(sb_scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r'))
        s->p++;
}

int scan_at_eof(sb_scan *s)
{
    return s->p >= s->end;
}

int scan_at_eol(sb_scan *s)
{
    scan_blanks(s);
    return s->p >= s->end || *s->p == '\n';
}

const char *scan_quote(const char *tok, size_t len, char *buf, size_t n)
{
    size_t room = n - 4, k = 0; /* room for "..." and the terminator; n is at least 8 */
    for (; k < len && k < room; k++)
        buf[k] = (tok[k] >= 0x20 && tok[k] < 0x7f) ? tok[k] : '?';
    if (k < len) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

int scan_end_line(sb_scan *s, const char *after)
{
    if (!scan_at_eol(s)) {
        const char *tok;
        size_t len = scan_token(s, &tok);
        char q[48];
        return scan_fail(s, "unexpected '%s' after %s", scan_quote(tok, len, q, sizeof q), after);
    }
    if (s->p < s->end) {
        s->p++;
        s->line++;
    }
    return 0;
}

void scan_skip_empty_lines(sb_scan *s)
{
    while (scan_at_eol(s) && s->p < s->end) {
        s->p++;
        s->line++;
    }
}

static int is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',';
}

size_t scan_token(sb_scan *s, const char **tok)
{
    scan_blanks(s);
    *tok = s->p;
    if (s->p >= s->end || *s->p == '\n')
        return 0;
    if (*s->p == ',') {
        s->p++;
        return 1;
    }
    while (s->p < s->end && !is_separator(*s->p))
        s->p++;
    return (size_t)(s->p - *tok);
}

static int missing(sb_scan *s, const char *what)
{
    if (scan_at_eof(s))
        return scan_fail(s, "truncated: the file ends where %s was expected", what);
    return scan_fail(s, "the line ends where %s was expected", what);
}

int scan_parse_int(sb_scan *s, const char *tok, size_t len, const char *what, int64_t *out)
{
    char q[48];
    size_t i = 0;
    int negative = 0;
    if (len > 0 && (tok[0] == '+' || tok[0] == '-'))
        negative = tok[i++] == '-';
    if (i == len)
        return scan_fail(s, "'%s' is not a number (%s)", scan_quote(tok, len, q, sizeof q), what);
    int64_t v = 0;
    for (; i < len; i++) {
        if (tok[i] < '0' || tok[i] > '9')
            return scan_fail(s, "'%s' is not a number (%s; an integer was expected)",
                             scan_quote(tok, len, q, sizeof q), what);
        if (v > (INT64_MAX - (tok[i] - '0')) / 10)
            return scan_fail(s, "%s '%s' is out of range (too large)", what,
                             scan_quote(tok, len, q, sizeof q));
        v = v * 10 + (tok[i] - '0');
    }
    *out = negative ? -v : v;
    return 0;
}

int scan_int(sb_scan *s, const char *what, int64_t *out)
{
    const char *tok;
    size_t len = scan_token(s, &tok);
    if (len == 0)
        return missing(s, what);
    return scan_parse_int(s, tok, len, what, out);
}

int scan_real(sb_scan *s, const char *what, double *out)
{
    const char *tok;
    size_t len = scan_token(s, &tok);
    if (len == 0)
        return missing(s, what);
    /* strtod needs a terminated copy; a real number never needs 64 characters. */
    char buf[64], q[48], *stop;
    if (len >= sizeof buf)
        return scan_fail(s, "'%s' is not a number (%s)", scan_quote(tok, len, q, sizeof q), what);
    memcpy(buf, tok, len);
    buf[len] = '\0';
    errno = 0;
    double v = strtod(buf, &stop);
    if (stop != buf + len || len == 0)
        return scan_fail(s, "'%s' is not a number (%s)", scan_quote(tok, len, q, sizeof q), what);
    if (!isfinite(v))
        return scan_fail(s, "'%s' is not a finite value (%s)", buf, what);
    if (fabs(v) > FLT_MAX)
        return scan_fail(s, "%s '%s' is out of range for float32", what, buf);
    *out = v;
    return 0;
}

/* 1 if the line is blank or, when comment is set, a comment (comment first after blanks). */
static int skippable(const char *line, char comment)
{
    while (*line == ' ' || *line == '\t' || *line == '\r')
        line++;
    return *line == '\n' || *line == '\0' || (comment && *line == comment);
}

char *scan_read_head(const char *path, char comment, size_t *len, size_t *file_size, sb_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sb_fail(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        sb_fail(err, "%s: not a regular file", path);
        fclose(f);
        return NULL;
    }
    *file_size = (size_t)st.st_size;
    sb_strbuf head = {0};
    sb_strbuf_appendf(&head, "%s", "");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    for (int lineno = 1; (n = getline(&line, &cap, f)) > 0; lineno++) {
        if (head.len + (size_t)n + 1 > head.cap) {
            head.cap = head.len + (size_t)n + 1;
            head.s = sb_realloc(head.s, head.cap);
        }
        memcpy(head.s + head.len, line, (size_t)n);
        head.len += (size_t)n;
        head.s[head.len] = '\0';
        if (!comment || (lineno > 1 && !skippable(line, comment)))
            break;
    }
    free(line);
    fclose(f);
    *len = head.len;
    return head.s;
}
