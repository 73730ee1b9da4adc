// CSR SpMV/SpMM as one work-item (a "task": the shape FPGA compilers pipeline best, one loop nest
// with fixed inner trip counts): C = A * B, A sparse M x K in CSR, B dense K x N, C dense M x N,
// row-major. It runs on any device (launched as a single work-item), so its cost there is visible.
//
// The host pads every row to a multiple of UNROLL non-zeros with explicit zeros (column 0, value 0:
// they add 0 * B[0][c]), so the non-zero loop steps by UNROLL with no remainder. COLS columns of
// C are accumulated at once in registers, a fixed-size tile, so that loop unrolls fully as well;
// columns past N are predicated off.
//
// Tunables (-D): UNROLL (non-zeros per step), COLS (columns of C per pass; the host lowers it for
// a narrow B, down to 1 for SpMV); SB_HALF (common.h) for fp16 storage.
#ifndef UNROLL
#define UNROLL 4
#endif
#ifndef COLS
#define COLS 8
#endif
#include "common.h"

__kernel __attribute__((reqd_work_group_size(1, 1, 1)))
void csr_task(const int M, const int N,
              __global const int *restrict row_ptr,
              __global const int *restrict col_idx,
              __global const store_t *restrict val,
              __global const store_t *restrict B,
              __global store_t *restrict C)
{
    for (int row = 0; row < M; row++) {
        const int start = row_ptr[row];
        const int end = row_ptr[row + 1];
        for (int c0 = 0; c0 < N; c0 += COLS) {
            float acc[COLS];
#pragma unroll
            for (int t = 0; t < COLS; t++)
                acc[t] = 0.0f;
            for (int j = start; j < end; j += UNROLL) {
#pragma unroll
                for (int u = 0; u < UNROLL; u++) {
                    const float a = LD(j + u, val);
                    __global const store_t *b = B + (size_t)col_idx[j + u] * N + c0;
#pragma unroll
                    for (int t = 0; t < COLS; t++)
                        if (c0 + t < N)
                            acc[t] += a * LD(t, b);
                }
            }
            __global store_t *c = C + (size_t)row * N + c0;
#pragma unroll
            for (int t = 0; t < COLS; t++)
                if (c0 + t < N)
                    ST(acc[t], t, c);
        }
    }
}
