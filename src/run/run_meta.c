/* run.json writer (see run_meta.h). */
#include "sb_version.h"
#include "run_meta.h"
#include "sb_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_plan.h"
#include "sb_profile.h"
#include "sb_store.h"

cJSON *sb_run_meta_new(const sb_config *cfg, const char *command_line)
{
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddNumberToObject(meta, "schema_version", SB_SCHEMA_VERSION); /* sb_schema.h */
    cJSON *tool = cJSON_AddObjectToObject(meta, "tool");
    cJSON_AddStringToObject(tool, "name", "sparsebench");
    cJSON_AddStringToObject(tool, "version", SB_VERSION);
    cJSON_AddStringToObject(tool, "commit", SB_GIT_COMMIT);
    char host[256] = "unknown";
    gethostname(host, sizeof host - 1);
    cJSON_AddStringToObject(meta, "host", host);
    char now[64];
    sb_utc_iso(now, sizeof now);
    cJSON_AddStringToObject(meta, "started", now);
    cJSON_AddNullToObject(meta, "finished");
    cJSON_AddStringToObject(meta, "state", "running");
    cJSON_AddStringToObject(meta, "command_line", command_line ? command_line : "");
    cJSON_AddStringToObject(meta, "timer",
                            "median_ms etc.: host monotonic clock around enqueue + clFinish, for "
                            "every kernel; event_median_ms: sum of OpenCL profiling events "
                            "(absent for CLBlast, whose event covers only its last kernel)");
    cJSON_AddItemToObject(meta, "config", sb_config_to_json(cfg));
    cJSON_AddItemToObject(meta, "system", sb_system_json());
    cJSON_AddArrayToObject(meta, "devices");
    return meta;
}

cJSON *sb_device_json(const sb_device *dev)
{
    cJSON *d = cJSON_CreateObject();
    char idx[16];
    cJSON_AddStringToObject(d, "index", sb_device_index(dev, idx, sizeof idx));
    cJSON_AddStringToObject(d, "id", dev->stable_id);
    cJSON_AddStringToObject(d, "platform", dev->platform_name);
    cJSON_AddStringToObject(d, "platform_vendor", dev->platform_vendor);
    cJSON_AddStringToObject(d, "platform_version", dev->platform_version);
    cJSON_AddStringToObject(d, "name", dev->name);
    cJSON_AddStringToObject(d, "vendor", dev->vendor);
    cJSON_AddStringToObject(d, "driver_version", dev->driver_version);
    cJSON_AddStringToObject(d, "opencl_version", dev->version);
    cJSON_AddStringToObject(d, "opencl_c_version", dev->opencl_c_version);
    cJSON_AddStringToObject(d, "type", sb_devtype_name(dev->type));
    cJSON_AddNumberToObject(d, "compute_units", dev->compute_units);
    cJSON_AddNumberToObject(d, "max_clock_mhz", dev->max_clock_mhz);
    cJSON_AddNumberToObject(d, "native_vector_width_float", dev->native_vec_float);
    cJSON_AddNumberToObject(d, "max_work_group_size", (double)dev->max_work_group_size);
    cJSON_AddNumberToObject(d, "global_mem_bytes", (double)dev->global_mem_bytes);
    cJSON_AddNumberToObject(d, "max_alloc_bytes", (double)dev->max_alloc_bytes);
    cJSON_AddNumberToObject(d, "local_mem_bytes", (double)dev->local_mem_bytes);
    cJSON_AddBoolToObject(d, "fp16", dev->fp16);
    cJSON_AddBoolToObject(d, "fp64", dev->fp64);
    cJSON_AddBoolToObject(d, "compiler_available", dev->compiler_available);
    cJSON_AddStringToObject(d, "profile", dev->profile ? dev->profile->name : "");
    /* what the profile decides (src/plan/device_rules.c): the fp32 dense baseline ("clblast", or
     * "dense" where CLBlast cannot run), the baseline of each precision ("" where no dense kernel
     * computes it: fp16 is CLBlast's HGEMM with cl_khr_fp16, else tc_dense on tensor cores, else
     * the suite's dense) and each kernel a config's name runs as where that is another (csr as
     * csr_task where the profile says task_kernels) */
    const sb_kernel_spec *base = sb_plan_baseline(dev, SB_PRECISION_FP32);
    cJSON_AddStringToObject(d, "baseline", base ? base->name : "");
    cJSON *bases = cJSON_AddObjectToObject(d, "baselines");
    for (int p = 0; p < SB_PRECISION_COUNT; p++) {
        const sb_kernel_spec *b = sb_plan_baseline(dev, (sb_precision)p);
        cJSON_AddStringToObject(bases, sb_precision_name((sb_precision)p), b ? b->name : "");
    }
    cJSON *as = cJSON_AddObjectToObject(d, "runs_as");
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++) {
        const sb_kernel_spec *r = sb_plan_kernel_as_run(*k, dev);
        if (r && r != *k)
            cJSON_AddStringToObject(as, (*k)->name, r->name);
    }
    return d;
}

