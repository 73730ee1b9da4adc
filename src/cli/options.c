/* Command-line parsing and help from one option table per command (see options.h). */
#define _GNU_SOURCE
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "sb_util.h"
#include "sb_version.h"

/* getopt_long's val for option i of the table (above every char, so never confused with one) */
#define LONG_VAL(i) (1000 + (i))
#define HELP_VAL 'h'
#define VERSION_VAL 'V'

void sb_print_version(FILE *out)
{
    fprintf(out, "sparsebench %s (%s)\n", SB_VERSION, SB_GIT_COMMIT);
}

static void print_option(FILE *out, char short_name, const char *name, const char *arg,
                         const char *help)
{
    char left[96];
    int n = snprintf(left, sizeof left, "  %c%c%s--%s%s%s", short_name ? '-' : ' ',
                     short_name ? short_name : ' ', short_name ? ", " : "  ", name,
                     arg ? "=" : "", arg ? arg : "");
    const int col = 28;
    fputs(left, out);
    if (n >= col - 1) {
        fputc('\n', out);
        n = 0;
    }
    /* help lines, each starting at the column */
    for (const char *line = help; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        fprintf(out, "%*s%.*s\n", col - n, "", (int)len, line);
        n = 0;
        line = end ? end + 1 : line + len;
    }
}

void sb_print_command_help(const sb_command_spec *spec, FILE *out)
{
    fprintf(out, "Usage: sparsebench %s %s\n", spec->name, spec->synopsis);
    if (spec->about)
        fprintf(out, "\n%s", spec->about);
    fputs("\noptions:\n", out);
    for (int i = 0; i < spec->n_opts; i++) {
        const sb_opt *o = &spec->opts[i];
        print_option(out, o->short_name, o->name, o->arg, o->help);
    }
    print_option(out, 'h', "help", NULL, "show this help and exit");
    print_option(out, 'V', "version", NULL, "show the version and exit");
    if (spec->notes)
        fprintf(out, "\n%s", spec->notes);
}

int sb_usage_error(const sb_command_spec *spec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sparsebench %s: ", spec->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'sparsebench %s --help' for the options.\n", spec->name);
    va_end(ap);
    return 2;
}

int sb_opt_integer(const sb_command_spec *spec, const char *opt, const char *val, long long lo,
                   long long hi, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(val, &end, 10);
    if (end == val || *end || errno == ERANGE || v < lo || v > hi) {
        sb_usage_error(spec, "--%s needs a whole number from %lld to %lld, got '%s'", opt, lo, hi,
                       val);
        return -1;
    }
    *out = v;
    return 0;
}

void sb_opt_begin(sb_optparser *p, const sb_command_spec *spec, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->spec = spec;
    p->argc = argc;
    p->argv = argv;
    struct option *lo = sb_calloc((size_t)spec->n_opts + 3, sizeof *lo);
    /* ':' first: a missing value returns ':' (not '?'), so it is told apart from an unknown option */
    char *so = sb_calloc((size_t)spec->n_opts * 2 + 8, 1), *s = so;
    *s++ = ':';
    for (int i = 0; i < spec->n_opts; i++) {
        const sb_opt *o = &spec->opts[i];
        lo[i] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, LONG_VAL(i)};
        if (o->short_name) {
            *s++ = o->short_name;
            if (o->arg)
                *s++ = ':';
        }
    }
    lo[spec->n_opts] = (struct option){"help", no_argument, NULL, HELP_VAL};
    lo[spec->n_opts + 1] = (struct option){"version", no_argument, NULL, VERSION_VAL};
    strcpy(s, "hV");
    p->longopts = lo;
    p->shortopts = so;
    optind = 0; /* glibc: start afresh */
    opterr = 0; /* the messages below name the command and the option */
}

/* The table index of short option c, or -1. */
static int short_index(const sb_command_spec *spec, int c)
{
    for (int i = 0; i < spec->n_opts; i++)
        if (spec->opts[i].short_name && spec->opts[i].short_name == c)
            return i;
    return -1;
}

/* An unknown or ambiguous long option (arg is "--name" or "--name=value"). */
static void bad_long_option(const sb_command_spec *spec, const char *arg)
{
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    sb_strbuf matches = {0};
    int n = 0;
    for (int i = 0; i < spec->n_opts; i++)
        if (strncmp(spec->opts[i].name, name, len) == 0)
            sb_strbuf_appendf(&matches, "%s--%s", n++ ? ", " : "", spec->opts[i].name);
    if (n > 1)
        sb_usage_error(spec, "option '--%.*s' is ambiguous: %s", (int)len, name, matches.s);
    else
        sb_usage_error(spec, "unknown option '--%.*s'", (int)len, name);
    sb_strbuf_free(&matches);
}

int sb_opt_next(sb_optparser *p, const char **val)
{
    const sb_command_spec *spec = p->spec;
    *val = NULL;
    int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
    p->optind = optind;
    if (c == -1)
        return SB_OPT_DONE;
    int i = c >= LONG_VAL(0) && c < LONG_VAL(spec->n_opts) ? c - LONG_VAL(0)
            : c > 0 && c < 256 && c != HELP_VAL && c != VERSION_VAL ? short_index(spec, c) : -1;
    if (i >= 0 && optarg && !*optarg) {
        /* an empty value ("$UNSET"): --out "" ran and failed at its first file, --save-cases ""
         * after the first case, --device "" ran on every device */
        sb_usage_error(spec, "--%s needs a value, got an empty one (--%s=%s)", spec->opts[i].name,
                       spec->opts[i].name, spec->opts[i].arg);
        p->exit_status = 2;
        return SB_OPT_EXIT;
    }
    if (i >= 0) {
        *val = optarg;
        return i;
    }
    switch (c) {
    case HELP_VAL:
        sb_print_command_help(spec, stdout);
        p->exit_status = 0;
        return SB_OPT_EXIT;
    case VERSION_VAL:
        sb_print_version(stdout);
        p->exit_status = 0;
        return SB_OPT_EXIT;
    case ':': /* an option without its value: optopt says which */
        if (optopt >= LONG_VAL(0) && optopt < LONG_VAL(spec->n_opts)) {
            const sb_opt *o = &spec->opts[optopt - LONG_VAL(0)];
            sb_usage_error(spec, "--%s needs a value (--%s=%s)", o->name, o->name, o->arg);
        } else {
            i = short_index(spec, optopt);
            sb_usage_error(spec, "-%c needs a value (-%c %s)", optopt, optopt,
                           i >= 0 ? spec->opts[i].arg : "VALUE");
        }
        p->exit_status = 2;
        return SB_OPT_EXIT;
    default: /* '?': unknown, ambiguous, or a flag given a value */
        if (optopt >= LONG_VAL(0) && optopt < LONG_VAL(spec->n_opts))
            sb_usage_error(spec, "--%s takes no value", spec->opts[optopt - LONG_VAL(0)].name);
        else if (optopt == HELP_VAL || optopt == VERSION_VAL)
            sb_usage_error(spec, "--%s takes no value", optopt == HELP_VAL ? "help" : "version");
        else if (optopt)
            sb_usage_error(spec, "unknown option '-%c'", optopt);
        else
            bad_long_option(spec, p->argv[optind - 1]);
        p->exit_status = 2;
        return SB_OPT_EXIT;
    }
}

void sb_opt_end(sb_optparser *p)
{
    free(p->longopts);
    free(p->shortopts);
    p->longopts = NULL;
    p->shortopts = NULL;
}
