/* Subcommands of the sparsebench executable; each lives in src/cli/cmd_<name>.c and returns the
 * process exit status (0 ok, 1 a case or device failed, 2 usage or input error). argv[0] is the
 * subcommand's name, as for a main(). */
#ifndef SB_CLI_H
#define SB_CLI_H

#include "sb_config.h"

int sb_cmd_devices(int argc, char **argv);
int sb_cmd_run(int argc, char **argv);
int sb_cmd_report(int argc, char **argv);
int sb_cmd_peak(int argc, char **argv);
int sb_cmd_tune(int argc, char **argv);
int sb_cmd_build(int argc, char **argv);

/* --sparsity LIST / --N LIST / --kernels LIST, shared by the commands that take a config. */
typedef struct sb_cli_filter {
    sb_config_filter filter; /* points into the arrays below */
    double *sparsities;
    int *n_values;
    char **kernels;
} sb_cli_filter;
void sb_cli_filter_init(sb_cli_filter *f);
/* 1: opt was a filter option and took val; 0: not a filter option; -1: bad value (printed). */
int sb_cli_filter_option(sb_cli_filter *f, const char *opt, const char *val);
void sb_cli_filter_free(sb_cli_filter *f);

/* Where installed or source-tree data lives (cl_kernels/, platforms/, configs/, tools/):
 * $SPARSEBENCH_HOME, else <exe>/../share/sparsebench, else the source tree it was built from. */
const char *sb_home_dir(void);

#endif
