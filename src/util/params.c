/* Named kernel tunables (see sb_params.h). */
#include "sb_params.h"

#include <stdlib.h>
#include <string.h>
#include "sb_util.h"

void sb_params_set(sb_params *p, const char *key, const char *value)
{
    for (int i = 0; i < p->count; i++) {
        if (strcmp(p->items[i].key, key) == 0) {
            free(p->items[i].value);
            p->items[i].value = sb_strdup(value);
            return;
        }
    }
    p->items = sb_realloc(p->items, sizeof *p->items * (size_t)(p->count + 1));
    p->items[p->count].key = sb_strdup(key);
    p->items[p->count].value = sb_strdup(value);
    p->count++;
}

const char *sb_params_get(const sb_params *p, const char *key)
{
    for (int i = 0; p && i < p->count; i++)
        if (strcmp(p->items[i].key, key) == 0)
            return p->items[i].value;
    return NULL;
}

int sb_params_int(const sb_params *p, const char *key, int def)
{
    const char *v = sb_params_get(p, key);
    if (!v)
        return def;
    char *end;
    long x = strtol(v, &end, 10);
    return (*v && !*end) ? (int)x : def;
}

void sb_params_merge(sb_params *dst, const sb_params *src)
{
    for (int i = 0; src && i < src->count; i++)
        sb_params_set(dst, src->items[i].key, src->items[i].value);
}

void sb_params_free(sb_params *p)
{
    for (int i = 0; i < p->count; i++) {
        free(p->items[i].key);
        free(p->items[i].value);
    }
    free(p->items);
    p->items = NULL;
    p->count = 0;
}
