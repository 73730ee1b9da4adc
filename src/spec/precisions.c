/* Precision names, tolerances and which kernels compute which (see sb_spec.h). */
#include "sb_spec.h"

#include <math.h>
#include <string.h>

const char *sb_precision_name(sb_precision p)
{
    switch (p) {
    case SB_PRECISION_FP16: return "fp16";
    case SB_PRECISION_TF32: return "tf32";
    default: return "fp32";
    }
}

size_t sb_precision_bytes(sb_precision p)
{
    return p == SB_PRECISION_FP16 ? 2 : 4;
}

int sb_precision_parse(const char *name, sb_precision *out)
{
    for (int p = 0; p < SB_PRECISION_COUNT; p++)
        if (strcmp(name, sb_precision_name((sb_precision)p)) == 0) {
            *out = (sb_precision)p;
            return 0;
        }
    return -1;
}

#define U_FP32 0x1p-24 /* unit roundoff of fp32 (round to nearest) */
#define U_FP16 0x1p-11 /* ... of fp16 */

double sb_case_tolerance(const sb_kernel_spec *k, sb_precision p, int K, double tolerance)
{
    const double root_k = sqrt(K > 1 ? (double)K : 1.0);
    double tol = tolerance;
    if (k && k->engine) /* truncating accumulation: error terms not centred, 8x margin */
        tol += 8 * U_FP32 * root_k;
    if (p == SB_PRECISION_FP16) {
        tol += U_FP16; /* |round(c) - c| <= 2^-11 |c| for every stored element */
        if (k && k->fp16_sums)
            tol += U_FP16 * root_k;
    }
    return tol;
}

int sb_spec_has_precision(const sb_kernel_spec *k, sb_precision p)
{
    unsigned bits = k->precisions ? k->precisions : SB_PRECISION_BIT(SB_PRECISION_FP32);
    return (bits & SB_PRECISION_BIT(p)) != 0;
}
