/* `sparsebench peak [--device SEL] [--json] [--refresh]`: each selected device's measured FP32
 * peak, copy bandwidth and launch floors, alone and back to back (cached per device and driver;
 * --refresh measures again). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/session.h"
#include "options.h"
#include "sb_cli.h"
#include "sb_device.h"
#include "sb_peak.h"
#include "sb_profile.h"

enum { O_DEVICE, O_JSON, O_REFRESH, N_OPTS };
static const sb_opt opts[N_OPTS] = {
    [O_DEVICE] = {"device", 0, "SEL", "the devices to measure: all (default) | P:D | gpu | cpu |\n"
                                      "accelerator | a name substring; comma-separated"},
    [O_JSON] = {"json", 0, NULL, "print a JSON array instead of the table"},
    [O_REFRESH] = {"refresh", 0, NULL, "measure again instead of reading the cache"},
};
static const sb_command_spec spec = {
    "peak", "[--device SEL] [--json] [--refresh]",
    "Measures each selected device's FP32 peak (independent FMA chains, vector widths 1-16) and\n"
    "copy bandwidth, the roofline under every result, and its launch floor (the median time of a\n"
    "kernel that does nothing: no kernel, however small, takes less), alone and back to back\n"
    "(about the least a result's batch_event_ms reads). The numbers are cached per device and\n"
    "driver in $SPARSEBENCH_CACHE/peak (default ~/.cache/sparsebench/peak).\n",
    opts, N_OPTS, NULL};

typedef struct peak_result {
    const sb_device *dev;
    sb_peak peak;
    int ok;
    char *cache_file;
    char error[2048];
} peak_result;

/* Opens the device, reads or measures its peak. A failure is recorded in r, not fatal. */
static void peak_of(sb_device *dev, const char *kernel_dir, int refresh, peak_result *r)
{
    sb_cl_env env;
    sb_error err;
    r->dev = dev;
    r->cache_file = sb_peak_cache_path(dev);
    if (sb_cl_env_create(&env, dev, kernel_dir, &err)) {
        snprintf(r->error, sizeof r->error, "%s", err.msg);
        return;
    }
    if (refresh || !r->cache_file || !sb_file_exists(r->cache_file))
        fprintf(stderr, "measuring the peak of %d:%d %s (a few seconds)...\n", dev->platform_index,
                dev->device_index, dev->name);
    if (sb_peak_get(&env, refresh, &r->peak, &err))
        snprintf(r->error, sizeof r->error, "%s", err.msg);
    else
        r->ok = 1;
    if (env.events_checked && !env.events_trusted)
        fprintf(stderr, "note: %s\n", env.events_note);
    sb_cl_env_release(&env);
}

static cJSON *result_json(const peak_result *r)
{
    cJSON *o = cJSON_CreateObject();
    char idx[16];
    cJSON_AddStringToObject(o, "index", sb_device_index(r->dev, idx, sizeof idx));
    cJSON_AddStringToObject(o, "device", r->dev->name);
    cJSON_AddStringToObject(o, "platform", r->dev->platform_name);
    cJSON_AddStringToObject(o, "driver", r->dev->driver_version);
    if (!r->ok) {
        cJSON_AddStringToObject(o, "error", r->error);
        return o;
    }
    const sb_peak *p = &r->peak;
    sb_peak_json_add(o, p);
    cJSON_AddBoolToObject(o, "cached", p->cached);
    if (r->cache_file)
        cJSON_AddStringToObject(o, "cache_file", r->cache_file);
    else
        cJSON_AddNullToObject(o, "cache_file");
    return o;
}

static void print_table(const peak_result *res, int n)
{
    printf("%-5s %-34s %10s %4s %9s %9s %7s %-8s %s\n", "index", "device", "GFLOP/s", "vec",
           "GB/s", "launch us", "b2b us", "source", "method");
    for (int i = 0; i < n; i++) {
        const peak_result *r = &res[i];
        char idx[16];
        sb_device_index(r->dev, idx, sizeof idx);
        if (!r->ok) {
            printf("%-5s %-34.34s failed (see the message above)\n", idx, r->dev->name);
            continue;
        }
        char launch[16] = "-", b2b[16] = "-"; /* '-': a cache file from before they were measured */
        if (r->peak.launch_us > 0)
            snprintf(launch, sizeof launch, "%.1f", r->peak.launch_us);
        if (r->peak.launch_b2b_us > 0)
            snprintf(b2b, sizeof b2b, "%.2f", r->peak.launch_b2b_us);
        printf("%-5s %-34.34s %10.1f %4d %9.1f %9s %7s %-8s %s\n", idx, r->dev->name,
               r->peak.gflops, r->peak.best_vec, r->peak.gbps, launch, b2b,
               r->peak.cached ? "cache" : "measured", r->peak.method);
    }
}

int sb_cmd_peak(int argc, char **argv)
{
    const char *sel = "all";
    int json = 0, refresh = 0;
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int o;
    const char *val;
    while ((o = sb_opt_next(&p, &val)) >= 0) {
        switch (o) {
        case O_DEVICE: sel = val; break;
        case O_JSON: json = 1; break;
        case O_REFRESH: refresh = 1; break;
        }
    }
    if (o == SB_OPT_DONE && p.optind < argc)
        p.exit_status = sb_usage_error(&spec, "unexpected argument '%s'", argv[p.optind]);
    sb_opt_end(&p);
    if (o == SB_OPT_EXIT || p.optind < argc)
        return p.exit_status;
    /* the profile gives the build options the kernels are compiled with */
    sb_session ses;
    sb_outcome status = sb_session_open(&ses, sel, NULL);
    if (status != SB_OUTCOME_OK) {
        sb_session_close(&ses);
        return sb_cli_exit_code(status);
    }
    const int n_sel = ses.n_sel;
    peak_result *res = sb_calloc((size_t)n_sel, sizeof *res);
    for (int i = 0; i < n_sel; i++) {
        peak_of(&ses.devs[ses.sel[i]], ses.kernel_dir, refresh, &res[i]);
        if (!res[i].ok) {
            fprintf(stderr, "sparsebench: %s\n", res[i].error);
            status = SB_OUTCOME_FAILED;
        }
    }
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < n_sel; i++)
            cJSON_AddItemToArray(arr, result_json(&res[i]));
        if (sb_cli_print_json(arr))
            status = SB_OUTCOME_FAILED;
    } else {
        print_table(res, n_sel);
    }
    for (int i = 0; i < n_sel; i++)
        free(res[i].cache_file);
    free(res);
    sb_session_close(&ses);
    return sb_cli_exit_code(status);
}
