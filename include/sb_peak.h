/* The device's measured FP32 peak and memory bandwidth (clpeak's method), cached per device and
 * driver: the roofline every result is read against.
 *
 * FP32: a kernel of 8 independent FMA chains per work-item, for vector widths 1..16; the best
 * width counts. Bandwidth: a float4 copy of random data, bytes = read + write. Each is timed with
 * profiling events, best of a few runs after a warm-up. Launch floor: the median time of a
 * kernel of one work-item that writes one int (cl_kernels/peak_launch.cl), SB_PEAK_LAUNCHES
 * launches after a warm-up: what the runtime charges any kernel, the floor under small layers.
 * Back to back: batches of launches of it queued behind a user event, as many as make a batch
 * last SB_BATCH_MIN_MS (as a row's batches), the device's span over the launches
 * (batch_event_ms's method), median of SB_PEAK_B2B_BATCHES: what a kernel costs when another is
 * queued right before it, about the least a row's batch_event_ms reads. It moves with the
 * device's state: on the H200 six measurements read 4.1-6.6 us a launch (two in one call: 6.0,
 * 4.1) and real kernels given almost no work 4.7-8.0 us (results/2026-12-02-h200-rs20), so it is
 * the floor's size, not a bound a row cannot pass.
 *
 * Cache (src/store/peak_cache.c): <cache root>/peak/<device key>.json (sb_store.h: the root is
 * $SPARSEBENCH_CACHE, else $XDG_CACHE_HOME/sparsebench, else ~/.cache/sparsebench; the key hashes
 * the device name, platform and driver version, which the file holds too and which must match).
 * Written atomically; read back with every field checked (a bad file is measured again). */
#ifndef SB_PEAK_H
#define SB_PEAK_H

#include "sb_cl.h"

#define SB_PEAK_N_VEC 5 /* vector widths 1, 2, 4, 8, 16 */
#define SB_PEAK_LAUNCHES 51 /* timed launches of the empty kernel (the median counts) */
#define SB_PEAK_B2B_BATCHES 5 /* gated batches of the empty kernel (the median counts) */
#define SB_PEAK_B2B_MAX_RUNS 65536 /* launches a gated batch, at most */
extern const int sb_peak_vec_widths[SB_PEAK_N_VEC];

typedef struct sb_peak {
    double gflops;     /* FP32 FMA peak, GFLOP/s, at the best width */
    int best_vec;
    double gbps;       /* copy bandwidth, GB/s (1e9 bytes), read + write */
    char method[192];
    double launch_us;  /* the launch floor, us (events, or the host clock where they are not
                          trusted: then enqueue to clFinish); 0: not measured (a cache file from
                          before it was) */
    double launch_b2b_us; /* the launch floor back to back, us per launch (the span by events, or
                             the host clock where they are not trusted); 0: not measured (a cache
                             file from before it was) */
    /* beyond what the runner needs: */
    double vec_gflops[SB_PEAK_N_VEC]; /* per width 1, 2, 4, 8, 16; 0: not measured */
    int cached;                       /* 1: read from the cache file, 0: measured now */
    char measured_at[32];             /* UTC ISO-8601 */
} sb_peak;

/* How hard to measure; sb_peak_default_options gives what `sparsebench peak` uses. */
typedef struct sb_peak_options {
    double flops_target_ms; /* each timed FMA kernel runs about this long */
    size_t copy_bytes;      /* size of each of the two copy buffers (rounded down to 1 MiB) */
    int repeats;            /* timed runs after one warm-up; the best counts */
} sb_peak_options;

/* FMA kernels of ~50 ms; copy of min(256 MiB, max alloc / 8) but at least 64 MiB (never above
 * the max alloc); 5 repeats. */
void sb_peak_default_options(const sb_device *dev, sb_peak_options *opt);

/* 1 if a peak is within what the device's compute units and clock allow (generous ceilings:
 * 512 flops and 128 bytes per unit and cycle); else 0 and why. A cached peak above it is measured
 * again, a measured one above it is an error. */
int sb_peak_plausible(const sb_device *dev, const sb_peak *p, char *why, size_t why_len);

/* Measures now (no cache), after probing the device's events (sb_timer_probe): with implausible
 * events every time is the host clock's. out->cached = 0. */
int sb_peak_measure(sb_cl_env *env, const sb_peak_options *opt, sb_peak *out, sb_error *err);

/* The cache file of dev (malloc'd), or NULL when no cache root can be named. */
char *sb_peak_cache_path(const sb_device *dev);
/* 1: loaded into out (out->cached = 1); 0: no such file; -1: unreadable, not ours or invalid
 * (message names the file and the field). */
int sb_peak_cache_load(const char *path, const sb_device *dev, sb_peak *out, sb_error *err);
/* Adds the measured fields of peak to the cJSON object o (gflops, best_vec, vec_gflops by width,
 * gbps, launch_us, launch_b2b_us, method, measured_at): one field list for the cache file and
 * `peak --json`. */
struct cJSON;
void sb_peak_json_add(struct cJSON *o, const sb_peak *peak);
/* Writes atomically (temporary file, then rename), creating the directories. */
int sb_peak_cache_save(const char *path, const sb_device *dev, const sb_peak *peak, sb_error *err);

/* From the cache, or measured now (and cached). refresh: always measure. A bad cache file is
 * measured again with a warning on stderr; a cache that cannot be written is a warning too. */
int sb_peak_get(sb_cl_env *env, int refresh, sb_peak *out, sb_error *err);

#endif
