/* Statistics of timed runs: the latency summary of one case's counted runs (warm-up runs never
 * enter), its dispersion and the warnings a row carries (src/measure/stats.c), and the
 * comparison of two sets of runs that `sparsebench compare` and the crossover intervals use
 * (src/measure/compare_stats.c). Pure functions of their arguments: no I/O, no state. */
#ifndef SB_STATS_H
#define SB_STATS_H

#include <stdint.h>

typedef struct sb_stats {
    int n;
    double min, max, mean, median, p90, p99;
    double stddev; /* sample standard deviation (n - 1 in the denominator); NaN when n < 2 */
    double cv;     /* coefficient of variation: stddev / mean */
} sb_stats;

/* Sorts a copy; percentiles by linear interpolation between order statistics. n may be 0 (all NaN). */
sb_stats sb_stats_compute(const double *samples, int n);

/* Percentile q (0..1) of sorted[0..n-1] by linear interpolation between order statistics (the
 * rule of every percentile column); NaN when n <= 0. */
double sb_percentile_sorted(const double *sorted, int n, double q);

/* ---- noise, outliers, drift: what a row says about its own runs ---- */

/* The relative noise of the median, the statistic `max_noise` (configs/README.md) stops on: the
 * half-width of the distribution-free 95% confidence interval of the median over the median,
 *     noise = (x_(u) - x_(l)) / (2 * median),
 * x_(1) <= ... <= x_(n) the sorted runs, l = max(1, floor(n/2 - 0.98*sqrt(n))) and
 * u = min(n, ceil(1 + n/2 + 0.98*sqrt(n))) (1-based ranks, 0.98 = 1.96/2). It shrinks as runs are
 * added (unlike the coefficient of variation), and one outlier does not move it. Below 6 runs the
 * ranks clamp to the extremes: the full range over twice the median. NaN when n < 2. */
double sb_noise_median_ci(const double *samples, int n);

/* Modified z-scores (Iglewicz and Hoaglin): z_i = 0.6745 (x_i - median) / MAD, MAD the median of
 * |x_i - median|. When MAD is 0 (more than half the runs equal) the scale is 1.253314 times the
 * mean absolute deviation instead; when that is 0 too, every z is 0. z has n entries. */
void sb_modified_zscores(const double *samples, int n, double *z);
#define SB_OUTLIER_Z 3.5
/* Runs with |modified z-score| > SB_OUTLIER_Z (as hyperfine flags them). */
int sb_outlier_count(const double *samples, int n);

/* Drift over the counted runs, in the order they ran: median of the last third / median of the
 * first third - 1 (thirds of floor(n/3) runs); NaN when n < 6. A clock that throttles as the
 * device heats up, or load arriving mid-case, shows here. */
double sb_drift(const double *samples, int n);
#define SB_DRIFT_LIMIT 0.10 /* |drift| above this (with n >= SB_DRIFT_MIN_RUNS) is warned about */
#define SB_DRIFT_MIN_RUNS 9

/* ---- comparing two sets of runs ---- */

/* Mann-Whitney U test, two-sided: the p-value of "x and y come from one distribution" (*u: U of
 * x, the number of pairs with x > y, ties counting one half). Exact (the permutation
 * distribution of U) when there are no ties and nx + ny <= 40; otherwise the normal
 * approximation with the tie correction and a continuity correction of 0.5, as
 * scipy.stats.mannwhitneyu(method="asymptotic") computes it. NaN when nx or ny is 0. */
double sb_mann_whitney_p(const double *x, int nx, const double *y, int ny, double *u);

/* A seeded percentile bootstrap of median(y) / median(x): `resamples` times, each sample is
 * drawn again with replacement (same size), and the ratio of the medians taken; [*lo, *hi] are
 * the (1 - confidence)/2 and (1 + confidence)/2 percentiles of those ratios. Deterministic for a
 * seed. -1 (and NaN bounds) when either side has no run or resamples < 10. */
int sb_bootstrap_median_ratio(const double *x, int nx, const double *y, int ny, int resamples,
                              double confidence, uint64_t seed, double *lo, double *hi);

/* The same for runs measured in several sessions (gx groups x[g][0..nx[g]-1] on one side, gy on
 * the other: one case measured by several runs of sparsebench): each resample draws the
 * sessions with replacement, then the runs of each drawn session, and takes the median of all
 * runs drawn, so the interval also spans how much the sessions differ (a two-level bootstrap).
 * With one session a side it is sb_bootstrap_median_ratio. */
int sb_bootstrap_median_ratio_grouped(const double *const *x, const int *nx, int gx,
                                      const double *const *y, const int *ny, int gy,
                                      int resamples, double confidence, uint64_t seed, double *lo,
                                      double *hi);

/* The median of a resample of sorted[0..n-1] (n draws with replacement), for bootstraps built
 * elsewhere (the crossover interval). counts is scratch of n ints; rng an sb_rng. */
struct sb_rng;
double sb_resample_median(const double *sorted, int n, int *counts, struct sb_rng *rng);

#endif
