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
// launch with its own, narrower tile. The ragged last tile (RAGGED below) covers any width; an
// empty row writes zeros. The host keeps VEC <= ncols (sb_fit_vec).
//
// ROW_ITERS > 1 makes each work-group walk that many row blocks of its column tile in turn: with
// few, wide work-groups a streaming multiprocessor keeps to one narrow tile of B, which then
// stays in its L1.
// KCHUNK > 0 walks K in chunks of KCHUNK columns with a barrier between chunks, so the rows of a
// work-group read rows of B from the same window of K at the same time (L1 reuse across rows);
// the ragged last tile walks its rows without it.
// RAGGED = 1 (default) runs the ragged last tile with the whole tile's unrolled loop: a vector
// that is partial or past the end loads the last VEC columns instead (its lanes are shifted into
// place at the store), so the loop has no guard and all loads stay in flight, and only the
// vectors holding a column for some work-item are walked (ragged5-1 on the H200: 1.26-1.68x the
// row blocks' speed at N = 320/1000/2000). 0: one pass over the row per vector, one load in
// flight (before ragged5).
// ROW_SHARE = R > 1: a work-item computes R consecutive rows whose non-zeros sit in the same
// columns (every aligned group of R rows of A has one pattern, as block-pruned weights have; the
// host checks it and runs R = 1 otherwise). It reads each column index and each vector of B once
// for the R rows and multiplies it by R values, one from each row (at the same place in each row,
// d[r] after the first row's): R x VPT vectors of C in registers, 1/R of the loads of B. The row
// blocks then count groups of R rows. Needs RAGGED 1.
// Tunables (-D): VEC (1/2/4/8/16), VPT (vectors per work-item), UNROLL (non-zeros per step),
// TILE_COLS, ROWS_PER_WG (the work-group is TILE_COLS x ROWS_PER_WG), ROWS_FAST, ROW_ITERS,
// KCHUNK, RAGGED, ROW_SHARE;
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
#ifndef RAGGED
#define RAGGED 1
#endif
#ifndef ROW_SHARE
#define ROW_SHARE 1
#endif
#include "common.h"

#if ROW_SHARE > 1
#if !RAGGED
#error "ROW_SHARE > 1 needs RAGGED 1"
#endif
#define ROW_UNITS ((M + ROW_SHARE - 1) / ROW_SHARE) // groups of ROW_SHARE rows
#define ROW0(u) ((u) * ROW_SHARE)                    // the first row of group u
#define N_ACC (VPT * ROW_SHARE)                      // vectors of C a work-item holds
#define SHARE_ARGS , const int *d                    // where each row's values start
#define SHARE_PASS , d
#else
#define ROW_UNITS M
#define ROW0(u) u
#define N_ACC VPT
#define SHARE_ARGS
#define SHARE_PASS
#endif

// Vector v of a work-item's VPT starts at c + v * VSTEP (c: its first column).
#define VSTEP (TILE_COLS * VEC)

// The non-zeros of a row from j on (with KCHUNK those in columns below k1) times the first nvec
// of a work-item's vectors of B's rows at column c, summed into acc; returns where it stopped.
// UNROLL non-zeros a step, each with its nvec loads in flight. ragged and nvec are constants at
// each call (the whole tile: 0 and VPT). In the ragged last tile (avail columns from c on) vector
// v loads from min(v * VSTEP, avail - VEC): the last VEC columns where it is partial or past the
// end (store_c shifts them back); the caller passes as nvec the vectors holding a column for some
// work-item of the group, so no load is spent on the others and none is guarded. With
// ROW_SHARE > 1, j walks the group's first row, row r's value sits at j + d[r], and
// acc[r * VPT + v] is row r's.
#if ROW_SHARE > 1
// One non-zero position j of the group's first row: nvec vectors of B loaded once, each times the
// ROW_SHARE rows' values there.
inline void share_step(const int j, const int N, const int c, const int *off, const int nvec,
                       __global const int *restrict col_idx, __global const store_t *restrict val,
                       __global const store_t *restrict B, floatV *acc, const int *d)
{
    __global const store_t *b = B + (size_t)col_idx[j] * N + c;
    floatV bv[VPT];
#pragma unroll
    for (int v = 0; v < nvec; v++)
        bv[v] = VLOAD(0, b + off[v]);
#pragma unroll
    for (int r = 0; r < ROW_SHARE; r++) {
        const float a = LD(j + d[r], val);
#pragma unroll
        for (int v = 0; v < nvec; v++)
            acc[r * VPT + v] += a * bv[v];
    }
}
#endif

