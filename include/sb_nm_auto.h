/* nm's model: which path (the row-split gather of cl_kernels/nm_spmm.cl or the dense-tile GEMM
 * of cl_kernels/nm_tile.cl) and which parameters the N:M kernel runs at a given shape and N on a
 * device. A pure function of M, K, N, the N:M ratio and the device's kind, compute units and
 * vector width, so tests can check each
 * choice (tests/unit/test_nm_auto.c) and run every variant it can pick (tests/cl/test_kernels.c).
 * The nm kernel applies it unless nm_spmm.AUTO=0 (then the given parameters and the TILE_MIN_N
 * rule run).
 *
 * The rules (measurements behind each: PERF_NOTES.md, "nm's model"; CU = compute units,
 * kept = the kept values of a row, ceil(K / m) * n):
 *   GPU
 *   1. fp32, N >= 33 (or N >= 17 with M x K >= 3 x 2^20), and nm_tile's 64 x 64 tiles, split
 *      in K as csr_tile does automatically (BK 16), give one work-group per two CUs (csr_auto's
 *      rule at density 0.5). From N = 64 until session 8; H200 (results/2026-11-30-h200-nm8,
 *      stage j-tile): 1.25-2.5x csr_auto at N = 36-48, 1.1-1.6x at N = 20-32 from 4.2 M
 *      positions, where the gathers ran 0.85-1.18x
 *                     -> "tile": nm_tile 64 x 64, BK 16, split K automatic; on CUDA cores
 *                        (MMA 0) below N = 1024, on 3xTF32 tensor cores (MMA 1) from 1024 on
 *                        where the device has them
 *   1b. fp32, N = 17-32, M x 256 <= 3072 x CU (not 2b's tall) and 1.5 x 2^20 <= M x K < 3 x 2^20,
 *      with one work-group per two CUs at 32-row tiles
 *                     -> "tile-short": nm_tile 32 x 64, TM 4, TN 2, BK 16, split K automatic.
 *                        H200 (results/2026-11-30-h200-nm8, stages j-tile and l-tile2): read off
 *                        1024x2048 and 768x3072 (1.13-1.31x csr_auto; 1024^2 a tie), held out
 *                        seven short shapes at N = 20/28/32: 1.12-1.30x the gather
 *   1h. fp16, N >= 33, nm_tile's 64 x 64 tiles (no split K) at least 3/4 per CU (one per CU
 *      until rs13: csr_auto's own tile-fp16 fires from 3/4 and beat the gather there; held out,
 *      rs13 g-held-tile: 18 of 18 faster than the gather, 1.11-1.59x)
 *                     -> "tile-fp16": nm_tile 64 x 64, BK 16, SPLITK 1 (its split's workspace
 *                        is floats), MMA as rule 1. H200 (results/2026-12-01-h200-rs11,
 *                        g-nmtile): read off three 2:4 matrices at N = 16-1024, 1.38-1.94x
 *                        csr_auto at 1.45-1.94 tiles per CU, where the gather ran 0.65-0.87x;
 *                        0.06-0.91x at 0.5 tiles per CU or fewer; held out (h-nmheld, six new
 *                        shapes): 1.50-2.92x the gather, 1.26-1.92x csr_auto
 *   1m. local memory (local_mem, the device's; reliability, not measured): 1, 1b and 1h fire only
 *      where nm_tile's tile fits it (nm_tile.cl's need, sb_nm_tile_local_bytes: 18 KB at 64 x 64,
 *      BK 16, 21 KB with tensor cores), else the gather (rule 2). Unchanged on the H200 and PoCL.
 *      The nm kernel's own TILE_MIN_N rule (nm_spmm.AUTO=0) takes BK 32 at N <= 512 with
 *      K >= 1024 only where that tile fits (36 KB at 64 x 64), else the device's BK (16)
 *   2. otherwise      -> "gather": nm_spmm with CHUNK 4 (four consecutive kept values per vector
 *                        load, their positions from one meta byte), VEC 2 (fitted to N), COLS
 *                        the column vectors of N up to 32, UNROLL 16 / (4 x VEC) chunks ahead,
 *                        KSPLIT the power of two nearest 3072 x CU / (M x COLS x column groups)
 *                        (csr_auto's work-items per CU), at most kept / (4 x UNROLL) and
 *                        256 / COLS; at fp16 from N = 33 where 4 divides N, VEC 4 halves
 *                        (8-byte loads, as fp32's VEC 2), UNROLL 32 / (4 x VEC) and twice the
 *                        KSPLIT VEC 2 would take (H200, results/2026-12-01-h200-rs12, held out
 *                        on g-held: 25 of 25 faster than VEC 2, 1.09-1.39x; see
 *                        NM_FP16_VEC_MIN_N in nm_auto.c);
 *                        at fp32 LANE 1 (each work-item's meta word, shift and
 *                        column worked out once, not per chunk). H200 (paired,
 *                        results/2026-12-01-h200-nm10): LANE 1 read off 20 cases at N = 20-32
 *                        (18 faster, 1.01-1.05x), held out on 39 at N = 10-52 of eight new
 *                        shapes (19 faster, none slower; 960^2 at N = 44/52 from 0.96-0.98x
 *                        csr_auto to 1.12-1.14x)
 *   2a. "gather-single": fp32 and N = 2 or 4 (even, at most 4)
 *                     -> nm_spmm with single kept values per load (CHUNK 1), VEC 2, KSPLIT 32
 *                        (at most kept / 8), UNROLL 8, COLS the column vectors of N (1 or 2).
 *                        H200 (paired, results/2026-11-30-h200-nm8): read off the ten 2:4
 *                        matrices at N = 2-12 (a gain at 2 and 4 only), checked on six other
 *                        shapes at N = 2 and 4
 *   2c. "gather-narrow": fp32, N = 5-8, M x K >= 2^21 (before 2a and 2b)
 *                     -> nm_spmm in csr_balanced's way through a row: N = 5 and 7 VEC 4, CHUNK 1,
 *                        KSPLIT 32, UNROLL 4; N = 6 VEC 2, CHUNK 2, KSPLIT 8, UNROLL 4; N = 8
 *                        VEC 2, CHUNK 1, KSPLIT 16, UNROLL 8 (KSPLIT at most kept / (CHUNK x
 *                        UNROLL)); COLS the column vectors of N. And 2a on tall A (2b's) at N = 4
 *                        with KSPLIT 16. H200 (paired, results/2026-12-01-h200-nm9): read off six
 *                        2:4 matrices of 2.4-8 M positions after nm_spmm's index arithmetic
 *                        change; held out, six shapes at N = 4-8: 28 of 30 not slower than
 *                        csr_auto (3840x1536 at N = 6 and 8 is, 0.95-0.97x)
 *   2b. "gather-tall": fp32, M x 256 > 3072 x CU (a full work-group a row would exceed 3072
 *                        work-items per CU: M > 1584 on the H200) and COLS 2-16 (N = 2-32)
 *                     -> as 2 with VEC 1 at N = 3 (2a takes N = 2 and 4; rule 1 the larger
 *                        A from N = 17), a warp a row, KSPLIT 32 / COLS, and 32
 *                        floats in flight, UNROLL 32 / (4 x VEC). H200 (paired,
 *                        results/2026-11-30-h200-nm8): read off ten 2:4 matrices at N = 2-32 and
 *                        checked on other shapes at N = 2-48 (see there for where nm still
 *                        loses to csr_auto). At COLS 16 (N = 17-32, KSPLIT 2) LANE 2 (each
 *                        unrolled slot's meta word, shift and column worked out once). H200
 *                        (paired, results/2026-12-01-h200-nm10): read off 13 cases at N = 20-32
 *                        (1.01-1.06x, none slower), held out on eight new tall shapes at
 *                        N = 18-32 (see there)
 *   Rules 1, 1b and 1h need m to divide nm_tile's chunk of K (BK 16): 2:3, 2:5, 3:6, ... keep
 *      the gathers, which run any m (nm_tile would fail on them)
 *   Edges of every GPU gather above (NM_GPU_EDGES in nm_auto.c; rs13): SHIFT 1 wherever VEC leaves
 *      a partial last vector (the partial path set the row's time: held out, 83 cases, 70 faster
 *      than before, 1.05-2.56x, none slower), and at fp16: VEC 4 from N = 33 at every N (shifted
 *      where 4 does not divide N), COLS 3 where N is three VEC 2 vectors (N = 5-6), LANE 1 on
 *      VEC 2 at N = 5-32 (on single kept values from 12 rows a CU; rs14 f-held-u). H200 (paired,
 *      results/2026-12-01-h200-rs13: a-screen, b-screen, c-held). And at fp16 from N = 7, where
 *      more than a quarter of VEC 2's COLS (a power of two) would idle, COLS the column vectors
 *      exactly with KSPLIT doubled where it fits (NM_FP16_EXACT_MIN_N; results/2026-12-01-h200-
 *      rs14 b-held-w: 24 new cases, 23 faster, 1.06-1.39x, none slower)
 *   fp16 (GPU): 2a, and 2c at N = 8 (single kept values in VEC 2 loads) and N = 7 (VEC 4, single
 *      kept values: NM_FP16_NARROW_VEC4_N, rs14 f-held-u), hold at fp16 too, with 2a's KSPLIT 16
 *      on tall A at N = 4; nm's other small-N rules stay fp32's (see NM_FP16_SINGLE in nm_auto.c:
 *      the wider forms failed held out). H200 (paired, sb_sweep at fp16,
 *      results/2026-12-01-h200-rs12): held out (d-held, seven new shapes at N = 2, 4 and 8) 14 of
 *      17 faster than the fp16 gather (1.07-1.18x), 3 ties, none slower
 *   CPU (and other devices that are not GPUs)
 *   3. always         -> "cpu-gather": nm_spmm, never the tile, a row per work-item (KSPLIT 1: no
 *                        reduction in local memory, which a CPU runs as loops and barriers),
 *                        CHUNK 4, UNROLL 4, VEC the device's native float width (16 on AVX-512,
 *                        8 on AVX2; fitted to N), COLS the column vectors of N up to 32, ACCS 4
 *                        (four accumulators, not one chain of dependent multiply-adds). On PoCL
 *                        (2-core EPYC, AVX-512; paired, results/2026-11-30-epyc2-nm7-cpu) it was
 *                        read off one matrix at N = 1-256 and checked on five held out at
 *                        N = 1-128 (see there); the profile's parameters with the tile from
 *                        N = 64, what ran before, were 0.25-0.80x csr_auto. ACCS 4: read off one
 *                        matrix at N = 1-16, checked on eight held out at N = 1-16 and two at
 *                        N = 32/128: 1.13-1.89x ACCS 1 (results/2026-11-30-epyc2-nm8-cpu).
 *                        From N = 32 on VPT column vectors a work-item (the most up to 4 whose
 *                        VPT x VEC divides N: 2 at N = 32, 4 at 64 and 128, 1 at 48), ACCS 2:
 *                        a kept value's position (meta shift, mask, clamp, times N: scalar work
 *                        each work-item pays) worked out once for VPT loads of B, not once per
 *                        vector. 2-core Xeon, AVX-512 (results/2026-12-01-xeon2-nm9-cpu): read
 *                        off two matrices at N = 32-128 (VPT 2-4, ACCS 2: 1.56-1.80x VPT 1 on
 *                        Intel's CPU runtime, 1.55-1.78x on PoCL), checked on eight held out at
 *                        N = 32-128 (see there); not measured on AVX2 (VEC 8 x VPT 4).
 *                        The cover rule, where that leaves a ragged vector (N not a multiple of
 *                        VEC) or VPT 1 from N = 32 on (N = 48, 80, ...): the fewest work-items a
 *                        row at up to 4 vectors each, then the fewest vectors (VPT 1-4: N = 48
 *                        VPT 3, 80 two of 3), VEC 16 halved to 8 where one work-item then covers
 *                        N in fewer columns (N = 17-24: 8 x 3), ACCS 2, and SHIFT 1 where
 *                        VEC x VPT does not divide N (the ragged vector loads and stores the row's
 *                        last VEC columns, not the partial path). 2-core Xeon
 *                        (results/2026-12-01-xeon2-nm10-cpu): read off two matrices at N = 3-52;
 *                        held out (five matrices at N = 5-80) 1.10-11.3x the rule before on
 *                        Intel's CPU runtime; not measured on AVX2.
 *                        On Intel's CPU runtime only (intel_rt), at N = 1: RX 16 (16 rows a
 *                        work-group along dimension 0, a row a work-item, which that runtime
 *                        vectorises across) and CHUNK 1. 2-core Xeon: read off five matrices
 *                        (1.22-1.38x the rule before), 1.18-1.27x on six held out
 *                        (results/2026-12-01-xeon2-nm10-cpu) and 1.14-1.29x on seven more
 *                        (results/2026-12-01-xeon2-nm11-cpu); PoCL ran it 0.76-0.83x, so PoCL
 *                        (intel_rt 0) keeps RX 1 and CHUNK 4.
 *                        Where the cover rule sets SHIFT 1 and N > 16 is not a multiple of 16
 *                        (B's rows not whole 64-byte lines, so every load of B split two lines):
 *                        PADB 1, B first copied into rows of whole vectors. 2-core Xeon
 *                        (results/2026-12-01-xeon2-nm11-cpu): read off three matrices at N = 5-80
 *                        (1.3-1.8x at N = 29-60 on both runtimes); held out, four matrices at
 *                        N = 18-70: 1.05-1.69x the rule before on Intel's CPU runtime (20 of
 *                        20), 1.07-2.17x on PoCL
 *                        A CPU reporting a native width of 8 (vec_width, AVX2): from N = 32, up
 *                        to 6 vectors a work-item where that covers a row in fewer work-items
 *                        (COLS) than the rules above (N = 48: VEC 8 x VPT 6 in one, not VPT 2 in
 *                        4 with one idle; 80: VPT 5 in 2, not 2 in 8). AVX2 code on the 2-core
 *                        AVX-512 Xeon (results/2026-12-01-xeon2-rs12-cpu): read off a screen at
 *                        N = 48/80, held out in the same folder.
 */
