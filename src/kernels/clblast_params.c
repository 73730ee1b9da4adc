/* CLBlast's parameters for a device, handed to it before it first runs there (see sb_clblast.h). */
#include <clblast_c.h>
#include <stdio.h>
#include <string.h>
#include "sb_clblast.h"

int sb_clblast_apply(struct _cl_device_id *id, const sb_clblast_tuning *t, char *applied,
                     size_t applied_len, char *warn, size_t warn_len)
{
    applied[0] = '\0';
    if (warn_len)
        warn[0] = '\0';
    int n = 0;
    size_t len = 0, wlen = 0;
    for (int i = 0; t && i < t->count; i++) {
        const sb_clblast_entry *e = &t->items[i];
        const char *names[SB_CLBLAST_MAX_PARAMS];
        size_t values[SB_CLBLAST_MAX_PARAMS];
        for (int p = 0; p < e->n; p++) {
            names[p] = e->names[p];
            values[p] = (size_t)e->values[p];
        }
        CLBlastStatusCode s = CLBlastOverrideParameters(id, e->kernel, CLBlastPrecisionSingle,
                                                        (size_t)e->n, names, values);
        if (s != CLBlastSuccess) {
            if (wlen < warn_len)
                wlen += (size_t)snprintf(warn + wlen, warn_len - wlen, "%sCLBlast refused the "
                                         "tuned %s (status %d): it runs with its own database's",
                                         wlen ? "; " : "", e->kernel, (int)s);
            continue;
        }
        if (n == 0)
            len = (size_t)snprintf(applied, applied_len, "tuned on this device %.10s:", t->tuned);
        if (len < applied_len)
            len += (size_t)snprintf(applied + len, applied_len - len, " %s", e->kernel);
        n++;
    }
    return n;
}
