/* The kernel catalogue: every way the suite computes C = A*B, one entry each, with its parameter
 * table (see sb_spec.h). The implementations live in src/kernels/<name>.c, found by name
 * (sb_kernel_find); tests/unit/test_spec.c checks that the two agree.
 *
 * Add a kernel: write cl_kernels/<program>.cl and src/kernels/<name>.c, add an entry here (its
 * tunables with a default, a range and the values `tune` tries), and list the implementation in
 * src/kernels/registry.c. */
#include "sb_spec.h"

#include <stdio.h>
#include <string.h>

#define ANY_PATTERN ((1u << SB_PATTERN_UNSTRUCTURED) | (1u << SB_PATTERN_BLOCK) | (1u << SB_PATTERN_NM))
#define NM_ONLY (1u << SB_PATTERN_NM)

/* A tunable: name, default, min, max, rules, {candidates}, help. */
#define TUNE(n, d, lo, hi, r, help, ...)                                                            \
    {n, SB_PARAM_TUNABLE, d, lo, hi, r, {__VA_ARGS__},                                             \
     sizeof((int[]){__VA_ARGS__}) / sizeof(int), help}
/* A tunable the host side uses only (no -D, not in the variant). */
#define HOST(n, d, lo, hi, r, help, ...)                                                            \
    {n, SB_PARAM_HOST, d, lo, hi, r, {__VA_ARGS__}, sizeof((int[]){__VA_ARGS__}) / sizeof(int), help}
/* The same, never searched by `tune`. */
#define HOST_FIXED(n, d, lo, hi, r, help) {n, SB_PARAM_HOST, d, lo, hi, r, {0}, 0, help}
/* A value the kernel derives from the matrix: a -D define, never set from outside. */
#define DERIVED(n, help) {n, SB_PARAM_DERIVED, 0, 0, 0, 0, {0}, 0, help}
#define N_PARAMS(...) (sizeof((sb_param_spec[]){__VA_ARGS__}) / sizeof(sb_param_spec))
#define PARAMS(...) .params = {__VA_ARGS__}, .n_params = N_PARAMS(__VA_ARGS__)

static int dense_valid(const int *v, char *why, size_t n)
{
    if (v[0] % v[1] == 0) /* TILE, WPT */
        return 1;
    snprintf(why, n, "dense_gemm.WPT (%d) must divide dense_gemm.TILE (%d)", v[1], v[0]);
    return 0;
}

/* The tensor-core kernels' tiles (sb_tc_tile_check); values in their tables' order. */
static int tc_dense_valid(const int *v, char *why, size_t n)
{
    sb_tc_tile t = {.BM = v[0], .BN = v[1], .WM = v[2], .WN = v[3], .STAGES = v[4], .BK = v[5]};
    return sb_tc_tile_check(v[6] ? SB_TC_GEMM_TF32 : SB_TC_GEMM_F16, &t, why, n) == 0;
}

static int tc_bsr_valid(const int *v, char *why, size_t n)
{
    /* BS is the matrix's block (0 until prepare sets it): check with 32 until then */
    sb_tc_tile t = {.BS = v[0] ? v[0] : 32, .BN = v[1], .WN = v[2], .STAGES = v[3]};
    return sb_tc_tile_check(SB_TC_BSR, &t, why, n) == 0;
}

static int tc_nm_valid(const int *v, char *why, size_t n)
{
    sb_tc_tile t = {.BM = v[0], .BN = v[1], .WM = v[2], .WN = v[3], .STAGES = v[4], .KSTEPS = v[5]};
    return sb_tc_tile_check(SB_TC_NM, &t, why, n) == 0;
}

#define FP16_TF32 (SB_PRECISION_BIT(SB_PRECISION_FP16) | SB_PRECISION_BIT(SB_PRECISION_TF32))
/* the portable kernels: floats, or halves through cl_kernels/common.h's SB_HALF macros */
#define FP32_FP16 (SB_PRECISION_BIT(SB_PRECISION_FP32) | SB_PRECISION_BIT(SB_PRECISION_FP16))
#define FP16_ONLY SB_PRECISION_BIT(SB_PRECISION_FP16)
#define TC_EMULATE DERIVED("SB_MMA_EMULATE", "1: instructions emulated (profile tensor_cores: emulated)")

