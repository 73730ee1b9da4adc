/* The crossover sparsity's confidence interval (report.md, crossover.csv, the speedup plots).
 *
 * The rule (also in report.md): a series' crossover comes from its points' speedups, each the
 * mean over the point's ok rows of baseline median / kernel median. One bootstrap replicate
 * redraws, for every row of every point, the kernel's counted runs and its baseline's counted
 * runs (with replacement, same sizes; the baseline's runs timed beside the kernel when the row
 * has them, else the runs of the baseline row of the same run, device, matrix, N and sparsity),
 * recomputes the speedups and finds the crossover by the same rule (sb_crossover_find). Of
 * SB_CROSSOVER_RESAMPLES replicates (seeded from the series, so the interval is the same every
 * time), the interval is the order statistics at floor(0.025 (B - 1)) and ceil(0.975 (B - 1)).
 * A replicate in which sparse always wins puts the crossover below the lowest measured sparsity
 * (-inf), one in which it never wins above the highest (+inf); for a curve that falls through
 * 1.0 the two swap. A series with a row without raw runs (results.jsonl) gets no interval. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_rng.h"
#include "sb_stats.h"

#define SB_CROSSOVER_RESAMPLES 1000
#define SB_CROSSOVER_SEED 1

typedef struct runs {
    double *kernel, *base; /* sorted copies */
    int nk, nb;
} runs;

