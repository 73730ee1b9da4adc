/* report.md's speedup-vs-sparsity tables, one per device, with the crossover and its interval
 * (crossover.c, crossover_ci.c) and the rules behind them. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rp_write_speedup_md(sb_strbuf *b, const sb_report *r)
{
    sb_strbuf_appendf(b,
        "## Speedup vs sparsity and crossover\n\n"
        "Speedup = time of the dense baseline (CLBlast, same device, shape and run, timed beside "
        "the kernel; for fp16 and tf32 rows the dense GEMM of that precision, tc_dense on tensor "
        "cores) / time of the sparse kernel (`speedup_vs_dense`; medians of one-run latency, or of "
        "batches where the run says `timer: batch`). Only `ok` rows count; a cell shows `wrong` "
        "or `failed` when no row at that sparsity was correct. Rows of one series at the same "
        "sparsity (several runs of one device) are averaged.\n\n"
        "**Crossover rule.** Points are (measured sparsity, speedup), sorted by sparsity. "
        "`always`: every point > 1.0; `never`: every point < 1.0. Otherwise the crossover is the "
        "first place, in increasing sparsity, where the line through consecutive points reaches "
        "1.0: a point at exactly 1.0, or between points (s0, v0) and (s1, v1) on opposite sides "
        "of 1.0, s0 + (1 − v0)·(s1 − s0)/(v1 − v0). \"falls below 1\" marks a crossing where "
        "the sparse kernel stops winning; \"not monotonic\" says the curve crosses more than "
        "once.\n\n"
        "**Its interval** [lo, hi] is a 95%% bootstrap interval: 1000 times (seeded by the "
        "series), every row's kernel runs and its baseline's runs (those timed beside it, else "
        "the baseline row's of the same run) are redrawn with replacement from results.jsonl, "
        "the speedups recomputed and the crossover found by the same rule; lo and hi are the "
        "2.5%% and 97.5%% order statistics. `<0.5` / `>0.98`: resamples in which sparse always "
        "(never) wins put the bound beyond the measured range. No interval: a row of the series "
        "has no raw runs.\n\n");
    if (r->n_series == 0) {
        sb_strbuf_appendf(b, "No sparse-kernel rows.\n\n");
        return;
    }
    for (int d = 0; d < r->devices.n; d++) {
        const char *dev = r->devices.v[d];
        double *keys = NULL;
        int n_keys = 0;
        for (int k = 0; k < r->n_series; k++) {
            const rp_series *s = &r->series[k];
            if (strcmp(s->device, dev) != 0)
                continue;
            for (int p = 0; p < s->n_points; p++) {
                int seen = 0;
                for (int i = 0; i < n_keys && !seen; i++)
                    seen = keys[i] == s->points[p].key;
                if (!seen) {
                    keys = sb_realloc(keys, sizeof *keys * (size_t)(n_keys + 1));
                    keys[n_keys++] = s->points[p].key;
                }
            }
        }
        if (n_keys == 0) {
            free(keys);
            continue;
        }
        qsort(keys, (size_t)n_keys, sizeof *keys, rp_cmp_double);
        /* a device with fp16 series gets the published crossovers beside its own */
        int fp16 = 0;
        for (int k = 0; k < r->n_series && !fp16; k++)
            fp16 = strcmp(r->series[k].device, dev) == 0 && strcmp(r->series[k].precision, "fp16") == 0;
        sb_strbuf_appendf(b, "### %s\n\n|", dev);
        static const char *const t[] = {"kernel", "M×K", "pattern", "N"};
        for (int i = 0; i < 4; i++)
            rp_md_cell(b, t[i]);
        for (int i = 0; i < n_keys; i++) {
            char title[32];
            snprintf(title, sizeof title, "s=%.4g", keys[i]);
            rp_md_cell(b, title);
        }
        rp_md_cell(b, "crossover");
        if (fp16)
            rp_md_cell(b, "Gale et al. (fp16)");
        sb_strbuf_appendf(b, "\n|");
        for (int i = 0; i < n_keys + 5 + fp16; i++)
            sb_strbuf_appendf(b, "---|");
        sb_strbuf_appendf(b, "\n");
        for (int k = 0; k < r->n_series; k++) {
            const rp_series *s = &r->series[k];
            if (strcmp(s->device, dev) != 0)
                continue;
            char buf[128];
            sb_strbuf_appendf(b, "|");
            rp_md_cell(b, rp_md_kernel(s->kernel, s->precision, s->engine, buf, sizeof buf));
            snprintf(buf, sizeof buf, "%d×%d", s->M, s->K);
            rp_md_cell(b, buf);
            rp_md_cell(b, rp_md_pattern(s->pattern, s->block, buf, sizeof buf));
            rp_md_cellf(b, "%.0f", s->N);
            for (int i = 0; i < n_keys; i++) {
                const rp_point *pt = NULL;
                for (int p = 0; p < s->n_points && !pt; p++)
                    if (s->points[p].key == keys[i])
                        pt = &s->points[p];
                if (pt && pt->n_ok)
                    rp_md_cellf(b, "%.2f", pt->speedup);
                else
                    rp_md_cell(b, pt && pt->n_bad ? pt->bad_status : "");
            }
            sb_crossover_format(&s->cross, buf, sizeof buf);
            rp_md_cell(b, buf);
            if (fp16) {
                double ref = sb_crossover_reference(s->kernel, s->pattern, s->precision);
                if (ref > 0)
                    rp_md_cellf(b, "%.2f", ref);
                else
                    rp_md_cell(b, "");
            }
            sb_strbuf_appendf(b, "\n");
        }
        sb_strbuf_appendf(b, "\n");
        if (fp16)
            sb_strbuf_appendf(b, "Gale et al. (fp16): the crossover Gale et al. 2020 (Sputnik) "
                                 "measured against the fp16 dense GEMM on a matrix engine, for "
                                 "the fp16 series it applies to: unstructured sparsity (CSR "
                                 "kernels) ~0.96, block sparsity (BSR) ~0.62. The fp16 rows' "
                                 "baseline is the dense GEMM of the same precision (the "
                                 "`baseline` column: clblast's HGEMM, tc_dense or dense).\n\n");
        free(keys);
    }
}

