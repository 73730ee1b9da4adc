/* The tuning database: for one device and driver, the kernel parameters `sparsebench tune` found
 * best per kernel and shape class; `run` applies them over the profile's defaults.
 *
 * A shape class is the kernel, its block ("32x32", "2:4"; empty for CSR and dense), a size class
 * of A (S: up to 256K elements, M: up to 4M, L: larger), a density class (s<75: sparsity below
 * 0.75, s75-92, s92+: the best kernel shape changes with it) and a bucket of N ("N1", "N2-16",
 * "N17-64", "N65-256", "N257-1024", "N1025+"), e.g. "32x32 L s75-92 N257-1024".
 *
 * The file is JSON, one per device and driver, in the data directory (sb_store.h:
 * $SPARSEBENCH_TUNING_DIR, else $XDG_DATA_HOME/sparsebench/tuning, else
 * ~/.local/share/sparsebench/tuning), named by the device key:
 *   {"format": "sparsebench-tuning-1", "device": ..., "platform": ..., "driver": ..., "saved": ...,
 *    "entries": [{"kernel": "csr", "class": "S s75-92 N2-16", "params": {"csr_spmm.VEC": "4"},
 *                 "default_ms": 0.12, "tuned_ms": 0.08, "cases": 3}, ...],
 *    "clblast": {...}}
 * "clblast" (optional) holds the dense baseline's parameters found by CLBlast's own tuners
 * (sb_clblast.h; its layout: src/store/tuning_clblast.h).
 * Written atomically (a full disk keeps the old file). Read back with every field checked: a
 * file with a field of the wrong type or range is refused with its name and the field's. */
#ifndef SB_TUNING_H
#define SB_TUNING_H

#include "sb_clblast.h"
#include "sb_device.h"
#include "sb_matrix.h"
#include "sb_params.h"

typedef struct sb_tuning_entry {
    char kernel[32];
    char klass[64];
    sb_params params;   /* empty: the defaults were best */
    double default_ms;  /* geometric mean over the class's tuned cases */
    double tuned_ms;
    int cases;
} sb_tuning_entry;

typedef struct sb_tuning_db {
    char *path;
    sb_tuning_entry *items;
    int count;
    sb_clblast_tuning clblast; /* the dense baseline's (count 0: CLBlast's own database) */
} sb_tuning_db;

/* sb_case_shape and sb_tuning_class (the shape class of a case) are in sb_spec.h. */
/* Loads path (NULL: the device's file in the data directory; when that has none, the one in the
 * cache where older versions kept it, with a note on stderr; saving goes to the data directory).
 * A missing file is an empty database. Returns 0; -2 for a file made for another device or driver
 * (the message says which differs); -1 for an unreadable or invalid one (the message names the
 * field). */
int sb_tuning_load(const char *path, const sb_device *dev, sb_tuning_db *db, sb_error *err);
int sb_tuning_save(const sb_tuning_db *db, const sb_device *dev, sb_error *err);
const sb_tuning_entry *sb_tuning_find(const sb_tuning_db *db, const char *kernel, const char *klass);
void sb_tuning_set(sb_tuning_db *db, const char *kernel, const char *klass, const sb_params *params,
                   double default_ms, double tuned_ms, int cases);
void sb_tuning_free(sb_tuning_db *db);

#endif
