/* The tuning database file (see sb_tuning.h): read back field by field, every field checked (a
 * database is hours of measurement, but the file is still untrusted input), written atomically. */
#include "sb_tuning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_spec.h"
#include "sb_store.h"
#include "sb_sink.h"
#include "tuning_clblast.h"

#define TUNING_FORMAT "sparsebench-tuning-1"
#define MAX_MS 1e9    /* a class's time above 11 days is not a measurement */
#define MAX_CASES 1000000000

/* One entry, checked; the message names the entry by its index. */
static int load_entry(sb_tuning_db *db, const cJSON *e, int i, const char *path, sb_error *err)
{
    char where[600];
    snprintf(where, sizeof where, "%.500s: entries[%d]", path, i);
    if (!cJSON_IsObject(e))
        return sb_fail(err, "%s is not an object", where);
    const char *kernel, *klass;
    double default_ms, tuned_ms;
    int cases;
    if (sb_json_get_string(e, "kernel", where, &kernel, err) ||
        sb_json_get_string(e, "class", where, &klass, err) ||
        sb_json_get_number(e, "default_ms", where, 0, MAX_MS, &default_ms, err) ||
        sb_json_get_number(e, "tuned_ms", where, 0, MAX_MS, &tuned_ms, err) ||
        sb_json_get_int(e, "cases", where, 1, MAX_CASES, &cases, err))
        return -1;
    if (strlen(kernel) >= sizeof db->items[0].kernel || strlen(klass) >= sizeof db->items[0].klass)
        return sb_fail(err, "%s: 'kernel' or 'class' is longer than any this sparsebench makes",
                       where);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(e, "params");
    if (!cJSON_IsObject(params))
        return sb_fail(err, "%s: 'params' must be an object of \"FAMILY.NAME\": \"VALUE\" strings",
                       where);
    sb_params p = {0};
    const cJSON *v;
    cJSON_ArrayForEach(v, params) {
        if (!v->string || !v->string[0] || !cJSON_IsString(v) || !v->valuestring) {
            sb_params_free(&p);
            return sb_fail(err, "%s: params.%s must be a string", where,
                           v->string ? v->string : "?");
        }
        sb_params_set(&p, v->string, v->valuestring);
    }
    /* every value against the kernel's table: a bad one is refused with its name */
    if (sb_spec_check_params(&p, where, err)) {
        sb_params_free(&p);
        return -1;
    }
    sb_tuning_set(db, kernel, klass, &p, default_ms, tuned_ms, cases);
    sb_params_free(&p);
    return 0;
}

/* The entries of the file at path into db; -2 for another device's file. */
static int load_file(const char *path, const sb_device *dev, sb_tuning_db *db, sb_error *err)
{
    /* tune loads the file before it saves, so tuning again cannot mend it: it must go */
    static const char *const mend = " (move it aside or delete it: sparsebench tune then starts a "
                                    "new one; run --tuning none runs without it)";
    cJSON *root = sb_json_load_object(path, err);
    if (!root) {
        sb_fail_prefix(err, "tuning database: ");
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, "%s", mend);
        return -1;
    }
    int rc = sb_json_check_identity(root, dev, path, "tuned", err);
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
    if (rc == 0 && format && !(cJSON_IsString(format) && strcmp(format->valuestring, TUNING_FORMAT) == 0))
        rc = sb_fail(err, "%s: 'format' is not \"%s\" (made by another sparsebench?)", path,
                     TUNING_FORMAT);
    if (rc == 0 && !cJSON_IsArray(entries))
        rc = sb_fail(err, "%s: 'entries' is missing or not an array", path);
    int i = 0;
    const cJSON *e;
    if (rc == 0)
        cJSON_ArrayForEach(e, entries) {
            if ((rc = load_entry(db, e, i++, path, err)) != 0)
                break;
        }
    if (rc == 0)
        rc = sb_clblast_section_load(cJSON_GetObjectItemCaseSensitive(root, "clblast"), path,
                                     &db->clblast, err);
    cJSON_Delete(root);
    if (rc) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        /* "run sparsebench tune for it" went round in circles where tune --db had loaded it */
        sb_fail(err, "%s%s", why,
                rc == -2 ? ": this device is tuned into a database of its own (sparsebench tune "
                           "without --db, or --db naming a new file)"
                         : mend);
    }
    return rc;
}

int sb_tuning_load(const char *path, const sb_device *dev, sb_tuning_db *db, sb_error *err)
{
    memset(db, 0, sizeof *db);
    if (path) {
        db->path = sb_strdup(path);
    } else {
        char *dir = sb_tuning_dir();
        db->path = sb_device_file(dir, dev, ".json");
        free(dir);
    }
    if (!db->path)
        return 0;
    const char *from = db->path;
    char *legacy = NULL;
    if (!path && !sb_file_exists(db->path)) {
        /* before the data directory, the database lived in the cache: read it from there until
         * the next tune saves it in its new place */
        char *cache = sb_cache_root();
        char *dir = cache ? sb_path_join(cache, "tuning") : NULL;
        legacy = sb_device_file(dir, dev, ".json");
        free(dir);
        free(cache);
        if (legacy && sb_file_exists(legacy)) {
            sb_note("reading the tuning database of %s from its old place %s; sparsebench tune "
                    "saves it to %s", dev->name, legacy, db->path);
            from = legacy;
        }
    }
    int rc = sb_file_exists(from) ? load_file(from, dev, db, err) : 0;
    free(legacy);
    return rc;
}

int sb_tuning_save(const sb_tuning_db *db, const sb_device *dev, sb_error *err)
{
    if (!db->path)
        return sb_fail(err, "no place for the tuning database: set SPARSEBENCH_TUNING_DIR, "
                            "XDG_DATA_HOME or HOME");
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", TUNING_FORMAT);
    sb_json_add_identity(root, dev);
    char now[64];
    sb_utc_iso(now, sizeof now);
    cJSON_AddStringToObject(root, "saved", now);
    cJSON *entries = cJSON_AddArrayToObject(root, "entries");
    for (int i = 0; i < db->count; i++) {
        const sb_tuning_entry *t = &db->items[i];
        /* what load_entry would refuse is not written (a time that is not a number) */
        if (!(t->default_ms >= 0 && t->default_ms <= MAX_MS && t->tuned_ms >= 0 &&
              t->tuned_ms <= MAX_MS && t->cases >= 1))
            continue;
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
    if (db->clblast.count > 0)
        cJSON_AddItemToObject(root, "clblast", sb_clblast_section_json(&db->clblast));
    int rc = sb_write_json_atomic(db->path, root, err);
    cJSON_Delete(root);
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
    sb_clblast_tuning_free(&db->clblast);
    memset(db, 0, sizeof *db);
}
