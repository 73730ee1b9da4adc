/* The store: how sparsebench keeps files, in one place (src/store/).
 *
 * - One atomic write. A file that is replaced (run.json, models.csv, the tuning database, the
 *   peak and program caches, manifests) is written whole to a temporary file in the same
 *   directory, fsync'd, renamed over the old one, and the directory fsync'd: a reader, a crash or
 *   a full disk leaves either the old file or the new one, never half of one. Result rows are
 *   appended instead (sb_results.h), each fsync'd.
 * - Two roots. The cache (rebuildable: peak numbers, compiled programs):
 *     $SPARSEBENCH_CACHE, else $XDG_CACHE_HOME/sparsebench, else ~/.cache/sparsebench.
 *   The data (hours of measurement: the tuning databases):
 *     $SPARSEBENCH_TUNING_DIR (the databases themselves), else $XDG_DATA_HOME/sparsebench/tuning,
 *     else ~/.local/share/sparsebench/tuning.
 * - One device identity. A per-device file is named by a hash of the device name, platform name
 *   and driver version, and holds those three as "device", "platform" and "driver"; a file whose
 *   three differ from the device's is refused with the first that differs.
 * - JSON readers that check. Every file read back is untrusted input (edited, truncated, made
 *   elsewhere): a field of the wrong type or out of its range is an error naming the file and
 *   the field, never a crash or an undefined conversion. */
#ifndef SB_STORE_H
#define SB_STORE_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "sb_device.h"
#include "sb_util.h"

/* ---- the installed data ---- */

/* Where installed or source-tree data lives (cl_kernels/, platforms/, configs/, tools/):
 * $SPARSEBENCH_HOME, else <exe>/../share/sparsebench (the installed layout, from GNUInstallDirs),
 * else, for a binary inside its build tree only, the source tree it was built from. */
const char *sb_home_dir(void);

/* ---- writing ---- */

/* Replaces path with data[0..n) atomically (see above), creating its directory. A symlink at
 * path is replaced, never followed. Every error is checked; the message names path and the
 * reason, and the old file (if any) is left as it was. */
int sb_write_atomic(const char *path, const void *data, size_t n, sb_error *err);
/* o printed (indented) and a newline, through sb_write_atomic. */
int sb_write_json_atomic(const char *path, const cJSON *o, sb_error *err);
/* fsync of the directory that holds path (a new name in it is durable after this). */
int sb_fsync_parent(const char *path, sb_error *err);

/* ---- appending rows ---- */

/* A file that grows by whole rows: every append is written, fsync'd and counted; an append that
 * fails (a full disk) is cut back off, so the file always ends with a whole row. */
typedef struct sb_append_file {
    int fd;           /* -1 when closed */
    char *path;       /* for messages */
    long long size;   /* bytes of whole rows */
    long long before; /* size before the last append (sb_append_undo) */
} sb_append_file;

/* Creates path (it must not exist; a symlink there counts as existing and is never followed),
 * or with resume opens it to append (it must be a regular file, not a symlink; a last line cut
 * off by a crash is removed). The directory is fsync'd after a create. */
int sb_append_open(sb_append_file *f, const char *path, int resume, sb_error *err);
/* Appends data (whole rows) and fsyncs. On error: the file is cut back to its size before, and
 * the message names the file and the reason. */
int sb_append(sb_append_file *f, const void *data, size_t n, sb_error *err);
/* Cuts off the last successful append (when a row written to one file could not be written to
 * its twin). */
int sb_append_undo(sb_append_file *f, sb_error *err);
/* Closes; 0 or -1 with a message (close can report a late write error). */
int sb_append_close(sb_append_file *f, sb_error *err);

/* ---- output folders ---- */

/* The files a run writes into its folder, NULL-terminated: results.csv, results.jsonl, run.json,
 * models.csv. Any of them present means the folder holds a run. */
extern const char *const sb_run_files[];
/* Checks, before anything runs, that dir can take a run (it may not exist yet). Without resume:
 * refuses a folder that holds any of sb_run_files (a symlink by that name too; it is never
 * followed), naming them. With resume: requires results.csv, results.jsonl and run.json there as
 * regular files. */
int sb_out_dir_check(const char *dir, int resume, sb_error *err);
/* run's default folder, results/NAME-UTCSTAMP (-2, -3, ... when taken), created here so that no
 * other run takes it; NULL with err set when it cannot be created. Owned by the caller. */
char *sb_out_dir_default(const char *name, sb_error *err);

/* ---- roots ---- */

/* malloc'd; NULL when no root can be named (no variable set and no HOME). */
char *sb_cache_root(void);
/* The directory of the tuning databases (see above). */
char *sb_tuning_dir(void);
/* The user's data directory: $XDG_DATA_HOME/sparsebench, else ~/.local/share/sparsebench. */
char *sb_data_root(void);
/* The user's 32-byte secret key, <data root>/cache.key, made from getrandom on first use (mode
 * 0600; two processes making it at once agree on one). It authenticates what this user's
 * sparsebench wrote into the cache (sb_program_cache.h): a file rewritten by anyone without the
 * key cannot pass for one. */
int sb_user_key(unsigned char key[32], sb_error *err);

/* ---- device identity ---- */

/* 16 hex digits: FNV-1a of name, platform and driver (each with its NUL). */
void sb_device_key(const sb_device *dev, char out[17]);
/* <dir>/<key><suffix>, malloc'd; NULL when dir is NULL. */
char *sb_device_file(const char *dir, const sb_device *dev, const char *suffix);
/* Adds "device", "platform" and "driver". */
void sb_json_add_identity(cJSON *o, const sb_device *dev);
/* 0 when o's three match dev; -2 when one differs (the message names path, the field and both
 * values: "<path>: <made> for another driver (1.2), not this device's (...)", made being e.g.
 * "tuned"); -1 when one is missing or not a string. */
int sb_json_check_identity(const cJSON *o, const sb_device *dev, const char *path,
                           const char *made, sb_error *err);

/* ---- reading JSON ---- */

/* The file parsed; it must be one JSON object. NULL with a message naming path otherwise. */
cJSON *sb_json_load_object(const char *path, sb_error *err);
/* o[key] as a string (borrowed from o). */
int sb_json_get_string(const cJSON *o, const char *key, const char *path, const char **out,
                       sb_error *err);
/* o[key] as a finite number in [lo, hi]. */
int sb_json_get_number(const cJSON *o, const char *key, const char *path, double lo, double hi,
                       double *out, sb_error *err);
/* o[key] as a whole number in [lo, hi] (1e3 is fine, 2.5, 1e300 and NaN are not). */
int sb_json_get_int64(const cJSON *o, const char *key, const char *path, long long lo,
                      long long hi, long long *out, sb_error *err);
int sb_json_get_int(const cJSON *o, const char *key, const char *path, int lo, int hi, int *out,
                    sb_error *err);

#endif
