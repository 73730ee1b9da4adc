/* Speedup-vs-sparsity curves and the sparsity where sparse starts (or stops) beating dense.
 *
 * The rule, also written into report.md:
 *   - Only `ok` rows count. Rows of one (device, kernel, M, K, pattern, block, N) at the same
 *     sparsity (the target sparsity, else the measured one, to 4 decimals) form one point; the
 *     point's speedup is the mean of their speedup_vs_dense, its x the mean measured sparsity.
 *   - "always" if every point is > 1.0, "never" if every point is < 1.0.
 *   - Otherwise the crossover is the first place, in increasing sparsity, where the polyline
 *     through the points reaches 1.0: a point exactly at 1.0, or between consecutive points
 *     (s0, v0), (s1, v1) on opposite sides of 1.0 the linear interpolation
 *     s0 + (1 - v0) * (s1 - s0) / (v1 - v0).
 *   - If the curve reaches 1.0 more than once (noise, or a kernel that degrades), the first
 *     crossing is reported with the number of crossings, so nobody mistakes it for a clean one. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct xy {
    double x, y;
} xy;

static int cmp_xy(const void *a, const void *b)
{
    double p = ((const xy *)a)->x, q = ((const xy *)b)->x;
    return (p > q) - (p < q);
}

sb_crossover sb_crossover_find(const double *sparsity, const double *speedup, int n)
{
    sb_crossover c = {.kind = SB_CROSS_NO_DATA, .at = NAN, .lowest = NAN, .highest = NAN,
                      .ci_low = NAN, .ci_high = NAN};
    xy *pts = sb_malloc(sizeof *pts * (size_t)(n > 0 ? n : 1));
    int m = 0, above = 0, below = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(sparsity[i]) || !isfinite(speedup[i]))
            continue;
        pts[m++] = (xy){sparsity[i], speedup[i]};
        above += speedup[i] > 1.0;
        below += speedup[i] < 1.0;
    }
    if (m == 0)
        goto done;
    qsort(pts, (size_t)m, sizeof *pts, cmp_xy);
    c.lowest = pts[0].x;
    c.highest = pts[m - 1].x;
    if (above == m) {
        c.kind = SB_CROSS_ALWAYS;
        goto done;
    }
    if (below == m) {
        c.kind = SB_CROSS_NEVER;
        goto done;
    }
    c.kind = SB_CROSS_AT;
    for (int i = 0; i < m; i++) {
        double at = NAN;
        int up = 0;
        if (pts[i].y == 1.0) {
            at = pts[i].x;
            /* touching 1.0 counts as upward when the curve is above 1.0 right after it */
            up = i + 1 < m ? pts[i + 1].y > 1.0 : i > 0 && pts[i - 1].y < 1.0;
        } else if (i + 1 < m && (pts[i].y - 1.0) * (pts[i + 1].y - 1.0) < 0) {
            double s0 = pts[i].x, v0 = pts[i].y, s1 = pts[i + 1].x, v1 = pts[i + 1].y;
            at = s0 + (1.0 - v0) * (s1 - s0) / (v1 - v0);
            up = v1 > v0;
        }
        if (isnan(at))
            continue;
        if (c.n_crossings++ == 0) {
            c.at = at;
            c.upward = up;
        }
    }
done:
    free(pts);
    return c;
}

void sb_crossover_format(const sb_crossover *c, char *buf, size_t n)
{
    switch (c->kind) {
    case SB_CROSS_ALWAYS:
        snprintf(buf, n, "always");
        break;
    case SB_CROSS_NEVER:
        snprintf(buf, n, "never");
        break;
    case SB_CROSS_AT:
        if (c->n_crossings > 1)
            snprintf(buf, n, "%.3f%s (not monotonic: %d crossings)", c->at,
                     c->upward ? "" : " (falls below 1)", c->n_crossings);
        else
            snprintf(buf, n, "%.3f%s", c->at, c->upward ? "" : " (falls below 1)");
        break;
    default:
        snprintf(buf, n, "n/a");
        break;
    }
    if (isnan(c->ci_low) || isnan(c->ci_high) ||
        (c->kind != SB_CROSS_AT && !isfinite(c->ci_low) && !isfinite(c->ci_high)))
        return; /* no interval, or one that only repeats "always"/"never" */
    char lo[32], hi[32];
    sb_crossover_bound(c->ci_low, c, lo, sizeof lo);
    sb_crossover_bound(c->ci_high, c, hi, sizeof hi);
    size_t len = strlen(buf);
    snprintf(buf + len, n > len ? n - len : 0, " [%s, %s]", lo, hi);
}

