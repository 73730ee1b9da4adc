/* Small helpers every module uses (see sb_util.h). */
#define _GNU_SOURCE
#include "sb_util.h"

#ifdef SB_HAVE_ZLIB
#include <zlib.h>
#endif

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "sb_sink.h"

int sb_fail(sb_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int sb_fail_prefix(sb_error *err, const char *fmt, ...)
{
    if (err) {
        char prefix[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(prefix, sizeof prefix, fmt, ap);
        va_end(ap);
        size_t lp = strlen(prefix), lm = strlen(err->msg);
        if (lp + lm >= sizeof err->msg)
            lm = sizeof err->msg - lp - 1;
        memmove(err->msg + lp, err->msg, lm);
        memcpy(err->msg, prefix, lp);
        err->msg[lp + lm] = '\0';
    }
    return -1;
}

static void out_of_memory(size_t n)
{
    sb_fatal("out of host memory (asked for %zu bytes)", n);
}

void *sb_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *sb_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *sb_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *sb_strdup(const char *s)
{
    return s ? sb_strndup(s, strlen(s)) : NULL;
}

char *sb_strndup(const char *s, size_t n)
{
    char *d = sb_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sb_vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = sb_malloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

char *sb_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sb_vasprintf(fmt, ap);
    va_end(ap);
    return s;
}

double sb_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

void sb_utc_iso(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sb_utc_stamp(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y%m%dT%H%M%SZ", &tm);
}

/* Reads a stream to its end into a NUL-terminated malloc'd buffer, growing it; rd returns the
 * bytes it read into buf (at most n), 0 at the end or on an error (the caller asks its stream
 * which). *len gets the size. */
static char *read_all(void *stream, size_t (*rd)(void *stream, char *buf, size_t n), size_t *len)
{
    size_t cap = 1 << 16;
    char *buf = sb_malloc(cap);
    *len = 0;
    for (;;) {
        if (*len + 1 >= cap) {
            cap *= 2;
            buf = sb_realloc(buf, cap);
        }
        size_t got = rd(stream, buf + *len, cap - *len - 1);
        if (got == 0)
            break;
        *len += got;
    }
    buf[*len] = '\0';
    return buf;
}

static size_t read_stdio(void *stream, char *buf, size_t n) { return fread(buf, 1, n, stream); }

char *sb_read_file(const char *path, size_t *len_out, sb_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sb_fail(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t len;
    char *buf = read_all(f, read_stdio, &len);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        sb_fail(err, "%s: read error", path);
        return NULL;
    }
    if (len_out)
        *len_out = len;
    return buf;
}

#ifdef SB_HAVE_ZLIB
static size_t read_gz(void *stream, char *buf, size_t n)
{
    int got = gzread(stream, buf, n > (1u << 30) ? (1u << 30) : (unsigned)n);
    return got > 0 ? (size_t)got : 0;
}
#endif

char *sb_read_file_gz(const char *path, size_t *len_out, sb_error *err)
{
#ifdef SB_HAVE_ZLIB
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        sb_fail(err, "%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");
        return NULL;
    }
    size_t len;
    char *buf = read_all(f, read_gz, &len);
    int zerr = Z_OK;
    const char *why = gzerror(f, &zerr);
    char reason[128];
    snprintf(reason, sizeof reason, "%s", why ? why : "");
    int crc = gzclose(f); /* Z_BUF_ERROR: the file ended inside a gzip stream (cut short) */
    if ((zerr != Z_OK && zerr != Z_STREAM_END) || crc != Z_OK) {
        const char *r = reason; /* zlib's message starts with the path again */
        size_t pl = strlen(path);
        if (strncmp(r, path, pl) == 0 && r[pl] == ':')
            r += pl + 1 + (r[pl + 1] == ' ');
        sb_fail(err, "%s: not a readable gzip file: %s", path,
                r[0] ? r : crc == Z_BUF_ERROR ? "cut short" : "read error");
        free(buf);
        return NULL;
    }
    if (len_out)
        *len_out = len;
    return buf;
#else
    (void)len_out;
    sb_fail(err, "%s: this build has no zlib (install zlib1g-dev and build again), or gunzip it",
            path);
    return NULL;
#endif
}

int sb_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int sb_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int sb_mkdirs(const char *path, sb_error *err)
{
    char *p = sb_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            sb_fail(err, "%s: cannot create directory: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        rc = sb_fail(err, "%s: cannot create directory: %s", p, strerror(errno));
    free(p);
    return rc;
}

char *sb_path_join(const char *a, const char *b)
{
    if (!a || !*a || b[0] == '/')
        return sb_strdup(b);
    size_t la = strlen(a);
    return sb_asprintf("%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
}

int sb_double_to_int64(double v, long long lo, long long hi, long long *out)
{
    /* within +-2^53 every whole double is exact and the cast is defined */
    if (!(v >= -9007199254740992.0 && v <= 9007199254740992.0) || v != (double)(long long)v)
        return -1;
    long long x = (long long)v;
    if (x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

int sb_double_to_int(double v, int lo, int hi, int *out)
{
    long long x;
    if (sb_double_to_int64(v, lo, hi, &x))
        return -1;
    *out = (int)x;
    return 0;
}

int sb_icontains(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return 1;
    for (const char *h = haystack; *h; h++)
        if (strncasecmp(h, needle, n) == 0)
            return 1;
    return 0;
}

uint64_t sb_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void sb_strbuf_appendf(sb_strbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = sb_realloc(b->s, b->cap);
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void sb_strbuf_free(sb_strbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}
