/* --sparsity LIST / --N LIST / --kernels LIST / --batch B: the config restrictions that run and
 * tune take. Internal to src/cli/. */
#ifndef SB_CLI_FILTER_OPTIONS_H
#define SB_CLI_FILTER_OPTIONS_H

#include "options.h"
#include "sb_config.h"
#include "sb_plan.h"

/* The four options' table entries, to put in a command's option table (in this order). */
#define SB_FILTER_OPTS                                                                             \
    {"sparsity", 0, "LIST", "keep only these target sparsities (comma-separated, e.g. 0.9,0.95)"}, \
    {"N", 0, "LIST", "keep only these N, the dense operand's columns (whole numbers)"},          \
    {"kernels", 0, "LIST", "keep only these kernels (comma-separated names)"},                   \
    {"batch", 0, "B", "run every model suite at batch B (N = n_per_sample x B)"}

typedef struct sb_cli_filter {
    sb_config_filter filter; /* points into the arrays below (owned) */
    double *sparsities;
    int *n_values;
    char **kernels;
} sb_cli_filter;

void sb_cli_filter_init(sb_cli_filter *f);
/* opt is one of the SB_FILTER_OPTS names. Returns 0, or -1 after printing a usage error. */
int sb_cli_filter_option(sb_cli_filter *f, const sb_command_spec *spec, const char *opt,
                         const char *val);
void sb_cli_filter_free(sb_cli_filter *f);

/* --param FAMILY.NAME=VALUE (run, tune, build): checked against the kernel's table (sb_spec.h),
 * then set in params. Returns 0, or -1 after printing a usage error naming the tunable. */
int sb_cli_param_option(const sb_command_spec *spec, sb_params *params, const char *val);

#endif
