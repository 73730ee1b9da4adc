/* `sparsebench report RESULT_DIR... [--out DIR] [--no-plots] [--force]`: merge runs into a report. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "out_dir.h"
#include "sb_cli.h"
#include "sb_report.h"
#include "sb_store.h"
#include "sb_util.h"

enum { O_OUT, O_NO_PLOTS, O_FORCE, N_OPTS };
static const sb_opt opts[N_OPTS] = {
    [O_OUT] = {"out", 'o', "DIR", "where to write (default: report/ in the current directory)"},
    [O_NO_PLOTS] = {"no-plots", 0, NULL, "do not run tools/plot_report.py"},
    [O_FORCE] = {"force", 0, NULL, "write into DIR even if it is not empty (files are overwritten)"},
};
static const sb_command_spec spec = {
    "report", "RESULT_DIR... [options]",
    "Merges result directories of `sparsebench run` (any machines, vendors, dates) into\n"
    "DIR/report.md, DIR/merged.csv, DIR/devices.csv (+ DIR/models.csv) and plots.\n",
    opts, N_OPTS,
    "Plots need python3 with matplotlib (SPARSEBENCH_PYTHON names another interpreter); without\n"
    "them the report says why and everything else is still written.\n"
    "Shards of a study (run --shard I/N) are checked: exit status 1 (the report is still\n"
    "written) when one is missing, there twice or did not finish. Exit status 1 also when a\n"
    "file could not be written (a full disk); 2 on bad input.\n"};

int sb_cmd_report(int argc, char **argv)
{
    const char *out = "report";
    int plots = 1, force = 0;
    const char **dirs = sb_calloc((size_t)(argc > 0 ? argc : 1), sizeof *dirs);
    int n_dirs = 0, rc = 2;
    sb_report *report = NULL;
    char *script = NULL;
    sb_error err = {{0}};

    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int o;
    const char *val;
    while ((o = sb_opt_next(&p, &val)) >= 0) {
        switch (o) {
        case O_OUT: out = val; break;
        case O_NO_PLOTS: plots = 0; break;
        case O_FORCE: force = 1; break;
        }
    }
    sb_opt_end(&p);
    if (o == SB_OPT_EXIT) {
        rc = p.exit_status;
        goto done;
    }
    for (int i = p.optind; i < argc; i++)
        dirs[n_dirs++] = argv[i];
    if (n_dirs == 0 || !*out) {
        sb_usage_error(&spec, "%s", n_dirs == 0 ? "no result directory given"
                                                : "--out needs a directory");
        goto done;
    }

    if (sb_report_load(&report, dirs, n_dirs, &err) != 0 ||
        sb_cli_prepare_out_dir(out, force, &err) != 0) {
        fprintf(stderr, "sparsebench report: %s\n", err.msg);
        goto done;
    }
    const char *home = sb_home_dir();
    script = home ? sb_path_join(home, "tools/plot_report.py") : NULL;
    sb_report_options opt = {.plots = plots, .plot_script = script, .python = getenv("SPARSEBENCH_PYTHON")};
    if (sb_report_write(report, out, &opt, &err) != 0) {
        fprintf(stderr, "sparsebench report: %s\n", err.msg);
        rc = 1; /* a file not written (a full disk): exit 1, as run */
        goto done;
    }
    int n_warn = sb_report_n_warnings(report);
    printf("report: wrote %s/report.md and %s/merged.csv from %d run(s), %d device(s)\n", out, out,
           n_dirs, sb_report_n_devices(report));
    if (opt.plots_skipped[0])
        printf("report: plots skipped: %s\n", opt.plots_skipped);
    else
        printf("report: %d plot(s) in %s/plots\n", opt.n_plots, out);
    for (int i = 0; i < sb_report_n_shard_notes(report); i++)
        printf("report: shards: %s\n", sb_report_shard_note(report, i));
    if (n_warn)
        fprintf(stderr, "report: %d warning(s), listed under Warnings in %s/report.md\n", n_warn,
                out);
    rc = sb_report_shards_complete(report) ? 0 : 1;
done:
    sb_report_free(report);
    free(script);
    free(dirs);
    return rc;
}
