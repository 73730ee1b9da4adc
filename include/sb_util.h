/* Small helpers every module uses: error messages, allocation, clocks, strings. */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* One error message travels up the call chain; the caller prints it once. */
typedef struct sb_error {
    char msg[2048];
} sb_error;

/* Sets the message (printf-style) and returns -1, so `return sb_fail(err, ...)` reads naturally. */
int sb_fail(sb_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefixes context ("while loading X: ") to a message already set. Returns -1. */
int sb_fail_prefix(sb_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Allocation that aborts with a message on out-of-memory: callers never see NULL. */
void *sb_malloc(size_t n);
void *sb_calloc(size_t count, size_t size);
void *sb_realloc(void *p, size_t n);
char *sb_strdup(const char *s);
char *sb_strndup(const char *s, size_t n);
/* Returns a malloc'd string built printf-style. */
char *sb_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sb_vasprintf(const char *fmt, va_list ap);

/* Monotonic host clock in milliseconds. */
double sb_now_ms(void);
/* UTC time as ISO-8601 ("2026-11-21T05:30:00Z") and as a compact stamp ("20261121T053000Z"). */
void sb_utc_iso(char *buf, size_t n);
void sb_utc_stamp(char *buf, size_t n);

/* Reads a whole file into a NUL-terminated malloc'd buffer; *len_out gets its size (may be NULL). */
char *sb_read_file(const char *path, size_t *len_out, sb_error *err);
/* The same for a gzip-compressed file (name.gz), decompressed; a build without zlib (SB_HAVE_ZLIB)
 * fails with a message that says so. Archived result folders keep their big files this way. */
char *sb_read_file_gz(const char *path, size_t *len_out, sb_error *err);
int sb_file_exists(const char *path);
int sb_is_dir(const char *path);
/* mkdir -p. */
int sb_mkdirs(const char *path, sb_error *err);
/* Joins two path parts with one '/'. Returns malloc'd string. */
char *sb_path_join(const char *a, const char *b);

/* Checked conversion of an untrusted number (a file, the command line): 0 and *out = v when v is
 * finite, whole and in [lo, hi]; else -1 and *out untouched (never an undefined cast). */
int sb_double_to_int64(double v, long long lo, long long hi, long long *out);
int sb_double_to_int(double v, int lo, int hi, int *out);

/* Case-insensitive substring test. */
int sb_icontains(const char *haystack, const char *needle);

/* FNV-1a 64-bit hash, for cache keys and source hashes. */
uint64_t sb_hash64(const void *data, size_t n, uint64_t seed);

/* SHA-256 and HMAC-SHA-256 (src/util/sha256.c): the program cache authenticates its entries with
 * a key of the user's (sb_store.h), which a plain checksum cannot do. */
typedef struct sb_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t fill;
} sb_sha256;
void sb_sha256_init(sb_sha256 *s);
void sb_sha256_update(sb_sha256 *s, const void *data, size_t n);
void sb_sha256_final(sb_sha256 *s, unsigned char out[32]);
void sb_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t n,
                    unsigned char out[32]);

/* Growable string buffer. */
typedef struct sb_strbuf {
    char *s;
    size_t len, cap;
} sb_strbuf;
void sb_strbuf_appendf(sb_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_strbuf_free(sb_strbuf *b);

#endif
