/* Pruning pattern names (see sb_spec.h). */
#include "sb_spec.h"

#include <stdio.h>

const char *sb_pattern_name(sb_pattern_kind k)
{
    switch (k) {
    case SB_PATTERN_UNSTRUCTURED: return "unstructured";
    case SB_PATTERN_BLOCK: return "block";
    case SB_PATTERN_NM: return "nm";
    }
    return "unknown";
}

void sb_pattern_label(const sb_pattern *p, char *buf, int n)
{
    if (n <= 0)
        return;
    if (p->kind == SB_PATTERN_BLOCK)
        snprintf(buf, (size_t)n, "%dx%d", p->block_rows, p->block_cols);
    else if (p->kind == SB_PATTERN_NM)
        snprintf(buf, (size_t)n, "%d:%d", p->nm_n, p->nm_m);
    else
        buf[0] = '\0';
}
