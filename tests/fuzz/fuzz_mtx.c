/* Fuzz target: the Matrix Market reader (src/matrix_io/mtx.c). */
#include "fuzz_support.h"
#include "sb_matrix_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_dense A;
    sb_error err;
    if (sb_read_mtx(fuzz_file(data, size, ".mtx"), 7, &A, &err) == 0)
        sb_dense_free(&A);
    return 0;
}
