/* Loading a binary that came from outside (see sb_program_cache.h: sb_program_probe).
 *
 * A binary given with --binaries, or made offline by aoc or v++, goes straight into the driver,
 * and a corrupt or hostile one (its manifest rewritten to match) can crash the driver inside
 * clBuildProgram, where no return code is left to check. So this process never hands the driver
 * such a binary before a child process has: the child is this very program started again
 * (/proc/self/exe) with SPARSEBENCH_PROBE_DEVICE and SPARSEBENCH_PROBE_OPTIONS in its
 * environment and the binary on its stdin; a constructor below sees the variables before main
 * runs, opens the device by its stable id, creates, builds and creates every kernel of the
 * program, and exits 0 (loaded), 3 (the driver refused it: the parent loads it anyway to get the
 * driver's own message) or 4 (the device could not be opened). Death by a signal, or no answer
 * in SB_PROBE_SECONDS, refuses the binary with that reason.
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

static int probe_child(const char *stable_id, const char *options)
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
    unsigned char *bytes = read_stdin(&n);
    if (!dev || !bytes)
        return 4;
    cl_int rc, status;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)dev->platform, 0};
    cl_context ctx = clCreateContext(props, 1, &dev->id, NULL, NULL, &rc);
    if (rc != CL_SUCCESS)
        return 4;
    const unsigned char *b = bytes;
    cl_program prog = clCreateProgramWithBinary(ctx, 1, &dev->id, &n, &b, &status, &rc);
    if (rc != CL_SUCCESS || status != CL_SUCCESS)
        return 3;
    if (clBuildProgram(prog, 1, &dev->id, options, NULL, NULL) != CL_SUCCESS)
        return 3;
    cl_uint n_kernels = 0;
    if (clCreateKernelsInProgram(prog, 0, NULL, &n_kernels) != CL_SUCCESS)
        return 3;
    cl_kernel *ks = calloc(n_kernels + 1, sizeof *ks);
    if (!ks || clCreateKernelsInProgram(prog, n_kernels, ks, NULL) != CL_SUCCESS)
        return 3;
    return 0; /* the process ends here: no need to release */
}

/* Runs before main in every program linked with this file; does nothing unless started as a
 * probe. */
__attribute__((constructor)) static void probe_if_asked(void)
{
    const char *device = getenv(ENV_DEVICE), *options = getenv(ENV_OPTIONS);
    if (device && options)
        _exit(probe_child(device, options));
}

/* ---- the parent ------------------------------------------------------------------------- */

extern char **environ;

static int is_probe_variable(const char *entry)
{
    return strncmp(entry, ENV_DEVICE "=", sizeof ENV_DEVICE) == 0 ||
           strncmp(entry, ENV_OPTIONS "=", sizeof ENV_OPTIONS) == 0;
}

static void free_environment(char **env)
{
    for (int i = 0; env[i]; i++)
        if (is_probe_variable(env[i]))
            free(env[i]);
    free(env);
}

/* environ plus the probe's two variables, built before fork (the child may only exec). */
static char **probe_environment(const sb_device *dev, const char *options)
{
    int n = 0;
    while (environ[n])
        n++;
    char **env = sb_calloc((size_t)n + 3, sizeof *env);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!is_probe_variable(environ[i]))
            env[k++] = environ[i];
    env[k++] = sb_asprintf("%s=%s", ENV_DEVICE, dev->stable_id);
    env[k++] = sb_asprintf("%s=%s", ENV_OPTIONS, options ? options : "");
    return env;
}

int sb_program_probe(const sb_device *dev, const unsigned char *bytes, size_t n, const char *what,
                     const char *options, sb_error *err)
{
    char **env = probe_environment(dev, options);
    int in[2];
    if (pipe2(in, O_CLOEXEC) != 0) {
        free_environment(env);
        return sb_fail(err, "loading binary %s: cannot start a probe: %s", what, strerror(errno));
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        char *argv[] = {"sparsebench-probe", NULL};
        execve("/proc/self/exe", argv, env);
        _exit(4);
    }
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
    if (rc == 0 && WIFSIGNALED(status))
        rc = sb_fail(err, "loading binary %s on device %d:%d (%s) crashed the driver (signal %d, "
                          "%s) in a probe process: the binary is corrupt or not for this device; "
                          "not loaded; rebuild it with sparsebench build",
                     what, dev->platform_index, dev->device_index, dev->name, WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
    /* exit 3: the driver refused it, which loading it here reports in its own words; exit 4:
     * the probe could not open the device, and is no reason to refuse the binary */
    return rc;
}
