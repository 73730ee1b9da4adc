/* --sparsity / --N / --kernels (restrictions of a config), --batch (every model at another
 * batch) and --param (a kernel tunable), shared by the commands that take a config. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter_options.h"

/* Splits "a,b,c" into a malloc'd array of malloc'd strings; empty items ("a,,b", "a,") count. */
static char **split(const char *s, int *n)
{
    char **out = NULL;
    *n = 0;
    for (const char *p = s;; p++) {
        size_t len = strcspn(p, ",");
        out = sb_realloc(out, sizeof *out * (size_t)(*n + 1));
        out[(*n)++] = sb_strndup(p, len);
        p += len;
        if (!*p)
            break;
    }
    return out;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Each item of a list must be a number in [lo, hi), or a whole one when whole is set. */
static int parse_numbers(const sb_command_spec *spec, const char *flag, const char *s, double lo,
                         double hi, int whole, double **out, int *n)
{
    char **parts = split(s, n);
    *out = sb_calloc((size_t)*n + 1, sizeof **out);
    int bad = 0;
    for (int i = 0; i < *n && !bad; i++) {
        char *end;
        double v = strtod(parts[i], &end);
        if (!parts[i][0] || *end || !(v >= lo && v < hi) || (whole && v != (double)(long long)v)) {
            sb_usage_error(spec, "--%s: '%s' is not %s%s%s%s", flag, parts[i],
                           whole ? "a whole number >= 1" : "a sparsity in [0, 1)",
                           *n > 1 ? " (in '" : "", *n > 1 ? s : "", *n > 1 ? "')" : "");
            bad = 1;
        }
        (*out)[i] = v;
    }
    free_list(parts, *n);
    return bad ? -1 : 0;
}

void sb_cli_filter_init(sb_cli_filter *f)
{
    memset(f, 0, sizeof *f);
}

int sb_cli_filter_option(sb_cli_filter *f, const sb_command_spec *spec, const char *opt,
                         const char *val)
{
    if (strcmp(opt, "batch") == 0) {
        long long b;
        if (sb_opt_integer(spec, opt, val, 1, 1 << 20, &b))
            return -1;
        f->filter.batch = (int)b;
    } else if (strcmp(opt, "sparsity") == 0) {
        free(f->sparsities);
        if (parse_numbers(spec, opt, val, 0.0, 1.0, 0, &f->sparsities, &f->filter.n_sparsities))
            return -1;
        f->filter.sparsities = f->sparsities;
    } else if (strcmp(opt, "N") == 0) {
        double *ns;
        int n;
        if (parse_numbers(spec, opt, val, 1.0, (double)INT_MAX + 1.0, 1, &ns, &n)) {
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
    } else if (strcmp(opt, "kernels") == 0) {
        int n;
        char **names = split(val, &n);
        for (int i = 0; i < n; i++)
            if (!names[i][0]) {
                sb_usage_error(spec, "--kernels: an empty name in '%s'", val);
                free_list(names, n);
                return -1;
            }
        free_list(f->kernels, f->filter.n_kernels);
        f->kernels = names;
        f->filter.n_kernels = n;
        f->filter.kernels = f->kernels;
    } else {
        sb_usage_error(spec, "--%s is not a filter option", opt);
        return -1;
    }
    return 0;
}

void sb_cli_filter_free(sb_cli_filter *f)
{
    free(f->sparsities);
    free(f->n_values);
    free_list(f->kernels, f->filter.n_kernels);
    memset(f, 0, sizeof *f);
}

int sb_cli_param_option(const sb_command_spec *spec, sb_params *params, const char *val)
{
    const char *eq = strchr(val, '=');
    if (!eq || eq == val || !eq[1] || !strchr(val, '.') || strchr(val, '.') > eq) {
        sb_usage_error(spec, "--param needs FAMILY.NAME=VALUE (e.g. csr_spmm.VEC=8), got '%s'", val);
        return -1;
    }
    char *key = sb_strndup(val, (size_t)(eq - val));
    char why[512];
    int ok = sb_spec_check_param(key, eq + 1, why, sizeof why); /* against the kernel's table */
    if (ok)
        sb_params_set(params, key, eq + 1);
    free(key);
    if (!ok) {
        fprintf(stderr, "sparsebench: --param %s: %s\n", val, why);
        return -1;
    }
    return 0;
}
