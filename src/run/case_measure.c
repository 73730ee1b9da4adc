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
 *     compared: a kernel that stops writing after its first run is caught.
 *  5. Batches (plan->batch): R back-to-back enqueues and one clFinish, R doubled until a batch
 *     lasts min_time_ms (SB_BATCH_MIN_MS when 0); batch_ms is the median over SB_BATCHES batches
 *     of time / R: the launch overhead a single run pays is spread over R runs. Each batch is
 *     poisoned before and its guards checked after; the last batch's output is compared. Warm,
 *     where the kernel's events count: as many gated batches of R (queued behind a barrier on a
 *     user event, opened once all R are enqueued), batch_event_ms = the median of their event
 *     span (first START to last END) / R, with events asked only of the first and the last run;
 *     their output is compared too.
 * Cold caches (plan->scrub): the scrub (scrub.h) runs before every timed run, after the poison
 * and outside the timed interval; in a batch each enqueue follows its own scrub, and a batch of
 * scrubs alone is timed beside it and subtracted.
 * The baseline beside a kernel (sb_beside): one validated warm-up run, then its runs alternate
 * with the kernel's (each validated the same way), and its batches with the kernel's. The
 * kernel's last counted run is compared before the baseline runs after it. */
#include "case_measure.h"
#include "case_batch.h"

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

/* One run as the case sees it: poison C, scrub the cache (cold), run (timed by run_once), check
 * the guards. 0: fine; -1: the row says why (`failed` on a device error, `wrong` when a guard
 * changed). */
static int checked_run(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                       const sb_scrub *scrub, double *host_ms, double *event_ms, sb_row *row,
                       const char *when, const volatile sig_atomic_t *stop, sb_error *err)
{
    if (stop && *stop) { /* the caller abandons the case: it writes no row */
        sb_row_fail(row, SB_FAILED, "interrupted");
        return -1;
    }
    if (sb_operand_poison_c(op, env, err) ||
        (scrub && sb_scrub_run(scrub, env, err)) ||
        run_once(k, state, env, host_ms, event_ms, err)) {
        sb_row_fail(row, SB_FAILED, err->msg);
        return -1;
    }
    return sb_row_guards(op, env, when, row, err);
}

/* Reads C and compares. 0 when within tolerance; else the row says why (`wrong`, or `failed` on a
 * device error) and -1: the case is over. */
