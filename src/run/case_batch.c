/* One batch of back-to-back runs, timed by the host clock and, gated, by events (case_batch.h). */
#include "case_batch.h"

#include <math.h>
#include <stdio.h>

int sb_row_guards(sb_operand *op, sb_cl_env *env, const char *when, sb_row *row, sb_error *err)
{
    char why[400];
    int g = sb_operand_check_guards(op, env, why, sizeof why, err);
    if (g < 0)
        sb_row_fail(row, SB_FAILED, err->msg);
    if (g > 0) {
        row->status = SB_WRONG;
        snprintf(row->message, sizeof row->message, "%s: %s", when, why);
    }
    return g ? -1 : 0;
}

int sb_batch_once(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                  const sb_scrub *scrub, int R, int scrub_only, double *ms, double *span,
                  sb_row *row, const volatile sig_atomic_t *stop, sb_error *err)
{
    if (span)
        *span = NAN;
    if (stop && *stop) {
        sb_row_fail(row, SB_FAILED, "interrupted");
        return -1;
    }
    if (!scrub_only && sb_operand_poison_c(op, env, err)) {
        sb_row_fail(row, SB_FAILED, err->msg);
        return -1;
    }
    cl_event events[8];
    cl_event first = NULL, last = NULL; /* kept for the span: run 0's first, the last run's last */
    cl_event gate = NULL;
    int status = 0; /* on failure err says why; later steps keep its first cause */
    if (span)
        status = sb_cl_gate(env, &gate, err);
    double t0 = sb_now_ms();
    for (int r = 0; status == 0 && r < R; r++) {
        /* events only where the span reads them: run 0's first launch and the last run's launches
         * (as the anchor records one CUDA event before its loop and one after). A profiled event
         * per run cost NVIDIA's OpenCL time between back-to-back kernels (PERF_NOTES) */
        int want = !span ? 0 : r == R - 1 ? 8 : r == 0 ? 1 : 0;
        int n_events = 0;
        if ((scrub && sb_scrub_enqueue(scrub, env, err)) ||
            (!scrub_only && k->enqueue(state, env, events, want, &n_events, err))) {
            status = -1;
            break;
        }
        for (int e = 0; e < n_events; e++) {
            if (span && r == 0 && e == 0) {
                first = last = events[e];
                continue;
            }
            if (span && e == n_events - 1) {
                if (last && last != first)
                    clReleaseEvent(last);
                last = events[e];
                continue;
            }
            clReleaseEvent(events[e]);
        }
        if (span && want && n_events == 0) /* a run without events: no span for this batch */
            span = NULL;
        cl_int frc = clFlush(env->queue); /* submitted now: the device works while the next is
                                            * enqueued */
        if (frc != CL_SUCCESS)
            status = sb_cl_fail(err, frc, "clFlush (a batch of runs)", env->dev);
    }
    cl_int grc = sb_cl_gate_open(gate); /* every run is queued (or the batch failed) */
    if (status == 0 && grc != CL_SUCCESS)
        status = sb_cl_fail(err, grc, "clSetUserEventStatus (a gated batch)", env->dev);
    cl_int frc = sb_cl_finish_flushed(env->queue);
    *ms = sb_now_ms() - t0;
    if (status == 0 && frc != CL_SUCCESS)
        status = sb_cl_fail(err, frc, "clFinish (and a marker's wait) after a batch of runs",
                            env->dev);
    if (status == 0 && span && first) {
        status = sb_cl_span_ms(env, first, last, span, err);
        *span /= R; /* per run (NaN stays NaN) */
    }
    if (last && last != first)
        clReleaseEvent(last);
    if (first)
        clReleaseEvent(first);
    if (status) {
        sb_row_fail(row, SB_FAILED, err->msg);
        return -1;
    }
    if (scrub_only)
        return 0;
    char when[48];
    snprintf(when, sizeof when, "a batch of %d runs", R);
    return sb_row_guards(op, env, when, row, err);
}

