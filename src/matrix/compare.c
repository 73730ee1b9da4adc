/* Validation of a device result against the double-precision reference. */
#include "sb_matrix.h"

#include <math.h>

sb_compare sb_compare_result(const float *C, const double *C_ref, int64_t count)
{
    sb_compare out = {0.0, 0.0, 0};
    double diff2 = 0.0, ref2 = 0.0, c2 = 0.0;
    for (int64_t i = 0; i < count; i++) {
        if (!isfinite(C[i])) { /* e.g. the poison value left in an element never written */
            out.nonfinite++;
            continue;
        }
        double d = (double)C[i] - C_ref[i];
        diff2 += d * d;
        ref2 += C_ref[i] * C_ref[i];
        c2 += (double)C[i] * C[i];
        if (fabs(d) > out.max_abs_error)
            out.max_abs_error = fabs(d);
    }
    if (out.nonfinite) {
        out.rel_error = INFINITY;
        out.max_abs_error = INFINITY;
    } else if (ref2 == 0.0) {
        out.rel_error = sqrt(c2);
    } else {
        out.rel_error = sqrt(diff2 / ref2);
    }
    return out;
}
