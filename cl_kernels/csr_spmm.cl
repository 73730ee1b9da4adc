// CSR SpMM: C = A * B with A sparse M x K in CSR, B dense K x N row-major, C dense M x N row-major.
//
// csr_spmm_rowblock (Sputnik's 1-D tiling, in OpenCL): a work-group computes ROWS_PER_WG rows x
// one tile of TILE_COLS * VPT * VEC columns of C. In a row, TILE_COLS work-items read the same
// (col_idx, val) pairs (a broadcast) and adjacent VEC-wide pieces of a row of B (coalesced); each
// work-item keeps VPT vectors of C in registers, so one index load feeds VPT vector loads of B.
// The work-groups are numbered on a 1-D range; ROWS_FAST = 1 numbers them row blocks first, so
// the groups running at the same time share a column tile of B (better L1/L2 reuse), 0 column
// tiles first. A launch covers the columns [col0, col0 + ncols) of C (B and C rows are N long):
// with REST_LAUNCH = 1 (a host tunable, default 0) the host runs a ragged rest of N as a second
// launch with its own, narrower tile. Columns past col0 + ncols take a guarded path, so any width
// works; an empty row writes zeros.
//
// ROW_ITERS > 1 makes each work-group walk that many row blocks of its column tile in turn: with
// few, wide work-groups a streaming multiprocessor keeps to one narrow tile of B, which then
// stays in its L1.
// KCHUNK > 0 walks K in chunks of KCHUNK columns with a barrier between chunks, so the rows of a
// work-group read rows of B from the same window of K at the same time (L1 reuse across rows).
// Tunables (-D): VEC (1/2/4/8/16), VPT (vectors per work-item), UNROLL (non-zeros per step),
// TILE_COLS, ROWS_PER_WG (the work-group is TILE_COLS x ROWS_PER_WG), ROWS_FAST, ROW_ITERS,
// KCHUNK;
// SB_HALF (common.h) for fp16 storage.
#ifndef VEC
#define VEC 4
#endif
#ifndef VPT
#define VPT 1
#endif
#ifndef UNROLL
#define UNROLL 2
#endif
#ifndef TILE_COLS
#define TILE_COLS 32
#endif
#ifndef ROWS_PER_WG
#define ROWS_PER_WG 4
#endif
#ifndef ROWS_FAST
#define ROWS_FAST 0
#endif
#ifndef ROW_ITERS
#define ROW_ITERS 1
#endif
#ifndef KCHUNK
#define KCHUNK 0
#endif
#include "common.h"

__kernel __attribute__((reqd_work_group_size(TILE_COLS * ROWS_PER_WG, 1, 1)))
void csr_spmm_rowblock(const int M, const int N, const int K, const int col0, const int ncols,
                       __global const int *restrict row_ptr,
                       __global const int *restrict col_idx,
                       __global const store_t *restrict val,
                       __global const store_t *restrict B,
                       __global store_t *restrict C)
{
    const int lid = get_local_id(0);
    const int tc = lid % TILE_COLS;
    const int tr = lid / TILE_COLS;
    const int g = get_group_id(0);
    const int rows_per_group = ROWS_PER_WG * ROW_ITERS;
    const int row_groups = (M + rows_per_group - 1) / rows_per_group;
    const int tile_width = TILE_COLS * VPT * VEC;
    const int col_tiles = (ncols + tile_width - 1) / tile_width;
#if ROWS_FAST
    const int rg = g % row_groups, ct = g / row_groups;
#else
    const int ct = g % col_tiles, rg = g / col_tiles;
#endif
    for (int it = 0; it < ROW_ITERS; it++) {
    const int row = (rg * ROW_ITERS + it) * ROWS_PER_WG + tr;
#if KCHUNK
    // the barriers need every work-item of the group: rows past M walk an empty row (the host
    // sets ROW_ITERS 1 with KCHUNK)
    const int live = row < M;
    const int start = live ? row_ptr[row] : 0;
    const int end = live ? row_ptr[row + 1] : 0;
#else
    if (row >= M)
        return;
    const int start = row_ptr[row];
    const int end = row_ptr[row + 1];
#endif
    const int c_first = col0 + ct * tile_width + tc * VEC; // vector v at c_first + v * TILE_COLS * VEC
    __global store_t *c_row = C + (size_t)row * N;

    if (ct * tile_width + tile_width <= ncols) { // the whole tile exists: no guards
        floatV acc[VPT];
#pragma unroll
        for (int v = 0; v < VPT; v++)
            acc[v] = (floatV)(0.0f);
        int j = start;
#if KCHUNK
        for (int k1 = KCHUNK;; k1 += KCHUNK) { // the same trip count in every work-item
            for (; j + UNROLL <= end && col_idx[j + UNROLL - 1] < k1; j += UNROLL) {
#else
        {
            for (; j + UNROLL <= end; j += UNROLL) {
#endif
#pragma unroll
                for (int u = 0; u < UNROLL; u++) {
                    const float a = LD(j + u, val);
                    __global const store_t *b = B + (size_t)col_idx[j + u] * N + c_first;
#pragma unroll
                    for (int v = 0; v < VPT; v++)
                        acc[v] += a * VLOAD(0, b + v * TILE_COLS * VEC);
                }
            }
#if KCHUNK
            for (; j < end && col_idx[j] < k1; j++) {
#else
            for (; j < end; j++) {
#endif
                const float a = LD(j, val);
                __global const store_t *b = B + (size_t)col_idx[j] * N + c_first;
#pragma unroll
                for (int v = 0; v < VPT; v++)
                    acc[v] += a * VLOAD(0, b + v * TILE_COLS * VEC);
            }
#if KCHUNK
            if (k1 >= K)
                break;
            barrier(CLK_LOCAL_MEM_FENCE);
#endif
        }
        if (row < M) {
#pragma unroll
            for (int v = 0; v < VPT; v++)
                VSTORE(acc[v], 0, c_row + c_first + v * TILE_COLS * VEC);
        }
    } else { // the ragged last tile
#if KCHUNK
        if (!live)
            continue;
#endif
        for (int v = 0; v < VPT; v++) {
            const int c0 = c_first + v * TILE_COLS * VEC;
            const int avail = col0 + ncols - c0;
            if (avail <= 0)
                break;
            floatV acc = (floatV)(0.0f);
            for (int j = start; j < end; j++) {
                __global const store_t *b = B + (size_t)col_idx[j] * N + c0;
                acc += LD(j, val) * (avail >= VEC ? VLOAD(0, b) : vload_partial(b, avail));
            }
            if (avail >= VEC)
                VSTORE(acc, 0, c_row + c0);
            else
                vstore_partial(acc, c_row + c0, avail);
        }
    }
    } // row iterations
}
