/* `sparsebench build`: compiles every program a config's plan needs on each selected device and
 * saves the binaries with their manifests, for runs from binaries (`run --binaries DIR`, or a
 * profile with build: binary: FPGAs). */
#ifndef SB_BUILDER_H
#define SB_BUILDER_H

#include "sb_outcome.h"
#include "sb_params.h"
#include "sb_plan.h"

typedef struct sb_build_options {
    const char *config_path;
    const char *out_dir;     /* where the binaries go (required) */
    const char *device_sel;  /* NULL: all */
    const char *profile;     /* force this platforms/ profile by name (NULL: match) */
    const char *data_dir;    /* NULL: $SPARSEBENCH_DATA */
    const char *tuning;      /* as for run: FILE, "none", NULL: $SPARSEBENCH_TUNING or the device's */
    sb_params params;        /* --param, as for run */
    sb_config_filter filter; /* as for run */
} sb_build_options;

/* OK every program built and saved; FAILED one was not; BAD_INPUT a config, selection or tuning
 * database error (nothing built). Messages go through the sink. */
sb_outcome sb_build(const sb_build_options *opt);

#endif