void sb_crossover_bound(double v, const sb_crossover *c, char *buf, size_t n)
{
    if (isfinite(v))
        snprintf(buf, n, "%.3f", v);
    else if (v < 0)
        snprintf(buf, n, "<%.3g", c->lowest);
    else
        snprintf(buf, n, ">%.3g", c->highest);
}

double sb_crossover_reference(const char *kernel, const char *pattern, const char *precision)
{
    if (strcmp(precision, "fp16") != 0)
        return 0;
    if (strncmp(kernel, "csr", 3) == 0 && strcmp(pattern, "unstructured") == 0)
        return 0.96;
    if ((strcmp(kernel, "bsr") == 0 || strcmp(kernel, "bsr_task") == 0 ||
         strcmp(kernel, "tc_bsr") == 0) && strcmp(pattern, "block") == 0)
        return 0.62;
    return 0;
}

static int is_baseline(const char *kernel)
{
    return strcmp(kernel, "dense") == 0 || strcmp(kernel, "clblast") == 0 ||
           strcmp(kernel, "tc_dense") == 0;
}

static int same_series(const rp_series *s, const rp_row *w)
{
    return strcmp(s->device, w->device) == 0 && strcmp(s->kernel, w->kernel) == 0 &&
           strcmp(s->precision, w->precision) == 0 &&
           s->M == w->M && s->K == w->K && s->N == w->N && strcmp(s->pattern, w->pattern) == 0 &&
           strcmp(s->block, w->block) == 0;
}

static rp_point *point_for(rp_series *s, double key)
{
    for (int i = 0; i < s->n_points; i++)
        if (s->points[i].key == key)
            return &s->points[i];
    s->points = sb_realloc(s->points, sizeof *s->points * (size_t)(s->n_points + 1));
    rp_point *p = &s->points[s->n_points++];
    memset(p, 0, sizeof *p);
    p->key = key;
    return p;
}

static int cmp_point(const void *a, const void *b)
{
    double p = ((const rp_point *)a)->key, q = ((const rp_point *)b)->key;
    return (p > q) - (p < q);
}

/* Sums are accumulated first, then divided: the point is the mean of its ok rows. */
static void add_row(rp_point *p, const rp_row *w, double *eff_sum, int *eff_n)
{
    if (w->failed) {
        p->n_bad++;
        p->bad_status = w->status;
        return;
    }
    if (!w->ok || !isfinite(w->speedup))
        return;
    p->speedup += w->speedup;
    p->median_ms += w->median_ms;
    p->sparsity += isfinite(w->sparsity) ? w->sparsity : w->spars_key;
    if (isfinite(w->efficiency)) {
        *eff_sum += w->efficiency;
        (*eff_n)++;
    }
    p->n_ok++;
}

