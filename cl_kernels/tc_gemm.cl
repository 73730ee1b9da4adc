// Dense GEMM on NVIDIA tensor cores (tc_mma.h): C = A * B, A M x K and B K x N row-major in fp16
// (ushort bit patterns: NVIDIA's OpenCL has no cl_khr_fp16) or tf32 (floats already rounded to
// tf32 by the host), C M x N fp32, fp32 accumulation.
//
// One work-group computes a BM x BN tile of C with NWARPS = (BM/WM)*(BN/WN) warps, each a WM x WN
// sub-tile. K is walked in tiles of BK that cp.async copies into a STAGES-deep ring of local
// memory (swizzled, sb_swz; TC_MAINLOOP in tc_tile.h); each warp reads its fragments with
// ldmatrix and issues mma.sync.
// The host pads A's rows (lda >= K) and B's rows (ldb >= N) with zeros to a multiple of 8 halves /
// 4 floats, so every 16-byte chunk is either fully inside or fully outside a matrix (then
// zero-filled); B has K rows.
// Tunables (-D): BM, BN, WM, WN, STAGES; TC_TF32 selects the tf32 kernel (BK 16 floats), else fp16
// (BK 32 halves).
#include "tc_tile.h"

#ifdef TC_TF32
#define EPC 4            // elements per 16-byte chunk
#define BK 16
typedef float elem_t;
#else
#define EPC 8
#define BK 32
typedef ushort elem_t;
#endif
#define UA (BK / EPC)    // chunks per row of the A tile
#define UB (BN / EPC)    // chunks per row of the B tile

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
        const int ok = gr < M && gk < lda;
        if ((BM * UA) % NTHREADS == 0 || i < BM * UA)
            sb_cp16(as + r * UA + sb_swz(r, c, UA), A + (ok ? (size_t)gr * lda + gk : 0), ok);
    }
#pragma unroll
    for (int it = 0; it < (BK * UB + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UB, c = i % UB;
        const int gk = k0 + r, gn = col0 + c * EPC;
        const int ok = gk < K && gn < ldb;
#ifdef TC_TF32
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
             __global float *restrict C,
             __local uint4 *restrict ring) // STAGES x (BM*UA + BK*UB) 16-byte chunks
{
    SB_WARP_SCRATCH(NWARPS)
    __local uint4 *const As = ring;                      // STAGES x BM x UA chunks
    __local uint4 *const Bs = ring + STAGES * BM * UA;   // STAGES x BK x UB chunks
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
    uint af[2][MT][4];
#ifndef TC_TF32
    uint bf[2][NT][2];
#endif

#define TC_LOAD_STAGE(stage, kt)                                                             \
    tc_load_tiles(As + (stage) * BM * UA, Bs + (stage) * BK * UB, A, B, M, K, lda, ldb, row0, \
                  col0, (kt) * BK, tid)
#ifndef TC_TF32
#define TC_KK (BK / 16)
#define TC_LOAD_FRAGS(buf, stage, kk)                                                        \
    do {                                                                                     \
        __local const uint *as_ = (__local const uint *)(As + (stage) * BM * UA);            \
        __local const uint *bs_ = (__local const uint *)(Bs + (stage) * BK * UB);            \
        _Pragma("unroll") for (int i = 0; i < MT; i++) {                                     \
            const int r = wm0 + i * 16 + (lane & 15), c = (kk) * 2 + (lane >> 4);            \
            sb_ldsm_x4(as_, (r * UA + sb_swz(r, c, UA)) * 4, af[buf][i] SB_EMU_ARGS);        \
        }                                                                                    \
        _Pragma("unroll") for (int j = 0; j < NT; j += 2) {                                  \
            const int r = (kk) * 16 + (lane & 15), c = (wn0 + j * 8) / 8 + (lane >> 4);      \
            uint q[4];                                                                       \
            sb_ldsm_x4_t(bs_, (r * UB + sb_swz(r, c, UB)) * 4, q SB_EMU_ARGS);               \
            bf[buf][j][0] = q[0];                                                            \
            bf[buf][j][1] = q[1];                                                            \
            bf[buf][j + 1][0] = q[2];                                                        \
            bf[buf][j + 1][1] = q[3];                                                        \
        }                                                                                    \
    } while (0)
#define TC_MMA(buf, stage, kk)                                                                        \
    _Pragma("unroll") for (int i = 0; i < MT; i++)                                           \
    _Pragma("unroll") for (int j = 0; j < NT; j++)                                           \
        sb_mma_f16(acc[i][j], af[buf][i], bf[buf][j] SB_EMU_ARGS)
#else
// tf32: A double-buffered; B (scalar loads, k = t and t + 4 of column g) read just before its mma.
#define TC_KK (BK / 8)
#define TC_LOAD_FRAGS(buf, stage, kk)                                                        \
    do {                                                                                     \
        __local const uint *as_ = (__local const uint *)(As + (stage) * BM * UA);            \
        _Pragma("unroll") for (int i = 0; i < MT; i++) {                                     \
            /* A 16x8 tf32 = four 8x8 b16 matrices: rows 0-7 / 8-15, columns 0-3 / 4-7 */     \
            const int r = wm0 + i * 16 + (lane & 15), c = (kk) * 2 + (lane >> 4);            \
            sb_ldsm_x4(as_, (r * UA + sb_swz(r, c, UA)) * 4, af[buf][i] SB_EMU_ARGS);        \
        }                                                                                    \
    } while (0)
#define TC_MMA(buf, stage, kk)                                                               \
    do {                                                                                     \
        __local const uint *bs_ = (__local const uint *)(Bs + (stage) * BK * UB);            \
        _Pragma("unroll") for (int j = 0; j < NT; j++) {                                     \
            const int n = wn0 + j * 8 + (lane >> 2);                                         \
            uint b_[2];                                                                      \
            _Pragma("unroll") for (int h = 0; h < 2; h++) {                                  \
                const int k = (kk) * 8 + (lane & 3) + 4 * h;                                 \
                b_[h] = bs_[(k * UB + ((n / EPC) ^ ((k & 3) << 1))) * 4 + (n % EPC)];        \
            }                                                                                \
            _Pragma("unroll") for (int i = 0; i < MT; i++)                                   \
                sb_mma_tf32(acc[i][j], af[buf][i], b_ SB_EMU_ARGS);                          \
        }                                                                                    \
    } while (0)
#endif
#define TC_FRAGS_1_TO_0()                                                                    \
    do {                                                                                     \
        _Pragma("unroll") for (int i = 0; i < MT; i++)                                       \
        _Pragma("unroll") for (int v = 0; v < 4; v++) af[0][i][v] = af[1][i][v];             \
        TC_COPY_B_1_TO_0();                                                                  \
    } while (0)
#ifndef TC_TF32
#define TC_COPY_B_1_TO_0()                                                                   \
    _Pragma("unroll") for (int j = 0; j < NT; j++)                                           \
    _Pragma("unroll") for (int v = 0; v < 2; v++) bf[0][j][v] = bf[1][j][v]
#else
#define TC_COPY_B_1_TO_0()
#endif

    const int ktiles = (lda + BK - 1) / BK;
    TC_MAINLOOP(ktiles, TC_KK);
    TC_STORE_ACC(acc, C, M, N, row0 + wm0, col0 + wn0, lane);
}