static const char *cell(const sb_report *r, const rp_row *w, const char *column)
{
    int c = rp_strings_find(&r->cols, column);
    return c >= 0 ? rp_cell(r, w, c) : "";
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double *sorted(const double *v, int n)
{
    double *s = sb_malloc(sizeof *s * (size_t)n);
    memcpy(s, v, sizeof *s * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return s;
}

/* The baseline row the row's speedup was measured against (same run, device, case), or NULL. */
static const rp_row *baseline_row(const sb_report *r, const rp_row *w)
{
    const char *base = cell(r, w, "baseline");
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *b = &r->rows[i];
        if (b->run == w->run && b->ok && strcmp(b->kernel, *base ? base : "clblast") == 0 &&
            strcmp(b->device, w->device) == 0 && strcmp(b->matrix, w->matrix) == 0 && b->N == w->N &&
            b->M == w->M && b->K == w->K && b->spars_key == w->spars_key &&
            strcmp(b->precision, w->precision) == 0 &&
            strcmp(cell(r, b, "model"), cell(r, w, "model")) == 0 &&
            strcmp(cell(r, b, "layer"), cell(r, w, "layer")) == 0)
            return b;
    }
    return NULL;
}

/* The raw runs of row w and of its baseline; 0 when either has none. */
static int row_runs(const sb_report *r, const rp_row *w, runs *out)
{
    const rp_run *run = &r->runs[w->run];
    if (!run->samples || run->n_samples[w->src] < 1)
        return 0;
    const double *base = NULL;
    int nb = 0;
    if (run->baseline_samples && run->n_baseline_samples[w->src] > 0) {
        base = run->baseline_samples[w->src];
        nb = run->n_baseline_samples[w->src];
    } else {
        const rp_row *b = baseline_row(r, w);
        if (b && run->n_samples[b->src] > 0) {
            base = run->samples[b->src];
            nb = run->n_samples[b->src];
        }
    }
    if (!base)
        return 0;
    out->kernel = sorted(run->samples[w->src], run->n_samples[w->src]);
    out->nk = run->n_samples[w->src];
    out->base = sorted(base, nb);
    out->nb = nb;
    return 1;
}

static uint64_t series_seed(const rp_series *s)
{
    char *id = sb_asprintf("%s|%s|%s|%d|%d|%s|%s|%d", s->device, s->kernel, s->precision, s->M,
                           s->K, s->pattern, s->block, s->N);
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    free(id);
    return sb_seed_mix(SB_CROSSOVER_SEED, h, 0);
}

static int is_baseline(const char *kernel)
{
    return strcmp(kernel, "dense") == 0 || strcmp(kernel, "clblast") == 0 ||
           strcmp(kernel, "tc_dense") == 0;
}

static int in_series(const rp_series *s, const rp_row *w)
{
    return strcmp(w->device, s->device) == 0 && strcmp(w->kernel, s->kernel) == 0 &&
           strcmp(w->precision, s->precision) == 0 && w->M == s->M && w->K == s->K &&
           w->N == s->N && strcmp(w->pattern, s->pattern) == 0 && strcmp(w->block, s->block) == 0;
}

static void series_interval(sb_report *r, rp_series *s)
{
    /* per point, the runs of its ok rows (the rows rp_build_series averaged) */
    runs **pr = sb_calloc((size_t)s->n_points, sizeof *pr);
    int *n_pr = sb_calloc((size_t)s->n_points, sizeof *n_pr);
    int complete = 1, biggest = 1;
    for (int i = 0; i < r->n_rows && complete; i++) {
        const rp_row *w = &r->rows[i];
        if (is_baseline(w->kernel) || !w->ok || !isfinite(w->speedup) || !in_series(s, w))
            continue;
        int p = 0;
        while (p < s->n_points && s->points[p].key != w->spars_key)
            p++;
        if (p == s->n_points)
            continue;
        pr[p] = sb_realloc(pr[p], sizeof **pr * (size_t)(n_pr[p] + 1));
        complete = row_runs(r, w, &pr[p][n_pr[p]]);
        if (complete) {
            const runs *u = &pr[p][n_pr[p]++];
            biggest = u->nk > biggest ? u->nk : biggest;
            biggest = u->nb > biggest ? u->nb : biggest;
        }
    }
    double *x = sb_malloc(sizeof *x * (size_t)s->n_points);
    double *y = sb_malloc(sizeof *y * (size_t)s->n_points);
    double *vals = sb_malloc(sizeof *vals * SB_CROSSOVER_RESAMPLES);
    int *counts = sb_malloc(sizeof *counts * (size_t)biggest);
    int falls = s->cross.kind == SB_CROSS_AT && !s->cross.upward;
    sb_rng rng;
    sb_rng_seed(&rng, series_seed(s));
    for (int b = 0; complete && b < SB_CROSSOVER_RESAMPLES; b++) {
        for (int p = 0; p < s->n_points; p++) {
            double sum = 0;
            for (int k = 0; k < n_pr[p]; k++)
                sum += sb_resample_median(pr[p][k].base, pr[p][k].nb, counts, &rng) /
                       sb_resample_median(pr[p][k].kernel, pr[p][k].nk, counts, &rng);
            x[p] = s->points[p].sparsity;
            y[p] = n_pr[p] ? sum / n_pr[p] : NAN;
        }
        sb_crossover c = sb_crossover_find(x, y, s->n_points);
        vals[b] = c.kind == SB_CROSS_AT       ? c.at
                  : c.kind == SB_CROSS_ALWAYS ? (falls ? INFINITY : -INFINITY)
                  : c.kind == SB_CROSS_NEVER  ? (falls ? -INFINITY : INFINITY)
                                              : NAN;
        complete = !isnan(vals[b]);
    }
    if (complete && s->cross.kind != SB_CROSS_NO_DATA) {
        qsort(vals, SB_CROSSOVER_RESAMPLES, sizeof *vals, cmp_double);
        s->cross.ci_low = vals[(int)floor(0.025 * (SB_CROSSOVER_RESAMPLES - 1))];
        s->cross.ci_high = vals[(int)ceil(0.975 * (SB_CROSSOVER_RESAMPLES - 1))];
    }
    for (int p = 0; p < s->n_points; p++) {
        for (int k = 0; k < n_pr[p]; k++) {
            free(pr[p][k].kernel);
            free(pr[p][k].base);
        }
        free(pr[p]);
    }
    free(pr);
    free(n_pr);
    free(x);
    free(y);
    free(vals);
    free(counts);
}

void rp_crossover_intervals(sb_report *r)
{
    for (int k = 0; k < r->n_series; k++)
        series_interval(r, &r->series[k]);
}
