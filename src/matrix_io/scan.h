/* A bounded cursor over a text file held in memory, for the .smtx and .mtx readers: tokens stay
 * on their line, nothing is read past `end`, and every error reads "path:line: what is wrong". */
#ifndef SB_SCAN_H
#define SB_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include "sb_util.h"

typedef struct sb_scan {
    const char *path;
    const char *p, *end;
    int line;
    sb_error *err;
} sb_scan;

void scan_init(sb_scan *s, const char *path, const char *buf, size_t len, sb_error *err);
/* Sets "path:line: <message>" and returns -1. */
int scan_fail(sb_scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Skips spaces, tabs and carriage returns (never a newline). */
void scan_blanks(sb_scan *s);
int scan_at_eof(sb_scan *s);
/* After blanks: at a newline or at the end of the file. */
int scan_at_eol(sb_scan *s);
/* Ends the current line: only blanks may be left on it (else an error naming `after`). */
int scan_end_line(sb_scan *s, const char *after);
/* Skips whitespace and empty lines. */
void scan_skip_empty_lines(sb_scan *s);

/* Next token on this line (a ',' is a token of its own). Returns its length, 0 at end of line. */
size_t scan_token(sb_scan *s, const char **tok);
/* Parses one token as a number; `what` names it in messages ("the row count"). */
int scan_int(sb_scan *s, const char *what, int64_t *out);
int scan_real(sb_scan *s, const char *what, double *out);
/* Parses an already-taken token. */
int scan_parse_int(sb_scan *s, const char *tok, size_t len, const char *what, int64_t *out);
/* Copies a token into buf for a message, with unprintable bytes shown as '?'. */
const char *scan_quote(const char *tok, size_t len, char *buf, size_t n);

/* The head of a text file, for a header-only read (read_shape) that then runs the full reader's
 * own header code on it: the first line, and with comment set the lines after it up to and
 * including the first that is neither blank nor a comment. *file_size: the whole file's size.
 * Malloc'd and NUL-terminated; NULL with err set when the file cannot be opened. */
char *scan_read_head(const char *path, char comment, size_t *len, size_t *file_size,
                     sb_error *err);

#endif
