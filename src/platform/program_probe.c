/* Loading a binary that came from outside (see sb_program_cache.h: sb_program_probe).
 *
 * A binary given with --binaries, or made offline by aoc or v++, goes straight into the driver,
 * and a corrupt or hostile one (its manifest rewritten to match) can crash the driver inside
 * clBuildProgram, where no return code is left to check. So this process never hands the driver
 * such a binary before a child process has: the child is this very program started again
 * (/proc/self/exe) with SPARSEBENCH_PROBE_DEVICE and SPARSEBENCH_PROBE_OPTIONS in its
 * environment and the binary on its stdin; a constructor below sees the variables before main
 * runs, opens the device by its stable id, creates, builds and creates every kernel of the
 * program, and exits 0 (loaded), 3 (the driver refused it: the child writes the driver's message,
 * as sb_program_from_bytes words it, on descriptor 3, a pipe to the parent, which refuses the
 * binary with it), 4 (the device could not be opened) or 5 (the child ran out of memory before
 * the binary was checked, reading it or for its kernels: its message says so, and the binary is
 * not loaded). Death by a
 * signal, or no answer in SB_PROBE_SECONDS, refuses the binary with that reason. A binary the
 * driver refused in the child is never handed to it here: a driver that reports one corrupt
 * binary with an error can crash on the next (Intel's CPU runtime does, after its bitcode
 * reader's "Invalid type").
 *
 * What this does not cover: running the kernels. On a CPU device a kernel is native code inside
 * this process, so a binary the user supplies is trusted as much as any program they run; the
 * program cache, which sparsebench fills itself, is authenticated instead (its mac). */
#define _GNU_SOURCE
#include "sb_program_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sb_cl.h"

#define SB_PROBE_SECONDS 600
#define ENV_DEVICE "SPARSEBENCH_PROBE_DEVICE"
#define ENV_OPTIONS "SPARSEBENCH_PROBE_OPTIONS"
#define ENV_WHAT "SPARSEBENCH_PROBE_WHAT"
#define PROBE_MESSAGE_FD 3 /* the child's end of the pipe that carries the driver's message */

/* ---- the child -------------------------------------------------------------------------- */

static unsigned char *read_stdin(size_t *n)
{
    size_t cap = 1 << 16;
    unsigned char *buf = malloc(cap);
    *n = 0;
    for (ssize_t got; buf; *n += (size_t)got) {
        if (*n == cap && !(buf = realloc(buf, cap *= 2)))
            break;
        got = read(0, buf + *n, cap - *n);
        if (got < 0 && errno == EINTR)
            got = 0;
        else if (got <= 0)
            break;
    }
    return buf;
}

/* exit `code` with the message on PROBE_MESSAGE_FD (at most sizeof(sb_error.msg), within a
 * pipe's buffer, so the child never waits on the parent) */
static int say(const char *msg, int code)
{
    for (size_t off = 0, n = strlen(msg); off < n;) {
        ssize_t w = write(PROBE_MESSAGE_FD, msg + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    return code;
}

/* exit 3: the driver refused the binary, in its words */
static int refused(const char *msg)
{
    return say(msg, 3);
}

static int probe_child(const char *stable_id, const char *options, const char *what)
{
    sb_device *devs = NULL;
    int count = 0;
    sb_error err;
    if (sb_devices_enumerate(&devs, &count, &err))
        return 4;
    const sb_device *dev = NULL;
    for (int i = 0; i < count && !dev; i++)
        if (strcmp(devs[i].stable_id, stable_id) == 0)
            dev = &devs[i];
    size_t n;
    unsigned char *bytes = dev ? read_stdin(&n) : NULL;
    if (!dev)
        return 4;
    if (!bytes) { /* exit 5, as below: exit 4 would let the parent load the binary unchecked */
        sb_fail(&err, "loading binary %s on device %d:%d (%s): the probe process ran out of "
                      "memory reading the binary: not checked, so not loaded; free memory and run "
                      "again",
                what, dev->platform_index, dev->device_index, dev->name);
        return say(err.msg, 5);
    }
    cl_int rc;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)dev->platform, 0};
    cl_context ctx = clCreateContext(props, 1, &dev->id, NULL, NULL, &rc);
    if (rc != CL_SUCCESS)
        return 4;
    cl_program prog;
    if (sb_program_from_bytes(ctx, dev, bytes, n, what, options, &prog, &err))
        return refused(err.msg);
    cl_uint n_kernels = 0;
    rc = clCreateKernelsInProgram(prog, 0, NULL, &n_kernels);
    cl_kernel *ks = rc == CL_SUCCESS ? calloc(n_kernels + 1, sizeof *ks) : NULL;
    if (rc == CL_SUCCESS && !ks) {
        /* exit 5: not the binary's fault, but it was not checked (rc is still CL_SUCCESS here) */
        sb_fail(&err, "loading binary %s on device %d:%d (%s): the probe process ran out of "
                      "memory for an array of %u kernel handles: not checked, so not loaded; free "
                      "memory and run again",
                what, dev->platform_index, dev->device_index, dev->name, n_kernels);
        return say(err.msg, 5);
    }
    if (ks)
        rc = clCreateKernelsInProgram(prog, n_kernels, ks, NULL);
    if (rc != CL_SUCCESS) {
        sb_fail(&err, "loading binary %s on device %d:%d (%s): clCreateKernelsInProgram: %s (%d): "
                      "the binary is corrupt or not for this device; rebuild it with sparsebench "
                      "build",
                what, dev->platform_index, dev->device_index, dev->name, sb_cl_error_name(rc), rc);
        return refused(err.msg);
    }
    return 0; /* the process ends here: no need to release */
}

