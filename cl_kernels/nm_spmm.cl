// N:M structured SpMM (2:4 and friends): C = A * B, A stored N:M-compressed along K.
//
// Layout (host: include/sb_matrix.h, sb_nm): K is padded up to GROUPS * NM_M. Row r keeps
// GROUPS * NM_N values, val[r * GROUPS * NM_N + j], in increasing position within each group.
// The position (0 .. NM_M-1) of kept value j inside its group (j / NM_N) takes INDEX_BITS bits;
// VALUES_PER_WORD = 32 / INDEX_BITS positions fill each uint of meta, lowest bits first, no
// position straddles two words; row r's meta starts at meta[r * META_WORDS]. For 2:4 that is 2
// bits per kept value, 16 values (8 groups) per word. Padding values are explicit zeros; their
// position may point past K, so the column is clamped (0 * B[K-1] adds nothing), unless the host
// says K is whole groups (NM_WHOLE_K = 1), where no position can.
//
// nm_spmm: work-group (COLS x KSPLIT) per row; work-item (c, ks) owns VEC columns of C and the
// row's kept values ks, ks + KSPLIT, ... (csr_balanced's layout, with positions unpacked from the
// meta words instead of column indices read: 0.25 instead of 4 bytes of index per value for
// 2:4, and no row imbalance): KSPLIT > 1 spreads a row over work-items (a reduction in local
// memory ends it), which small N needs. CHUNK > 1: a work-item owns chunks of CHUNK consecutive
// kept values instead (chunks ks, ks + KSPLIT, ...), loaded as one vector with their positions
// from one shift of one meta word, so a row takes kept / (CHUNK x KSPLIT) rounds of loads, not
// kept / KSPLIT (the host keeps CHUNK a divisor of the row's kept values and of
// VALUES_PER_WORD). ACCS > 1: a work-item sums its kept values into ACCS accumulators in turn
// (value i of an unrolled step into i % ACCS), added up at the end, instead of one dependent chain
// of multiply-adds (1: the one chain, the order it always summed in). VPT > 1: a work-item owns
// VPT consecutive vectors of VEC columns (VPT x VEC columns of C), so the position of a kept value
// (meta shift, mask, clamp, multiply by N: scalar work a CPU pays per work-item) is worked out once
// for VPT loads of B instead of once per vector (1: one vector, the code as it always was). SHIFT =
// 1: where N is not a multiple of VEC x VPT, a vector of a row's last work-item that is partial or
// past N computes the row's last VEC columns (csr_spmm's RAGGED: full-width loads and stores, its
// first columns also another vector's, computed in the same order to the same values and stored
// twice) instead of running the partial path (vload_partial, lane by lane), which Intel's
// CPU runtime ran at 0.12-0.38x csr_auto (nm9-cpu); 0: the partial path, the code as it always
// was. RX > 1 (VPT 1, N at most VEC: the host keeps KSPLIT and COLS 1): RX rows a work-group, one
// a work-item along dimension 0, which Intel's CPU runtime vectorises across (1: a work-group a
// row, as it always was). PADB = 1 (SHIFT 1, VPT > 1, fp32): the host first copies B (nm_padb, a
// second launch) into rows of whole VEC x VPT vectors, zeros past N, and nm_spmm reads that: where
// N floats are not whole cache lines every load of B split two lines (N = 29-31 took 1.6-2.1x the
// time of N = 32 on Intel's CPU runtime, nm11-cpu); 0: B as given, the code as it was. Large N
// runs nm_tile.cl instead. Tunables (-D): NM_N, NM_M, NM_WHOLE_K (fixed at build time), VEC,
// KSPLIT (a power of two), COLS, UNROLL, CHUNK, ACCS, VPT, SHIFT, PADB, RX; SB_HALF (common.h) for
// fp16 storage.
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
#ifndef UNROLL
#define UNROLL 4
#endif
#ifndef CHUNK
#define CHUNK 1
#endif
#ifndef ACCS
#define ACCS 1
#endif
#ifndef NM_WHOLE_K
#define NM_WHOLE_K 0
#endif
#if NM_WHOLE_K
#define CLAMP_K(col, K) (col)
#else
#define CLAMP_K(col, K) min((col), (K) - 1)
#endif
#ifndef VPT
#define VPT 1
#endif
#ifndef LANE
#define LANE 0
#endif
#ifndef SHIFT
#define SHIFT 0
#endif
#ifndef RX
#define RX 1
#endif
#ifndef PADB
#define PADB 0
#endif
#include "common.h"
#if PADB && (!SHIFT || VPT == 1 || SB_HALF)
#error "nm_spmm: PADB needs SHIFT 1, VPT > 1 and fp32 (the host keeps PADB 0 elsewhere)"
#endif
// LANE 1 (VPT 1 only): a work-item's kept values or chunks (units) sit at the same place in their
// meta words every step, and its columns advance by a constant, so the shift, the word and the
// group's column are worked out once per work-item and per unrolled slot; a step adds constants
// and decodes each position with one shift and mask. That needs KSPLIT a multiple of the units a
// meta word holds, and a unit's groups whole (CHUNK a multiple of NM_N; one value: KSPLIT a
// multiple of NM_N); the host lowers LANE to 0 elsewhere. 0: each position from its index.
// LANE 2 (chunks only): the same where only a step (UNROLL x KSPLIT chunks) is whole meta words,
// each unrolled slot's word, shift and column worked out once (per-slot registers).
#define UNITS_PER_WORD (VALUES_PER_WORD / CHUNK)
#if LANE == 1 && (VPT != 1 || KSPLIT % UNITS_PER_WORD || (CHUNK > 1 && CHUNK % NM_N) ||           \
                  (CHUNK == 1 && KSPLIT % NM_N))