void sb_run_meta_add_device(cJSON *meta, const sb_device *dev, const sb_cl_env *env,
                            const char *tensor_cores, const sb_peak *peak)
{
    cJSON *d = sb_device_json(dev);
    cJSON_AddStringToObject(d, "tensor_cores", tensor_cores ? tensor_cores : "");
    cJSON_AddStringToObject(d, "build_options", env ? env->build_options : "");
    /* where the kernels' programs come from (platforms/README.md) */
    cJSON_AddStringToObject(d, "programs", !env                ? ""
                                           : env->binary_mode  ? "binary"
                                           : env->cache_dir    ? "source, program cache"
                                                               : "source");
    if (env)
        cJSON_AddStringToObject(d, "clblast_parameters", env->clblast_params[0]
                                                             ? env->clblast_params
                                                             : "CLBlast's own database");
    if (env && env->events_checked && !env->events_trusted)
        cJSON_AddStringToObject(d, "timer_note", env->events_note);
    if (env && env->binary_mode)
        cJSON_AddStringToObject(d, "binary_dir", env->binary_dir);
    cJSON *params = cJSON_AddObjectToObject(d, "params");
    for (int i = 0; env && i < env->params.count; i++)
        cJSON_AddStringToObject(params, env->params.items[i].key, env->params.items[i].value);
    if (peak && peak->gflops > 0) {
        cJSON *p = cJSON_AddObjectToObject(d, "peak");
        sb_peak_json_add(p, peak); /* the fields the cache file and `peak --json` have */
    }
    cJSON_AddItemToArray(cJSON_GetObjectItem(meta, "devices"), d);
}

void sb_run_meta_add_measurement(cJSON *meta, int device_i, sb_timer_mode timer,
                                 sb_cache_mode cache, size_t scrub_bytes, size_t cache_bytes)
{
    if (!cJSON_GetObjectItem(meta, "measurement")) {
        cJSON *m = cJSON_AddObjectToObject(meta, "measurement");
        cJSON_AddStringToObject(m, "speedup_timer", sb_timer_mode_name(timer));
        cJSON_AddStringToObject(m, "cache", sb_cache_mode_name(cache));
        cJSON_AddStringToObject(m, "latency", "median_ms: one enqueue + clFinish per run, host "
                                              "clock");
        cJSON_AddStringToObject(m, "batch", "batch_ms: batch_size back-to-back enqueues and one "
                                            "clFinish, time / batch_size, median of 3 batches");
        cJSON_AddStringToObject(m, "baseline", "baseline_ms, baseline_batch_ms: the dense baseline "
                                               "timed run for run beside each kernel");
        cJSON_AddStringToObject(m, "cold", cache == SB_CACHE_COLD
                                               ? "a scrub buffer (devices[].cache_scrub_bytes) is "
                                                 "read before every timed run, untimed"
                                               : "not used: operands stay in cache between runs");
    }
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(meta, "devices"), device_i);
    if (d && cache == SB_CACHE_COLD) {
        cJSON_AddNumberToObject(d, "cache_scrub_bytes", (double)scrub_bytes);
        cJSON_AddNumberToObject(d, "reported_cache_bytes", (double)cache_bytes);
    }
}

int sb_run_meta_write(cJSON *meta, const char *dir, const char *state, sb_error *err)
{
    cJSON_ReplaceItemInObjectCaseSensitive(meta, "state", cJSON_CreateString(state));
    cJSON *load = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(meta, "system"),
                                                   "load_average");
    if (cJSON_IsObject(load) && strcmp(state, "running") != 0) { /* when the run ended */
        cJSON_DeleteItemFromObjectCaseSensitive(load, "end");
        cJSON_AddItemToObject(load, "end", sb_load_average_json());
    }
    if (strcmp(state, "finished") == 0) {
        char now[64];
        sb_utc_iso(now, sizeof now);
        cJSON_ReplaceItemInObject(meta, "finished", cJSON_CreateString(now));
    }
    char *path = sb_path_join(dir, "run.json");
    int rc = sb_write_json_atomic(path, meta, err);
    free(path);
    return rc;
}