static const sb_kernel_spec csr = {
    .wg = {"ROWS_PER_WG", "TILE_COLS"},
    .name = "csr", .format = SB_FORMAT_CSR, .patterns = ANY_PATTERN, .task = "csr_task",
    .precisions = FP32_FP16,
    .summary = "CSR SpMM: row blocks x column tiles, B in vector loads, several vectors per item",
    .program = "csr_spmm", .entry = "csr_spmm_rowblock",
    PARAMS(TUNE("VEC", 4, 1, 16, SB_RULE_POW2, "floats per load of B (halved while wider than N)",
                1, 2, 4, 8, 16),
           TUNE("VPT", 1, 1, 64, 0, "vectors of C per work-item", 1, 2, 4),
           TUNE("UNROLL", 2, 1, 64, 0, "non-zeros per step of a row", 1, 2, 4),
           TUNE("TILE_COLS", 32, 1, 1024, 0, "work-items across a column tile", 1, 2, 4, 8, 16, 32),
           TUNE("ROWS_PER_WG", 4, 1, 1024, 0, "rows per work-group", 4, 8, 16, 32, 64),
           TUNE("ROWS_FAST", 0, 0, 1, 0, "1: number work-groups row blocks first", 0, 1),
           TUNE("ROW_ITERS", 1, 1, 1024, 0, "row blocks each work-group walks", 1, 4, 16),
           TUNE("KCHUNK", 0, 0, 1 << 20, 0,
                "columns of K per step of a work-group's rows in lockstep (0: no lockstep)", 0, 32),
           TUNE("RAGGED", 1, 0, 1, 0,
                "the ragged last tile: 1 the whole tile's unrolled loop (vectors past N load the "
                "last columns), 0 one pass over the row per vector",
                0, 1),
           TUNE("ROW_SHARE", 1, 1, 8, SB_RULE_POW2,
                "rows a work-item computes where every aligned group of that many rows has one "
                "pattern (block-pruned A): B read once for them (run as 1 on other matrices)",
                1),
           HOST("REST_LAUNCH", 0, 0, 1, 0,
                "1: the columns past N's whole tiles run as a second launch with a tile of their own "
                "width (0: the last tile of the one launch; PERF_NOTES: REST_LAUNCH)",
                0, 1)),
};

static const sb_kernel_spec csr_balanced = {
    .wg = {"COLS_PER_WG", "KSPLIT"},
    .name = "csr_balanced", .format = SB_FORMAT_CSR, .patterns = ANY_PATTERN,
    .precisions = FP32_FP16,
    .summary = "CSR SpMM for skewed rows: rows ordered by length, each row split over work-items",
    .program = "csr_balanced", .entry = "csr_spmm_balanced",
    PARAMS(TUNE("VEC", 4, 1, 16, SB_RULE_POW2, "floats per load of B", 2, 4, 8),
           TUNE("KSPLIT", 4, 1, 256, SB_RULE_POW2, "work-items sharing a row", 1, 2, 4, 8, 16, 32),
           TUNE("COLS_PER_WG", 16, 1, 1024, 0,
                "column vectors per work-group (lowered to cover N)",
                8, 16, 32),
           TUNE("UNROLL", 1, 1, 8, 0, "non-zeros a work-item loads before using the first", 1, 2,
                4),
           TUNE("SHIFT", 0, 0, 1, 0,
                "1: a row's partial last vector computes the row's last VEC columns (full loads "
                "and stores, overlapping; lowered to 0 where VEC divides N), 0: the partial path",
                0, 1)),
};

static int tile_valid(const int *v, char *why, size_t n)
{
    /* BM, BN, BK, TM, TN, MMA, WM, WN */
    int bm = v[0], bn = v[1], bk = v[2], tm = v[3], tn = v[4], mma = v[5], wm = v[6], wn = v[7];
    if (mma && (bm < 16 * wm || bn < 8 * wn || bk < 8)) {
        snprintf(why, n, "csr_tile: with MMA=1 the %dx%d tile must hold WM x WN = %dx%d warp tiles "
                         "of at least 16x8 and BK (%d) at least 8", bm, bn, wm, wn, bk);
        return 0;
    }
    if (!mma && (bm < tm || bn < tn)) {
        snprintf(why, n, "csr_tile: the %dx%d tile must hold a work-item's TM x TN = %dx%d", bm, bn,
                 tm, tn);
        return 0;
    }
    return 1;
}

