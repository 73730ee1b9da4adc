/* The OpenCL runtime of one device: context, queue, buffers, launches. Programs (built, cached,
 * loaded from binaries) are in cl_program.c. */
#include <clblast_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cl.h"
#include "sb_profile.h"

int sb_cl_env_create(sb_cl_env *env, sb_device *dev, const char *kernel_dir, sb_error *err)
{
    memset(env, 0, sizeof *env);
    env->dev = dev;
    env->kernel_dir = kernel_dir;
    env->build_options = dev->profile && dev->profile->build_options ? dev->profile->build_options : "";
    if (dev->profile)
        sb_params_merge(&env->params, &dev->profile->params);
    cl_int rc;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)dev->platform, 0};
    env->ctx = clCreateContext(props, 1, &dev->id, NULL, NULL, &rc);
    SB_CL_TRY(rc, "clCreateContext");
    env->queue = clCreateCommandQueue(env->ctx, dev->id, CL_QUEUE_PROFILING_ENABLE, &rc);
    if (rc != CL_SUCCESS) {
        clReleaseContext(env->ctx);
        env->ctx = NULL;
        return sb_cl_fail(err, rc, "clCreateCommandQueue", dev);
    }
    env->cache_dir = sb_program_cache_root();
    return 0;
}

void sb_cl_env_release(sb_cl_env *env)
{
    /* CLBlast keeps the programs it built (the baseline's) in a process-wide cache, released by
     * its static destructors at exit, after this context and after the runtime's own per-thread
     * state: Oclgrind's clReleaseProgram then wrote to freed memory (valgrind: "Invalid write" in
     * clReleaseProgram from clblast::Cache::~Cache), and glibc aborted the process after every
     * row was written ("corrupted double-linked list": 3 runs in 10, two at a time on 2 cores).
     * Emptied here, while every context it holds programs of is alive: the cache is shared by all
     * devices, so a device that runs CLBlast after this one rebuilds its programs (compiling is
     * never timed). */
    if (env->clblast_used)
        (void)CLBlastClearCache(); /* only drops references; a release has no one to tell */
    for (int i = 0; i < env->n_programs; i++) {
        clReleaseProgram(env->programs[i].program);
        free(env->programs[i].key);
        sb_program_id_free(&env->programs[i].id);
    }
    free(env->programs);
    free(env->cache_dir);
    free(env->binary_dir);
    if (env->queue)
        clReleaseCommandQueue(env->queue);
    if (env->ctx)
        clReleaseContext(env->ctx);
    sb_params_free(&env->params);
    memset(env, 0, sizeof *env);
}

int sb_cl_kernel(sb_cl_env *env, cl_program prog, const char *name, cl_kernel *out, sb_error *err)
{
    cl_int rc;
    *out = clCreateKernel(prog, name, &rc);
    if (rc != CL_SUCCESS) {
        char call[128];
        snprintf(call, sizeof call, "clCreateKernel(%s)", name);
        return sb_cl_fail(err, rc, call, env->dev);
    }
    return 0;
}

int sb_cl_buffer(sb_cl_env *env, cl_mem_flags flags, size_t size, const void *host, cl_mem *out,
                 sb_error *err)
{
    cl_int rc;
    if (size == 0)
        size = 4; /* an empty matrix still gets a valid buffer */
    if (host)
        flags |= CL_MEM_COPY_HOST_PTR;
    *out = clCreateBuffer(env->ctx, flags, size, (void *)host, &rc);
    if (rc != CL_SUCCESS) {
        char call[96];
        snprintf(call, sizeof call, "clCreateBuffer(%zu bytes)", size);
        *out = NULL;
        return sb_cl_fail(err, rc, call, env->dev);
    }
    return 0;
}

int sb_cl_read(sb_cl_env *env, cl_mem buf, size_t size, void *host, sb_error *err)
{
    if (size == 0)
        return 0;
    SB_CL_TRY(clEnqueueReadBuffer(env->queue, buf, CL_TRUE, 0, size, host, 0, NULL, NULL),
              "clEnqueueReadBuffer");
    return 0;
}

