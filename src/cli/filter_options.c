/* --sparsity / --N / --kernels (restrictions of a config) and --batch (every model at another
 * batch), shared by run, tune and build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cli.h"

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
    *out = sb_calloc((size_t)*n + 1, sizeof **out);
    int bad = *n == 0;
    if (*n == 0)
        fprintf(stderr, "sparsebench: %s needs a comma-separated list\n", flag);
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
    return bad ? -1 : 0;
}

void sb_cli_filter_init(sb_cli_filter *f)
{
    memset(f, 0, sizeof *f);
}

int sb_cli_filter_option(sb_cli_filter *f, const char *opt, const char *val)
{
    int is_filter = strcmp(opt, "--sparsity") == 0 || strcmp(opt, "--N") == 0 ||
                    strcmp(opt, "--kernels") == 0 || strcmp(opt, "--batch") == 0;
    if (!is_filter)
        return 0;
    if (!val) {
        fprintf(stderr, "sparsebench: %s needs a comma-separated list\n", opt);
        return -1;
    }
    if (strcmp(opt, "--batch") == 0) {
        char *end;
        long b = strtol(val, &end, 10);
        if (*end || b < 1 || b > 1 << 20) {
            fprintf(stderr, "sparsebench: --batch needs a whole number >= 1, got '%s'\n", val);
            return -1;
        }
        f->filter.batch = (int)b;
    } else if (strcmp(opt, "--sparsity") == 0) {
        free(f->sparsities);
        if (parse_numbers(opt, val, &f->sparsities, &f->filter.n_sparsities))
            return -1;
        f->filter.sparsities = f->sparsities;
    } else if (strcmp(opt, "--N") == 0) {
        double *ns;
        int n;
        if (parse_numbers(opt, val, &ns, &n)) {
            free(ns);
            return -1;
        }
        free(f->n_values);
        f->n_values = sb_calloc((size_t)n + 1, sizeof *f->n_values);
        for (int j = 0; j < n; j++)
            f->n_values[j] = (int)ns[j];
        free(ns);
        f->filter.N = f->n_values;
        f->filter.n_N = n;
    } else {
        for (int i = 0; f->kernels && i < f->filter.n_kernels; i++)
            free(f->kernels[i]);
        free(f->kernels);
        f->kernels = split(val, &f->filter.n_kernels);
        f->filter.kernels = f->kernels;
    }
    return 1;
}

void sb_cli_filter_free(sb_cli_filter *f)
{
    free(f->sparsities);
    free(f->n_values);
    for (int i = 0; f->kernels && i < f->filter.n_kernels; i++)
        free(f->kernels[i]);
    free(f->kernels);
    memset(f, 0, sizeof *f);
}
