/* What a kernel's model picks (csr_auto's include/sb_csr_auto.h, nm's include/sb_nm_auto.h): a rule
 * name (recorded in the variant), the kernel whose parameters these are, and parameters over the
 * device's own (family.NAME=VALUE, at most SB_AUTO_MAX_PARAMS). Pure data, so the models stay
 * pure functions that tests can check. */
#ifndef SB_AUTO_CHOICE_H
#define SB_AUTO_CHOICE_H

#define SB_AUTO_MAX_PARAMS 10 /* nm's cpu-gather sets nine at N = 1 on Intel's runtime
                                 (6 silently dropped tile-short's TN) */
typedef struct sb_auto_choice {
    const char *rule;   /* static strings: the model's own */
    const char *kernel;
    int n_params;
    struct {
        const char *key;
        int value;
    } params[SB_AUTO_MAX_PARAMS];
} sb_auto_choice;

/* Starts c afresh: rule and kernel, no parameters. */
void sb_auto_pick(sb_auto_choice *c, const char *rule, const char *kernel);
/* Sets key to value: replaces key's value where c sets it, else adds it (ignored past
 * SB_AUTO_MAX_PARAMS). */
void sb_auto_set(sb_auto_choice *c, const char *key, int value);
/* The value of key in c, or -1 when c does not set it. */
int sb_auto_param(const sb_auto_choice *c, const char *key);

#endif
