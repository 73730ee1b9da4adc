/* When a case has been timed enough, and what its runs say about their own reliability (see
 * case_measure.h and sb_stats.h). */
#include "case_measure.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sb_stats.h"

int sb_timing_more(const sb_timing_plan *plan, const double *ms, int n, double total_ms)
{
    int cap = plan->max_repeats > plan->repeats ? plan->max_repeats : plan->repeats;
    if (n >= cap)
        return 0;
    if (n < plan->repeats || total_ms < plan->min_time_ms)
        return 1;
    if (!(plan->max_noise > 0) || (plan->max_time_ms > 0 && total_ms >= plan->max_time_ms))
        return 0;
    return !(sb_noise_median_ci(ms, n) <= plan->max_noise);
}

static void add_warning(sb_row *row, const char *text)
{
    size_t len = strlen(row->timing_warning);
    snprintf(row->timing_warning + len, sizeof row->timing_warning - len, "%s%s",
             len ? "; " : "", text);
}

void sb_row_set_dispersion(sb_row *row, const double *ms, int n, const sb_timing_plan *plan)
{
    sb_stats s = sb_stats_compute(ms, n);
    row->stddev_ms = s.stddev;
    row->cv = s.cv;
    row->noise = sb_noise_median_ci(ms, n);
    row->outliers = sb_outlier_count(ms, n);
    row->drift = sb_drift(ms, n);
    row->timing_warning[0] = '\0';
    char text[160];
    if (n >= SB_DRIFT_MIN_RUNS && fabs(row->drift) > SB_DRIFT_LIMIT) {
        snprintf(text, sizeof text, "drift %+.0f%% (median of the last third of the runs vs the "
                 "first third: throttling or load?)", 100 * row->drift);
        add_warning(row, text);
    }
    if (row->outliers > 0) {
        snprintf(text, sizeof text, "%lld of %d runs are outliers (modified z-score > %.1f)",
                 (long long)row->outliers, n, SB_OUTLIER_Z);
        add_warning(row, text);
    }
    if (plan && plan->max_noise > 0 && !(row->noise <= plan->max_noise)) {
        snprintf(text, sizeof text, "noise %.1f%% > max_noise %.1f%% when the runs stopped (%d runs)",
                 100 * row->noise, 100 * plan->max_noise, n);
        add_warning(row, text);
    }
}