#ifndef SB_NM_AUTO_H
#define SB_NM_AUTO_H

#include <stdint.h>
#include "sb_auto_choice.h"
#include "sb_device.h"

/* What the model reads. */
typedef struct sb_nm_auto_features {
    int M, K, N;
    int n, m;      /* the N:M ratio (2:4) */
    int gpu;       /* 1: a GPU */
    int fp32;      /* 1: fp32 storage (0: fp16; nm_tile runs it at SPLITK 1 only) */
    int mma;       /* 1: NVIDIA tensor cores nm_tile can use (elsewhere MMA=1 is an emulation) */
    int vec_width; /* the device's native float vector width (CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT) */
    unsigned compute_units;
    int intel_rt;  /* 1: Intel's CPU OpenCL runtime (platform slug "intel", not a GPU), which
                      vectorises across a work-group's work-items where PoCL does not */
    unsigned long long local_mem; /* the device's local memory in bytes
                                     (sb_nm_auto_device_features; rule 1m); 0: not known, not
                                     checked (feature sets built by hand, as the tests') */
} sb_nm_auto_features;

/* What it picks: sb_auto_choice (include/sb_auto_choice.h); the kernel is "nm" for the gathers,
 * "nm_tile" for the tile. Read a parameter with sb_auto_param. */
typedef sb_auto_choice sb_nm_auto_choice;

/* The features nm's prepare reads on dev for an M x K n:m A at N columns: the device's kind,
 * tensor cores, vector width, compute units and local memory, Intel's CPU runtime. */
void sb_nm_auto_device_features(const sb_device *dev, int M, int K, int N, int n, int m, int fp32,
                                sb_nm_auto_features *f);
void sb_nm_auto_choose(const sb_nm_auto_features *f, sb_nm_auto_choice *c);

/* Every choice the model can make (for tests): fills up to max, returns how many there are. */
int sb_nm_auto_all_choices(sb_nm_auto_choice *out, int max);

#endif
