// CSR SpMV (N = 1, batch-1 inference): y = A * x.
//
// csr_spmv_vector: LANES work-items share a row (CSR-vector): each sums every LANES-th non-zero of
// the row, then the lanes reduce through local memory. Work-group = ROWS_PER_WG rows * LANES.
// Tunables (-D): LANES (power of two, 1..64: pick near the mean non-zeros per row),
// ROWS_PER_WG; SB_HALF (common.h) for fp16 storage.
#ifndef LANES
#define LANES 8
#endif
#ifndef ROWS_PER_WG
#define ROWS_PER_WG 16
#endif
#include "common.h"

__kernel __attribute__((reqd_work_group_size(LANES * ROWS_PER_WG, 1, 1)))
void csr_spmv_vector(const int M,
                     __global const int *restrict row_ptr,
                     __global const int *restrict col_idx,
                     __global const store_t *restrict val,
                     __global const store_t *restrict x,
                     __global store_t *restrict y)
{
    __local float partial[ROWS_PER_WG * LANES];
    const int lid = get_local_id(0);
    const int lane = lid % LANES;
    const int slot = lid / LANES;
    const int row = get_group_id(0) * ROWS_PER_WG + slot;

    float sum = 0.0f;
    if (row < M) {
        const int end = row_ptr[row + 1];
        for (int j = row_ptr[row] + lane; j < end; j += LANES)
            sum += LD(j, val) * LD(col_idx[j], x);
    }
    partial[lid] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = LANES / 2; stride > 0; stride /= 2) {
        if (lane < stride)
            partial[lid] += partial[lid + stride];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lane == 0 && row < M)
        ST(partial[lid], row, y);
}
