// 2:4 structured-sparse times dense on NVIDIA sparse tensor cores (mma.sp, tc_mma.h): C = A * B,
// fp16 in, fp32 accumulation and output.
//
// A (M x K, two non-zeros in every 4 consecutive columns of a row) is stored compressed: Ac is
// M x KP/2 halves (KP = K rounded up to 32; chunk c of a row keeps its two values, in increasing
// position, at compressed columns 2c, 2c+1) and meta holds the positions in the order mma.sp reads
// them (src/matrix/tc_pack.c, sb_tc_pack_nm): for k-step s (32 columns), m16 tile m, the 16 words
// meta[(s * MTILES + m) * 16 + 2q + p] are the metadata registers of lanes 4q + p (tc_mma.h).
// B is K x N halves with rows of ldb (a multiple of 8, zero-padded).
//
// The work-group and warp tiling is tc_gemm.cl's; a stage holds KSTEPS k-steps of 32 columns: a
// BM x 16*KSTEPS tile of Ac, the BM/16 x KSTEPS metadata words of its warps and a 32*KSTEPS x BN
// tile of B. Tunables (-D): BM, BN, WM, WN, STAGES, KSTEPS.
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

#ifndef KSTEPS
#define KSTEPS 1
#endif
#define BKL (32 * KSTEPS)   // logical columns of A per stage
#define UA (BKL / 16)       // chunks per row of the compressed A tile (8 halves each)
#define UB (BN / 8)         // chunks per row of the B tile
#define META_CHUNKS (KSTEPS * BM / 4)

// Metadata of stage kt: KSTEPS runs of BM/16 tiles x 16 words, 4 words per chunk.
inline void tc_nm_meta(__local uint4 *ms, __global const uint *meta, int ksteps, int mtiles,
                       int row0, int kt, int tid)
{
#pragma unroll
    for (int it = 0; it < (META_CHUNKS + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int s = i / (BM / 4), w = i % (BM / 4);
        const int ks = kt * KSTEPS + s, mt = row0 / 16 + w / 4;
        const int ok = ks < ksteps && mt < mtiles;
        if (META_CHUNKS % NTHREADS == 0 || i < META_CHUNKS)
            sb_cp16(ms + i, meta + (ok ? ((size_t)ks * mtiles + mt) * 16 + (w % 4) * 4 : 0), ok);
    }
}

inline void tc_nm_load(__local uint4 *as, __local uint4 *bs, __local uint4 *ms,
                       __global const ushort *Ac, __global const uint *meta,
                       __global const ushort *B, int M, int K, int ldb, int ksteps, int mtiles,
                       int row0, int col0, int kt, int tid)
{
    const int lda = ksteps * 16; // halves per compressed row
    const int kc0 = kt * KSTEPS * 16;
#pragma unroll
    for (int it = 0; it < (BM * UA + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UA, c = i % UA;
        const int gr = row0 + r, gk = kc0 + c * 8;
        const int ok = gr < M && gk < lda && TC_ZF;
        if ((BM * UA) % NTHREADS == 0 || i < BM * UA)
            sb_cp16(as + r * UA + sb_swz(r, c, UA), Ac + (ok ? (size_t)gr * lda + gk : 0), ok);
    }
    const int k0 = kt * BKL;
#pragma unroll
    for (int it = 0; it < (BKL * UB + NTHREADS - 1) / NTHREADS; it++) {
        const int i = tid + it * NTHREADS;
        const int r = i / UB, c = i % UB;
        const int gk = k0 + r, gn = col0 + c * 8;
        const int ok = gk < K && gn < ldb && TC_ZF;
        if ((BKL * UB) % NTHREADS == 0 || i < BKL * UB)
            sb_cp16(bs + r * UB + sb_swz(r, c, UB), B + (ok ? (size_t)gk * ldb + gn : 0), ok);
    }
    tc_nm_meta(ms, meta, ksteps, mtiles, row0, kt, tid);
}

__kernel __attribute__((reqd_work_group_size(NTHREADS, 1, 1)))
void tc_nm(const int M, const int N, const int K, const int ldb, const int ksteps,
           const int mtiles, __global const ushort *restrict Ac, __global const uint *restrict meta,
           __global const ushort *restrict B, __global tc_out_t *restrict C)
{
    __local uint4 As[STAGES * BM * UA];
    __local uint4 Bs[STAGES * BKL * UB];
    __local uint4 Ms[STAGES * META_CHUNKS];
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

    const int ktiles = (ksteps + KSTEPS - 1) / KSTEPS;
#pragma unroll
    for (int s = 0; s < STAGES - 1; s++) {
        if (s < ktiles)
            tc_nm_load(As + s * BM * UA, Bs + s * BKL * UB, Ms + s * META_CHUNKS, Ac, meta, B, M,
                       K, ldb, ksteps, mtiles, row0, col0, s, tid);
        sb_cp_commit();
    }
    for (int kt = 0; kt < ktiles; kt++) {
        SB_CP_WAIT(CP_PENDING);
        barrier(CLK_LOCAL_MEM_FENCE);
        const int pf = kt + STAGES - 1;
        if (pf < ktiles)
            tc_nm_load(As + (pf % STAGES) * BM * UA, Bs + (pf % STAGES) * BKL * UB,
                       Ms + (pf % STAGES) * META_CHUNKS, Ac, meta, B, M, K, ldb, ksteps, mtiles,
                       row0, col0, pf, tid);
        sb_cp_commit();
        __local const uint *as = (__local const uint *)(As + (kt % STAGES) * BM * UA);
        __local const uint *bs = (__local const uint *)(Bs + (kt % STAGES) * BKL * UB);
        __local const uint *ms = (__local const uint *)(Ms + (kt % STAGES) * META_CHUNKS);
#pragma unroll
        for (int s = 0; s < KSTEPS; s++) {
            if (KSTEPS > 1 && kt * KSTEPS + s >= ksteps) // uniform: the whole work-group skips
                break;
            uint af[MT][4], bf[NT][4], e[MT];
#pragma unroll
            for (int i = 0; i < MT; i++) {
                const int r = wm0 + i * 16 + (lane & 15), c = s * 2 + (lane >> 4);
                sb_ldsm_x4(as, (r * UA + sb_swz(r, c, UA)) * 4, af[i] SB_EMU_ARGS);
                e[i] = ms[(s * (BM / 16) + wm0 / 16 + i) * 16 + (lane >> 2) * 2 + (lane & 1)];
            }
#pragma unroll
            for (int j = 0; j < NT; j++) {
                const int r = s * 32 + lane, c = (wn0 + j * 8) / 8;
                sb_ldsm_x4_t(bs, (r * UB + sb_swz(r, c, UB)) * 4, bf[j] SB_EMU_ARGS);
            }
#pragma unroll
            for (int i = 0; i < MT; i++)
#pragma unroll
                for (int j = 0; j < NT; j++)
                    sb_mma_sp_f16(acc[i][j], af[i], bf[j], e[i] SB_EMU_ARGS);
        }
    }
    TC_STORE_ACC(acc, C, M, N, row0 + wm0, col0 + wn0, lane);
}
