// The suite's own dense GEMM: C = A * B, all row-major (A M x K, B K x N, C M x N).
// A second dense baseline where CLBlast cannot run, and a cross-check of CLBlast's output.
//
// Classic local-memory tiling: a TILE x TILE work-group computes a TILE x TILE block of C,
// staging TILE x TILE tiles of A and B in local memory; each work-item computes WPT rows of its
// column (work per thread), so the group is TILE x (TILE / WPT) work-items.
// Tunables (-D): TILE (8, 16, 32), WPT (1, 2, 4, 8; divides TILE); SB_HALF (common.h) for fp16
// storage (the tiles are widened to floats in local memory): the same-precision baseline where
// neither CLBlast's HGEMM nor a tensor-core GEMM runs.
#ifndef TILE
#define TILE 16
#endif
#ifndef WPT
#define WPT 4
#endif
#define RTS (TILE / WPT)
#include "common.h"

__kernel __attribute__((reqd_work_group_size(TILE, RTS, 1)))
void dense_gemm_tiled(const int M, const int N, const int K,
                      __global const store_t *restrict A,
                      __global const store_t *restrict B,
                      __global store_t *restrict C)
{
    const int tx = get_local_id(0);          // column within the tile
    const int ty = get_local_id(1);          // first row (of WPT) within the tile
    const int col = get_group_id(0) * TILE + tx;
    const int row0 = get_group_id(1) * TILE + ty;
    __local float As[TILE][TILE];
    __local float Bs[TILE][TILE];
    float acc[WPT];
    for (int w = 0; w < WPT; w++)
        acc[w] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += TILE) {
        for (int w = 0; w < WPT; w++) {
            const int r = ty + w * RTS;
            const int a_row = get_group_id(1) * TILE + r;
            const int a_col = k0 + tx;
            As[r][tx] = (a_row < M && a_col < K) ? LD((size_t)a_row * K + a_col, A) : 0.0f;
            const int b_row = k0 + r;
            Bs[r][tx] = (b_row < K && col < N) ? LD((size_t)b_row * N + col, B) : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TILE; k++) {
            const float b = Bs[k][tx];
            for (int w = 0; w < WPT; w++)
                acc[w] += As[ty + w * RTS][k] * b;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (int w = 0; w < WPT; w++) {
        const int row = row0 + w * RTS;
        if (row < M && col < N)
            ST(acc[w], (size_t)row * N + col, C);
    }
}

// N = 1 is a matrix-vector product (y = A x): the suite's own dense GEMV, the dense baseline's
// routine at N = 1 where CLBlast cannot run. One work-group of GEMV_WG work-items per row of A,
// each summing a strided slice of the row (loads coalesce across the group), then a tree
// reduction in local memory. Halves (SB_HALF) are widened to floats, as in the GEMM. GEMV_WG (a
// power of two) is 64 unless the host builds it smaller where the device allows fewer items.
#ifndef GEMV_WG
#define GEMV_WG 64
#endif
__kernel __attribute__((reqd_work_group_size(GEMV_WG, 1, 1)))
void dense_gemv(const int M, const int K, __global const store_t *restrict A,
                __global const store_t *restrict x, __global store_t *restrict y)
{
    const int row = get_group_id(0);
    const int lid = get_local_id(0);
    __local float part[GEMV_WG];
    float s = 0.0f;
    if (row < M)
        for (int k = lid; k < K; k += GEMV_WG)
            s += LD((size_t)row * K + k, A) * LD(k, x);
    part[lid] = s;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int w = GEMV_WG / 2; w > 0; w /= 2) {
        if (lid < w)
            part[lid] += part[lid + w];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0 && row < M)
        ST(part[0], row, y);
}
