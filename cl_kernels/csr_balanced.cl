// Load-balanced CSR SpMM for skewed rows: C = A * B (layouts as in csr_spmm.cl).
//
// Two ideas from Sputnik (Gale et al. 2020) and clSPARSE's CSR-adaptive:
//  - row swizzle: `row_order` lists the rows by decreasing length, so the work-groups that run
//    together get rows of similar length and no group waits on one long row;
//  - split rows: KSPLIT work-items share each output element, each taking every KSPLIT-th
//    non-zero of the row, and reduce through local memory, so a long row is spread out.
// Work-group: (COLS_PER_WG column groups of VEC) x KSPLIT, one row per work-group.
// A work-item walks its share of a row UNROLL non-zeros at a time, their indices and rows of B
// loaded before the first is used: a long row is a chain of dependent loads otherwise, bound by
// latency (PERF_NOTES.md: 512 x 4608 at N = 49, 0.5 us per step).
// SHIFT = 1: where N is not a multiple of VEC, the row's last vector, which is partial, computes
// the row's last VEC columns instead (full-width loads and stores, its first columns also the
// vector before's, computed in the same order to the same values and stored twice; the host keeps
// VEC <= N); 0: the partial path (vload_partial, lane by lane), which set the row's time on the
// H200 (nm_spmm.cl's SHIFT, rs13).
// Tunables (-D): VEC, KSPLIT (power of two), COLS_PER_WG, UNROLL, SHIFT; SB_HALF (common.h) for
// fp16 storage.
#ifndef VEC
#define VEC 4
#endif
#ifndef KSPLIT
#define KSPLIT 4
#endif
#ifndef COLS_PER_WG
#define COLS_PER_WG 16
#endif
#ifndef UNROLL
#define UNROLL 1
#endif
#ifndef SHIFT
#define SHIFT 0
#endif
#include "common.h"

__kernel __attribute__((reqd_work_group_size(COLS_PER_WG, KSPLIT, 1)))
void csr_spmm_balanced(const int M, const int N,
                       __global const int *restrict row_order,
                       __global const int *restrict row_ptr,
                       __global const int *restrict col_idx,
                       __global const store_t *restrict val,
                       __global const store_t *restrict B,
                       __global store_t *restrict C)
{
    __local floatV partial[KSPLIT][COLS_PER_WG];
    const int cx = get_local_id(0);
    const int ks = get_local_id(1);
    const int row = row_order[get_group_id(1)];
#if SHIFT
    const int cv = (get_group_id(0) * COLS_PER_WG + cx) * VEC;
    const int c0 = cv < N ? min(cv, N - VEC) : cv;
#else
    const int c0 = (get_group_id(0) * COLS_PER_WG + cx) * VEC;
#endif
    const int avail = N - c0; // columns of this vector that exist

    floatV acc = (floatV)(0.0f);
    if (avail > 0) {
        const int end = row_ptr[row + 1];
        if (avail >= VEC) {
            int j = row_ptr[row] + ks;
#if UNROLL > 1
            for (; j + (UNROLL - 1) * KSPLIT < end; j += UNROLL * KSPLIT) {
                float a[UNROLL];
                floatV b[UNROLL];
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    a[u] = LD(j + u * KSPLIT, val);
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    b[u] = VLOAD(0, B + (size_t)col_idx[j + u * KSPLIT] * N + c0);
#pragma unroll
                for (int u = 0; u < UNROLL; u++)
                    acc += a[u] * b[u];
            }
#endif
            for (; j < end; j += KSPLIT)
                acc += LD(j, val) * VLOAD(0, B + (size_t)col_idx[j] * N + c0);
        } else {
            for (int j = row_ptr[row] + ks; j < end; j += KSPLIT)
                acc += LD(j, val) * vload_partial(B + (size_t)col_idx[j] * N + c0, avail);
        }
    }
    partial[ks][cx] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = KSPLIT / 2; stride > 0; stride /= 2) {
        if (ks < stride)
            partial[ks][cx] += partial[ks + stride][cx];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (ks == 0 && avail > 0) {
        __global store_t *out = C + (size_t)row * N + c0;
        if (avail >= VEC)
            VSTORE(partial[0][cx], 0, out);
        else
            vstore_partial(partial[0][cx], out, avail);
    }
}