inline int walk_part(int j, const int end, const int k1, const int N, const int c,
                     const int avail, const int nvec, const int ragged,
                     __global const int *restrict col_idx, __global const store_t *restrict val,
                     __global const store_t *restrict B, floatV *acc SHARE_ARGS)
{
    int off[VPT];
#pragma unroll
    for (int v = 0; v < VPT; v++)
        off[v] = ragged ? min(v * VSTEP, avail - VEC) : v * VSTEP;
#if KCHUNK
    for (; j + UNROLL <= end && col_idx[j + UNROLL - 1] < k1; j += UNROLL) {
#else
    for (; j + UNROLL <= end; j += UNROLL) {
#endif
#pragma unroll
        for (int u = 0; u < UNROLL; u++) {
#if ROW_SHARE > 1
            share_step(j + u, N, c, off, nvec, col_idx, val, B, acc, d);
#else
            const float a = LD(j + u, val);
            __global const store_t *b = B + (size_t)col_idx[j + u] * N + c;
#pragma unroll
            for (int v = 0; v < nvec; v++)
                acc[v] += a * VLOAD(0, b + off[v]);
#endif
        }
    }
#if KCHUNK
    for (; j < end && col_idx[j] < k1; j++) {
#else
    for (; j < end; j++) {
#endif
#if ROW_SHARE > 1
        share_step(j, N, c, off, nvec, col_idx, val, B, acc, d);
#else
        const float a = LD(j, val);
        __global const store_t *b = B + (size_t)col_idx[j] * N + c;
#pragma unroll
        for (int v = 0; v < nvec; v++)
            acc[v] += a * VLOAD(0, b + off[v]);
#endif
    }
    return j;
}

// The ragged last tile's walk over the whole row (no lockstep: the groups of that tile are few),
// compiled for 1, 2, 3 and VPT vectors; nv of them hold columns.
#define WALK_RAGGED(nvec)                                                                          \
    walk_part(start, end, K, N, c_first, avail, (nvec) < VPT ? (nvec) : VPT, 1, col_idx, val, B,  \
              acc SHARE_PASS)

// Stores a work-item's VPT vectors of C at c: all of them in a whole tile; in the ragged tile the
// whole ones and, of a partial one with a columns, the last a lanes of what walk_part loaded from
// the last VEC columns.
inline void store_c(const floatV *acc, __global store_t *c_row, const int c, const int avail,
                    const int ragged)
{
#pragma unroll
    for (int v = 0; v < VPT; v++) {
        const int a = avail - v * VSTEP;
        if (!ragged || a >= VEC) {
            VSTORE(acc[v], 0, c_row + c + v * VSTEP);
        } else if (a > 0) {
            float t[VEC];
#if VEC == 1
            t[0] = acc[v];
#else
            SB_CAT(vstore, VEC)(acc[v], 0, t);
#endif
#pragma unroll
            for (int i = 0; i < VEC; i++) // constant indices: t stays in registers
                if (i >= VEC - a)
                    ST(t[i], i - (VEC - a), c_row + c + v * VSTEP);
        }
    }
}

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
    const int row_groups = (ROW_UNITS + rows_per_group - 1) / rows_per_group;
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
    const int live = row < ROW_UNITS;
    const int start = live ? row_ptr[ROW0(row)] : 0;
    const int end = live ? row_ptr[ROW0(row) + 1] : 0;
#else
    if (row >= ROW_UNITS)
        return;
    const int live = 1;
    const int start = row_ptr[ROW0(row)];
    const int end = row_ptr[ROW0(row) + 1];
#endif
#if ROW_SHARE > 1
    int d[ROW_SHARE]; // row r of the group from start + d[r] (rows past M: the first row's)
#pragma unroll
    for (int r = 0; r < ROW_SHARE; r++)
        d[r] = live && ROW0(row) + r < M ? row_ptr[ROW0(row) + r] - start : 0;
#endif
    const int c_first = col0 + ct * tile_width + tc * VEC; // vector v at c_first + v * VSTEP
    const int avail = col0 + ncols - c_first; // columns from c_first on that exist
    __global store_t *c_row = C + (size_t)ROW0(row) * N;
    floatV acc[N_ACC];
#pragma unroll
    for (int v = 0; v < N_ACC; v++)
        acc[v] = (floatV)(0.0f);

    const int ragged = ct * tile_width + tile_width > ncols; // the last tile, N not reaching its end
    const int nv = (ncols - ct * tile_width + VSTEP - 1) / VSTEP; // its vectors holding a column
    // walk_part is compiled for a whole tile and for the ragged one (no guard in the whole one);
    // with KCHUNK only the whole tile has barriers (PoCL mishandled barriers in both branches of
    // an if: the ragged tile's rows past M wrote past C)
    if (!ragged) {
#if KCHUNK
        int j = start;
        for (int k1 = KCHUNK;; k1 += KCHUNK) { // the same trip count in every work-item
            j = walk_part(j, end, k1, N, c_first, avail, VPT, 0, col_idx, val, B,
                          acc SHARE_PASS);
            if (k1 >= K)
                break;
            barrier(CLK_LOCAL_MEM_FENCE);
        }
#else
        walk_part(start, end, 0, N, c_first, avail, VPT, 0, col_idx, val, B, acc SHARE_PASS);
#endif
    }
#if RAGGED
    else if (nv == 1)
        WALK_RAGGED(1);
    else if (nv == 2)
        WALK_RAGGED(2);
    else if (nv == 3)
        WALK_RAGGED(3);
    else
        WALK_RAGGED(VPT);
#endif
#if ROW_SHARE > 1
#pragma unroll
    for (int r = 0; r < ROW_SHARE; r++)
        if (live && ROW0(row) + r < M)
            store_c(acc + r * VPT, c_row + (size_t)r * N, c_first, avail, ragged);
#else
    if (live && (RAGGED || !ragged))
        store_c(acc, c_row, c_first, avail, ragged);
#endif
#if !RAGGED
    if (live && ragged) {
        for (int v = 0; v < VPT; v++) { // one pass over the row per vector
            const int c0 = c_first + v * VSTEP;
            const int av = avail - v * VSTEP;
            if (av <= 0)
                break;
            floatV s = (floatV)(0.0f);
            for (int jj = start; jj < end; jj++) {
                __global const store_t *b = B + (size_t)col_idx[jj] * N + c0;
                s += LD(jj, val) * (av >= VEC ? VLOAD(0, b) : vload_partial(b, av));
            }
            if (av >= VEC)
                VSTORE(s, 0, c_row + c0);
            else
                vstore_partial(s, c_row + c0, av);
        }
    }
#endif
    } // row iterations
}
