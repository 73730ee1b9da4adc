// The multiply half of the dense-tile SpMM kernels (csr_tile.cl, nm_tile.cl): a work-group owns a
// BM x BN tile of C and multiplies, chunk by chunk of K, a dense BM x BK tile of A (expanded by the
// including kernel from its sparse format into local memory, k-major: As[k * SA + m]) with the
// BK x BN slice of B (loaded and staged by the functions here, Bs[k * SB + n]).
// MMA = 0: each work-item owns TM x TN outputs (FMA on CUDA cores / SIMD).
// MMA = 1: each warp of 32 owns a (BM/WM) x (BN/WN) tile of m16n8k8 tensor-core products in
// 3xTF32 (a = big + small, both TF32; a*b = big*big + big*small + small*big in fp32 accumulators),
// which keeps fp32 accuracy (about 2^-21 relative per product). SB_NV_MMA = 1 (set by the host for
// NVIDIA devices of compute capability 8.0 and up) emits the PTX instructions; elsewhere the same
// fragments go through an emulation in local memory that follows the PTX ISA's fragment layout,
// so the tile logic is tested on any device.
// Tunables (-D): BM, BN, BK, TM, TN, MMA, WM, WN; B_VEC4 = 1 when N % 4 == 0 (B rows and C rows
// are then 16-byte aligned: vector loads and stores). SB_HALF = 1 (nm_tile's fp16 cases): B and C
// in halves (TILE_IO), converted on load and rounded on store; the tiles and sums stay floats.
#ifndef SB_TILE_CORE_H
#define SB_TILE_CORE_H

// every helper is inlined: its private arrays (the accumulators) then stay in registers
#define SB_TILE_FN inline __attribute__((always_inline))

#ifndef BM
#define BM 64
#endif
#ifndef BN
#define BN 64
#endif
#ifndef BK
#define BK 16
#endif
#ifndef TM
#define TM 4
#endif
#ifndef TN
#define TN 4
#endif
#ifndef MMA
#define MMA 0
#endif
#ifndef WM
#define WM 2
#endif
#ifndef WN
#define WN 2
#endif
#ifndef B_VEC4
#define B_VEC4 0
#endif
#ifndef SB_NV_MMA
#define SB_NV_MMA 0
#endif
#ifndef SB_HALF
#define SB_HALF 0
#endif
#if SB_HALF
#define TILE_IO half // what B and C hold
#else
#define TILE_IO float
#endif

#if MMA
#define THREADS (32 * WM * WN)
#define WTM (BM / WM) // a warp's tile
#define WTN (BN / WN)
#define MT (WTM / 16) // m16n8 products per warp tile
#define NT (WTN / 8)
#else
#define THREADS ((BM / TM) * (BN / TN))
#endif

// local tiles: A stored k-major (As[k][m]), B as Bs[k][n]; rows padded by 8 floats, which keeps
// 16-byte alignment and spreads a tensor-core fragment's 32 reads over 32 banks
#define SA (BM + 8)
#define SB (BN + 8)
#define A_TILE (BK * SA)
#define B_TILE (BK * SB)
#if B_VEC4
#define BVW 4
typedef float4 floatB;
#else
#define BVW 1
typedef float floatB;
#endif
#define B_VECS (BK * BN / BVW)
#define B_LOADS ((B_VECS + THREADS - 1) / THREADS)

