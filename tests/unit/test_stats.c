/* The statistics of timed runs (sb_stats.h) on data whose answers are known: dispersion, the
 * noise of the median, modified z-scores, drift, Mann-Whitney p-values against scipy's, and the
 * bootstrap interval of a ratio of medians (exact cases and its coverage on known
 * distributions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "case_measure.h"
#include "sb_rng.h"
#include "sb_stats.h"

#define assert_near(got, want, tol)                                                     \
    do {                                                                                \
        double g_ = (got), w_ = (want);                                                 \
        if (!(fabs(g_ - w_) <= (tol)))                                                  \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #got, g_, w_, (double)(tol)); \
    } while (0)

static void stddev_and_cv(void **state)
{
    (void)state;
    const double v[] = {2, 4, 4, 4, 5, 5, 7, 9}; /* mean 5, squares of deviations 32 */
    sb_stats s = sb_stats_compute(v, 8);
    assert_near(s.mean, 5, 0);
    assert_near(s.stddev, sqrt(32.0 / 7), 1e-15);
    assert_near(s.cv, sqrt(32.0 / 7) / 5, 1e-15);
    sb_stats one = sb_stats_compute(v, 1);
    assert_true(isnan(one.stddev) && isnan(one.cv));
    sb_stats none = sb_stats_compute(v, 0);
    assert_true(isnan(none.median) && isnan(none.stddev));
}

static void noise_is_the_median_interval_half_width(void **state)
{
    (void)state;
    double v[100];
    for (int i = 0; i < 100; i++)
        v[99 - i] = i + 1; /* 1..100, given in reverse: the function sorts */
    /* n = 100: ranks l = floor(50 - 9.8) = 40, u = ceil(51 + 9.8) = 61; median 50.5 */
    assert_near(sb_noise_median_ci(v, 100), (61.0 - 40.0) / (2 * 50.5), 1e-15);
    /* n = 10: the ranks clamp to 1 and 10: the range over twice the median */
    const double w[] = {10, 11, 10.5, 9.5, 10, 12, 10, 10.2, 9.8, 10.1};
    assert_near(sb_noise_median_ci(w, 10), (12 - 9.5) / (2 * 10.05), 1e-15);
    assert_true(isnan(sb_noise_median_ci(w, 1)));
    /* more runs of the same spread: the interval narrows (what max_noise relies on) */
    double many[400];
    for (int i = 0; i < 400; i++)
        many[i] = 10 + (i % 20) * 0.1;
    assert_true(sb_noise_median_ci(many, 400) < sb_noise_median_ci(many, 40));
}

static void modified_zscores_and_outliers(void **state)
{
    (void)state;
    const double v[] = {1, 2, 3, 4, 100}; /* median 3, |deviations| 2 1 0 1 97: MAD 1 */
    double z[5];
    sb_modified_zscores(v, 5, z);
    const double want[] = {-2 * 0.6745, -0.6745, 0, 0.6745, 97 * 0.6745};
    for (int i = 0; i < 5; i++)
        assert_near(z[i], want[i], 1e-12);
    assert_int_equal(sb_outlier_count(v, 5), 1);
    /* MAD 0 (most runs equal): the scale is 1.253314 x the mean absolute deviation */
    const double flat[] = {5, 5, 5, 5, 5, 5, 9}; /* mean |dev| = 4/7 */
    double zf[7];
    sb_modified_zscores(flat, 7, zf);
    assert_near(zf[6], 4 / (1.253314 * 4.0 / 7), 1e-12);
    assert_int_equal(sb_outlier_count(flat, 7), 1); /* z = 5.59 */
    const double mild[] = {5, 5, 5, 5, 6, 7};       /* z(7) = 2/(1.253314*0.5) = 3.19 */
    assert_int_equal(sb_outlier_count(mild, 6), 0);
    const double same[] = {3, 3, 3, 3};
    assert_int_equal(sb_outlier_count(same, 4), 0);
}

