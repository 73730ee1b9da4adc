/* Result rows: one per case, appended to results.csv and results.jsonl and flushed at once, so an
 * interrupted run keeps everything it measured. run.json holds the run's metadata. */
#ifndef SB_RESULTS_H
#define SB_RESULTS_H

#include <stdint.h>
#include <stdio.h>
#include "sb_schema.h"
#include "sb_util.h"

/* sb_row, sb_status and the columns (one table for writer and reader) are in sb_schema.h. */
typedef struct sb_results sb_results;

/* Creates dir (must not exist yet, or be empty) and opens results.csv / results.jsonl. */
int sb_results_open(sb_results **out, const char *dir, sb_error *err);
int sb_results_append(sb_results *r, const sb_row *row, sb_error *err);
void sb_results_close(sb_results *r);

#endif
