/* What a command's work came to. The library returns it; only src/cli/ turns it into the process
 * exit status (sb_cli_exit_code: 0, 1, 2, 3, 4, 130), so the flow can be called and tested without a
 * process around it. */
#ifndef SB_OUTCOME_H
#define SB_OUTCOME_H

typedef enum sb_outcome {
    SB_OUTCOME_OK = 0,      /* done, every case valid */
    SB_OUTCOME_FAILED,      /* a case wrong or failed, a device or a write failed, or no device */
    SB_OUTCOME_BAD_INPUT,   /* a usage, config or input-file error: nothing was measured */
    SB_OUTCOME_REGRESSION,  /* a comparison against a reference run found a regression */
    SB_OUTCOME_INTERRUPTED, /* a signal stopped the command; what was measured is kept */
    SB_OUTCOME_ALL_SKIPPED, /* done, but every case was skipped (e.g. too large): nothing measured */
} sb_outcome;

/* The worse of two outcomes (BAD_INPUT and INTERRUPTED outrank FAILED, which outranks
 * ALL_SKIPPED, which outranks OK). */
static inline sb_outcome sb_outcome_worse(sb_outcome a, sb_outcome b)
{
    /* OK, FAILED, BAD_INPUT, REGRESSION, INTERRUPTED, ALL_SKIPPED */
    static const int rank[] = {0, 2, 4, 3, 5, 1};
    return rank[b] > rank[a] ? b : a;
}

#endif
