/* Which kernel can run which pruning pattern: one table, consulted when a config loads. */
#include <stdio.h>
#include <string.h>
#include "sb_kernel.h"

typedef struct compat_rule {
    const char *kernel;
    const char *format;
    int nm_only; /* needs an N:M pattern (its format cannot hold anything else) */
} compat_rule;

static const compat_rule rules[] = {
    {"csr", "csr", 0},        {"csr_balanced", "csr", 0}, {"csr_spmv", "csr", 0},
    {"csr_task", "csr", 0},   {"bsr", "bsr", 0},          {"bsr_task", "bsr", 0},
    {"nm", "nm", 1},          {"nm_task", "nm", 1},       {"dense", "dense", 0},
    {"clblast", "dense", 0},
};

static const compat_rule *find_rule(const char *name)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].kernel, name) == 0)
            return &rules[i];
    return NULL;
}

const char *sb_kernel_format(const char *name)
{
    const compat_rule *r = find_rule(name);
    return r ? r->format : NULL;
}

int sb_kernel_accepts_pattern(const char *name, const sb_pattern *p, char *why, size_t why_len)
{
    const compat_rule *r = find_rule(name);
    if (!r) {
        int off = snprintf(why, why_len, "unknown kernel '%s' (known:", name);
        for (size_t i = 0; i < sizeof rules / sizeof rules[0] && off > 0 && (size_t)off < why_len; i++)
            off += snprintf(why + off, why_len - (size_t)off, " %s", rules[i].kernel);
        if (off > 0 && (size_t)off < why_len)
            snprintf(why + off, why_len - (size_t)off, ")");
        return 0;
    }
    if (r->nm_only && p->kind != SB_PATTERN_NM) {
        snprintf(why, why_len,
                 "kernel '%s' stores the N:M format, which holds only a matrix pruned with "
                 "pattern 'nm' (this matrix is '%s'); use csr or bsr for it",
                 name, sb_pattern_name(p->kind));
        return 0;
    }
    return 1;
}

int sb_kernel_format_is_blocked(const char *name)
{
    const char *format = sb_kernel_format(name);
    return format && (strcmp(format, "bsr") == 0 || strcmp(format, "nm") == 0);
}
