// Block-sparse (BSR) times dense on NVIDIA tensor cores (tc_mma.h): C = A * B, fp16 in, fp32
// accumulation and output. A's non-zero blocks are BS x BS (16, 32 or 64), each stored row-major
// as halves (ushort), blocks[b * BS * BS ...], in block-row order (row_ptr, col_idx as in
// include/sb_matrix.h, sb_bsr); B is K x N halves with rows of ldb (a multiple of 8, zero-padded).
//
// One work-group computes one block row (BS rows of C) times BN columns with NWARPS warps side by
// side, each BS x WN. The blocks of the block row are its K loop (TC_MAINLOOP, tc_tile.h): per
// block, the block of A and the BS rows of B under its block column go through a STAGES-deep
// cp.async ring in local memory, and each warp runs BS/16 k-steps of ldmatrix + mma.sync on them. A block row without blocks
// writes zeros. Tunables (-D): BS (fixed by the matrix), BN, WN, STAGES.
#ifndef BS
#define BS 32
#endif
#define BM BS
#define WM BS
#ifndef BN
#define BN 128
#endif
#ifndef WN
#define WN 32
#endif
#include "tc_tile.h"

#define UA (BS / 8) // chunks per row of a block
#define UB (BN / 8) // chunks per row of the B tile

inline void tc_bsr_load(__local uint4 *as, __local uint4 *bs, __global const ushort *blocks,
                        __global const int *col_idx, __global const ushort *B, int K, int ldb,
                        int col0, int blk, int tid)
{
    __global const ushort *ab = blocks + (size_t)blk * BS * BS;
#pragma unroll
    for (int it = 0; it < (BS * UA + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UA, c = i % UA;
        if ((BS * UA) % NTHREADS == 0 || i < BS * UA)
            sb_cp16(as + r * UA + sb_swz(r, c, UA), ab + r * BS + c * 8, 1);
    }
    const int k0 = col_idx[blk] * BS;
#pragma unroll
    for (int it = 0; it < (BS * UB + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UB, c = i % UB;
        const int gk = k0 + r, gn = col0 + c * 8;
        const int ok = gk < K && gn < ldb;
        if ((BS * UB) % NTHREADS == 0 || i < BS * UB)
            sb_cp16(bs + r * UB + sb_swz(r, c, UB), B + (ok ? (size_t)gk * ldb + gn : 0), ok);
    }
}

__kernel __attribute__((reqd_work_group_size(NTHREADS, 1, 1)))
void tc_bsr(const int M, const int N, const int K, const int ldb,
            __global const int *restrict row_ptr, __global const int *restrict col_idx,
            __global const ushort *restrict blocks, __global const ushort *restrict B,
            __global float *restrict C,
            __local uint4 *restrict ring) // STAGES x (BS*UA + BS*UB) 16-byte chunks
{
    SB_WARP_SCRATCH(NWARPS)
    __local uint4 *const As = ring;
    __local uint4 *const Bs = ring + STAGES * BS * UA;
    const int tid = get_local_id(0), warp = tid / 32, lane = tid % 32;
    const int brow = get_group_id(1), col0 = get_group_id(0) * BN;
    const int wn0 = warp * WN;
    const int first = row_ptr[brow], nblk = row_ptr[brow + 1] - first;

    float acc[MT][NT][4];
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int v = 0; v < 4; v++)
                acc[i][j][v] = 0.0f;
    uint af[2][MT][4], bf[2][NT][2];

#define TC_LOAD_STAGE(stage, kt)                                                             \
    tc_bsr_load(As + (stage) * BS * UA, Bs + (stage) * BS * UB, blocks, col_idx, B, K, ldb,   \
                col0, first + (kt), tid)
#define TC_LOAD_FRAGS(buf, stage, kk)                                                        \
    do {                                                                                     \
        __local const uint *as_ = (__local const uint *)(As + (stage) * BS * UA);            \
        __local const uint *bs_ = (__local const uint *)(Bs + (stage) * BS * UB);            \
        _Pragma("unroll") for (int i = 0; i < MT; i++) {                                     \
            const int r = i * 16 + (lane & 15), c = (kk) * 2 + (lane >> 4);                  \
            sb_ldsm_x4(as_, (r * UA + sb_swz(r, c, UA)) * 4, af[buf][i] SB_EMU_ARGS);        \
        }                                                                                    \
        _Pragma("unroll") for (int j = 0; j < NT; j += 2) {                                  \
            const int r = (kk) * 16 + (lane & 15), c = (wn0 + j * 8) / 8 + (lane >> 4);      \
            uint q[4];                                                                       \
            sb_ldsm_x4_t(bs_, (r * UB + sb_swz(r, c, UB)) * 4, q SB_EMU_ARGS);               \
            bf[buf][j][0] = q[0];                                                            \
            bf[buf][j][1] = q[1];                                                            \
            bf[buf][j + 1][0] = q[2];                                                        \
            bf[buf][j + 1][1] = q[3];                                                        \
        }                                                                                    \
    } while (0)
#define TC_MMA(buf, stage, kk)                                                                        \
    _Pragma("unroll") for (int i = 0; i < MT; i++)                                           \
    _Pragma("unroll") for (int j = 0; j < NT; j++)                                           \
        sb_mma_f16(acc[i][j], af[buf][i], bf[buf][j] SB_EMU_ARGS)
#define TC_FRAGS_1_TO_0()                                                                    \
    do {                                                                                     \
        _Pragma("unroll") for (int i = 0; i < MT; i++)                                       \
        _Pragma("unroll") for (int v = 0; v < 4; v++) af[0][i][v] = af[1][i][v];             \
        _Pragma("unroll") for (int j = 0; j < NT; j++)                                       \
        _Pragma("unroll") for (int v = 0; v < 2; v++) bf[0][j][v] = bf[1][j][v];             \
    } while (0)

    TC_MAINLOOP(nblk, BS / 16);
    TC_STORE_ACC(acc, C, M, N, brow * BS, col0 + wn0, lane);
}