/* The tile shape of the dense-tile kernels (cl_kernels/tile_core.h), one list for csr_tile and
 * nm_tile. */
#define TILE_PARAMS                                                                                \
    TUNE("BM", 64, 4, 256, SB_RULE_POW2, "rows of C per work-group (lowered for a small M)",     \
         16, 32, 64, 128),                                                                         \
    TUNE("BN", 64, 4, 256, SB_RULE_POW2, "columns of C per work-group (lowered for a small N)",  \
         16, 32, 64, 128),                                                                         \
    TUNE("BK", 16, 1, 64, SB_RULE_POW2, "columns of A per chunk in local memory", 8, 16, 32),     \
    TUNE("TM", 4, 1, 16, SB_RULE_POW2, "rows of C per work-item (MMA=0)", 2, 4, 8),              \
    TUNE("TN", 4, 1, 16, SB_RULE_POW2, "columns of C per work-item (MMA=0)", 2, 4, 8),           \
    TUNE("MMA", 0, 0, 1, 0, "1: m16n8k8 3xTF32 tensor cores (NVIDIA; emulated elsewhere)", 0, 1), \
    TUNE("WM", 2, 1, 8, SB_RULE_POW2, "warps along M (MMA=1)", 1, 2, 4),                         \
    TUNE("WN", 2, 1, 8, SB_RULE_POW2, "warps along N (MMA=1)", 1, 2, 4)

static const sb_kernel_spec csr_tile = {
    .wg = {"BN", "BM"},
    .name = "csr_tile", .format = SB_FORMAT_CSR, .patterns = ANY_PATTERN,
    .precisions = FP32_FP16, /* fp16: SPLITK 1 (its workspace is floats) */
    .summary = "CSR SpMM as a dense-tile GEMM: chunks of A expanded in local memory, register "
               "blocked (MMA=1: 3xTF32 tensor cores on NVIDIA), K split for few tiles",
    .program = "csr_tile", .entry = "csr_spmm_tile", .valid = tile_valid,
    PARAMS(TILE_PARAMS,
           TUNE("SPLITK", 0, 0, 16, SB_RULE_POW2 | SB_RULE_AUTO,
                "work-groups sharing a tile's K (0: enough for two per compute unit; 1 at fp16)",
                0, 1, 4),
           DERIVED("B_VEC4", "1 when N is a multiple of 4 (16-byte rows of B and C)"),
           DERIVED("SB_NV_MMA", "1 on NVIDIA compute capability 8.0 and up (PTX tensor cores)")),
};

static const sb_kernel_spec csr_auto = {
    .name = "csr_auto", .format = SB_FORMAT_CSR, .patterns = ANY_PATTERN,
    .precisions = FP32_FP16, /* at fp16 the model skips csr_tile (fp32 only) */
    .summary = "CSR SpMM: the kernel and parameters a model of the matrix's row statistics, N "
               "and the device picks (include/sb_csr_auto.h); the variant names the rule",
    .entry = "csr_auto",
};

static const sb_kernel_spec csr_spmv = {
    .wg = {"ROWS_PER_WG", "LANES"},
    .name = "csr_spmv", .format = SB_FORMAT_CSR, .patterns = ANY_PATTERN, .only_n1 = 1,
    .precisions = FP32_FP16,
    .summary = "CSR SpMV (N = 1): a group of lanes per row, reduced in local memory",
    .program = "csr_spmv", .entry = "csr_spmv_vector",
    PARAMS(TUNE("LANES", 0, 0, 64, SB_RULE_POW2 | SB_RULE_AUTO,
                "work-items per row (0: the power of two nearest the mean row length)",
                1, 2, 4, 8, 16, 32),
           TUNE("ROWS_PER_WG", 16, 1, 1024, 0, "rows per work-group", 4, 8, 16, 32),
           HOST_FIXED("MAX_LANES", 32, 1, 64, SB_RULE_POW2, "cap for the automatic LANES"),
           HOST_FIXED("WG_MAX", 256, 1, 4096, 0, "cap for LANES x ROWS_PER_WG")),
};

