/* CLBlast's own tuners, run by `sparsebench tune` for the dense baseline (see sb_clblast.h).
 *
 * Each tuner runs as a child process in a work folder (its JSON files land there, its output is
 * kept in TUNER.log), in a process group of its own, killed when its share of the budget is spent
 * or on SIGINT/SIGTERM. What it measured is kept either way: a variant that finished wrote its
 * JSON; the variant that was cut short is read from the log's result rows (the tuner runs
 * line-buffered through stdbuf, so no finished row is lost). Per CLBlast kernel the fastest
 * valid configuration wins. */
#ifndef SB_TUNE_CLBLAST_TUNE_H
#define SB_TUNE_CLBLAST_TUNE_H

#include "sb_clblast.h"
#include "sb_device.h"
#include "sb_outcome.h"
#include "sb_tuning.h"

/* One shape the baseline runs: C (M x N) = A (M x K) B (K x N); N = 1 runs SGEMV. */
typedef struct sb_clblast_shape {
    int M, N, K;
} sb_clblast_shape;

typedef struct sb_clblast_tune_options {
    double budget_s;        /* for all the tuners of one device */
    const char *tuners_dir; /* NULL: $SPARSEBENCH_CLBLAST_TUNERS, else the PATH */
    const char *work_dir;   /* where the tuners run and their outputs stay (created) */
    double peak_gflops;     /* sizes the kernel tuners' problem; 0: unknown */
} sb_clblast_tune_options;

/* Runs the tuners for dev on the shapes; the best values go into db->clblast, saved after each
 * tuner. OK; FAILED when no tuner is installed (the message names the package) or the database
 * could not be saved; INTERRUPTED after a signal (what was found is saved). Reports through the
 * sink. */
sb_outcome sb_clblast_tune(const sb_device *dev, const sb_clblast_shape *shapes, int n_shapes,
                           const sb_clblast_tune_options *opt, sb_tuning_db *db);

/* The folder of the tuners (tuners_dir, else $SPARSEBENCH_CLBLAST_TUNERS), malloc'd; "" when
 * neither is given (the tuners are started by name, from the PATH: one that is not there is
 * reported then); NULL and a message naming the package when the folder holds none. */
char *sb_clblast_tuners_find(const char *tuners_dir, sb_error *err);

/* ---- reading the tuners' output (src/tune/clblast_output.c) ---- */

/* The best configuration found per kernel. */
typedef struct sb_clblast_found {
    sb_clblast_entry items[16];
    int count;
} sb_clblast_found;

/* Offers one measured configuration (names may include PRECISION, which is dropped; a set of
 * names that is no kernel's is ignored). Keeps the faster per kernel; counts configurations. */
void sb_clblast_found_offer(sb_clblast_found *f, const char *const *names, const long *values,
                            int n, double ms);
/* A tuner's log: its sections (one per variant, each starting at "* Parameters explored:"),
 * the number of configurations each found ("* Found N configuration(s)": counts, up to max), and
 * the rows that say "results match", offered to f for the sections whose bit is set in take.
 * Returns the number of sections. */
int sb_clblast_parse_log(const char *text, unsigned take, sb_clblast_found *f, int *counts,
                         int max);
/* A tuner's JSON file: every result offered to f. -1 with a message when it is not one. */
int sb_clblast_parse_json(const char *text, sb_clblast_found *f, sb_error *err);

/* XGEMM_MIN_INDIRECT_SIZE from clblast_tuner_routine_xgemm's times per shape (n at most
 * SB_CLBLAST_MAX_SHAPES; INFINITY where one failed): GEMMs with m*n*k below its cube run the
 * direct kernel. Of the splits of the shapes sorted by m*n*k, the one with the least total time
 * (the first of equals). */
#define SB_CLBLAST_MAX_SHAPES 8
long sb_clblast_indirect_threshold(const sb_clblast_shape *shapes, const double *direct,
                                   const double *indirect, int n);

#endif
