/* The result files' schema, declared once (src/spec/schema.c; pure data, no I/O): the row of
 * results.csv / results.jsonl and the row of models.csv, each with ONE column table that the
 * writers (src/store/results.c, src/run/models.c) and the report's reader (src/report/) both use.
 *
 * Add a column: a field in the row struct, one line in its table (schema.c); writer, reader,
 * merged.csv and the round-trip test (tests/unit/test_schema.c) follow. Renaming or removing a
 * column, or changing what one means, raises SB_SCHEMA_VERSION. */
#ifndef SB_SCHEMA_H
#define SB_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include "sb_util.h"

/* Written as "schema_version" in run.json and in every results.jsonl row. 1: the files before
 * the field existed; 2: + schema_version, the seed as an exact integer in JSON; 3: +
 * batch_event_ms (and batch_event_samples_ms in results.jsonl). */
#define SB_SCHEMA_VERSION 3

typedef enum sb_status { SB_OK = 0, SB_WRONG, SB_FAILED, SB_SKIPPED } sb_status;
const char *sb_status_name(sb_status s); /* "ok", "wrong", "failed", "skipped" */
/* 0 and the status of a name, -1 for anything else. */
int sb_status_parse(const char *name, sb_status *out);

/* A batch of runs lasts at least min_time_ms, or this when min_time_ms is 0 (batch_ms below; and
 * the batches of `peak`'s back-to-back launch floor, so it is read at the rows' batch length). */
#define SB_BATCH_MIN_MS 10.0

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
    char precision[8];  /* fp32, fp16 or tf32 (sb_spec.h); empty in files before the column: fp32 */
    char engine[16];    /* the matrix engine the kernel ran on ("tensor-cores"), or empty */
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
    char cache[8];      /* "warm" or "cold" (`cache:` in the config) */
    /* batch timing: batch_size back-to-back enqueues then one clFinish, time / batch_size (the
     * median of 3 batches; batch_size doubled until a batch lasts min_time_ms, or
     * SB_BATCH_MIN_MS) */
    double batch_ms;
    int batch_size;
    /* the device's time per run back to back by events: as many batches again of batch_size runs,
     * each queued behind a barrier opened once all are enqueued, END of the last run less START
     * of the first, over batch_size (median of the batches), as the cuSPARSE anchor's kernel_ms
     * (calls queued behind a GPU sleep); warm batches where events are trusted and cover the
     * kernel's launches, else NaN */
    double batch_event_ms;
    double *samples_ms; /* raw counted runs, primary timer (kept in results.jsonl) */
    int n_samples;
    /* also only in results.jsonl: the baseline's runs timed beside this kernel (malloc'd, like
     * samples_ms), and each batch's time per run, this kernel's and the baseline's */
    double *baseline_samples_ms;
    int n_baseline_samples;
    double batch_samples_ms[8], baseline_batch_samples_ms[8], batch_event_samples_ms[8];
    int n_batch_samples, n_baseline_batch_samples, n_batch_event_samples;
    /* derived */
    double gflops_useful, gflops_dense_equiv;
    double speedup_vs_dense;
    char baseline[16];  /* "clblast" or "dense" */
    char speedup_timer[8];    /* which times speedup_vs_dense divides: "latency" (median_ms) or
                                 "batch" (batch_ms), the config's `timer` */
    double baseline_ms, baseline_batch_ms; /* the baseline's times it was compared with: timed
                                 run for run beside this kernel (its own for the baseline row) */
    double rel_error, max_abs_error;
    int64_t bytes, dense_bytes;
    double fill;
    double build_ms;
    double bound_ms, efficiency;
    double peak_fraction; /* gflops_dense_equiv / the device's measured FP32 peak */
    double energy_j, gflops_per_j;
    char energy_note[128];
    char program_source[16]; /* where the kernel's program came from: source, cache or binary */
    /* dispersion of the counted runs (sb_stats.h; README "Reading the results"): standard
     * deviation, coefficient of variation, the noise `max_noise` stops on, runs with a modified
     * z-score > 3.5 (-1: not measured), drift (last third vs first third), and what of it is
     * worth a warning ("" when nothing is) */
    double stddev_ms, cv, noise, drift;
    int64_t outliers;
    char timing_warning[256];
} sb_row;

/* Sets every number to NaN and every string to "". */
void sb_row_init(sb_row *r);
/* Frees the row's raw times (samples_ms, baseline_samples_ms) and forgets them. */
void sb_row_free_samples(sb_row *r);
/* Appends text to the row's message ("; " between parts). */
void sb_row_append_message(sb_row *r, const char *text);
/* The row's outcome: status, and msg as its whole message. */
void sb_row_fail(sb_row *r, sb_status status, const char *msg);


/* One model suite's total on one device, kernel and sparsity (a row of models.csv). */
typedef struct sb_model_row {
    char model[128];
    char device[256];
    char device_index[16];
    char kernel[32];
    char precision[8];     /* of its layers */
    double sparsity;       /* the target sparsity of its layers */
    int batch;
    int layers;
    double total_ms;       /* sum of the layers' medians; NaN unless every layer is ok */
    double dense_total_ms; /* the same for the baseline kernel */
    double speedup;        /* dense_total_ms / total_ms */
    int64_t bytes, dense_bytes;
    char status[64];       /* "ok", "N of L layers skipped" or "N of L layers not ok" */
} sb_model_row;

/* ---- the column tables ------------------------------------------------------------------- */

typedef enum sb_col_type {
    SB_COL_STR,    /* char[size] */
    SB_COL_INT,    /* int */
    SB_COL_I64,    /* int64_t; negative: does not apply (empty cell, JSON null) */
    SB_COL_U64,    /* uint64_t, exact in JSON too */
    SB_COL_DBL,    /* double; NaN: does not apply (empty cell, JSON null) */
    SB_COL_STATUS, /* sb_status, written by name */
} sb_col_type;

typedef struct sb_column {
    const char *name;
    sb_col_type type;
    size_t offset;  /* of the field in its row struct */
    size_t size;    /* of the field */
    int digits;     /* SB_COL_DBL: significant digits written */
} sb_column;

/* The columns of results.csv (and the keys of a results.jsonl row, which adds schema_version and
 * samples_ms), in file order. */
const sb_column *sb_results_schema(int *n);
/* The columns of models.csv, in file order. */
const sb_column *sb_models_schema(int *n);
/* The column called name, or NULL. */
const sb_column *sb_column_find(const sb_column *cols, int n, const char *name);
/* 1 if the column holds numbers (a non-empty cell that is not one is a broken file). */
int sb_column_numeric(const sb_column *c);

/* The cell of column c of row (an sb_row or sb_model_row), unquoted: "" for a number that does
 * not apply, "inf" for an infinite one. */
void sb_cell_format(const sb_column *c, const void *row, char *buf, size_t n);
/* The reader's half: text (as sb_cell_format writes it) into the field of row. 0, or -1 when the
 * text is not a value of the column (a word in a number column, an unknown status, a string too
 * long for its field). */
int sb_cell_parse(const sb_column *c, const char *text, void *row);

/* CSV (RFC 4180) as every file of the suite writes it: a cell quoted only when it holds a comma,
 * a quote or a line break; a header line and a row line through a column table, each ending
 * with '\n'. */
void sb_csv_append_cell(sb_strbuf *b, const char *cell);
void sb_csv_header_line(const sb_column *cols, int n, sb_strbuf *b);
void sb_csv_row_line(const sb_column *cols, int n, const void *row, sb_strbuf *b);

#endif
