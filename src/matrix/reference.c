/* The host reference C = A*B in double precision, which every device result is checked against. */
#include "sb_matrix.h"

void sb_reference_spmm(const sb_csr *A, const float *B, int N, double *C_ref)
{
    /* Rows are independent; dynamic scheduling because row lengths vary a lot in real matrices. */
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 16)
#endif
    for (int r = 0; r < A->rows; r++) {
        double *c = C_ref + (size_t)r * N;
        for (int j = 0; j < N; j++)
            c[j] = 0.0;
        for (int32_t k = A->row_ptr[r]; k < A->row_ptr[r + 1]; k++) {
            double a = A->val[k];
            const float *b = B + (size_t)A->col_idx[k] * N;
            for (int j = 0; j < N; j++)
                c[j] += a * (double)b[j];
        }
    }
}
