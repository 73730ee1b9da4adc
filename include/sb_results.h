/* Result rows: one per case, appended to results.csv and results.jsonl and fsync'd at once, so an
 * interrupted run keeps everything it measured. run.json holds the run's metadata. */
#ifndef SB_RESULTS_H
#define SB_RESULTS_H

#include <stdint.h>
#include <stdio.h>
#include "sb_schema.h"
#include "sb_util.h"

/* sb_row, sb_status and the columns (one table for writer and reader) are in sb_schema.h. */
typedef struct sb_results sb_results;

/* Creates results.csv (with its header) and results.jsonl in dir (checked by sb_out_dir_check,
 * then created); neither may exist (symlinks are not followed). resume: opens both to append instead
 * (results.csv must have this version's columns; a row cut off by a crash is dropped). */
int sb_results_open(sb_results **out, const char *dir, int resume, sb_error *err);
/* Appends row to both files, fsync'd. On a write error (a full disk) the row is in neither file,
 * the rows before are intact, and the message names the file: the caller stops the run. */
int sb_results_append(sb_results *r, const sb_row *row, sb_error *err);
/* Closes (NULL is fine); -1 when closing reports a late write error. */
int sb_results_close(sb_results *r, sb_error *err);

#endif
