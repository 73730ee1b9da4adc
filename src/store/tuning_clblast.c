/* The tuning database's CLBlast section (see tuning_clblast.h). */
#include "tuning_clblast.h"

#include <stdio.h>
#include <string.h>
#include "sb_store.h"

#define MAX_MS 1e9
#define MAX_CONFIGS 100000000

static int copy_string(const cJSON *e, const char *key, const char *where, char *out, size_t n,
                       sb_error *err)
{
    const char *s;
    if (sb_json_get_string(e, key, where, &s, err))
        return -1;
    if (strlen(s) >= n)
        return sb_fail(err, "%s: '%s' is longer than any this sparsebench writes", where, key);
    snprintf(out, n, "%s", s);
    return 0;
}

static int load_entry(const cJSON *e, int i, const char *path, sb_clblast_entry *out,
                      sb_error *err)
{
    char where[600];
    snprintf(where, sizeof where, "%.500s: clblast.entries[%d]", path, i);
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(e))
        return sb_fail(err, "%s is not an object", where);
    const cJSON *complete = cJSON_GetObjectItemCaseSensitive(e, "complete");
    if (copy_string(e, "kernel", where, out->kernel, sizeof out->kernel, err) ||
        copy_string(e, "tuner", where, out->tuner, sizeof out->tuner, err) ||
        copy_string(e, "shape", where, out->shape, sizeof out->shape, err) ||
        sb_json_get_number(e, "best_ms", where, 0, MAX_MS, &out->best_ms, err) ||
        sb_json_get_int(e, "configs", where, 0, MAX_CONFIGS, &out->configs, err))
        return -1;
    if (!cJSON_IsBool(complete))
        return sb_fail(err, "%s: 'complete' must be true or false", where);
    out->complete = cJSON_IsTrue(complete);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(e, "params");
    if (!cJSON_IsObject(params))
        return sb_fail(err, "%s: 'params' must be an object of \"NAME\": integer", where);
    const cJSON *v;
    cJSON_ArrayForEach(v, params) {
        if (out->n == SB_CLBLAST_MAX_PARAMS)
            return sb_fail(err, "%s: more parameters than any CLBlast kernel has", where);
        if (!v->string || strlen(v->string) >= sizeof out->names[0])
            return sb_fail(err, "%s: a parameter name is empty or too long", where);
        long long value;
        if (sb_json_get_int64(params, v->string, where, 0, 2147483647LL, &value, err))
            return -1;
        snprintf(out->names[out->n], sizeof out->names[0], "%s", v->string);
        out->values[out->n++] = (long)value;
    }
    return sb_clblast_entry_check(out, where, err);
}

int sb_clblast_section_load(const cJSON *section, const char *path, sb_clblast_tuning *t,
                            sb_error *err)
{
    memset(t, 0, sizeof *t);
    if (!section)
        return 0;
    char where[600];
    snprintf(where, sizeof where, "%.500s: clblast", path);
    if (!cJSON_IsObject(section))
        return sb_fail(err, "%s is not an object", where);
    if (copy_string(section, "tuned", where, t->tuned, sizeof t->tuned, err))
        return -1;
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(section, "entries");
    if (!cJSON_IsArray(entries))
        return sb_fail(err, "%s: 'entries' is missing or not an array", where);
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, entries) {
        sb_clblast_entry entry;
        if (load_entry(e, i++, path, &entry, err)) {
            sb_clblast_tuning_free(t);
            return -1;
        }
        if (sb_clblast_tuning_find(t, entry.kernel)) {
            sb_clblast_tuning_free(t);
            return sb_fail(err, "%s: entries[%d]: a second entry for %s", where, i - 1,
                           entry.kernel);
        }
        sb_clblast_tuning_set(t, &entry);
    }
    return 0;
}

cJSON *sb_clblast_section_json(const sb_clblast_tuning *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "tuned", t->tuned);
    cJSON *entries = cJSON_AddArrayToObject(o, "entries");
    for (int i = 0; i < t->count; i++) {
        const sb_clblast_entry *e = &t->items[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "kernel", e->kernel);
        cJSON *p = cJSON_AddObjectToObject(j, "params");
        for (int k = 0; k < e->n; k++)
            cJSON_AddNumberToObject(p, e->names[k], (double)e->values[k]);
        cJSON_AddNumberToObject(j, "best_ms", e->best_ms);
        cJSON_AddStringToObject(j, "tuner", e->tuner);
        cJSON_AddStringToObject(j, "shape", e->shape);
        cJSON_AddNumberToObject(j, "configs", e->configs);
        cJSON_AddBoolToObject(j, "complete", e->complete);
        cJSON_AddItemToArray(entries, j);
    }
    return o;
}
