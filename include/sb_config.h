/* Experiments (configs/NAME.yaml): parsed and fully validated before anything runs.
 * Every error reads "file:line:column: what is wrong". The schema is documented in
 * configs/README.md. */
#ifndef SB_CONFIG_H
#define SB_CONFIG_H

#include <stdint.h>
#include "sb_matrix.h"
#include "sb_util.h"

typedef enum sb_source_kind {
    SB_SOURCE_SYNTHETIC = 0,
    SB_SOURCE_DLMC,
    SB_SOURCE_MTX,
    SB_SOURCE_NPY,
} sb_source_kind;

const char *sb_source_name(sb_source_kind k); /* "synthetic", "dlmc", "mtx", "npy" */

/* The shortest text that reads back as sparsity v: 0.5, 0.95, as DLMC names its folders (a
 * {sparsity} folder's name, and a sparsity in a message). */
void sb_sparsity_text(double v, char *buf, size_t n);

/* One matrix of the plan at one target sparsity (the config's sparsity lists are expanded). */
typedef struct sb_matrix_spec {
    char *name;              /* unique within the config, e.g. "synth-512x512" or a layer name */
    sb_source_kind source;
    char *path;              /* file sources: resolved full path (data dir applied) */
    int M, K;                /* synthetic: given; files: read from the header at load time */
    double sparsity;         /* target; < 0 for a file source kept as stored */
    int prune;               /* 1: prune to `pattern` at `sparsity`; 0: file pattern kept as is */
    sb_pattern pattern;      /* pattern after pruning (file kept as is: unstructured) */
    int bsr_br, bsr_bc;      /* block for the BSR kernel when pattern is not block (default 4x4) */
    sb_precision precision;  /* what its weights and activations are stored as (default fp32); a
                                config's list of precisions makes one spec per precision */
    int bsr_block_given;     /* 1: the config set bsr_block (else bsr is left out of unstructured
                                matrices: sb_plan.h) */
    int *N;                  /* the N (columns of B) to run */
    int n_N;
    int n_per_sample;        /* model layers: N[0] = n_per_sample x the model's batch; else 0 */
    char **kernels;          /* kernel names to run on it, in order */
    int n_kernels;
    char *model;             /* model suite this layer belongs to, or NULL */
    char *layer;             /* layer name within the model, or NULL */
    int line;                /* config line it came from, for messages */
} sb_matrix_spec;

/* Which time the speedups use (`timer:` in defaults): every case is timed both ways, and both stay
 * in the rows (median_ms, batch_ms). */
typedef enum sb_timer_mode {
    SB_TIMER_LATENCY = 0, /* one enqueue + clFinish per run, host clock (median_ms) */
    SB_TIMER_BATCH,       /* R back-to-back enqueues, one clFinish, time / R (batch_ms) */
} sb_timer_mode;
const char *sb_timer_mode_name(sb_timer_mode m); /* "latency", "batch" */

/* Whether the operands may sit in the device's last-level cache when a timed run starts
 * (`cache:` in defaults). */
typedef enum sb_cache_mode {
    SB_CACHE_WARM = 0, /* the same buffers run after run (what a layer in a loop sees) */
    SB_CACHE_COLD,     /* a scrub buffer larger than the cache is read before every timed run */
} sb_cache_mode;
const char *sb_cache_mode_name(sb_cache_mode m); /* "warm", "cold" */

typedef struct sb_model_spec {
    char *name;
    int batch;
    int line;
} sb_model_spec;

/* A {sparsity} folder of a model's layers_from that is not in the data directory, though its
 * parent is (the data holds other sparsities). Not an error at load: a --sparsity filter may leave
 * that sparsity out, and a folder nothing uses is not needed. The plan (sb_plan_make) refuses the
 * config with `message` when it keeps the sparsity. */
typedef struct sb_missing_folder {
    char *model;
    double sparsity;         /* the target the folder is named after */
    char *message;           /* "FILE:LINE:COL: no folder for sparsity ..., what there is, what to do" */
} sb_missing_folder;

typedef struct sb_config {
    char *path;
    char *name;
    char *description;       /* may be NULL */
    /* defaults: */
    int warmup;              /* >= 0, default 2 */
    int repeats;             /* counted runs, >= 1, default 10 */
    double min_time_ms;      /* keep repeating until the counted runs add up to this, default 0 */
    int max_repeats;         /* cap for min_time_ms and max_noise, default 1000 */
    double max_noise;        /* > 0: repeat until the median's noise (sb_stats.h) is under it,
                                default 0 (off) */
    double max_time_ms;      /* the counted runs' time cap for max_noise, default 5000 */
    uint64_t seed;           /* default 42 */
    double tolerance;        /* relative error above which a case is wrong, default 1e-5 */
    sb_timer_mode timer;     /* which time the speedups use, default latency */
    sb_cache_mode cache;     /* warm (default) or cold caches for every timed run */
    sb_matrix_spec *matrices;
    int n_matrices;
    sb_model_spec *models;
    int n_models;
    sb_missing_folder *missing; /* owned; the models' sparsities without a folder (above) */
    int n_missing;
} sb_config;

/* Loads and validates path. data_dir resolves file sources (may be NULL: then a file source is an
 * error that names --data-dir and SPARSEBENCH_DATA). The command line's restrictions (--sparsity,
 * --N, --kernels, --batch) are the plan's (sb_plan.h): a {sparsity} folder that is absent is
 * listed in out->missing, not refused here, and a caller that makes no plan must refuse it. */
int sb_config_load(const char *path, const char *data_dir, sb_config *out, sb_error *err);
void sb_config_free(sb_config *c);

/* The config as parsed, for run.json (cJSON object; caller deletes). */
struct cJSON;
struct cJSON *sb_config_to_json(const sb_config *c);

#endif