#error "nm_spmm: LANE 1 needs VPT 1, KSPLIT a multiple of the units per meta word and whole groups"
#endif
#if LANE == 2 && (VPT != 1 || CHUNK == 1 || CHUNK % NM_N || (UNROLL * KSPLIT) % UNITS_PER_WORD)
#error "nm_spmm: LANE 2 needs VPT 1, chunks of whole groups and a step of whole meta words"
#endif
#if LANE > 2
#error "nm_spmm: LANE is 0, 1 or 2"
#endif
#if LANE
// How far the columns of `units` units on move (units a multiple of KSPLIT, or ks where a chunk
// holds whole groups): whole groups of NM_M columns each.
#define LANE_COL(units) ((units) * CHUNK / NM_N * NM_M)

// Column of B of value i of a unit whose first group starts at column cb, the unit's positions
// in the lowest bits of `bits`; clamped as nm_col does.
inline __attribute__((always_inline)) int lane_col(int cb, uint bits, int i, int K)
{
    return CLAMP_K(cb + i / NM_N * NM_M + (int)((bits >> (i * INDEX_BITS)) & INDEX_MASK), K);
}
#endif
#if SHIFT
// SHIFT = 1, VPT 1: the first column of a work-item whose `width` columns from c would pass N:
// N - width, the row's last `width` columns (the host keeps width <= N); others their own c.
inline __attribute__((always_inline)) int shifted_c0(int c, int N, int width)
{
    return c < N ? min(c, N - width) : c;
}
#endif
#if CHUNK > 1
#if VALUES_PER_WORD % CHUNK
#error "nm_spmm: CHUNK must divide VALUES_PER_WORD (a chunk's positions sit in one meta word)"
#endif
typedef SB_CAT(float, CHUNK) floatC;
#if SB_HALF
#define CHUNK_LOAD(c, p) SB_CAT(vload_half, CHUNK)(c, p)
#else // aligned: the host keeps the row's kept values a multiple of CHUNK
#define CHUNK_LOAD(c, p) (((__global const floatC *)(p))[c])
#endif

// The packed positions of chunk c, the first one in the lowest bits.
inline __attribute__((always_inline)) uint chunk_bits(__global const uint *mw, int c)
{
    const uint j = (uint)c * CHUNK;
    return mw[j / VALUES_PER_WORD] >> ((j % VALUES_PER_WORD) * INDEX_BITS);
}

// Column of B of value i of chunk c (positions `bits`), clamped as nm_col does.
inline __attribute__((always_inline)) int chunk_col(uint bits, int c, int i, int K)
{
    const uint j = (uint)c * CHUNK + (uint)i;
    return CLAMP_K((int)((j / NM_N) * NM_M + ((bits >> (i * INDEX_BITS)) & INDEX_MASK)), K);
}
#endif