static const sb_kernel_spec bsr = {
    .wg = {"COLS_PER_WG", "KSPLIT"},
    .name = "bsr", .format = SB_FORMAT_BSR, .patterns = ANY_PATTERN, .task = "bsr_task",
    .precisions = FP32_FP16,
    .summary = "BSR SpMM, block fixed at build time, blocks staged in local memory",
    .program = "bsr_spmm", .entry = "bsr_spmm",
    PARAMS(DERIVED("BR", "block rows"), DERIVED("BC", "block columns"),
           TUNE("VEC", 4, 1, 16, SB_RULE_POW2, "floats per load of B", 2, 4, 8),
           DERIVED("RPT", "block rows per work-item: the largest divisor of BR up to MAX_RPT"),
           TUNE("COLS_PER_WG", 16, 1, 1024, 0, "column vectors per work-group", 8, 16, 32),
           HOST("MAX_RPT", 8, 1, 64, 0, "cap for RPT", 2, 4, 8, 16),
           TUNE("KSPLIT", 1, 1, 64, 0, "slices a block row's blocks are split over",
                1, 2, 4, 8, 16, 32)),
};

static const sb_kernel_spec nm = {
    .wg = {"WG_SIZE"},
    .name = "nm", .format = SB_FORMAT_NM, .patterns = NM_ONLY, .task = "nm_task",
    .precisions = FP32_FP16,
    .summary = "N:M (2:4) SpMM, packed positions instead of indices: a row-split gather for small "
               "N, nm_tile's dense-tile GEMM from TILE_MIN_N columns on",
    .program = "nm_spmm", .entry = "nm_spmm",
    PARAMS(DERIVED("NM_N", "kept values per group"), DERIVED("NM_M", "group length"),
           DERIVED("NM_WHOLE_K", "1: K is whole groups, no position past it (0: clamped)"),
           TUNE("VEC", 4, 1, 16, SB_RULE_POW2, "floats per load of B", 1, 2, 4, 8),
           TUNE("KSPLIT", 0, 0, 256, SB_RULE_POW2 | SB_RULE_AUTO,
                "work-items sharing a row (0: ~3072 work-items per compute unit in all)", 0, 1, 8,
                32),
           TUNE("COLS", 32, 1, 256, 0, "column vectors per work-group (lowered to cover N)", 8,
                32),
           TUNE("UNROLL", 4, 1, 8, 0, "kept values a work-item loads before using the first", 1,
                2, 4),
           TUNE("CHUNK", 1, 1, 8, SB_RULE_POW2,
                "consecutive kept values a work-item loads as one vector (lowered to divide the "
                "row's kept values)", 1, 4),
           TUNE("ACCS", 1, 1, 16, SB_RULE_POW2,
                "independent accumulators a work-item sums its kept values into (1: one chain)",
                1, 2, 4),
           TUNE("VPT", 1, 1, 8, 0,
                "consecutive column vectors a work-item computes, each kept value's position "
                "worked out once for all of them (lowered to the column vectors of N)", 1, 2, 4),
           TUNE("LANE", 0, 0, 2, 0,
                "1: a work-item's meta word, shift and column worked out once, a step adding "
                "constants (lowered to 0 unless VPT is 1 and KSPLIT a multiple of the kept values "
                "or chunks a meta word holds); 2: the same per unrolled slot, for chunks where "
                "UNROLL x KSPLIT chunks are whole meta words (else 0)", 0, 1, 2),
           TUNE("SHIFT", 0, 0, 1, 0,
                "1: a partial vector of a row's last work-item computes the row's last VEC "
                "columns (full loads and stores, overlapping), 0: the partial path",
                0, 1),
           TUNE("PADB", 0, 0, 1, 0,
                "1: B first copied (a second launch) into rows of whole VEC x VPT vectors, so no "
                "load of B splits a cache line (lowered to 0 unless SHIFT is 1, VPT > 1, fp32)",
                0, 1),
           TUNE("RX", 1, 1, 64, 0,
                "rows a work-group, one a work-item along dimension 0, where N fits one vector "
                "(KSPLIT and COLS then 1; 1: a work-group a row)", 1, 8),
           HOST("TILE_MIN_N", 64, 1, 1 << 30, 0,
                "N from which nm_tile runs the case, where its work-groups fill half the compute "
                "units (1: always)", 1, 64,
                1 << 30),
           HOST("WG_SIZE", 256, 1, 1024, 0, "cap for COLS x KSPLIT work-items per work-group", 64,
                128, 256),
           HOST("AUTO", 1, 0, 1, 0,
                "1: the model of sb_nm_auto.h picks the path and parameters (the others apply "
                "with 0)", 0, 1)),
};

