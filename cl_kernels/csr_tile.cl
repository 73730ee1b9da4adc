// CSR SpMM as a dense-tile micro-GEMM: C = A * B, A sparse M x K in CSR (columns strictly
// increasing within a row), B dense K x N row-major, C dense M x N row-major.
//
// For moderate sparsity (50-80%) gathering one row of B per non-zero (csr_spmm.cl) is bound by
// the L1/L2 bandwidth: every multiply-add needs its own load of B. Here a work-group computes a
// BM x BN tile of C the way a dense GEMM does: it walks K in chunks of BK, expands the chunk of
// its BM rows of A from CSR into a dense BM x BK tile in local memory (zeros where A has none),
// stages the BK x BN slice of B next to it, and multiplies the two tiles with register blocking,
// so each value of B loaded from local memory feeds TM (or, on tensor cores, 16) rows. It does
// M*K*N multiply-adds instead of nnz*N, at a GEMM's rate: it wins where the density is above
// (gather rate / GEMM rate), measured in PERF_NOTES.md.
//
// Reading CSR into a dense tile: each row has LPR loader work-items; loader q of a row reads the
// row's entries cursor+q, cursor+q+LPR, ... (BK entries in all: a chunk holds at most BK, since
// columns are distinct) and scatters those whose column falls in the chunk. The number that did
// is summed through local memory after the barrier and moves the row's cursor.
// Pipeline, one barrier per chunk: the next chunk's entries and B slice are loaded into registers
// before the current chunk is multiplied, and stored to local memory after. A tiles rotate
// through three buffers (multiplied, being filled, being cleared) so clearing needs no barrier of
// its own.
//
// Split K: with few tiles of C (small M x N, long K) the GPU would idle, so SPLITK > 1 gives each
// tile SPLITK work-groups, each a contiguous range of chunks (a row's cursor starts at a binary
// search); they write partial tiles to a workspace and count themselves on a per-tile counter,
// and the last one adds the parts into C and resets the counter (one launch, deterministic).
// Multiplying the tiles (SIMT or 3xTF32 tensor cores) is tile_core.h, shared with nm_tile.cl.
// Tunables (-D): those of tile_core.h, SPLITK. SB_HALF = 1: values, B and C in halves
// (tile_core.h's TILE_IO; the host runs SPLITK 1, its workspace being floats).
#include "tile_core.h"
#ifndef SPLITK
#define SPLITK 1
#endif
#if SB_HALF && SPLITK > 1
#error "csr_tile: SPLITK > 1 needs float storage (its partial tiles are written as C is)"
#endif

// loaders of A: LPR per row, each reading EPL entries per chunk; RPT rows per work-item
#define LPR_RAW (THREADS / BM)
#define LPR (LPR_RAW < 1 ? 1 : (LPR_RAW > BK ? BK : LPR_RAW))
#define EPL (BK / LPR)
#define ROW_SLOTS (THREADS / LPR)
#define RPT ((BM + ROW_SLOTS - 1) / ROW_SLOTS)

