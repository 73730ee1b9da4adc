/* `sparsebench build CONFIG.yaml --out DIR [options]`: parse the command line, then sb_build
 * (src/build/builder.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build/builder.h"
#include "filter_options.h"
#include "options.h"
#include "sb_cli.h"

enum { O_OUT, O_DEVICE, O_PROFILE, O_DATA_DIR, O_TUNING, O_PARAM, O_SPARSITY, O_N, O_KERNELS,
       O_BATCH, N_OPTS };
static const sb_opt opts[N_OPTS] = {
    [O_OUT] = {"out", 'o', "DIR", "save the binaries here (required)"},
    [O_DEVICE] = {"device", 0, "SEL", "the devices to build for: all (default) | P:D | gpu | cpu |\n"
                                      "accelerator | a name substring; comma-separated"},
    [O_PROFILE] = {"profile", 0, "NAME", "use platforms/NAME.yaml for the selected devices\n"
                                         "(e.g. fpga-sim)"},
    [O_DATA_DIR] = {"data-dir", 0, "DIR", "where file sources are found (default $SPARSEBENCH_DATA)"},
    [O_TUNING] = {"tuning", 0, "FILE|none", "the tuning database the run will apply, as for run\n"
                                            "(default $SPARSEBENCH_TUNING, else the device's own)"},
    [O_PARAM] = {"param", 0, "FAMILY.NAME=VALUE", "a kernel tunable the run will set, as for run;\n"
                                                  "repeatable"},
    SB_FILTER_OPTS,
};
static const sb_command_spec spec = {
    "build", "CONFIG.yaml --out DIR [options]",
    "Compiles every program CONFIG needs on each selected device (the plan a run makes, with the\n"
    "same tuning database and --param) and saves the binaries (DIR/<device>/<program>.bin, or\n"
    "the profile's binary_pattern) with a manifest each;\n"
    "then: sparsebench run CONFIG.yaml --device SEL --binaries DIR\n",
    opts, N_OPTS, NULL};

int sb_cmd_build(int argc, char **argv)
{
    sb_build_options o;
    memset(&o, 0, sizeof o);
    sb_cli_filter filter;
    sb_cli_filter_init(&filter);
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int opt, status = 2;
    const char *val;
    char *config = NULL;
    while ((opt = sb_opt_next(&p, &val)) >= 0) {
        int bad = 0;
        switch (opt) {
        case O_OUT: o.out_dir = val; break;
        case O_DEVICE: o.device_sel = val; break;
        case O_PROFILE: o.profile = val; break;
        case O_DATA_DIR: o.data_dir = val; break;
        case O_TUNING: o.tuning = val; break;
        case O_PARAM: bad = sb_cli_param_option(&spec, &o.params, val); break;
        case O_SPARSITY: case O_N: case O_KERNELS: case O_BATCH:
            bad = sb_cli_filter_option(&filter, &spec, opts[opt].name, val);
            break;
        }
        if (bad)
            goto out;
    }
    if (opt == SB_OPT_EXIT) {
        status = p.exit_status;
        goto out;
    }
    if (!(config = sb_cli_config_operand(&spec, argc, argv, p.optind)))
        goto out;
    if (!o.out_dir) {
        sb_usage_error(&spec, "build needs --out DIR (where the program binaries go)");
        goto out;
    }
    o.config_path = config;
    o.filter = filter.filter;
    status = sb_cli_exit_code(sb_build(&o));
out:
    free(config);
    sb_opt_end(&p);
    sb_cli_filter_free(&filter);
    sb_params_free(&o.params);
    return status;
}