static const sb_kernel_spec nm_tile = {
    .wg = {"BN", "BM"},
    .name = "nm_tile", .format = SB_FORMAT_NM, .patterns = NM_ONLY,
    .precisions = FP32_FP16, /* fp16: SPLITK 1 (its workspace is floats) */
    .summary = "N:M SpMM as a dense-tile GEMM (csr_tile's core): every position of a group "
               "written, no cursor, two buffers",
    .program = "nm_tile", .entry = "nm_spmm_tile", .valid = tile_valid,
    PARAMS(TILE_PARAMS,
           TUNE("SPLITK", 0, 0, 16, SB_RULE_POW2 | SB_RULE_AUTO,
                "work-groups sharing a tile's K (0: enough for two per compute unit; 1 at fp16)",
                0, 1, 4),
           DERIVED("NM_N", "kept values per group"), DERIVED("NM_M", "group length"),
           DERIVED("B_VEC4", "1 when N is a multiple of 4 (16-byte rows of B and C)"),
           DERIVED("SB_NV_MMA", "1 on NVIDIA compute capability 8.0 and up (PTX tensor cores)")),
};

static const sb_kernel_spec dense = {
    .wg = {"TILE"},
    .name = "dense", .format = SB_FORMAT_DENSE, .patterns = ANY_PATTERN, .baseline = 2,
    .precisions = FP32_FP16,
    .summary = "the suite's own tiled dense GEMM, GEMV at N = 1 (baseline where CLBlast cannot run)",
    .program = "dense_gemm", .entry = "dense_gemm_tiled", .valid = dense_valid,
    PARAMS(TUNE("TILE", 16, 1, 64, 0, "C tile side (work-group TILE x TILE/WPT)", 8, 16, 32),
           TUNE("WPT", 4, 1, 64, 0, "rows of C per work-item (divides TILE)", 1, 2, 4, 8)),
};

static const sb_kernel_spec clblast = {
    .name = "clblast", .format = SB_FORMAT_DENSE, .patterns = ANY_PATTERN, .baseline = 1,
    .precisions = FP32_FP16, .fp16_sums = 1,
    .needs = SB_NEEDS_CLBLAST | SB_NEEDS_KHR_FP16,
    .summary = "CLBlast SGEMM (SGEMV at N = 1; HGEMM, HGEMV at fp16) on the pruned matrix stored "
               "dense (the reference baseline)",
    .entry = "CLBlastSgemm", .note = "row-major NN (CLBlast tuning database)",
};

static const sb_kernel_spec tc_dense = {
    .wg = {"BM", "BN"}, /* warps: (BM / WM) x (BN / WN) of 32 items; halved down to one warp */
    .name = "tc_dense", .format = SB_FORMAT_DENSE, .patterns = ANY_PATTERN, .baseline = 1,
    .needs = SB_NEEDS_TENSOR_CORES, .precisions = FP16_TF32, .engine = "tensor-cores",
    .summary = "dense GEMM on NVIDIA tensor cores (mma.sync, fp16 or tf32): the fp16/tf32 baseline",
    .program = "tc_gemm", .entry = "tc_gemm", .valid = tc_dense_valid,
    PARAMS(TUNE("BM", 128, 16, 256, SB_RULE_POW2, "rows of C per work-group", 64, 128, 256),
           TUNE("BN", 128, 16, 256, SB_RULE_POW2, "columns of C per work-group", 64, 128, 256),
           TUNE("WM", 64, 16, 128, SB_RULE_POW2, "rows of C per warp", 32, 64),
           TUNE("WN", 64, 16, 128, SB_RULE_POW2, "columns of C per warp", 32, 64),
           TUNE("STAGES", 3, 2, 6, 0, "depth of the cp.async ring in local memory", 2, 3, 4),
           TUNE("BK", 32, 16, 32, SB_RULE_POW2, "fp16: K per stage (tf32: 16 always)", 16, 32),
           DERIVED("TC_TF32", "1: tf32 inputs (m16n8k8), 0: fp16 (m16n8k16)"), TC_EMULATE),
};

