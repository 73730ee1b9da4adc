// CSR SpMM: C = A * B with A sparse M x K in CSR, B dense K x N row-major, C dense M x N row-major.
//
// csr_spmm_rowblock: a 2-D range; dimension 1 is the row, dimension 0 a group of VEC adjacent
// columns of C. The work-items of one row read the same (col_idx, val) pairs (a broadcast) and
// adjacent VEC-wide pieces of a row of B (coalesced), accumulating in registers. Columns past N
// take a scalar path, so any N >= 1 works; an empty row writes zeros.
//
// Tunables (-D): VEC (vector width of the B loads, 1/2/4/8), UNROLL (non-zeros per loop step).
#ifndef VEC
#define VEC 4
#endif
#ifndef UNROLL
#define UNROLL 2
#endif
#include "common.h"

__kernel void csr_spmm_rowblock(const int M, const int N,
                                __global const int *restrict row_ptr,
                                __global const int *restrict col_idx,
                                __global const float *restrict val,
                                __global const float *restrict B,
                                __global float *restrict C)
{
    const int row = get_global_id(1);
    const int c0 = get_global_id(0) * VEC;
    if (row >= M || c0 >= N)
        return;
    const int start = row_ptr[row];
    const int end = row_ptr[row + 1];
    __global float *c_row = C + (size_t)row * N;

    if (c0 + VEC <= N) {
        floatV acc = (floatV)(0.0f);
        int j = start;
        for (; j + UNROLL <= end; j += UNROLL) {
#pragma unroll
            for (int u = 0; u < UNROLL; u++)
                acc += val[j + u] * VLOAD(0, B + (size_t)col_idx[j + u] * N + c0);
        }
        for (; j < end; j++)
            acc += val[j] * VLOAD(0, B + (size_t)col_idx[j] * N + c0);
        VSTORE(acc, 0, c_row + c0);
    } else {
        for (int c = c0; c < N; c++) {
            float acc = 0.0f;
            for (int j = start; j < end; j++)
                acc += val[j] * B[(size_t)col_idx[j] * N + c];
            c_row[c] = acc;
        }
    }
}
