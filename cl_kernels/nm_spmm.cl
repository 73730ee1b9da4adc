// N:M structured SpMM (2:4 and friends): C = A * B, A stored N:M-compressed along K.
//
// Layout (host: include/sb_matrix.h, sb_nm): K is padded up to GROUPS * NM_M. Row r keeps
// GROUPS * NM_N values, val[r * GROUPS * NM_N + j], in increasing position within each group.
// The position (0 .. NM_M-1) of kept value j inside its group (j / NM_N) takes INDEX_BITS bits;
// VALUES_PER_WORD = 32 / INDEX_BITS positions fill each uint of meta, lowest bits first, no
// position straddles two words; row r's meta starts at meta[r * META_WORDS]. For 2:4 that is 2
// bits per kept value, 16 values (8 groups) per word. Padding values are explicit zeros; their
// position may point past K, so the column is clamped (0 * B[K-1] adds nothing).
//
// nm_spmm: one work-item per (row, VEC columns); the trip count per meta word is fixed at build
// time, so the inner loop unrolls fully and needs no column indices (half the index traffic of
// CSR for 2:4, and no row imbalance). Tunables (-D): NM_N, NM_M (fixed at build time), VEC.
#ifndef NM_N
#define NM_N 2
#endif
#ifndef NM_M
#define NM_M 4
#endif
#ifndef VEC
#define VEC 4
#endif
#include "common.h"

__kernel void nm_spmm(const int M, const int N, const int K, const int groups,
                      const int meta_words,
                      __global const float *restrict val,
                      __global const uint *restrict meta,
                      __global const float *restrict B,
                      __global float *restrict C)
{
    const int row = get_global_id(1);
    const int c0 = get_global_id(0) * VEC;
    if (row >= M || c0 >= N)
        return;
    const int avail = N - c0;
    const int kept = groups * NM_N;
    __global const float *v = val + (size_t)row * kept;
    __global const uint *mw = meta + (size_t)row * meta_words;
    __global const float *Bc = B + c0;
    floatV acc = (floatV)(0.0f);

    const int full_words = kept / VALUES_PER_WORD;
    for (int w = 0; w < full_words; w++) {
        const uint word = mw[w];
        const int j0 = w * VALUES_PER_WORD;
#pragma unroll
        for (int t = 0; t < VALUES_PER_WORD; t++) {
            const int j = j0 + t;
            const int k = min((j / NM_N) * NM_M + (int)((word >> (t * INDEX_BITS)) & INDEX_MASK), K - 1);
            acc += v[j] * (avail >= VEC ? VLOAD(0, Bc + (size_t)k * N) : vload_partial(Bc + (size_t)k * N, avail));
        }
    }
    const int tail = kept - full_words * VALUES_PER_WORD;
    if (tail > 0) {
        const uint word = mw[full_words];
        const int j0 = full_words * VALUES_PER_WORD;
        for (int t = 0; t < tail; t++) {
            const int j = j0 + t;
            const int k = min((j / NM_N) * NM_M + (int)((word >> (t * INDEX_BITS)) & INDEX_MASK), K - 1);
            acc += v[j] * (avail >= VEC ? VLOAD(0, Bc + (size_t)k * N) : vload_partial(Bc + (size_t)k * N, avail));
        }
    }
    __global float *out = C + (size_t)row * N + c0;
    if (avail >= VEC)
        VSTORE(acc, 0, out);
    else
        vstore_partial(acc, out, avail);
}
