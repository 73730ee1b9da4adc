/* `sparsebench tune CONFIG.yaml [options]`: search the kernels' tunables on the config's cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter_options.h"
#include "options.h"
#include "sb_cli.h"
#include "tune/tuner.h"

enum { O_DEVICE, O_DB, O_DATA_DIR, O_SPARSITY, O_N, O_KERNELS, O_BATCH, O_PASSES, O_PROFILE,
       O_PARAM, O_DENSE_ONLY, O_BUDGET, N_OPTS };
static const sb_opt opts[N_OPTS] = {
    [O_DEVICE] = {"device", 0, "SEL", "the devices to tune: all (default) | P:D | gpu | cpu |\n"
                                      "accelerator | a name substring; comma-separated"},
    [O_DB] = {"db", 0, "FILE", "the tuning database to update, of one device (default: each\n"
                               "device's own, in $SPARSEBENCH_TUNING_DIR, else\n"
                               "$XDG_DATA_HOME/sparsebench/tuning,\n"
                               "else ~/.local/share/sparsebench/tuning; one left by an older\n"
                               "version in ~/.cache/sparsebench/tuning is read until tune saves)"},
    [O_DATA_DIR] = {"data-dir", 0, "DIR", "where file sources are found (default $SPARSEBENCH_DATA)"},
    SB_FILTER_OPTS,
    [O_PASSES] = {"passes", 0, "P", "coordinate-descent passes over the tunables (default 2)"},
    [O_PROFILE] = {"profile", 0, "NAME", "use platforms/NAME.yaml for the selected devices (its\n"
                                         "parameters, task_kernels: e.g. fpga-sim)"},
    [O_PARAM] = {"param", 0, "FAMILY.NAME=VALUE", "hold a kernel tunable at this value while the\n"
                                                  "others are searched; repeatable"},
    [O_DENSE_ONLY] = {"dense-only", 0, NULL, "tune only the dense baseline (CLBlast, by its own\n"
                                             "tuners from Debian's clblast-utils)"},
    [O_BUDGET] = {"budget", 0, "MINUTES", "time for CLBlast's tuners per device (default 20; 0:\n"
                                          "leave CLBlast as it is); what they found by then, or\n"
                                          "at Ctrl-C, is kept"},
};
static const sb_command_spec spec = {
    "tune", "CONFIG.yaml [options]",
    "Searches each kernel's parameters per shape class (kernel, block, size and density of A,\n"
    "bucket of N) on the config's cases, validating every candidate, and stores the winners in\n"
    "the device's tuning database, which later runs apply. Then runs CLBlast's own tuners for\n"
    "the dense baseline on the config's shapes, within --budget, and stores CLBlast's parameters\n"
    "beside them (run hands them to CLBlast; --tuning none runs CLBlast as shipped).\n",
    opts, N_OPTS,
    "Exit status: 0 tuned; 1 a device failed or a database could not be saved; 2 a usage,\n"
    "config or input error; 130 interrupted by SIGINT or SIGTERM (the kernel classes tuned\n"
    "before it stay saved; the one under way is dropped).\n"};

int sb_cmd_tune(int argc, char **argv)
{
    sb_tune_options opt;
    memset(&opt, 0, sizeof opt);
    opt.budget_min = -1;
    sb_cli_filter filter;
    sb_cli_filter_init(&filter);
    char *config = NULL;
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int status = 2, o;
    const char *val;
    while ((o = sb_opt_next(&p, &val)) >= 0) {
        int bad = 0;
        long long passes;
        switch (o) {
        case O_DEVICE: opt.device_sel = val; break;
        case O_DB: opt.db_path = val; break;
        case O_DATA_DIR: opt.data_dir = val; break;
        case O_SPARSITY: case O_N: case O_KERNELS: case O_BATCH:
            bad = sb_cli_filter_option(&filter, &spec, opts[o].name, val);
            break;
        case O_PROFILE: opt.profile = val; break;
        case O_PARAM: bad = sb_cli_param_option(&spec, &opt.params, val); break;
        case O_DENSE_ONLY: opt.dense_only = 1; break;
        case O_BUDGET: {
            char *end;
            opt.budget_min = strtod(val, &end);
            if (end == val || *end || !(opt.budget_min >= 0 && opt.budget_min <= 1e6)) {
                sb_usage_error(&spec, "--budget needs minutes, a number >= 0 (got '%s')", val);
                bad = 1;
            }
            break;
        }
        case O_PASSES:
            if (!(bad = sb_opt_integer(&spec, opts[o].name, val, 1, 100, &passes)))
                opt.passes = (int)passes;
            break;
        }
        if (bad)
            goto out;
    }
    if (o == SB_OPT_EXIT) {
        status = p.exit_status;
        goto out;
    }
    if (!(config = sb_cli_config_operand(&spec, argc, argv, p.optind)))
        goto out;
    opt.config_path = config;
    opt.filter = filter.filter;
    opt.stop = sb_cli_catch_interrupts(); /* checked before every candidate */
    status = sb_cli_exit_code(sb_tune(&opt));
out:
    free(config);
    sb_opt_end(&p);
    sb_cli_filter_free(&filter);
    sb_params_free(&opt.params);
    return status;
}
