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
// nm_spmm: work-group (COLS x KSPLIT) per row; work-item (c, ks) owns VEC columns of C and the
// row's meta words ks, ks + KSPLIT, ...: KSPLIT > 1 spreads a row's values over work-items (a
// reduction in local memory ends it), which small N needs (N = 1: one row per work-item leaves
// the GPU idle); the trip count per meta word is fixed at build time, so the inner loop unrolls
// fully and needs no column indices (half the index traffic of CSR for 2:4, and no row
// imbalance). Large N runs nm_tile.cl instead. Tunables (-D): NM_N, NM_M (fixed at build time),
// VEC, KSPLIT (a power of two), COLS.
#ifndef NM_N
#define NM_N 2
#endif
#ifndef NM_M
#define NM_M 4
#endif
#ifndef VEC
#define VEC 4
#endif
#ifndef KSPLIT
#define KSPLIT 1
#endif
#ifndef COLS
#define COLS 32
#endif
#include "common.h"

// acc + the `count` (<= VALUES_PER_WORD) kept values j0, j0 + 1, ... of a row, their positions in
// `word`, times B's rows at those positions (v: the row's values, Bc: B from column c0).
inline __attribute__((always_inline)) floatV nm_word(floatV acc, uint word, int j0, int count,
                                                     __global const float *v,
                                                     __global const float *Bc, int N, int K,
                                                     int avail)
{
#pragma unroll
    for (int t = 0; t < VALUES_PER_WORD; t++) {
        if (t < count) {
            const int j = j0 + t;
            const int pos = (int)((word >> (t * INDEX_BITS)) & INDEX_MASK);
            const int k = min((j / NM_N) * NM_M + pos, K - 1);
            acc += v[j] * (avail >= VEC ? VLOAD(0, Bc + (size_t)k * N)
                                        : vload_partial(Bc + (size_t)k * N, avail));
        }
    }
    return acc;
}

__kernel __attribute__((reqd_work_group_size(COLS, KSPLIT, 1)))
void nm_spmm(const int M, const int N, const int K, const int groups, const int meta_words,
             __global const float *restrict val,
             __global const uint *restrict meta,
             __global const float *restrict B,
             __global float *restrict C)
{
    __local floatV partial[KSPLIT][COLS];
    const int row = get_group_id(1);
    const int cx = get_local_id(0), ks = get_local_id(1);
    const int c0 = get_global_id(0) * VEC;
    const int avail = N - c0;
    const int kept = groups * NM_N;
    __global const float *v = val + (size_t)row * kept;
    __global const uint *mw = meta + (size_t)row * meta_words;
    __global const float *Bc = B + c0;
    floatV acc = (floatV)(0.0f);
    if (row < M && avail > 0) {
        const int full_words = kept / VALUES_PER_WORD;
        for (int w = ks; w < full_words; w += KSPLIT)
            acc = nm_word(acc, mw[w], w * VALUES_PER_WORD, VALUES_PER_WORD, v, Bc, N, K, avail);
        const int tail = kept - full_words * VALUES_PER_WORD;
        if (tail > 0 && full_words % KSPLIT == ks)
            acc = nm_word(acc, mw[full_words], full_words * VALUES_PER_WORD, tail, v, Bc, N, K,
                          avail);
    }
#if KSPLIT > 1
    partial[ks][cx] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = KSPLIT / 2; stride > 0; stride /= 2) {
        if (ks < stride)
            partial[ks][cx] += partial[ks + stride][cx];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    acc = partial[0][cx];
#endif
    if (ks != 0 || row >= M || avail <= 0)
        return;
    __global float *out = C + (size_t)row * N + c0;
    if (avail >= VEC)
        VSTORE(acc, 0, out);
    else
        vstore_partial(acc, out, avail);
}
