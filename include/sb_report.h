/* `sparsebench report`: merges result directories (any machines, vendors, dates) into one
 * comparison: merged.csv, report.md and plots. The pieces are public so tests can check them:
 * a quoting-aware CSV reader, the crossover rule, performance portability, and the merged report. */
#ifndef SB_REPORT_H
#define SB_REPORT_H

#include <stddef.h>
#include "sb_schema.h"
#include "sb_util.h"

/* ---- CSV (RFC 4180: "" escapes a quote; quoted cells may hold commas and newlines) ---- */

typedef struct sb_csv {
    char *path;     /* the name used in messages */
    int n_cols;
    char **cols;    /* header */
    int n_rows;
    char ***cells;  /* cells[row][col], "" when empty; never NULL */
    int *lines;     /* the file line each row starts on, for messages */
} sb_csv;

/* Parses text; a malformed file (unterminated quote, text after a closing quote, a row whose
 * cell count differs from the header's, a duplicate column name) fails with "NAME:LINE: ...". */
int sb_csv_parse(const char *text, size_t len, const char *name, sb_csv *out, sb_error *err);
int sb_csv_read(const char *path, sb_csv *out, sb_error *err);
void sb_csv_free(sb_csv *csv);
/* Index of a column by exact name, -1 if absent. */
int sb_csv_col(const sb_csv *csv, const char *name);
/* sb_csv_append_cell (writing a cell) is in sb_schema.h. */

/* ---- crossover: the sparsity where speedup over dense crosses 1.0 ---- */

typedef enum sb_cross_kind {
    SB_CROSS_NO_DATA = 0, /* no point with a finite speedup */
    SB_CROSS_ALWAYS,      /* every point > 1 */
    SB_CROSS_NEVER,       /* every point < 1 */
    SB_CROSS_AT,          /* the piecewise-linear curve reaches 1.0 at `at` */
} sb_cross_kind;

typedef struct sb_crossover {
    sb_cross_kind kind;
    double at;        /* SB_CROSS_AT: the lowest sparsity where the curve reaches 1.0 */
    int n_crossings;  /* SB_CROSS_AT: how many times it does (> 1: not monotonic) */
    int upward;       /* SB_CROSS_AT: 1 if speedup rises through 1.0 there (sparse wins above) */
    double lowest, highest; /* the measured sparsities' range (NaN: no data) */
    /* the bootstrap interval of the crossover (src/report/crossover_ci.c), NaN when none: -inf
     * when it reaches below the lowest measured sparsity (resamples where sparse always wins),
     * +inf above the highest (resamples where it never does) */
    double ci_low, ci_high;
} sb_crossover;

/* Points need not be sorted; points with a non-finite sparsity or speedup are ignored.
 * Rule (also in report.md): sort by sparsity; "always" if every speedup > 1, "never" if every
 * one < 1; otherwise the first place, in increasing sparsity, where the line through consecutive
 * points reaches 1.0: a point equal to 1.0, or s_i + (1 - v_i) (s_i+1 - s_i) / (v_i+1 - v_i)
 * between two points on opposite sides of 1.0. */
sb_crossover sb_crossover_find(const double *sparsity, const double *speedup, int n);
/* "always", "never", "n/a", "0.767" (with " (not monotonic: N crossings)" when N > 1), and the
 * interval when there is one: "0.767 [0.741, 0.790]", "<0.5" / ">0.98" for a bound outside the
 * measured range. */
void sb_crossover_format(const sb_crossover *c, char *buf, size_t n);
/* One bound of the interval as the format writes it: "0.741", "<0.5", ">0.98". */
void sb_crossover_bound(double v, const sb_crossover *c, char *buf, size_t n);
/* The published crossover a series is set beside: Gale et al. 2020 (Sputnik, SC20) measured, in
 * fp16 against the fp16 dense GEMM on a matrix engine, unstructured sparsity (CSR kernels) paying
 * off from ~96% and block sparsity (BSR) from ~62%. 0.96 for an fp16 CSR kernel (csr*) on an
 * unstructured matrix, 0.62 for an fp16 BSR kernel (bsr, bsr_task, tc_bsr) on a block-pruned one,
 * else 0 (no reference). */
double sb_crossover_reference(const char *kernel, const char *pattern, const char *precision);

/* ---- performance portability (Pennycook, Sewall, Lee 2016) ---- */

/* Phi = n / sum(1/e_i) over the n devices of H; 0 when any e_i is not a positive finite number
 * (the kernel failed there, or the case is missing). */
double sb_portability(const double *eff, int n);

/* ---- the merged report ---- */

typedef struct sb_report sb_report;

/* Loads every directory (results.csv required; run.json, results.jsonl and models.csv when
 * present), merges the rows and computes the tables. Missing or mismatched fields become
 * warnings, not errors; a missing directory, a missing results.csv or a malformed CSV is an
 * error ("FILE:LINE: ..."). */
int sb_report_load(sb_report **out, const char *const *dirs, int n_dirs, sb_error *err);
void sb_report_free(sb_report *r);

int sb_report_n_warnings(const sb_report *r);
const char *sb_report_warning(const sb_report *r, int i);
/* Sharded studies (runs made with `run --shard I/N`): one line per study and device, saying
 * whether every shard 1..N is there exactly once and finished (also in report.md, Shards). */
int sb_report_n_shard_notes(const sb_report *r);
const char *sb_report_shard_note(const sb_report *r, int i);
/* 0 when a sharded study lacks a shard, has one twice or one that did not finish. */
int sb_report_shards_complete(const sb_report *r);
int sb_report_n_devices(const sb_report *r);
const char *sb_report_device(const sb_report *r, int i);

/* The crossover of one series of ok rows on one device (a kernel at one precision: "fp32" also
 * for runs written before the column). Returns -1 when no such series exists. */
int sb_report_crossover(const sb_report *r, const char *device, const char *kernel,
                        const char *precision, int M, int K, const char *pattern,
                        const char *block, int N, sb_crossover *out);
/* Phi of one kernel at one precision over the shape class (M, K, N) and every device of the
 * report. Returns -1 when the kernel never ran on that class. */
int sb_report_phi(const sb_report *r, const char *kernel, const char *precision, int M, int K,
                  int N, double *phi);

typedef struct sb_report_options {
    int plots;               /* run tools/plot_report.py */
    const char *plot_script; /* its path (when plots) */
    const char *python;      /* interpreter, default "python3" */
    int n_plots;             /* out: plots written */
    char plots_skipped[512]; /* out: why there are no plots ("" when they were made) */
} sb_report_options;

/* Writes merged.csv, devices.csv, crossover.csv, models.csv (when any run had one), the plots
 * (plots/) and report.md into out_dir, which must exist. Missing python3 or matplotlib is no error (see plots_skipped). */
int sb_report_write(const sb_report *r, const char *out_dir, sb_report_options *opt,
                    sb_error *err);

#endif
