// CSR SpMM with B staged in local memory: C = A * B, A sparse M x K in CSR (columns strictly
// increasing within a row), B dense K x N row-major, C dense M x N row-major.
//
// The row blocks (csr_spmm.cl) read one row of B per non-zero through L1 and L2; on the H200 they
// and cuSPARSE run at what L2 serves (PERF_NOTES: "the gather is bound by its L2 requests"). Here
// a work-group computes a panel of PR = TR x RPT rows by TW = TC x VEC columns of C: it walks K in
// chunks of BK, stages the chunk's BK x TW slice of B in local memory (every row of the slice,
// once, in coalesced vector loads), and the panel's rows read their rows of B from there. A
// staged value of B feeds PR x density multiply-adds (about 6 for 64 rows at 90% sparsity), so L2
// serves 1 / (PR x density) of what the gather asks of it, and local memory the rest; below about
// one row a staged row of B it loads more than the gather would.
//
// Work-item (tc, tr) holds VPT vectors of VEC columns, n0 + tc * VEC + v * TC * VEC (a warp's
// lanes read adjacent vectors of a staged row: no bank conflicts), of RPT rows m0 + tr * RPT + i,
// and each row's place in its non-zeros (cur) and the column there (nc, INT_MAX past the row's
// end). A row's non-zeros in a chunk are one index and one value for VPT vector loads from local
// memory (the index work, which every lane issues, shared by VPT x VEC columns). Pipeline, one
// barrier per chunk: the next chunk's slice is loaded into registers before the current one is
// multiplied and stored to the other buffer after. The ragged last column tile stages zeros past
// N and stores only columns that exist.
// Tunables (-D): VEC (1/2/4), VPT (vectors per work-item), TC (column work-items), TR (row
// work-items), RPT (rows per work-item), BK (rows of B a chunk); the work-group is TC x TR.
// SB_HALF (common.h): A's values, B and C in halves, staged as floats.
#ifndef VEC
#define VEC 4
#endif
#ifndef VPT
#define VPT 2
#endif
#ifndef TC
#define TC 32
#endif
#ifndef TR
#define TR 8
#endif
#ifndef RPT
#define RPT 4
#endif
#ifndef BK
#define BK 16
#endif
#ifndef UNROLL
#define UNROLL 1
#endif
#include "common.h"

#define WG (TC * TR)
#define VSTEP (TC * VEC)                    // a work-item's vectors are VSTEP columns apart
#define TW (VSTEP * VPT)                    // columns of the panel
#define SLICE_VECS (BK * TW / VEC)          // vectors of VEC in a staged slice
#define LOADS ((SLICE_VECS + WG - 1) / WG)  // of them per work-item

#if VEC == 1
#define LVLOAD(p) (*(p))
#define LVSTORE(v, p) (*(p) = (v))
#else
#define LVLOAD(p) SB_CAT(vload, VEC)(0, p)
#define LVSTORE(v, p) SB_CAT(vstore, VEC)(v, 0, p)
#endif

// The slice of B in rows [k0, k0 + BK), columns [n0, n0 + TW) into registers: zeros past K and
// past N (whole: the tile ends within N, no column guard).
inline void load_slice(floatV *pre, __global const store_t *restrict B, const int N, const int K,
                       const int k0, const int n0, const int whole, const int lid)
{
#pragma unroll
    for (int l = 0; l < LOADS; l++) {
        const int v = lid + l * WG;
        const int k = k0 + v / (TW / VEC);
        const int col = n0 + (v % (TW / VEC)) * VEC;
        pre[l] = (floatV)(0.0f);
        if (v < SLICE_VECS && k < K) {
            __global const store_t *b = B + (size_t)k * N + col;
            if (whole || col + VEC <= N)
                pre[l] = VLOAD(0, b);
            else if (col < N)
                pre[l] = vload_partial(b, N - col);
        }
    }
}

inline void store_slice(const floatV *pre, __local float *bs, const int lid)
{
#pragma unroll
    for (int l = 0; l < LOADS; l++) {
        const int v = lid + l * WG;
        if (v < SLICE_VECS)
            LVSTORE(pre[l], bs + v * VEC);
    }
}

