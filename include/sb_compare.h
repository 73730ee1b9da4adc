/* `sparsebench compare BASE_DIR NEW_DIR`: the same cases in two runs (or two devices), each with
 * the ratio of its medians, a confidence interval from the raw runs, a Mann-Whitney U test and a
 * verdict. A side is a result directory, or a folder of them (the shards of a study, merged and
 * checked as `report` does). The rules are in src/report/compare.c and in compare.md itself. */
#ifndef SB_COMPARE_H
#define SB_COMPARE_H

#include <stdint.h>
#include "sb_util.h"

typedef enum sb_verdict {
    SB_VERDICT_SLOWER,   /* the whole interval above 1 + threshold, and U test p < alpha */
    SB_VERDICT_FASTER,   /* the whole interval below 1 / (1 + threshold), and p < alpha */
    SB_VERDICT_SAME,     /* the whole interval inside [1 / (1 + threshold), 1 + threshold] */
    SB_VERDICT_NOISE,    /* anything else: the interval straddles a threshold */
    SB_VERDICT_BROKEN,   /* ok in BASE, wrong or failed in NEW */
    SB_VERDICT_FIXED,    /* wrong or failed in BASE, ok in NEW */
    SB_VERDICT_NOT_COMPARED, /* neither side ok, or a side skipped */
    SB_VERDICT_BASE_ONLY, /* unmatched: only BASE has the case */
    SB_VERDICT_NEW_ONLY,  /* unmatched: only NEW has it */
    SB_VERDICT_COUNT
} sb_verdict;

/* "slower", "faster", "same", "noise", "broken", "fixed", "not compared", "only in BASE",
 * "only in NEW". */
const char *sb_verdict_name(sb_verdict v);

typedef struct sb_compare_options {
    double threshold;   /* relative: 0.05 = 5% (default) */
    double alpha;       /* the U test's significance level, default 0.05 */
    double confidence;  /* of the interval, default 0.95 */
    int resamples;      /* bootstrap resamples, default 2000 */
    uint64_t seed;      /* of the bootstrap, default 1; each case draws from seed and its key */
    const char *base_device, *new_device; /* either set: match across devices (see compare.c) */
} sb_compare_options;
void sb_compare_options_init(sb_compare_options *o);

typedef struct sb_compare_case {
    char *label;            /* "matrix [model/layer] pattern MxK s=0.9 N=64 kernel precision" */
    char *base_device, *new_device; /* the devices' labels; NULL on the side without the case */
    char *matrix, *model, *layer, *pattern, *block, *kernel, *precision;
    int M, K, N;
    double sparsity;        /* the target sparsity (else the measured one), to 4 decimals */
    sb_verdict verdict;
    const char *base_status, *new_status; /* "ok", "wrong", "failed", "skipped", or "" */
    int base_runs, new_runs;
    double base_median_ms, new_median_ms;
    double ratio;           /* new median / base median: > 1 slower */
    double ci_low, ci_high; /* the interval of the ratio; NaN without raw runs */
    double p_value;         /* two-sided U test of the raw runs; NaN without them */
    double base_cv, new_cv;
    char *base_warning, *new_warning; /* the rows' timing_warning ("" when none) */
    char *note;             /* what the reader should know about this comparison ("" when none) */
} sb_compare_case;

typedef struct sb_compare sb_compare;

/* Loads both sides, matches their cases and compares each. Bad input (a side that is no result
 * directory and holds none, a malformed file, a device selector that matches nothing or a side
 * with several devices when matching across devices) fails with the reason. */
int sb_compare_load(sb_compare **out, const char *base_dir, const char *new_dir,
                    const sb_compare_options *opt, sb_error *err);
void sb_compare_free(sb_compare *c);

int sb_compare_n_cases(const sb_compare *c);
const sb_compare_case *sb_compare_case_at(const sb_compare *c, int i);
int sb_compare_count(const sb_compare *c, sb_verdict v);
/* Cases slower beyond the threshold, or broken: what --fail-on-regression fails on. */
int sb_compare_regressions(const sb_compare *c);
/* 0 when a side is a sharded study with a shard missing, twice, or unfinished. */
int sb_compare_shards_complete(const sb_compare *c);
int sb_compare_n_warnings(const sb_compare *c);
const char *sb_compare_warning(const sb_compare *c, int i);

/* Writes out_dir/compare.md and out_dir/compare.csv (out_dir must exist). */
int sb_compare_write(const sb_compare *c, const char *out_dir, sb_error *err);

#endif
