// N:M SpMM as a dense-tile micro-GEMM: C = A * B with A in the N:M format of nm_spmm.cl (K padded
// to GROUPS * NM_M; row r keeps GROUPS * NM_N values in increasing position within each group,
// the positions packed INDEX_BITS to a meta word).
//
// The structure of csr_tile.cl, without its bookkeeping: a chunk of BK columns holds exactly
// BK / NM_M groups of every row, at fixed offsets in val and meta, so there is no cursor, and
// each loader writes every position of its groups (the kept values and the zeros between them),
// so no tile is cleared: two A buffers and one barrier per chunk. It reads NM_N values and their
// packed positions where CSR reads values and 32-bit column indices (2:4: 4.25 instead of 8 bytes
// per kept value), which is why it beats csr_tile on the same 2:4 matrix.
// Split K as in csr_tile.cl (SPLITK work-groups per tile, the last adds the parts into C).
// Multiplying the tiles is tile_core.h. Tunables (-D): those of tile_core.h, SPLITK; NM_N, NM_M
// fixed at build time (BK must be a multiple of NM_M). SB_HALF = 1: values, B and C in halves
// (tile_core.h's TILE_IO; the host runs SPLITK 1, its workspace being floats).
#ifndef NM_N
#define NM_N 2
#endif
#ifndef NM_M
#define NM_M 4
#endif
#include "common.h"
#include "tile_core.h"
#ifndef SPLITK
#define SPLITK 1
#endif
#if SB_HALF && SPLITK > 1
#error "nm_tile: SPLITK > 1 needs float storage (its partial tiles are written as C is)"
#endif

#define GPC (BK / NM_M)                  // groups of a row per chunk
#define LPR_RAW (THREADS / BM)
#define LPR (LPR_RAW < 1 ? 1 : (LPR_RAW > GPC ? GPC : LPR_RAW)) // loaders per row
#define GPL (GPC / LPR)                  // groups per loader
#define ROW_SLOTS (THREADS / LPR)
#define RPT ((BM + ROW_SLOTS - 1) / ROW_SLOTS)

__kernel __attribute__((reqd_work_group_size(THREADS, 1, 1)))
void nm_spmm_tile(const int M, const int N, const int K, const int groups, const int meta_words,
                  __global const TILE_IO *restrict val,
                  __global const uint *restrict meta,
                  __global const TILE_IO *restrict B,
                  __global TILE_IO *restrict C,
                  __global float *restrict W,      // SPLITK > 1: SPLITK partial M x N slices
                  __global volatile int *counters) // SPLITK > 1: one per tile, zero between runs
{
    __local float4 As4[2][A_TILE / 4];
    __local float4 Bs4[2][B_TILE / 4];
    EMU_DECL
    const int tid = get_local_id(0);
    const int n0 = get_group_id(0) * BN;
    const int m0 = (get_group_id(1) / SPLITK) * BM;
    const int part = get_group_id(1) % SPLITK;
    const int all_chunks = (K + BK - 1) / BK;
    const int per_part = (all_chunks + SPLITK - 1) / SPLITK;
    const int c_begin = min(part * per_part, all_chunks);
    const int c_end = min(c_begin + per_part, all_chunks);
    const int q = tid % LPR;    // this work-item loads groups q, q + LPR, ... of its rows' chunks
    const int slot = tid / LPR; // of rows slot, slot + ROW_SLOTS, ...
    const int kept = groups * NM_N;
    ACC_DECL(acc);
    tile_zero(acc);

    const int n_chunks = c_end - c_begin;
    for (int kc = -1; kc < n_chunks; kc++) {
        const int next = kc + 1;
        const int has_next = next < n_chunks;
        const int chunk = c_begin + next; // the next chunk's index in K
        float pv[RPT][GPL][NM_N]; // the next chunk's kept values
        uint pp[RPT][GPL][NM_N];  // and their positions in the group (NM_M: none)
        floatB pb[B_LOADS];
        if (has_next) {
#pragma unroll
            for (int rr = 0; rr < RPT; rr++) {
                const int row = slot + rr * ROW_SLOTS;
                const int live = row < BM && m0 + row < M;
#pragma unroll
                for (int gl = 0; gl < GPL; gl++) {
                    const int grp = chunk * GPC + q + gl * LPR;
#pragma unroll
                    for (int n = 0; n < NM_N; n++) {
                        const int j = grp * NM_N + n; // kept value j of the row
                        pv[rr][gl][n] = 0.0f;
                        pp[rr][gl][n] = NM_M;
                        if (live && grp < groups) {
                            const size_t r = (size_t)(m0 + row);
                            const uint word = meta[r * meta_words + j / VALUES_PER_WORD];
#if SB_HALF
                            pv[rr][gl][n] = vload_half(r * kept + j, val);
#else
                            pv[rr][gl][n] = val[r * kept + j];
#endif
                            pp[rr][gl][n] =
                                (word >> ((j % VALUES_PER_WORD) * INDEX_BITS)) & INDEX_MASK;
                        }
                    }
                }
            }
            tile_load_b(pb, B, N, K, chunk * BK, n0, tid);
        }
        if (kc >= 0)
            tile_multiply(acc, (__local const float *)As4[kc % 2],
                          (__local const float *)Bs4[kc % 2], tid EMU_ARGS);
        if (has_next) {
            __local float *a_n = (__local float *)As4[next % 2];
#pragma unroll
            for (int rr = 0; rr < RPT; rr++) {
                const int row = slot + rr * ROW_SLOTS;
                if (row >= BM)
                    continue;
#pragma unroll
                for (int gl = 0; gl < GPL; gl++) {
                    const int kl = (q + gl * LPR) * NM_M; // the group's first column in the chunk
#pragma unroll
                    for (int p = 0; p < NM_M; p++) {
                        float v = 0.0f;
#pragma unroll
                        for (int n = 0; n < NM_N; n++)
                            v = pp[rr][gl][n] == (uint)p ? pv[rr][gl][n] : v;
                        a_n[(kl + p) * SA + row] = v;
                    }
                }
            }
            tile_store_b(pb, (__local float *)Bs4[next % 2], tid);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
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
