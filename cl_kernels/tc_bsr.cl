// Block-sparse (BSR) times dense on NVIDIA tensor cores (tc_mma.h): C = A * B, fp16 in, fp32
// accumulation and output. A's non-zero blocks are BS x BS (16, 32 or 64), each stored row-major
// as halves (ushort), blocks[b * BS * BS ...], in block-row order (row_ptr, col_idx as in
// include/sb_matrix.h, sb_bsr); B is K x N halves with rows of ldb (a multiple of 8, zero-padded).
//
// One work-group computes one block row (BS rows of C) times BN columns with NWARPS warps side by
// side, each BS x WN. The blocks of the block row are its K loop: per block, the block of A and
// the BS rows of B under its block column go through a STAGES-deep cp.async ring in local memory,
// and each warp runs BS/16 k-steps of ldmatrix + mma.sync on them. A block row without blocks
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
#ifndef STAGES
#define STAGES 3
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
            __global tc_out_t *restrict C)
{
    __local uint4 As[STAGES * BS * UA];
    __local uint4 Bs[STAGES * BS * UB];
    SB_WARP_SCRATCH(NWARPS)
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

#pragma unroll
    for (int s = 0; s < STAGES - 1; s++) {
        if (s < nblk)
            tc_bsr_load(As + s * BS * UA, Bs + s * BS * UB, blocks, col_idx, B, K, ldb, col0,
                        first + s, tid);
        sb_cp_commit();
    }
    for (int kt = 0; kt < nblk; kt++) {
        SB_CP_WAIT(CP_PENDING);
        barrier(CLK_LOCAL_MEM_FENCE);
        const int pf = kt + STAGES - 1;
        if (pf < nblk)
            tc_bsr_load(As + (pf % STAGES) * BS * UA, Bs + (pf % STAGES) * BS * UB, blocks,
                        col_idx, B, K, ldb, col0, first + pf, tid);
        sb_cp_commit();
        __local const uint *as = (__local const uint *)(As + (kt % STAGES) * BS * UA);
        __local const uint *bs = (__local const uint *)(Bs + (kt % STAGES) * BS * UB);
#pragma unroll
        for (int kk = 0; kk < BS / 16; kk++) {
            uint af[MT][4], bf[NT][2];
#pragma unroll
            for (int i = 0; i < MT; i++) {
                const int r = i * 16 + (lane & 15), c = kk * 2 + (lane >> 4);
                sb_ldsm_x4(as, (r * UA + sb_swz(r, c, UA)) * 4, af[i] SB_EMU_ARGS);
            }
#pragma unroll
            for (int j = 0; j < NT; j += 2) {
                const int r = kk * 16 + (lane & 15), c = (wn0 + j * 8) / 8 + (lane >> 4);
                uint q[4];
                sb_ldsm_x4_t(bs, (r * UB + sb_swz(r, c, UB)) * 4, q SB_EMU_ARGS);
                bf[j][0] = q[0];
                bf[j][1] = q[1];
                bf[j + 1][0] = q[2];
                bf[j + 1][1] = q[3];
            }
#pragma unroll
            for (int i = 0; i < MT; i++)
#pragma unroll
                for (int j = 0; j < NT; j++)
                    sb_mma_f16(acc[i][j], af[i], bf[j] SB_EMU_ARGS);
        }
    }
    TC_STORE_ACC(acc, C, M, N, brow * BS, col0 + wn0, lane);
}
