/* `sparsebench run CONFIG.yaml [options]`: parse the command line, then sb_run. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "filter_options.h"
#include "options.h"
#include "sb_cli.h"
#include "sb_run.h"
#include "sb_shard.h"

enum {
    O_DEVICE, O_OUT, O_DATA_DIR, O_SPARSITY, O_N, O_KERNELS, O_BATCH, O_SAVE_CASES,
    O_SAVE_CASES_MAX, O_PROFILE, O_TUNING, O_PARAM, O_BINARIES, O_SHARD, O_RESUME, O_NO_PROGRESS,
    N_OPTS
};
static const sb_opt opts[N_OPTS] = {
    [O_DEVICE] = {"device", 0, "SEL", "the devices to run on: all (default) | P:D | gpu | cpu |\n"
                                        "accelerator | a name substring; comma-separated"},
    [O_OUT] = {"out", 'o', "DIR", "write the results here (default results/CONFIG-UTCTIME)"},
    [O_DATA_DIR] = {"data-dir", 0, "DIR", "where file sources (DLMC, .mtx, .npy) are found\n"
                                          "(default $SPARSEBENCH_DATA)"},
    SB_FILTER_OPTS,
    [O_SAVE_CASES] = {"save-cases", 0, "DIR", "write each case's A (.mtx), B and C (.npy) here"},
    [O_SAVE_CASES_MAX] = {"save-cases-max", 0, "ELEMENTS",
                          "largest M*K or M*N saved by --save-cases (default 1048576)"},
    [O_PROFILE] = {"profile", 0, "NAME", "use platforms/NAME.yaml for the selected devices"},
    [O_TUNING] = {"tuning", 0, "FILE|none", "a tuning database for the device it was made for\n"
                                            "(default $SPARSEBENCH_TUNING; other devices, and all\n"
                                            "without it, use their own from sparsebench tune)"},
    [O_PARAM] = {"param", 0, "FAMILY.NAME=VALUE", "set a kernel tunable for this run, over profile\n"
                                                  "and tuning (e.g. csr_spmm.VEC=8); repeatable"},
    [O_BINARIES] = {"binaries", 0, "DIR", "run every kernel from the binaries sparsebench build\n"
                                          "saved in DIR"},
    [O_SHARD] = {"shard", 0, "I/N", "run only shard I of N of the plan (1 <= I <= N): whole\n"
                                    "matrices with their baseline, whole models; run.json\n"
                                    "records it, report checks the shards (tools/slurm/)"},
    [O_RESUME] = {"resume", 0, "DIR", "continue the interrupted run in DIR: only its cases not yet\n"
                                      "done run, with its config and options (from DIR/run.json);\n"
                                      "a CONFIG given beside it is where the config is now, if it\n"
                                      "moved (its content must be the one the run started with)"},
    [O_NO_PROGRESS] = {"no-progress", 0, NULL, "no progress line on stderr (default when stderr\n"
                                               "is not a terminal)"},
};
static const sb_command_spec spec = {
    "run", "CONFIG.yaml [options] | --resume DIR [CONFIG.yaml]",
    "Runs the experiment CONFIG on the selected devices: every case is validated against a\n"
    "double-precision reference, then timed, next to CLBlast's dense GEMM on the same device.\n",
    opts, N_OPTS,
    "Exit status: 0 every case valid; 1 a case wrong or failed, a write error (the run stops,\n"
    "rows before it kept) or no device; 2 a usage, config or input-file error, or --out holds a\n"
    "run already (nothing was measured); 4 every case skipped (nothing was measured); 130\n"
    "interrupted by SIGINT or SIGTERM (every row so far kept; run.json says \"interrupted\";\n"
    "continue with --resume DIR).\n"};

int sb_cmd_run(int argc, char **argv)
{
    sb_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.save_cases_max = 1 << 20;
    opt.progress = isatty(2);
    sb_cli_filter filter;
    sb_cli_filter_init(&filter);
    sb_strbuf cmdline = {0};
    sb_strbuf_appendf(&cmdline, "sparsebench run");
    for (int i = 1; i < argc; i++) /* argv[0] is "run"; recorded before getopt reorders argv */
        sb_strbuf_appendf(&cmdline, " %s", argv[i]);
    opt.command_line = cmdline.s;

    char *config = NULL;
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int status = 2, o, other_options = 0;
    const char *val;
    while ((o = sb_opt_next(&p, &val)) >= 0) {
        int bad = 0;
        other_options += o != O_RESUME && o != O_NO_PROGRESS;
        switch (o) {
        case O_DEVICE: opt.device_sel = val; break;
        case O_OUT: opt.out_dir = val; break;
        case O_DATA_DIR: opt.data_dir = val; break;
        case O_SPARSITY: case O_N: case O_KERNELS: case O_BATCH:
            bad = sb_cli_filter_option(&filter, &spec, opts[o].name, val);
            break;
        case O_SAVE_CASES: opt.save_cases_dir = val; break;
        case O_SAVE_CASES_MAX:
            bad = sb_opt_integer(&spec, opts[o].name, val, 0, 1LL << 40, &opt.save_cases_max);
            break;
        case O_PROFILE: opt.profile = val; break;
        case O_TUNING: opt.tuning = val; break;
        case O_PARAM: bad = sb_cli_param_option(&spec, &opt.params, val); break;
        case O_BINARIES: opt.binaries_dir = val; break;
        case O_SHARD: {
            sb_error err;
            if (sb_shard_parse(val, &opt.shard, &err) != 0)
                bad = sb_usage_error(&spec, "%s", err.msg);
            break;
        }
        case O_RESUME: opt.resume_dir = val; break;
        case O_NO_PROGRESS: opt.progress = 0; break;
        }
        if (bad)
            goto out;
    }
    if (o == SB_OPT_EXIT) {
        status = p.exit_status;
        goto out;
    }
    if (opt.resume_dir && (other_options || argc - p.optind > 1)) {
        sb_usage_error(&spec, "--resume takes the config and every option from %s/run.json: give "
                              "only --resume DIR (and --no-progress, and the config's new place "
                              "if it moved)", opt.resume_dir);
        goto out;
    }
    if (opt.resume_dir) {
        if (p.optind < argc) /* the config moved: the resume checks it is the same file */
            opt.config_path = config = sb_config_path(argv[p.optind]);
        opt.stop = sb_cli_catch_interrupts();
        status = sb_cli_exit_code(sb_run(&opt));
        goto out;
    }
    if (!(config = sb_cli_config_operand(&spec, argc, argv, p.optind)))
        goto out;
    opt.config_path = config;
    opt.filter = filter.filter;
    opt.stop = sb_cli_catch_interrupts(); /* the run checks it before every case */
    status = sb_cli_exit_code(sb_run(&opt));
out:
    free(config);
    sb_opt_end(&p);
    sb_cli_filter_free(&filter);
    sb_params_free(&opt.params);
    sb_strbuf_free(&cmdline);
    return status;
}
