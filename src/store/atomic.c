/* The one atomic write (see sb_store.h). */
#define _GNU_SOURCE
#include "sb_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path ("." when it has none), malloc'd. */
static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sb_strdup(".");
    if (slash == path)
        return sb_strdup("/");
    return sb_strndup(path, (size_t)(slash - path));
}

int sb_fsync_parent(const char *path, sb_error *err)
{
    char *dir = parent_of(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = 0;
    if (fd < 0) {
        rc = sb_fail(err, "%s: cannot open the directory to sync it: %s", dir, strerror(errno));
    } else {
        /* EINVAL: this file system cannot sync a directory (nothing more can be done) */
        if (fsync(fd) != 0 && errno != EINVAL)
            rc = sb_fail(err, "%s: cannot sync the directory: %s", dir, strerror(errno));
        close(fd);
    }
    free(dir);
    return rc;
}

/* write(2) until all of data is out (short writes and EINTR continue). */
static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int sb_write_atomic(const char *path, const void *data, size_t n, sb_error *err)
{
    char *dir = parent_of(path);
    if (sb_mkdirs(dir, err)) {
        free(dir);
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* a hidden name in the same directory (rename never crosses file systems), unique per call */
    char *tmp = sb_asprintf("%s/.%s.tmp.XXXXXX", dir, base);
    free(dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        sb_fail(err, "cannot write %s: cannot create a temporary file beside it: %s", path,
                strerror(errno));
        free(tmp);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    const char *step = NULL;
    if (fchmod(fd, 0666 & ~mask) != 0)
        step = "chmod";
    else if (write_all(fd, data, n) != 0)
        step = "write";
    else if (fsync(fd) != 0)
        step = "fsync";
    int saved = errno;
    if (close(fd) != 0 && !step) {
        step = "close";
        saved = errno;
    }
    if (!step && rename(tmp, path) != 0) {
        step = "rename";
        saved = errno;
    }
    if (step) {
        unlink(tmp);
        sb_fail(err, "cannot write %s (%s: %s); the file is left as it was", path, step,
                strerror(saved));
        free(tmp);
        return -1;
    }
    free(tmp);
    return sb_fsync_parent(path, err);
}

int sb_write_json_atomic(const char *path, const cJSON *o, sb_error *err)
{
    char *text = cJSON_Print(o);
    if (!text)
        return sb_fail(err, "cannot write %s: out of memory printing JSON", path);
    size_t len = strlen(text);
    char *buf = sb_malloc(len + 2);
    memcpy(buf, text, len);
    buf[len] = '\n';
    cJSON_free(text);
    int rc = sb_write_atomic(path, buf, len + 1, err);
    free(buf);
    return rc;
}
