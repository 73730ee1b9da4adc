/* Measuring a device's FP32 peak and copy bandwidth, and caching them (see sb_peak.h). */
#include "sb_peak.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_rng.h"

/* Must match cl_kernels/peak_flops.cl. */
#define FMA_CHAINS 8
#define FMA_STEPS_PER_ITER 16
#define MIB (1024.0 * 1024.0)

static const int vec_widths[SB_PEAK_N_VEC] = {1, 2, 4, 8, 16};

void sb_peak_default_options(const sb_device *dev, sb_peak_options *opt)
{
    const size_t mib = 1u << 20;
    size_t bytes = (size_t)(dev->max_alloc_bytes / 8);
    if (bytes > 256 * mib)
        bytes = 256 * mib;
    if (bytes < 64 * mib)
        bytes = 64 * mib;
    if (dev->max_alloc_bytes && bytes > dev->max_alloc_bytes)
        bytes = (size_t)dev->max_alloc_bytes;
    opt->flops_target_ms = 50;
    opt->copy_bytes = bytes;
    opt->repeats = 5;
}

/* The largest power of two <= want that the kernel and device allow. */
static int pick_local(sb_cl_env *env, cl_kernel k, size_t want, size_t *local, sb_error *err)
{
    size_t kernel_max = 0;
    SB_CL_TRY(clGetKernelWorkGroupInfo(k, env->dev->id, CL_KERNEL_WORK_GROUP_SIZE,
                                       sizeof kernel_max, &kernel_max, NULL),
              "clGetKernelWorkGroupInfo(CL_KERNEL_WORK_GROUP_SIZE)");
    size_t l = want;
    while (l > 1 && (l > kernel_max || l > env->dev->max_work_group_size))
        l /= 2;
    *local = l;
    return 0;
}

/* Enqueues k once, waits, and gives its profiled time. */
static int timed_launch(sb_cl_env *env, cl_kernel k, const char *what, size_t global,
                        size_t local, double *ms, sb_error *err)
{
    cl_event ev = NULL;
    if (sb_cl_launch(env, k, what, 1, &global, &local, &ev, err))
        return -1;
    cl_int rc = clWaitForEvents(1, &ev);
    int status = rc == CL_SUCCESS ? sb_cl_event_ms(env, ev, ms, err)
                                  : sb_cl_fail(err, rc, "clWaitForEvents", env->dev);
    clReleaseEvent(ev);
    return status;
}

/* One vector width: calibrate the loop count to the target time, warm up, best of repeats. */
static int fma_one_width(sb_cl_env *env, const sb_peak_options *opt, int vec, cl_mem init,
                         cl_mem out, size_t items, double *gflops, sb_error *err)
{
    char defines[32], what[48];
    snprintf(defines, sizeof defines, "-DVEC=%d", vec);
    snprintf(what, sizeof what, "peak_fma (VEC=%d)", vec);
    cl_program prog;
    cl_kernel k;
    if (sb_cl_program(env, "peak_flops.cl", defines, &prog, NULL, err) ||
        sb_cl_kernel(env, prog, "peak_fma", &k, err))
        return sb_fail_prefix(err, "FP32 peak, vector width %d: ", vec);
    int status = -1;
    size_t local;
    /* a < 1 so every chain converges to b / (1 - a) = 1: no overflow, no denormals */
    const float a = 0.999f, b = 0.001f;
    int iters = 16;
    if (pick_local(env, k, env->dev->type == SB_DEVTYPE_CPU ? 64 : 256, &local, err))
        goto out;
    double ms = 0, best = INFINITY;
    /* calibration doubles as warm-up; grow the loop until a run takes a tenth of the target */
    for (;;) {
        if (sb_cl_args(env, k, what, err, 5, sizeof(int), &iters, sizeof(float), &a, sizeof(float),
                       &b, sizeof(cl_mem), &init, sizeof(cl_mem), &out) ||
            timed_launch(env, k, what, items, local, &ms, err))
            goto out;
        if (ms >= opt->flops_target_ms / 10 || iters >= (1 << 24))
            break;
        iters *= ms > 0 && opt->flops_target_ms / 10 / ms < 8 ? 2 : 8;
    }
    double scaled = iters * opt->flops_target_ms / (ms > 0 ? ms : 1e-3);
    iters = scaled > (1 << 24) ? (1 << 24) : scaled < 1 ? 1 : (int)scaled;
    if (sb_cl_args(env, k, what, err, 1, sizeof(int), &iters))
        goto out;
    for (int r = 0; r <= opt->repeats; r++) {
        if (timed_launch(env, k, what, items, local, &ms, err))
            goto out;
        if (r > 0 && ms < best) /* run 0 is the warm-up at this size */
            best = ms;
    }
    /* each work-item's sum of CHAINS*vec values near 1: anything else means it did not run */
    size_t n_out = ((items + local - 1) / local) * local;
    float *sums = sb_malloc(n_out * sizeof(float));
    if (sb_cl_read(env, out, n_out * sizeof(float), sums, err)) {
        free(sums);
        goto out;
    }
    const double expect = (double)FMA_CHAINS * vec;
    for (size_t i = 0; i < n_out; i++) {
        if (!isfinite(sums[i]) || sums[i] <= 0 || sums[i] > 2 * expect) {
            sb_fail(err, "FP32 peak kernel (VEC=%d) on %s wrote %g for work-item %zu (expected "
                         "about %g): the device computed wrong results",
                    vec, env->dev->name, sums[i], i, expect);
            free(sums);
            goto out;
        }
    }
    free(sums);
    double flops = (double)n_out * iters * FMA_STEPS_PER_ITER * FMA_CHAINS * vec * 2.0;
    *gflops = flops / (best * 1e-3) / 1e9;
    status = 0;
out:
    clReleaseKernel(k);
    return status;
}

