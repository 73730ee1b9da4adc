/* Progress line and summary table (see progress.h). */
#include "progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_sink.h"

void sb_progress_start(sb_progress *p, int enabled, int total)
{
    p->enabled = enabled;
    p->total = total;
    p->done = 0;
    p->start_ms = sb_now_ms();
}

void sb_progress_show(sb_progress *p, const char *device, const char *kernel, const char *matrix,
                      int N)
{
    if (!p->enabled)
        return;
    char eta[32] = "--:--";
    if (p->done > 0) {
        double left = (sb_now_ms() - p->start_ms) / p->done * (p->total - p->done) / 1000.0;
        snprintf(eta, sizeof eta, "%d:%02d", (int)left / 60, (int)left % 60);
    }
    sb_progress_line("[%d/%d] %.28s  %-12s %.32s N=%d  ETA %s", p->done + 1, p->total, device,
                     kernel, matrix, N, eta);
}

void sb_progress_step(sb_progress *p)
{
    p->done++;
}

void sb_progress_clear(sb_progress *p)
{
    if (p->enabled)
        sb_progress_line("%s", "");
}

void sb_summary_add(sb_summary *s, const sb_row *row)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->rows = sb_realloc(s->rows, sizeof *s->rows * (size_t)s->cap);
    }
    s->rows[s->count] = *row;
    s->rows[s->count].samples_ms = NULL;
    s->rows[s->count].n_samples = 0;
    s->rows[s->count].baseline_samples_ms = NULL;
    s->rows[s->count].n_baseline_samples = 0;
    s->count++;
}

static void num(FILE *out, int width, const char *fmt, double v)
{
    if (isfinite(v))
        fprintf(out, fmt, width, v);
    else
        fprintf(out, "%*s", width, "-");
}

static void timing_warnings(const sb_summary *s, FILE *out);
/* Below this fraction of the device's measured peak, the dense baseline is called weak. */
#define WEAK_BASELINE 0.30

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The dense side of one device (rows of its baseline kernel): their dense GFLOP/s and fraction of
 * the measured peak, a warning below WEAK_BASELINE, and the shapes where the suite's own dense
 * GEMM beat CLBlast timed beside it. */
static void dense_side(const sb_summary *s, const char *device_index, FILE *out)
{
    double *g = sb_malloc(sizeof *g * (size_t)s->count), *f = sb_malloc(sizeof *f * (size_t)s->count);
    int n = 0, nf = 0;
    const char *base = "", *name = "";
    for (int i = 0; i < s->count; i++) {
        const sb_row *r = &s->rows[i];
        if (strcmp(r->device_index, device_index) != 0 || r->status != SB_OK ||
            strcmp(r->kernel, r->baseline) != 0)
            continue;
        base = r->baseline;
        name = r->device;
        g[n++] = r->gflops_dense_equiv;
        if (isfinite(r->peak_fraction))
            f[nf++] = r->peak_fraction;
    }
    if (n > 0) {
        qsort(g, (size_t)n, sizeof *g, cmp_double);
        qsort(f, (size_t)nf, sizeof *f, cmp_double);
        fprintf(out, "dense side of %s %.40s: %s at %.1f GFLOP/s (median of %d rows, %.1f-%.1f)",
                device_index, name, base, g[n / 2], n, g[0], g[n - 1]);
        if (nf > 0)
            fprintf(out, ", %.0f%% of the measured peak (%.0f-%.0f%%)", 100 * f[nf / 2],
                    100 * f[0], 100 * f[nf - 1]);
        fprintf(out, "\n");
        if (nf > 0 && f[nf / 2] < WEAK_BASELINE)
            fprintf(out, "  WARNING: the dense baseline runs below %.0f%% of this device's peak: "
                         "speedups on this device are inflated by a weak dense baseline\n",
                    100 * WEAK_BASELINE);
    }
    for (int i = 0; i < s->count; i++) {
        const sb_row *r = &s->rows[i];
        if (strcmp(r->device_index, device_index) == 0 && r->status == SB_OK &&
            strcmp(r->kernel, "dense") == 0 && strcmp(r->baseline, "clblast") == 0 &&
            r->speedup_vs_dense > 1)
            fprintf(out, "  the suite's own dense GEMM beats CLBlast on %s %dx%dx%d: %.4g vs %.4g "
                         "ms (%s)\n", r->matrix, r->M, r->K, r->N,
                    strcmp(r->speedup_timer, "batch") == 0 ? r->batch_ms : r->median_ms,
                    strcmp(r->speedup_timer, "batch") == 0 ? r->baseline_batch_ms : r->baseline_ms,
                    r->speedup_timer);
    }
    free(g);
    free(f);
}

