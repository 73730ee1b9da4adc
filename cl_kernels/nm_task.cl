// N:M structured SpMM (2:4 and friends) as one work-item (a "task", for FPGA pipelines):
// C = A * B with A stored N:M-compressed along K, same layout as nm_spmm.cl (include/sb_matrix.h,
// sb_nm): row r keeps GROUPS * NM_N values; their positions within each group of NM_M take
// INDEX_BITS bits, VALUES_PER_WORD to a uint of meta.
//
// Every trip count but the row, column-tile and meta-word loops is fixed at build time: each meta
// word holds VALUES_PER_WORD values (the last word's unused slots are predicated off), and COLS
// columns of C are accumulated in registers. No column indices are read at all.
//
// Tunables (-D): NM_N, NM_M (the pattern, fixed at build time), COLS (columns of C per pass);
// SB_HALF (common.h) for fp16 storage.
#ifndef NM_N
#define NM_N 2
#endif
#ifndef NM_M
#define NM_M 4
#endif
#ifndef COLS
#define COLS 8
#endif
#include "common.h"

__kernel __attribute__((reqd_work_group_size(1, 1, 1)))
void nm_task(const int M, const int N, const int K, const int groups, const int meta_words,
             __global const store_t *restrict val,
             __global const uint *restrict meta,
             __global const store_t *restrict B,
             __global store_t *restrict C)
{
    const int kept = groups * NM_N;
    for (int row = 0; row < M; row++) {
        __global const store_t *v = val + (size_t)row * kept;
        __global const uint *mw = meta + (size_t)row * meta_words;
        for (int c0 = 0; c0 < N; c0 += COLS) {
            float acc[COLS];
#pragma unroll
            for (int t = 0; t < COLS; t++)
                acc[t] = 0.0f;
            for (int w = 0; w < meta_words; w++) {
                const uint word = mw[w];
#pragma unroll
                for (int s = 0; s < VALUES_PER_WORD; s++) {
                    const int j = w * VALUES_PER_WORD + s;
                    if (j < kept) {
                        // padding positions may point past K: clamp (their value is 0)
                        const int k = min((j / NM_N) * NM_M + (int)((word >> (s * INDEX_BITS)) & INDEX_MASK), K - 1);
                        const float a = LD(j, v);
                        __global const store_t *b = B + (size_t)k * N + c0;
#pragma unroll
                        for (int t = 0; t < COLS; t++)
                            if (c0 + t < N)
                                acc[t] += a * LD(t, b);
                    }
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