/* Work-items that fill the device: many per compute unit on GPUs, a few groups per core on CPUs. */
static size_t fma_items(const sb_device *dev)
{
    size_t cus = dev->compute_units ? dev->compute_units : 1;
    return cus * (dev->type == SB_DEVTYPE_CPU ? 256 : 2048);
}

static int measure_flops(sb_cl_env *env, const sb_peak_options *opt, sb_peak *out, size_t *items,
                         sb_error *err)
{
    *items = fma_items(env->dev);
    float init_host[FMA_CHAINS * 16];
    sb_rng rng;
    sb_rng_seed(&rng, 20240611);
    for (int i = 0; i < FMA_CHAINS * 16; i++)
        init_host[i] = 0.5f + (float)sb_rng_uniform(&rng); /* in [0.5, 1.5) */
    cl_mem init = NULL, sums = NULL;
    /* room for rounding up to whole work-groups of up to 1024 */
    size_t out_bytes = (*items + 1024) * sizeof(float);
    if (sb_cl_buffer(env, CL_MEM_READ_ONLY, sizeof init_host, init_host, &init, err) ||
        sb_cl_buffer(env, CL_MEM_WRITE_ONLY, out_bytes, NULL, &sums, err)) {
        if (init)
            clReleaseMemObject(init);
        return -1;
    }
    int status = 0;
    out->gflops = 0;
    for (int w = 0; w < SB_PEAK_N_VEC && status == 0; w++) {
        status = fma_one_width(env, opt, vec_widths[w], init, sums, *items, &out->vec_gflops[w], err);
        if (status == 0 && out->vec_gflops[w] > out->gflops) {
            out->gflops = out->vec_gflops[w];
            out->best_vec = vec_widths[w];
        }
    }
    clReleaseMemObject(init);
    clReleaseMemObject(sums);
    return status;
}

