/* Measuring a device's FP32 peak and copy bandwidth, and caching them (see sb_peak.h). */
#include "sb_peak.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_rng.h"
#include "sb_schema.h"
#include "sb_sink.h"
#include "sb_stats.h"
#include "sb_timer_check.h"

/* Must match cl_kernels/peak_flops.cl. */
#define FMA_CHAINS 8
#define FMA_STEPS_PER_ITER 16
#define MIB (1024.0 * 1024.0)

const int sb_peak_vec_widths[SB_PEAK_N_VEC] = {1, 2, 4, 8, 16};

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

/* Enqueues k once, waits, and gives its time: the profiling event's where the device's events are
 * trusted and this one is plausible (sb_timer_check.h), else the host clock's around enqueue and
 * clFinish. */
static int timed_launch(sb_cl_env *env, cl_kernel k, const char *what, size_t global,
                        size_t local, double *ms, sb_error *err)
{
    cl_event ev = NULL;
    double t0 = sb_now_ms();
    if (sb_cl_launch(env, k, what, 1, &global, &local, &ev, err))
        return -1;
    cl_int rc = clFinish(env->queue);
    double host_ms = sb_now_ms() - t0, event_ms = 0;
    int status = rc == CL_SUCCESS ? sb_cl_event_ms(env, ev, &event_ms, err)
                                  : sb_cl_fail(err, rc, "clFinish", env->dev);
    clReleaseEvent(ev);
    char why[256];
    *ms = env->events_trusted && sb_event_plausible(event_ms, host_ms, why, sizeof why) ? event_ms
                                                                                      : host_ms;
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
    size_t local = 0; /* set by pick_local (initialised: GCC cannot see that it returns early) */
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
        status = fma_one_width(env, opt, sb_peak_vec_widths[w], init, sums, *items, &out->vec_gflops[w], err);
        if (status == 0 && out->vec_gflops[w] > out->gflops) {
            out->gflops = out->vec_gflops[w];
            out->best_vec = sb_peak_vec_widths[w];
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
    size_t local = 0; /* set by pick_local (initialised: GCC cannot see that it returns early) */
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

/* One gated batch of `runs` launches of k, each flushed as it is queued, behind a barrier on a
 * user event that opens once all are queued (batch_event_ms's method, src/run/case_batch.c): the
 * device's span per launch, START of the first to END of the last, where the device's events are
 * trusted and the span is plausible for the host clock from the opening to the finish; else that
 * host time per launch. *host_ms: that host time (the batch's length). */
static int b2b_batch(sb_cl_env *env, cl_kernel k, int runs, double *ms, double *host_ms,
                     sb_error *err)
{
    const size_t one = 1;
    cl_event first = NULL, last = NULL; /* the first and the last launch's events */
    cl_event gate;
    int status = sb_cl_gate(env, &gate, err); /* on failure err says why; later steps keep it */
    for (int r = 0; status == 0 && r < runs; r++) {
        cl_event *ev = r == 0 ? &first : r == runs - 1 ? &last : NULL;
        cl_int rc;
        if (sb_cl_launch(env, k, "peak_launch", 1, &one, &one, ev, err))
            status = -1;
        else if ((rc = clFlush(env->queue)) != CL_SUCCESS)
            status = sb_cl_fail(err, rc, "clFlush (a gated batch)", env->dev);
    }
    double t0 = sb_now_ms();
    cl_int rc = sb_cl_gate_open(gate); /* also after a failure: the queue must drain */
    if (status == 0 && rc != CL_SUCCESS)
        status = sb_cl_fail(err, rc, "clSetUserEventStatus (a gated batch)", env->dev);
    rc = sb_cl_finish_flushed(env->queue);
    *host_ms = sb_now_ms() - t0;
    if (status == 0 && rc != CL_SUCCESS)
        status = sb_cl_fail(err, rc, "clFinish after a gated batch", env->dev);
    double span_ms = NAN;
    if (status == 0 && env->events_trusted)
        status = sb_cl_span_ms(env, first, last, &span_ms, err);
    if (first)
        clReleaseEvent(first);
    if (last)
        clReleaseEvent(last);
    if (status)
        return status;
    char why[256];
    *ms = (isfinite(span_ms) && sb_event_plausible(span_ms, *host_ms, why, sizeof why)
               ? span_ms
               : *host_ms) /
          runs;
    return 0;
}

/* The launch floor, alone and back to back: the median of SB_PEAK_LAUNCHES timed launches of
 * peak_launch after one warm-up, each waited for; then gated batches (b2b_batch) of 16 launches
 * and up, doubled until one lasts SB_BATCH_MIN_MS (as a row's batches grow, so both are read
 * alike), and the median of SB_PEAK_B2B_BATCHES more of that size (*b2b_runs; 0 where no gate
 * can be used). The int it writes must read 1 (it ran). */
static int measure_launch(sb_cl_env *env, sb_peak *out, int *b2b_runs, sb_error *err)
{
    const int zero = 0;
    int back = 0, status = -1;
    cl_mem flag = NULL;
    cl_kernel k = NULL;
    cl_program prog;
    double ms[SB_PEAK_LAUNCHES], b2b_ms[SB_PEAK_B2B_BATCHES];
    if (sb_cl_buffer(env, CL_MEM_READ_WRITE, sizeof zero, &zero, &flag, err) ||
        sb_cl_program(env, "peak_launch.cl", "", &prog, NULL, err) ||
        sb_cl_kernel(env, prog, "peak_launch", &k, err) ||
        sb_cl_args(env, k, "peak_launch", err, 1, sizeof(cl_mem), &flag))
        goto out;
    for (int r = -1; r < SB_PEAK_LAUNCHES; r++) { /* r = -1: the warm-up */
        double t = 0;
        if (timed_launch(env, k, "peak_launch", 1, 1, &t, err))
            goto out;
        if (r >= 0)
            ms[r] = t;
    }
    /* where clFlush runs the queue (Oclgrind) a gated batch would wait on its gate forever:
     * the back-to-back floor is not measured there (0, *b2b_runs 0), as run's rows get no span */
    int runs = sb_device_flush_waits(env->dev) ? 0 : 16;
    for (double t = 0, host_ms = 0; runs > 0; runs *= 2) {
        if (b2b_batch(env, k, runs, &t, &host_ms, err))
            goto out;
        if (host_ms >= SB_BATCH_MIN_MS || runs >= SB_PEAK_B2B_MAX_RUNS)
            break;
    }
    for (int b = 0; runs > 0 && b < SB_PEAK_B2B_BATCHES; b++) {
        double host_ms;
        if (b2b_batch(env, k, runs, &b2b_ms[b], &host_ms, err))
            goto out;
    }
    *b2b_runs = runs;
    if (sb_cl_read(env, flag, sizeof back, &back, err))
        goto out;
    if (back != 1) {
        sb_fail(err, "launch kernel on %s wrote %d, not 1: the device did not run it",
                env->dev->name, back);
        goto out;
    }
    out->launch_us = sb_stats_compute(ms, SB_PEAK_LAUNCHES).median * 1e3;
    out->launch_b2b_us = runs ? sb_stats_compute(b2b_ms, SB_PEAK_B2B_BATCHES).median * 1e3 : 0;
    status = 0;
out:
    if (k)
        clReleaseKernel(k);
    if (flag)
        clReleaseMemObject(flag);
    if (status)
        sb_fail_prefix(err, "launch floor: ");
    return status;
}

/* Generous ceilings per compute unit and clock cycle: 512 FP32 flops (an H200 SM does 256, an
 * AVX-512 core with two FMA units 64) and 128 bytes; an unknown clock counts as 6 GHz. */
#define FLOPS_PER_CU_CYCLE 512.0
#define BYTES_PER_CU_CYCLE 128.0

int sb_peak_plausible(const sb_device *dev, const sb_peak *p, char *why, size_t why_len)
{
    double cus = dev->compute_units ? dev->compute_units : 1;
    double hz = (dev->max_clock_mhz ? dev->max_clock_mhz : 6000) * 1e6;
    double max_gflops = cus * hz * FLOPS_PER_CU_CYCLE * 1e-9, max_gbps = cus * hz * BYTES_PER_CU_CYCLE * 1e-9;
    if (p->gflops > max_gflops) {
        snprintf(why, why_len, "%.0f GFLOP/s is more than %u compute units at %u MHz can do (at "
                 "most %.0f GFLOP/s): the timer that measured it cannot be right",
                 p->gflops, dev->compute_units, dev->max_clock_mhz, max_gflops);
        return 0;
    }
    if (p->gbps > max_gbps) {
        snprintf(why, why_len, "%.0f GB/s is more than %u compute units at %u MHz can move (at "
                 "most %.0f GB/s): the timer that measured it cannot be right",
                 p->gbps, dev->compute_units, dev->max_clock_mhz, max_gbps);
        return 0;
    }
    return 1;
}

int sb_peak_measure(sb_cl_env *env, const sb_peak_options *opt, sb_peak *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    size_t items, bytes;
    int b2b_runs = 0;
    if (sb_timer_probe(env, err) || measure_flops(env, opt, out, &items, err) ||
        measure_bandwidth(env, opt, out, &bytes, err) || measure_launch(env, out, &b2b_runs, err))
        return -1;
    char b2b[64] = "not measured (clFlush runs the queue)";
    if (b2b_runs)
        snprintf(b2b, sizeof b2b, "median of %d gated batches of %d", SB_PEAK_B2B_BATCHES, b2b_runs);
    snprintf(out->method, sizeof out->method,
             "fma %d chains x vec 1-16, %zu items; float4 copy %.0f MiB r+w; best of %d; "
             "launch: median of %d, back to back: %s; %s",
             FMA_CHAINS, items, bytes / MIB, opt->repeats, SB_PEAK_LAUNCHES, b2b,
             env->events_trusted ? "events" : "host clock (events implausible)");
    char why[256];
    if (!sb_peak_plausible(env->dev, out, why, sizeof why))
        return sb_fail(err, "the measured peak of %s is implausible: %s", env->dev->name, why);
    sb_utc_iso(out->measured_at, sizeof out->measured_at);
    out->cached = 0;
    return 0;
}

int sb_peak_get(sb_cl_env *env, int refresh, sb_peak *out, sb_error *err)
{
    char *path = sb_peak_cache_path(env->dev);
    if (path && !refresh) {
        sb_error cache_err;
        int rc = sb_peak_cache_load(path, env->dev, out, &cache_err);
        char why[256];
        if (rc == 1 && !sb_peak_plausible(env->dev, out, why, sizeof why)) {
            snprintf(cache_err.msg, sizeof cache_err.msg, "%s: %s", path, why);
            rc = -1;
        }
        if (rc == 1) {
            free(path);
            return 0;
        }
        if (rc < 0)
            sb_warn("ignoring the peak cache: %s; measuring again", cache_err.msg);
    }
    sb_peak_options opt;
    sb_peak_default_options(env->dev, &opt);
    if (sb_peak_measure(env, &opt, out, err)) {
        free(path);
        return -1;
    }
    sb_error save_err;
    if (!path)
        sb_warn("neither SPARSEBENCH_CACHE, XDG_CACHE_HOME nor HOME is set: the peak of %s is "
                "not cached", env->dev->name);
    else if (sb_peak_cache_save(path, env->dev, out, &save_err))
        sb_warn("the peak is not cached: %s", save_err.msg);
    free(path);
    return 0;
}