int sb_cl_fill_float(sb_cl_env *env, cl_mem buf, size_t count, float value, sb_error *err)
{
    if (count == 0)
        return 0;
    SB_CL_TRY(clEnqueueFillBuffer(env->queue, buf, &value, sizeof value, 0, count * sizeof value,
                                  0, NULL, NULL),
              "clEnqueueFillBuffer");
    SB_CL_TRY(clFinish(env->queue), "clFinish");
    return 0;
}

int sb_cl_event_ms(sb_cl_env *env, cl_event ev, double *ms, sb_error *err)
{
    cl_ulong t0 = 0, t1 = 0;
    SB_CL_TRY(clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL),
              "clGetEventProfilingInfo(START)");
    SB_CL_TRY(clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL),
              "clGetEventProfilingInfo(END)");
    const char *fake = getenv("SPARSEBENCH_FAKE_EVENTS");
    if (fake && *fake && strcmp(fake, "0") != 0) {
        t0 = 2;
        t1 = 3;
    }
    *ms = (double)(t1 - t0) * 1e-6;
    return 0;
}

int sb_cl_gate(sb_cl_env *env, cl_event *gate, sb_error *err)
{
    cl_int rc;
    *gate = clCreateUserEvent(env->ctx, &rc);
    if (rc == CL_SUCCESS)
        rc = clEnqueueBarrierWithWaitList(env->queue, 1, gate, NULL);
    if (rc == CL_SUCCESS)
        return 0;
    sb_cl_gate_open(*gate);
    *gate = NULL;
    return sb_cl_fail(err, rc, "clCreateUserEvent / clEnqueueBarrierWithWaitList (a gated batch)",
                      env->dev);
}

cl_int sb_cl_gate_open(cl_event gate)
{
    if (!gate)
        return CL_SUCCESS;
    cl_int rc = clSetUserEventStatus(gate, CL_COMPLETE);
    clReleaseEvent(gate);
    return rc;
}

int sb_cl_span_ms(sb_cl_env *env, cl_event first, cl_event last, double *ms, sb_error *err)
{
    cl_ulong t0 = 0, t1 = 0;
    SB_CL_TRY(clGetEventProfilingInfo(first, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL),
              "clGetEventProfilingInfo(START) of a batch's first run");
    SB_CL_TRY(clGetEventProfilingInfo(last, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL),
              "clGetEventProfilingInfo(END) of a batch's last run");
    *ms = t1 > t0 ? (double)(t1 - t0) * 1e-6 : NAN;
    return 0;
}

cl_int sb_cl_finish_flushed(cl_command_queue q)
{
    cl_int rc = clFinish(q);
    cl_event marker = NULL;
    if (rc == CL_SUCCESS)
        rc = clEnqueueMarkerWithWaitList(q, 0, NULL, &marker);
    if (rc == CL_SUCCESS)
        rc = clWaitForEvents(1, &marker);
    if (marker)
        clReleaseEvent(marker);
    return rc;
}

int sb_cl_args(sb_cl_env *env, cl_kernel k, const char *what, sb_error *err, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        size_t size = va_arg(ap, size_t);
        const void *ptr = va_arg(ap, const void *);
        cl_int rc = clSetKernelArg(k, (cl_uint)i, size, ptr);
        if (rc != CL_SUCCESS) {
            va_end(ap);
            char call[128];
            snprintf(call, sizeof call, "clSetKernelArg(%s, arg %d)", what, i);
            return sb_cl_fail(err, rc, call, env->dev);
        }
    }
    va_end(ap);
    return 0;
}

int sb_cl_launch(sb_cl_env *env, cl_kernel k, const char *what, int dims, const size_t *global,
                 const size_t *local, cl_event *ev, sb_error *err)
{
    size_t g[3];
    for (int d = 0; d < dims; d++) {
        size_t l = local ? local[d] : 1;
        g[d] = (global[d] + l - 1) / l * l;
        if (g[d] == 0)
            g[d] = l;
    }
    cl_int rc = clEnqueueNDRangeKernel(env->queue, k, (cl_uint)dims, NULL, g, local, 0, NULL, ev);
    if (rc != CL_SUCCESS) {
        char call[128];
        snprintf(call, sizeof call, "clEnqueueNDRangeKernel(%s)", what);
        return sb_cl_fail(err, rc, call, env->dev);
    }
    return 0;
}