static void drift_compares_the_last_third_with_the_first(void **state)
{
    (void)state;
    const double warming[] = {1, 1.02, 0.98, 1.1, 1.1, 1.1, 1.2, 1.19, 1.25};
    /* first third {1, 1.02, 0.98}: median 1; last third {1.2, 1.19, 1.25}: median 1.2 */
    assert_near(sb_drift(warming, 9), 0.2, 1e-12);
    const double steady[] = {2, 2.1, 1.9, 2, 2.1, 1.9, 2, 2.1, 1.9, 2};
    assert_near(sb_drift(steady, 10), 0, 1e-12); /* thirds of 3: {2,2.1,1.9} vs {2.1,1.9,2} */
    assert_true(isnan(sb_drift(steady, 5)));
}

/* Reference p-values: scipy 1.17.1, scipy.stats.mannwhitneyu(x, y, alternative="two-sided",
 * method=...), the method the function documents for the case. */
static void mann_whitney_matches_scipy(void **state)
{
    (void)state;
    double u;
    const double a[] = {1.1, 2.2, 3.3, 4.4, 5.5}, b[] = {6.6, 7.7, 8.8, 9.9, 10.1, 11.2};
    assert_near(sb_mann_whitney_p(a, 5, b, 6, &u), 0.004329004329004329, 1e-15); /* exact */
    assert_near(u, 0, 0);
    /* 2 / C(11, 5): only the two most extreme arrangements are as extreme */
    assert_near(sb_mann_whitney_p(a, 5, b, 6, NULL), 2.0 / 462, 1e-15);
    const double c[] = {3.1, 1.2, 4.7, 1.9, 5.2, 2.6, 3.8};
    const double d[] = {2.2, 5.9, 4.4, 6.3, 3.3, 7.1, 5.5, 6.8};
    assert_near(sb_mann_whitney_p(c, 7, d, 8, &u), 0.04009324009324009, 1e-14); /* exact */
    assert_near(u, 10, 0);
    assert_near(sb_mann_whitney_p(d, 8, c, 7, &u), 0.04009324009324009, 1e-14); /* symmetric */
    assert_near(u, 46, 0);
    const double e[] = {1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7};
    const double f[] = {3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 9, 10};
    assert_near(sb_mann_whitney_p(e, 11, f, 12, &u), 0.0070472519787137975, 1e-12); /* ties */
    assert_near(u, 22, 0);
    double g[25], h[30];
    for (int i = 0; i < 25; i++)
        g[i] = round((1.0 + i / 24.0) * 1000) / 1000; /* numpy.round(linspace(1, 2, 25), 3) */
    for (int i = 0; i < 30; i++)
        h[i] = round((1.3 + 1.1 * i / 29.0) * 1000) / 1000;
    assert_near(sb_mann_whitney_p(g, 25, h, 30, &u), 0.0006592902583128471, 1e-12); /* N > 40 */
    assert_near(u, 173, 0);
    const double same[] = {4, 4, 4};
    assert_near(sb_mann_whitney_p(same, 3, same, 3, NULL), 1, 0);
    assert_true(isnan(sb_mann_whitney_p(a, 0, b, 6, NULL)));
}

static void bootstrap_exact_cases(void **state)
{
    (void)state;
    double lo, hi;
    const double x[] = {2, 2, 2}, y[] = {3, 3, 3, 3};
    assert_int_equal(sb_bootstrap_median_ratio(x, 3, y, 4, 500, 0.95, 7, &lo, &hi), 0);
    assert_near(lo, 1.5, 0);
    assert_near(hi, 1.5, 0);
    /* x = {1}, y = {1, 2}: a resample's median of y is 1, 1.5 or 2 with probabilities 1/4, 1/2,
     * 1/4, so the 2.5% and 97.5% points are 1 and 2 */
    const double one[] = {1}, two[] = {1, 2};
    sb_bootstrap_median_ratio(one, 1, two, 2, 4000, 0.95, 11, &lo, &hi);
    assert_near(lo, 1, 0);
    assert_near(hi, 2, 0);
    /* seeded: the same seed, the same interval */
    const double p[] = {1.0, 1.1, 0.9, 1.05, 0.97, 1.2, 1.01}, q[] = {1.3, 1.2, 1.25, 1.4, 1.1, 1.22};
    double lo2, hi2;
    sb_bootstrap_median_ratio(p, 7, q, 6, 2000, 0.95, 99, &lo, &hi);
    sb_bootstrap_median_ratio(p, 7, q, 6, 2000, 0.95, 99, &lo2, &hi2);
    assert_true(lo == lo2 && hi == hi2);
    assert_true(lo < 1.22 / 1.01 && 1.22 / 1.01 < hi); /* holds the ratio of the medians */
    assert_int_equal(sb_bootstrap_median_ratio(p, 0, q, 6, 2000, 0.95, 1, &lo, &hi), -1);
    assert_true(isnan(lo) && isnan(hi));
}

