/* Checking profiling events against the host clock (see sb_timer_check.h). */
#include "sb_timer_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sb_event_plausible(double event_ms, double host_ms, char *why, size_t why_len)
{
    if (!(event_ms >= SB_EVENT_MIN_MS)) {
        snprintf(why, why_len, "an event time of %.3g us is below 1 us (the host clock took %.3g ms)",
                 event_ms * 1e3, host_ms);
        return 0;
    }
    if (event_ms > 1.25 * host_ms + 0.02) {
        snprintf(why, why_len, "an event time of %.3g ms is longer than the %.3g ms the host clock "
                 "measured around the same launch", event_ms, host_ms);
        return 0;
    }
    if (host_ms >= 10.0 && event_ms < 0.01 * host_ms) {
        snprintf(why, why_len, "an event time of %.3g ms is far below the %.3g ms the host clock "
                 "measured around the same launch", event_ms, host_ms);
        return 0;
    }
    return 1;
}

#define PROBE_LAUNCHES 5

int sb_timer_probe(sb_cl_env *env, sb_error *err)
{
    if (env->events_checked)
        return 0;
    const size_t bytes = 8u << 20, n = bytes / sizeof(float);
    cl_mem src = NULL, dst = NULL;
    cl_kernel k = NULL;
    cl_program prog;
    int status = -1;
    if (sb_cl_buffer(env, CL_MEM_READ_WRITE, bytes, NULL, &src, err) ||
        sb_cl_buffer(env, CL_MEM_READ_WRITE, bytes, NULL, &dst, err) ||
        sb_cl_fill_float(env, src, n, 1.0f, err) ||
        sb_cl_program(env, "peak_bandwidth.cl", "", &prog, NULL, err) ||
        sb_cl_kernel(env, prog, "peak_copy", &k, err) ||
        sb_cl_args(env, k, "peak_copy (timer probe)", err, 2, sizeof(cl_mem), &src, sizeof(cl_mem), &dst))
        goto out;
    size_t items = n / 4, local = 128, kernel_max = 0;
    cl_int qrc = clGetKernelWorkGroupInfo(k, env->dev->id, CL_KERNEL_WORK_GROUP_SIZE,
                                          sizeof kernel_max, &kernel_max, NULL);
    if (qrc != CL_SUCCESS) {
        sb_cl_fail(err, qrc, "clGetKernelWorkGroupInfo(CL_KERNEL_WORK_GROUP_SIZE)", env->dev);
        goto out;
    }
    while (local > 1 && (local > kernel_max || local > env->dev->max_work_group_size))
        local /= 2;
    double event_ms[PROBE_LAUNCHES], host_ms[PROBE_LAUNCHES];
    for (int r = 0; r < PROBE_LAUNCHES; r++) {
        cl_event ev = NULL;
        double t0 = sb_now_ms();
        if (sb_cl_launch(env, k, "peak_copy (timer probe)", 1, &items, &local, &ev, err))
            goto out;
        cl_int rc = clFinish(env->queue);
        host_ms[r] = sb_now_ms() - t0;
        int bad = rc != CL_SUCCESS ? sb_cl_fail(err, rc, "clFinish", env->dev)
                                   : sb_cl_event_ms(env, ev, &event_ms[r], err);
        clReleaseEvent(ev);
        if (bad)
            goto out;
    }
    /* the first launch touches the pages; trusted if any later one is plausible (on a loaded
     * machine one launch may be descheduled between the two clocks) */
    char why[256] = "";
    env->events_trusted = 0;
    for (int r = 1; r < PROBE_LAUNCHES && !env->events_trusted; r++)
        env->events_trusted = sb_event_plausible(event_ms[r], host_ms[r], why, sizeof why);
    if (!env->events_trusted)
        snprintf(env->events_note, sizeof env->events_note,
                 "profiling events on %s are implausible (%s): every time on it is the host clock's",
                 env->dev->name, why);
    env->events_checked = 1;
    status = 0;
out:
    if (k)
        clReleaseKernel(k);
    if (src)
        clReleaseMemObject(src);
    if (dst)
        clReleaseMemObject(dst);
    return status;
}
