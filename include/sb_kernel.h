/* Kernel implementations: every way the suite computes C = A*B, sparse or dense.
 *
 * A kernel is its catalogue entry (sb_spec.h: name, format, what it accepts, its parameters) plus
 * three calls: prepare (build the program, convert and upload its format, set arguments), enqueue
 * (one run, asynchronously) and release. The runner owns timing and validation; a kernel only
 * computes. */
#ifndef SB_KERNEL_H
#define SB_KERNEL_H

#include "sb_cl.h"
#include "sb_matrix.h"
#include "sb_spec.h"

/* One pruned matrix and the device buffers of one case, shared by every kernel of that case.
 * Host formats are built on first use and kept (sb_operand_csr etc.). */
typedef struct sb_operand {
    int M, K, N;
    const sb_dense *A;     /* pruned weights, dense host copy */
    sb_pattern pattern;    /* how it was pruned */
    int bsr_br, bsr_bc;    /* BSR block when the pattern is not block */
    const sb_csr *csr;     /* always present */
    sb_bsr *bsr;           /* lazily built */
    sb_nm *nm;             /* lazily built */
    sb_precision precision; /* the case's: the host values of A (and B) are already rounded to
                               it; on the device B and C hold elements of sb_precision_bytes */
    int cold;              /* 1: every timed run follows a cache scrub (`cache: cold`), so A comes
                              from memory: a model may choose by it (csr_auto's CPU rule 1) */
    cl_mem B;              /* K x N row-major, floats (halves at fp16) */
    cl_mem C;              /* M x N row-major, floats (halves at fp16): a sub-buffer of C_guarded */
    /* C inside one larger buffer: guard_bytes of canary before it and after it (the case's
     * validation checks them after every run: a write past either end of C lands there) */
    cl_mem C_guarded;
    size_t guard_bytes;
} sb_operand;

/* Creates op->B (uploaded from host B, K x N floats, stored at op->precision) and op->C (M x N,
 * between two guards) on env's device. */
int sb_operand_upload(sb_operand *op, sb_cl_env *env, const float *B, sb_error *err);
/* Bytes of C on the device: M x N elements of op->precision. */
size_t sb_operand_c_bytes(const sb_operand *op);
/* Fills C with NaN in its element type (before every run: an element a kernel does not write
 * stays NaN and fails validation). */
int sb_operand_poison_c(sb_operand *op, sb_cl_env *env, sb_error *err);
/* Reads C back as M x N floats (halves widened exactly). */
int sb_operand_read_c(sb_operand *op, sb_cl_env *env, float *out, sb_error *err);
/* The canary each guard is filled with, one 32-bit word repeated (at fp16 the word's first two
 * bytes repeated, so the guard after a C of an odd number of halves starts right at its end). */
#define SB_GUARD_WORD 0xA55AC33Cu
/* Fills both guards with the canary (before each kernel's runs). */
int sb_operand_arm_guards(sb_operand *op, sb_cl_env *env, sb_error *err);
/* 0: both guards intact; 1: a kernel wrote outside C (why says where: "wrote past the end of C:
 * N bytes after it changed" or "before the start"); -1: a device error (err). */
int sb_operand_check_guards(sb_operand *op, sb_cl_env *env, char *why, size_t why_len,
                            sb_error *err);
/* Releases the device buffers and the host formats built on demand. */
void sb_operand_release(sb_operand *op);

/* Host formats on demand (built once per operand). */
const sb_bsr *sb_operand_bsr(sb_operand *op);
int sb_operand_nm(sb_operand *op, const sb_nm **out, sb_error *err);
void sb_operand_release_formats(sb_operand *op);

/* What prepare reports for the result row. */
typedef struct sb_kernel_info {
    char variant[256];      /* e.g. "csr_rowblock ROWS_PER_WG=4 TILE_N=32 VEC=4" */
    char block[32];         /* "4x4", "2:4" or "" */
    size_t bytes;           /* storage of A in this kernel's format */
    int64_t stored_values;  /* values stored, padding included (fill = stored / nnz) */
    double build_ms;        /* compile time of its program(s), 0 if cached */
    int events_cover_all;   /* 1: enqueue returns events for every kernel it launches */
    char program_source[16];/* "source", "cache" or "binary" (sb_program_origin); "mixed" when its
                               programs came from more than one; "" when it builds none */
    char fitted[192];       /* what sb_kernel_prepare_fit shrank, for the row's message: "work-group
                               fitted to the 32 items the device allows: ROWS_PER_WG 4->2"; set by
                               the call that shrank, the outer one or one nested in a kernel that
                               chooses another's parameters (csr_auto, nm); "" when nothing was */
} sb_kernel_info;

/* The implementation of one catalogue kernel (sb_spec.h has what it is: format, patterns, task
 * variant, parameter table). Which kernel runs a case, and whether it can, is the plan's call. */
typedef struct sb_kernel {
    const char *name;    /* its catalogue entry (sb_spec_kernel) */
    /* Builds its program(s) from params (the values resolved for this case: defaults, profile,
     * tuning database, --param; the -D string and info->variant come from them), converts and
     * uploads its format of op, sets the arguments. */
    int (*prepare)(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                   sb_kernel_info *info, sb_error *err);
    /* Enqueues one full C = A*B into op->C. Stores up to max_events profiling events, its first
     * launches' (the caller waits on and releases them; 0: none, as a batch's middle runs ask);
     * *n_events says how many. Never waits for the queue (no clFinish, no blocking read): a gated
     * batch (src/run/case_batch.c) holds the queue closed until all its runs are enqueued, so a
     * kernel whose events cover its launches must not. */
    int (*enqueue)(void *state, sb_cl_env *env, cl_event *events, int max_events, int *n_events,
                   sb_error *err);
    void (*release)(void *state);
} sb_kernel;

/* k->prepare, with work-groups that fit by construction: where the device allows fewer items for
 * the built kernel than its reqd_work_group_size (rusticl allows 32), the work-group tunables of
 * the kernel's table are halved in turn (sb_kparams_shrink_wg) and the kernel built again, until
 * it fits or nothing can shrink. *fitted gets the values that ran; info->fitted says what was
 * shrunk. A kernel that runs another with parameters it chose itself (csr_auto, nm's model and
 * its tile) prepares that one through this function too, so its choices fit the device as well.
 * The parameters are taken at op's precision (fitted->precision = op->precision: the program is
 * built for the storage op holds, -DSB_HALF=1 at fp16); a kernel whose catalogue entry does not
 * compute that precision fails, named (the plan skips such cases). */
int sb_kernel_prepare_fit(const sb_kernel *k, sb_cl_env *env, sb_operand *op, const sb_kparams *params,
                          sb_kparams *fitted, void **state, sb_kernel_info *info, sb_error *err);

/* A kernel's values from its defaults, the device profile's and then `over` (may be NULL), checked
 * like any case's: for a kernel that runs another (csr_auto, nm at large N) and for tools that
 * measure variants outside a plan (bench/sweep.c). */
int sb_kparams_for_device(const char *kernel, const sb_cl_env *env, const sb_params *over,
                          sb_kparams *out, sb_error *err);

/* The implementation of catalogue kernel `name`, or NULL if none is built in. */
const sb_kernel *sb_kernel_find(const char *name);
/* Every implementation, NULL-terminated. */
const sb_kernel *const *sb_kernel_all(void);

#endif