__kernel __attribute__((reqd_work_group_size(WG, 1, 1)))
void csr_spmm_panel(const int M, const int N, const int K,
                    __global const int *restrict row_ptr,
                    __global const int *restrict col_idx,
                    __global const store_t *restrict val,
                    __global const store_t *restrict B,
                    __global store_t *restrict C,
                    __global const int *restrict cptr) // row r's offset at chunk c: r * (chunks + 1) + c
{
    __local float Bs[2][BK * TW];
    const int lid = get_local_id(0);
    const int tc = lid % TC;
    const int tr = lid / TC;
    const int panels = (M + TR * RPT - 1) / (TR * RPT);
    // panels first: the work-groups in flight stage the same column tile of B (L2 hits)
    const int pg = get_group_id(0) % panels;
    const int ct = get_group_id(0) / panels;
    const int n0 = ct * TW;
    const int m0 = pg * TR * RPT + tr * RPT; // this work-item's first row
    const int whole = n0 + TW <= N;

    int cur[RPT], end[RPT], nc[RPT];
    floatV acc[RPT][VPT];
#pragma unroll
    for (int i = 0; i < RPT; i++) {
        const int row = m0 + i;
        cur[i] = row < M ? row_ptr[row] : 0;
        end[i] = row < M ? row_ptr[row + 1] : 0;
        nc[i] = cur[i] < end[i] ? col_idx[cur[i]] : INT_MAX;
#pragma unroll
        for (int v = 0; v < VPT; v++)
            acc[i][v] = (floatV)(0.0f);
    }

    floatV pre[LOADS];
    load_slice(pre, B, N, K, 0, n0, whole, lid);
    store_slice(pre, Bs[0], lid);
    barrier(CLK_LOCAL_MEM_FENCE);
    const int chunks = (K + BK - 1) / BK;
    for (int c = 0; c < chunks; c++) {
        const int k0 = c * BK;
        const int k1 = k0 + BK;
        const int has_next = c + 1 < chunks;
        if (has_next)
            load_slice(pre, B, N, K, k1, n0, whole, lid);
        __local const float *bs = Bs[c & 1] + tc * VEC;
#if UNROLL > 1
#pragma unroll
        for (int i = 0; i < RPT; i++) { // each row's non-zeros in the chunk, UNROLL at once
            const int row = m0 + i;
            if (row >= M)
                continue;
            const int e = cptr[(size_t)row * (chunks + 1) + c + 1];
            int j = cur[i];
            for (; j + UNROLL <= e; j += UNROLL) {
                int cc[UNROLL];
                float aa[UNROLL];
#pragma unroll
                for (int u = 0; u < UNROLL; u++) {
                    cc[u] = (col_idx[j + u] - k0) * TW;
                    aa[u] = LD(j + u, val);
                }
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
#pragma unroll
                    for (int v = 0; v < VPT; v++)
                        acc[i][v] += aa[u] * LVLOAD(bs + cc[u] + v * VSTEP);
            }
            for (; j < e; j++) {
                const float a = LD(j, val);
                __local const float *b = bs + (col_idx[j] - k0) * TW;
#pragma unroll
                for (int v = 0; v < VPT; v++)
                    acc[i][v] += a * LVLOAD(b + v * VSTEP);
            }
            cur[i] = e;
        }
#else
#pragma unroll
        for (int i = 0; i < RPT; i++) { // each row's non-zeros in the chunk
            while (nc[i] < k1) {
                const float a = LD(cur[i], val);
                __local const float *b = bs + (nc[i] - k0) * TW;
                cur[i]++;
                nc[i] = cur[i] < end[i] ? col_idx[cur[i]] : INT_MAX;
#pragma unroll
                for (int v = 0; v < VPT; v++)
                    acc[i][v] += a * LVLOAD(b + v * VSTEP);
            }
        }
#endif
        if (has_next)
            store_slice(pre, Bs[(c + 1) & 1], lid);
        barrier(CLK_LOCAL_MEM_FENCE);
    }

#pragma unroll
    for (int i = 0; i < RPT; i++) {
        const int row = m0 + i;
#pragma unroll
        for (int v = 0; v < VPT; v++) {
            const int col = n0 + tc * VEC + v * VSTEP;
            if (row < M && col < N) {
                __global store_t *c_out = C + (size_t)row * N + col;
                if (col + VEC <= N)
                    VSTORE(acc[i][v], 0, c_out);
                else
                    vstore_partial(acc[i][v], c_out, N - col);
            }
        }
    }
}
