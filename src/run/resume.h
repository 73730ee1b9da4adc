/* Continuing an interrupted run (`sparsebench run --resume DIR`).
 *
 * A run records in run.json, under "invocation", what it was asked to do: the config (absolute
 * path and a hash of its text), the device selection, profile, tuning database, --param values,
 * data and binaries directories, the --sparsity/--N/--kernels/--batch filter, the shard and
 * --save-cases, and the plan's fingerprint. --resume DIR reads them back, so the same plan is
 * made again; a config that changed since, or a plan with another fingerprint, is refused.
 *
 * The cases already done are the rows of DIR/results.jsonl (rows are written in plan order and
 * each is whole, so they are a prefix of the plan; a row cut off by a crash was dropped when the
 * file was opened). Each row's case key (sb_plan_row_key) says which case it is; those cases are
 * not run again, and their rows count in the summary, the model totals and the baselines of the
 * groups still to finish, so the files end as an uninterrupted run's would. */
#ifndef SB_RESUME_H
#define SB_RESUME_H

#include <cjson/cJSON.h>
#include "sb_device.h"
#include "sb_results.h"
#include "sb_run.h"

/* What run.json's invocation gives back, owned. */
typedef struct sb_resume {
    cJSON *meta;              /* run.json as it was (its "devices", "started", ... kept) */
    sb_run_options opt;       /* points into the fields below */
    char *config_path, *device_sel, *profile, *tuning, *data_dir, *binaries_dir, *save_cases_dir;
    char *config_hash;        /* as recorded */
    unsigned long long plan_hash;
    double *sparsities;
    int *N;
    char **kernels;
} sb_resume;

/* The invocation of opt as run.json records it (config_path absolute; config_hash: the hash of
 * the config's text, sb_resume_config_hash). */
cJSON *sb_invocation_json(const sb_run_options *opt, const char *config_hash,
                          unsigned long long plan_hash);
/* 16 hex digits: FNV-1a of the config file's bytes. -1 when it cannot be read. */
int sb_resume_config_hash(const char *path, char out[17], sb_error *err);

/* Reads DIR/run.json: the run must not be finished, and must have an invocation. Fills r->opt
 * (out_dir = dir, resume_dir = dir, progress and stop from `caller`). */
int sb_resume_load(sb_resume *r, const char *dir, const sb_run_options *caller, sb_error *err);
void sb_resume_free(sb_resume *r);

/* The devices the run measured on (run.json "devices": index, id, driver) against the n the
 * recorded selection gives now (devs[sel[i]]: the plan's i-th device). A resumed run measures on
 * the same devices: rows of another device, or of the same one under another driver, would join
 * rows that run.json does not describe. Returns 0, or -1 with err listing both. */
int sb_resume_check_devices(const sb_resume *r, const sb_device *devs, const int *sel, int n,
                            sb_error *err);

/* The rows already in DIR/results.jsonl (samples not kept), in file order, with their case
 * keys. A line that is not a row of this schema is an error naming the file and line. */
typedef struct sb_done_key {
    const char *key;
    int row;
} sb_done_key;
typedef struct sb_done {
    sb_row *rows;
    char **keys;
    int n;
    sb_done_key *sorted; /* by key, for sb_done_find */
} sb_done;
int sb_done_load(sb_done *d, const char *dir, sb_error *err);
/* The row done for key, or NULL. */
const sb_row *sb_done_find(const sb_done *d, const char *key);
void sb_done_free(sb_done *d);

#endif
