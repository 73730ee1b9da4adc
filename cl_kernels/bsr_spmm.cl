// BSR SpMM: C = A * B with A in block sparse row format (BR x BC blocks, each stored row-major,
// the grid padded with explicit zeros), B dense K x N and C dense M x N, row-major.
//
// bsr_spmm: one work-group per (block row, tile of COLS_PER_WG*VEC columns). The group stages up
// to STAGE blocks of its block row in local memory at a time; each work-item then computes RPT
// rows x VEC columns, so every VEC-wide load of B feeds RPT rows (the reuse CSR cannot have).
// KSPLIT > 1 splits a block row's blocks over KSPLIT slices of the work-group, reduced through
// local memory at the end: for a narrow B (N = 1 .. a few hundred) the grid would otherwise hold
// too few work-items to fill a GPU.
// Tunables (-D): BR, BC (the block, fixed at build time), VEC, RPT (divides BR), COLS_PER_WG,
// KSPLIT; SB_HALF (common.h) for fp16 storage (blocks are widened to floats in local memory).
#ifndef BR
#define BR 4
#endif
#ifndef BC
#define BC 4
#endif
#ifndef VEC
#define VEC 4
#endif
#ifndef RPT
#define RPT BR
#endif
#ifndef COLS_PER_WG
#define COLS_PER_WG 16
#endif
#ifndef KSPLIT
#define KSPLIT 1
#endif
// blocks staged at a time: 4 KiB of them, and at least one per slice up to 8 (32 KiB of 32x32)
#define STAGE_BASE ((BR * BC) >= 1024 ? 1 : 1024 / (BR * BC))
#define STAGE (STAGE_BASE >= KSPLIT ? STAGE_BASE : (KSPLIT < 8 ? KSPLIT : (STAGE_BASE > 8 ? STAGE_BASE : 8)))
#define THREADS (COLS_PER_WG * (BR / RPT) * KSPLIT)
#include "common.h"

__kernel __attribute__((reqd_work_group_size(COLS_PER_WG, BR / RPT, KSPLIT)))
void bsr_spmm(const int M, const int N, const int K,
              __global const int *restrict block_row_ptr,
              __global const int *restrict block_col,
              __global const store_t *restrict blocks,
              __global const store_t *restrict B,
              __global store_t *restrict C)
{
    __local float blk[STAGE * BR * BC];
    __local int bcol[STAGE];
    const int cx = get_local_id(0);
    const int ry = get_local_id(1);
    const int ks = get_local_id(2);
    const int tid = (ks * (BR / RPT) + ry) * COLS_PER_WG + cx;
    const int brow = get_group_id(1);
    const int c0 = (get_group_id(0) * COLS_PER_WG + cx) * VEC;
    const int avail = N - c0;
    const int start = block_row_ptr[brow], end = block_row_ptr[brow + 1];

    floatV acc[RPT];
    for (int r = 0; r < RPT; r++)
        acc[r] = (floatV)(0.0f);

    for (int b0 = start; b0 < end; b0 += STAGE) {
        const int nb = min(STAGE, end - b0);
        __global const store_t *src = blocks + (size_t)b0 * (BR * BC);
        for (int i = tid; i < nb * BR * BC; i += THREADS)
            blk[i] = LD(i, src);
        for (int i = tid; i < nb; i += THREADS)
            bcol[i] = block_col[b0 + i];
        barrier(CLK_LOCAL_MEM_FENCE);
        if (avail > 0) {
            for (int b = ks; b < nb; b += KSPLIT) {
                const int k0 = bcol[b] * BC;
                __local const float *v = blk + b * (BR * BC) + ry * RPT * BC;
#pragma unroll
                for (int c = 0; c < BC; c++) {
                    const int k = k0 + c;
                    floatV bv = (floatV)(0.0f);
                    if (k < K)
                        bv = avail >= VEC ? VLOAD(0, B + (size_t)k * N + c0)
                                          : vload_partial(B + (size_t)k * N + c0, avail);
#pragma unroll
                    for (int r = 0; r < RPT; r++)
                        acc[r] += v[r * BC + c] * bv;
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
#if KSPLIT > 1
    // slices 1.. hand their sums to slice 0, one row of the RPT at a time
    __local floatV partial[KSPLIT - 1][BR / RPT][COLS_PER_WG];
    for (int r = 0; r < RPT; r++) {
        if (ks > 0)
            partial[ks - 1][ry][cx] = acc[r];
        barrier(CLK_LOCAL_MEM_FENCE);
        if (ks == 0)
            for (int s = 0; s < KSPLIT - 1; s++)
                acc[r] += partial[s][ry][cx];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (ks > 0)
        return;
#endif
    if (avail <= 0)
        return;
    for (int r = 0; r < RPT; r++) {
        const int row = brow * BR + ry * RPT + r;
        if (row < M) {
            __global store_t *out = C + (size_t)row * N + c0;
            if (avail >= VEC)
                VSTORE(acc[r], 0, out);
            else
                vstore_partial(acc[r], out, avail);
        }
    }
}