static const sb_kernel_spec tc_bsr = {
    .wg = {"BN"}, /* warps: BN / WN of 32 items; halved down to one warp */
    .name = "tc_bsr", .format = SB_FORMAT_BSR, .patterns = ANY_PATTERN,
    .needs = SB_NEEDS_TENSOR_CORES, .precisions = FP16_ONLY, .engine = "tensor-cores",
    .summary = "BSR SpMM on NVIDIA tensor cores (mma.sync, fp16), square blocks of 16, 32 or 64",
    .program = "tc_bsr", .entry = "tc_bsr", .valid = tc_bsr_valid,
    PARAMS(DERIVED("BS", "the block side"),
           TUNE("BN", 128, 16, 256, SB_RULE_POW2, "columns of C per work-group", 64, 128, 256),
           TUNE("WN", 32, 16, 128, SB_RULE_POW2, "columns of C per warp", 32, 64),
           TUNE("STAGES", 3, 2, 6, 0, "depth of the cp.async ring in local memory", 2, 3, 4),
           TC_EMULATE),
};

static const sb_kernel_spec tc_nm = {
    .wg = {"BM", "BN"}, /* warps: (BM / WM) x (BN / WN) of 32 items; halved down to one warp */
    .name = "tc_nm", .format = SB_FORMAT_NM, .patterns = NM_ONLY,
    .needs = SB_NEEDS_TENSOR_CORES, .precisions = FP16_ONLY, .engine = "tensor-cores",
    .summary = "2:4 SpMM on NVIDIA sparse tensor cores (mma.sp, fp16), metadata packed on the host",
    .program = "tc_nm", .entry = "tc_nm", .valid = tc_nm_valid,
    PARAMS(TUNE("BM", 128, 16, 256, SB_RULE_POW2, "rows of C per work-group", 64, 128, 256),
           TUNE("BN", 128, 16, 256, SB_RULE_POW2, "columns of C per work-group", 64, 128, 256),
           TUNE("WM", 64, 16, 128, SB_RULE_POW2, "rows of C per warp", 32, 64),
           TUNE("WN", 64, 16, 128, SB_RULE_POW2, "columns of C per warp", 32, 64),
           TUNE("STAGES", 3, 2, 6, 0, "depth of the cp.async ring in local memory", 2, 3, 4),
           TUNE("KSTEPS", 1, 1, 4, 0, "k-steps of 32 columns per stage", 1, 2),
           TC_EMULATE),
};

static const sb_kernel_spec csr_task = {
    .name = "csr_task", .format = SB_FORMAT_CSR, .patterns = ANY_PATTERN, .is_task = 1,
    .precisions = FP32_FP16,
    .summary = "CSR SpMV/SpMM as one work-item (FPGA task), rows padded to a multiple of UNROLL",
    .program = "csr_task", .entry = "csr_task", .note = "(one work-item)",
    PARAMS(TUNE("UNROLL", 4, 1, 64, 0, "non-zeros per step (rows padded to a multiple)", 1, 2, 4, 8),
           TUNE("COLS", 8, 1, 64, 0, "columns of C per pass (lowered to cover N)", 1, 4, 8, 16)),
};

static const sb_kernel_spec bsr_task = {
    .name = "bsr_task", .format = SB_FORMAT_BSR, .patterns = ANY_PATTERN, .is_task = 1,
    .precisions = FP32_FP16,
    .summary = "BSR SpMM as one work-item (FPGA task), block fixed at build time",
    .program = "bsr_task", .entry = "bsr_task", .note = "(one work-item)",
    PARAMS(DERIVED("BR", "block rows"), DERIVED("BC", "block columns"),
           TUNE("COLS", 8, 1, 64, 0, "columns of C per pass (lowered to cover N)", 4, 8, 16)),
};

static const sb_kernel_spec nm_task = {
    .name = "nm_task", .format = SB_FORMAT_NM, .patterns = NM_ONLY, .is_task = 1,
    .precisions = FP32_FP16,
    .summary = "N:M (2:4) SpMM as one work-item (FPGA task), fixed trip count per meta word",
    .program = "nm_task", .entry = "nm_task", .note = "(one work-item)",
    PARAMS(DERIVED("NM_N", "kept values per group"), DERIVED("NM_M", "group length"),
           TUNE("COLS", 8, 1, 64, 0, "columns of C per pass (lowered to cover N)", 4, 8, 16)),
};

