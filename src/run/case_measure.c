/* One case, measured honestly (ARCHITECTURE.md, "Measuring honestly"):
 *  0. Before every run, warm-up and counted alike, C is poisoned with NaN (untimed; a NaN of C's
 *     element type: halves at fp16), so every
 *     output checked is the output of the run just made, never a stale one; after every run the
 *     guards around C (sb_operand_check_guards) must still hold their canary: a write past
 *     either end of C makes the case `wrong` ("wrote past the end of C"), not a crash.
 *  1. The first run is read back and compared with the double reference: an unwritten or wrong
 *     element makes the case `wrong`, and it is not timed.
 *  2. Warm-up runs (not counted).
 *  3. Counted runs, each timed with the host monotonic clock around enqueue + clFinish and, when
 *     the kernel's events cover all its work, with profiling events too (kept only where they
 *     are plausible, sb_timer_check.h). The host clock is the primary timer for every kernel,
 *     so ours and CLBlast's are measured the same way.
 *  4. The last counted run's output (poisoned before it, like every run) is read back and
 *     compared: a kernel that stops writing after its first run is caught. */
#include "case_measure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_stats.h"
#include "sb_timer_check.h"

#define MAX_EVENTS 8

static int run_once(const sb_kernel *k, void *state, sb_cl_env *env, double *host_ms,
                    double *event_ms, sb_error *err)
{
    cl_event events[MAX_EVENTS];
    int n_events = 0;
    double t0 = sb_now_ms();
    if (k->enqueue(state, env, events, MAX_EVENTS, &n_events, err))
        return -1;
    cl_int rc = clFinish(env->queue);
    double t1 = sb_now_ms();
    int status = 0;
    if (rc != CL_SUCCESS)
        status = sb_cl_fail(err, rc, "clFinish after the kernel", env->dev);
    double sum = 0;
    for (int i = 0; i < n_events; i++) {
        double ms = 0;
        if (status == 0 && sb_cl_event_ms(env, events[i], &ms, err))
            status = -1;
        sum += ms;
        clReleaseEvent(events[i]);
    }
    if (host_ms)
        *host_ms = t1 - t0;
    if (event_ms)
        *event_ms = n_events > 0 ? sum : NAN;
    return status;
}

static void fail_row(sb_row *row, sb_status status, const char *msg);

/* One run as the case sees it: poison C, run (timed by run_once), check the guards. 0: fine;
 * -1: the row says why (`failed` on a device error, `wrong` when a guard changed). */
static int checked_run(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                       double *host_ms, double *event_ms, sb_row *row, const char *when,
                       const volatile sig_atomic_t *stop, sb_error *err)
{
    char why[400];
    if (stop && *stop) { /* the caller abandons the case: it writes no row */
        fail_row(row, SB_FAILED, "interrupted");
        return -1;
    }
    if (sb_operand_poison_c(op, env, err) ||
        run_once(k, state, env, host_ms, event_ms, err)) {
        fail_row(row, SB_FAILED, err->msg);
        return -1;
    }
    int g = sb_operand_check_guards(op, env, why, sizeof why, err);
    if (g < 0)
        fail_row(row, SB_FAILED, err->msg);
    if (g > 0) {
        row->status = SB_WRONG;
        snprintf(row->message, sizeof row->message, "%s: %s", when, why);
    }
    return g ? -1 : 0;
}

static void fail_row(sb_row *row, sb_status status, const char *msg)
{
    row->status = status;
    snprintf(row->message, sizeof row->message, "%s", msg);
}

/* Reads C and compares. 0 when within tolerance; else the row says why (`wrong`, or `failed` on a
 * device error) and -1: the case is over. */
static int check_output(sb_cl_env *env, sb_operand *op, const double *C_ref, double tolerance,
                        float *C_host, sb_row *row, const char *when, sb_error *err)
{
    size_t count = (size_t)op->M * (size_t)op->N;
    if (sb_operand_read_c(op, env, C_host, err)) {
        fail_row(row, SB_FAILED, err->msg);
        return -1;
    }
    sb_compare cmp = sb_compare_result(C_host, C_ref, (int64_t)count);
    if (!(row->rel_error >= cmp.rel_error)) /* keep the worst of the checks (NaN-safe) */
        row->rel_error = cmp.rel_error;
    if (!(row->max_abs_error >= cmp.max_abs_error))
        row->max_abs_error = cmp.max_abs_error;
    if (cmp.nonfinite > 0 || !(cmp.rel_error <= tolerance)) {
        snprintf(row->message, sizeof row->message,
                 "%s: relative error %.3g > tolerance %.3g (max abs error %.3g, %lld non-finite "
                 "elements)",
                 when, cmp.rel_error, tolerance, cmp.max_abs_error, (long long)cmp.nonfinite);
        row->status = SB_WRONG;
        return -1;
    }
    return 0;
}