#if MMA
// Rounds to TF32 (10 explicit mantissa bits, to nearest, ties away from zero); the result is an
// fp32 bit pattern with the low 13 bits clear.
#if SB_NV_MMA
SB_TILE_FN uint to_tf32(float x)
{
    uint r;
    __asm__("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return r;
}
#define MMA_TF32(c, a, b)                                                                        \
    __asm__ __volatile__("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "                   \
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"                         \
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])                                \
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]))
#else
SB_TILE_FN uint to_tf32(float x)
{
    return (as_uint(x) + 0x1000u) & 0xffffe000u;
}
// The PTX fragment layout of m16n8k8 (.row.col, tf32), lane = 4 * g + t:
// a0 = A[g][t], a1 = A[g+8][t], a2 = A[g][t+4], a3 = A[g+8][t+4]; b0 = B[t][g], b1 = B[t+4][g];
// c_q = C[g + 8*(q/2)][2t + q%2]. Every work-item of the group calls it (uniform control flow).
SB_TILE_FN void mma_emulated(float *c, const uint *a, const uint *b, __local float *ea,
                             __local float *eb, int lane)
{
    const int g = lane >> 2, t = lane & 3;
    ea[g * 8 + t] = as_float(a[0]);
    ea[(g + 8) * 8 + t] = as_float(a[1]);
    ea[g * 8 + t + 4] = as_float(a[2]);
    ea[(g + 8) * 8 + t + 4] = as_float(a[3]);
    eb[t * 8 + g] = as_float(b[0]);
    eb[(t + 4) * 8 + g] = as_float(b[1]);
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int q = 0; q < 4; q++) {
        const int r = g + 8 * (q >> 1), col = 2 * t + (q & 1);
        float s = 0.0f;
        for (int k = 0; k < 8; k++)
            s += ea[r * 8 + k] * eb[k * 8 + col];
        c[q] += s;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}
#define MMA_TF32(c, a, b) mma_emulated(c, a, b, emu_a, emu_b, lane)
#endif
#endif


#if MMA
#define ACC_DECL(acc) float acc[MT][NT][4]
#if SB_NV_MMA
#define EMU_PARAMS
#define EMU_ARGS
#define EMU_DECL
#else
#define EMU_PARAMS , __local float *emu_a, __local float *emu_b
#define EMU_ARGS , emu_a_all[get_local_id(0) / 32], emu_b_all[get_local_id(0) / 32]
#define EMU_DECL                                                                                 \
    __local float emu_a_all[THREADS / 32][128];                                                  \
    __local float emu_b_all[THREADS / 32][64];
#endif
#else
#define ACC_DECL(acc) float acc[TM][TN]
#define EMU_PARAMS
#define EMU_ARGS
#define EMU_DECL
#endif

SB_TILE_FN void tile_zero(ACC_DECL(acc))
{
#if MMA
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int r = 0; r < 4; r++)
                acc[i][j][r] = 0.0f;
#else
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
        for (int j = 0; j < TN; j++)
            acc[i][j] = 0.0f;
#endif
}

// The BK x BN slice of B at rows k0.., columns n0.. into registers (zeros past K and N).
SB_TILE_FN void tile_load_b(floatB *pb, __global const TILE_IO *restrict B, int N, int K, int k0,
                            int n0, int tid)
{
#pragma unroll
    for (int l = 0; l < B_LOADS; l++) {
        const int idx = tid + l * THREADS;
        const int kr = idx / (BN / BVW), cc = (idx % (BN / BVW)) * BVW;
        const int gk = k0 + kr, gn = n0 + cc;
        pb[l] = (floatB)(0.0f);
        if (idx < B_VECS && gk < K && gn < N) {
#if B_VEC4 && SB_HALF
            pb[l] = vload_half4(0, B + (size_t)gk * N + gn);
#elif B_VEC4
            pb[l] = *(__global const float4 *)(B + (size_t)gk * N + gn);
#elif SB_HALF
            pb[l] = vload_half((size_t)gk * N + gn, B);
#else
            pb[l] = B[(size_t)gk * N + gn];
#endif
        }
    }
}

SB_TILE_FN void tile_store_b(const floatB *pb, __local float *b_n, int tid)
{
#pragma unroll
    for (int l = 0; l < B_LOADS; l++) {
        const int idx = tid + l * THREADS;
        const int kr = idx / (BN / BVW), cc = (idx % (BN / BVW)) * BVW;
        if (idx < B_VECS) {
#if B_VEC4
            *(__local float4 *)(b_n + kr * SB + cc) = pb[l];
#else
            b_n[kr * SB + cc] = pb[l];
#endif
        }
    }
}

// acc += As * Bs over one chunk of BK.
SB_TILE_FN void tile_multiply(ACC_DECL(acc), __local const float *a_s, __local const float *b_s,
                              int tid EMU_PARAMS)
{
#if MMA
    const int warp = tid / 32, lane = tid % 32;
    const int wm = warp / WN, wn = warp % WN;
    const int g = lane >> 2, t = lane & 3;
    // The chunk's products are summed by the tensor cores into a fresh accumulator and added to
    // acc with ordinary fp32 adds: the tensor cores' own fp32 accumulation truncates, and summed
    // over all of K it lost too much (relative error 1.2-2.9e-5 at K >= 2048, measured).
    float part[MT][NT][4];
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int r = 0; r < 4; r++)
                part[i][j][r] = 0.0f;
#pragma unroll
    for (int ks = 0; ks < BK; ks += 8) {
        uint a_big[MT][4], a_small[MT][4], b_big[NT][2], b_small[NT][2];
#pragma unroll
        for (int i = 0; i < MT; i++) {
            const int m = wm * WTM + i * 16 + g;
            float x[4];
            x[0] = a_s[(ks + t) * SA + m];
            x[1] = a_s[(ks + t) * SA + m + 8];
            x[2] = a_s[(ks + t + 4) * SA + m];
            x[3] = a_s[(ks + t + 4) * SA + m + 8];
#pragma unroll
            for (int r = 0; r < 4; r++) {
                a_big[i][r] = to_tf32(x[r]);
                a_small[i][r] = to_tf32(x[r] - as_float(a_big[i][r]));
            }
        }
#pragma unroll
        for (int j = 0; j < NT; j++) {
            const int n = wn * WTN + j * 8 + g;
            float y[2];
            y[0] = b_s[(ks + t) * SB + n];
            y[1] = b_s[(ks + t + 4) * SB + n];
#pragma unroll
            for (int r = 0; r < 2; r++) {
                b_big[j][r] = to_tf32(y[r]);
                b_small[j][r] = to_tf32(y[r] - as_float(b_big[j][r]));
            }
        }
#pragma unroll
        for (int i = 0; i < MT; i++)
#pragma unroll
            for (int j = 0; j < NT; j++) {
                MMA_TF32(part[i][j], a_small[i], b_big[j]);
                MMA_TF32(part[i][j], a_big[i], b_small[j]);
                MMA_TF32(part[i][j], a_big[i], b_big[j]);
            }
    }
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int r = 0; r < 4; r++)
                acc[i][j][r] += part[i][j][r];
