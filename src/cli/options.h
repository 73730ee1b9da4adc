/* The command line's conventions, in one place: every command declares its options once, in a
 * table; parsing (getopt_long: --opt=value, --opt value, -o value, --, options anywhere), the
 * --help text (and so the man page, which help2man makes from it) and the messages for unknown
 * options and bad numbers all come from that table. Internal to src/cli/. */
#ifndef SB_CLI_OPTIONS_H
#define SB_CLI_OPTIONS_H

#include <signal.h>
#include <stdio.h>

typedef struct sb_opt {
    const char *name; /* long name without "--" */
    char short_name;  /* e.g. 'o' for -o, or 0 */
    const char *arg;  /* the value's placeholder ("DIR"); NULL: a flag without a value */
    const char *help; /* what it does; '\n' starts a continuation line */
} sb_opt;

typedef struct sb_command_spec {
    const char *name;     /* "run" */
    const char *synopsis; /* what follows "sparsebench run " in the usage line */
    const char *about;    /* printed after the usage line; may be NULL */
    const sb_opt *opts;   /* the command's own options; --help and --version are added */
    int n_opts;
    const char *notes;    /* printed after the options; may be NULL */
} sb_command_spec;

/* Returned by sb_opt_next besides an index into spec->opts. */
enum { SB_OPT_DONE = -1, SB_OPT_EXIT = -2 };

typedef struct sb_optparser {
    const sb_command_spec *spec;
    int argc;
    char **argv;
    int optind;      /* after SB_OPT_DONE: argv[optind..argc-1] are the operands */
    int exit_status; /* after SB_OPT_EXIT: 0 (--help/--version printed) or 2 (usage error printed) */
    void *longopts;  /* owned: struct option[] built from the table */
    char *shortopts; /* owned */
} sb_optparser;

void sb_opt_begin(sb_optparser *p, const sb_command_spec *spec, int argc, char **argv);
/* The next option: its index in spec->opts with *val its value (NULL for a flag), SB_OPT_DONE at
 * the end of the options, or SB_OPT_EXIT when the command must return p->exit_status now. */
int sb_opt_next(sb_optparser *p, const char **val);
void sb_opt_end(sb_optparser *p);

/* Prints "sparsebench CMD: <message>" and a hint to --help on stderr; returns 2 (usage error). */
int sb_usage_error(const sb_command_spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads val as a whole number in [lo, hi], all of it (no "64.9", "abc", "" or "12x"). On a bad
 * value prints a usage error naming the option and returns -1. */
int sb_opt_integer(const sb_command_spec *spec, const char *opt, const char *val, long long lo,
                   long long hi, long long *out);

/* The one CONFIG operand (argv[optind..argc-1]) of run, tune and build: its path by
 * sb_config_path (sb_cli.h; owned by the caller), or NULL after a usage error naming what is wrong
 * (no config, or more than one). */
char *sb_cli_config_operand(const sb_command_spec *spec, int argc, char **argv, int optind);
/* SIGINT and SIGTERM set the returned flag, which run and tune check between cases (their
 * stop); one-shot (SA_RESETHAND): a second signal ends the process at once, which loses nothing
 * either (every row and tuning class is on disk as it is done). A signal the shell set to be
 * ignored stays ignored. */
const volatile sig_atomic_t *sb_cli_catch_interrupts(void);

void sb_print_command_help(const sb_command_spec *spec, FILE *out);
void sb_print_version(FILE *out);

#endif
