/* The message sink (see sb_sink.h). */
#include "sb_sink.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "sb_util.h"

static sb_sink_fn sink_fn; /* NULL: drop */
static void *sink_ctx;

void sb_sink_install(sb_sink_fn fn, void *ctx, sb_sink_fn *prev_fn, void **prev_ctx)
{
    if (prev_fn)
        *prev_fn = sink_fn;
    if (prev_ctx)
        *prev_ctx = sink_ctx;
    sink_fn = fn;
    sink_ctx = ctx;
}

static void emit(sb_msg_kind kind, const char *fmt, va_list ap)
{
    if (!sink_fn)
        return;
    char *text = sb_vasprintf(fmt, ap); /* any length: a report table can be long */
    sink_fn(sink_ctx, kind, text);
    free(text);
}

#define SB_SINK_FORWARD(name, kind)                                                                \
    void name(const char *fmt, ...)                                                                \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        emit(kind, fmt, ap);                                                                       \
        va_end(ap);                                                                                \
    }
SB_SINK_FORWARD(sb_info, SB_MSG_INFO)
SB_SINK_FORWARD(sb_note, SB_MSG_NOTE)
SB_SINK_FORWARD(sb_warn, SB_MSG_WARNING)
SB_SINK_FORWARD(sb_error_message, SB_MSG_ERROR)
SB_SINK_FORWARD(sb_progress_line, SB_MSG_PROGRESS)
SB_SINK_FORWARD(sb_output, SB_MSG_OUTPUT)

void sb_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(SB_MSG_ERROR, fmt, ap);
    va_end(ap);
    abort();
}