void sb_summary_print(const sb_summary *s, FILE *out)
{
    fprintf(out, "\n%-5s %-24s %-28s %-9s %6s %-13s %-7s %10s %10s %9s %8s\n", "dev", "device",
            "matrix", "sparsity", "N", "kernel", "status", "median ms", "batch ms", "GFLOP/s",
            "speedup");
    const char *last_dev = "", *timer = "";
    int counts[4] = {0};
    for (int i = 0; i < s->count; i++) {
        const sb_row *r = &s->rows[i];
        counts[r->status]++;
        int new_dev = strcmp(last_dev, r->device_index) != 0;
        last_dev = r->device_index;
        char kernel[48]; /* kernel@fp16: a row at another precision than fp32 */
        snprintf(kernel, sizeof kernel, "%s%s%s", r->kernel,
                 r->precision[0] && strcmp(r->precision, "fp32") ? "@" : "",
                 r->precision[0] && strcmp(r->precision, "fp32") ? r->precision : "");
        if (r->speedup_timer[0])
            timer = r->speedup_timer;
        fprintf(out, "%-5s %-24.24s %-28.28s %-9.4f %6d %-13s %-7s ", new_dev ? r->device_index : "",
                new_dev ? r->device : "", r->matrix, r->sparsity, r->N, kernel,
                sb_status_name(r->status));
        num(out, 10, "%*.4f", r->median_ms);
        fputc(' ', out);
        num(out, 10, "%*.4f", r->batch_ms);
        fputc(' ', out);
        num(out, 9, "%*.1f", r->gflops_useful);
        fputc(' ', out);
        num(out, 7, "%*.2fx", r->speedup_vs_dense);
        fputc('\n', out);
    }
    fprintf(out, "\n%d cases: %d ok, %d wrong, %d failed, %d skipped. GFLOP/s counts useful work "
                 "(2*nnz*N); speedup is against the dense baseline (CLBlast, or the suite's own dense GEMM\n"
                 "where CLBlast cannot run; tc_dense for fp16/tf32: the baseline column says which) on the\n"
                 "same device and precision (kernel@fp16: weights and activations stored in fp16), timed\n"
                 "run for run beside each kernel.\n",
            s->count, counts[SB_OK], counts[SB_WRONG], counts[SB_FAILED], counts[SB_SKIPPED]);
    if (timer[0])
        fprintf(out, "Speedups use the %s times (timer: %s): %s.\n", timer, timer,
                strcmp(timer, "batch") == 0
                    ? "batch ms, back-to-back runs and one wait, no launch latency per run"
                    : "median ms, one enqueue + clFinish per run (launch latency included)");
    const char *seen = "";
    for (int i = 0; i < s->count; i++)
        if (strcmp(seen, s->rows[i].device_index) != 0) {
            int first = 1;
            for (int j = 0; j < i && first; j++)
                first = strcmp(s->rows[j].device_index, s->rows[i].device_index) != 0;
            seen = s->rows[i].device_index;
            if (first)
                dense_side(s, seen, out);
        }
    for (int i = 0; i < s->count; i++)
        if (s->rows[i].status == SB_WRONG || s->rows[i].status == SB_FAILED)
            fprintf(out, "  %s %s %s N=%d: %s\n", s->rows[i].device_index, s->rows[i].kernel,
                    s->rows[i].matrix, s->rows[i].N, s->rows[i].message);
    timing_warnings(s, out);
}

/* Rows whose runs drifted, had outliers or stayed noisy (timing_warning), with the load average
 * now: on a busy host they say why. */
static void timing_warnings(const sb_summary *s, FILE *out)
{
    int n = 0, measured = 0, drift = 0, outliers = 0, noisy = 0;
    for (int i = 0; i < s->count; i++) {
        const char *w = s->rows[i].timing_warning;
        measured += s->rows[i].status == SB_OK;
        n += w[0] != '\0';
        drift += strstr(w, "drift") != NULL;
        outliers += strstr(w, "outliers") != NULL;
        noisy += strstr(w, "max_noise") != NULL;
    }
    if (n == 0)
        return;
    double load[3] = {NAN, NAN, NAN};
    getloadavg(load, 3);
    fprintf(out, "timing warnings: %d of %d measured cases (%d drift, %d with outliers, %d noisier "
                 "than max_noise); load average %.2f %.2f %.2f (1, 5, 15 min; run.json has it at "
                 "the start and the end); timing_warning in results.csv says which:\n",
            n, measured, drift, outliers, noisy, load[0], load[1], load[2]);
    for (int i = 0, shown = 0; i < s->count && shown < 8; i++)
        if (s->rows[i].timing_warning[0] && ++shown)
            fprintf(out, "  %s %s %s N=%d: %s\n", s->rows[i].device_index, s->rows[i].kernel,
                    s->rows[i].matrix, s->rows[i].N, s->rows[i].timing_warning);
    if (n > 8)
        fprintf(out, "  ... and %d more\n", n - 8);
}

void sb_summary_free(sb_summary *s)
{
    free(s->rows);
    memset(s, 0, sizeof *s);
}
