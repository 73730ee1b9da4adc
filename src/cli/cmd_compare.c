/* `sparsebench compare BASE_DIR NEW_DIR [options]`: what changed between two runs (or two
 * devices), case by case, with statistics; the rules are in src/report/compare.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "out_dir.h"
#include "sb_cli.h"
#include "sb_compare.h"

enum {
    O_THRESHOLD, O_FAIL, O_OUT, O_FORCE, O_BASE_DEVICE, O_NEW_DEVICE, O_ALPHA, O_RESAMPLES,
    O_SEED, N_OPTS
};
static const sb_opt opts[N_OPTS] = {
    [O_THRESHOLD] = {"threshold", 't', "PCT", "a change smaller than PCT percent counts as the same\n"
                                              "(default 5)"},
    [O_FAIL] = {"fail-on-regression", 0, NULL, "exit with status 3 when a case is slower beyond the\n"
                                               "threshold, or broken (ok in BASE, not in NEW)"},
    [O_OUT] = {"out", 'o', "DIR", "where to write compare.md and compare.csv (default:\n"
                                  "compare/ in the current directory)"},
    [O_FORCE] = {"force", 0, NULL, "write into DIR even if it is not empty (files are overwritten)"},
    [O_BASE_DEVICE] = {"base-device", 0, "SEL", "compare across devices: BASE's rows of the device SEL\n"
                                                "picks (P:D or part of its id or name)"},
    [O_NEW_DEVICE] = {"new-device", 0, "SEL", "compare across devices: NEW's rows of the device SEL\n"
                                              "picks (BASE_DIR and NEW_DIR may be one run)"},
    [O_ALPHA] = {"alpha", 0, "P", "significance level of the U test (default 0.05)"},
    [O_RESAMPLES] = {"resamples", 0, "B", "bootstrap resamples per case (default 2000)"},
    [O_SEED] = {"seed", 0, "S", "seed of the bootstrap (default 1): the same seed, the same\n"
                                "intervals"},
};
static const sb_command_spec spec = {
    "compare", "BASE_DIR NEW_DIR [options]",
    "Compares the cases two result directories share (a folder of them, such as a study's\n"
    "shards, counts as one side): per case the ratio of the medians NEW/BASE with a 95%\n"
    "bootstrap interval from the raw runs and a Mann-Whitney U test, and a verdict: slower,\n"
    "faster, same or noise (the interval straddles the threshold); cases only one side has\n"
    "are listed. Writes DIR/compare.md and DIR/compare.csv.\n",
    opts, N_OPTS,
    "Exit status: 0 compared; 1 nothing matched or none of the matched cases was ok on both\n"
    "sides, a side's shards are incomplete, or a file could not be written; 2 a usage or input\n"
    "error; 3 --fail-on-regression and a case slower beyond the threshold or broken.\n"};

/* A number in [lo, hi], all of the text; else a usage error naming the option. */
static int number_option(const char *opt, const char *val, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(val, &end);
    if (!*val || *end || errno || !isfinite(v) || v < lo || v > hi) {
        sb_usage_error(&spec, "--%s: '%s' is not a number in [%g, %g]", opt, val, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

static void print_summary(const sb_compare *c, const char *out)
{
    printf("compare: %d cases:", sb_compare_n_cases(c));
    for (int v = 0; v < SB_VERDICT_COUNT; v++)
        printf("%s %d %s", v ? "," : "", sb_compare_count(c, (sb_verdict)v),
               sb_verdict_name((sb_verdict)v));
    printf("\n");
    for (int i = 0; i < sb_compare_n_cases(c); i++) {
        const sb_compare_case *k = sb_compare_case_at(c, i);
        if (k->verdict == SB_VERDICT_SLOWER || k->verdict == SB_VERDICT_BROKEN)
            printf("  %s: %s%s%s x%.3f [%.3f, %.3f] (%s -> %s)\n", sb_verdict_name(k->verdict),
                   k->label, k->base_device ? " on " : "", k->base_device ? k->base_device : "",
                   k->ratio, k->ci_low, k->ci_high, k->base_status, k->new_status);
    }
    printf("compare: wrote %s/compare.md and %s/compare.csv\n", out, out);
    if (sb_compare_n_warnings(c))
        fprintf(stderr, "compare: %d warning(s), listed under Warnings in %s/compare.md\n",
                sb_compare_n_warnings(c), out);
}

int sb_cmd_compare(int argc, char **argv)
{
    sb_compare_options o;
    sb_compare_options_init(&o);
    const char *out = "compare";
    int force = 0, fail_on_regression = 0, rc = 2;
    sb_compare *c = NULL;
    sb_error err = {{0}};
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int opt;
    const char *val;
    while ((opt = sb_opt_next(&p, &val)) >= 0) {
        int bad = 0;
        double v = 0;
        long long n = 0;
        switch (opt) {
        case O_THRESHOLD:
            bad = number_option(opts[opt].name, val, 0, 1000, &v);
            o.threshold = v / 100;
            break;
        case O_FAIL: fail_on_regression = 1; break;
        case O_OUT: out = val; break;
        case O_FORCE: force = 1; break;
        case O_BASE_DEVICE: o.base_device = val; break;
        case O_NEW_DEVICE: o.new_device = val; break;
        case O_ALPHA:
            bad = number_option(opts[opt].name, val, 1e-9, 0.5, &o.alpha);
            break;
        case O_RESAMPLES:
            bad = sb_opt_integer(&spec, opts[opt].name, val, 100, 1000000, &n);
            o.resamples = (int)n;
            break;
        case O_SEED:
            bad = sb_opt_integer(&spec, opts[opt].name, val, 0, 9007199254740992LL, &n);
            o.seed = (uint64_t)n;
            break;
        }
        if (bad)
            goto done;
    }
    if (opt == SB_OPT_EXIT) {
        rc = p.exit_status;
        goto done;
    }
    if (argc - p.optind != 2 || !*out) {
        sb_usage_error(&spec, "%s", !*out ? "--out needs a directory"
                                          : "give two result directories: BASE_DIR NEW_DIR");
        goto done;
    }
    if (sb_compare_load(&c, argv[p.optind], argv[p.optind + 1], &o, &err) != 0 ||
        sb_cli_prepare_out_dir(out, force, &err) != 0 ||
        (sb_compare_write(c, out, &err) != 0 && (rc = 1))) { /* not written: exit 1, as run */
        fprintf(stderr, "sparsebench compare: %s\n", err.msg);
        goto done;
    }
    print_summary(c, out);
    sb_outcome outcome = SB_OUTCOME_OK;
    int matched = sb_compare_n_cases(c) - sb_compare_count(c, SB_VERDICT_BASE_ONLY) -
                  sb_compare_count(c, SB_VERDICT_NEW_ONLY);
    if (matched == 0) {
        fprintf(stderr, "sparsebench compare: no case of %s matches one of %s%s\n",
                argv[p.optind], argv[p.optind + 1],
                o.base_device || o.new_device ? "" : " (another device? see --base-device)");
        outcome = SB_OUTCOME_FAILED;
    } else if (matched == sb_compare_count(c, SB_VERDICT_NOT_COMPARED)) {
        /* every shared case skipped (or wrong) on a side: nothing was compared, nothing passed */
        fprintf(stderr, "sparsebench compare: none of the %d case(s) both sides have is ok on both: "
                        "nothing was compared (compare.md lists their statuses)\n", matched);
        outcome = SB_OUTCOME_FAILED;
    }
    if (!sb_compare_shards_complete(c)) {
        fprintf(stderr, "sparsebench compare: a side's shards are incomplete (see Warnings)\n");
        outcome = sb_outcome_worse(outcome, SB_OUTCOME_FAILED);
    }
    if (fail_on_regression && sb_compare_regressions(c) > 0) {
        fprintf(stderr, "sparsebench compare: %d regression(s) beyond %.3g%%\n",
                sb_compare_regressions(c), 100 * o.threshold);
        outcome = sb_outcome_worse(outcome, SB_OUTCOME_REGRESSION);
    }
    rc = sb_cli_exit_code(outcome);
done:
    sb_compare_free(c);
    sb_opt_end(&p);
    return rc;
}
