/* The devices of a run, opened before anything is written (src/run/run_devices.c). */
#ifndef SB_RUN_DEVICES_H
#define SB_RUN_DEVICES_H

#include "scrub.h"
#include "sb_cl.h"
#include "sb_config.h"
#include "sb_energy.h"
#include "sb_outcome.h"
#include "sb_peak.h"
#include "sb_plan.h"

typedef struct run_device {
    sb_device *dev;
    sb_cl_env env;
    int ready;            /* env created */
    int skip;             /* cannot run this config (binaries needed, none given): rows skipped */
    sb_energy_meter *energy;
    char energy_why[256];
    sb_peak peak;         /* measured (or cached) roofline; gflops 0 if it failed */
    int tc_ok;            /* the tensor-core probe passed (its profile names a path) */
    char tc_status[640];  /* "nvidia-mma: probe passed", "...: probe failed: why", "" (no path) */
    sb_scrub scrub;       /* cache: cold: read before every timed run */
    int scrub_ready;
    char error[2048];     /* why not */
} run_device;

/* Every device's runtime, energy meter, roofline and programs: rds[i] for plan->devices[i]. A
 * device whose runtime cannot start fails its cases (rds[i].error); one that needs binaries none
 * were given for is skipped (rds[i].skip); binaries that do not match, or no device able to run
 * the config, make the outcome BAD_INPUT. CLBlast gets the device's tuned parameters (the plan's
 * tuning database) before it first runs there; cache cold: each device's scrub is made (a device
 * where it cannot be is FAILED). */
sb_outcome sb_run_open_devices(run_device *rds, const sb_plan *plan, const char *kernel_dir,
                               const char *binaries_dir, sb_cache_mode cache);

#endif
