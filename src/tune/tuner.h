/* `sparsebench tune`: searches each kernel's tunables on the config's cases and stores the winners
 * per shape class in the device's tuning database; then tunes the dense baseline (CLBlast, by its
 * own tuners: src/tune/clblast_tune.h) on the config's baseline shapes within a time budget. */
#ifndef SB_TUNER_H
#define SB_TUNER_H

#include <signal.h>
#include "sb_config.h"
#include "sb_outcome.h"
#include "sb_params.h"
#include "sb_plan.h"

typedef struct sb_tune_options {
    const char *config_path;
    const char *device_sel;
    const char *profile;   /* force this platforms/ profile by name (NULL: match) */
    const char *data_dir;
    const char *db_path;   /* NULL: the device's file in the cache */
    sb_config_filter filter;
    sb_params params;      /* --param: held fixed (over the profile) while the others are searched */
    int passes;            /* coordinate-descent passes over the tunables (default 2) */
    int dense_only;        /* --dense-only: only the dense baseline (CLBlast's own tuners) */
    double budget_min;     /* --budget: minutes for CLBlast's tuners per device (< 0: the default,
                              SB_TUNE_DENSE_BUDGET_MIN; 0: CLBlast is not tuned) */
    /* set (by a signal handler, say) to stop: checked before every candidate; the class under way
     * is dropped, the ones done stay saved. NULL: never stops. */
    const volatile sig_atomic_t *stop;
} sb_tune_options;

#define SB_TUNE_DENSE_BUDGET_MIN 20.0

/* OK; FAILED a device failed (or its database could not be saved); BAD_INPUT a usage, config or
 * data error; INTERRUPTED stopped by opt->stop (or a signal during CLBlast's tuners), every class
 * tuned before it saved. Messages and the tuning report go through the sink. */
sb_outcome sb_tune(const sb_tune_options *opt);

#endif
