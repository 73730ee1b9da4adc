// What the tensor-core kernels (tc_gemm.cl, tc_bsr.cl, tc_nm.cl) share: the warp tiling
// tunables, the pipelined main loop over the cp.async ring, and the epilogue that stores a warp's
// accumulators. A kernel file defines BM (and may define WM) before including this when its tile
// is fixed. The ring lives in dynamic local memory (a __local kernel argument the host sizes), so
// a device that allows more than 48 KB per work-group can take deeper rings or larger tiles.
#ifndef SB_TC_TILE_H
#define SB_TC_TILE_H
#include "tc_mma.h"

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
#define NWARPS ((BM / WM) * (BN / WN))
#define NTHREADS (NWARPS * 32)
#define MT (WM / 16) // m16 tiles per warp
#define NT (WN / 8)  // n8 tiles per warp
#if STAGES == 2
#define CP_PENDING 0
#elif STAGES == 3
#define CP_PENDING 1
#elif STAGES == 4
#define CP_PENDING 2
#elif STAGES == 5
#define CP_PENDING 3
#elif STAGES == 6
#define CP_PENDING 4
#else
#error "STAGES must be 2 .. 6"
#endif

// The main loop (as CUTLASS's multistage GEMM): k-tiles kt = 0 .. ktiles-1 of KK k-steps each
// pass through a STAGES-deep ring. The kernel defines
//   TC_LOAD_STAGE(stage, kt)     issue the cp.async copies of k-tile kt into ring stage `stage`
//   TC_LOAD_FRAGS(buf, stage, kk) ldmatrix the warp's fragments of k-step kk of `stage` into
//                                fragment buffer buf (0 or 1)
//   TC_MMA(buf, stage, kk)       the warp's mma on fragment buffer buf (k-step kk of `stage`, for
//                                a kernel that reads some fragments just in time)
//   TC_FRAGS_1_TO_0()            copy buffer 1 to 0 (only used when KK is odd)
// Fragments are double-buffered: k-step kk+1's are read while kk's mma run. The one barrier per
// k-tile sits before the last k-step, whose mma then overlap the next tile's first ldmatrix; the
// next refill is issued at the start of a k-tile, into the stage every warp finished reading
// before that barrier. All of it is uniform control flow (the emulation needs that).
#define TC_MAINLOOP(ktiles, KK)                                                              \
    do {                                                                                     \
        _Pragma("unroll") for (int s_ = 0; s_ < STAGES - 1; s_++) {                          \
            if (s_ < (ktiles))                                                               \
                TC_LOAD_STAGE(s_, s_);                                                       \
            sb_cp_commit();                                                                  \
        }                                                                                    \
        SB_CP_WAIT(CP_PENDING);                                                              \
        barrier(CLK_LOCAL_MEM_FENCE);                                                        \
        if ((ktiles) > 0)                                                                    \
            TC_LOAD_FRAGS(0, 0, 0);                                                          \
        for (int kt_ = 0; kt_ < (ktiles); kt_++) {                                           \
            const int st_ = kt_ % STAGES;                                                    \
            _Pragma("unroll") for (int kk_ = 0; kk_ < (KK); kk_++) {                         \
                if (kk_ == 0) {                                                              \
                    const int pf_ = kt_ + STAGES - 1;                                        \
                    if (pf_ < (ktiles))                                                      \
                        TC_LOAD_STAGE(pf_ % STAGES, pf_);                                    \
                    sb_cp_commit();                                                          \
                }                                                                            \
                if (kk_ == (KK) - 1) {                                                       \
                    SB_CP_WAIT(CP_PENDING);                                                  \
                    barrier(CLK_LOCAL_MEM_FENCE);                                            \
                    if (kt_ + 1 < (ktiles))                                                  \
                        TC_LOAD_FRAGS((kk_ + 1) % 2, (kt_ + 1) % STAGES, 0);                 \
                } else                                                                       \
                    TC_LOAD_FRAGS((kk_ + 1) % 2, st_, kk_ + 1);                              \
                TC_MMA(kk_ % 2, st_, kk_);                                                             \
            }                                                                                \
            if ((KK) % 2)                                                                    \
                TC_FRAGS_1_TO_0();                                                           \
        }                                                                                    \
    } while (0)

// Writes a warp's accumulators: acc[i][j] is the 16x8 tile at rows r0 + 16i, columns c0 + 8j.
#define TC_STORE_ACC(acc, C, M, N, r0, c0, lane)                                             \
    do {                                                                                     \
        const int g_ = (lane) >> 2, t_ = (lane) & 3;                                         \
        _Pragma("unroll") for (int i_ = 0; i_ < MT; i_++)                                    \
        _Pragma("unroll") for (int j_ = 0; j_ < NT; j_++)                                    \
        _Pragma("unroll") for (int h_ = 0; h_ < 2; h_++) {                                   \
            const int row_ = (r0) + i_ * 16 + g_ + 8 * h_, col_ = (c0) + j_ * 8 + 2 * t_;    \
            if (row_ < (M)) {                                                                \
                __global float *p_ = (C) + (size_t)row_ * (N) + col_;                        \
                if (col_ + 1 < (N) && ((N) & 1) == 0)                                        \
                    *(__global float2 *)p_ = (float2)(acc[i_][j_][2 * h_], acc[i_][j_][2 * h_ + 1]); \
                else {                                                                       \
                    if (col_ < (N)) p_[0] = acc[i_][j_][2 * h_];                             \
                    if (col_ + 1 < (N)) p_[1] = acc[i_][j_][2 * h_ + 1];                     \
                }                                                                            \
            }                                                                                \
        }                                                                                    \
    } while (0)

#endif
