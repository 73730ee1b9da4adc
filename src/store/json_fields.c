/* Reading JSON files back, every field checked for its type and range (see sb_store.h). */
#include "sb_store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

cJSON *sb_json_load_object(const char *path, sb_error *err)
{
    size_t len = 0;
    char *text = sb_read_file(path, &len, err);
    if (!text)
        return NULL;
    if (strlen(text) != len) {
        free(text);
        sb_fail(err, "%s: not valid JSON (it holds a NUL byte)", path);
        return NULL;
    }
    /* the length counts the terminating NUL: nothing may follow the object but white space */
    cJSON *o = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    free(text);
    if (!o) {
        sb_fail(err, "%s: not valid JSON", path);
        return NULL;
    }
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        sb_fail(err, "%s: not a JSON object", path);
        return NULL;
    }
    return o;
}

int sb_json_get_string(const cJSON *o, const char *key, const char *path, const char **out,
                       sb_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return sb_fail(err, "%s: field '%s' is missing or not a string", path, key);
    *out = v->valuestring;
    return 0;
}

int sb_json_get_number(const cJSON *o, const char *key, const char *path, double lo, double hi,
                       double *out, sb_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        return sb_fail(err, "%s: field '%s' is missing or not a number", path, key);
    if (!isfinite(v->valuedouble) || v->valuedouble < lo || v->valuedouble > hi)
        return sb_fail(err, "%s: field '%s' is %g, outside [%g, %g]", path, key, v->valuedouble,
                       lo, hi);
    *out = v->valuedouble;
    return 0;
}

int sb_json_get_int64(const cJSON *o, const char *key, const char *path, long long lo,
                      long long hi, long long *out, sb_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        return sb_fail(err, "%s: field '%s' is missing or not a number", path, key);
    if (sb_double_to_int64(v->valuedouble, lo, hi, out))
        return sb_fail(err, "%s: field '%s' is %g, not a whole number in [%lld, %lld]", path, key,
                       v->valuedouble, lo, hi);
    return 0;
}

int sb_json_get_int(const cJSON *o, const char *key, const char *path, int lo, int hi, int *out,
                    sb_error *err)
{
    long long x;
    if (sb_json_get_int64(o, key, path, lo, hi, &x, err))
        return -1;
    *out = (int)x;
    return 0;
}
