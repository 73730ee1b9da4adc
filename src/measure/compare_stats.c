/* Two sets of runs compared: the Mann-Whitney U test and a seeded bootstrap of the ratio of
 * medians (see sb_stats.h). */
#include "sb_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_rng.h"
#include "sb_util.h"

typedef struct ranked {
    double v;
    int from_x;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
    return (x > y) - (x < y);
}

/* P(U <= u) and P(U >= u) of the exact null distribution of U (no ties): the number of ways nx
 * ranks out of 1..N sum to each total, by counting subsets (doubles are exact: C(40, 20) < 2^53). */
static double exact_two_sided(int nx, int ny, double u)
{
    int N = nx + ny, max_sum = 0;
    for (int r = N - nx + 1; r <= N; r++)
        max_sum += r;
    size_t width = (size_t)max_sum + 1;
    double *c = sb_calloc((size_t)(nx + 1) * width, sizeof *c);
    c[0] = 1; /* the empty subset sums to 0 */
    for (int r = 1; r <= N; r++)
        for (int k = r < nx ? r : nx; k >= 1; k--)
            for (int s = max_sum; s >= r; s--)
                c[(size_t)k * width + (size_t)s] += c[(size_t)(k - 1) * width + (size_t)(s - r)];
    int offset = nx * (nx + 1) / 2; /* U = rank sum - nx(nx+1)/2 */
    double total = 0, below = 0, above = 0;
    for (int U = 0; U <= nx * ny; U++) {
        double ways = c[(size_t)nx * width + (size_t)(U + offset)];
        total += ways;
        if (U <= u + 1e-9)
            below += ways;
        if (U >= u - 1e-9)
            above += ways;
    }
    free(c);
    double p = 2 * fmin(below, above) / total;
    return p > 1 ? 1 : p;
}

double sb_mann_whitney_p(const double *x, int nx, const double *y, int ny, double *u)
{
    if (u)
        *u = NAN;
    if (nx <= 0 || ny <= 0)
        return NAN;
    int N = nx + ny;
    ranked *all = sb_malloc(sizeof *all * (size_t)N);
    for (int i = 0; i < nx; i++)
        all[i] = (ranked){x[i], 1};
    for (int i = 0; i < ny; i++)
        all[nx + i] = (ranked){y[i], 0};
    qsort(all, (size_t)N, sizeof *all, cmp_ranked);
    double rank_sum_x = 0, ties = 0; /* ties: sum of t^3 - t over groups of equal values */
    for (int i = 0; i < N;) {
        int j = i;
        while (j < N && all[j].v == all[i].v)
            j++;
        double midrank = (i + 1 + j) / 2.0; /* ranks i+1..j share their mean */
        for (int k = i; k < j; k++)
            if (all[k].from_x)
                rank_sum_x += midrank;
        double t = j - i;
        ties += t * t * t - t;
        i = j;
    }
    free(all);
    double ux = rank_sum_x - nx * (nx + 1) / 2.0;
    if (u)
        *u = ux;
    if (ties == 0 && N <= 40)
        return exact_two_sided(nx, ny, ux);
    double mu = nx * (double)ny / 2.0;
    double var = nx * (double)ny / 12.0 * ((N + 1) - ties / ((double)N * (N - 1)));
    if (!(var > 0))
        return 1.0; /* every run equal: nothing tells the sets apart */
    double big = fmax(ux, nx * (double)ny - ux);
    double z = (big - mu - 0.5) / sqrt(var);
    double p = erfc(z / sqrt(2.0));
    return p > 1 ? 1 : p < 0 ? 0 : p;
}

double sb_resample_median(const double *sorted, int n, int *counts, sb_rng *rng)
{
    memset(counts, 0, sizeof *counts * (size_t)n);
    for (int i = 0; i < n; i++) {
        int k = (int)(sb_rng_uniform(rng) * n);
        counts[k < n ? k : n - 1]++;
    }
    /* the resample, sorted, is sorted[i] repeated counts[i] times: its order statistics at the
     * two middle positions (one when n is odd) */
    int want_lo = (n - 1) / 2, want_hi = n / 2, seen = 0;
    double lo = NAN, hi = NAN;
    for (int i = 0; i < n && isnan(hi); i++) {
        seen += counts[i];
        if (isnan(lo) && seen > want_lo)
            lo = sorted[i];
        if (seen > want_hi)
            hi = sorted[i];
    }
    return 0.5 * (lo + hi);
}