void sb_case_measure(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env, sb_operand *op,
                     const double *C_ref, const sb_timing_plan *plan, sb_row *row, float *C_out)
{
    char why[512];
    if (!sb_spec_accepts_n(params->kernel, op->N, why, sizeof why)) /* the plan leaves these out */
        return fail_row(row, SB_SKIPPED, why);
    if (op->precision == SB_PRECISION_FP16) { /* a C that halves cannot hold is no kernel's fault */
        for (size_t i = 0, n = (size_t)op->M * (size_t)op->N; i < n; i++)
            if (!(fabs(C_ref[i]) <= 65504.0)) {
                snprintf(why, sizeof why, "C[%zu][%zu] = %.6g is beyond the range of fp16 (largest "
                         "65504), where C is stored: run this matrix at fp32, or scale its weights",
                         i / (size_t)op->N, i % (size_t)op->N, C_ref[i]);
                return fail_row(row, SB_FAILED, why);
            }
    }

    sb_error err = {{0}};
    sb_kernel_info info;
    memset(&info, 0, sizeof info);
    void *state = NULL;
    size_t count = (size_t)op->M * (size_t)op->N;
    float *C_host = C_out ? C_out : sb_malloc(count * sizeof(float) + 4);
    double *host = NULL, *event = NULL;

    /* work-groups that fit by construction: shrunk where the device allows fewer items, and the
     * row says so */
    sb_kparams fitted;
    char fit_note[256];
    if (sb_kernel_prepare_fit(k, env, op, params, &fitted, &state, &info,
                              fit_note, sizeof fit_note, &err)) {
        fail_row(row, SB_FAILED, err.msg);
        goto done;
    }
    if (fit_note[0]) {
        size_t len = strlen(row->message);
        snprintf(row->message + len, sizeof row->message - len, "%s%s", len ? "; " : "", fit_note);
    }
    snprintf(row->variant, sizeof row->variant, "%s", info.variant);
    if (info.block[0])
        snprintf(row->block, sizeof row->block, "%s", info.block);
    row->bytes = (int64_t)info.bytes;
    row->build_ms = info.build_ms;
    snprintf(row->program_source, sizeof row->program_source, "%s", info.program_source);
    if (row->nnz > 0)
        row->fill = (double)info.stored_values / (double)row->nnz;

    if (sb_operand_arm_guards(op, env, &err)) {
        fail_row(row, SB_FAILED, err.msg);
        goto done;
    }
    /* 1. poisoned, validated first run */
    /* the tolerance of this kernel at this precision and K (sb_spec.h derives it) */
    const double tolerance = sb_case_tolerance(params->kernel, op->precision, op->K, plan->tolerance);
    if (checked_run(k, state, env, op, NULL, NULL, row, "first run", plan->stop, &err) ||
        check_output(env, op, C_ref, tolerance, C_host, row, "first run", &err))
        goto done;
    /* 2. warm-up */
    for (int i = 0; i < plan->warmup; i++)
        if (checked_run(k, state, env, op, NULL, NULL, row, "warm-up run", plan->stop, &err))
            goto done;
    /* 3. counted runs */
    int cap = plan->max_repeats > plan->repeats ? plan->max_repeats : plan->repeats;
    host = sb_malloc(sizeof *host * (size_t)cap);
    event = sb_malloc(sizeof *event * (size_t)cap);
    int n = 0;
    double total = 0, joules0 = 0, joules1 = 0;
    int energy_ok = plan->energy && sb_energy_read_j(plan->energy, &joules0) == 0;
    while (sb_timing_more(plan, host, n, total)) {
        if (checked_run(k, state, env, op, &host[n], &event[n], row, "a timed run", plan->stop,
                        &err))
            goto done;
        total += host[n];
        n++;
    }
    energy_ok = energy_ok && sb_energy_read_j(plan->energy, &joules1) == 0;
    if (!plan->energy)
        snprintf(row->energy_note, sizeof row->energy_note, "n/a: %s",
                 plan->energy_why ? plan->energy_why : "no energy counter");
    else if (!energy_ok)
        snprintf(row->energy_note, sizeof row->energy_note, "n/a: the %s counter could not be read",
                 sb_energy_source(plan->energy));
    else if (total < SB_ENERGY_MIN_MS)
        snprintf(row->energy_note, sizeof row->energy_note,
                 "n/a: counted runs took %.1f ms < %.0f ms, too short for the %s counter (raise "
                 "min_time_ms)", total, SB_ENERGY_MIN_MS, sb_energy_source(plan->energy));
    else {
        row->energy_j = (joules1 - joules0) / n;
        snprintf(row->energy_note, sizeof row->energy_note,
                 "%s: whole-device energy over the counted runs, per run", sb_energy_source(plan->energy));
    }
    /* 4. the last timed run's output (poisoned before it ran) must be right too */
    if (check_output(env, op, C_ref, tolerance, C_host, row, "after the timed runs", &err))
        goto done;

    sb_stats hs = sb_stats_compute(host, n);
    snprintf(row->timer, sizeof row->timer, "host");
    row->runs = n;
    row->median_ms = hs.median;
    row->min_ms = hs.min;
    row->p90_ms = hs.p90;
    row->p99_ms = hs.p99;
    row->mean_ms = hs.mean;
    row->max_ms = hs.max;
    row->host_median_ms = hs.median;
    sb_row_set_dispersion(row, host, n, plan);
    /* events only where the device's are trusted and this case's are plausible next to the host
     * clock (sb_timer_check.h); else the cell stays empty */
    if (info.events_cover_all && sb_timer_probe(env, &err) == 0 && env->events_trusted) {
        sb_stats es = sb_stats_compute(event, n);
        char why[256];
        if (sb_event_plausible(es.median, hs.median, why, sizeof why))
            row->event_median_ms = es.median;
    }
    row->samples_ms = host;
    row->n_samples = n;
    host = NULL;
    double s = row->median_ms * 1e-3;
    row->gflops_useful = 2.0 * (double)row->nnz * op->N / s * 1e-9;
    row->gflops_dense_equiv = 2.0 * (double)op->M * op->K * op->N / s * 1e-9;
    if (row->energy_j > 0)
        row->gflops_per_j = 2.0 * (double)row->nnz * op->N * 1e-9 / row->energy_j;
    row->status = SB_OK;

done:
    if (state)
        k->release(state);
    free(host);
    free(event);
    if (!C_out)
        free(C_host);
}
