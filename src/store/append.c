/* Files that grow by whole rows, fsync'd per append (see sb_store.h). */
#define _GNU_SOURCE
#include "sb_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The length of path's content up to and including its last '\n' (0 when it has none). */
static int last_row_end(int fd, long long size, long long *end)
{
    char buf[4096];
    long long pos = size;
    while (pos > 0) {
        size_t n = pos < (long long)sizeof buf ? (size_t)pos : sizeof buf;
        pos -= (long long)n;
        ssize_t got = pread(fd, buf, n, (off_t)pos);
        if (got != (ssize_t)n)
            return -1;
        for (size_t i = n; i-- > 0;)
            if (buf[i] == '\n') {
                *end = pos + (long long)i + 1;
                return 0;
            }
    }
    *end = 0;
    return 0;
}

int sb_append_open(sb_append_file *f, const char *path, int resume, sb_error *err)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    int flags = O_CLOEXEC | O_NOFOLLOW | (resume ? O_RDWR | O_APPEND : O_WRONLY | O_CREAT | O_EXCL);
    int fd = open(path, flags, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            return sb_fail(err, "%s already exists: results are never overwritten", path);
        if (errno == ELOOP)
            return sb_fail(err, "%s is a symbolic link: it is not followed", path);
        return sb_fail(err, "cannot %s %s: %s", resume ? "open" : "create", path, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return sb_fail(err, "%s is not a regular file", path);
    }
    f->fd = fd;
    f->path = sb_strdup(path);
    if (resume) {
        long long end;
        if (last_row_end(fd, (long long)st.st_size, &end) != 0) {
            sb_append_close(f, NULL);
            return sb_fail(err, "cannot read %s: %s", path, strerror(errno));
        }
        /* a row cut off by a crash (kill -9 mid-write) is dropped: it is measured again */
        if (end < (long long)st.st_size && (ftruncate(fd, (off_t)end) != 0 || fsync(fd) != 0)) {
            int e = errno;
            sb_append_close(f, NULL);
            return sb_fail(err, "cannot cut the unfinished last row off %s: %s", path, strerror(e));
        }
        f->size = f->before = end;
        return 0;
    }
    if (sb_fsync_parent(path, err)) {
        sb_append_close(f, NULL);
        return -1;
    }
    return 0;
}

int sb_append(sb_append_file *f, const void *data, size_t n, sb_error *err)
{
    const char *p = data;
    size_t left = n;
    int e = 0;
    while (left > 0) {
        ssize_t w = write(f->fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = w < 0 ? errno : EIO;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (e == 0 && fsync(f->fd) != 0)
        e = errno;
    if (e) {
        /* cut back the part of the row that went out: the file ends with a whole row */
        int cut = ftruncate(f->fd, (off_t)f->size) == 0 && fsync(f->fd) == 0;
        return sb_fail(err, "cannot write %s: %s (%s)", f->path, strerror(e),
                       cut ? "the rows before are intact"
                           : "and the unfinished row could not be cut off: delete its last line");
    }
    f->before = f->size;
    f->size += (long long)n;
    return 0;
}

int sb_append_undo(sb_append_file *f, sb_error *err)
{
    if (ftruncate(f->fd, (off_t)f->before) != 0 || fsync(f->fd) != 0)
        return sb_fail(err, "cannot cut the last row off %s: %s", f->path, strerror(errno));
    f->size = f->before;
    return 0;
}

int sb_append_close(sb_append_file *f, sb_error *err)
{
    int rc = 0;
    if (f->fd >= 0 && close(f->fd) != 0)
        rc = sb_fail(err, "cannot write %s: %s", f->path, strerror(errno));
    free(f->path);
    memset(f, 0, sizeof *f);
    f->fd = -1;
    return rc;
}