static int cmp_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return (p > q) - (p < q);
}

/* One two-level resample of a side: g sessions drawn with replacement, then each one's runs;
 * the median of everything drawn (buf holds the total of all sessions' runs at most g x max). */
static double grouped_median(const double *const *v, const int *n, int g, double *buf, sb_rng *rng)
{
    int m = 0;
    for (int i = 0; i < g; i++) {
        int s = (int)(sb_rng_uniform(rng) * g);
        s = s < g ? s : g - 1;
        for (int k = 0; k < n[s]; k++) {
            int j = (int)(sb_rng_uniform(rng) * n[s]);
            buf[m++] = v[s][j < n[s] ? j : n[s] - 1];
        }
    }
    qsort(buf, (size_t)m, sizeof *buf, cmp_double);
    return sb_percentile_sorted(buf, m, 0.5);
}

int sb_bootstrap_median_ratio_grouped(const double *const *x, const int *nx, int gx,
                                      const double *const *y, const int *ny, int gy,
                                      int resamples, double confidence, uint64_t seed, double *lo,
                                      double *hi)
{
    if (gx == 1 && gy == 1)
        return sb_bootstrap_median_ratio(x[0], nx[0], y[0], ny[0], resamples, confidence, seed,
                                         lo, hi);
    *lo = *hi = NAN;
    int biggest = 0;
    for (int i = 0; i < gx; i++)
        biggest = nx[i] > biggest ? nx[i] : biggest;
    for (int i = 0; i < gy; i++)
        biggest = ny[i] > biggest ? ny[i] : biggest;
    for (int i = 0; i < gx; i++)
        if (nx[i] <= 0)
            return -1;
    for (int i = 0; i < gy; i++)
        if (ny[i] <= 0)
            return -1;
    if (gx <= 0 || gy <= 0 || resamples < 10 || !(confidence > 0 && confidence < 1))
        return -1;
    int most = (gx > gy ? gx : gy) * biggest;
    double *buf = sb_malloc(sizeof *buf * (size_t)most);
    double *ratios = sb_malloc(sizeof *ratios * (size_t)resamples);
    sb_rng rng;
    sb_rng_seed(&rng, seed);
    for (int b = 0; b < resamples; b++) {
        double mx = grouped_median(x, nx, gx, buf, &rng);
        ratios[b] = grouped_median(y, ny, gy, buf, &rng) / mx;
    }
    qsort(ratios, (size_t)resamples, sizeof *ratios, cmp_double);
    *lo = sb_percentile_sorted(ratios, resamples, (1 - confidence) / 2);
    *hi = sb_percentile_sorted(ratios, resamples, (1 + confidence) / 2);
    free(buf);
    free(ratios);
    return 0;
}

int sb_bootstrap_median_ratio(const double *x, int nx, const double *y, int ny, int resamples,
                              double confidence, uint64_t seed, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (nx <= 0 || ny <= 0 || resamples < 10 || !(confidence > 0 && confidence < 1))
        return -1;
    double *sx = sb_malloc(sizeof *sx * (size_t)nx), *sy = sb_malloc(sizeof *sy * (size_t)ny);
    memcpy(sx, x, sizeof *sx * (size_t)nx);
    memcpy(sy, y, sizeof *sy * (size_t)ny);
    qsort(sx, (size_t)nx, sizeof *sx, cmp_double);
    qsort(sy, (size_t)ny, sizeof *sy, cmp_double);
    int *counts = sb_malloc(sizeof *counts * (size_t)(nx > ny ? nx : ny));
    double *ratios = sb_malloc(sizeof *ratios * (size_t)resamples);
    sb_rng rng;
    sb_rng_seed(&rng, seed);
    for (int b = 0; b < resamples; b++) {
        double mx = sb_resample_median(sx, nx, counts, &rng);
        double my = sb_resample_median(sy, ny, counts, &rng);
        ratios[b] = my / mx;
    }
    qsort(ratios, (size_t)resamples, sizeof *ratios, cmp_double);
    *lo = sb_percentile_sorted(ratios, resamples, (1 - confidence) / 2);
    *hi = sb_percentile_sorted(ratios, resamples, (1 + confidence) / 2);
    free(sx);
    free(sy);
    free(counts);
    free(ratios);
    return 0;
}
