/* What the report module's files share: the loaded runs, the merged rows and the tables computed
 * from them. Not a public contract (see include/sb_report.h for that). */
#ifndef SB_REPORT_INTERNAL_H
#define SB_REPORT_INTERNAL_H

#include "sb_report.h"

/* A list of owned strings (warnings, column names). */
typedef struct rp_strings {
    char **v;
    int n, cap;
} rp_strings;
void rp_strings_push(rp_strings *l, char *owned);
int rp_strings_find(const rp_strings *l, const char *s);
void rp_strings_free(rp_strings *l);

/* One device as run.json describes it. */
typedef struct rp_device_meta {
    char *index, *name, *vendor, *platform, *type, *driver, *opencl_version;
    int compute_units, max_clock_mhz;
    double peak_gflops, peak_gbps; /* NaN when run.json had no peak */
} rp_device_meta;

/* run.json's "shard" of a run made with --shard I/N (count 0: not a shard). */
typedef struct rp_shard_meta {
    int index, count;
    char *plan;          /* the plan's fingerprint: shards of one study share it */
    int units;           /* units of the whole plan, -1 when not recorded */
    char **unit_keys;    /* the units this shard ran */
    int n_unit_keys;     /* -1 when not recorded */
} rp_shard_meta;

/* One result directory. */
typedef struct rp_run {
    char *dir;           /* as given */
    char *name;          /* its last path component (made unique across runs) */
    char *host, *started, *finished, *tool_version, *tool_commit, *config_name, *command_line;
    int has_meta;        /* run.json was read */
    sb_csv results;
    int has_models;
    sb_csv models;
    double **samples;    /* per results row, from results.jsonl (NULL when absent) */
    int *n_samples;
    double **baseline_samples; /* per row: the baseline's runs timed beside it, when the row has
                                  them (results.jsonl "baseline_samples_ms"); else NULL */
    int *n_baseline_samples;
    rp_device_meta *devices;
    int n_devices;
    int *colmap;         /* merged.csv column -> results.csv column, -1 when it has none */
    int *model_colmap;   /* merged models.csv column -> models.csv column */
    rp_shard_meta shard;
    int study;           /* runs of one sharded study share the id; any other run has its own */
} rp_run;

/* One merged result row, with the fields the tables need already parsed. */
typedef struct rp_row {
    int run, src;        /* runs[run].results row src */
    const char *device;  /* the device's label in the report (rp_merge): name and platform */
    const char *device_name, *platform, *driver; /* the row's own cells */
    const char *matrix, *kernel, *format, *pattern, *block, *status, *variant;
    const char *precision; /* "fp32" also for files written before the column */
    const char *engine;    /* "tensor-cores" or "" */
    int M, K, N;
    int ok;              /* status == "ok" */
    int failed;          /* status "wrong" or "failed" */
    double target_sparsity, sparsity, spars_key;
    double median_ms, speedup, efficiency, bytes, dense_bytes, gflops_useful, bound_ms;
} rp_row;

/* One point of a speedup curve (ok rows of one sparsity, averaged). */
typedef struct rp_point {
    double key;          /* grouping sparsity (target, else measured, rounded) */
    double sparsity;     /* mean measured sparsity of the group */
    double speedup, median_ms, efficiency;
    int n_ok, n_bad;     /* ok rows averaged; wrong/failed rows at this sparsity */
    const char *bad_status;
} rp_point;

/* Speedup vs sparsity of one (device, kernel, precision, M, K, pattern, block, N). */
typedef struct rp_series {
    const char *device, *kernel, *pattern, *block, *precision, *engine;
    int M, K, N;
    rp_point *points;
    int n_points;
    sb_crossover cross;
} rp_series;

/* Phi of one kernel over one shape class (M, K, N). */
typedef struct rp_phi {
    const char *kernel;
    const char *precision; /* a class per precision: fp16 and fp32 rows are not one kernel */
    int M, K, N;
    double *eff;         /* per device of the report; NaN: failed or missing there */
    const char **why;    /* per device: NULL, "failed", "wrong", "missing", "no efficiency" */
    double phi;
} rp_phi;