// Column of B of row j's kept value j (its group's start plus its packed position), clamped
// where K is padded (padding values are zeros whose position may point past K). Unsigned: j is
// never negative, and / and % by powers of two are then shifts and masks.
inline __attribute__((always_inline)) int nm_col(__global const uint *mw, int j, int K)
{
    const uint u = (uint)j;
    const uint word = mw[u / VALUES_PER_WORD];
    const uint pos = (word >> ((u % VALUES_PER_WORD) * INDEX_BITS)) & INDEX_MASK;
    return CLAMP_K((int)((u / NM_N) * NM_M + pos), K);
}

#if VPT == 1
// One vector a work-item: the kernel as it ran before VPT. The VPT form below, at VPT 1, ran 2-4%
// slower on the H200 at N = 6-8 (results/2026-12-01-h200-nm9/h-mergecheck), though it computes
// the same; NVIDIA's compiler does not make it the same code.
#if RX > 1
__kernel __attribute__((reqd_work_group_size(RX, 1, 1)))
#else
__kernel __attribute__((reqd_work_group_size(COLS, KSPLIT, 1)))
#endif
void nm_spmm(const int M, const int N, const int K, const int groups, const int meta_words,
             __global const store_t *restrict val,
             __global const uint *restrict meta,
             __global const store_t *restrict B,
             __global store_t *restrict C)
{
    __local floatV partial[KSPLIT][COLS];
#if RX > 1
    // RX rows a work-group, one a work-item along dimension 0 (N <= VEC, KSPLIT 1, COLS 1)
    const int row = get_global_id(0);
    const int cx = 0, ks = 0;
    const int c0 = 0;
#else
    const int row = get_group_id(1);
    const int cx = get_local_id(0), ks = get_local_id(1);
#if SHIFT
    const int c0 = shifted_c0((int)get_global_id(0) * VEC, N, VEC);
#else
    const int c0 = get_global_id(0) * VEC;
#endif
#endif
    const int avail = N - c0;
    const int kept = groups * NM_N;
    __global const store_t *v = val + (size_t)row * kept;
    __global const uint *mw = meta + (size_t)row * meta_words;
    __global const store_t *Bc = B + c0;
    floatV accs[ACCS];
#pragma unroll
    for (int q = 0; q < ACCS; q++)
        accs[q] = (floatV)(0.0f);
#if CHUNK > 1
    if (row < M && avail > 0) {
        // chunks ks, ks + KSPLIT, ...: UNROLL chunks' values and positions, then their rows of B
        const int chunks = kept / CHUNK;
        int c = ks;
        if (avail >= VEC) {
#if LANE == 1
            // this work-item's word, shift and first group's column; a step adds constants
            const uint sh = ((uint)ks % UNITS_PER_WORD) * CHUNK * INDEX_BITS;
            __global const uint *mwl = mw + (uint)ks / UNITS_PER_WORD;
            int cb = LANE_COL(ks);
            for (; c + (UNROLL - 1) * KSPLIT < chunks; c += UNROLL * KSPLIT,
                 mwl += UNROLL * KSPLIT / UNITS_PER_WORD, cb += LANE_COL(UNROLL * KSPLIT)) {
#elif LANE == 2
            // each unrolled slot's word, shift and first group's column; a step adds constants
            uint sh2[UNROLL];
            int wo2[UNROLL], cb2[UNROLL];
#pragma unroll
            for (int u = 0; u < UNROLL; u++) {
                const uint q = (uint)ks + (uint)(u * KSPLIT);
                sh2[u] = (q % UNITS_PER_WORD) * CHUNK * INDEX_BITS;
                wo2[u] = (int)(q / UNITS_PER_WORD);
                cb2[u] = LANE_COL((int)q);
            }
            __global const uint *mwl = mw;
            int cb = 0;
            for (; c + (UNROLL - 1) * KSPLIT < chunks; c += UNROLL * KSPLIT,
                 mwl += UNROLL * KSPLIT / UNITS_PER_WORD, cb += LANE_COL(UNROLL * KSPLIT)) {
#else
            for (; c + (UNROLL - 1) * KSPLIT < chunks; c += UNROLL * KSPLIT) {
#endif
                float a[UNROLL][CHUNK];
                uint bits[UNROLL];
                floatV b[UNROLL][CHUNK];
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    SB_CAT(vstore, CHUNK)(CHUNK_LOAD(c + u * KSPLIT, v), 0, a[u]);
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#if LANE == 1
                    bits[u] = mwl[u * (KSPLIT / UNITS_PER_WORD)] >> sh;
#elif LANE == 2
                    bits[u] = mwl[wo2[u]] >> sh2[u];
#else
                    bits[u] = chunk_bits(mw, c + u * KSPLIT);
#endif
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#pragma unroll
                    for (int i = 0; i < CHUNK; i++)
#if LANE == 1
                        b[u][i] = VLOAD(
                            0, Bc + (size_t)lane_col(cb + LANE_COL(u * KSPLIT), bits[u], i, K) * N);
#elif LANE == 2
                        b[u][i] = VLOAD(0, Bc + (size_t)lane_col(cb + cb2[u], bits[u], i, K) * N);
#else
                        b[u][i] = VLOAD(0, Bc + (size_t)chunk_col(bits[u], c + u * KSPLIT, i, K) * N);
#endif
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#pragma unroll
                    for (int i = 0; i < CHUNK; i++)
                        accs[(u * CHUNK + i) % ACCS] += a[u][i] * b[u][i];
            }
            for (; c < chunks; c += KSPLIT) {
                float a[CHUNK];
                SB_CAT(vstore, CHUNK)(CHUNK_LOAD(c, v), 0, a);
                const uint bits = chunk_bits(mw, c);
#pragma unroll
                for (int i = 0; i < CHUNK; i++)
                    accs[i % ACCS] += a[i] * VLOAD(0, Bc + (size_t)chunk_col(bits, c, i, K) * N);
            }
        } else {
            for (; c < chunks; c += KSPLIT) {
                float a[CHUNK];
                SB_CAT(vstore, CHUNK)(CHUNK_LOAD(c, v), 0, a);
                const uint bits = chunk_bits(mw, c);
                for (int i = 0; i < CHUNK; i++)
                    accs[0] +=
                        a[i] * vload_partial(Bc + (size_t)chunk_col(bits, c, i, K) * N, avail);
            }
        }
    }
#else
    if (row < M && avail > 0) {
        // kept values ks, ks + KSPLIT, ...: the work-items of a row read consecutive values (and
        // the meta word 16 of them share), UNROLL at a time, their rows of B loaded before use
        int j = ks;
        if (avail >= VEC) {
#if UNROLL > 1
#if LANE == 1
            // this work-item's word, shift and first group's column; a step adds constants
            const uint sh = ((uint)ks % UNITS_PER_WORD) * INDEX_BITS;
            __global const uint *mwl = mw + (uint)ks / UNITS_PER_WORD;
            int cb = LANE_COL(ks);
            for (; j + (UNROLL - 1) * KSPLIT < kept; j += UNROLL * KSPLIT,
                 mwl += UNROLL * KSPLIT / UNITS_PER_WORD, cb += LANE_COL(UNROLL * KSPLIT)) {
#else
            for (; j + (UNROLL - 1) * KSPLIT < kept; j += UNROLL * KSPLIT) {
#endif
                float a[UNROLL];
                floatV b[UNROLL];
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    a[u] = LD(j + u * KSPLIT, v);
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#if LANE == 1
                    b[u] = VLOAD(0, Bc + (size_t)lane_col(cb + LANE_COL(u * KSPLIT),
                                                          mwl[u * (KSPLIT / UNITS_PER_WORD)] >> sh,
                                                          0, K) * N);
#else
                    b[u] = VLOAD(0, Bc + (size_t)nm_col(mw, j + u * KSPLIT, K) * N);
#endif
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    accs[u % ACCS] += a[u] * b[u];
            }
#endif
            for (; j < kept; j += KSPLIT)
                accs[0] += LD(j, v) * VLOAD(0, Bc + (size_t)nm_col(mw, j, K) * N);
        } else {
            for (; j < kept; j += KSPLIT)
                accs[0] += LD(j, v) * vload_partial(Bc + (size_t)nm_col(mw, j, K) * N, avail);
        }
    }
#endif
    floatV acc = accs[0];
#pragma unroll
    for (int q = 1; q < ACCS; q++)
        acc += accs[q];
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
    __global store_t *out = C + (size_t)row * N + c0;
    if (avail >= VEC)
        VSTORE(acc, 0, out);
    else
        vstore_partial(acc, out, avail);
}
#else
#if RX > 1
#error "nm_spmm: RX > 1 needs VPT 1 (the host keeps RX 1 where a row is more than one vector)"
#endif
// The ragged last work-item of a row (fewer than VEC x VPT columns from c0 on): value a times the
// columns of row br of B (at c0) that exist, vector by vector, into the first accumulator.
#define PARTIAL_FMA(a, br)                                                                       \
    do {                                                                                         \
        const float a_ = (a);                                                                    \
        __global const store_t *br_ = (br);                                                      \
        for (int w = 0; w < VPT; w++) {                                                          \
            const int left = avail - w * VEC;                                                    \
            if (left >= VEC)                                                                     \
                accs[0][w] += a_ * VLOAD(w, br_);                                                \
            else if (left > 0)                                                                   \
                accs[0][w] += a_ * vload_partial(br_ + w * VEC, left);                           \
        }                                                                                        \
    } while (0)
#if SHIFT && PADB
// PADB 1: B is the host's copy (nm_padb) in rows of BROW floats, whole vectors of VEC x VPT with
// zeros past N, so every work-item with a column loads whole vectors from c0 (none splits a cache
// line where N floats are not whole lines); the ragged vector's store is the partial one
#define WHOLE_COLS 1
#define LOAD_W(w, br) VLOAD(w, br)
#elif SHIFT
// SHIFT 1: every work-item with a column takes the whole path, vector w loaded from c0 + off[w]
#define WHOLE_COLS 1
#define LOAD_W(w, br) VLOAD(0, (br) + off[w])
#else
#define WHOLE_COLS VEC * VPT
#define LOAD_W(w, br) VLOAD(w, br)
#endif

__kernel __attribute__((reqd_work_group_size(COLS, KSPLIT, 1)))
void nm_spmm(const int M, const int N, const int K, const int groups, const int meta_words,
             __global const store_t *restrict val,
             __global const uint *restrict meta,
             __global const store_t *restrict B,
             __global store_t *restrict C)
{
    __local floatV partial[KSPLIT][COLS][VPT];
#if PADB
    const int BROW = (N + VEC * VPT - 1) / (VEC * VPT) * (VEC * VPT); // B's row (nm_padb's copy)
#else
#define BROW N
#endif
    const int row = get_group_id(1);
    const int cx = get_local_id(0), ks = get_local_id(1);
    const int c0 = get_global_id(0) * VEC * VPT;
    const int avail = N - c0;
#if SHIFT
    // vector w from column c0 + off[w]: the row's last VEC columns where it is partial or past N
    int off[VPT];
#pragma unroll
    for (int w = 0; w < VPT; w++)
        off[w] = min(w * VEC, avail - VEC);
#endif
    const int kept = groups * NM_N;
    __global const store_t *v = val + (size_t)row * kept;
    __global const uint *mw = meta + (size_t)row * meta_words;
    __global const store_t *Bc = B + c0;
    floatV accs[ACCS][VPT];
#pragma unroll
    for (int q = 0; q < ACCS; q++)
#pragma unroll
        for (int w = 0; w < VPT; w++)
            accs[q][w] = (floatV)(0.0f);
#if CHUNK > 1
    if (row < M && avail > 0) {
        // chunks ks, ks + KSPLIT, ...: UNROLL chunks' values and positions, then their rows of B
        const int chunks = kept / CHUNK;
        int c = ks;
        if (avail >= WHOLE_COLS) {
            for (; c + (UNROLL - 1) * KSPLIT < chunks; c += UNROLL * KSPLIT) {
                float a[UNROLL][CHUNK];
                uint bits[UNROLL];
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    SB_CAT(vstore, CHUNK)(CHUNK_LOAD(c + u * KSPLIT, v), 0, a[u]);
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    bits[u] = chunk_bits(mw, c + u * KSPLIT);
                // each value's row of B found once, its VPT vectors loaded from there
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#pragma unroll
                    for (int i = 0; i < CHUNK; i++) {
                        __global const store_t *br =
                            Bc + (size_t)chunk_col(bits[u], c + u * KSPLIT, i, K) * BROW;
#pragma unroll
                        for (int w = 0; w < VPT; w++)
                            accs[(u * CHUNK + i) % ACCS][w] += a[u][i] * LOAD_W(w, br);
                    }
            }
            for (; c < chunks; c += KSPLIT) {
                float a[CHUNK];
                SB_CAT(vstore, CHUNK)(CHUNK_LOAD(c, v), 0, a);
                const uint bits = chunk_bits(mw, c);
#pragma unroll
                for (int i = 0; i < CHUNK; i++) {
                    __global const store_t *br = Bc + (size_t)chunk_col(bits, c, i, K) * BROW;
#pragma unroll
                    for (int w = 0; w < VPT; w++)
                        accs[i % ACCS][w] += a[i] * LOAD_W(w, br);
                }
            }
        } else {
            for (; c < chunks; c += KSPLIT) {
                float a[CHUNK];
                SB_CAT(vstore, CHUNK)(CHUNK_LOAD(c, v), 0, a);
                const uint bits = chunk_bits(mw, c);
                for (int i = 0; i < CHUNK; i++)
                    PARTIAL_FMA(a[i], Bc + (size_t)chunk_col(bits, c, i, K) * BROW);
            }
        }
    }
#else
    if (row < M && avail > 0) {
        // kept values ks, ks + KSPLIT, ...: the work-items of a row read consecutive values (and
        // the meta word 16 of them share), UNROLL at a time, their rows of B loaded before use
        int j = ks;
        if (avail >= WHOLE_COLS) {
#if UNROLL > 1
            for (; j + (UNROLL - 1) * KSPLIT < kept; j += UNROLL * KSPLIT) {
                float a[UNROLL];
                floatV b[UNROLL][VPT];
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    a[u] = LD(j + u * KSPLIT, v);
#pragma unroll
                for (int u = 0; u < UNROLL; u++) {
                    __global const store_t *br = Bc + (size_t)nm_col(mw, j + u * KSPLIT, K) * BROW;
#pragma unroll
                    for (int w = 0; w < VPT; w++)
                        b[u][w] = LOAD_W(w, br);
                }
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#pragma unroll
                    for (int w = 0; w < VPT; w++)
                        accs[u % ACCS][w] += a[u] * b[u][w];
            }
#endif
            for (; j < kept; j += KSPLIT) {
                const float a = LD(j, v);
                __global const store_t *br = Bc + (size_t)nm_col(mw, j, K) * BROW;
#pragma unroll
                for (int w = 0; w < VPT; w++)
                    accs[0][w] += a * LOAD_W(w, br);
            }
        } else {
            for (; j < kept; j += KSPLIT)
                PARTIAL_FMA(LD(j, v), Bc + (size_t)nm_col(mw, j, K) * BROW);
        }
    }
#endif
    floatV acc[VPT];
#pragma unroll
    for (int w = 0; w < VPT; w++) {
        acc[w] = accs[0][w];
#pragma unroll
        for (int q = 1; q < ACCS; q++)
            acc[w] += accs[q][w];
    }
#if KSPLIT > 1
#pragma unroll
    for (int w = 0; w < VPT; w++)
        partial[ks][cx][w] = acc[w];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = KSPLIT / 2; stride > 0; stride /= 2) {
        if (ks < stride)
#pragma unroll
            for (int w = 0; w < VPT; w++)
                partial[ks][cx][w] += partial[ks + stride][cx][w];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
#pragma unroll
    for (int w = 0; w < VPT; w++)
        acc[w] = partial[0][cx][w];
#endif
    if (ks != 0 || row >= M || avail <= 0)
        return;
    __global store_t *out = C + (size_t)row * N + c0;
#pragma unroll
    for (int w = 0; w < VPT; w++) {
#if SHIFT && !PADB
        VSTORE(acc[w], 0, out + off[w]); // columns also stored by another vector: same values
#else
        const int left = avail - w * VEC; // columns from vector w on
        if (left >= VEC)
            VSTORE(acc[w], w, out);
        else if (left > 0)
            vstore_partial(acc[w], out + w * VEC, left);
#endif
    }
}
#endif // VPT == 1
#if PADB
// PADB 1: B (K x N) copied into Bp (K rows of N rounded up to whole VEC x VPT vectors, zeros
// past N), the host's launch before nm_spmm, which then reads Bp as B
__kernel void nm_padb(const int N, const int K, __global const store_t *restrict B,
                      __global store_t *restrict Bp)
{
    const int i = get_global_id(0), k = get_global_id(1);
    const int brow = (N + VEC * VPT - 1) / (VEC * VPT) * (VEC * VPT);
    if (k < K && i < brow)
        Bp[(size_t)k * brow + i] = i < N ? B[(size_t)k * N + i] : 0.0f;
}
#endif
