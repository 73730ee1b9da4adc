/* `sparsebench report RESULT_DIR... [--out DIR] [--no-plots] [--force]` */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_cli.h"
#include "sb_report.h"
#include "sb_util.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: sparsebench report RESULT_DIR... [--out DIR] [--no-plots] [--force]\n"
        "\n"
        "Merges result directories of `sparsebench run` (any machines, vendors, dates) into\n"
        "DIR/report.md, DIR/merged.csv, DIR/devices.csv (+ DIR/models.csv) and plots.\n"
        "\n"
        "  --out DIR    where to write (default: report/ in the current directory)\n"
        "  --no-plots   do not run tools/plot_report.py\n"
        "  --force      write into DIR even if it is not empty (files are overwritten)\n"
        "\n"
        "Plots need python3 with matplotlib (SB_PYTHON names another interpreter); without them\n"
        "the report says why and everything else is still written.\n");
}

/* 1 if path is a directory holding anything but . and .. */
static int dir_has_entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)))
        found = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return found;
}

static int prepare_out_dir(const char *out, int force, sb_error *err)
{
    if (sb_file_exists(out))
        return sb_fail(err, "%s: exists and is not a directory", out);
    if (sb_is_dir(out) && dir_has_entries(out) && !force)
        return sb_fail(err, "%s: not empty; use --force to overwrite or --out to pick another "
                       "directory", out);
    return sb_mkdirs(out, err);
}

int sb_cmd_report(int argc, char **argv)
{
    const char *out = "report";
    int plots = 1, force = 0;
    const char **dirs = sb_calloc((size_t)(argc > 0 ? argc : 1), sizeof *dirs);
    int n_dirs = 0, rc = 2;
    sb_report *report = NULL;
    char *script = NULL;
    sb_error err = {{0}};

    /* argv[0] is "report" (or the driver's name); options may come anywhere. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            rc = 0;
            goto done;
        } else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "sparsebench report: %s needs a directory\n", a);
                goto done;
            }
            out = argv[++i];
        } else if (strncmp(a, "--out=", 6) == 0) {
            out = a + 6;
        } else if (strcmp(a, "--no-plots") == 0) {
            plots = 0;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "sparsebench report: unknown option '%s'\n", a);
            usage(stderr);
            goto done;
        } else {
            dirs[n_dirs++] = a;
        }
    }
    if (n_dirs == 0 || !*out) {
        fprintf(stderr, "sparsebench report: %s\n",
                n_dirs == 0 ? "no result directory given" : "--out needs a directory");
        usage(stderr);
        goto done;
    }

    if (sb_report_load(&report, dirs, n_dirs, &err) != 0 ||
        prepare_out_dir(out, force, &err) != 0) {
        fprintf(stderr, "sparsebench report: %s\n", err.msg);
        goto done;
    }
    const char *home = sb_home_dir();
    script = home ? sb_path_join(home, "tools/plot_report.py") : NULL;
    sb_report_options opt = {.plots = plots, .plot_script = script, .python = getenv("SB_PYTHON")};
    if (sb_report_write(report, out, &opt, &err) != 0) {
        fprintf(stderr, "sparsebench report: %s\n", err.msg);
        goto done;
    }
    int n_warn = sb_report_n_warnings(report);
    printf("report: wrote %s/report.md and %s/merged.csv from %d run(s), %d device(s)\n", out, out,
           n_dirs, sb_report_n_devices(report));
    if (opt.plots_skipped[0])
        printf("report: plots skipped: %s\n", opt.plots_skipped);
    else
        printf("report: %d plot(s) in %s/plots\n", opt.n_plots, out);
    if (n_warn)
        fprintf(stderr, "report: %d warning(s), listed under Warnings in %s/report.md\n", n_warn,
                out);
    rc = 0;
done:
    sb_report_free(report);
    free(script);
    free(dirs);
    return rc;
}
