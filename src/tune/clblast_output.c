/* Reading what CLBlast's tuners wrote (see clblast_tune.h): their JSON files and, for a variant
 * cut short, the result rows of their log. The row format is the one CLBlast 1.5's tuners print:
 *   |   ID | total | P1 P2 ... | local | global | compiles | 12.34 ms | GFLOPS | results match |
 * with the parameter values in the order of the section's "* Parameters explored:" line. */
#include "clblast_tune.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_clblast_found_offer(sb_clblast_found *f, const char *const *names, const long *values,
                            int n, double ms)
{
    const char *kept[SB_CLBLAST_MAX_PARAMS];
    long kv[SB_CLBLAST_MAX_PARAMS];
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "PRECISION") == 0)
            continue;
        if (m == SB_CLBLAST_MAX_PARAMS)
            return;
        kept[m] = names[i];
        kv[m++] = values[i];
    }
    const sb_clblast_kernel *k = sb_clblast_kernel_of_params(kept, m);
    if (!k || !(ms > 0))
        return;
    sb_clblast_entry *e = NULL;
    for (int i = 0; i < f->count; i++)
        if (strcmp(f->items[i].kernel, k->name) == 0)
            e = &f->items[i];
    if (!e) {
        if (f->count == (int)(sizeof f->items / sizeof f->items[0]))
            return;
        e = &f->items[f->count++];
        memset(e, 0, sizeof *e);
        snprintf(e->kernel, sizeof e->kernel, "%s", k->name);
    }
    e->configs++;
    if (e->n > 0 && !(ms < e->best_ms))
        return;
    e->best_ms = ms;
    e->n = 0;
    for (int p = 0; p < k->n_params; p++) /* in the kernel's order */
        for (int i = 0; i < m; i++)
            if (strcmp(kept[i], k->params[p]) == 0) {
                snprintf(e->names[e->n], sizeof e->names[0], "%s", kept[i]);
                e->values[e->n++] = kv[i];
            }
}

/* The text without ANSI colour sequences (ESC [ ... letter), in place. */
static void strip_ansi(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\x1b' && r[1] == '[') {
            r += 2;
            while (*r && !((*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z')))
                r++;
            if (*r)
                r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

/* One result row of the section whose parameter names are names[0..n). */
static void parse_row(char *line, char names[][24], int n, sb_clblast_found *f)
{
    if (!strstr(line, "results match"))
        return;
    char *field[16];
    int nf = 0;
    for (char *p = line; nf < 16 && (p = strchr(p, '|')); p++)
        field[nf++] = p + 1;
    /* | ID | total | params | local | global | compiles | time | perf | status | */
    if (nf < 10)
        return;
    long values[SB_CLBLAST_MAX_PARAMS];
    const char *np[SB_CLBLAST_MAX_PARAMS];
    char *p = field[2], *end;
    for (int i = 0; i < n; i++) {
        values[i] = strtol(p, &end, 10);
        if (end == p)
            return;
        p = end;
        np[i] = names[i];
    }
    double ms = strtod(field[6], &end);
    if (end == field[6] || strncmp(end, " ms", 3) != 0)
        return;
    sb_clblast_found_offer(f, np, values, n, ms);
}

int sb_clblast_parse_log(const char *text, unsigned take, sb_clblast_found *f, int *counts,
                         int max)
{
    char *copy = sb_strdup(text);
    strip_ansi(copy);
    int section = -1, n_names = 0, found_for = -1;
    char names[SB_CLBLAST_MAX_PARAMS][24];
    long pending_count = -1;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "* Found ", 8) == 0) {
            pending_count = strtol(line + 8, NULL, 10); /* printed before its section starts */
            found_for = section + 1;
            if (found_for < max)
                counts[found_for] = (int)pending_count;
        } else if (strncmp(line, "* Parameters explored: ", 23) == 0) {
            section++;
            if (section < max && found_for != section)
                counts[section] = -1;
            n_names = 0;
            char *s2 = NULL;
            for (char *w = strtok_r(line + 23, " ", &s2); w && n_names < SB_CLBLAST_MAX_PARAMS;
                 w = strtok_r(NULL, " ", &s2))
                snprintf(names[n_names++], sizeof names[0], "%s", w);
        } else if (line[0] == '|' && section >= 0 && section < 32 && (take >> section & 1u)) {
            parse_row(line, names, n_names, f);
        }
    }
    free(copy);
    return section + 1;
}

int sb_clblast_parse_json(const char *text, sb_clblast_found *f, sb_error *err)
{
    cJSON *root = cJSON_Parse(text);
    const cJSON *results = root ? cJSON_GetObjectItemCaseSensitive(root, "results") : NULL;
    if (!cJSON_IsArray(results)) {
        cJSON_Delete(root);
        return sb_fail(err, "not a CLBlast tuner's JSON (no 'results' list)");
    }
    const cJSON *r;
    cJSON_ArrayForEach(r, results) {
        const cJSON *time = cJSON_GetObjectItemCaseSensitive(r, "time");
        const cJSON *params = cJSON_GetObjectItemCaseSensitive(r, "parameters");
        if (!cJSON_IsNumber(time) || !cJSON_IsObject(params))
            continue;
        const char *names[SB_CLBLAST_MAX_PARAMS + 1];
        long values[SB_CLBLAST_MAX_PARAMS + 1];
        int n = 0, ok = 1;
        const cJSON *p;
        cJSON_ArrayForEach(p, params) {
            if (n == SB_CLBLAST_MAX_PARAMS + 1 || !cJSON_IsNumber(p) || !(p->valuedouble >= 0) ||
                p->valuedouble > 2147483647.0) {
                ok = 0;
                break;
            }
            names[n] = p->string;
            values[n++] = (long)p->valuedouble;
        }
        if (ok)
            sb_clblast_found_offer(f, names, values, n, time->valuedouble);
    }
    cJSON_Delete(root);
    return 0;
}

/* XGEMM_MIN_INDIRECT_SIZE from the routine tuner's verdict per shape: GEMMs with m*n*k below
 * its cube run the direct kernel. The split (shapes sorted by m*n*k) with the least total time. */
long sb_clblast_indirect_threshold(const sb_clblast_shape *sh, const double *direct,
                                   const double *indirect, int n)
{
    int order[SB_CLBLAST_MAX_SHAPES];
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = 1; i < n; i++) /* insertion sort by m*n*k */
        for (int j = i; j > 0; j--) {
            double a = (double)sh[order[j - 1]].M * sh[order[j - 1]].N * sh[order[j - 1]].K;
            double b = (double)sh[order[j]].M * sh[order[j]].N * sh[order[j]].K;
            if (a <= b)
                break;
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    double best = INFINITY;
    long threshold = 0;
    for (int split = 0; split <= n; split++) { /* shapes before split: direct */
        long t;
        if (split == n) {
            const sb_clblast_shape *l = &sh[order[n - 1]];
            t = (long)ceil(cbrt((double)l->M * l->N * l->K)) + 1;
        } else {
            const sb_clblast_shape *f = &sh[order[split]];
            t = (long)floor(cbrt((double)f->M * f->N * f->K));
        }
        double cost = 0;
        for (int i = 0; i < n; i++) {
            const sb_clblast_shape *x = &sh[order[i]];
            double mnk = (double)x->M * x->N * x->K;
            cost += mnk < (double)t * t * t ? direct[order[i]] : indirect[order[i]];
        }
        if (cost < best) {
            best = cost;
            threshold = t;
        }
    }
    return threshold;
}