void rp_build_series(sb_report *r)
{
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *w = &r->rows[i];
        if (is_baseline(w->kernel) || !isfinite(w->spars_key) || !(w->ok || w->failed))
            continue;
        rp_series *s = NULL;
        for (int k = 0; k < r->n_series && !s; k++)
            if (same_series(&r->series[k], w))
                s = &r->series[k];
        if (!s) {
            r->series = sb_realloc(r->series, sizeof *r->series * (size_t)(r->n_series + 1));
            s = &r->series[r->n_series++];
            *s = (rp_series){.device = w->device, .kernel = w->kernel, .pattern = w->pattern,
                             .block = w->block, .precision = w->precision,
                             .engine = w->engine, .M = w->M, .K = w->K, .N = w->N};
        }
        point_for(s, w->spars_key);
    }
    /* Second pass per series, so efficiency sums need no extra storage in rp_point. */
    for (int k = 0; k < r->n_series; k++) {
        rp_series *s = &r->series[k];
        double *eff_sum = sb_calloc((size_t)s->n_points, sizeof *eff_sum);
        int *eff_n = sb_calloc((size_t)s->n_points, sizeof *eff_n);
        for (int i = 0; i < r->n_rows; i++) {
            const rp_row *w = &r->rows[i];
            if (is_baseline(w->kernel) || !isfinite(w->spars_key) || !same_series(s, w))
                continue;
            rp_point *p = point_for(s, w->spars_key);
            add_row(p, w, &eff_sum[p - s->points], &eff_n[p - s->points]);
        }
        double *x = sb_malloc(sizeof *x * (size_t)s->n_points);
        double *y = sb_malloc(sizeof *y * (size_t)s->n_points);
        for (int i = 0; i < s->n_points; i++) {
            rp_point *p = &s->points[i];
            p->efficiency = eff_n[i] ? eff_sum[i] / eff_n[i] : NAN;
            if (p->n_ok) {
                p->speedup /= p->n_ok;
                p->median_ms /= p->n_ok;
                p->sparsity /= p->n_ok;
            } else {
                p->speedup = p->median_ms = p->sparsity = NAN;
            }
            x[i] = p->sparsity;
            y[i] = p->speedup;
        }
        s->cross = sb_crossover_find(x, y, s->n_points);
        qsort(s->points, (size_t)s->n_points, sizeof *s->points, cmp_point);
        free(x);
        free(y);
        free(eff_sum);
        free(eff_n);
    }
}

int sb_report_crossover(const sb_report *r, const char *device, const char *kernel,
                        const char *precision, int M, int K, const char *pattern,
                        const char *block, int N, sb_crossover *out)
{
    for (int k = 0; k < r->n_series; k++) {
        const rp_series *s = &r->series[k];
        if (strcmp(s->device, device) == 0 && strcmp(s->kernel, kernel) == 0 &&
            strcmp(s->precision, precision) == 0 && s->M == M &&
            s->K == K && s->N == N && strcmp(s->pattern, pattern) == 0 &&
            strcmp(s->block, block) == 0) {
            *out = s->cross;
            return 0;
        }
    }
    return -1;
}

/* crossover.csv: one line per series, for the plot script and for anyone scripting the answer. */
int rp_write_crossovers(const sb_report *r, const char *out_dir, sb_error *err)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "device,kernel,precision,M,K,pattern,block,N,points,crossover,"
                          "crossover_sparsity,crossings,direction,crossover_ci_low,"
                          "crossover_ci_high,reference_crossover\n");
    for (int k = 0; k < r->n_series; k++) {
        const rp_series *s = &r->series[k];
        static const char *const kinds[] = {"n/a", "always", "never", "at"};
        sb_csv_append_cell(&b, s->device);
        sb_strbuf_appendf(&b, ",");
        sb_csv_append_cell(&b, s->kernel);
        sb_strbuf_appendf(&b, ",%s,%d,%d,", s->precision, s->M, s->K);
        sb_csv_append_cell(&b, s->pattern);
        sb_strbuf_appendf(&b, ",");
        sb_csv_append_cell(&b, s->block);
        sb_strbuf_appendf(&b, ",%d,%d,%s,", s->N, s->n_points, kinds[s->cross.kind]);
        if (s->cross.kind == SB_CROSS_AT)
            sb_strbuf_appendf(&b, "%.6g,%d,%s", s->cross.at, s->cross.n_crossings,
                              s->cross.upward ? "up" : "down");
        else
            sb_strbuf_appendf(&b, ",,");
        const double ci[] = {s->cross.ci_low, s->cross.ci_high}; /* -inf/inf: beyond the range */
        for (int i = 0; i < 2; i++) {
            if (isfinite(ci[i]))
                sb_strbuf_appendf(&b, ",%.6g", ci[i]);
            else
                sb_strbuf_appendf(&b, ",%s", isnan(ci[i]) ? "" : ci[i] < 0 ? "-inf" : "inf");
        }
        double ref = sb_crossover_reference(s->kernel, s->pattern, s->precision);
        if (ref > 0) /* Gale et al. 2020 at fp16 (sb_report.h) */
            sb_strbuf_appendf(&b, ",%.2f", ref);
        else
            sb_strbuf_appendf(&b, ",");
        sb_strbuf_appendf(&b, "\n");
    }
    char *path = sb_path_join(out_dir, "crossover.csv");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}
