/* nm's model: which path (the row-split gather of cl_kernels/nm_spmm.cl or the dense-tile GEMM
 * of cl_kernels/nm_tile.cl) and which parameters the N:M kernel runs at a given shape and N on a
 * GPU. A pure function of M, K, N, the N:M ratio and the compute units, so tests can check each
 * choice (tests/unit/test_nm_auto.c) and run every variant it can pick (tests/cl/test_kernels.c).
 * The nm kernel applies it on GPUs unless nm_spmm.AUTO=0 (then the given parameters and the
 * TILE_MIN_N rule run); on other devices the profile's parameters run (rule "profile").
 *
 * The rules (measurements behind each: PERF_NOTES.md, "nm's model"; CU = compute units,
 * kept = the kept values of a row, ceil(K / m) * n):
 *   GPU
 *   1. fp32, N >= 64, and nm_tile's 64 x 64 tiles, split in K as csr_tile does automatically
 *      (BK 16), give one work-group per two CUs (csr_auto's rule at density 0.5)
 *                     -> "tile": nm_tile 64 x 64, BK 16, split K automatic; on CUDA cores
 *                        (MMA 0) below N = 1024, on 3xTF32 tensor cores (MMA 1) from 1024 on
 *                        where the device has them
 *   2. otherwise      -> "gather": nm_spmm with CHUNK 4 (four consecutive kept values per vector
 *                        load, their positions from one meta byte), VEC 2 (fitted to N), COLS
 *                        the column vectors of N up to 32, UNROLL 16 / (4 x VEC) chunks ahead,
 *                        KSPLIT the power of two nearest 3072 x CU / (M x COLS x column groups)
 *                        (csr_auto's work-items per CU), at most kept / (4 x UNROLL) and
 *                        256 / COLS
 *   other devices     -> "profile": the profile's parameters and the TILE_MIN_N rule
 */
#ifndef SB_NM_AUTO_H
#define SB_NM_AUTO_H

#include <stdint.h>
#include "sb_auto_choice.h"

/* What the model reads. */
typedef struct sb_nm_auto_features {
    int M, K, N;
    int n, m;      /* the N:M ratio (2:4) */
    int gpu;       /* 1: a GPU */
    int fp32;      /* 1: fp32 storage (nm_tile has no fp16 version: fp16 keeps the gather) */
    int mma;       /* 1: NVIDIA tensor cores nm_tile can use (elsewhere MMA=1 is an emulation) */
    unsigned compute_units;
} sb_nm_auto_features;

/* What it picks: sb_auto_choice (include/sb_auto_choice.h); the kernel is "nm" for the gather,
 * "nm_tile" for the tile, and "nm" with no parameters for "profile". Read a parameter with
 * sb_auto_param. */
typedef sb_auto_choice sb_nm_auto_choice;

void sb_nm_auto_choose(const sb_nm_auto_features *f, sb_nm_auto_choice *c);

/* Every choice the model can make (for tests): fills up to max, returns how many there are. */
int sb_nm_auto_all_choices(sb_nm_auto_choice *out, int max);

#endif
