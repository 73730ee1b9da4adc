/* The OpenCL runtime for one device: context, profiling queue, program builds (cached), buffers,
 * and turning every cl_int into a message that names the call and the device. */
#ifndef SB_CL_H
#define SB_CL_H

#include "sb_device.h"
#include "sb_params.h"
#include "sb_program_cache.h"
#include "sb_util.h"

/* "CL_INVALID_VALUE" etc. */
const char *sb_cl_error_name(cl_int code);
/* Sets "call on device: CL_ERROR_NAME (code)" plus a hint where one helps; returns -1. */
int sb_cl_fail(sb_error *err, cl_int code, const char *call, const sb_device *dev);

/* Checks a cl_int; on failure records the message and returns -1 from the enclosing function.
 * Needs `err` (sb_error *) and `env` (sb_cl_env *) in scope. */
#define SB_CL_TRY(expr, call_name)                                   \
    do {                                                             \
        cl_int sb_rc_ = (expr);                                      \
        if (sb_rc_ != CL_SUCCESS)                                    \
            return sb_cl_fail(err, sb_rc_, (call_name), env->dev);   \
    } while (0)

typedef struct sb_program_entry {
    char *key;        /* kernel file + defines */
    cl_program program;
    double build_ms;
    int reported;     /* build time already reported in a row */
    sb_program_id id; /* what it was built from (sb_program_cache.h) */
    sb_program_origin origin;
} sb_program_entry;

typedef struct sb_cl_env {
    sb_device *dev;
    cl_context ctx;
    cl_command_queue queue;  /* in-order, profiling enabled */
    const char *kernel_dir;  /* where cl_kernels/NAME.cl are read from */
    const char *build_options; /* the profile's, prepended to every build */
    sb_params params;        /* tunables for this device: profile, then tuning database */
    sb_program_entry *programs;
    int n_programs;
    /* Where programs come from (sb_program_cache.h): in-process list, then the on-disk cache,
     * then a source build, which is saved to the cache. */
    char *cache_dir;         /* program cache root; NULL: off (SPARSEBENCH_NO_CACHE) */
    int binary_mode;         /* never compile: every program was loaded by sb_cl_env_use_binaries */
    int record;              /* `sparsebench build`: compile from source, keep every program */
    char *binary_dir;        /* binary and record mode: where the binaries are */
    const char *binary_pattern; /* ... and their names (the profile's, or the default) */
    /* set by a launch refused because its reqd_work_group_size is more than the device allows for
     * the built kernel: that limit (CL_KERNEL_WORK_GROUP_SIZE); 0 otherwise (sb_kernel_prepare_fit) */
    size_t wg_refused;
    /* whether this device's profiling events can be believed (sb_timer_check.h) */
    int events_checked;      /* probed */
    int events_trusted;      /* 1: used beside the host clock; 0: never used */
    char events_note[384];   /* why not, for the one note per device */
    /* which parameters CLBlast runs with on this device, for the baseline's variant: "" for
     * CLBlast's own database; "tuned on this device 2026-12-01 (Xgemm, ...)" once run applied
     * the tuning database's (sb_clblast_apply) */
    char clblast_params[192];
    int clblast_used;        /* CLBlast built or ran something on this context (its cache holds
                                programs of it until sb_cl_env_release empties it) */
} sb_cl_env;

int sb_cl_env_create(sb_cl_env *env, sb_device *dev, const char *kernel_dir, sb_error *err);
void sb_cl_env_release(sb_cl_env *env);

/* Builds (or returns the cached) program from kernel_dir/file with `defines` ("-DTILE_N=32 ...")
 * after the profile's build options. On CL_BUILD_PROGRAM_FAILURE the message holds the build log.
 * *build_ms gets the compile time if this call compiled it, else 0 (may be NULL). */
int sb_cl_program(sb_cl_env *env, const char *file, const char *defines, cl_program *out,
                  double *build_ms, sb_error *err);
/* The same, also saying where the program came from (origin may be NULL). In binary mode a
 * program that was not loaded up front is an error that says how to build it. */
int sb_cl_program_ex(sb_cl_env *env, const char *file, const char *defines, cl_program *out,
                     double *build_ms, sb_program_origin *origin, sb_error *err);

/* Where a device's programs come from, decided before anything runs on it: binaries when
 * binaries_dir is given (--binaries); binaries from $SPARSEBENCH_BINARIES when the profile says
 * `build: binary`, or `build: auto` and the device has no online compiler; NONE (why says what to
 * give) when such a device has neither; else source (with the program cache). *dir: where. */
