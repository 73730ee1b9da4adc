/* Fuzz target: the NumPy .npy reader (src/matrix_io/npy.c). */
#include "fuzz_support.h"
#include "sb_matrix_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_dense A;
    sb_error err;
    if (sb_read_npy(fuzz_file(data, size, ".npy"), &A, &err) == 0)
        sb_dense_free(&A);
    return 0;
}
