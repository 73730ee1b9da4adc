/* Fuzz target: the DLMC .smtx reader (src/matrix_io/smtx.c). */
#include "fuzz_support.h"
#include "sb_matrix_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_csr A;
    sb_error err;
    if (sb_read_smtx(fuzz_file(data, size, ".smtx"), 7, &A, &err) == 0)
        sb_csr_free(&A);
    return 0;
}