static int check_output(sb_cl_env *env, sb_operand *op, const double *C_ref, double tolerance,
                        float *C_host, sb_row *row, const char *when, sb_error *err)
{
    size_t count = (size_t)op->M * (size_t)op->N;
    if (sb_operand_read_c(op, env, C_host, err)) {
        sb_row_fail(row, SB_FAILED, err->msg);
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

/* What a run of the baseline beside the kernel checks; a failure ends the baseline's part only
 * (beside->ok = 0, why), never the kernel's row. */
typedef struct beside_ctx {
    sb_beside *b;
    sb_row scratch; /* its validation's outcome */
    float *C_host;  /* its output read back (the kernel's own stays in C_out) */
} beside_ctx;

static void beside_failed(beside_ctx *bc)
{
    bc->b->ok = 0;
    snprintf(bc->b->why, sizeof bc->b->why, "the baseline timed beside it: %s: %.400s",
             sb_status_name(bc->scratch.status), bc->scratch.message);
}

/* One batch's time per run: the batch, less a batch of scrubs alone when cold (*scrub_per_run:
 * the scrubs' share, 0 when warm). */
static int batch_value(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                       const sb_timing_plan *plan, int R, double *per_run, double *scrub_per_run,
                       sb_row *row, sb_error *err)
{
    double t = 0, ts = 0;
    const sb_scrub *scrub = plan->scrub;
    if (sb_batch_once(k, state, env, op, scrub, R, 0, &t, NULL, row, plan->stop, err) ||
        (scrub && sb_batch_once(k, state, env, op, scrub, R, 1, &ts, NULL, row, plan->stop, err)))
        return -1;
    *per_run = (t - ts) / R;
    *scrub_per_run = ts / R;
    return 0;
}

/* Doubles R from 1 until the runs of a batch last target_ms (the batch that reaches it counts as
 * the first, *first); cold, until its scrubs alone have taken 20 times that. */
static int batch_grow(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                      const sb_timing_plan *plan, double target_ms, int *R, double *first,
                      double *first_scrub, sb_row *row, sb_error *err)
{
    for (*R = 1;; *R *= 2) {
        if (batch_value(k, state, env, op, plan, *R, first, first_scrub, row, err))
            return -1;
        if (*first * *R >= target_ms || *first_scrub * *R >= 20 * target_ms || *R >= (1 << 16))
            return 0;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median3(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A cold batch's time per run stands only where the runs were at least a tenth of the batch
 * (else it is the difference of two times of the scrubs: noise). */
static double batch_result(double *v, double *vs, const sb_scrub *scrub, sb_row *row)
{
    double per_run = median3(v, SB_BATCHES), scrub_per_run = scrub ? median3(vs, SB_BATCHES) : 0;
    if (per_run > 0 && (!scrub || per_run >= 0.1 * scrub_per_run))
        return per_run;
    if (row)
        sb_row_append_message(row, "batch_ms: cold batches, the runs took under a tenth of the "
                                   "cache scrubs between them: not measurable");
    return NAN;
}

/* 5. The batches of the kernel (and of the baseline beside it, alternating): row->batch_ms. Then,
 * where spans says the kernel's events count (they cover its launches, the device's are trusted,
 * the cache is warm), as many gated batches of the same size, their output validated:
 * row->batch_event_ms where every one had a span. */
static int time_batches(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                        const double *C_ref, const sb_timing_plan *plan, float *C_host,
                        sb_row *row, beside_ctx *bc, int spans, sb_error *err)
{
    double target = plan->min_time_ms > 0 ? plan->min_time_ms : SB_BATCH_MIN_MS;
    double v[SB_BATCHES], bv[SB_BATCHES], vs[SB_BATCHES], bvs[SB_BATCHES], ve[SB_BATCHES];
    double t_gated;
    int R = 1, bR = 1;
    int with_beside = bc && bc->b->ok;
    const sb_scrub *scrub = plan->scrub;
    if (batch_grow(k, state, env, op, plan, target, &R, &v[0], &vs[0], row, err))
        return -1;
    if (with_beside && batch_grow(bc->b->k, bc->b->state, env, op, plan, target, &bR, &bv[0],
                                  &bvs[0], &bc->scratch, err))
        with_beside = 0, beside_failed(bc);
    for (int i = 1; i < SB_BATCHES; i++) {
        if (batch_value(k, state, env, op, plan, R, &v[i], &vs[i], row, err))
            return -1;
        if (i == SB_BATCHES - 1 &&
            check_output(env, op, C_ref, plan->tolerance, C_host, row, "after the batches", err))
            return -1;
        if (with_beside && batch_value(bc->b->k, bc->b->state, env, op, plan, bR, &bv[i],
                                       &bvs[i], &bc->scratch, err))
            with_beside = 0, beside_failed(bc);
    }
    if (with_beside && check_output(env, op, C_ref, bc->b->tolerance, bc->C_host, &bc->scratch,
                                    "after its batches", err))
        with_beside = 0, beside_failed(bc);
    row->batch_size = R;
    memcpy(row->batch_samples_ms, v, sizeof v);
    row->n_batch_samples = SB_BATCHES;
    row->batch_ms = batch_result(v, vs, scrub, row);
    int all_spans = spans && !scrub;
    for (int i = 0; all_spans && i < SB_BATCHES; i++) {
        if (sb_batch_once(k, state, env, op, NULL, R, 0, &t_gated, &ve[i], row, plan->stop, err))
            return -1;
        all_spans &= isfinite(ve[i]) && ve[i] > 0;
    }
    if (all_spans &&
        check_output(env, op, C_ref, plan->tolerance, C_host, row, "after the gated batches", err))
        return -1;
    if (all_spans) {
        memcpy(row->batch_event_samples_ms, ve, sizeof ve);
        row->n_batch_event_samples = SB_BATCHES;
        row->batch_event_ms = median3(ve, SB_BATCHES);
    }
    if (with_beside) {
        memcpy(bc->b->batch_samples, bv, sizeof bv);
        bc->b->n_batch = SB_BATCHES;
        bc->b->batch_ms = batch_result(bv, bvs, scrub, NULL);
    }
    return 0;
}

/* Energy over the counted runs of the kernel alone (energy_note says why not). */
static void energy_note(sb_row *row, const sb_timing_plan *plan, int ok, double total, int n,
                        double joules)
{
    if (!plan->energy)
        snprintf(row->energy_note, sizeof row->energy_note, "n/a: %s",
                 plan->energy_why ? plan->energy_why : "no energy counter");
    else if (plan->scrub)
        snprintf(row->energy_note, sizeof row->energy_note,
                 "n/a: cold caches (the cache scrub between runs is on the %s counter too)",
                 sb_energy_source(plan->energy));
    else if (!ok)
        snprintf(row->energy_note, sizeof row->energy_note, "n/a: the %s counter could not be read",
                 sb_energy_source(plan->energy));
    else if (total < SB_ENERGY_MIN_MS)
        snprintf(row->energy_note, sizeof row->energy_note,
                 "n/a: counted runs took %.1f ms < %.0f ms, too short for the %s counter (raise "
                 "min_time_ms)", total, SB_ENERGY_MIN_MS, sb_energy_source(plan->energy));
    else {
        row->energy_j = joules / n;
        snprintf(row->energy_note, sizeof row->energy_note,
                 "%s: whole-device energy over the counted runs, per run", sb_energy_source(plan->energy));
    }
}

/* With a baseline beside, the counted runs alternate: the energy of the kernel's runs alone comes
 * from a block of its own runs (as many, and at least SB_ENERGY_MIN_MS), each validated. */
static int energy_block(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                        const double *C_ref, const sb_timing_plan *plan, float *C_host, int runs,
                        sb_row *row, sb_error *err)
{
    double j0 = 0, j1 = 0, total = 0, ms;
    int ok = sb_energy_read_j(plan->energy, &j0) == 0, n = 0;
    while (n < runs || total < SB_ENERGY_MIN_MS) {
        if (checked_run(k, state, env, op, NULL, &ms, NULL, row, "an energy run", plan->stop, err))
            return -1;
        total += ms;
        n++;
    }
    ok = ok && sb_energy_read_j(plan->energy, &j1) == 0;
    if (check_output(env, op, C_ref, plan->tolerance, C_host, row, "after the energy runs", err))
        return -1;
    energy_note(row, plan, ok, total, n, j1 - j0);
    return 0;
}

void sb_case_measure(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env, sb_operand *op,
                     const double *C_ref, const sb_timing_plan *plan, sb_row *row, float *C_out)
{
    sb_case_measure_ex(k, params, env, op, C_ref, plan, row, C_out, NULL, NULL);
}

void sb_case_measure_ex(const sb_kernel *k, const sb_kparams *params, sb_cl_env *env,
                        sb_operand *op, const double *C_ref, const sb_timing_plan *plan,
                        sb_row *row, float *C_out, sb_beside *beside, void **keep)
{
    char why[512];
    if (keep)
        *keep = NULL;
    if (beside) {
        beside->ok = 0;
        beside->median_ms = beside->batch_ms = NAN;
        beside->samples = NULL;
        beside->n_samples = beside->n_batch = 0;
        snprintf(beside->why, sizeof beside->why, "the baseline was not timed beside it");
    }
    if (!sb_spec_accepts_n(params->kernel, op->N, why, sizeof why)) /* the plan leaves these out */
        return sb_row_fail(row, SB_SKIPPED, why);
    if (op->precision == SB_PRECISION_FP16) { /* a C that halves cannot hold is no kernel's fault */
        for (size_t i = 0, n = (size_t)op->M * (size_t)op->N; i < n; i++)
            if (!(fabs(C_ref[i]) <= 65504.0)) {
                snprintf(why, sizeof why, "C[%zu][%zu] = %.6g is beyond the range of fp16 (largest "
                         "65504), where C is stored: run this matrix at fp32, or scale its weights",
                         i / (size_t)op->N, i % (size_t)op->N, C_ref[i]);
                return sb_row_fail(row, SB_FAILED, why);
            }
    }

    /* the tolerance of this kernel at this precision and K (sb_spec.h derives it); the
     * baseline beside it checks against its own (beside->tolerance) */
    sb_timing_plan own = *plan;
    own.tolerance = sb_case_tolerance(params->kernel, op->precision, op->K, plan->tolerance);
    plan = &own;

    sb_error err = {{0}};
    sb_kernel_info info;
    memset(&info, 0, sizeof info);
    void *state = NULL;
    size_t count = (size_t)op->M * (size_t)op->N;
    float *C_host = C_out ? C_out : sb_malloc(count * sizeof(float) + 4);
    double *host = NULL, *event = NULL, *bhost = NULL;
    beside_ctx bc = {.b = beside, .C_host = beside ? sb_malloc(count * sizeof(float) + 4) : NULL};
    beside_ctx *bcp = beside ? &bc : NULL;
    const sb_scrub *scrub = plan->scrub;
    snprintf(row->cache, sizeof row->cache, "%s", scrub ? "cold" : "warm");

    /* work-groups that fit by construction: shrunk where the device allows fewer items, and the
     * row says so */
    sb_kparams fitted;
    if (sb_kernel_prepare_fit(k, env, op, params, &fitted, &state, &info, &err)) {
        sb_row_fail(row, SB_FAILED, err.msg);
        goto done;
    }
    if (info.fitted[0]) {
        size_t len = strlen(row->message);
        snprintf(row->message + len, sizeof row->message - len, "%s%s", len ? "; " : "", info.fitted);
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
        sb_row_fail(row, SB_FAILED, err.msg);
        goto done;
    }
    /* 1. poisoned, validated first run */
    if (checked_run(k, state, env, op, NULL, NULL, NULL, row, "first run", plan->stop, &err) ||
        check_output(env, op, C_ref, plan->tolerance, C_host, row, "first run", &err))
        goto done;
    /* 2. warm-up (and one validated run of the baseline beside it) */
    for (int i = 0; i < plan->warmup; i++)
        if (checked_run(k, state, env, op, NULL, NULL, NULL, row, "warm-up run", plan->stop, &err))
            goto done;
    if (beside) {
        sb_row_init(&bc.scratch);
        beside->ok = checked_run(beside->k, beside->state, env, op, NULL, NULL, NULL, &bc.scratch,
                                 "warm-up run", plan->stop, &err) == 0 &&
                     check_output(env, op, C_ref, beside->tolerance, bc.C_host, &bc.scratch,
                                  "warm-up run", &err) == 0;
        if (!beside->ok)
            beside_failed(&bc);
    }
    /* 3. counted runs (4. the kernel's last one compared before the baseline runs after it) */
    int cap = plan->max_repeats > plan->repeats ? plan->max_repeats : plan->repeats;
    host = sb_malloc(sizeof *host * (size_t)cap);
    event = sb_malloc(sizeof *event * (size_t)cap);
    bhost = sb_malloc(sizeof *bhost * (size_t)cap);
    int n = 0, bn = 0;
    double total = 0, joules0 = 0, joules1 = 0;
    int alone = !beside || !beside->ok;
    int energy_ok = plan->energy && alone && sb_energy_read_j(plan->energy, &joules0) == 0;
    for (;;) {
        if (checked_run(k, state, env, op, scrub, &host[n], &event[n], row, "a timed run",
                        plan->stop, &err))
            goto done;
        total += host[n];
        n++;
        int last = !sb_timing_more(plan, host, n, total); /* timing_rule.c */
        if (last && alone)
            energy_ok = energy_ok && sb_energy_read_j(plan->energy, &joules1) == 0;
        if (last && check_output(env, op, C_ref, plan->tolerance, C_host, row,
                                 "after the timed runs", &err))
            goto done;
        if (beside && beside->ok &&
            checked_run(beside->k, beside->state, env, op, scrub, &bhost[bn++], NULL, &bc.scratch,
                        "a timed run", plan->stop, &err))
            beside_failed(&bc);
        if (last)
            break;
    }
    if (beside && beside->ok &&
        check_output(env, op, C_ref, beside->tolerance, bc.C_host, &bc.scratch,
                     "after its timed runs", &err))
        beside_failed(&bc);
    if (alone)
        energy_note(row, plan, energy_ok, total, n, joules1 - joules0);
    else if (!plan->energy || scrub)
        energy_note(row, plan, 0, total, n, 0);
    else if (energy_block(k, state, env, op, C_ref, plan, C_host, n, row, &err))
        goto done;
    /* whether this case's events count: they cover the kernel's launches and the device's are
     * trusted (sb_timer_check.h); the batches' spans and event_median_ms both use it */
    const int events_count =
        info.events_cover_all && sb_timer_probe(env, &err) == 0 && env->events_trusted;
    /* 5. batches; gated ones (spans) only where the gate can be opened after the batch is queued
     * and flushed: not on Oclgrind, whose clFlush runs the queue and would wait on it forever */
    if (plan->batch && time_batches(k, state, env, op, C_ref, plan, C_host, row, bcp,
                                    events_count && !sb_device_flush_waits(env->dev), &err))
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
    if (beside && beside->ok) {
        beside->median_ms = sb_stats_compute(bhost, bn).median;
        beside->samples = bhost;
        beside->n_samples = bn;
        bhost = NULL;
    }
    /* events only where they count and this case's are plausible next to the host clock
     * (sb_timer_check.h); else the cell stays empty */
    if (events_count) {
        sb_stats es = sb_stats_compute(event, n);
        char ewhy[256];
        if (sb_event_plausible(es.median, hs.median, ewhy, sizeof ewhy))
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
    if (state && keep && row->status == SB_OK)
        *keep = state;
    else if (state)
        k->release(state);
    free(host);
    free(event);
    free(bhost);
    free(bc.C_host);
    if (!C_out)
        free(C_host);
}

void sb_case_measure_group(const sb_kernel *k, const sb_kparams *params, int is_baseline,
                           const sb_kernel_spec *baseline, sb_cl_env *env, sb_operand *op,
                           const double *C_ref, const sb_timing_plan *plan, sb_timer_mode timer,
                           sb_row *row, float *C_out, void **kept)
{
    if (is_baseline) {
        sb_case_measure_ex(k, params, env, op, C_ref, plan, row, C_out, NULL, kept);
        row->baseline_ms = row->median_ms;
        row->baseline_batch_ms = row->batch_ms;
    } else {
        sb_beside b = {.k = baseline ? sb_kernel_find(baseline->name) : NULL, .state = *kept,
                       .median_ms = NAN, .batch_ms = NAN};
        int with = b.k && *kept;
        if (with)
            b.tolerance = sb_case_tolerance(baseline, op->precision, op->K, plan->tolerance);
        sb_case_measure_ex(k, params, env, op, C_ref, plan, row, C_out, with ? &b : NULL, NULL);
        if (row->status == SB_OK && with && !b.ok)
            sb_row_append_message(row, b.why);
        row->baseline_ms = b.median_ms;
        row->baseline_batch_ms = b.batch_ms;
        row->baseline_samples_ms = b.samples; /* the row owns them now */
        row->n_baseline_samples = b.n_samples;
        memcpy(row->baseline_batch_samples_ms, b.batch_samples, sizeof b.batch_samples);
        row->n_baseline_batch_samples = b.n_batch;
    }
    if (row->status != SB_OK)
        return;
    snprintf(row->speedup_timer, sizeof row->speedup_timer, "%s", sb_timer_mode_name(timer));
    row->speedup_vs_dense = timer == SB_TIMER_BATCH ? row->baseline_batch_ms / row->batch_ms
                                                    : row->baseline_ms / row->median_ms;
}
