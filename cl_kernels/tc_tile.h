// What the tensor-core kernels (tc_gemm.cl, tc_bsr.cl, tc_nm.cl) share: the warp tiling
// tunables, the cp.async ring depth and the epilogue that stores a warp's accumulators.
// A kernel file defines its tile (BM, BN, WM, WN, STAGES: fallbacks equal to the catalogue's
// defaults, src/spec/kernels.c) before including this.
#ifndef SB_TC_TILE_H
#define SB_TC_TILE_H
#include "tc_mma.h"

#if !defined(BM) || !defined(BN) || !defined(WM) || !defined(WN) || !defined(STAGES)
#error "a kernel file defines its tile (BM, BN, WM, WN, STAGES) before including tc_tile.h"
#endif
#define NWARPS ((BM / WM) * (BN / WN))

// Diagnostics only (results wrong, tc_bench --tol large): bits of TC_ABL take parts out of a main
// loop to see what limits it: 1 no global->local copies, 2 no ldmatrix (fragments read once),
// 4 no cp.async wait / barrier (1, 2, 4: tc_gemm), 8 copies issued as usual but reading nothing
// (zero-fill: TC_ZF is ANDed into the copies' predicates of tc_gemm and tc_nm).
#ifndef TC_ABL
#define TC_ABL 0
#endif
#if TC_ABL & 8
#define TC_ZF (K >= 0 && M < 0) // false, unknown to the compiler
#else
#define TC_ZF 1
#endif
#define NTHREADS (NWARPS * 32)
#define MT (WM / 16) // m16 tiles per warp
#define NT (WN / 8)  // n8 tiles per warp
#if STAGES == 2
#define CP_PENDING 0
#elif STAGES == 3
#define CP_PENDING 1
#elif STAGES == 4
#define CP_PENDING 2
#elif STAGES == 5
#define CP_PENDING 3
#elif STAGES == 6
#define CP_PENDING 4
#else
#error "STAGES must be 2 .. 6"
#endif

// C's element type: floats, or halves in fp16 cases (SB_HALF=1, generated from the case's
// precision like every kernel's: C is the next layer's activations, stored as the case stores B).
#ifndef SB_HALF
#define SB_HALF 0
#endif
#if SB_HALF
typedef half tc_out_t;
#define TC_ST1(x, p) vstore_half_rte(x, 0, p)
#if SB_MMA_EMULATE
#define TC_ST2(x, y, p) vstore_half2_rte((float2)(x, y), 0, p) // 16-bit alignment is enough
#else
// A pair as one 32-bit store of one cvt.rn.f16x2.f32 (it puts its first source in the upper
// half, so y, the higher column, goes first): on the H200 it made tc_dense 2-5%, tc_nm 6% and
// tc_bsr 10% (90%) to 32% (98%) faster than NVIDIA's vstore_half2_rte (job tc3-1, same results).
// The pair path runs only for an even N and an even column, so p is 4-byte aligned.
#define TC_ST2(x, y, p)                                                                         \
    do {                                                                                        \
        uint w_;                                                                                \
        SB_ASM_KEYWORD("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(w_) : "f"(y), "f"(x));            \
        *(__global uint *)(p) = w_;                                                             \
    } while (0)
#endif
#else
typedef float tc_out_t;
#define TC_ST2(x, y, p) (*(__global float2 *)(p) = (float2)(x, y))
#define TC_ST1(x, p) (*(p) = (x))
#endif

// Writes a warp's accumulators: acc[i][j] is the 16x8 tile at rows r0 + 16i, columns c0 + 8j.
#define TC_STORE_ACC(acc, C, M, N, r0, c0, lane)                                             \
    do {                                                                                     \
        const int g_ = (lane) >> 2, t_ = (lane) & 3;                                         \
        _Pragma("unroll") for (int i_ = 0; i_ < MT; i_++)                                    \
        _Pragma("unroll") for (int j_ = 0; j_ < NT; j_++)                                    \
        _Pragma("unroll") for (int h_ = 0; h_ < 2; h_++) {                                   \
            const int row_ = (r0) + i_ * 16 + g_ + 8 * h_, col_ = (c0) + j_ * 8 + 2 * t_;    \
            if (row_ < (M)) {                                                                \
                __global tc_out_t *p_ = (C) + (size_t)row_ * (N) + col_;                     \
                if (col_ + 1 < (N) && ((N) & 1) == 0)                                        \
                    TC_ST2(acc[i_][j_][2 * h_], acc[i_][j_][2 * h_ + 1], p_);                \
                else {                                                                       \
                    if (col_ < (N)) TC_ST1(acc[i_][j_][2 * h_], p_);                         \
                    if (col_ + 1 < (N)) TC_ST1(acc[i_][j_][2 * h_ + 1], p_ + 1);             \
                }                                                                            \
            }                                                                                \
        }                                                                                    \
    } while (0)

#endif
