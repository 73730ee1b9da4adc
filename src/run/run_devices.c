/* The devices of a run (see run_devices.h). */
#include "run_devices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_clblast.h"
#include "sb_profile.h"
#include "sb_sink.h"
#include "sb_tc.h"
#include "sb_timer_check.h"
#include "sb_tuning.h"

/* Every device's runtime, energy meter, roofline and programs, before anything is written.
 * A device whose runtime cannot start fails its cases; binaries that do not match stop the run. */
sb_outcome sb_run_open_devices(run_device *rds, const sb_plan *plan, const char *kernel_dir,
                               const char *binaries_dir, sb_cache_mode cache)
{
    sb_error err;
    int n_skipped = 0;
    for (int i = 0; i < plan->n_devices; i++) {
        run_device *rd = &rds[i];
        rd->dev = plan->devices[i].dev;
        /* a device that needs binaries none were given for is decided on now, before its peak or
         * anything else runs: its cases are skipped with the reason, the other devices run */
        const char *bin_dir;
        if (sb_cl_programs_from(rd->dev, binaries_dir, &bin_dir, rd->error,
                                sizeof rd->error) == SB_PROGRAMS_NONE) {
            rd->skip = 1;
            n_skipped++;
            continue;
        }
        if (sb_cl_env_create(&rd->env, rd->dev, kernel_dir, &err)) {
            snprintf(rd->error, sizeof rd->error, "%s", err.msg);
            sb_error_message("%s", err.msg);
            continue;
        }
        rd->ready = 1;
        /* CLBlast's tuned parameters (tune --dense-only) before CLBlast first runs here */
        const sb_tuning_db *tdb = plan->devices[i].tuning;
        if (tdb && tdb->clblast.count > 0) {
            char warn[1024];
            sb_clblast_apply(rd->dev->id, &tdb->clblast, rd->env.clblast_params,
                             sizeof rd->env.clblast_params, warn, sizeof warn);
            if (warn[0])
                sb_warn("%s: %s", rd->dev->name, warn);
        }
        rd->energy = sb_energy_open(rd->dev, rd->energy_why, sizeof rd->energy_why);
        /* the tensor-core path its profile names, checked by a probe kernel before any case */
        const char *tc_path = rd->dev->profile ? rd->dev->profile->tensor_cores : "";
        if (tc_path[0]) {
            char why[512] = "";
            rd->tc_ok = sb_tc_probe_run(&rd->env, strcmp(tc_path, "emulated") == 0, why, sizeof why);
            snprintf(rd->tc_status, sizeof rd->tc_status, "%s: probe %s%s%s", tc_path,
                     rd->tc_ok ? "passed" : "failed", rd->tc_ok ? "" : ": ", rd->tc_ok ? "" : why);
            if (!rd->tc_ok)
                sb_warn("%s: the tc_* kernels are skipped (%s)", rd->dev->name, rd->tc_status);
        }
        /* its profiling events are checked before any time is taken on it: one note if they
         * cannot be believed (every time is then the host clock's) */
        if (sb_timer_probe(&rd->env, &err))
            sb_warn("%s", err.msg);
        else if (!rd->env.events_trusted)
            sb_note("%s", rd->env.events_note);
        char *peak_file = sb_peak_cache_path(rd->dev);
        int measuring = !peak_file || !sb_file_exists(peak_file);
        free(peak_file);
        double t0 = sb_now_ms();
        if (measuring)
            sb_note("measuring the FP32 peak and bandwidth of %d:%d %s (once per device and "
                    "driver, then cached)...",
                    rd->dev->platform_index, rd->dev->device_index, rd->dev->name);
        if (sb_peak_get(&rd->env, 0, &rd->peak, &err)) {
            sb_warn("no roofline for %s (bound_ms and efficiency stay empty): %s", rd->dev->name,
                    err.msg);
            memset(&rd->peak, 0, sizeof rd->peak);
        } else if (measuring) {
            sb_note("peak of %s: %.4g GFLOP/s, %.4g GB/s (%s; %.0f s)",
                    rd->dev->name, rd->peak.gflops, rd->peak.gbps, rd->peak.method,
                    (sb_now_ms() - t0) / 1e3);
        }
        /* cold caches: the scrub is built now, from source like the peak's kernels */
        if (cache == SB_CACHE_COLD) {
            if (sb_scrub_open(&rd->scrub, &rd->env, &err)) {
                sb_error_message("%s", err.msg);
                return SB_OUTCOME_FAILED;
            }
            rd->scrub_ready = 1;
        }
        /* binaries (--binaries, build: binary) are all verified now, after the peak's own
         * calibration kernels: a binary for another device, driver or source stops the run
         * before any case, with nothing written */
        if (sb_cl_env_setup_programs(&rd->env, binaries_dir, &err)) {
            sb_error_message("%s", err.msg);
            return SB_OUTCOME_BAD_INPUT;
        }
    }
    /* when no selected device can run the config, that is the user's to fix: exit 2 */
    for (int i = 0; i < plan->n_devices; i++) {
        if (!rds[i].skip)
            continue;
        if (n_skipped == plan->n_devices)
            sb_error_message("%s", rds[i].error);
        else
            sb_warn("%s", rds[i].error);
    }
    return n_skipped > 0 && n_skipped == plan->n_devices ? SB_OUTCOME_BAD_INPUT : SB_OUTCOME_OK;
}
