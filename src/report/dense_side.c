/* The dense side in the open (report.md): per device, the dense baseline's own GFLOP/s and its
 * share of the device's measured peak, beside the speedups that divide its time; a warning where it
 * runs below RP_WEAK_BASELINE of the peak (every speedup there is larger than a well-tuned dense
 * GEMM would allow); and the shapes where the suite's own dense GEMM beat CLBlast timed beside it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

#define RP_WEAK_BASELINE 0.30

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The cell of column name ("" when the run has no such column). */
static const char *str(const sb_report *r, const rp_row *row, const char *name)
{
    int c = rp_strings_find(&r->cols, name);
    return c >= 0 ? rp_cell(r, row, c) : "";
}

void rp_write_dense_side_md(sb_strbuf *b, const sb_report *r)
{
    sb_strbuf_appendf(b,
        "## The dense side\n\n"
        "Every speedup divides the dense baseline's time, so it is only as fair as that baseline. "
        "Per device: the baseline's dense GFLOP/s (2·M·K·N / its median) over its rows and that "
        "as a share of the device's measured FP32 peak; which time the speedups use (`timer: "
        "latency`, one enqueue + clFinish per run; `batch`, back-to-back runs); where CLBlast "
        "ran with parameters tuned on the device (`sparsebench tune --dense-only`).\n\n"
        "| device | baseline | rows | dense GFLOP/s (median) | range | share of peak | "
        "speedups use | CLBlast parameters |\n|---|---|---|---|---|---|---|---|\n");
    sb_strbuf warn = {0}, beats = {0};
    double *g = sb_malloc(sizeof *g * (size_t)(r->n_rows + 1));
    for (int d = 0; d < r->devices.n; d++) {
        const char *dev = r->devices.v[d];
        const rp_device_meta *m = rp_device_meta_for(r, dev);
        double peak = m ? m->peak_gflops : NAN;
        int n = 0, tuned = 0, shipped = 0, latency = 0, batch = 0;
        const char *base = "";
        for (int i = 0; i < r->n_rows; i++) {
            const rp_row *row = &r->rows[i];
            const char *baseline = str(r, row, "baseline");
            if (strcmp(row->device, dev) != 0 || !row->ok)
                continue;
            const char *timer = str(r, row, "speedup_timer");
            batch += strcmp(timer, "batch") == 0;
            latency += strcmp(timer, "batch") != 0;
            if (strcmp(row->kernel, baseline) != 0) {
                if (strcmp(row->kernel, "dense") == 0 && strcmp(baseline, "clblast") == 0 &&
                    row->speedup > 1)
                    sb_strbuf_appendf(&beats, "- %s: the suite's own dense GEMM beats CLBlast on "
                                      "%s (%d×%d, N = %d): %.2fx over CLBlast timed beside it\n",
                                      dev, row->matrix, row->M, row->K, row->N, row->speedup);
                continue;
            }
            base = row->kernel;
            g[n++] = 2.0 * row->M * (double)row->K * row->N / (row->median_ms * 1e-3) * 1e-9;
            if (strcmp(row->kernel, "clblast") == 0) {
                tuned += strstr(row->variant, "tuned on this device") != NULL;
                shipped += strstr(row->variant, "tuned on this device") == NULL;
            }
        }
        if (n == 0)
            continue;
        qsort(g, (size_t)n, sizeof *g, cmp_double);
        double med = n % 2 ? g[n / 2] : 0.5 * (g[n / 2 - 1] + g[n / 2]);
        sb_strbuf_appendf(b, "| %s | %s | %d | %.1f | %.1f–%.1f | ", dev, base, n, med, g[0],
                          g[n - 1]);
        if (isfinite(peak) && peak > 0)
            sb_strbuf_appendf(b, "%.0f%% of %.0f GFLOP/s | ", 100 * med / peak, peak);
        else
            sb_strbuf_appendf(b, "no peak | ");
        sb_strbuf_appendf(b, "%s | %s |\n",
                          batch && latency ? "both (several runs)" : batch ? "batch" : "latency",
                          strcmp(base, "clblast") != 0 ? "" : tuned && shipped ? "tuned and shipped"
                                                        : tuned ? "tuned on the device"
                                                                : "CLBlast's own database");
        if (isfinite(peak) && peak > 0 && med / peak < RP_WEAK_BASELINE)
            sb_strbuf_appendf(&warn, "- **Warning, %s**: the dense baseline (%s) runs at %.0f%% "
                              "of the device's measured peak: speedups on this device are "
                              "inflated by a weak dense baseline.\n", dev, base,
                              100 * med / peak);
    }
    free(g);
    sb_strbuf_appendf(b, "\n%s%s%s", warn.s ? warn.s : "", beats.s ? beats.s : "",
                      warn.s || beats.s ? "\n" : "");
    sb_strbuf_free(&warn);
    sb_strbuf_free(&beats);
}
