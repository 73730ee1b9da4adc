// Warp-level tensor-core operations for NVIDIA GPUs (sm_80 and later) through inline PTX, and a
// portable emulation of the very same operations for testing on any OpenCL device.
//
// Every operation here is collective over a warp of 32 consecutive work-items of a 1-D
// work-group: each work-item ("lane") holds a fragment of a matrix in registers, laid out as the
// PTX ISA specifies (section "Warp Level Matrix Multiply-Accumulate Instructions"):
//   g = lane / 4 (groupID), t = lane % 4 (threadID_in_group); halves are packed two per uint,
//   the lower index in the lower 16 bits.
//   mma.m16n8k16 f16:  A 16x16 row   a[0]=(g,2t..2t+1) a[1]=(g+8,2t..) a[2]=(g,2t+8..) a[3]=(g+8,2t+8..)
//                      B 16x8  col   b[0]=(k=2t..2t+1,n=g) b[1]=(k=2t+8..,n=g)
//                      C/D 16x8 f32  d[0]=(g,2t) d[1]=(g,2t+1) d[2]=(g+8,2t) d[3]=(g+8,2t+1)
//   mma.m16n8k8 tf32:  A 16x8  a[0]=(g,t) a[1]=(g+8,t) a[2]=(g,t+4) a[3]=(g+8,t+4)
//                      B 8x8   b[0]=(k=t,n=g) b[1]=(k=t+4,n=g)
//   mma.sp.m16n8k32 f16 (2:4 sparse A, sparsity selector 0):
//                      A is 16x32 with two non-zeros in every chunk of 4 columns, held compressed
//                      as 16x16 in the m16n8k16 A layout above (compressed columns 2c, 2c+1 are
//                      the two values of chunk c); B 32x8: b[i] = (k=2t+8i..2t+8i+1, n=g);
//                      e (metadata) of lane 4g+p (p = 0, 1; lanes 4g+2, 4g+3 are not read):
//                      bits 16h+4j .. 16h+4j+3 describe chunk 4p+j of row g+8h: the positions
//                      (0..3) of its two values, the first in the low 2 bits, first < second.
//   ldmatrix x4:       lanes 8j..8j+7 give the row addresses (16 bytes each) of 8x8 matrix j;
//                      r[j] = matrix j's (row g, columns 2t, 2t+1); .trans: (rows 2t, 2t+1, col g).
//
// With SB_MMA_EMULATE set to 1, each operation is computed by ordinary OpenCL C: the lanes of a
// warp exchange their registers through local memory (SB_WARP_SCRATCH), so the kernels' whole data
// movement - which lane holds which element, the metadata encoding - runs and is checked on any
// device (PoCL in the tests); only the instruction itself is left to the hardware. Emulated
// operations contain work-group barriers: kernels call them in uniform control flow only.
#ifndef SB_TC_MMA_H
#define SB_TC_MMA_H

#ifndef SB_MMA_EMULATE
#define SB_MMA_EMULATE 0 // 1: the emulation (-DSB_MMA_EMULATE or -DSB_MMA_EMULATE=1)
#endif
#ifndef SB_ASM_KEYWORD
#define SB_ASM_KEYWORD asm
#endif
#define SB_ASMV SB_ASM_KEYWORD volatile

// Byte swizzle of 16-byte chunks in a tile whose rows hold U chunks (U a power of two, 1..):
// chunk c of row r is stored at chunk sb_swz(r, c, U) of that row, so that the 8 rows an
// ldmatrix phase reads (and the rows cp.async writes) fall into 8 different bank groups.
inline int sb_swz(int r, int c, int U)
{
    if (U >= 8)
        return c ^ (r & 7);
    if (U == 4)
        return c ^ ((r >> 1) & 3);
    if (U == 2)
        return c ^ ((r >> 2) & 1);
    return c;
}

#if !SB_MMA_EMULATE
// ------------------------------------------------------------------------------------------------
// NVIDIA: inline PTX.

#define SB_WARP_SCRATCH(nwarps)
#define SB_EMU_ARGS

// The address of a local (shared) pointer in the shared window, as ldmatrix and cp.async take it.
inline uint sb_smem_addr(__local const void *p)
{
#ifdef SB_SMEM_ADDR_CVTA
    // For a compiler whose local pointers hold generic addresses.
    uint a;
    SB_ASMV("{ .reg .u64 t; cvta.to.shared.u64 t, %1; cvt.u32.u64 %0, t; }" : "=r"(a) : "l"((ulong)p));
    return a;
#else
    return (uint)(ulong)p;
#endif
}

// r = four 8x8 b16 matrices; this lane gives the row address base + off (off in uints).
inline void sb_ldsm_x4(__local const uint *base, int off, uint *r)
{
    const uint a = sb_smem_addr(base + off);
    SB_ASMV("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
            : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(a) : "memory");
}

inline void sb_ldsm_x4_t(__local const uint *base, int off, uint *r)
{
    const uint a = sb_smem_addr(base + off);
    SB_ASMV("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
            : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(a) : "memory");
}