__kernel __attribute__((reqd_work_group_size(THREADS, 1, 1)))
void csr_spmm_tile(const int M, const int N, const int K,
                   __global const int *restrict row_ptr,
                   __global const int *restrict col_idx,
                   __global const TILE_IO *restrict val,
                   __global const TILE_IO *restrict B,
                   __global TILE_IO *restrict C,
                   __global float *restrict W,      // SPLITK > 1: SPLITK partial M x N slices
                   __global volatile int *counters) // SPLITK > 1: one per tile, zero between runs
{
    // float4-typed so that vector accesses to them are aligned
    __local float4 As4[3][A_TILE / 4];
    __local float4 Bs4[2][B_TILE / 4];
    __local int counts[2][BM * LPR];
    EMU_DECL
    const int tid = get_local_id(0);
    const int n0 = get_group_id(0) * BN;
    const int m0 = (get_group_id(1) / SPLITK) * BM;
    const int part = get_group_id(1) % SPLITK;
    // this work-group's chunks of K: [c_begin, c_end)
    const int all_chunks = (K + BK - 1) / BK;
    const int per_part = (all_chunks + SPLITK - 1) / SPLITK;
    const int c_begin = min(part * per_part, all_chunks);
    const int c_end = min(c_begin + per_part, all_chunks);

    // this work-item as a loader: loader q of rows slot, slot + ROW_SLOTS, ...
    const int q = tid % LPR;
    const int slot = tid / LPR;
    int cur[RPT], end[RPT];
#pragma unroll
    for (int rr = 0; rr < RPT; rr++) {
        const int row = slot + rr * ROW_SLOTS;
        cur[rr] = end[rr] = 0;
        if (row < BM && m0 + row < M) {
            cur[rr] = row_ptr[m0 + row];
            end[rr] = row_ptr[m0 + row + 1];
        }
#if SPLITK > 1
        // the row's first entry at or after column c_begin * BK
        for (int lo = cur[rr], hi = end[rr], k0 = c_begin * BK; lo < hi;) {
            const int mid = (lo + hi) / 2;
            if (col_idx[mid] < k0)
                lo = cur[rr] = mid + 1;
            else
                hi = mid;
        }
#endif
    }
    ACC_DECL(acc);
    tile_zero(acc);

    // A buffers 0 and 1 start clear; buffer (kc + 2) % 3 is cleared while chunk kc is multiplied
    for (int i = tid; i < A_TILE / 4; i += THREADS) {
        As4[0][i] = (float4)(0.0f);
        As4[1][i] = (float4)(0.0f);
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    const int n_chunks = c_end - c_begin;
    // kc = -1 only loads the first chunk; then chunk kc is multiplied while kc + 1 is loaded
    // (kc counts from c_begin; buffers rotate on kc)
    for (int kc = -1; kc < n_chunks; kc++) {
        const int next = kc + 1;
        const int has_next = next < n_chunks;
        const int k_next = (c_begin + next) * BK;
        int pc[RPT][EPL];   // the next chunk's entries: columns (INT_MAX: none)
        float pv[RPT][EPL]; // and values
        floatB pb[B_LOADS]; // and its slice of B
        if (has_next) {
#pragma unroll
            for (int rr = 0; rr < RPT; rr++) {
#pragma unroll
                for (int e = 0; e < EPL; e++) {
                    const int j = cur[rr] + q + e * LPR;
                    const int in = j < end[rr];
                    pc[rr][e] = in ? col_idx[j] : INT_MAX;
#if SB_HALF
                    pv[rr][e] = in ? vload_half(j, val) : 0.0f;
#else
                    pv[rr][e] = in ? val[j] : 0.0f;
#endif
                }
            }
            tile_load_b(pb, B, N, K, k_next, n0, tid);
        }
        if (kc >= 0) // multiply the tiles of chunk kc
            tile_multiply(acc, (__local const float *)As4[kc % 3],
                          (__local const float *)Bs4[kc % 2], tid EMU_ARGS);
        if (has_next) { // chunk kc + 1 into local memory, and how far each row's entries moved
            __local float *a_n = (__local float *)As4[next % 3];
#pragma unroll
            for (int rr = 0; rr < RPT; rr++) {
                const int row = slot + rr * ROW_SLOTS;
                int n_in = 0;
#pragma unroll
                for (int e = 0; e < EPL; e++) {
                    if (pc[rr][e] < k_next + BK) {
                        a_n[(pc[rr][e] - k_next) * SA + row] = pv[rr][e];
                        n_in++;
                    }
                }
                if (row < BM)
                    counts[next % 2][row * LPR + q] = n_in;
            }
            tile_store_b(pb, (__local float *)Bs4[next % 2], tid);
        }
        if (kc >= 0)
            for (int i = tid; i < A_TILE / 4; i += THREADS)
                As4[(kc + 2) % 3][i] = (float4)(0.0f);
        barrier(CLK_LOCAL_MEM_FENCE);
        if (has_next) {
#pragma unroll
            for (int rr = 0; rr < RPT; rr++) {
                const int row = slot + rr * ROW_SLOTS;
                if (row < BM) {
                    int moved = 0;
#pragma unroll
                    for (int l = 0; l < LPR; l++)
                        moved += counts[next % 2][row * LPR + l];
                    cur[rr] += moved;
                }
            }
        }
    }
#if SPLITK > 1
    __local int last;
    tile_write_c(acc, W + (size_t)part * M * N, M, N, m0, n0, tid);
    mem_fence(CLK_GLOBAL_MEM_FENCE);
    barrier(CLK_GLOBAL_MEM_FENCE);
    const int tile = get_group_id(1) / SPLITK * get_num_groups(0) + get_group_id(0);
    if (tid == 0)
        last = atomic_inc(&counters[tile]) == SPLITK - 1;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (last) {
        mem_fence(CLK_GLOBAL_MEM_FENCE);
        tile_reduce_c(W, C, M, N, m0, n0, tid, SPLITK);
        if (tid == 0)
            atomic_xchg(&counters[tile], 0);
    }
#else
    tile_write_c(acc, C, M, N, m0, n0, tid);
#endif
}
