/* Reduced-precision storage on the host: IEEE fp16 (binary16) bit patterns and tf32 rounding.
 *
 * Kernels read fp16 matrices as ushort bit patterns (vload_half, or the tensor cores' own loads),
 * so the host converts with these; the reference of an fp16 or tf32 case is computed from the
 * inputs rounded here, so validation measures the kernel's arithmetic, not the input rounding. */
#ifndef SB_HALF_H
#define SB_HALF_H

#include <stddef.h>
#include <stdint.h>

/* Nearest fp16, ties to even; overflow gives +-inf, NaN stays NaN; subnormals are kept. */
uint16_t sb_float_to_half(float x);
/* Exact. */
float sb_half_to_float(uint16_t h);
/* x rounded to the nearest fp16 value, as a float. */
float sb_round_half(float x);
/* x rounded to tf32 (8-bit exponent, 10-bit mantissa), nearest, ties away from zero as
 * cvt.rna.tf32.f32 does; the low 13 mantissa bits of the result are zero. */
float sb_round_tf32(float x);

void sb_floats_to_halves(const float *in, uint16_t *out, size_t n);
/* Rounds v in place to precision p (sb_spec.h's sb_precision): fp16 or tf32 values, kept as
 * floats; fp32 leaves them as they are. */
void sb_round_to_precision(int p, float *v, size_t n);

#endif
