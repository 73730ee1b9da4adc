/* The tuning database file (see sb_tuning.h). */
#include "sb_tuning.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_kernel.h"

void sb_tuning_class(const char *kernel, const sb_case_shape *c, char *buf, size_t n)
{
    const int N = c->N;
    const char *bucket = N <= 1 ? "N1" : N <= 16 ? "N2-16" : N <= 64 ? "N17-64"
                       : N <= 256 ? "N65-256" : N <= 1024 ? "N257-1024" : "N1025+";
    double elements = (double)c->M * c->K;
    const char *size = elements <= 262144 ? "S" : elements <= 4194304 ? "M" : "L";
    const char *density = c->sparsity < 0.75 ? "s<75" : c->sparsity < 0.92 ? "s75-92" : "s92+";
    char block[32] = "";
    const char *format = sb_kernel_format(kernel);
    if (format && strcmp(format, "bsr") == 0 && c->pattern->kind != SB_PATTERN_BLOCK)
        snprintf(block, sizeof block, "%dx%d ", c->bsr_br, c->bsr_bc);
    else if (sb_kernel_format_is_blocked(kernel)) {
        sb_pattern_label(c->pattern, block, sizeof block - 1);
        strcat(block, " ");
    }
    snprintf(buf, n, "%s%s %s %s", block, size, density, bucket);
}

static int same(const cJSON *o, const char *key, const char *want)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

int sb_tuning_load(const char *path, const sb_device *dev, sb_tuning_db *db, sb_error *err)
{
    memset(db, 0, sizeof *db);
    db->path = path ? sb_strdup(path) : sb_device_cache_path(dev, "tuning", ".json");
    if (!db->path || !sb_file_exists(db->path))
        return 0;
    char *text = sb_read_file(db->path, NULL, err);
    if (!text)
        return -1;
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root)
        return sb_fail(err, "%s: not valid JSON (delete it or run sparsebench tune again)", db->path);
    const char *what = !same(root, "device", dev->name) ? "device"
                     : !same(root, "platform", dev->platform_name) ? "platform"
                     : !same(root, "driver", dev->driver_version) ? "driver" : NULL;
    if (what) {
        cJSON *v = cJSON_GetObjectItem(root, what);
        sb_fail(err, "%s: tuned for another %s (%s), not this device's (%s %s, driver %s): run "
                     "sparsebench tune for it", db->path, what,
                cJSON_IsString(v) ? v->valuestring : "?", dev->name, dev->platform_name,
                dev->driver_version);
        cJSON_Delete(root);
        return -2;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "entries")) {
        const cJSON *k = cJSON_GetObjectItem(e, "kernel"), *c = cJSON_GetObjectItem(e, "class");
        if (!cJSON_IsString(k) || !cJSON_IsString(c))
            continue;
        sb_params params = {0};
        const cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItem(e, "params")) {
            if (cJSON_IsString(p))
                sb_params_set(&params, p->string, p->valuestring);
        }
        sb_tuning_set(db, k->valuestring, c->valuestring, &params,
                      cJSON_GetNumberValue(cJSON_GetObjectItem(e, "default_ms")),
                      cJSON_GetNumberValue(cJSON_GetObjectItem(e, "tuned_ms")),
                      (int)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "cases")));
        sb_params_free(&params);
    }
    cJSON_Delete(root);
    return 0;
}

int sb_tuning_save(const sb_tuning_db *db, const sb_device *dev, sb_error *err)
{
    if (!db->path)
        return sb_fail(err, "no place for the tuning database: set SPARSEBENCH_CACHE or HOME");
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "device", dev->name);
    cJSON_AddStringToObject(root, "platform", dev->platform_name);
    cJSON_AddStringToObject(root, "driver", dev->driver_version);
    char now[64];
    sb_utc_iso(now, sizeof now);
    cJSON_AddStringToObject(root, "saved", now);
    cJSON *entries = cJSON_AddArrayToObject(root, "entries");
    for (int i = 0; i < db->count; i++) {
        const sb_tuning_entry *t = &db->items[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "kernel", t->kernel);
        cJSON_AddStringToObject(e, "class", t->klass);
        cJSON *p = cJSON_AddObjectToObject(e, "params");
        for (int j = 0; j < t->params.count; j++)
            cJSON_AddStringToObject(p, t->params.items[j].key, t->params.items[j].value);
        cJSON_AddNumberToObject(e, "default_ms", t->default_ms);
        cJSON_AddNumberToObject(e, "tuned_ms", t->tuned_ms);
        cJSON_AddNumberToObject(e, "cases", t->cases);
        cJSON_AddItemToArray(entries, e);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    char *dir = sb_strdup(db->path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int rc = slash ? sb_mkdirs(dir, err) : 0;
    free(dir);
    if (rc == 0) {
        FILE *f = fopen(db->path, "w");
        if (!f || fputs(text, f) < 0 || fclose(f) != 0)
            rc = sb_fail(err, "%s: cannot write the tuning database", db->path);
    }
    free(text);
    return rc;
}

const sb_tuning_entry *sb_tuning_find(const sb_tuning_db *db, const char *kernel, const char *klass)
{
    for (int i = 0; db && i < db->count; i++)
        if (strcmp(db->items[i].kernel, kernel) == 0 && strcmp(db->items[i].klass, klass) == 0)
            return &db->items[i];
    return NULL;
}

void sb_tuning_set(sb_tuning_db *db, const char *kernel, const char *klass, const sb_params *params,
                   double default_ms, double tuned_ms, int cases)
{
    sb_tuning_entry *t = (sb_tuning_entry *)sb_tuning_find(db, kernel, klass);
    if (!t) {
        db->items = sb_realloc(db->items, sizeof *db->items * (size_t)(db->count + 1));
        t = &db->items[db->count++];
        memset(t, 0, sizeof *t);
        snprintf(t->kernel, sizeof t->kernel, "%s", kernel);
        snprintf(t->klass, sizeof t->klass, "%s", klass);
    }
    sb_params_free(&t->params);
    sb_params_merge(&t->params, params);
    t->default_ms = default_ms;
    t->tuned_ms = tuned_ms;
    t->cases = cases;
}

void sb_tuning_free(sb_tuning_db *db)
{
    for (int i = 0; i < db->count; i++)
        sb_params_free(&db->items[i].params);
    free(db->items);
    free(db->path);
    memset(db, 0, sizeof *db);
}
