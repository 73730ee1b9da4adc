// FP32 peak (clpeak's method): every work-item runs CHAINS independent chains of fused
// multiply-adds, unrolled, so the FMA pipes stay full. One dependent chain per work-item would
// measure FMA latency instead (on the dev box 42 against 235 GFLOP/s).
//
// Each step is x = x * a + b with 0 < a < 1 given at run time: the compiler cannot fold the loop,
// and every chain converges to b / (1 - a) without overflow or denormals. Start values come from
// memory and differ per lane, so no lane can be computed once and broadcast. Each work-item
// writes the sum of its chains, so nothing is optimised away.
//
// FLOPs per work-item: iters * STEPS_PER_ITER * CHAINS * VEC * 2.
// Tunables (-D): VEC in {1, 2, 4, 8, 16}.
#ifndef VEC
#define VEC 1
#endif
#include "common.h"

#define CHAINS 8  // the host counts FLOPs with the same numbers
#define STEPS_PER_ITER 16

#define STEP                 \
    x0 = mad(x0, a, b);      \
    x1 = mad(x1, a, b);      \
    x2 = mad(x2, a, b);      \
    x3 = mad(x3, a, b);      \
    x4 = mad(x4, a, b);      \
    x5 = mad(x5, a, b);      \
    x6 = mad(x6, a, b);      \
    x7 = mad(x7, a, b);
#define STEP4 STEP STEP STEP STEP
#define STEP16 STEP4 STEP4 STEP4 STEP4

// init: CHAINS * VEC start values.
__kernel void peak_fma(const int iters, const float a_in, const float b_in,
                       __global const float *restrict init, __global float *restrict out)
{
    const size_t gid = get_global_id(0);
    const floatV a = (floatV)(a_in);
    const floatV b = (floatV)(b_in);
    const floatV shift = (floatV)((float)(gid & 63) * (1.0f / 1024.0f));
    floatV x0 = VLOAD(0, init) + shift;
    floatV x1 = VLOAD(1, init) + shift;
    floatV x2 = VLOAD(2, init) + shift;
    floatV x3 = VLOAD(3, init) + shift;
    floatV x4 = VLOAD(4, init) + shift;
    floatV x5 = VLOAD(5, init) + shift;
    floatV x6 = VLOAD(6, init) + shift;
    floatV x7 = VLOAD(7, init) + shift;
    for (int i = 0; i < iters; i++) {
        STEP16
    }
    floatV s = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7));
#if VEC == 16
    float8 s8 = s.lo + s.hi;
#elif VEC == 8
    float8 s8 = s;
#endif
#if VEC >= 8
    float4 s4 = s8.lo + s8.hi;
#elif VEC == 4
    float4 s4 = s;
#endif
#if VEC >= 4
    float2 s2 = s4.lo + s4.hi;
#elif VEC == 2
    float2 s2 = s;
#endif
#if VEC >= 2
    out[gid] = s2.x + s2.y;
#else
    out[gid] = s;
#endif
}
