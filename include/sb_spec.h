/* The facts every other module reads, declared once (src/spec/; pure data: no OpenCL, no I/O):
 * pruning patterns, the kernel catalogue with each kernel's parameter table, and the tuning
 * classes of a case. The results and models columns are in sb_schema.h.
 *
 * A kernel's parameters are one table (sb_param_spec): tunables (a default, a valid range, the
 * values `tune` tries) and values derived from the matrix (BR, BC, NM_N ...). The `-D` string of
 * its program and the `variant` of its result rows are generated from that table
 * (sb_kparams_defines, sb_kparams_variant), as CLBlast's Database::GetDefines() does; the
 * `#ifndef` defaults in cl_kernels/ are fallbacks only. A tunable is set as "family.NAME" (family:
 * the program, e.g. csr_spmm.VEC) by a profile, the tuning database or --param, and every such
 * value is checked against the table when it is read (sb_spec_check_param). */
#ifndef SB_SPEC_H
#define SB_SPEC_H

#include <stddef.h>
#include "sb_params.h"
#include "sb_util.h"

/* ---- pruning patterns ------------------------------------------------------------------------ */

typedef enum sb_pattern_kind {
    SB_PATTERN_UNSTRUCTURED = 0,
    SB_PATTERN_BLOCK,
    SB_PATTERN_NM,
} sb_pattern_kind;

typedef struct sb_pattern {
    sb_pattern_kind kind;
    int block_rows, block_cols; /* SB_PATTERN_BLOCK */
    int nm_n, nm_m;             /* SB_PATTERN_NM: keep nm_n of every nm_m along K */
} sb_pattern;

const char *sb_pattern_name(sb_pattern_kind k); /* "unstructured", "block", "nm" */
/* "4x4", "2:4" or "" for unstructured. */
void sb_pattern_label(const sb_pattern *p, char *buf, int n);

/* ---- precisions ------------------------------------------------------------------------------ */

/* What a case's weights and activations are stored as; every kernel accumulates in fp32.
 *   fp32  floats.
 *   fp16  IEEE halves: A's values, B and C (the layer's output, the next layer's activations)
 *         on the device; read with vload_half / written with vstore_half_rte (cl_kernels/
 *         common.h, -DSB_HALF=1) or the tensor cores' own loads.
 *   tf32  floats rounded to 10 mantissa bits, for matrix engines that take them (C in floats).
 * The reference of a case is the float64 product of its inputs rounded to its precision, so the
 * error measures the kernel's arithmetic, not the rounding of its inputs. */
typedef enum sb_precision {
    SB_PRECISION_FP32 = 0,
    SB_PRECISION_FP16,
    SB_PRECISION_TF32,
    SB_PRECISION_COUNT
} sb_precision;
#define SB_PRECISION_BIT(p) (1u << (p))

const char *sb_precision_name(sb_precision p); /* "fp32", "fp16", "tf32" */
/* Bytes of one stored element of A, B and C at p: 2 for fp16, else 4. */
size_t sb_precision_bytes(sb_precision p);
/* 0, or -1 if name is none of them. */
int sb_precision_parse(const char *name, sb_precision *out);

/* ---- the kernel catalogue -------------------------------------------------------------------- */

typedef enum sb_format { SB_FORMAT_CSR, SB_FORMAT_BSR, SB_FORMAT_NM, SB_FORMAT_DENSE } sb_format;
const char *sb_format_name(sb_format f); /* "csr", "bsr", "nm", "dense" */

typedef enum sb_param_role {
    SB_PARAM_TUNABLE = 0, /* set by profile / tuning / --param; a -D define and in the variant */
    SB_PARAM_HOST,        /* a tunable the host side uses only (launch sizes, caps): no define */
    SB_PARAM_DERIVED,     /* set by the kernel from the matrix (block, N:M): define, not tunable */
} sb_param_role;

enum {
    SB_RULE_POW2 = 1, /* a power of two */
    SB_RULE_AUTO = 2, /* 0 is also valid: "the kernel chooses" (e.g. csr_spmv.LANES) */
};

#define SB_MAX_PARAMS 20 /* nm has 17 */
#define SB_MAX_CANDIDATES 8

/* One parameter of a kernel. Ranges keep every product a kernel forms within int. */
typedef struct sb_param_spec {
    const char *name;   /* "VEC": the -D name, and NAME in "family.NAME" */
    sb_param_role role;
    int def;            /* default (tunables) */
    int min, max;       /* valid range (tunables) */
    unsigned rules;     /* SB_RULE_* */
    int candidates[SB_MAX_CANDIDATES]; /* what `tune` tries (the default among them) */
    int n_candidates;   /* 0: not searched by `tune` */
    const char *help;   /* one line */
} sb_param_spec;

enum {
    SB_NEEDS_CLBLAST = 1, /* runs only where the profile allows CLBlast and a compiler is there */
    SB_NEEDS_TENSOR_CORES = 2, /* runs only where the profile names a tensor-core path and its
                                  probe passes on the device (cl_kernels/tc_probe.cl) */
    SB_NEEDS_KHR_FP16 = 4, /* at fp16, runs only where the device reports cl_khr_fp16 (CLBlast's
                              HGEMM computes in halves) */
};

