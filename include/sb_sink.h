/* How the library tells the user something without printing: every warning, note, progress line
 * and report below src/cli/ goes through the sink, which the command line installs (it prints:
 * src/cli/messages.c) and a test can replace (it records). Nothing below src/cli/ writes to
 * stdout or stderr; tests/lint/test_only_cli_prints.sh checks that.
 *
 * The sink is process-wide state on purpose: a message can start deep inside a layer (a device
 * a platform cannot list, a stale cache entry) whose callers have no reason to carry it, as with
 * any logger. Everything else is passed as a parameter. */
#ifndef SB_SINK_H
#define SB_SINK_H

typedef enum sb_msg_kind {
    SB_MSG_INFO,     /* what the command is doing ("quick: 8 cases on 1 device(s); results in ...") */
    SB_MSG_NOTE,     /* worth knowing, nothing is wrong (an old file read, a peak being measured) */
    SB_MSG_WARNING,  /* something was ignored or skipped; the command goes on */
    SB_MSG_ERROR,    /* a failure; the function also returns a status saying so */
    SB_MSG_PROGRESS, /* a transient status line, replaced by the next; "" clears it */
    SB_MSG_OUTPUT,   /* the command's own report (tables, summaries): the cli writes it to stdout */
} sb_msg_kind;

/* text has no trailing newline unless it is OUTPUT, which is passed through as is. */
typedef void (*sb_sink_fn)(void *ctx, sb_msg_kind kind, const char *text);

/* Installs fn (NULL: messages are dropped, the default). Returns the previous one in *prev_fn and
 * *prev_ctx when they are not NULL, so a test can restore it. */
void sb_sink_install(sb_sink_fn fn, void *ctx, sb_sink_fn *prev_fn, void **prev_ctx);

void sb_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sb_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sb_error_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sb_progress_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sb_output(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An internal error (a bug, or no memory left): the message, then abort(). */
void sb_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
