/* csr_auto's model: which of the CSR kernels, with which parameters, runs a matrix at a given N.
 * Pure functions of the matrix's own statistics, the precision and the device's kind, so tests
 * can check each choice (tests/unit/test_csr_auto.c) and list every variant it can pick
 * (tests/cl).
 *
 * The model (measurements behind each threshold: PERF_NOTES.md, "csr_auto"; CU = the device's
 * compute units, mean / cv = non-zeros per row and their coefficient of variation):
 *   A device whose profile says task_kernels (FPGAs), before everything below
 *   0. always                     -> "task": csr_task with the profile's parameters (one
 *                                    work-item a work-group, as the plan runs csr there: on a board
 *                                    every kernel is a compiled binary of its own, and the
 *                                    NDRange kernels below are what such a profile leaves out; a
 *                                    rule of the device's kind, not a measured one)
 *   GPU
 *   1. N <= 8                     -> "narrow": csr_balanced, KSPLIT 16, UNROLL 4 (a row's
 *                                    non-zeros spread over work-items; nothing else fills the GPU)
 *   2. fp32, N >= 64, and csr_tile's 64 x 64 tiles, split in K as csr_tile does automatically, give
 *      one work-group per CU at density >= 0.25, or one per two CUs at density >= 0.4
 *                                 -> "tile": csr_tile 64x64 (4x4 per work-item), BK 32 where
 *                                    N <= 512 and K >= 1024 (else 16), split K automatic: a GEMM
 *                                    at ~25 TFLOP/s beats the gather's ~6 TFLOP/s useful once a
 *                                    quarter of A is kept
 *   2h. fp16, N >= 64, density >= 0.4, and csr_tile's 64 x 64 tiles (no split: its workspace is
 *      floats) at least 0.75 per CU
 *                                 -> "tile-fp16": as 2 (the host runs SPLITK 1 at fp16).
 *                                    H200 (paired, sb_sweep at fp16,
 *                                    results/2026-12-01-h200-rs12 j-tile): at 50% 1.27-1.41x
 *                                    csr_auto's row blocks at 0.97 tiles per CU, 1.56-1.81x at
 *                                    1.9-3.9, 0.85-0.89x at 0.48; at 70% and sparser at most
 *                                    1.15x, on few cases; held out (k-tile, six new shapes at
 *                                    50-60% density): 12 of 12 faster, 1.11-2.07x
 *   2m. local memory (the device's, local_mem; a reliability rule, not a measured one): 2 and 2h
 *      take BK 32 only where csr_tile's 64 x 64 tile at BK 32 fits the device's local memory
 *      (csr_tile's own arithmetic, sb_csr_tile_fit: ~47 KB on a large C, under the H200's
 *      48 KB, over the 32 KB of many GPUs and oclgrind), else BK 16 (~25 KB; its work-groups,
 *      split as at BK 16, are what rule 2 counts); where BK 16 does not fit either, 2 and 2h do
 *      not fire and the rules below pick. Unchanged on the H200 and PoCL (2 MB)
 *   2s. N >= 256, aligned groups of R = 2, 4 or 8 rows each with one pattern (row_share:
 *      block-pruned A), and the shared row blocks below give at least 3 work-groups per CU
 *                                 -> "rows-shared": csr row blocks with ROW_SHARE (a work-item
 *                                    computes R rows, each vector of B read once for them), 8
 *                                    groups of R rows x 16 work-items a work-group, VEC 2:
 *                                    N < 1024: R up to 4, VPT 2, UNROLL 4; from 1024: R up to 8,
 *                                    VPT 4, UNROLL 2. H200 (paired, results/2026-12-01-h200-rs11):
 *                                    read off 4096^2 32x32-block patterns at 90-98%: 1.10-1.24x
 *                                    csr_auto at N = 256, 1.27-1.36x at 512, 1.46-2.58x at
 *                                    1024-4096; at N = 128 (256 work-groups) 0.54-0.86x; held
 *                                    out (c-held, blocks 2-32 on seven shapes): 15 of 15 faster,
 *                                    1.07-1.99x
 *   3. the row-block kernel (8 rows x 128 columns per work-group) would have
 *        fewer than 2 work-groups per CU, or
 *        fewer than 4 per CU with rows of 64 non-zeros and more at N <= 2048, uneven
 *          (cv >= 0.15) or with a ragged last column tile (N not a multiple of 128), or
 *        fewer than 8 per CU with uneven rows (cv >= 0.3) of 12 and more
 *                                 -> "split": csr_balanced (rows by length, each split over
 *                                    KSPLIT work-items, UNROLL 4 (8 at KSPLIT 4), COLS_PER_WG
 *                                    256 / KSPLIT up to 32: 256 work-items): KSPLIT the power
 *                                    of two nearest 3072 x CU / (M x max(32, N/2 in 32s)), at
 *                                    most mean / 4, within [2, 32]; at least 4 for rows of
 *                                    96 and more at N <= 2048, fp32 (H200, results/2026-12-02-
 *                                    h200-rs21: where it gave 2, DLMC batch 8 1.05x on 11
 *                                    magnitude layers, 1.13x on 20 held-out random and
 *                                    variational; 7 held-out shapes 0.995-1.09x, none below)
 *   (AUTO_SHIFT) "narrow" and "split" set csr_balanced's SHIFT 1: where VEC does not divide N,
 *      a row's partial last vector computes the row's last VEC columns (full loads and stores)
 *      instead of the partial path, which set the row's time. H200 (paired, held out,
 *      results/2026-12-01-h200-rs13 d-held-csr: 33 cases at odd N = 3-63, fp32 and fp16): 28
 *      faster than SHIFT 0 (1.10-1.72x), 5 ties, none slower
 *   3h. fp16 (A, B and C in halves), where 2h does not take it
 *                                 -> "rows-fp16": csr row blocks with the profile's parameters
 *                                    (NVIDIA: VEC 2, VPT 2 x 32 columns, as a warp then reads
 *                                    128 bytes of a row of B, as at fp32 with 16). H200
 *                                    (results/2026-12-01-h200-rs11, e-fp16): rules 4-6 ran
 *                                    0.82-0.95x csr with those parameters on 14 of 14 cases;
 *                                    held out (f-fp16b): 0.988-4.18x the faster of csr and
 *                                    csr_balanced
 *   4. N >= 2048, M and K >= 512, density >= 1/32
 *                                 -> "rows-lockstep": csr row blocks of 16 rows, VPT 4 x 16
 *                                    columns, KCHUNK 256: the group's rows walk K together, so a
 *                                    row of B read by one is in L1 for the others (4096^2 at
 *                                    90-95%, N = 4096: 1.13-1.14x; held-out Transformer shapes at
 *                                    N = 2048/4096: 1.04-1.06x)
 *   5. 512 <= N <= 1024, N a multiple of 128, under 12 row blocks per CU
 *                                 -> "rows-tall": csr row blocks of 16 rows, VPT 4 x 16 columns
 *                                    (no lockstep): at few blocks per CU a group's 16 rows share
 *                                    a tile of B on one CU (Transformer shapes at 4-8 blocks per
 *                                    CU: 1.06x tuned-on, 1.04-1.06x held out)
 *   6. otherwise                  -> "rows": csr row blocks, VPT 4 x 16 columns for N <= 2048,
 *                                    "rows-wide": the profile's (VPT 2 x 32) above
 *   CPU (and other devices that are not GPUs)
 *   1. N = 1, mean >= 80 non-zeros a row, nnz <= 1,000,000, warm caches (not `cache: cold`)
 *                                 -> "cpu-spmv": csr_balanced VEC 1, KSPLIT 4, COLS_PER_WG 1,
 *                                    UNROLL 4 (a row's gathers in 4 chains): on PoCL (2-core
 *                                    EPYC, paired and interleaved, results/2026-11-30-epyc2-
 *                                    pocl6-spmv) 1.09-1.35x csr on the 30 such matrices it was
 *                                    read from, 1.06-1.32x on 17 of 17 held out; 0.83-0.98x at
 *                                    1.3-3.4 M non-zeros and at 41-72 a row; at N = 2 mixed
 *                                    (0.43-0.6x with UNROLL 4), at N = 8 0.15-0.2x; with cold
 *                                    caches (A from memory every call) 0.60-0.75x on the DLMC
 *                                    final_dense layers, hence warm only
 *   1s. N >= 32 (on Intel's CPU runtime, intel_rt: every N, ahead of rule 1), aligned groups
 *      of R = 2, 4 or 8 rows each with one pattern (row_share: block-pruned A)
 *                                 -> "cpu-rows-shared": csr with the profile's parameters and
 *                                    ROW_SHARE R (a work-item computes R rows, B read once for
 *                                    them). 2-core Xeon (results/2026-12-01-xeon2-rs11-cpu): read
 *                                    off two block matrices at N = 16-256, R 8 1.00-1.78x rule 2
 *                                    on PoCL, 2.09-2.92x on Intel's CPU runtime; at every N it
 *                                    failed its held-out check on PoCL (0.95x at N = 8 and 24),
 *                                    so from N = 32: held out again (seven cases), 1.09-1.85x
 *                                    on PoCL, 1.69-2.78x on Intel's runtime; Intel's runtime
 *                                    below N = 32 (rs12, results/2026-12-01-xeon2-rs12-cpu,
 *                                    held out): N = 2-31 1.57-2.73x the old choice on 10 of 10;
 *                                    N = 1 2.73-4.91x the SpMV split, 1.51-3.37x rows (8 of 8)
 *   2. otherwise                  -> "rows": csr with the profile's parameters (the tuner's: one
 *                                    row per work-item, wide vectors); on PoCL it was the fastest
 *                                    on 159 of the 162 DLMC layers at 90% (all but the three
 *                                    SpMV final_dense layers, rule 1's), while csr_balanced and
 *                                    csr_tile, built for GPUs, ran 2-300x slower there */
