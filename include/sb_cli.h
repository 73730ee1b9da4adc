/* Subcommands of the sparsebench executable; each lives in src/cli/cmd_<name>.c and returns the
 * process exit status (0 ok, 1 a case or device failed, 2 usage or input error). argv[0] is the
 * subcommand's name, as for a main(). */
#ifndef SB_CLI_H
#define SB_CLI_H

#include "sb_outcome.h"

int sb_cmd_devices(int argc, char **argv);
int sb_cmd_run(int argc, char **argv);
int sb_cmd_report(int argc, char **argv);
int sb_cmd_compare(int argc, char **argv);
int sb_cmd_peak(int argc, char **argv);
int sb_cmd_tune(int argc, char **argv);
int sb_cmd_build(int argc, char **argv);

/* Installs the sink that prints the library's messages (src/cli/messages.c). */
void sb_cli_install_sink(void);
/* The process exit status of an outcome: OK 0, FAILED 1, BAD_INPUT 2, REGRESSION 3,
 * INTERRUPTED 130 (as a shell reports SIGINT). The one place outcomes become exit codes. */
int sb_cli_exit_code(sb_outcome o);


/* Prints item (a cJSON tree) as JSON on stdout, then frees it. Returns 0, or -1 after saying on
 * stderr that it could not be formatted (cJSON ran out of memory): the caller exits non-zero. */
struct cJSON;
int sb_cli_print_json(struct cJSON *item);

/* The config a command line names: an existing file as given, else a bare NAME or NAME.yaml
 * from the data's configs/ ("run quick" works installed). Malloc'd; the argument itself when
 * nothing matches, so the loader reports it. */
char *sb_config_path(const char *arg);

#endif