static int measure_bandwidth(sb_cl_env *env, const sb_peak_options *opt, sb_peak *out,
                             size_t *bytes_used, sb_error *err)
{
    const size_t mib = 1u << 20;
    size_t bytes = opt->copy_bytes / mib * mib; /* whole MiB: a whole number of work-groups */
    if (bytes == 0)
        bytes = mib;
    *bytes_used = bytes;
    size_t n = bytes / sizeof(float);
    float *host = sb_malloc(bytes);
    sb_rng rng;
    sb_rng_seed(&rng, 20240612);
    for (size_t i = 0; i < n; i++)
        host[i] = sb_rng_weight(&rng); /* random and never zero */
    cl_mem src = NULL, dst = NULL;
    cl_kernel k = NULL;
    cl_program prog;
    int status = -1;
    if (sb_cl_buffer(env, CL_MEM_READ_ONLY, bytes, host, &src, err) ||
        sb_cl_buffer(env, CL_MEM_READ_WRITE, bytes, NULL, &dst, err) ||
        sb_cl_fill_float(env, dst, n, NAN, err) || /* poison: a copy that did not run shows */
        sb_cl_program(env, "peak_bandwidth.cl", "", &prog, NULL, err) ||
        sb_cl_kernel(env, prog, "peak_copy", &k, err) ||
        sb_cl_args(env, k, "peak_copy", err, 2, sizeof(cl_mem), &src, sizeof(cl_mem), &dst))
        goto out;
    size_t local;
    if (pick_local(env, k, 256, &local, err))
        goto out;
    size_t items = n / 4; /* float4 each; a multiple of local since bytes is whole MiB */
    double best = INFINITY, ms;
    for (int r = 0; r <= opt->repeats; r++) {
        if (timed_launch(env, k, "peak_copy", items, local, &ms, err))
            goto out;
        if (r > 0 && ms < best) /* run 0 is the warm-up (first touch of the pages) */
            best = ms;
    }
    float *back = sb_malloc(bytes);
    if (sb_cl_read(env, dst, bytes, back, err)) {
        free(back);
        goto out;
    }
    int same = memcmp(back, host, bytes) == 0;
    free(back);
    if (!same) {
        sb_fail(err, "bandwidth kernel on %s: the copy differs from its source: the device "
                     "computed wrong results", env->dev->name);
        goto out;
    }
    out->gbps = 2.0 * (double)bytes / (best * 1e-3) / 1e9;
    status = 0;
out:
    if (k)
        clReleaseKernel(k);
    if (src)
        clReleaseMemObject(src);
    if (dst)
        clReleaseMemObject(dst);
    free(host);
    if (status)
        sb_fail_prefix(err, "memory bandwidth (%.0f MiB copy): ", bytes / MIB);
    return status;
}

int sb_peak_measure(sb_cl_env *env, const sb_peak_options *opt, sb_peak *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    size_t items, bytes;
    if (measure_flops(env, opt, out, &items, err) ||
        measure_bandwidth(env, opt, out, &bytes, err))
        return -1;
    snprintf(out->method, sizeof out->method,
             "fma %d chains x vec 1-16, %zu items; float4 copy %.0f MiB r+w; best of %d, events",
             FMA_CHAINS, items, bytes / MIB, opt->repeats);
    sb_utc_iso(out->measured_at, sizeof out->measured_at);
    out->cached = 0;
    return 0;
}

/* ---- cache ---- */

char *sb_peak_cache_path(const sb_device *dev)
{
    return sb_device_cache_path(dev, "peak", ".json");
}

static int json_string(const cJSON *o, const char *key, const char *path, char *dst, size_t n,
                       sb_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v))
        return sb_fail(err, "%s: field '%s' is missing or not a string", path, key);
    snprintf(dst, n, "%s", v->valuestring);
    return 0;
}

static int json_positive(const cJSON *o, const char *key, const char *path, double *dst,
                         sb_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble <= 0)
        return sb_fail(err, "%s: field '%s' is missing or not a positive number", path, key);
    *dst = v->valuedouble;
    return 0;
}

static int check_same(const char *path, const char *key, const char *cached, const char *actual,
                      sb_error *err)
{
    if (strcmp(cached, actual) != 0)
        return sb_fail(err, "%s: written for %s '%s', not '%s'", path, key, cached, actual);
    return 0;
}

static int parse_cache(const cJSON *o, const char *path, const sb_device *dev, sb_peak *out,
                       sb_error *err)
{
    char name[256], platform[256], driver[256];
    double best_vec;
    if (!cJSON_IsObject(o))
        return sb_fail(err, "%s: not a JSON object", path);
    if (json_string(o, "device", path, name, sizeof name, err) ||
        json_string(o, "platform", path, platform, sizeof platform, err) ||
        json_string(o, "driver", path, driver, sizeof driver, err) ||
        check_same(path, "device", name, dev->name, err) ||
        check_same(path, "platform", platform, dev->platform_name, err) ||
        check_same(path, "driver", driver, dev->driver_version, err) ||
        json_positive(o, "gflops", path, &out->gflops, err) ||
        json_positive(o, "gbps", path, &out->gbps, err) ||
        json_positive(o, "best_vec", path, &best_vec, err) ||
        json_string(o, "method", path, out->method, sizeof out->method, err) ||
        json_string(o, "measured_at", path, out->measured_at, sizeof out->measured_at, err))
        return -1;
    out->best_vec = (int)best_vec;
    int valid_vec = 0;
    for (int w = 0; w < SB_PEAK_N_VEC; w++)
        valid_vec |= out->best_vec == vec_widths[w] && best_vec == vec_widths[w];
    if (!valid_vec)
        return sb_fail(err, "%s: field 'best_vec' must be 1, 2, 4, 8 or 16", path);
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(o, "vec_gflops");
    for (int w = 0; w < SB_PEAK_N_VEC; w++) {
        char key[8];
        snprintf(key, sizeof key, "%d", vec_widths[w]);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(per, key);
        out->vec_gflops[w] = cJSON_IsNumber(v) && isfinite(v->valuedouble) ? v->valuedouble : 0;
    }
    return 0;
}