static const sb_kernel_spec *const catalogue[] = {
    &csr, &csr_balanced, &csr_tile, &csr_auto, &csr_spmv, &bsr, &nm, &nm_tile, &dense, &clblast,
    &tc_dense, &tc_bsr, &tc_nm,
    &csr_task, &bsr_task, &nm_task, NULL,
};

const sb_kernel_spec *const *sb_spec_kernels(void)
{
    return catalogue;
}

const sb_kernel_spec *sb_spec_kernel(const char *name)
{
    for (int i = 0; name && catalogue[i]; i++)
        if (strcmp(catalogue[i]->name, name) == 0)
            return catalogue[i];
    return NULL;
}

const sb_kernel_spec *sb_spec_family(const char *family)
{
    for (int i = 0; family && catalogue[i]; i++)
        if (catalogue[i]->program && strcmp(catalogue[i]->program, family) == 0)
            return catalogue[i];
    return NULL;
}

const sb_kernel_spec *sb_spec_task_variant(const sb_kernel_spec *k, int task_kernels)
{
    if (k && task_kernels && k->task)
        return sb_spec_kernel(k->task);
    return k;
}

int sb_spec_param_index(const sb_kernel_spec *k, const char *name)
{
    for (int i = 0; k && i < k->n_params; i++)
        if (strcmp(k->params[i].name, name) == 0)
            return i;
    return -1;
}

const char *sb_format_name(sb_format f)
{
    switch (f) {
    case SB_FORMAT_CSR: return "csr";
    case SB_FORMAT_BSR: return "bsr";
    case SB_FORMAT_NM: return "nm";
    case SB_FORMAT_DENSE: return "dense";
    }
    return "unknown";
}

const char *sb_kernel_format(const char *name)
{
    const sb_kernel_spec *k = sb_spec_kernel(name);
    return k ? sb_format_name(k->format) : NULL;
}

int sb_kernel_format_is_blocked(const char *name)
{
    const sb_kernel_spec *k = sb_spec_kernel(name);
    return k && (k->format == SB_FORMAT_BSR || k->format == SB_FORMAT_NM);
}

int sb_kernel_accepts_pattern(const char *name, const sb_pattern *p, char *why, size_t why_len)
{
    const sb_kernel_spec *k = sb_spec_kernel(name);
    if (!k) {
        int off = snprintf(why, why_len, "unknown kernel '%s' (known:", name);
        for (int i = 0; catalogue[i] && off > 0 && (size_t)off < why_len; i++)
            off += snprintf(why + off, why_len - (size_t)off, " %s", catalogue[i]->name);
        if (off > 0 && (size_t)off < why_len)
            snprintf(why + off, why_len - (size_t)off, ")");
        return 0;
    }
    if (!(k->patterns & (1u << p->kind))) {
        char held[64] = "";
        for (int kind = SB_PATTERN_UNSTRUCTURED; kind <= SB_PATTERN_NM; kind++)
            if (k->patterns & (1u << kind)) {
                size_t len = strlen(held);
                snprintf(held + len, sizeof held - len, "%s'%s'", len ? " or " : "",
                         sb_pattern_name((sb_pattern_kind)kind));
            }
        snprintf(why, why_len,
                 "kernel '%s' stores the %s format, which holds only a matrix pruned with "
                 "pattern %s (this matrix is '%s'); use csr or bsr for it",
                 name, k->format == SB_FORMAT_NM ? "N:M" : sb_format_name(k->format), held,
                 sb_pattern_name(p->kind));
        return 0;
    }
    return 1;
}

int sb_spec_accepts_n(const sb_kernel_spec *k, int N, char *why, size_t why_len)
{
    if (!k->only_n1 || N == 1)
        return 1;
    /* the kernels of the same format that do take this N */
    char others[128] = "";
    int n = 0;
    for (int i = 0; catalogue[i]; i++) {
        const sb_kernel_spec *o = catalogue[i];
        if (o->format != k->format || o->only_n1 || o->is_task)
            continue;
        size_t len = strlen(others);
        snprintf(others + len, sizeof others - len, "%s%s", n ? " or " : "", o->name);
        n++;
    }
    snprintf(why, why_len, "%s computes a matrix-vector product: it runs only N = 1 (use %s for "
             "N = %d)", k->name, others, N);
    return 0;
}
