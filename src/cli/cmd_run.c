/* `sparsebench run CONFIG.yaml [options]`: parse the command line, then sb_run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_cli.h"
#include "sb_run.h"

static const char *usage =
    "usage: sparsebench run CONFIG.yaml [--device SEL] [--out DIR] [--data-dir DIR]\n"
    "                       [--sparsity LIST] [--N LIST] [--kernels LIST]\n"
    "                       [--save-cases DIR] [--save-cases-max ELEMENTS]\n"
    "                       [--profile NAME] [--binaries DIR]\n"
    "  SEL: all (default) | P:D | gpu | cpu | accelerator | a name substring; comma-separated\n"
    "  LIST: comma-separated values that restrict the config (e.g. --sparsity 0.9)\n"
    "  --profile NAME: use platforms/NAME.yaml for the selected devices (e.g. fpga-sim)\n"
    "  --binaries DIR: run every kernel from the binaries sparsebench build saved in DIR\n";

/* Splits "a,b,c" into a malloc'd array of malloc'd strings. */
static char **split(const char *s, int *n)
{
    char *copy = sb_strdup(s), *save = NULL;
    char **out = NULL;
    *n = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        out = sb_realloc(out, sizeof *out * (size_t)(*n + 1));
        out[(*n)++] = sb_strdup(t);
    }
    free(copy);
    return out;
}

static int parse_numbers(const char *flag, const char *s, double **out, int *n)
{
    char **parts = split(s, n);
    *out = sb_calloc((size_t)*n, sizeof **out);
    int bad = *n == 0;
    for (int i = 0; i < *n; i++) {
        char *end;
        (*out)[i] = strtod(parts[i], &end);
        if (*end || end == parts[i]) {
            fprintf(stderr, "sparsebench: %s: '%s' is not a number\n", flag, parts[i]);
            bad = 1;
        }
        free(parts[i]);
    }
    free(parts);
    if (*n == 0)
        fprintf(stderr, "sparsebench: %s needs a comma-separated list\n", flag);
    return bad ? -1 : 0;
}

int sb_cmd_run(int argc, char **argv)
{
    sb_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.save_cases_max = 1 << 20;
    opt.progress = isatty(2);
    double *sparsities = NULL, *ns = NULL;
    int *n_values = NULL, n_ns = 0, status = 2;
    char **kernels = NULL;
    sb_strbuf cmdline = {0};
    sb_strbuf_appendf(&cmdline, "sparsebench run");
    for (int i = 0; i < argc; i++)
        sb_strbuf_appendf(&cmdline, " %s", argv[i]);
    opt.command_line = cmdline.s;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes_value = a[0] == '-' && strcmp(a, "--no-progress") != 0 && strcmp(a, "--help") != 0;
        if (takes_value && !val) {
            fprintf(stderr, "sparsebench: %s needs a value\n%s", a, usage);
            goto out;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            status = 0;
            goto out;
        } else if (strcmp(a, "--device") == 0) {
            opt.device_sel = val;
        } else if (strcmp(a, "--out") == 0) {
            opt.out_dir = val;
        } else if (strcmp(a, "--profile") == 0) {
            opt.profile_name = val;
        } else if (strcmp(a, "--binaries") == 0) {
            opt.binaries_dir = val;
        } else if (strcmp(a, "--data-dir") == 0) {
            opt.data_dir = val;
        } else if (strcmp(a, "--save-cases") == 0) {
            opt.save_cases_dir = val;
        } else if (strcmp(a, "--save-cases-max") == 0) {
            opt.save_cases_max = atoll(val);
        } else if (strcmp(a, "--no-progress") == 0) {
            opt.progress = 0;
            continue;
        } else if (strcmp(a, "--sparsity") == 0) {
            if (parse_numbers(a, val, &sparsities, &opt.filter.n_sparsities))
                goto out;
            opt.filter.sparsities = sparsities;
        } else if (strcmp(a, "--N") == 0) {
            if (parse_numbers(a, val, &ns, &n_ns))
                goto out;
            n_values = sb_calloc((size_t)n_ns, sizeof *n_values);
            for (int j = 0; j < n_ns; j++)
                n_values[j] = (int)ns[j];
            opt.filter.N = n_values;
            opt.filter.n_N = n_ns;
        } else if (strcmp(a, "--kernels") == 0) {
            kernels = split(val, &opt.filter.n_kernels);
            opt.filter.kernels = kernels;
        } else if (a[0] == '-') {
            fprintf(stderr, "sparsebench: unknown option %s\n%s", a, usage);
            goto out;
        } else if (!opt.config_path) {
            opt.config_path = a;
            continue;
        } else {
            fprintf(stderr, "sparsebench: one config at a time (got %s and %s)\n%s",
                    opt.config_path, a, usage);
            goto out;
        }
        i++; /* the option's value */
    }
    if (!opt.config_path) {
        fprintf(stderr, "sparsebench: run needs a config file\n%s", usage);
        goto out;
    }
    status = sb_run(&opt);
out:
    free(sparsities);
    free(ns);
    free(n_values);
    for (int i = 0; kernels && i < opt.filter.n_kernels; i++)
        free(kernels[i]);
    free(kernels);
    sb_strbuf_free(&cmdline);
    return status;
}
