/* The text files that give each DLMC layer its N (layers_from: {n_per_sample: FILE}): lines
 * "layer_name,N", blank lines and '#' comments skipped. Errors name the file and line, then the
 * config line that pointed at it. */
#include "experiment_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ex_n_table_free(ex_n_table *t)
{
    for (int i = 0; i < t->count; i++)
        free(t->names[i]);
    free(t->names);
    free(t->N);
    free(t->path);
    memset(t, 0, sizeof *t);
}

/* Lines "layer_name,N" (blank lines and '#' comments skipped). */
int ex_read_n_table(loader *L, const yt_node *node, const char *rel, ex_n_table *t)
{
    if (ex_resolve_path(L, node, rel, 0, &t->path) != 0)
        return -1;
    char *text = sb_read_file(t->path, NULL, L->err);
    if (!text)
        return -1;
    int rc = 0, lineno = 0;
    for (char *line = text, *next; line && *line && rc == 0; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        char *comma = strchr(s, ',');
        char *end = NULL;
        long v = comma ? strtol(comma + 1, &end, 10) : 0;
        if (comma)
            while (end && (*end == ' ' || *end == '\t'))
                end++;
        if (!comma || comma == s || !end || end == comma + 1 || *end != '\0' || v < 1 || v > INT_MAX) {
            rc = sb_fail(L->err, "%s:%d: expected 'layer_name,N' with N >= 1, got '%.60s'", t->path,
                         lineno, line);
            break;
        }
        char *name_end = comma;
        while (name_end > s && (name_end[-1] == ' ' || name_end[-1] == '\t'))
            name_end--;
        char *name = sb_strndup(s, (size_t)(name_end - s));
        for (int i = 0; i < t->count; i++)
            if (strcmp(t->names[i], name) == 0) {
                rc = sb_fail(L->err, "%s:%d: layer '%s' is listed twice", t->path, lineno, name);
                break;
            }
        if (rc != 0) {
            free(name);
            break;
        }
        t->names = sb_realloc(t->names, sizeof *t->names * (size_t)(t->count + 1));
        t->N = sb_realloc(t->N, sizeof *t->N * (size_t)(t->count + 1));
        t->names[t->count] = name;
        t->N[t->count] = (int)v;
        t->count++;
    }
    free(text);
    if (rc != 0)
        return sb_fail_prefix(L->err, "%s:%d:%d: ", L->doc.path, node->line, node->col);
    return 0;
}
