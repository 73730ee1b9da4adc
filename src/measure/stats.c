/* Latency statistics, dispersion, outliers and drift of one case's runs (see sb_stats.h). */
#include "sb_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_util.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double *sorted_copy(const double *samples, int n)
{
    double *v = sb_malloc(sizeof *v * (size_t)(n > 0 ? n : 1));
    if (n > 0) {
        memcpy(v, samples, sizeof *v * (size_t)n);
        qsort(v, (size_t)n, sizeof *v, cmp_double);
    }
    return v;
}

double sb_percentile_sorted(const double *sorted, int n, double q)
{
    if (n <= 0)
        return NAN;
    double pos = q * (n - 1);
    int lo = (int)floor(pos);
    int hi = lo + 1 < n ? lo + 1 : lo;
    double frac = pos - lo;
    return sorted[lo] * (1 - frac) + sorted[hi] * frac;
}

sb_stats sb_stats_compute(const double *samples, int n)
{
    sb_stats s = {.n = n, .min = NAN, .max = NAN, .mean = NAN, .median = NAN, .p90 = NAN,
                  .p99 = NAN, .stddev = NAN, .cv = NAN};
    if (n <= 0)
        return s;
    double *v = sorted_copy(samples, n);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    s.min = v[0];
    s.max = v[n - 1];
    s.mean = sum / n;
    s.median = sb_percentile_sorted(v, n, 0.5);
    s.p90 = sb_percentile_sorted(v, n, 0.9);
    s.p99 = sb_percentile_sorted(v, n, 0.99);
    if (n >= 2) {
        double ss = 0; /* two passes: the mean first, then the squares of the deviations */
        for (int i = 0; i < n; i++)
            ss += (v[i] - s.mean) * (v[i] - s.mean);
        s.stddev = sqrt(ss / (n - 1));
        s.cv = s.mean != 0 ? s.stddev / s.mean : NAN;
    }
    free(v);
    return s;
}

double sb_noise_median_ci(const double *samples, int n)
{
    if (n < 2)
        return NAN;
    double *v = sorted_copy(samples, n);
    double half = 0.98 * sqrt((double)n);
    int l = (int)floor(n / 2.0 - half), u = (int)ceil(1 + n / 2.0 + half);
    if (l < 1)
        l = 1;
    if (u > n)
        u = n;
    double median = sb_percentile_sorted(v, n, 0.5);
    double noise = median > 0 ? (v[u - 1] - v[l - 1]) / (2 * median) : NAN;
    free(v);
    return noise;
}

void sb_modified_zscores(const double *samples, int n, double *z)
{
    if (n <= 0)
        return;
    double *v = sorted_copy(samples, n);
    double median = sb_percentile_sorted(v, n, 0.5);
    double mean_ad = 0;
    for (int i = 0; i < n; i++) {
        v[i] = fabs(samples[i] - median);
        mean_ad += v[i] / n;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double mad = sb_percentile_sorted(v, n, 0.5);
    /* 0.6745/MAD, or 1/(1.253314 MeanAD) when MAD is 0 (Iglewicz and Hoaglin) */
    double scale = mad > 0 ? 0.6745 / mad : mean_ad > 0 ? 1.0 / (1.253314 * mean_ad) : 0;
    for (int i = 0; i < n; i++)
        z[i] = (samples[i] - median) * scale;
    free(v);
}

int sb_outlier_count(const double *samples, int n)
{
    if (n < 3)
        return 0;
    double *z = sb_malloc(sizeof *z * (size_t)n);
    sb_modified_zscores(samples, n, z);
    int count = 0;
    for (int i = 0; i < n; i++)
        count += fabs(z[i]) > SB_OUTLIER_Z;
    free(z);
    return count;
}

double sb_drift(const double *samples, int n)
{
    if (n < 6)
        return NAN;
    int third = n / 3;
    double *first = sorted_copy(samples, third);
    double *last = sorted_copy(samples + n - third, third);
    double a = sb_percentile_sorted(first, third, 0.5), b = sb_percentile_sorted(last, third, 0.5);
    free(first);
    free(last);
    return a > 0 ? b / a - 1 : NAN;
}