typedef struct sb_kernel_spec {
    const char *name;      /* as written in configs: "csr", "csr_balanced", "bsr", ... */
    sb_format format;
    const char *summary;   /* one line for --help and docs */
    unsigned patterns;     /* bit (1 << sb_pattern_kind) for every pattern whose matrix it holds */
    int only_n1;           /* runs N = 1 only (SpMV): other N are left out of the plan */
    const char *task;      /* the single-work-item variant it runs as where the device's profile
                              says task_kernels (FPGAs), or NULL */
    int is_task;           /* a single-work-item kernel */
    int baseline;          /* dense baselines: 1 preferred (clblast), 2 where 1 cannot run; 0 not */
    unsigned needs;        /* SB_NEEDS_* */
    unsigned precisions;   /* SB_PRECISION_BIT of each precision it computes; 0: fp32 only */
    int fp16_sums;         /* at fp16 it adds in halves too (CLBlast's HGEMM), not in floats: its
                              tolerance allows for that (sb_case_tolerance) */
    const char *engine;    /* the matrix engine it runs on ("tensor-cores"), or NULL: the row's
                              `engine` column */
    const char *program;   /* cl_kernels/<program>.cl, and the family of its tunables; NULL: none */
    const char *entry;     /* the kernel function: the first word of the variant */
    const char *note;      /* appended to the variant, or NULL */
    /* A rule between parameters (e.g. WPT divides TILE), or NULL: 1 ok, else 0 and why. `tune`
     * skips candidates that break it; a run fails the case with the reason. */
    int (*valid)(const int *values, char *why, size_t why_len);
    /* The tunables its work-group (reqd_work_group_size) grows with, their product (the tensor-core
     * tiles: warps of 32 items, (BM / WM) x (BN / WN)), halved in turn where a device allows fewer
     * items for the built kernel (sb_kparams_shrink_wg); NULL-ended. */
    const char *wg[4];
    sb_param_spec params[SB_MAX_PARAMS]; /* in -D and variant order */
    int n_params;
} sb_kernel_spec;

/* Every kernel, NULL-terminated, in catalogue order. */
const sb_kernel_spec *const *sb_spec_kernels(void);
/* NULL if unknown. */
const sb_kernel_spec *sb_spec_kernel(const char *name);
/* The kernel whose tunables are "family.NAME" (its program), or NULL. */
const sb_kernel_spec *sb_spec_family(const char *family);
/* The kernel `name` runs as on a device whose profile says task_kernels (its task variant, else
 * itself); NULL if unknown. */
const sb_kernel_spec *sb_spec_task_variant(const sb_kernel_spec *k, int task_kernels);
/* Index of a parameter in k->params, or -1. */
int sb_spec_param_index(const sb_kernel_spec *k, const char *name);

/* Returns 1 if `name` is a known kernel that can run a matrix pruned to `p`; else 0 with the
 * reason in why (unknown name: lists the known ones). Checked when a config loads. */
int sb_kernel_accepts_pattern(const char *name, const sb_pattern *p, char *why, size_t why_len);
/* 1 if k runs this N; else 0 and why (SpMV beyond N = 1: the case is left out of the plan). */
int sb_spec_accepts_n(const sb_kernel_spec *k, int N, char *why, size_t why_len);
/* The relative-error tolerance (||C - C_ref|| / ||C_ref||) of kernel k at precision p with K
 * products per output, given the config's `tolerance` (default 1e-5). C_ref is the float64 product
 * of the inputs rounded to p, and a product of two fp16 or tf32 values is exact in fp32, so what
 * is left is the kernel's own arithmetic; README "Validation at every precision" derives:
 *     tolerance               fp32 summation of K products (every kernel, every precision)
 *   + 8 * 2^-24 * sqrt(K)     a matrix engine's fp32 accumulation, which truncates (k->engine)
 *   + 2^-11                   fp16: C stored in halves, each element rounded once to nearest
 *   + 2^-11 * sqrt(K)         fp16 where k adds in halves too (k->fp16_sums: CLBlast's HGEMM)
 * e.g. K = 4096: fp32 1e-5, fp16 4.98e-4, tensor-core fp16 5.29e-4, tf32 4.1e-5, HGEMM 3.2e-2. */
double sb_case_tolerance(const sb_kernel_spec *k, sb_precision p, int K, double tolerance);
/* 1 if k computes precision p (its `precisions`; 0 there means fp32 only). */
int sb_spec_has_precision(const sb_kernel_spec *k, sb_precision p);
/* The storage format a kernel name uses ("csr", "bsr", "nm", "dense"), or NULL if unknown. */
const char *sb_kernel_format(const char *name);
/* 1 if the kernel's program depends on the block or N:M of its matrix (bsr, nm and their task
 * variants): their tuned parameters are kept per block. */