struct sb_report {
    rp_run *runs;
    int n_runs;
    rp_strings cols;     /* merged.csv columns */
    rp_row *rows;
    int n_rows;
    /* H: distinct devices, in order of appearance, keyed by (name, platform, driver) and shown
     * as labels that name the platform: "AMD EPYC (intel)", "pthread-...-AMD EPYC (pocl)"; the
     * driver joins the label where one name and platform come with several drivers */
    rp_strings devices;
    rp_strings device_names, device_platforms, device_drivers; /* parallel to devices */
    rp_strings model_cols;
    rp_series *series;
    int n_series;
    rp_phi *phis;
    int n_phis;
    rp_strings warnings;
    rp_strings shard_notes; /* one line per sharded study and device (shards.c) */
    int shards_incomplete;  /* a sharded study lacks a shard, has one twice, or one unfinished */
};

/* load.c: reads one directory into run (results.csv must exist and parse). */
int rp_run_load(rp_run *run, const char *dir, rp_strings *warnings, sb_error *err);
void rp_run_free(rp_run *run);

/* portability.c: the family a kernel counts in for Phi: the kernel a task variant stands for
 * ("csr_task" -> "csr"), else itself. */
const char *rp_kernel_family(const char *kernel);

/* merge.c */
int rp_merge(sb_report *r, sb_error *err);
const char *rp_cell(const sb_report *r, const rp_row *row, int merged_col);
int rp_write_merged(const sb_report *r, const char *out_dir, sb_error *err);
/* run.json's description of the device with this label (matched by name, platform and driver). */
const rp_device_meta *rp_device_meta_for(const sb_report *r, const char *device);

/* shards.c: run.json's "shard" (obj may be NULL), the completeness check of sharded studies
 * (after the rows are merged) and its report.md section. */
struct cJSON;
void rp_shard_load(rp_shard_meta *s, const struct cJSON *obj, const char *path,
                   rp_strings *warnings);
void rp_shard_free(rp_shard_meta *s);
void rp_check_shards(sb_report *r);
void rp_write_shards_md(sb_strbuf *b, const sb_report *r);

/* crossover.c / portability.c: the tables. */
void rp_build_series(sb_report *r);
/* crossover_ci.c: each series' crossover interval (sb_crossover.ci_low/ci_high) by a seeded
 * bootstrap over the raw runs of the kernel and of its baseline at every point. */
void rp_crossover_intervals(sb_report *r);
/* "## The dense side" of report.md (dense_side.c). */
void rp_write_dense_side_md(sb_strbuf *b, const sb_report *r);
int rp_write_crossovers(const sb_report *r, const char *out_dir, sb_error *err);
void rp_build_phi(sb_report *r);

/* plots.c: runs the plot script; fills `plots` with "title\tpng\tsvg" lines or `skipped`. */
int rp_run_plots(const sb_report *r, const char *out_dir, const sb_report_options *opt,
                 rp_strings *plots, char *skipped, size_t skipped_len);

/* md_table.c: Markdown table pieces. A cell (" text |"; '|' escaped, line breaks as spaces),
 * a number cell ("—" when not finite), a header row with its rule, a pattern label ("block 4x4"),
 * a kernel label ("csr", or "csr (fp16)" / "tc_dense (fp16, tensor-cores)" for a row at another
 * precision than fp32 or on a matrix engine: one label for every table) and the qsort comparison
 * of doubles. */
void rp_md_cell(sb_strbuf *b, const char *s);
void rp_md_cellf(sb_strbuf *b, const char *fmt, double v);
void rp_md_header(sb_strbuf *b, const char *const *titles, int n);
const char *rp_md_pattern(const char *pattern, const char *block, char *buf, size_t n);
const char *rp_md_kernel(const char *kernel, const char *precision, const char *engine, char *buf,
                         size_t n);
int rp_cmp_double(const void *a, const void *b);

/* speedup_md.c: report.md's speedup and crossover section. */
void rp_write_speedup_md(sb_strbuf *b, const sb_report *r);

/* markdown.c */
int rp_write_markdown(const sb_report *r, const char *out_dir, const rp_strings *plots,
                      const char *plots_skipped, sb_error *err);

/* Helpers shared by the files. */
void rp_warn(rp_strings *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double rp_number(const char *s); /* NaN for "" or anything that is not a whole number */
int rp_write_text(const char *path, const char *text, size_t len, sb_error *err);

#endif
