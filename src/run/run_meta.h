/* run.json: what ran, where, with what (ARCHITECTURE.md, "What every run records"). */
#ifndef SB_RUN_META_H
#define SB_RUN_META_H

#include <cjson/cJSON.h>
#include "sb_cl.h"
#include "sb_config.h"
#include "sb_peak.h"

/* A device's properties and matched profile as JSON (`devices --json` and run.json). */
cJSON *sb_device_json(const sb_device *dev);

/* The run's metadata object without devices; add them with sb_run_meta_add_device. */
cJSON *sb_run_meta_new(const sb_config *cfg, const char *command_line);
/* Device properties, profile, build options, tunables and roofline (env may be NULL if it
 * failed; peak NULL or with gflops 0 when not measured); tensor_cores: the probe's verdict on
 * the device's tensor-core path ("" when it has none). */
void sb_run_meta_add_device(cJSON *meta, const sb_device *dev, const sb_cl_env *env,
                            const char *tensor_cores, const sb_peak *peak);
/* run.json's "system" (src/run/host_info.c): OS, CPU model, governor, library versions and the
 * load average now ("load_average": {"start": [1, 5, 15 min]}); sb_run_meta_write adds "end". */
cJSON *sb_system_json(void);
/* The host's load average now as [1, 5, 15 min] (null when unreadable). */
cJSON *sb_load_average_json(void);

/* How the cases were timed ("measurement": the timer the speedups use, warm or cold caches, what
 * batch_ms is) and, for device i (in the order they were added), the cold-cache scrub's size and
 * the cache size the device reports (0, 0 when warm). */
void sb_run_meta_add_measurement(cJSON *meta, int device_i, sb_timer_mode timer,
                                 sb_cache_mode cache, size_t scrub_bytes, size_t cache_bytes);
/* Sets "state" and writes dir/run.json atomically (never in place: a full disk keeps the last
 * good copy). States: "running" (written before the first case), "finished" (every case done;
 * "finished" gets the time too), "stopped" (a write error ended the run), "interrupted"
 * (SIGINT/SIGTERM; --resume continues it). */
int sb_run_meta_write(cJSON *meta, const char *dir, const char *state, sb_error *err);

#endif