// d += A * B, fp16 inputs, fp32 accumulators (m16n8k16).
inline void sb_mma_f16(float *d, const uint *a, const uint *b)
{
    SB_ASM_KEYWORD("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                   "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                   : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                   : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// d += A * B, tf32 inputs (fp32 bit patterns), fp32 accumulators (m16n8k8).
inline void sb_mma_tf32(float *d, const uint *a, const uint *b)
{
    SB_ASM_KEYWORD("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
                   "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                   : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                   : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// d += A * B with A 2:4 sparse (m16n8k32, metadata e, sparsity selector 0).
inline void sb_mma_sp_f16(float *d, const uint *a, const uint *b, uint e)
{
    SB_ASM_KEYWORD("mma.sp.sync.aligned.m16n8k32.row.col.f32.f16.f16.f32 "
                   "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9,%10,%11}, {%0,%1,%2,%3}, %12, 0x0;"
                   : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                   : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]),
                     "r"(b[0]), "r"(b[1]), "r"(b[2]), "r"(b[3]), "r"(e));
}

// 16 bytes global -> local without passing through registers; valid == 0 writes zeros.
// SB_CP_CA 1 (default): cp.async.ca (the lines are cached in L1 too), 0: .cg (L2 only). On the
// H200 .ca was faster for every tensor-core kernel and shape measured (PERF_NOTES.md "Tensor
// cores", job tc3-2 cache-ab.csv): fp16 tc_gemm 1.22x and tc_nm 1.20x at 4096 x 4096, N = 1024;
// 1.03-1.22x on four ResNet-50 layer shapes; tc_bsr 32x32 1.25x (90%) and 1.34x (70%); tf32
// tc_gemm 1.15x. 0 restores .cg (SB_CP_CA=0 as a tc_bench case define).
#ifndef SB_CP_CA
#define SB_CP_CA 1
#endif
#if SB_CP_CA
#define SB_CP_OP "cp.async.ca.shared.global"
#else
#define SB_CP_OP "cp.async.cg.shared.global"
#endif
inline void sb_cp16(__local uint4 *dst, __global const void *src, int valid)
{
    SB_ASMV(SB_CP_OP " [%0], [%1], 16, %2;"
            :: "r"(sb_smem_addr(dst)), "l"((ulong)src), "r"(valid ? 16 : 0) : "memory");
}
inline void sb_cp_commit(void)
{
    SB_ASMV("cp.async.commit_group;" ::: "memory");
}
// Waits until at most SB_CP_PENDING of this work-item's groups are in flight.
#define SB_CP_STR_(x) #x
#define SB_CP_STR(x) SB_CP_STR_(x)
#define SB_CP_WAIT(n) SB_ASMV("cp.async.wait_group " SB_CP_STR(n) ";" ::: "memory")

#else
// ------------------------------------------------------------------------------------------------
// Emulation: the same semantics in OpenCL C (lanes exchange registers through local memory).

#define SB_EMU_WORDS 9 // per lane: 4 words of A, 4 of B, 1 of metadata
#define SB_WARP_SCRATCH(nwarps)                                                            \
    __local uint sb_emu_scratch_[(nwarps) * 32 * SB_EMU_WORDS];                            \
    __local uint *sb_scr = sb_emu_scratch_ + (get_local_id(0) / 32) * 32 * SB_EMU_WORDS;   \
    const int sb_lane = (int)(get_local_id(0) % 32);
#define SB_EMU_ARGS , sb_scr, sb_lane

inline float sb_emu_h2f(uint h)
{
    const uint s = (h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
    if (e == 0)
        return (s ? -1.0f : 1.0f) * (float)m * 5.9604644775390625e-8f; // m * 2^-24
    if (e == 31)
        return as_float(s | 0x7f800000u | (m << 13));
    return as_float(s | ((e + 112u) << 23) | (m << 13));
}
inline float sb_emu_half(uint w, int hi)
{
    return sb_emu_h2f(hi ? w >> 16 : w & 0xffffu);
}

inline void sb_ldsm_x4(__local const uint *base, int off, uint *r, __local uint *scr, int lane)
{
    scr[lane] = (uint)off;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int j = 0; j < 4; j++)
        r[j] = base[scr[j * 8 + (lane >> 2)] + (lane & 3)];
    barrier(CLK_LOCAL_MEM_FENCE);
}

inline void sb_ldsm_x4_t(__local const uint *base, int off, uint *r, __local uint *scr, int lane)
{
    scr[lane] = (uint)off;
    barrier(CLK_LOCAL_MEM_FENCE);
    const int col = lane >> 2, t = lane & 3;
    for (int j = 0; j < 4; j++) {
        const uint w0 = base[scr[j * 8 + 2 * t] + (col >> 1)];
        const uint w1 = base[scr[j * 8 + 2 * t + 1] + (col >> 1)];
        const uint lo = (col & 1) ? w0 >> 16 : w0 & 0xffffu;
        const uint hi = (col & 1) ? w1 >> 16 : w1 & 0xffffu;
        r[j] = lo | (hi << 16);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

// Word of the m16n8k16-style A fragment (16 x 16 b16) that holds element (row, col), and which
// half of it: lane (row % 8) * 4 + (col % 8) / 2, register row / 8 + 2 * (col / 8).
inline uint sb_emu_a16(__local const uint *scr, int row, int col)
{
    const uint w = scr[((row & 7) * 4 + ((col & 7) >> 1)) * SB_EMU_WORDS + (row >> 3) + 2 * (col >> 3)];
    return (col & 1) ? w >> 16 : w & 0xffffu;
}
// Element (k, n) of a B fragment of 8 columns with registers of k = 2t + 8i .. + 1.
inline uint sb_emu_b16(__local const uint *scr, int k, int n)
{
    const uint w = scr[(n * 4 + ((k & 7) >> 1)) * SB_EMU_WORDS + 4 + (k >> 3)];
    return (k & 1) ? w >> 16 : w & 0xffffu;
}

inline void sb_mma_f16(float *d, const uint *a, const uint *b, __local uint *scr, int lane)
{
    for (int i = 0; i < 4; i++)
        scr[lane * SB_EMU_WORDS + i] = a[i];
    scr[lane * SB_EMU_WORDS + 4] = b[0];
    scr[lane * SB_EMU_WORDS + 5] = b[1];
    barrier(CLK_LOCAL_MEM_FENCE);
    const int g = lane >> 2, t = lane & 3;
    for (int o = 0; o < 4; o++) {
        const int row = g + (o >> 1) * 8, col = 2 * t + (o & 1);
        float s = d[o];
        for (int k = 0; k < 16; k++)
            s = fma(sb_emu_h2f(sb_emu_a16(scr, row, k)), sb_emu_h2f(sb_emu_b16(scr, k, col)), s);
        d[o] = s;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

inline void sb_mma_tf32(float *d, const uint *a, const uint *b, __local uint *scr, int lane)
{
    for (int i = 0; i < 4; i++)
        scr[lane * SB_EMU_WORDS + i] = a[i];
    scr[lane * SB_EMU_WORDS + 4] = b[0];
    scr[lane * SB_EMU_WORDS + 5] = b[1];
    barrier(CLK_LOCAL_MEM_FENCE);
    const int g = lane >> 2, t = lane & 3;
    for (int o = 0; o < 4; o++) {
        const int row = g + (o >> 1) * 8, col = 2 * t + (o & 1);
        float s = d[o];
        for (int k = 0; k < 8; k++) {
            const uint aw = scr[((row & 7) * 4 + (k & 3)) * SB_EMU_WORDS + (row >> 3) + 2 * (k >> 2)];
            const uint bw = scr[(col * 4 + (k & 3)) * SB_EMU_WORDS + 4 + (k >> 2)];
            // The tensor cores read the sign, exponent and top 10 mantissa bits.
            s = fma(as_float(aw & 0xffffe000u), as_float(bw & 0xffffe000u), s);
        }
        d[o] = s;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

inline void sb_mma_sp_f16(float *d, const uint *a, const uint *b, uint e, __local uint *scr, int lane)
{
    for (int i = 0; i < 4; i++) {
        scr[lane * SB_EMU_WORDS + i] = a[i];
        scr[lane * SB_EMU_WORDS + 4 + i] = b[i];
    }
    scr[lane * SB_EMU_WORDS + 8] = e;
    barrier(CLK_LOCAL_MEM_FENCE);
    const int g = lane >> 2, t = lane & 3;
    for (int o = 0; o < 4; o++) {
        const int row = g + (o >> 1) * 8, col = 2 * t + (o & 1);
        float s = d[o];
        for (int c = 0; c < 8; c++) {
            const uint meta = scr[(4 * (row & 7) + (c >> 2)) * SB_EMU_WORDS + 8];
            const uint nib = (meta >> ((row >> 3) * 16 + (c & 3) * 4)) & 0xfu;
            const int i0 = (int)(nib & 3u), i1 = (int)(nib >> 2);
            if (i0 >= i1) // undefined on the hardware (equal) or unordered: poison the result
                s = NAN;
            s = fma(sb_emu_h2f(sb_emu_a16(scr, row, 2 * c)), sb_emu_h2f(sb_emu_b16(scr, 4 * c + i0, col)), s);
            s = fma(sb_emu_h2f(sb_emu_a16(scr, row, 2 * c + 1)), sb_emu_h2f(sb_emu_b16(scr, 4 * c + i1, col)), s);
        }
        d[o] = s;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

inline void sb_cp16(__local uint4 *dst, __global const void *src, int valid)
{
    *dst = valid ? *(__global const uint4 *)src : (uint4)(0u);
}
inline void sb_cp_commit(void)
{
}
#define SB_CP_WAIT(n) ((void)0)

#endif
#endif
