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
    double tolerance;    /* the config's (fp32) tolerance; each case is validated at
                            sb_case_tolerance of it (its kernel, precision and K) */
    sb_energy_meter *energy; /* NULL: energy not available, `energy_why` says why */
    const char *energy_why;
    const volatile sig_atomic_t *stop; /* set: abandon the case before its next run (may be NULL) */
} sb_timing_plan;

/* Runs kernel k with its parameters on op and fills the outcome part of row (status, message,
 * times, errors, bytes, fill, variant, build time). C_ref is the double-precision reference
 * (M x N). C_out (M x N floats, may be NULL) receives the validated device output. Never fails as
 * a function: a device error becomes status `failed` with its message. */
void sb_case_measure(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env, sb_operand *op,
                     const double *C_ref, const sb_timing_plan *plan, sb_row *row, float *C_out);

#endif
