/* The plan: config x devices x profile x tuning database x --param -> one explicit array of
 * cases, decided in one place (src/plan/) for `run`, `tune`, `build` and the kernel tester.
 *
 * A case is one matrix (one sparsity of a config's matrix or model layer) x one N x one device x
 * one kernel as it runs there (csr as csr_task where the profile says task_kernels). Cases come
 * in groups that share an operand: per matrix, N and device, the dense baseline first (CLBlast,
 * else the suite's dense GEMM, added when the config does not list it), then the config's kernels
 * in its order. Every case says its fate: RUN (one measured row), SKIP (a row with status
 * `skipped` and why: CLBlast where the profile disables it) or LEFT_OUT (no row: SpMV at N > 1,
 * bsr (not its FPGA task variant) on an unstructured matrix whose config does not set bsr_block,
 * a task variant the config lists twice), and why.
 *
 * Parameters need the measured sparsity of the loaded matrix (the tuning class), so they are
 * bound per matrix once it is loaded (sb_plan_bind): defaults, the profile's, the tuning
 * database's entry for the case's class, --param; a value that breaks the kernel's table fails
 * that case only.
 *
 * Extending a case (precision: issue 15; timer/cache modes: issue 13; shard selection: issue 17;
 * resume: issue 11): add the field to sb_case, set it in plan.c's add_case (the one place cases
 * are made), and, if it tells cases apart, put it in the key (sb_plan_case_key). */
#ifndef SB_PLAN_H
#define SB_PLAN_H

#include <stddef.h>
#include "sb_config.h"
#include "sb_spec.h"

struct sb_device;
struct sb_tuning_db;
struct sb_row;

/* Command-line restrictions (--sparsity, --N, --kernels, --batch); each NULL/0 = none. */
typedef struct sb_config_filter {
    const double *sparsities; int n_sparsities; /* keep only these target sparsities (1e-9) */
    const int *N; int n_N;                      /* keep only these N */
    char *const *kernels; int n_kernels;        /* keep only these kernels (as the config names) */
    int batch;                                  /* > 0: every model runs at this batch instead */
} sb_config_filter;


typedef enum sb_case_fate {
    SB_CASE_RUN = 0,  /* measured: one row */
    SB_CASE_SKIP,     /* one row, status skipped, message `why` */
    SB_CASE_LEFT_OUT, /* no row (known before anything runs; said once, sb_plan.notes) */
} sb_case_fate;

typedef struct sb_case {
    int index;                      /* position in plan->cases */
    int group;                      /* index into plan->groups: same matrix, N and device */
    int matrix;                     /* index into cfg->matrices */
    int N;
    int device;                     /* index into plan->devices */
    const sb_kernel_spec *kernel;   /* as it runs on the device (task variant resolved) */
    const char *asked;              /* the name as the config lists it ("csr"; the baseline's own
                                       name when added) */
    const sb_kernel_spec *baseline; /* the group's baseline: the speedup is against it */
    int is_baseline;                /* this case measures the baseline (first of its group) */
    int added;                      /* ... which the config does not list */
    sb_precision precision;
    sb_case_fate fate;
    char why[512];                  /* SKIP / LEFT_OUT: the reason; RUN: a failed bind's message */
    char note[192];                 /* for the row's message: "baseline for the speedups ...",
                                       "config's csr runs as csr_task (profile ...)" */
    char key[384];                  /* stable: device id|matrix|sparsity|N|kernel|precision */
    /* set by sb_plan_bind, once the matrix is loaded */
    int bound;                      /* 1: params, klass, tuned hold; bind_failed: why says */
    int bind_failed;
    sb_kparams params;
    char klass[64];                 /* tuning class (sb_tuning_class) */
    int tuned;                      /* the tuning database had an entry for klass */
} sb_case;

/* The cases of one matrix, N and device, consecutive in plan->cases. */
typedef struct sb_plan_group {
    int matrix, N, device;
    int first, count;
} sb_plan_group;

/* One device of the plan: its tuning database (NULL or empty: none, e.g. for `tune`). */
typedef struct sb_plan_device {
    struct sb_device *dev;
    const struct sb_tuning_db *tuning;
} sb_plan_device;

typedef struct sb_plan {
    const sb_config *cfg;
    sb_plan_device *devices;  /* copy of the input's */
    int n_devices;
    sb_params params;         /* --param (copy), over profile and tuning */
    int batch;                /* --batch, or 0 */
    sb_case *cases;           /* in run order */
    int n_cases;
    sb_plan_group *groups;
    int n_groups;
    int *matrix_used;         /* per cfg matrix: 1 if any case of it gives a row */
    int n_rows;               /* cases that give a row (RUN and SKIP) */
    double host_bytes;        /* the host's memory the size limits use (sb_host_memory_bytes) */
    char **notes;             /* one line per kernel left out of some N ("csr_spmv is not planned
                                 for N = 64, 128 (why)"), for the command to print */
    int n_notes;
} sb_plan;