int sb_kernel_format_is_blocked(const char *name);

/* Checks one "family.NAME" = value from a profile, a tuning database or --param against the
 * table: a known kernel family, a tunable (not a derived value), a whole number within its range
 * and rules. 1 ok; else 0 and why (naming the key). */
int sb_spec_check_param(const char *key, const char *value, char *why, size_t why_len);
/* Every item of p checked; the first bad one is the error ("WHERE: why"). */
int sb_spec_check_params(const sb_params *p, const char *where, sb_error *err);

/* ---- a kernel's parameter values ------------------------------------------------------------- */

typedef struct sb_kparams {
    const sb_kernel_spec *kernel;
    int v[SB_MAX_PARAMS]; /* in the order of kernel->params */
    sb_precision precision; /* of the case's storage (fp32 from sb_kparams_defaults); set from the
                               operand by sb_kernel_prepare_fit. fp16 adds -DSB_HALF=1 */
} sb_kparams;

/* The defaults; derived values 0 until the kernel sets them. */
void sb_kparams_defaults(const sb_kernel_spec *k, sb_kparams *out);
/* Defaults, then each layer in order (later wins; keys of other families are ignored): e.g.
 * profile, tuning database, --param. Each value is checked as sb_spec_check_param does, and the
 * result against k->valid; -1 with a message naming the key otherwise. */
int sb_kparams_resolve(const sb_kernel_spec *k, const sb_params *const *layers, int n_layers,
                       sb_kparams *out, sb_error *err);
/* Value of a parameter the kernel's table declares. An unknown name is a bug in the kernel's
 * host file: it aborts with a message naming the kernel and the name. */
int sb_kp(const sb_kparams *p, const char *name);
void sb_kp_set(sb_kparams *p, const char *name, int value);
/* A smaller work-group: halves the largest of k->wg (within its range and rules, k->valid kept)
 * and appends "NAME old->new" to note. 0 when none can shrink. */
int sb_kparams_shrink_wg(sb_kparams *p, char *note, size_t note_len);
/* "-DBR=4 -DBC=4 -DVEC=8 ..." for every tunable and derived parameter, in table order; then
 * "-DSB_HALF=1" when p->precision is fp16 (the storage macros of cl_kernels/common.h). */
void sb_kparams_defines(const sb_kparams *p, char *buf, size_t n);
/* "<entry> NAME=value ... [extra] [note]" for the same parameters (extra: launch details the
 * kernel computed, or NULL). */
void sb_kparams_variant(const sb_kparams *p, const char *extra, char *buf, size_t n);

/* ---- tensor-core tiling ---------------------------------------------------------------------- */

/* The tiling of a tensor-core kernel (the -D tunables of cl_kernels/tc_*.cl), checked here for
 * the catalogue (src/spec/tc_tiles.c) and used by the kernels' host side. */
typedef enum sb_tc_kind { SB_TC_GEMM_F16, SB_TC_GEMM_TF32, SB_TC_BSR, SB_TC_NM } sb_tc_kind;
typedef struct sb_tc_tile {
    int BM, BN, WM, WN; /* work-group and warp tile (BSR: BM = WM = BS) */
    int STAGES;         /* depth of the cp.async ring, 2 .. 6 */
    int BK;             /* SB_TC_GEMM_F16: halves of K per stage, 16 or 32 */
    int KSTEPS;         /* SB_TC_NM: k-steps of 32 columns per stage */
    int BS;             /* SB_TC_BSR: the block */
} sb_tc_tile;
/* 0 if the kernel can be built with t; else -1 and why (e.g. WN not a multiple of 16). */
int sb_tc_tile_check(sb_tc_kind kind, const sb_tc_tile *t, char *why, size_t why_len);
/* Work-items per work-group, and bytes of local memory its ring takes (static in the kernel). */
int sb_tc_threads(sb_tc_kind kind, const sb_tc_tile *t);
size_t sb_tc_ring_bytes(sb_tc_kind kind, const sb_tc_tile *t);

/* Local memory per work-group the tensor-core kernels may assume (NVIDIA's OpenCL: 48 KB). */
#define SB_TC_LOCAL_BYTES 49152

/* ---- tuning classes -------------------------------------------------------------------------- */

/* What the class of a case is made of. */
typedef struct sb_case_shape {
    const sb_pattern *pattern;
    int bsr_br, bsr_bc;  /* the BSR block when the pattern is not block */
    int M, K, N;
    double sparsity;     /* measured */
} sb_case_shape;

/* The shape class of a case, the key of the tuning database: the block its program is built for
 * (BSR: the pattern's block, else bsr_br x bsr_bc; N:M: n:m), a size class of A (S: up to 256K
 * elements, M: up to 4M, L: larger), a density class (s<75, s75-92, s92+) and a bucket of N
 * (N1, N2-16, N17-64, N65-256, N257-1024, N1025+), e.g. "32x32 L s75-92 N257-1024". */
void sb_tuning_class(const char *kernel, const sb_case_shape *c, char *buf, size_t n);

#endif
