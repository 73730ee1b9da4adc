/* The progress line on stderr (only when it is a terminal) and the summary table at the end. */
#ifndef SB_PROGRESS_H
#define SB_PROGRESS_H

#include <stdio.h>
#include "sb_results.h"

typedef struct sb_progress {
    int enabled;
    int total, done;
    double start_ms;
} sb_progress;

void sb_progress_start(sb_progress *p, int enabled, int total);
/* Shows "[i/n] device kernel matrix N=.. ETA m:ss" for the case about to run. */
void sb_progress_show(sb_progress *p, const char *device, const char *kernel, const char *matrix,
                      int N);
void sb_progress_step(sb_progress *p);
void sb_progress_clear(sb_progress *p);

/* Rows kept for the table printed at the end. */
typedef struct sb_summary {
    sb_row *rows; /* copies without samples */
    int count, cap;
} sb_summary;

void sb_summary_add(sb_summary *s, const sb_row *row);
void sb_summary_print(const sb_summary *s, FILE *out);
void sb_summary_free(sb_summary *s);

#endif
