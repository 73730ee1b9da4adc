/* `sparsebench tune CONFIG.yaml [options]`: search the kernels' tunables on the config's cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cli.h"
#include "tune/tuner.h"

static const char *usage =
    "usage: sparsebench tune CONFIG.yaml [--device SEL] [--db FILE] [--data-dir DIR]\n"
    "                        [--sparsity LIST] [--N LIST] [--kernels LIST] [--batch B] [--passes P]\n"
    "  Searches each kernel's parameters per shape class (kernel, block, size and density of A,\n"
    "  bucket of N) on the config's cases, validating every candidate, and stores the winners in\n"
    "  the device's tuning database (default: in ~/.cache/sparsebench/tuning/), which later runs\n"
    "  apply.\n";

int sb_cmd_tune(int argc, char **argv)
{
    sb_tune_options opt;
    memset(&opt, 0, sizeof opt);
    sb_cli_filter filter;
    sb_cli_filter_init(&filter);
    int status = 2;
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
        if (a[0] == '-' && !val) {
            fprintf(stderr, "sparsebench: %s needs a value\n%s", a, usage);
            goto out;
        }
        if (strcmp(a, "--device") == 0)
            opt.device_sel = argv[++i];
        else if (strcmp(a, "--db") == 0)
            opt.db_path = argv[++i];
        else if (strcmp(a, "--data-dir") == 0)
            opt.data_dir = argv[++i];
        else if (strcmp(a, "--passes") == 0)
            opt.passes = atoi(argv[++i]);
        else if (a[0] == '-') {
            fprintf(stderr, "sparsebench: unknown option %s\n%s", a, usage);
            goto out;
        } else if (!opt.config_path)
            opt.config_path = a;
        else {
            fprintf(stderr, "sparsebench: one config at a time\n%s", usage);
            goto out;
        }
    }
    if (!opt.config_path) {
        fprintf(stderr, "sparsebench: tune needs a config file\n%s", usage);
        goto out;
    }
    opt.filter = filter.filter;
    status = sb_tune(&opt);
out:
    sb_cli_filter_free(&filter);
    return status;
}
