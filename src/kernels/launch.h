/* What most kernels share: their device buffers and a list of launches, enqueued in order.
 * A kernel's prepare() fills an sb_launch_state; enqueue and release are the generic ones here. */
#ifndef SB_KERNELS_LAUNCH_H
#define SB_KERNELS_LAUNCH_H

#include "sb_auto_choice.h"
#include "sb_kernel.h"

#define SB_MAX_LAUNCHES 4
#define SB_MAX_BUFFERS 8

typedef struct sb_launch {
    cl_kernel kernel;
    char name[64];
    int dims;
    size_t global[3];
    size_t local[3];
} sb_launch;

typedef struct sb_launch_state {
    sb_launch launches[SB_MAX_LAUNCHES];
    int n_launches;
    cl_mem buffers[SB_MAX_BUFFERS];
    int n_buffers;
} sb_launch_state;

sb_launch_state *sb_launch_state_new(void);
/* Uploads host data into a new read-only buffer owned by the state. */
int sb_launch_upload(sb_launch_state *st, sb_cl_env *env, const void *host, size_t size,
                     cl_mem *out, sb_error *err);
/* A new buffer owned by the state (flags as clCreateBuffer's; host may be NULL). */
int sb_launch_buffer(sb_launch_state *st, sb_cl_env *env, cl_mem_flags flags, size_t size,
                     const void *host, cl_mem *out, sb_error *err);
/* n values (floats on the host, already rounded to p) stored at precision p (halves at fp16) in a
 * new read-only buffer owned by the state. */
int sb_upload_values(sb_launch_state *st, sb_cl_env *env, const float *v, size_t n, sb_precision p,
                     cl_mem *out, sb_error *err);
/* Each format's device buffers, owned by the state, its values stored at precision p:
 * CSR -> row_ptr, col_idx, val; BSR -> block row_ptr, block col_idx, blocks; N:M -> val, meta. */
int sb_upload_csr(sb_launch_state *st, sb_cl_env *env, const sb_csr *A, sb_precision p,
                  cl_mem out[3], sb_error *err);
int sb_upload_bsr(sb_launch_state *st, sb_cl_env *env, const sb_bsr *A, sb_precision p,
                  cl_mem out[3], sb_error *err);
int sb_upload_nm(sb_launch_state *st, sb_cl_env *env, const sb_nm *A, sb_precision p,
                 cl_mem out[2], sb_error *err);

/* For the N:M kernels (nm_spmm.cl, nm_task.cl share one argument list): uploads A, builds the
 * kernel of p (sb_build_params) and sets (M, N, K, groups, meta words, val, meta, B, C). */
int sb_build_nm_kernel(sb_launch_state *st, sb_cl_env *env, sb_operand *op, const sb_nm *A,
                       const sb_kparams *p, cl_kernel *out, sb_kernel_info *info, sb_error *err);
/* The same for the BSR kernels (bsr_spmm.cl, bsr_task.cl): sets (M, N, K, block row_ptr, block
 * col_idx, blocks, B, C). */
int sb_build_bsr_kernel(sb_launch_state *st, sb_cl_env *env, sb_operand *op, const sb_bsr *A,
                        const sb_kparams *p, cl_kernel *out, sb_kernel_info *info, sb_error *err);

/* A model's choice (sb_auto_choice.h) as the chosen kernel's parameters: c's over the device's
 * own (sb_kparams_for_device). */
int sb_auto_kparams(const sb_auto_choice *c, const sb_cl_env *env, sb_kparams *out, sb_error *err);
/* Puts prefix ("auto rows -> csr: ") in front of info->variant, the whole cut to fit. */
void sb_variant_prefix(sb_kernel_info *info, const char *prefix);

/* Adds a launch of `kernel` (owned by the state from now on). The local size is clamped to what
 * the device and kernel allow, and replaced by the kernel's reqd_work_group_size when it declares
 * one; global sizes are rounded up to whole work-groups when enqueued. */
int sb_launch_add(sb_launch_state *st, sb_cl_env *env, cl_kernel kernel, const char *name, int dims,
                  const size_t *global, const size_t *local, sb_error *err);
int sb_launch_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events,
                      int *n_events, sb_error *err);
void sb_launch_release(void *state);

/* Builds file with defines and creates kernel `name` from it; adds the build time to info and
 * records where the program came from (info->program_source). */
int sb_build_kernel(sb_cl_env *env, const char *file, const char *defines, const char *name,
                    cl_kernel *out, sb_kernel_info *info, sb_error *err);
/* The same for a catalogue kernel with its values p: cl_kernels/<program>.cl, the -D string
 * generated from p's table, the kernel function `entry`. */
int sb_build_params(sb_cl_env *env, const sb_kparams *p, cl_kernel *out, sb_kernel_info *info,
                    sb_error *err);

/* Smallest power of two >= x (x >= 1). */
size_t sb_pow2_ceil(size_t x);

/* A vector width (a power of two, checked by the catalogue) halved while wider than N, so a
 * narrow B does not run only the ragged-tail path. */
int sb_fit_vec(int vec, int N);

#endif
