/* The kernel registry: every way the suite computes C = A*B, sparse or dense.
 *
 * A kernel is a descriptor (name, format, what it accepts) plus three calls: prepare (build the
 * program, convert and upload its format, set arguments), enqueue (one run, asynchronously) and
 * release. The runner owns timing and validation; a kernel only computes. */
#ifndef SB_KERNEL_H
#define SB_KERNEL_H

#include "sb_cl.h"
#include "sb_matrix.h"

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
    cl_mem B;              /* K x N row-major floats */
    cl_mem C;              /* M x N row-major floats */
} sb_operand;

/* Creates op->B (uploaded from host B, K x N) and op->C (M x N) on env's device. */
int sb_operand_upload(sb_operand *op, sb_cl_env *env, const float *B, sb_error *err);
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
} sb_kernel_info;

/* One tunable of a kernel and the values the tuner tries (the default must be among them). */
typedef struct sb_tunable {
    const char *key;      /* "family.NAME", as read with sb_params_int */
    int n_values;
    const int *values;
} sb_tunable;

typedef struct sb_kernel {
    const char *name;    /* as written in configs: "csr", "csr_balanced", "bsr", ... */
    const char *format;  /* "csr", "bsr", "nm", "dense" */
    const char *summary; /* one line for --help and docs */
    int is_dense;        /* dense baselines (clblast, dense) */
    /* 1 if it runs this N (e.g. SpMV only N = 1); else 0 and why: the case is `skipped`. */
    int (*accepts_n)(int N, char *why, size_t why_len);
    /* 1 if it can run on this device (e.g. CLBlast disabled by the profile); else 0 and why. */
    int (*accepts_device)(const sb_cl_env *env, char *why, size_t why_len);
    int (*prepare)(sb_cl_env *env, sb_operand *op, void **state, sb_kernel_info *info,
                   sb_error *err);
    /* Enqueues one full C = A*B into op->C. Stores up to max_events profiling events (the caller
     * waits on and releases them); *n_events says how many. */
    int (*enqueue)(void *state, sb_cl_env *env, cl_event *events, int max_events, int *n_events,
                   sb_error *err);
    void (*release)(void *state);
    /* Its search space for `sparsebench tune` (NULL-terminated by key; NULL: nothing to tune). */
    const sb_tunable *tunables;
} sb_kernel;

const sb_kernel *sb_kernel_find(const char *name);
/* The kernel a config's name runs as on env's device: where the profile says task_kernels: true,
 * csr, bsr and nm run as their single-work-item variants csr_task, bsr_task and nm_task (FPGAs);
 * every other name, and every name elsewhere, runs as itself. NULL if unknown. */
const sb_kernel *sb_kernel_for_device(const char *name, const sb_cl_env *env);

/* The pattern -> format -> kernel compatibility table, checked when a config loads (it needs no
 * device and no kernel implementation). Returns 1 if `name` is a known kernel that can run a
 * matrix pruned to `p`; else 0 with the reason in why (unknown name: lists the known ones). */
int sb_kernel_accepts_pattern(const char *name, const sb_pattern *p, char *why, size_t why_len);
/* The storage format a kernel name uses ("csr", "bsr", "nm", "dense"), or NULL if unknown. */
const char *sb_kernel_format(const char *name);
/* 1 if the kernel's program depends on the block or N:M of its matrix (bsr, nm and their task
 * variants): their tuned parameters are kept per block. */
int sb_kernel_format_is_blocked(const char *name);
/* Every registered kernel, NULL-terminated. */
const sb_kernel *const *sb_kernel_all(void);

#endif
