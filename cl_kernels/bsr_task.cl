// BSR SpMM as one work-item (a "task", for FPGA pipelines): C = A * B with A in block sparse row
// format (BR x BC blocks, each row-major, the grid padded with explicit zeros), B dense K x N and
// C dense M x N, row-major.
//
// The block is fixed at build time, so the loops over a block's rows and columns unroll fully:
// each row of B read (COLS wide) feeds BR rows of C, the reuse CSR cannot have. COLS columns of
// C per pass are accumulated in registers; columns past N and rows past M are predicated off.
//
// Tunables (-D): BR, BC (the block), COLS (columns of C per pass); SB_HALF (common.h) for fp16
// storage.
#ifndef BR
#define BR 4
#endif
#ifndef BC
#define BC 4
#endif
#ifndef COLS
#define COLS 8
#endif
#include "common.h"

__kernel __attribute__((reqd_work_group_size(1, 1, 1)))
void bsr_task(const int M, const int N, const int K,
              __global const int *restrict block_row_ptr,
              __global const int *restrict block_col,
              __global const store_t *restrict blocks,
              __global const store_t *restrict B,
              __global store_t *restrict C)
{
    const int block_rows = (M + BR - 1) / BR;
    for (int brow = 0; brow < block_rows; brow++) {
        const int start = block_row_ptr[brow];
        const int end = block_row_ptr[brow + 1];
        for (int c0 = 0; c0 < N; c0 += COLS) {
            float acc[BR][COLS];
#pragma unroll
            for (int r = 0; r < BR; r++)
#pragma unroll
                for (int t = 0; t < COLS; t++)
                    acc[r][t] = 0.0f;
            for (int b = start; b < end; b++) {
                const int k0 = block_col[b] * BC;
                __global const store_t *blk = blocks + (size_t)b * (BR * BC);
#pragma unroll
                for (int c = 0; c < BC; c++) {
                    const int k = k0 + c;
                    float bv[COLS];
#pragma unroll
                    for (int t = 0; t < COLS; t++)
                        bv[t] = (k < K && c0 + t < N) ? LD((size_t)k * N + c0 + t, B) : 0.0f;
#pragma unroll
                    for (int r = 0; r < BR; r++) {
                        const float a = LD(r * BC + c, blk);
#pragma unroll
                        for (int t = 0; t < COLS; t++)
                            acc[r][t] += a * bv[t];
                    }
                }
            }
#pragma unroll
            for (int r = 0; r < BR; r++) {
                const int row = brow * BR + r;
                if (row < M) {
                    __global store_t *out = C + (size_t)row * N + c0;
#pragma unroll
                    for (int t = 0; t < COLS; t++)
                        if (c0 + t < N)
                            ST(acc[r][t], t, out);
                }
            }
        }
    }
}