/* Makes the plan. filter (may be NULL) restricts the config (an unknown kernel in it, or a filter
 * that leaves nothing, is an error naming the config); params (may be NULL) is --param, checked.
 * Errors: -1 with a message; then nothing needs freeing. */
int sb_plan_make(sb_plan *plan, const sb_config *cfg, const sb_config_filter *filter,
                 const sb_plan_device *devices, int n_devices, const sb_params *params,
                 sb_error *err);
void sb_plan_free(sb_plan *plan);

/* 1 if some case of matrix m is measured (RUN): only then is the matrix worth loading (a
 * matrix whose cases are all skipped, e.g. too large for every device, is never allocated). */
int sb_plan_matrix_runs(const sb_plan *plan, int m);
/* The same for group g: its inputs (B, the reference) are made only when some case of it runs. */
int sb_plan_group_runs(const sb_plan *plan, int g);

/* The N a case set runs at: the config's, or n_per_sample x --batch for a model layer. */
int sb_plan_N(const sb_plan *plan, const sb_matrix_spec *spec, int j);
/* The batch model `name` runs at (--batch, else the config's), 0 if unknown. */
int sb_plan_model_batch(const sb_plan *plan, const char *model);

/* Binds the parameters of every case of matrix m, now loaded: its pattern after pruning, shape
 * and measured sparsity. */
void sb_plan_bind(sb_plan *plan, int m, const sb_pattern *pattern, int M, int K, double sparsity);

/* One case outside a config, by the plan's rules: kernel k as named (no task variant) on dev at
 * N and precision, its parameters bound from the device's profile and overrides (may be NULL) for
 * the shape in `shape`. For the kernel tester. Returns 0 (see c->fate, c->bind_failed), -1 if k
 * is NULL. */
int sb_plan_single(const sb_kernel_spec *k, struct sb_device *dev, const sb_case_shape *shape,
                   sb_precision precision, const sb_params *overrides, sb_case *c, sb_error *err);

/* The stable key of a case (also in c->key): "DEVICE_ID|MATRIX|SPARSITY|N|KERNEL|PRECISION",
 * MATRIX "model/layer" for a model layer, SPARSITY the target (%.6g) or "stored". */
void sb_plan_case_key(const sb_plan *plan, const sb_case *c, char *buf, size_t n);

/* The key of the case a result row is the row of (the same text sb_plan_case_key makes), from
 * its device_id, model, layer or matrix, target sparsity, N and kernel: what `run --resume`
 * matches rows to cases with. */
void sb_plan_row_key(const struct sb_row *row, char *buf, size_t n);

/* ---- limits (src/plan/limits.c) --------------------------------------------------------------- */

/* 1 if case (matrix s at N, kernel k on dev) can fit; else 0 and why: an operand with more
 * elements than a 32-bit index reaches, more host memory than host_bytes (0: unknown), a buffer
 * above the device's CL_DEVICE_MAX_MEM_ALLOC_SIZE or all of them above its global memory. Lower
 * bounds only: a case that fails here can never run, so it is `skipped` with the reason before
 * anything is allocated (a case that passes may still fail to allocate: a `failed` row). */
int sb_plan_case_fits(const sb_matrix_spec *s, int N, const sb_kernel_spec *k,
                      const struct sb_device *dev, double host_bytes, char *why, size_t why_len);
/* The host's physical memory in bytes (0 when it cannot be read). */
double sb_host_memory_bytes(void);

/* ---- device rules (src/plan/device_rules.c) ------------------------------------------------ */

/* 1 if kernel k can run on dev at precision p; else 0 and why (CLBlast where the device's profile
 * disables it or the device has no online compiler, or at fp16 where the device lacks
 * cl_khr_fp16; a tensor-core kernel where the profile names no tensor-core path): such a case is
 * `skipped` with that reason. */
int sb_plan_kernel_runs_on(const sb_kernel_spec *k, const struct sb_device *dev, sb_precision p,
                           char *why, size_t why_len);
/* The kernel a config's name runs as on dev: its single-work-item variant where the device's
 * profile says task_kernels (FPGAs), else itself. */
const sb_kernel_spec *sb_plan_kernel_as_run(const sb_kernel_spec *k, const struct sb_device *dev);
/* The dense baseline on dev at precision p: the preferred one that computes p and runs there
 * (fp32: CLBlast's SGEMM, else the suite's dense GEMM; fp16: CLBlast's HGEMM where the device has
 * cl_khr_fp16, else the tensor-core GEMM where the profile names a tensor-core path, else the
 * suite's dense GEMM with fp16 storage; tf32: the tensor-core GEMM), or NULL when none does (the
 * rows then have no speedup). */
const sb_kernel_spec *sb_plan_baseline(const struct sb_device *dev, sb_precision p);

#endif
