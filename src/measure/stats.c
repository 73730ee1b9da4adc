/* Latency statistics (see sb_stats.h). */
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

static double percentile(const double *sorted, int n, double q)
{
    double pos = q * (n - 1);
    int lo = (int)floor(pos);
    int hi = lo + 1 < n ? lo + 1 : lo;
    double frac = pos - lo;
    return sorted[lo] * (1 - frac) + sorted[hi] * frac;
}

sb_stats sb_stats_compute(const double *samples, int n)
{
    sb_stats s = {.n = n, .min = NAN, .max = NAN, .mean = NAN, .median = NAN, .p90 = NAN, .p99 = NAN};
    if (n <= 0)
        return s;
    double *v = sb_malloc(sizeof *v * (size_t)n);
    memcpy(v, samples, sizeof *v * (size_t)n);
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    s.min = v[0];
    s.max = v[n - 1];
    s.mean = sum / n;
    s.median = percentile(v, n, 0.5);
    s.p90 = percentile(v, n, 0.9);
    s.p99 = percentile(v, n, 0.99);
    free(v);
    return s;
}
