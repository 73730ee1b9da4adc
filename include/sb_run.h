/* `sparsebench run`: the whole flow for one experiment on the selected devices. */
#ifndef SB_RUN_H
#define SB_RUN_H

#include <signal.h>
#include <stddef.h>
#include "sb_config.h"
#include "sb_outcome.h"
#include "sb_params.h"
#include "sb_plan.h"
#include "sb_shard.h"

typedef struct sb_run_options {
    const char *config_path;
    const char *device_sel;     /* NULL: all */
    const char *profile;        /* force this platforms/ profile by name (NULL: match) */
    const char *tuning;         /* tuning database file; NULL: the device's in the cache; "none" */
    sb_params params;           /* --param KEY=VALUE: over the profile and the tuning database */
    const char *out_dir;        /* NULL: results/<config name>-<UTC stamp> */
    const char *data_dir;       /* NULL: $SPARSEBENCH_DATA */
    sb_config_filter filter;
    const char *save_cases_dir; /* NULL: do not save cases */
    long long save_cases_max;   /* largest M*K or M*N saved (elements) */
    int progress;               /* draw a progress line on stderr */
    const char *command_line;   /* for run.json */
    const char *binaries_dir;   /* NULL: build from source (or the profile says); else run every
                                   program from the binaries `sparsebench build` saved there */
    sb_shard shard;             /* count 0: the whole plan; else only shard index of count */
    const char *resume_dir;     /* --resume DIR: every other field but progress, stop and
                                   command_line comes from DIR/run.json (src/run/resume.h) */
    /* set (by a signal handler, say) to stop the run: the case under way is abandoned (no row;
     * a resume runs it), run.json says "interrupted", the outcome is INTERRUPTED. May be NULL. */
    const volatile sig_atomic_t *stop;
} sb_run_options;

/* OK every case valid; FAILED a case wrong or failed, a write error (a full disk: the run stops,
 * the rows before it kept) or no device; BAD_INPUT a config, data or selection error, or an
 * output folder that holds a run (nothing was measured); ALL_SKIPPED every case was skipped
 * (nothing was measured). Messages go through the sink (sb_sink.h). */
sb_outcome sb_run(const sb_run_options *opt);

#endif