#ifndef SB_CSR_AUTO_H
#define SB_CSR_AUTO_H

#include "sb_auto_choice.h"
#include "sb_kernel.h"

/* What the model reads. */
typedef struct sb_csr_auto_features {
    int M, K, N;
    int64_t nnz;
    double density;    /* nnz / (M K) */
    double row_mean;   /* non-zeros per row */
    double row_cv;     /* their coefficient of variation */
    int row_max;
    double empty_rows; /* fraction of rows without a non-zero */
    int row_share;     /* the largest R of 2, 4, 8 whose aligned groups of R rows each have one
                          pattern, or 1 (sb_csr_row_share) */
    int gpu;           /* 1: a GPU (latency hiding, many compute units) */
    int cold;          /* 1: A comes from memory every call (`cache: cold`; sb_operand.cold) */
    int fp16;          /* 1: A, B and C in halves (an fp16 case): csr_tile without split K */
    int intel_rt;      /* 1: Intel's CPU OpenCL runtime (platform slug "intel", not a GPU; set
                          by csr_auto's prepare, as nm's): CPU rule 1s from N = 2 there */
    int task_kernels;  /* 1: the device's profile says task_kernels (an FPGA): rule 0 */
    unsigned compute_units;
    unsigned long long local_mem; /* the device's local memory in bytes (CL_DEVICE_LOCAL_MEM_SIZE,
                                     sb_csr_auto_device_features; rule 2m); 0: not known, not
                                     checked (feature sets built by hand, as the tests') */
} sb_csr_auto_features;

/* What it picks: sb_auto_choice (include/sb_auto_choice.h). */
typedef sb_auto_choice sb_csr_auto_choice;

void sb_csr_auto_features_of(const sb_csr *A, int N, int gpu, unsigned compute_units,
                             sb_csr_auto_features *f);
/* The features csr_auto's prepare reads on dev: A's at N (sb_csr_auto_features_of), the device's
 * kind, compute units and local memory, Intel's CPU runtime, the case's precision and cache. */
void sb_csr_auto_device_features(const sb_device *dev, const sb_csr *A, int N, int fp16, int cold,
                                 sb_csr_auto_features *f);
void sb_csr_auto_choose(const sb_csr_auto_features *f, sb_csr_auto_choice *c);

/* Every choice the model can make (for tests): fills up to max, returns how many there are. */
int sb_csr_auto_all_choices(sb_csr_auto_choice *out, int max);

#endif
