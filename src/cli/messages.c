/* What the user sees of the library: the sink the command line installs (see sb_sink.h: errors,
 * warnings and notes on stderr with "sparsebench: " in front, the progress line redrawn in place
 * on stderr, the report on stdout) and the exit status of an outcome (sb_outcome.h). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cli.h"
#include "sb_sink.h"

static int progress_shown; /* a progress line is on the terminal and must be cleared first */

static void clear_progress(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = 0;
    }
}

static void print_message(void *ctx, sb_msg_kind kind, const char *text)
{
    (void)ctx;
    switch (kind) {
    case SB_MSG_PROGRESS:
        clear_progress();
        if (text[0]) {
            fputs(text, stderr);
            progress_shown = 1;
        }
        fflush(stderr);
        return;
    case SB_MSG_OUTPUT:
        clear_progress();
        fputs(text, stdout);
        fflush(stdout); /* tune reports class by class: show each as it comes */
        return;
    case SB_MSG_INFO:
        clear_progress();
        fprintf(stderr, "sparsebench: %s\n", text);
        return;
    case SB_MSG_NOTE:
        clear_progress();
        fprintf(stderr, "sparsebench: note: %s\n", text);
        return;
    case SB_MSG_WARNING:
        clear_progress();
        fprintf(stderr, "sparsebench: warning: %s\n", text);
        return;
    case SB_MSG_ERROR:
        clear_progress();
        fprintf(stderr, "sparsebench: %s\n", text);
        return;
    }
}

void sb_cli_install_sink(void)
{
    sb_sink_install(print_message, NULL, NULL, NULL);
}

int sb_cli_exit_code(sb_outcome o)
{
    switch (o) {
    case SB_OUTCOME_OK: return 0;
    case SB_OUTCOME_FAILED: return 1;
    case SB_OUTCOME_BAD_INPUT: return 2;
    case SB_OUTCOME_REGRESSION: return 3;
    case SB_OUTCOME_INTERRUPTED: return 130;
    case SB_OUTCOME_ALL_SKIPPED: return 4;
    }
    return 1;
}

int sb_cli_print_json(cJSON *item)
{
    char *s = cJSON_Print(item);
    cJSON_Delete(item);
    if (!s) {
        fprintf(stderr, "sparsebench: out of memory formatting the JSON output\n");
        return -1;
    }
    printf("%s\n", s);
    free(s);
    return 0;
}
