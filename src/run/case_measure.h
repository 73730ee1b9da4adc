/* Measuring one kernel on one prepared operand: validate, warm up, time, validate again. */
#ifndef SB_CASE_MEASURE_H
#define SB_CASE_MEASURE_H

#include <signal.h>
#include "scrub.h"
#include "sb_energy.h"
#include "sb_kernel.h"
#include "sb_config.h"
#include "sb_results.h"

/* Energy counters update every few tens of milliseconds: shorter counted runs give no number. */
#define SB_ENERGY_MIN_MS 100.0
/* Batches timed at the final batch size; batch_ms is their median. */
#define SB_BATCHES 3

typedef struct sb_timing_plan {
    int warmup;          /* runs never counted */
    int repeats;         /* counted runs, at least */
    double min_time_ms;  /* keep going until the counted runs add up to this */
    int max_repeats;     /* ... but never more than this many */
    double max_noise;    /* > 0: also keep going until sb_noise_median_ci <= this (0: off) ... */
    double max_time_ms;  /* ... or the counted runs add up to this (0: no time cap) */
    double tolerance;    /* the config's (fp32) tolerance; each case is validated at
                            sb_case_tolerance of it (its kernel, precision and K) */
    sb_energy_meter *energy; /* NULL: energy not available, `energy_why` says why */
    const char *energy_why;
    const volatile sig_atomic_t *stop; /* set: abandon the case before its next run (may be NULL) */
    int batch;           /* 1: also time batches (row->batch_ms); run sets it, tune does not */
    const sb_scrub *scrub; /* cold caches: scrubbed before every timed run; NULL: warm */
} sb_timing_plan;

/* The stop rule of the counted runs (src/run/timing_rule.c): 1 while another run is due after
 * n runs taking total_ms: fewer than `repeats`, or under `min_time_ms`, or (max_noise > 0) noisier
 * than max_noise and under max_time_ms; never past max(repeats, max_repeats) runs. */
int sb_timing_more(const sb_timing_plan *plan, const double *ms, int n, double total_ms);
/* The row's dispersion columns (stddev_ms, cv, noise, outliers, drift) from its n counted runs,
 * in the order they ran, and timing_warning: drift beyond SB_DRIFT_LIMIT, outliers, or a noise
 * above max_noise when a cap stopped the runs. */
void sb_row_set_dispersion(sb_row *row, const double *ms, int n, const sb_timing_plan *plan);
/* The baseline, already prepared on the same operand, timed run for run beside a kernel
 * (alternating: kernel, baseline, kernel, ...; batches alike), so a change of load on the machine
 * hits both sides. Its runs are validated like the kernel's (poison, guards, output after its
 * last run). Out: its medians over those runs, or ok = 0 and why. */
typedef struct sb_beside {
    const sb_kernel *k;
    void *state;
    int ok;
    double tolerance;     /* its own validation's (the caller derives it: sb_case_tolerance) */
    double median_ms, batch_ms;
    double *samples;      /* its timed runs (malloc'd: the caller frees), NULL when not ok */
    int n_samples;
    double batch_samples[8]; /* each batch's time per run */
    int n_batch;
    char why[512];
} sb_beside;

/* Runs kernel k with its parameters on op and fills the outcome part of row (status, message,
 * times, errors, bytes, fill, variant, build time). C_ref is the double-precision reference
 * (M x N). C_out (M x N floats, may be NULL) receives the validated device output. Never fails as
 * a function: a device error becomes status `failed` with its message. */
void sb_case_measure(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env, sb_operand *op,
                     const double *C_ref, const sb_timing_plan *plan, sb_row *row, float *C_out);
/* The same, with the baseline timed beside it (beside may be NULL) and, when keep is not NULL
 * and the case is ok, its prepared state handed back instead of released (the caller releases it
 * with k->release): the runner keeps the baseline's to time it beside each kernel of the group. */
void sb_case_measure_ex(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env,
                        sb_operand *op, const double *C_ref, const sb_timing_plan *plan,
                        sb_row *row, float *C_out, sb_beside *beside, void **keep);

/* One case of a run's group (the baseline first): the baseline is measured and its prepared state
 * kept in *kept (NULL when it failed); any other kernel is timed beside *kept (baseline: the
 * group's baseline kernel, whose implementation and tolerance that uses; none when either is NULL). The row gets baseline_ms and
 * baseline_batch_ms (its own for the baseline; the baseline's raw times in it too) and, when ok,
 * the speedup by the timer the config chose (speedup_timer says which). */
void sb_case_measure_group(const sb_kernel *k, const sb_kparams *params, int is_baseline,
                           const sb_kernel_spec *baseline, sb_cl_env *env, sb_operand *op,
                           const double *C_ref, const sb_timing_plan *plan, sb_timer_mode timer,
                           sb_row *row, float *C_out, void **kept);

#endif
