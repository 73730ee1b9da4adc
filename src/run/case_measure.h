/* Measuring one kernel on one prepared operand: validate, warm up, time, validate again. */
#ifndef SB_CASE_MEASURE_H
#define SB_CASE_MEASURE_H

#include <signal.h>
#include "sb_energy.h"
#include "sb_kernel.h"
#include "sb_results.h"

/* Energy counters update every few tens of milliseconds: shorter counted runs give no number. */
#define SB_ENERGY_MIN_MS 100.0

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
} sb_timing_plan;

/* The stop rule of the counted runs (src/run/timing_rule.c): 1 while another run is due after
 * n runs taking total_ms: fewer than `repeats`, or under `min_time_ms`, or (max_noise > 0) noisier
 * than max_noise and under max_time_ms; never past max(repeats, max_repeats) runs. */
int sb_timing_more(const sb_timing_plan *plan, const double *ms, int n, double total_ms);
/* The row's dispersion columns (stddev_ms, cv, noise, outliers, drift) from its n counted runs,
 * in the order they ran, and timing_warning: drift beyond SB_DRIFT_LIMIT, outliers, or a noise
 * above max_noise when a cap stopped the runs. */
void sb_row_set_dispersion(sb_row *row, const double *ms, int n, const sb_timing_plan *plan);

/* Runs kernel k with its parameters on op and fills the outcome part of row (status, message,
 * times, errors, bytes, fill, variant, build time). C_ref is the double-precision reference
 * (M x N). C_out (M x N floats, may be NULL) receives the validated device output. Never fails as
 * a function: a device error becomes status `failed` with its message. */
void sb_case_measure(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env, sb_operand *op,
                     const double *C_ref, const sb_timing_plan *plan, sb_row *row, float *C_out);

#endif
