// Capability probe for the tensor-core path (tc_mma.h): one warp runs each operation the
// tensor-core kernels use on small matrices the host chose, and writes the products; the host
// compares them with its own (src/kernels/tc_probe.c). A device whose compiler rejects this file,
// or whose results differ, runs the portable kernels instead.
//
// in (uints): [0,128) A 16x16 halves row-major; [128,192) B 16x8 halves row-major (k x n);
//   [192,320) Ac 16x16 compressed halves of a 16x32 2:4 matrix; [320,336) its metadata words in
//   lane order (tc_nm.cl); [336,464) B 32x8 halves; [464,592) A 16x8 floats (tf32);
//   [592,656) B 8x8 floats.
// out (floats): [0,128) A*B (mma f16), [128,256) sparse A * B32 (mma.sp), [256,384) tf32 A*B, all
//   16x8 row-major; [384] 1 if cp.async with source size 0 wrote zeros.
#include "tc_mma.h"

__kernel __attribute__((reqd_work_group_size(32, 1, 1)))
void tc_probe(__global const uint *restrict in, __global float *restrict out)
{
    __local uint4 sm[168]; // 656 words of input + 16 bytes for the zero-fill test
    SB_WARP_SCRATCH(1)
    const int lane = get_local_id(0);
    for (int i = lane; i < 164; i += 32)
        sb_cp16(sm + i, in + 4 * i, 1);
    sm[164] = (uint4)(1u);
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lane == 0)
        sb_cp16(sm + 164, in, 0);
    sb_cp_commit();
    SB_CP_WAIT(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    __local const uint *w = (__local const uint *)sm;
    const int g = lane >> 2, t = lane & 3;

    uint a[4], b4[4], b[2];
    float d[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    // A rows are 8 words; matrices 0..3 = rows 0-7/8-15 x columns 0-7/8-15.
    sb_ldsm_x4(w, (lane & 15) * 8 + (lane >> 4) * 4, a SB_EMU_ARGS);
    // B rows are 4 words (8 halves); matrices 0, 1 = k 0-7, 8-15 (2, 3 repeat them).
    sb_ldsm_x4_t(w, 128 + (lane & 15) * 4, b4 SB_EMU_ARGS);
    b[0] = b4[0];
    b[1] = b4[1];
    sb_mma_f16(d, a, b SB_EMU_ARGS);
    for (int v = 0; v < 4; v++)
        out[(g + 8 * (v >> 1)) * 8 + 2 * t + (v & 1)] = d[v];

    float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    sb_ldsm_x4(w, 192 + (lane & 15) * 8 + (lane >> 4) * 4, a SB_EMU_ARGS);
    sb_ldsm_x4_t(w, 336 + lane * 4, b4 SB_EMU_ARGS);
    const uint e = w[320 + g * 2 + (lane & 1)];
    sb_mma_sp_f16(s, a, b4, e SB_EMU_ARGS);
    for (int v = 0; v < 4; v++)
        out[128 + (g + 8 * (v >> 1)) * 8 + 2 * t + (v & 1)] = s[v];

    float f[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    // tf32 A rows are 8 words = 2 chunks; matrices = rows 0-7/8-15 x columns 0-3/4-7.
    sb_ldsm_x4(w, 464 + (lane & 15) * 8 + (lane >> 4) * 4, a SB_EMU_ARGS);
    b[0] = w[592 + t * 8 + g];
    b[1] = w[592 + (t + 4) * 8 + g];
    sb_mma_tf32(f, a, b SB_EMU_ARGS);
    for (int v = 0; v < 4; v++)
        out[256 + (g + 8 * (v >> 1)) * 8 + 2 * t + (v & 1)] = f[v];
    if (lane == 0) {
        const uint4 z = sm[164];
        out[384] = (z.x | z.y | z.z | z.w) == 0u ? 1.0f : 0.0f;
    }
}
