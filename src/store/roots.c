/* The cache and data roots and the device identity of per-device files (see sb_store.h). */
#include "sb_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env_value(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] ? v : NULL;
}

char *sb_cache_root(void)
{
    const char *v;
    if ((v = env_value("SPARSEBENCH_CACHE")))
        return sb_strdup(v);
    if ((v = env_value("XDG_CACHE_HOME")))
        return sb_path_join(v, "sparsebench");
    if ((v = env_value("HOME")))
        return sb_path_join(v, ".cache/sparsebench");
    return NULL;
}

char *sb_tuning_dir(void)
{
    const char *v;
    if ((v = env_value("SPARSEBENCH_TUNING_DIR")))
        return sb_strdup(v);
    if ((v = env_value("XDG_DATA_HOME")))
        return sb_path_join(v, "sparsebench/tuning");
    if ((v = env_value("HOME")))
        return sb_path_join(v, ".local/share/sparsebench/tuning");
    return NULL;
}

void sb_device_key(const sb_device *dev, char out[17])
{
    uint64_t h = sb_hash64(dev->name, strlen(dev->name) + 1, 0);
    h = sb_hash64(dev->platform_name, strlen(dev->platform_name) + 1, h);
    h = sb_hash64(dev->driver_version, strlen(dev->driver_version) + 1, h);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

char *sb_device_file(const char *dir, const sb_device *dev, const char *suffix)
{
    if (!dir)
        return NULL;
    char key[17];
    sb_device_key(dev, key);
    return sb_asprintf("%s/%s%s", dir, key, suffix);
}

void sb_json_add_identity(cJSON *o, const sb_device *dev)
{
    cJSON_AddStringToObject(o, "device", dev->name);
    cJSON_AddStringToObject(o, "platform", dev->platform_name);
    cJSON_AddStringToObject(o, "driver", dev->driver_version);
}

int sb_json_check_identity(const cJSON *o, const sb_device *dev, const char *path,
                           const char *made, sb_error *err)
{
    const char *keys[] = {"device", "platform", "driver"};
    const char *mine[] = {dev->name, dev->platform_name, dev->driver_version};
    const char *theirs[3];
    for (int i = 0; i < 3; i++)
        if (sb_json_get_string(o, keys[i], path, &theirs[i], err))
            return -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(theirs[i], mine[i]) != 0) {
            sb_fail(err, "%s: %s for another %s (%s), not this device's (%s %s, driver %s)", path,
                    made, keys[i], theirs[i], dev->name, dev->platform_name, dev->driver_version);
            return -2;
        }
    return 0;
}
