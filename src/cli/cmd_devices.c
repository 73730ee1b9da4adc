/* `sparsebench devices [--json]`: every OpenCL device and the profile that matches it. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/run_meta.h"
#include "run/session.h"
#include "options.h"
#include "sb_cli.h"
#include "sb_device.h"
#include "sb_profile.h"

enum { O_JSON, N_OPTS };
static const sb_opt opts[N_OPTS] = {
    [O_JSON] = {"json", 0, NULL, "print a JSON array (every property) instead of the table"},
};
static const sb_command_spec spec = {
    "devices", "[--json]",
    "Lists every OpenCL device of every platform with its properties and the profile\n"
    "(platforms/*.yaml) that matches it. The index P:D selects a device in the other commands.\n",
    opts, N_OPTS, NULL};
static int imax(int a, int b) { return a > b ? a : b; }

int sb_cmd_devices(int argc, char **argv)
{
    int json = 0, o;
    const char *val;
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    while ((o = sb_opt_next(&p, &val)) >= 0)
        if (o == O_JSON)
            json = 1;
    if (o == SB_OPT_DONE && p.optind < argc)
        p.exit_status = sb_usage_error(&spec, "unexpected argument '%s'", argv[p.optind]);
    sb_opt_end(&p);
    if (o == SB_OPT_EXIT || p.optind < argc)
        return p.exit_status;
    sb_session ses;
    sb_outcome opened = sb_session_open(&ses, "all", NULL);
    if (opened != SB_OUTCOME_OK) {
        sb_session_close(&ses);
        return sb_cli_exit_code(opened);
    }
    const sb_device *devs = ses.devs;
    const int n = ses.n_devs;
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < n; i++)
            cJSON_AddItemToArray(arr, sb_device_json(&devs[i]));
        if (sb_cli_print_json(arr)) {
            sb_session_close(&ses);
            return sb_cli_exit_code(SB_OUTCOME_FAILED);
        }
    } else {
        /* names are never cut: each column is as wide as its longest entry */
        int w_id = 2, w_plat = 8, w_name = 6, w_vendor = 6;
        for (int i = 0; i < n; i++) {
            w_id = imax(w_id, (int)strlen(devs[i].stable_id));
            w_plat = imax(w_plat, (int)strlen(devs[i].platform_name));
            w_name = imax(w_name, (int)strlen(devs[i].name));
            w_vendor = imax(w_vendor, (int)strlen(devs[i].vendor));
        }
        printf("%-5s %-*s %-*s %-*s %-*s %-11s %-11s %4s %6s %9s %8s %-5s %-5s %-8s %s\n", "index",
               w_id, "id", w_plat, "platform", w_name, "device", w_vendor, "vendor", "type",
               "OpenCL C", "CUs", "MHz", "global", "local", "fp16", "fp64", "compiler", "profile");
        for (int i = 0; i < n; i++) {
            const sb_device *d = &devs[i];
            char idx[16];
            sb_device_index(d, idx, sizeof idx);
            const char *clc = strncmp(d->opencl_c_version, "OpenCL C ", 9) == 0 ? d->opencl_c_version + 9
                                                                              : d->opencl_c_version;
            printf("%-5s %-*s %-*s %-*s %-*s %-11s %-11s %4u %6u %7.1fGB %6.0fKB %-5s %-5s %-8s %s\n",
                   idx, w_id, d->stable_id, w_plat, d->platform_name, w_name, d->name, w_vendor,
                   d->vendor, sb_devtype_name(d->type), clc, d->compute_units, d->max_clock_mhz,
                   d->global_mem_bytes / 1e9, d->local_mem_bytes / 1024.0, d->fp16 ? "yes" : "no",
                   d->fp64 ? "yes" : "no", d->compiler_available ? "yes" : "no",
                   d->profile ? d->profile->name : "-");
        }
        /* a platform the ICD loader found but that lists no device is shown, with why */
        char *empty = sb_platforms_without_devices();
        if (empty[0])
            printf("\nplatforms with no device:\n  %s\n", empty);
        free(empty);
    }
    sb_session_close(&ses);
    return 0;
}
