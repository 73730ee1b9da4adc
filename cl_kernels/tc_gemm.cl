// Dense GEMM on NVIDIA tensor cores (tc_mma.h): C = A * B, A M x K and B K x N row-major in fp16
// (ushort bit patterns: NVIDIA's OpenCL has no cl_khr_fp16) or tf32 (floats already rounded to
// tf32 by the host), C M x N fp32, fp32 accumulation.
//
// One work-group computes a BM x BN tile of C with NWARPS = (BM/WM)*(BN/WN) warps, each a WM x WN
// sub-tile. K is walked in tiles of BK that cp.async copies into a STAGES-deep ring of local
// memory (swizzled, sb_swz); each warp reads its fragments with ldmatrix and issues mma.sync.
// The host pads A's rows (lda >= K) and B's rows (ldb >= N) with zeros to a multiple of 8 halves /
// 4 floats, so every 16-byte chunk is either fully inside or fully outside a matrix (then
// zero-filled); B has K rows.
// Tunables (-D): BM, BN, WM, WN, STAGES, BK (fp16: 16 or 32 halves); TC_TF32=1 selects the tf32
// kernel (BK 16 floats). Local memory is static (48 KB per work-group on NVIDIA's OpenCL: a
// dynamic __local argument of 48 KB is refused there, run gputc-2).
#ifndef BM
#define BM 128
#endif
#ifndef BN
#define BN 128
#endif
#ifndef WM
#define WM 64
#endif
#ifndef WN
#define WN 64
#endif
#ifndef STAGES
#define STAGES 3
#endif
#include "tc_tile.h"

#ifndef TC_TF32
#define TC_TF32 0 // 1: the tf32 kernel
#endif

#if TC_TF32
#define EPC 4            // elements per 16-byte chunk
#define BK 16
typedef float elem_t;
#else
#define EPC 8
#ifndef BK
#define BK 32            // 16 or 32 halves: a smaller BK leaves room for a larger tile or ring
#endif
typedef ushort elem_t;
#endif
#define UA (BK / EPC)    // chunks per row of the A tile
#define UB (BN / EPC)    // chunks per row of the B tile

// TC_ABL (tc_tile.h, diagnostics only): bits 1, 2 and 4 act in the main loop below.