typedef enum { SB_PROGRAMS_SOURCE, SB_PROGRAMS_BINARY, SB_PROGRAMS_NONE } sb_programs_from;
sb_programs_from sb_cl_programs_from(const sb_device *dev, const char *binaries_dir,
                                     const char **dir, char *why, size_t why_len);
/* Sets up where this device's programs come from (sb_cl_programs_from), after sb_cl_env_create.
 * In binary mode every binary for the device is loaded and verified now (device, driver, build
 * options, source hash, integrity), so a mismatch stops the run before any case. NONE is an
 * error saying what to give. */
int sb_cl_env_setup_programs(sb_cl_env *env, const char *binaries_dir, sb_error *err);
/* Binary mode with an explicit directory and pattern (NULL: the profile's or the default);
 * *n_loaded (may be NULL) gets the number of programs loaded. */
int sb_cl_env_use_binaries(sb_cl_env *env, const char *binary_dir, const char *pattern,
                           int *n_loaded, sb_error *err);
/* Record mode (`sparsebench build`): programs compile from source (a device without an online
 * compiler adopts a binary already at its pattern path, e.g. from aoc or v++), and
 * sb_cl_env_save_programs then writes each with its manifest under binary_dir. */
void sb_cl_env_record(sb_cl_env *env, const char *binary_dir, const char *pattern);
int sb_cl_env_save_programs(sb_cl_env *env, int *n_saved, sb_error *err);
/* The binary pattern of a device: its profile's binary_pattern, else SB_BINARY_PATTERN_DEFAULT. */
const char *sb_cl_binary_pattern(const sb_device *dev);

int sb_cl_kernel(sb_cl_env *env, cl_program prog, const char *name, cl_kernel *out, sb_error *err);

/* Device buffer, optionally initialised from host memory (copied). size 0 allocates 4 bytes so
 * empty matrices still have a valid buffer. */
int sb_cl_buffer(sb_cl_env *env, cl_mem_flags flags, size_t size, const void *host, cl_mem *out,
                 sb_error *err);
/* Blocking read. */
int sb_cl_read(sb_cl_env *env, cl_mem buf, size_t size, void *host, sb_error *err);
/* Fills a float buffer with value (e.g. NaN poison) and waits. */
int sb_cl_fill_float(sb_cl_env *env, cl_mem buf, size_t count, float value, sb_error *err);
/* Elapsed ms of a completed profiling event (SPARSEBENCH_FAKE_EVENTS=1: always 1 ns, as rusticl's
 * fake timestamps, to test sb_timer_check.h). */
int sb_cl_event_ms(sb_cl_env *env, cl_event ev, double *ms, sb_error *err);

/* A gated batch (run's batch_event_ms, peak's back-to-back floor): sb_cl_gate creates a user event
 * and queues a barrier that waits for it, so what is queued after it starts only once
 * sb_cl_gate_open completes the event, and runs back to back (as the anchors' calls queued behind
 * a GPU sleep). *gate is NULL where either call failed. Not where clFlush waits for the queue
 * (sb_device_flush_waits: Oclgrind), which would wait on the closed gate forever. */
int sb_cl_gate(sb_cl_env *env, cl_event *gate, sb_error *err);
/* Opens the gate and releases it (NULL: nothing to do); also after a failure, since the queue
 * behind a closed gate never drains. CL_SUCCESS or the error of clSetUserEventStatus. */
cl_int sb_cl_gate_open(cl_event gate);
/* The device's span of the commands from first to last: END of last less START of first, ms
 * (NaN where END is not after START). */
int sb_cl_span_ms(sb_cl_env *env, cl_event first, cl_event last, double *ms, sb_error *err);
/* clFinish of a queue that was flushed. Mesa rusticl 22.3 returns from a clFinish that follows a
 * clFlush at once, with the work still running (as clvk did: kpet/clvk#241), so a batch's host
 * time was its enqueue time (cli_timers_cache ran for hours). Waiting on a marker enqueued after
 * the work waits there; elsewhere it is already complete. */
cl_int sb_cl_finish_flushed(cl_command_queue q);

/* Sets kernel arguments in order: sb_cl_args(env, k, "kernel name", err, n, size0, ptr0, ...);
 * each size is a size_t. */
int sb_cl_args(sb_cl_env *env, cl_kernel k, const char *what, sb_error *err, int n, ...);
/* Enqueues a 1-D/2-D range. global sizes are rounded up to multiples of local. */
int sb_cl_launch(sb_cl_env *env, cl_kernel k, const char *what, int dims, const size_t *global,
                 const size_t *local, cl_event *ev, sb_error *err);

#endif
