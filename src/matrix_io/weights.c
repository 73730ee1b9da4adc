/* Weights a kernel can be validated on (see sb_matrix_io.h). */
#include "sb_matrix_io.h"

#include <float.h>
#include <math.h>

int sb_check_weights_usable(const char *path, const float *v, size_t n, sb_error *err)
{
    size_t nonzero = 0;
    float largest = 0;
    for (size_t i = 0; i < n; i++) {
        float a = fabsf(v[i]);
        if (a != 0) {
            nonzero++;
            if (a > largest)
                largest = a;
        }
    }
    if (nonzero > 0 && largest < FLT_MIN)
        return sb_fail(err, "%s: every non-zero weight is subnormal (the largest magnitude is %g, "
                       "below float32's smallest normal %g): devices that flush subnormals to zero "
                       "(most GPUs, and CLBlast's kernels) compute 0 for every output, so no result "
                       "could be validated; scale the weights into the normal range (e.g. multiply "
                       "by 2^64) before saving them", path, (double)largest, (double)FLT_MIN);
    return 0;
}
