/* The output folder of report and compare (internal to src/cli/). */
#ifndef SB_CLI_OUT_DIR_H
#define SB_CLI_OUT_DIR_H

#include "sb_util.h"

/* Creates out (and its parents); refuses a file of that name, and a non-empty directory unless
 * force (its files are then overwritten). */
int sb_cli_prepare_out_dir(const char *out, int force, sb_error *err);

#endif
