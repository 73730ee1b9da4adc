/* Latency statistics over counted runs (warm-up runs never enter). */
#ifndef SB_STATS_H
#define SB_STATS_H

typedef struct sb_stats {
    int n;
    double min, max, mean, median, p90, p99;
} sb_stats;

/* Sorts a copy; percentiles by linear interpolation between order statistics. n may be 0 (all NaN). */
sb_stats sb_stats_compute(const double *samples, int n);

#endif