/* Two sessions of one case that disagree (30 runs at 1.0, then 10 at 1.3, as when load came
 * and went between two runs of sparsebench): pooling them hides the second (the pooled median is
 * 1.0, its interval narrow); the two-level bootstrap draws the sessions first, so a quarter of
 * its resamples are the second session twice over and the interval reaches 1.3. */
static void grouped_bootstrap_sees_sessions(void **state)
{
    (void)state;
    double base[20], s1[30], s2[10], pooled[40];
    for (int i = 0; i < 20; i++)
        base[i] = 1.0 + 0.001 * (i % 5);
    for (int i = 0; i < 30; i++)
        pooled[i] = s1[i] = 1.0 + 0.001 * (i % 7);
    for (int i = 0; i < 10; i++)
        pooled[30 + i] = s2[i] = 1.3 + 0.001 * (i % 3);
    double lo, hi;
    sb_bootstrap_median_ratio(base, 20, pooled, 40, 2000, 0.95, 5, &lo, &hi);
    assert_true(hi < 1.05); /* pooled: the second session is invisible */
    const double *x[] = {base}, *y[] = {s1, s2};
    const int nx[] = {20}, ny[] = {30, 10};
    sb_bootstrap_median_ratio_grouped(x, nx, 1, y, ny, 2, 2000, 0.95, 5, &lo, &hi);
    assert_true(lo < 1.01 && hi > 1.28);
    /* one session a side: exactly the plain bootstrap */
    double lo1, hi1, lo2, hi2;
    const double *y1[] = {s1};
    const int ny1[] = {30};
    sb_bootstrap_median_ratio_grouped(x, nx, 1, y1, ny1, 1, 500, 0.9, 3, &lo1, &hi1);
    sb_bootstrap_median_ratio(base, 20, s1, 30, 500, 0.9, 3, &lo2, &hi2);
    assert_true(lo1 == lo2 && hi1 == hi2);
}

static double normal(sb_rng *r)
{
    double u1 = sb_rng_uniform(r), u2 = sb_rng_uniform(r);
    return sqrt(-2 * log(1 - u1)) * cos(2 * M_PI * u2);
}

/* Known distributions: runs are median * exp(0.05 z) (z standard normal), so the true ratio of
 * medians is exactly the ratio asked for. Over 300 data sets of 20 runs a side, the 95%
 * interval must hold the true ratio in 88-99% of them (a percentile bootstrap of medians
 * undercovers slightly at this size), and must exclude 1 for a 20% slowdown nearly always. */
static void bootstrap_covers_the_true_ratio(void **state)
{
    (void)state;
    sb_rng rng;
    sb_rng_seed(&rng, 2024);
    int covered = 0, excluded_one = 0, trials = 300, n = 20;
    double x[20], y[20];
    for (int t = 0; t < trials; t++) {
        for (int i = 0; i < n; i++) {
            x[i] = 1.0 * exp(0.05 * normal(&rng));
            y[i] = 1.2 * exp(0.05 * normal(&rng));
        }
        double lo, hi;
        sb_bootstrap_median_ratio(x, n, y, n, 1000, 0.95, (uint64_t)t, &lo, &hi);
        covered += lo <= 1.2 && 1.2 <= hi;
        excluded_one += lo > 1.0;
    }
    print_message("coverage %d/%d, 1 excluded %d/%d\n", covered, trials, excluded_one, trials);
    assert_true(covered >= 0.88 * trials && covered <= 0.99 * trials);
    assert_true(excluded_one >= 0.99 * trials);
}

/* The counted runs' stop rule: repeats and min_time_ms as before; max_noise keeps going while
 * the median's noise is above it, until max_time_ms or max_repeats. */
