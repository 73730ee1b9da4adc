/* Result rows: one per case, appended to results.csv and results.jsonl and flushed at once, so an
 * interrupted run keeps everything it measured. run.json holds the run's metadata. */
#ifndef SB_RESULTS_H
#define SB_RESULTS_H

#include <stdint.h>
#include <stdio.h>
#include "sb_util.h"

typedef enum sb_status { SB_OK = 0, SB_WRONG, SB_FAILED, SB_SKIPPED } sb_status;
const char *sb_status_name(sb_status s);

/* Numbers that do not apply are NaN (written as empty CSV cells and JSON null). */
typedef struct sb_row {
    /* where */
    char device[256];
    char device_index[16]; /* "P:D" */
    char device_id[160];   /* the stable id (sb_device.stable_id): the same P:D-independent name */
    char platform[256];
    char driver[256];
    /* what */
    char matrix[256];
    char source[16];
    char model[128];
    char layer[128];
    char kernel[32];
    char format[16];
    char pattern[16];
    char block[32];
    char variant[256];
    int M, K, N;
    double target_sparsity;
    double sparsity;   /* measured: 1 - nnz/(M*K) */
    int64_t nnz;
    uint64_t seed;
    /* outcome */
    sb_status status;
    char message[2048];
    /* time (ms) of the counted runs; `timer` says which clock the primary numbers are */
    char timer[8];     /* "host" or "event" */
    int runs;
    double median_ms, min_ms, p90_ms, p99_ms, mean_ms, max_ms;
    double host_median_ms, event_median_ms;
    double *samples_ms; /* raw counted runs, primary timer (kept in results.jsonl) */
    int n_samples;
    /* derived */
    double gflops_useful, gflops_dense_equiv;
    double speedup_vs_dense;
    char baseline[16];  /* "clblast" or "dense" */
    double rel_error, max_abs_error;
    int64_t bytes, dense_bytes;
    double fill;
    double build_ms;
    double bound_ms, efficiency;
    double energy_j, gflops_per_j;
    char energy_note[128];
    char program_source[16]; /* where the kernel's program came from: source, cache or binary */
} sb_row;

/* Sets every number to NaN and every string to "". */
void sb_row_init(sb_row *r);

typedef struct sb_results sb_results;

/* Creates dir (must not exist yet, or be empty) and opens results.csv / results.jsonl. */
int sb_results_open(sb_results **out, const char *dir, sb_error *err);
int sb_results_append(sb_results *r, const sb_row *row, sb_error *err);
void sb_results_close(sb_results *r);
/* The CSV header columns in order, NULL-terminated. */
const char *const *sb_results_columns(void);

#endif
