/* The cache and data roots, the user's key and the device identity of per-device files (see
 * sb_store.h). */
#define _GNU_SOURCE
#include "sb_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

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
    char *root = sb_data_root();
    char *dir = root ? sb_path_join(root, "tuning") : NULL;
    free(root);
    return dir;
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

char *sb_data_root(void)
{
    const char *v;
    if ((v = env_value("XDG_DATA_HOME")))
        return sb_path_join(v, "sparsebench");
    if ((v = env_value("HOME")))
        return sb_path_join(v, ".local/share/sparsebench");
    return NULL;
}

/* Reads exactly 32 bytes of key from path: 1 read, 0 no such file, -1 an error. */
static int read_key(const char *path, unsigned char key[32], sb_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? 0 : sb_fail(err, "%s: cannot read: %s", path, strerror(errno));
    unsigned char extra;
    ssize_t got = read(fd, key, 32);
    ssize_t more = got == 32 ? read(fd, &extra, 1) : 0;
    close(fd);
    if (got != 32 || more != 0)
        return sb_fail(err, "%s is not a 32-byte key: delete it (the program cache is then "
                            "compiled again once)", path);
    return 1;
}

int sb_user_key(unsigned char key[32], sb_error *err)
{
    static unsigned char cached[32];
    static int have;
    if (have) {
        memcpy(key, cached, 32);
        return 0;
    }
    char *root = sb_data_root();
    if (!root)
        return sb_fail(err, "no place for the user's key: set XDG_DATA_HOME or HOME");
    char *path = sb_path_join(root, "cache.key");
    int rc = read_key(path, key, err);
    if (rc == 0) {
        /* a new key: written whole to a temporary file, then linked to its name; when another
         * process was first, link fails and its key is the one */
        unsigned char fresh[32];
        char *tmp = sb_asprintf("%s/.cache.key.XXXXXX", root);
        int fd = -1;
        if (getrandom(fresh, sizeof fresh, 0) != (ssize_t)sizeof fresh)
            rc = sb_fail(err, "no random bytes for the user's key: %s", strerror(errno));
        else if (sb_mkdirs(root, err))
            rc = -1;
        else if ((fd = mkstemp(tmp)) < 0)
            rc = sb_fail(err, "%s: cannot create the user's key: %s", root, strerror(errno));
        else if (write(fd, fresh, sizeof fresh) != (ssize_t)sizeof fresh || fsync(fd) != 0)
            rc = sb_fail(err, "%s: cannot write the user's key: %s", tmp, strerror(errno));
        else if (link(tmp, path) != 0 && errno != EEXIST)
            rc = sb_fail(err, "%s: cannot create the user's key: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        if (rc == 0)
            rc = read_key(path, key, err) == 1 ? 0 : -1;
    } else if (rc == 1) {
        rc = 0;
    }
    free(path);
    free(root);
    if (rc == 0) {
        memcpy(cached, key, 32);
        have = 1;
    }
    return rc;
}