// Copies the A tile (rows row0.., columns k0..) and the B tile (rows k0.., columns col0..) of one
// stage. lda and ldb are multiples of EPC (the host pads A's columns and B's rows with zeros).
inline void tc_load_tiles(__local uint4 *as, __local uint4 *bs, __global const elem_t *A,
                          __global const elem_t *B, int M, int K, int lda, int ldb, int row0,
                          int col0, int k0, int tid)
{
#pragma unroll
    for (int it = 0; it < (BM * UA + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UA, c = i % UA;
        const int gr = row0 + r, gk = k0 + c * EPC;
        const int ok = gr < M && gk < lda && TC_ZF;
        if ((BM * UA) % NTHREADS == 0 || i < BM * UA)
            sb_cp16(as + r * UA + sb_swz(r, c, UA), A + (ok ? (size_t)gr * lda + gk : 0), ok);
    }
#pragma unroll
    for (int it = 0; it < (BK * UB + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UB, c = i % UB;
        const int gk = k0 + r, gn = col0 + c * EPC;
        const int ok = gk < K && gn < ldb && TC_ZF;
#if TC_TF32
        const int pc = c ^ ((r & 3) << 1); // tf32 B is read by scalar loads (k = t, n = g)
#else
        const int pc = sb_swz(r, c, UB);
#endif
        if ((BK * UB) % NTHREADS == 0 || i < BK * UB)
            sb_cp16(bs + r * UB + pc, B + (ok ? (size_t)gk * ldb + gn : 0), ok);
    }
}

__kernel __attribute__((reqd_work_group_size(NTHREADS, 1, 1)))
void tc_gemm(const int M, const int N, const int K, const int lda, const int ldb,
             __global const elem_t *restrict A, __global const elem_t *restrict B,
             __global tc_out_t *restrict C)
{
    __local uint4 As[STAGES * BM * UA];
    __local uint4 Bs[STAGES * BK * UB];
    SB_WARP_SCRATCH(NWARPS)
    const int tid = get_local_id(0), warp = tid / 32, lane = tid % 32;
    const int row0 = get_group_id(1) * BM, col0 = get_group_id(0) * BN;
    const int wm0 = (warp / (BN / WN)) * WM, wn0 = (warp % (BN / WN)) * WN;

    float acc[MT][NT][4];
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int v = 0; v < 4; v++)
                acc[i][j][v] = 0.0f;

    const int ktiles = (lda + BK - 1) / BK;
#if !TC_TF32
    uint af[MT][4], bf[NT][2];
#endif
#pragma unroll
    for (int s = 0; s < STAGES - 1; s++) {
        if (s < ktiles)
            tc_load_tiles(As + s * BM * UA, Bs + s * BK * UB, A, B, M, K, lda, ldb, row0, col0, s * BK, tid);
        sb_cp_commit();
    }

    for (int kt = 0; kt < ktiles; kt++) {
#if !(TC_ABL & 4)
        SB_CP_WAIT(CP_PENDING);
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
        const int pf = kt + STAGES - 1; // refills the stage every warp finished reading
#if !(TC_ABL & 1)
        if (pf < ktiles)
            tc_load_tiles(As + (pf % STAGES) * BM * UA, Bs + (pf % STAGES) * BK * UB, A, B, M, K,
                          lda, ldb, row0, col0, pf * BK, tid);
        sb_cp_commit();
#endif
        __local const uint *as = (__local const uint *)(As + (kt % STAGES) * BM * UA);
        __local const uint *bs = (__local const uint *)(Bs + (kt % STAGES) * BK * UB);
#if !TC_TF32
#pragma unroll
        for (int kk = 0; kk < BK / 16; kk++) {
#if TC_ABL & 2
            if (kt == 0) // fragments of the first k-step only, kept in registers
#endif
            {
#pragma unroll
            for (int i = 0; i < MT; i++) {
                const int r = wm0 + i * 16 + (lane & 15), c = kk * 2 + (lane >> 4);
                sb_ldsm_x4(as, (r * UA + sb_swz(r, c, UA)) * 4, af[i] SB_EMU_ARGS);
            }
#pragma unroll
            for (int j = 0; j < NT; j += 2) {
                const int r = kk * 16 + (lane & 15), c = (wn0 + j * 8) / 8 + (lane >> 4);
                uint q[4];
                sb_ldsm_x4_t(bs, (r * UB + sb_swz(r, c, UB)) * 4, q SB_EMU_ARGS);
                bf[j][0] = q[0];
                bf[j][1] = q[1];
                bf[j + 1][0] = q[2];
                bf[j + 1][1] = q[3];
            }
            }
#pragma unroll
            for (int i = 0; i < MT; i++)
#pragma unroll
                for (int j = 0; j < NT; j++)
                    sb_mma_f16(acc[i][j], af[i], bf[j] SB_EMU_ARGS);
        }
#else
#pragma unroll
        for (int kk = 0; kk < BK / 8; kk++) {
            uint af[MT][4], bf[NT][2];
#pragma unroll
            for (int i = 0; i < MT; i++) {
                // A 16x8 tf32 = four 8x8 b16 matrices: rows 0-7 / 8-15, tf32 columns 0-3 / 4-7.
                const int r = wm0 + i * 16 + (lane & 15), c = kk * 2 + (lane >> 4);
                sb_ldsm_x4(as, (r * UA + sb_swz(r, c, UA)) * 4, af[i] SB_EMU_ARGS);
            }
#pragma unroll
            for (int j = 0; j < NT; j++) {
                const int n = wn0 + j * 8 + (lane >> 2);
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    const int k = kk * 8 + (lane & 3) + 4 * h;
                    const int pc = (n / EPC) ^ ((k & 3) << 1);
                    bf[j][h] = bs[(k * UB + pc) * 4 + (n % EPC)];
                }
            }
#pragma unroll
            for (int i = 0; i < MT; i++)
#pragma unroll
                for (int j = 0; j < NT; j++)
                    sb_mma_tf32(acc[i][j], af[i], bf[j] SB_EMU_ARGS);
        }
#endif
    }
    TC_STORE_ACC(acc, C, M, N, row0 + wm0, col0 + wn0, lane);
}
