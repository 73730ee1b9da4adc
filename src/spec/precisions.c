/* Precision names, tolerances and which kernels compute which (see sb_spec.h). */
#include "sb_spec.h"

#include <string.h>

const char *sb_precision_name(sb_precision p)
{
    switch (p) {
    case SB_PRECISION_FP16: return "fp16";
    case SB_PRECISION_TF32: return "tf32";
    default: return "fp32";
    }
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

double sb_precision_tolerance(sb_precision p, double tolerance)
{
    if (p == SB_PRECISION_FP32 || tolerance >= 1e-4)
        return tolerance;
    return 1e-4;
}

int sb_spec_has_precision(const sb_kernel_spec *k, sb_precision p)
{
    unsigned bits = k->precisions ? k->precisions : SB_PRECISION_BIT(SB_PRECISION_FP32);
    return (bits & SB_PRECISION_BIT(p)) != 0;
}