#else
    const int tm = tid / (BN / TN), tn = tid % (BN / TN);
#pragma unroll 4
    for (int kk = 0; kk < BK; kk++) {
        float a[TM], b[TN];
#if TM % 4 == 0
#pragma unroll
        for (int i = 0; i < TM; i += 4) {
            const float4 v = *(__local const float4 *)(a_s + kk * SA + tm * TM + i);
            a[i] = v.x, a[i + 1] = v.y, a[i + 2] = v.z, a[i + 3] = v.w;
        }
#else
#pragma unroll
        for (int i = 0; i < TM; i++)
            a[i] = a_s[kk * SA + tm * TM + i];
#endif
#if TN % 4 == 0
#pragma unroll
        for (int j = 0; j < TN; j += 4) {
            const float4 v = *(__local const float4 *)(b_s + kk * SB + tn * TN + j);
            b[j] = v.x, b[j + 1] = v.y, b[j + 2] = v.z, b[j + 3] = v.w;
        }
#else
#pragma unroll
        for (int j = 0; j < TN; j++)
            b[j] = b_s[kk * SB + tn * TN + j];
#endif
#pragma unroll
        for (int i = 0; i < TM; i++)
#pragma unroll
            for (int j = 0; j < TN; j++)
                acc[i][j] = fma(a[i], b[j], acc[i][j]);
    }
#endif
}

// Writes this work-item's outputs of the tile at (m0, n0) (rows past M, columns past N skipped).
SB_TILE_FN void tile_write_c(ACC_DECL(acc), __global TILE_IO *restrict C, int M, int N, int m0,
                             int n0, int tid)
{
#if MMA
    const int warp = tid / 32, lane = tid % 32;
    const int wm = warp / WN, wn = warp % WN;
    const int g = lane >> 2, t = lane & 3;
#pragma unroll
    for (int i = 0; i < MT; i++)
#pragma unroll
        for (int j = 0; j < NT; j++)
#pragma unroll
            for (int h = 0; h < 2; h++) { // rows g and g + 8 of the m16n8 product
                const int row = m0 + wm * WTM + i * 16 + g + 8 * h;
                const int col = n0 + wn * WTN + j * 8 + 2 * t;
                if (row >= M)
                    continue;
                __global TILE_IO *c = C + (size_t)row * N + col;
#if SB_HALF
                if (col < N)
                    vstore_half_rte(acc[i][j][2 * h], 0, c);
                if (col + 1 < N)
                    vstore_half_rte(acc[i][j][2 * h + 1], 1, c);
#else
                if ((N & 1) == 0 && col + 1 < N)
                    *(__global float2 *)c = (float2)(acc[i][j][2 * h], acc[i][j][2 * h + 1]);
                else {
                    if (col < N)
                        c[0] = acc[i][j][2 * h];
                    if (col + 1 < N)
                        c[1] = acc[i][j][2 * h + 1];
                }
#endif
            }
#else
    const int tm = tid / (BN / TN), tn = tid % (BN / TN);
#pragma unroll
    for (int i = 0; i < TM; i++) {
        const int row = m0 + tm * TM + i;
        if (row >= M)
            break;
        __global TILE_IO *c_row = C + (size_t)row * N;
        const int c0 = n0 + tn * TN;
#if B_VEC4 && TN % 4 == 0
        if (c0 + TN <= N) {
#pragma unroll
            for (int j = 0; j < TN; j += 4)
#if SB_HALF
                vstore_half4_rte((float4)(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]),
                                 0, c_row + c0 + j);
#else
                *(__global float4 *)(c_row + c0 + j) =
                    (float4)(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]);
#endif
            continue;
        }
#endif
#pragma unroll
        for (int j = 0; j < TN; j++)
            if (c0 + j < N)
#if SB_HALF
                vstore_half_rte(acc[i][j], c0 + j, c_row);
#else
                c_row[c0 + j] = acc[i][j];
#endif
    }
#endif
}


// Split K (SPLITK > 1): each of the SPLITK work-groups of a tile wrote its partial sums to W (the
// part's own M x N slice, same layout as C); the last of them to finish adds the parts, in part
// order (so the result does not depend on which finished last), into C.
SB_TILE_FN void tile_reduce_c(__global const float *restrict W, __global float *restrict C, int M,
                              int N, int m0, int n0, int tid, int parts)
{
    const size_t slice = (size_t)M * (size_t)N;
    for (int i = tid; i < BM * BN; i += THREADS) {
        const int row = m0 + i / BN, col = n0 + i % BN;
        if (row >= M || col >= N)
            continue;
        const size_t at = (size_t)row * N + col;
        float s = 0.0f;
        for (int p = 0; p < parts; p++)
            s += ((volatile __global const float *)W)[p * slice + at];
        C[at] = s;
    }
}

#endif
