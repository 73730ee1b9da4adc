/* What compare.c (loading, matching, the statistics) and compare_write.c (compare.md,
 * compare.csv) share. Not a public contract (include/sb_compare.h is). */
#ifndef SB_COMPARE_INTERNAL_H
#define SB_COMPARE_INTERNAL_H

#include "report/report_internal.h"
#include "sb_compare.h"

/* One side of the comparison: the result directories found under what was given, loaded and
 * merged as `report` merges them (shards checked). */
typedef struct cmp_side {
    const char *name;     /* "BASE" or "NEW" */
    char *dir;            /* as given */
    char **run_dirs;      /* the result directories it holds (itself, or its shards) */
    int n_run_dirs;
    sb_report *report;
    rp_strings about;     /* one line per run for compare.md: host, config, tool, system, load */
    int busy;             /* a run started with a 1-minute load average above the host's CPUs */
} cmp_side;

struct sb_compare {
    sb_compare_options opt;
    int across_devices;   /* --base-device / --new-device: the device is not part of the key */
    cmp_side base, new_;
    sb_compare_case *cases;
    int n_cases;
    rp_strings warnings;
    int shards_incomplete;
};

/* compare_side.c: finds and loads a side's result directories and describes its runs. */
int cmp_side_load(cmp_side *s, const char *name, const char *dir, rp_strings *warnings,
                  sb_error *err);
void cmp_side_free(cmp_side *s);

#endif