int sb_peak_cache_load(const char *path, const sb_device *dev, sb_peak *out, sb_error *err)
{
    if (!sb_file_exists(path))
        return 0;
    char *text = sb_read_file(path, NULL, err);
    if (!text)
        return -1;
    cJSON *o = cJSON_Parse(text);
    free(text);
    if (!o)
        return sb_fail(err, "%s: not valid JSON", path);
    memset(out, 0, sizeof *out);
    int rc = parse_cache(o, path, dev, out, err);
    cJSON_Delete(o);
    if (rc)
        return -1;
    out->cached = 1;
    return 1;
}

int sb_peak_cache_save(const char *path, const sb_device *dev, const sb_peak *peak, sb_error *err)
{
    char *dir = sb_strdup(path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (sb_mkdirs(dir, err)) {
            free(dir);
            return -1;
        }
    }
    free(dir);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "schema", 1);
    cJSON_AddStringToObject(o, "device", dev->name);
    cJSON_AddStringToObject(o, "platform", dev->platform_name);
    cJSON_AddStringToObject(o, "driver", dev->driver_version);
    cJSON_AddNumberToObject(o, "gflops", peak->gflops);
    cJSON_AddNumberToObject(o, "best_vec", peak->best_vec);
    cJSON *per = cJSON_AddObjectToObject(o, "vec_gflops");
    for (int w = 0; w < SB_PEAK_N_VEC; w++) {
        char key[8];
        snprintf(key, sizeof key, "%d", vec_widths[w]);
        cJSON_AddNumberToObject(per, key, peak->vec_gflops[w]);
    }
    cJSON_AddNumberToObject(o, "gbps", peak->gbps);
    cJSON_AddStringToObject(o, "method", peak->method);
    cJSON_AddStringToObject(o, "measured_at", peak->measured_at);
    cJSON_AddStringToObject(o, "tool_version", SB_VERSION);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    /* temporary file, then rename: a reader never sees half a file */
    char *tmp = sb_asprintf("%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int status = 0;
    if (!f) {
        status = sb_fail(err, "cannot write %s: %s", tmp, strerror(errno));
    } else {
        int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
        ok = (fclose(f) == 0) && ok;
        if (!ok)
            status = sb_fail(err, "cannot write %s: %s", tmp, strerror(errno));
        else if (rename(tmp, path) != 0)
            status = sb_fail(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        if (status)
            remove(tmp);
    }
    free(tmp);
    free(text);
    return status;
}

int sb_peak_get(sb_cl_env *env, int refresh, sb_peak *out, sb_error *err)
{
    char *path = sb_peak_cache_path(env->dev);
    if (path && !refresh) {
        sb_error cache_err;
        int rc = sb_peak_cache_load(path, env->dev, out, &cache_err);
        if (rc == 1) {
            free(path);
            return 0;
        }
        if (rc < 0)
            fprintf(stderr, "sparsebench: warning: ignoring the peak cache: %s; measuring again\n",
                    cache_err.msg);
    }
    sb_peak_options opt;
    sb_peak_default_options(env->dev, &opt);
    if (sb_peak_measure(env, &opt, out, err)) {
        free(path);
        return -1;
    }
    sb_error save_err;
    if (!path)
        fprintf(stderr, "sparsebench: warning: neither SPARSEBENCH_CACHE nor HOME is set: the "
                        "peak of %s is not cached\n", env->dev->name);
    else if (sb_peak_cache_save(path, env->dev, out, &save_err))
        fprintf(stderr, "sparsebench: warning: the peak is not cached: %s\n", save_err.msg);
    free(path);
    return 0;
}
