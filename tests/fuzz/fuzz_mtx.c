/* Fuzz target: the Matrix Market reader (src/matrix_io/mtx.c), and its
 * agreement with sb_mtx_read_shape (the config's pre-check). */
#include <stdlib.h>
#include <string.h>
#include "fuzz_support.h"
#include "sb_matrix_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_dense A;
    sb_error err;
    const char *path = fuzz_file(data, size, ".mtx");
    /* weights are held dense: a coordinate file may rightly name a 46000 x 46000 matrix with a few
     * entries (8 GB). Such a shape is no finding, but it would trip libFuzzer's memory limit:
     * skipped above 2^24 elements (64 MiB of floats) */
    int r0, c0;
    if (sb_mtx_read_shape(path, &r0, &c0, &err) == 0 && (int64_t)r0 * c0 > (1 << 24))
        return 0;
    int loaded = sb_read_mtx(path, 7, &A, &err) == 0;
    fuzz_check_shape_agreement(path, loaded, loaded ? A.rows : 0, loaded ? A.cols : 0, &err,
                    sb_mtx_read_shape);
    if (loaded)
        sb_dense_free(&A);
    return 0;
}
