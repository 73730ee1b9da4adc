/* `sparsebench run CONFIG.yaml [options]`: parse the command line, then sb_run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_cli.h"
#include "sb_run.h"

static const char *usage =
    "usage: sparsebench run CONFIG.yaml [--device SEL] [--out DIR] [--data-dir DIR]\n"
    "                       [--sparsity LIST] [--N LIST] [--kernels LIST] [--batch B]\n"
    "                       [--save-cases DIR] [--save-cases-max ELEMENTS]\n"
    "                       [--profile NAME] [--tuning FILE|none] [--param FAMILY.NAME=VALUE]...\n"
    "                       [--binaries DIR] [--no-progress]\n"
    "  SEL: all (default) | P:D | gpu | cpu | accelerator | a name substring; comma-separated\n"
    "  LIST: comma-separated values that restrict the config (e.g. --sparsity 0.9)\n"
    "  --batch: run every model suite at batch B (N = n_per_sample x B)\n"
    "  --tuning: a tuning database for the device it was made for (default: $SPARSEBENCH_TUNING;\n"
    "            other devices, and all without it, use their own from sparsebench tune)\n"
    "  --param: set a kernel tunable for this run (e.g. csr_spmm.VEC=8), over profile and tuning\n"
    "  --profile NAME: use platforms/NAME.yaml for the selected devices (e.g. fpga-sim)\n"
    "  --binaries DIR: run every kernel from the binaries sparsebench build saved in DIR\n";

int sb_cmd_run(int argc, char **argv)
{
    sb_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.save_cases_max = 1 << 20;
    opt.progress = isatty(2);
    int status = 2;
    sb_cli_filter filter;
    sb_cli_filter_init(&filter);
    sb_strbuf cmdline = {0};
    sb_strbuf_appendf(&cmdline, "sparsebench run");
    for (int i = 1; i < argc; i++) /* argv[0] is "run" */
        sb_strbuf_appendf(&cmdline, " %s", argv[i]);
    opt.command_line = cmdline.s;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int used = sb_cli_filter_option(&filter, a, val);
        if (used < 0)
            goto out;
        if (used > 0) {
            i++;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            status = 0;
            goto out;
        }
        if (strcmp(a, "--no-progress") == 0) {
            opt.progress = 0;
            continue;
        }
        if (a[0] != '-') {
            if (opt.config_path) {
                fprintf(stderr, "sparsebench: one config at a time (got %s and %s)\n%s",
                        opt.config_path, a, usage);
                goto out;
            }
            opt.config_path = a;
            continue;
        }
        if (!val) {
            fprintf(stderr, "sparsebench: %s needs a value\n%s", a, usage);
            goto out;
        }
        if (strcmp(a, "--device") == 0)
            opt.device_sel = val;
        else if (strcmp(a, "--out") == 0)
            opt.out_dir = val;
        else if (strcmp(a, "--data-dir") == 0)
            opt.data_dir = val;
        else if (strcmp(a, "--save-cases") == 0)
            opt.save_cases_dir = val;
        else if (strcmp(a, "--save-cases-max") == 0)
            opt.save_cases_max = atoll(val);
        else if (strcmp(a, "--profile") == 0)
            opt.profile = val;
        else if (strcmp(a, "--binaries") == 0)
            opt.binaries_dir = val;
        else if (strcmp(a, "--tuning") == 0)
            opt.tuning = val;
        else if (strcmp(a, "--param") == 0) {
            const char *eq = strchr(val, '=');
            if (!eq || eq == val || !eq[1] || !strchr(val, '.') || strchr(val, '.') > eq) {
                fprintf(stderr, "sparsebench: --param needs FAMILY.NAME=VALUE (e.g. csr_spmm.VEC=8), "
                                "got '%s'\n", val);
                goto out;
            }
            char *key = sb_strndup(val, (size_t)(eq - val));
            sb_params_set(&opt.params, key, eq + 1);
            free(key);
        }
        else {
            fprintf(stderr, "sparsebench: unknown option %s\n%s", a, usage);
            goto out;
        }
        i++; /* the option's value */
    }
    if (!opt.config_path) {
        fprintf(stderr, "sparsebench: run needs a config file\n%s", usage);
        goto out;
    }
    opt.filter = filter.filter;
    status = sb_run(&opt);
out:
    sb_cli_filter_free(&filter);
    sb_params_free(&opt.params);
    sb_strbuf_free(&cmdline);
    return status;
}
