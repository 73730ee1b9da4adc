/* The peak cache file (see sb_peak.h): one JSON object per device and driver. */
#include "sb_peak.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_store.h"

#define MAX_RATE 1e9 /* GFLOP/s or GB/s: a zettaflop device is a broken file */

char *sb_peak_cache_path(const sb_device *dev)
{
    char *root = sb_cache_root();
    char *dir = root ? sb_path_join(root, "peak") : NULL;
    char *path = sb_device_file(dir, dev, ".json");
    free(dir);
    free(root);
    return path;
}

static int copy_string(const cJSON *o, const char *key, const char *path, char *dst, size_t n,
                       sb_error *err)
{
    const char *s;
    if (sb_json_get_string(o, key, path, &s, err))
        return -1;
    snprintf(dst, n, "%s", s);
    return 0;
}

/* An informative number of the file (not needed to use the peak): v's value where it is one in
 * (0, max], else 0, "not measured". */
static double informative(const cJSON *v, double max)
{
    double x = cJSON_IsNumber(v) ? v->valuedouble : 0;
    return isfinite(x) && x > 0 && x <= max ? x : 0;
}

static int parse_cache(const cJSON *o, const char *path, const sb_device *dev, sb_peak *out,
                       sb_error *err)
{
    if (sb_json_check_identity(o, dev, path, "measured", err) ||
        sb_json_get_number(o, "gflops", path, 1e-9, MAX_RATE, &out->gflops, err) ||
        sb_json_get_number(o, "gbps", path, 1e-9, MAX_RATE, &out->gbps, err) ||
        sb_json_get_int(o, "best_vec", path, 1, 16, &out->best_vec, err) ||
        copy_string(o, "method", path, out->method, sizeof out->method, err) ||
        copy_string(o, "measured_at", path, out->measured_at, sizeof out->measured_at, err))
        return -1;
    int valid_vec = 0;
    for (int w = 0; w < SB_PEAK_N_VEC; w++)
        valid_vec |= out->best_vec == sb_peak_vec_widths[w];
    if (!valid_vec)
        return sb_fail(err, "%s: field 'best_vec' must be 1, 2, 4, 8 or 16", path);
    /* the launch floors came later: a file without them (or a bad one) reads as not measured (0) */
    out->launch_us = informative(cJSON_GetObjectItemCaseSensitive(o, "launch_us"), 1e7);
    out->launch_b2b_us = informative(cJSON_GetObjectItemCaseSensitive(o, "launch_b2b_us"), 1e7);
    /* per-width numbers are informative only: a missing or bad one reads as not measured (0) */
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(o, "vec_gflops");
    for (int w = 0; w < SB_PEAK_N_VEC; w++) {
        char key[8];
        snprintf(key, sizeof key, "%d", sb_peak_vec_widths[w]);
        out->vec_gflops[w] = informative(
            cJSON_IsObject(per) ? cJSON_GetObjectItemCaseSensitive(per, key) : NULL, MAX_RATE);
    }
    return 0;
}

int sb_peak_cache_load(const char *path, const sb_device *dev, sb_peak *out, sb_error *err)
{
    if (!sb_file_exists(path))
        return 0;
    cJSON *o = sb_json_load_object(path, err);
    if (!o)
        return -1;
    memset(out, 0, sizeof *out);
    int rc = parse_cache(o, path, dev, out, err);
    cJSON_Delete(o);
    if (rc)
        return -1;
    out->cached = 1;
    return 1;
}

/* A launch floor: its value, or null where it was not measured (0). */
static void add_floor(cJSON *o, const char *key, double us)
{
    if (us > 0)
        cJSON_AddNumberToObject(o, key, us);
    else
        cJSON_AddNullToObject(o, key);
}

void sb_peak_json_add(cJSON *o, const sb_peak *peak)
{
    cJSON_AddNumberToObject(o, "gflops", peak->gflops);
    cJSON_AddNumberToObject(o, "best_vec", peak->best_vec);
    cJSON *per = cJSON_AddObjectToObject(o, "vec_gflops");
    for (int w = 0; w < SB_PEAK_N_VEC; w++) {
        char key[8];
        snprintf(key, sizeof key, "%d", sb_peak_vec_widths[w]);
        cJSON_AddNumberToObject(per, key, peak->vec_gflops[w]);
    }
    cJSON_AddNumberToObject(o, "gbps", peak->gbps);
    add_floor(o, "launch_us", peak->launch_us);
    add_floor(o, "launch_b2b_us", peak->launch_b2b_us);
    cJSON_AddStringToObject(o, "method", peak->method);
    cJSON_AddStringToObject(o, "measured_at", peak->measured_at);
}

int sb_peak_cache_save(const char *path, const sb_device *dev, const sb_peak *peak, sb_error *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "schema", 1);
    sb_json_add_identity(o, dev);
    sb_peak_json_add(o, peak);
    cJSON_AddStringToObject(o, "tool_version", SB_VERSION);
    int rc = sb_write_json_atomic(path, o, err);
    cJSON_Delete(o);
    return rc;
}