/* Runs before main in every program linked with this file; does nothing unless started as a
 * probe. */
__attribute__((constructor)) static void probe_if_asked(void)
{
    const char *device = getenv(ENV_DEVICE), *options = getenv(ENV_OPTIONS);
    const char *what = getenv(ENV_WHAT);
    if (device && options && what)
        _exit(probe_child(device, options, what));
}

/* ---- the parent ------------------------------------------------------------------------- */

extern char **environ;

static int is_probe_variable(const char *entry)
{
    return strncmp(entry, ENV_DEVICE "=", sizeof ENV_DEVICE) == 0 ||
           strncmp(entry, ENV_OPTIONS "=", sizeof ENV_OPTIONS) == 0 ||
           strncmp(entry, ENV_WHAT "=", sizeof ENV_WHAT) == 0;
}

static void free_environment(char **env)
{
    for (int i = 0; env[i]; i++)
        if (is_probe_variable(env[i]))
            free(env[i]);
    free(env);
}

/* environ plus the probe's three variables, built before fork (the child may only exec). */
static char **probe_environment(const sb_device *dev, const char *options, const char *what)
{
    int n = 0;
    while (environ[n])
        n++;
    char **env = sb_calloc((size_t)n + 4, sizeof *env);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!is_probe_variable(environ[i]))
            env[k++] = environ[i];
    env[k++] = sb_asprintf("%s=%s", ENV_DEVICE, dev->stable_id);
    env[k++] = sb_asprintf("%s=%s", ENV_OPTIONS, options ? options : "");
    env[k++] = sb_asprintf("%s=%s", ENV_WHAT, what);
    return env;
}

int sb_program_probe(const sb_device *dev, const unsigned char *bytes, size_t n, const char *what,
                     const char *options, sb_error *err)
{
    char **env = probe_environment(dev, options, what);
    int in[2], msg[2];
    if (pipe2(in, O_CLOEXEC) != 0) {
        free_environment(env);
        return sb_fail(err, "loading binary %s: cannot start a probe: %s", what, strerror(errno));
    }
    if (pipe2(msg, O_CLOEXEC | O_NONBLOCK) != 0) {
        close(in[0]);
        close(in[1]);
        free_environment(env);
        return sb_fail(err, "loading binary %s: cannot start a probe: %s", what, strerror(errno));
    }
    pid_t pid = fork();
    if (pid == 0) {
        /* above 9 first, so that neither lands on 0 or 3 before its own dup2 */
        int from = fcntl(in[0], F_DUPFD_CLOEXEC, 10), to = fcntl(msg[1], F_DUPFD_CLOEXEC, 10);
        if (from < 0 || to < 0 || dup2(from, 0) < 0 || dup2(to, PROBE_MESSAGE_FD) < 0 ||
            fcntl(PROBE_MESSAGE_FD, F_SETFL, 0) < 0)
            _exit(4);
        char *argv[] = {"sparsebench-probe", NULL};
        execve("/proc/self/exe", argv, env);
        _exit(4);
    }
    close(msg[1]);
    close(in[0]);
    int status = -1, rc = 0;
    if (pid < 0) {
        rc = sb_fail(err, "loading binary %s: cannot start a probe: %s", what, strerror(errno));
    } else {
        /* the binary through the pipe (a child that dies early closes it: EPIPE, not SIGPIPE) */
        void (*old)(int) = signal(SIGPIPE, SIG_IGN);
        for (size_t off = 0; off < n;) {
            ssize_t w = write(in[1], bytes + off, n - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        close(in[1]);
        in[1] = -1;
        signal(SIGPIPE, old);
        struct timespec tick = {0, 20 * 1000 * 1000};
        for (int waited = 0; waitpid(pid, &status, WNOHANG) == 0; waited++) {
            if (waited > SB_PROBE_SECONDS * 50) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                rc = sb_fail(err, "loading binary %s on device %d:%d (%s): the driver did not "
                                  "finish building it in %d s (in a probe process): not loaded",
                             what, dev->platform_index, dev->device_index, dev->name,
                             SB_PROBE_SECONDS);
                break;
            }
            nanosleep(&tick, NULL);
        }
    }
    if (in[1] >= 0)
        close(in[1]);
    free_environment(env);
    /* the driver's message, if the child wrote one (it has exited: no wait) */
    char said[sizeof err->msg];
    size_t got = 0;
    for (ssize_t r; got < sizeof said - 1; got += (size_t)r)
        if ((r = read(msg[0], said + got, sizeof said - 1 - got)) <= 0)
            break;
    said[got] = '\0';
    close(msg[0]);
    if (rc == 0 && WIFSIGNALED(status))
        rc = sb_fail(err, "loading binary %s on device %d:%d (%s) crashed the driver (signal %d, "
                          "%s) in a probe process: the binary is corrupt or not for this device; "
                          "not loaded; rebuild it with sparsebench build",
                     what, dev->platform_index, dev->device_index, dev->name, WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
    else if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 3)
        rc = sb_fail(err, "not loaded: the driver refused it in a probe process: %s",
                     got ? said : "without a message");
    else if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 5) /* its own words */
        rc = sb_fail(err, "%s", got ? said : "the probe process ran out of memory: not loaded");
    /* exit 4: the probe could not open the device, and is no reason to refuse the binary */
    return rc;
}