static void timing_rule_stops_on_noise_or_a_cap(void **state)
{
    (void)state;
    double runs[1000];
    for (int i = 0; i < 1000; i++)
        runs[i] = i % 2 ? 2.0 : 1.0; /* noise stays near 1/3: the median's interval spans 1..2 */
    sb_timing_plan p = {.repeats = 5, .max_repeats = 1000};
    int n = 0;
    while (sb_timing_more(&p, runs, n, 1.5 * n))
        n++;
    assert_int_equal(n, 5); /* off: repeats only */
    p.min_time_ms = 30;
    for (n = 0; sb_timing_more(&p, runs, n, 1.5 * n);)
        n++;
    assert_int_equal(n, 20); /* 20 runs of 1.5 ms on average reach 30 ms */
    p.min_time_ms = 0;
    p.max_noise = 0.05;
    p.max_time_ms = 300;
    for (n = 0; sb_timing_more(&p, runs, n, 1.5 * n);)
        n++;
    assert_int_equal(n, 200); /* never quiet: the time cap */
    p.max_time_ms = 0;
    p.max_repeats = 64;
    for (n = 0; sb_timing_more(&p, runs, n, 1.5 * n);)
        n++;
    assert_int_equal(n, 64); /* no time cap: max_repeats */
    /* quiet runs: 1.00 .. 1.09 spread evenly; the noise falls under 2% once enough runs hold
     * the median's interval inside a narrow band */
    double quiet[1000];
    for (int i = 0; i < 1000; i++)
        quiet[i] = 1.0 + 0.01 * ((i * 7) % 10);
    p.max_repeats = 1000;
    p.max_time_ms = 1e9;
    p.max_noise = 0.02;
    for (n = 0; sb_timing_more(&p, quiet, n, n);)
        n++;
    assert_true(n > 5 && n < 1000);
    assert_true(sb_noise_median_ci(quiet, n) <= 0.02);
    assert_true(sb_noise_median_ci(quiet, n - 1) > 0.02); /* it stopped at the first such run */
}

static void row_dispersion_and_warnings(void **state)
{
    (void)state;
    sb_row row;
    sb_row_init(&row);
    const double steady[] = {1.0, 1.01, 0.99, 1.0, 1.02, 0.98, 1.0, 1.01, 0.99, 1.0};
    sb_timing_plan p = {.repeats = 10, .max_repeats = 10};
    sb_row_set_dispersion(&row, steady, 10, &p);
    sb_stats s = sb_stats_compute(steady, 10);
    assert_near(row.stddev_ms, s.stddev, 0);
    assert_near(row.cv, s.stddev / s.mean, 1e-15);
    assert_int_equal(row.outliers, 0);
    assert_string_equal(row.timing_warning, "");
    /* throttling: the last third 30% slower, plus one run 10x slower */
    const double hot[] = {1.0, 1.0, 1.0, 1.1, 1.2, 10.0, 1.3, 1.3, 1.3};
    sb_row_set_dispersion(&row, hot, 9, &p);
    assert_near(row.drift, 0.3, 1e-12);
    assert_int_equal(row.outliers, 1);
    assert_non_null(strstr(row.timing_warning, "drift +30%"));
    assert_non_null(strstr(row.timing_warning, "1 of 9 runs are outliers"));
    /* a noise still above max_noise when a cap stopped the runs */
    p.max_noise = 0.01;
    sb_row_set_dispersion(&row, steady, 10, &p);
    assert_non_null(strstr(row.timing_warning, "noise 2.0% > max_noise 1.0%"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stddev_and_cv),
        cmocka_unit_test(noise_is_the_median_interval_half_width),
        cmocka_unit_test(modified_zscores_and_outliers),
        cmocka_unit_test(drift_compares_the_last_third_with_the_first),
        cmocka_unit_test(mann_whitney_matches_scipy),
        cmocka_unit_test(bootstrap_exact_cases),
        cmocka_unit_test(bootstrap_covers_the_true_ratio),
        cmocka_unit_test(grouped_bootstrap_sees_sessions),
        cmocka_unit_test(timing_rule_stops_on_noise_or_a_cap),
        cmocka_unit_test(row_dispersion_and_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
