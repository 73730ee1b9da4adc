/* Fuzz target: the NumPy .npy reader (src/matrix_io/npy.c), and its
 * agreement with sb_npy_read_shape (the config's pre-check). */
#include <stdlib.h>
#include <string.h>
#include "fuzz_support.h"
#include "sb_matrix_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_dense A;
    sb_error err;
    const char *path = fuzz_file(data, size, ".npy");
    int loaded = sb_read_npy(path, &A, &err) == 0;
    fuzz_check_shape_agreement(path, loaded, loaded ? A.rows : 0, loaded ? A.cols : 0, &err,
                    sb_npy_read_shape);
    if (loaded)
        sb_dense_free(&A);
    return 0;
}
