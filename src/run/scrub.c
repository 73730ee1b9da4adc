/* The cold-cache scrub (see scrub.h). */
#include "scrub.h"

#include <stdio.h>
#include <string.h>

#define SCRUB_MIN_BYTES ((size_t)128 << 20)
#define SCRUB_ITEMS 65536

int sb_scrub_open(sb_scrub *s, sb_cl_env *env, sb_error *err)
{
    memset(s, 0, sizeof *s);
    cl_ulong cache = 0;
    SB_CL_TRY(clGetDeviceInfo(env->dev->id, CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, sizeof cache, &cache,
                              NULL),
              "clGetDeviceInfo(CL_DEVICE_GLOBAL_MEM_CACHE_SIZE)");
    cl_ulong max_alloc = 0;
    SB_CL_TRY(clGetDeviceInfo(env->dev->id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof max_alloc,
                              &max_alloc, NULL),
              "clGetDeviceInfo(CL_DEVICE_MAX_MEM_ALLOC_SIZE)");
    s->reported_cache = (size_t)cache;
    size_t bytes = 4 * (size_t)cache > SCRUB_MIN_BYTES ? 4 * (size_t)cache : SCRUB_MIN_BYTES;
    if (bytes > max_alloc / 2) /* a device whose single buffer is smaller: the largest it takes */
        bytes = (size_t)(max_alloc / 2);
    s->items = SCRUB_ITEMS;
    s->per_item = (unsigned)(bytes / (16 * s->items));
    if (s->per_item == 0)
        return sb_fail(err, "cache: cold: device %s allows buffers of only %llu bytes, too small "
                            "to scrub its cache", env->dev->name, (unsigned long long)max_alloc);
    s->bytes = (size_t)s->per_item * 16 * s->items;
    snprintf(s->how, sizeof s->how, "reads %zu MiB before every timed run (the device reports a "
             "%zu KiB cache)", s->bytes >> 20, s->reported_cache >> 10);
    if (sb_cl_buffer(env, CL_MEM_READ_WRITE, s->bytes, NULL, &s->buf, err) ||
        sb_cl_fill_float(env, s->buf, s->bytes / sizeof(float), 1.0f, err) ||
        sb_cl_buffer(env, CL_MEM_WRITE_ONLY, s->items * sizeof(float), NULL, &s->out, err))
        return -1;
    cl_program prog;
    sb_error build_err;
    if (sb_cl_program(env, "scrub.cl", "", &prog, NULL, &build_err) == 0 &&
        sb_cl_kernel(env, prog, "scrub_read", &s->kernel, &build_err) == 0) {
        return sb_cl_args(env, s->kernel, "scrub_read", err, 3, sizeof(cl_mem), &s->buf,
                          sizeof(cl_uint), &s->per_item, sizeof(cl_mem), &s->out);
    }
    /* no compiler for it (a device run from binaries): a device-side copy reads it all too */
    s->kernel = NULL;
    snprintf(s->how + strlen(s->how), sizeof s->how - strlen(s->how), "; by a buffer copy");
    return sb_cl_buffer(env, CL_MEM_READ_WRITE, s->bytes, NULL, &s->copy_dst, err);
}

int sb_scrub_enqueue(const sb_scrub *s, sb_cl_env *env, sb_error *err)
{
    if (s->kernel) {
        size_t global = s->items;
        SB_CL_TRY(clEnqueueNDRangeKernel(env->queue, s->kernel, 1, NULL, &global, NULL, 0, NULL,
                                         NULL),
                  "clEnqueueNDRangeKernel(scrub_read)");
    } else {
        SB_CL_TRY(clEnqueueCopyBuffer(env->queue, s->buf, s->copy_dst, 0, 0, s->bytes, 0, NULL,
                                      NULL),
                  "clEnqueueCopyBuffer (cache scrub)");
    }
    return 0;
}

int sb_scrub_run(const sb_scrub *s, sb_cl_env *env, sb_error *err)
{
    if (sb_scrub_enqueue(s, env, err))
        return -1;
    SB_CL_TRY(clFinish(env->queue), "clFinish after the cache scrub");
    return 0;
}

void sb_scrub_close(sb_scrub *s)
{
    if (s->kernel)
        clReleaseKernel(s->kernel);
    if (s->buf)
        clReleaseMemObject(s->buf);
    if (s->out)
        clReleaseMemObject(s->out);
    if (s->copy_dst)
        clReleaseMemObject(s->copy_dst);
    memset(s, 0, sizeof *s);
}
