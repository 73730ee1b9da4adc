/* Roofline arithmetic (see sb_roofline.h). */
#include "sb_roofline.h"

#include <math.h>

double sb_min_bytes(int64_t format_bytes, int M, int K, int N, int elem_bytes)
{
    /* in double: M*N*4 overflows int for large layers */
    return (double)format_bytes + (double)elem_bytes * ((double)K * (double)N + (double)M * (double)N);
}

static int positive(double x)
{
    return isfinite(x) && x > 0;
}

double sb_roofline_bound_ms(double flops, double bytes, const sb_peak *peak)
{
    if (!peak || !positive(peak->gflops) || !positive(peak->gbps))
        return NAN;
    double compute_ms = flops / (peak->gflops * 1e9) * 1e3;
    double memory_ms = bytes / (peak->gbps * 1e9) * 1e3;
    return compute_ms > memory_ms ? compute_ms : memory_ms;
}
