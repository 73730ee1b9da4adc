/* The devices of a run, opened before anything is written (src/run/run_devices.c). */
#ifndef SB_RUN_DEVICES_H
#define SB_RUN_DEVICES_H

#include "sb_cl.h"
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
    char error[2048];     /* why not */
} run_device;

/* Every device's runtime, energy meter, roofline and programs: rds[i] for plan->devices[i]. A
 * device whose runtime cannot start fails its cases (rds[i].error); one that needs binaries none
 * were given for is skipped (rds[i].skip); binaries that do not match, or no device able to run
 * the config, make the outcome BAD_INPUT. */
sb_outcome sb_run_open_devices(run_device *rds, const sb_plan *plan, const char *kernel_dir,
                               const char *binaries_dir);

#endif
