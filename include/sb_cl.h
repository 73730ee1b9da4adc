/* The OpenCL runtime for one device: context, profiling queue, program builds (cached), buffers,
 * and turning every cl_int into a message that names the call and the device. */
#ifndef SB_CL_H
#define SB_CL_H

#include "sb_device.h"
#include "sb_params.h"
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
    char *key;        /* kernel file + options */
    cl_program program;
    double build_ms;
    int reported;     /* build time already reported in a row */
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
} sb_cl_env;

int sb_cl_env_create(sb_cl_env *env, sb_device *dev, const char *kernel_dir, sb_error *err);
void sb_cl_env_release(sb_cl_env *env);

/* Builds (or returns the cached) program from kernel_dir/file with `defines` ("-DTILE_N=32 ...")
 * after the profile's build options. On CL_BUILD_PROGRAM_FAILURE the message holds the build log.
 * *build_ms gets the compile time if this call compiled it, else 0 (may be NULL). */
int sb_cl_program(sb_cl_env *env, const char *file, const char *defines, cl_program *out,
                  double *build_ms, sb_error *err);
int sb_cl_kernel(sb_cl_env *env, cl_program prog, const char *name, cl_kernel *out, sb_error *err);

/* Device buffer, optionally initialised from host memory (copied). size 0 allocates 4 bytes so
 * empty matrices still have a valid buffer. */
int sb_cl_buffer(sb_cl_env *env, cl_mem_flags flags, size_t size, const void *host, cl_mem *out,
                 sb_error *err);
/* Blocking write/read. */
int sb_cl_write(sb_cl_env *env, cl_mem buf, size_t size, const void *host, sb_error *err);
int sb_cl_read(sb_cl_env *env, cl_mem buf, size_t size, void *host, sb_error *err);
/* Fills a float buffer with value (e.g. NaN poison) and waits. */
int sb_cl_fill_float(sb_cl_env *env, cl_mem buf, size_t count, float value, sb_error *err);
/* Elapsed ms of a completed profiling event. */
int sb_cl_event_ms(sb_cl_env *env, cl_event ev, double *ms, sb_error *err);

/* Sets kernel arguments in order: sb_cl_args(env, k, "kernel name", err, n, size0, ptr0, ...);
 * each size is a size_t. */
int sb_cl_args(sb_cl_env *env, cl_kernel k, const char *what, sb_error *err, int n, ...);
/* Enqueues a 1-D/2-D range. global sizes are rounded up to multiples of local. */
int sb_cl_launch(sb_cl_env *env, cl_kernel k, const char *what, int dims, const size_t *global,
                 const size_t *local, cl_event *ev, sb_error *err);

#endif
