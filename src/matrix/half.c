/* fp16 and tf32 rounding on the host (sb_half.h). */
#include "sb_half.h"
#include "sb_spec.h"

#include <math.h>
#include <string.h>

static uint32_t float_bits(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static float bits_float(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

uint16_t sb_float_to_half(float x)
{
    const uint32_t u = float_bits(x);
    const uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    const uint32_t exp = (u >> 23) & 0xffu, man = u & 0x7fffffu;
    if (exp == 0xffu) /* inf, NaN (kept quiet and non-zero) */
        return (uint16_t)(sign | 0x7c00u | (man ? 0x200u | (man >> 13) : 0u));
    const int e = (int)exp - 127 + 15;
    if (e >= 31)
        return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) { /* subnormal half (or zero): value = m * 2^-24 */
        if (e < -10)
            return sign;
        const uint32_t m = man | 0x800000u; /* 24 significant bits */
        const int shift = 14 - e;           /* to 2^-24 units */
        uint32_t h = m >> shift;
        const uint32_t rem = m & ((1u << shift) - 1u), half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1u)))
            h++;
        return (uint16_t)(sign | h);
    }
    uint32_t h = ((uint32_t)e << 10) | (man >> 13);
    const uint32_t rem = man & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u)))
        h++; /* a carry into the exponent is still right, up to inf */
    return (uint16_t)(sign | h);
}

float sb_half_to_float(uint16_t h)
{
    const int sign = h >> 15, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    float mag;
    if (exponent == 0)
        mag = ldexpf((float)mantissa, -24); /* zero and subnormals */
    else if (exponent == 31)
        mag = mantissa ? NAN : INFINITY;
    else
        mag = ldexpf((float)(mantissa | 0x400), exponent - 25);
    return sign ? -mag : mag;
}

float sb_round_half(float x)
{
    return sb_half_to_float(sb_float_to_half(x));
}

float sb_round_tf32(float x)
{
    uint32_t u = float_bits(x);
    if ((u & 0x7f800000u) == 0x7f800000u)
        return x;
    u = (u + 0x1000u) & 0xffffe000u; /* ties away from zero on the magnitude */
    return bits_float(u);
}

void sb_floats_to_halves(const float *in, uint16_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = sb_float_to_half(in[i]);
}

void sb_round_to_precision(int p, float *v, size_t n)
{
    if (p == SB_PRECISION_FP16)
        for (size_t i = 0; i < n; i++)
            v[i] = sb_round_half(v[i]);
    else if (p == SB_PRECISION_TF32)
        for (size_t i = 0; i < n; i++)
            v[i] = sb_round_tf32(v[i]);
}
