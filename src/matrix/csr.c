/* Compressed sparse row: the format every kernel can take, and the reference's input. */
#include "sb_matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_sink.h"

void sb_csr_from_dense(sb_csr *c, const sb_dense *d)
{
    int64_t nnz = sb_dense_count_nonzeros(d);
    if (nnz > INT32_MAX) { /* row_ptr is int32 on the device: the config must not get here */
        sb_fatal("%dx%d matrix has %lld non-zeros, more than CSR int32 indices hold", d->rows,
                 d->cols, (long long)nnz);
    }
    c->rows = d->rows;
    c->cols = d->cols;
    c->nnz = nnz;
    c->row_ptr = sb_malloc(((size_t)d->rows + 1) * sizeof *c->row_ptr);
    c->col_idx = sb_malloc((size_t)nnz * sizeof *c->col_idx);
    c->val = sb_malloc((size_t)nnz * sizeof *c->val);
    int32_t k = 0;
    for (int r = 0; r < d->rows; r++) {
        c->row_ptr[r] = k;
        const float *row = d->v + (size_t)r * d->cols;
        for (int j = 0; j < d->cols; j++)
            if (row[j] != 0.0f) {
                c->col_idx[k] = j;
                c->val[k++] = row[j];
            }
    }
    c->row_ptr[d->rows] = k;
}

void sb_csr_to_dense(const sb_csr *c, sb_dense *d)
{
    sb_dense_alloc(d, c->rows, c->cols);
    for (int r = 0; r < c->rows; r++)
        for (int32_t k = c->row_ptr[r]; k < c->row_ptr[r + 1]; k++)
            d->v[(size_t)r * c->cols + c->col_idx[k]] = c->val[k];
}

void sb_csr_free(sb_csr *c)
{
    free(c->row_ptr);
    free(c->col_idx);
    free(c->val);
    c->row_ptr = c->col_idx = NULL;
    c->val = NULL;
    c->nnz = 0;
}

size_t sb_csr_bytes(const sb_csr *c, size_t value_bytes)
{
    return 4 * ((size_t)c->rows + 1) + 4 * (size_t)c->nnz + value_bytes * (size_t)c->nnz;
}

int sb_csr_rows_share(const sb_csr *c, int r)
{
    if (r < 1)
        return 0;
    for (int g = 0; g < c->rows; g += r) {
        const int32_t s0 = c->row_ptr[g], len = c->row_ptr[g + 1] - s0;
        for (int i = g + 1; i < g + r && i < c->rows; i++) {
            const int32_t s = c->row_ptr[i];
            if (c->row_ptr[i + 1] - s != len ||
                memcmp(c->col_idx + s, c->col_idx + s0, sizeof *c->col_idx * (size_t)len) != 0)
                return 0;
        }
    }
    return 1;
}

int sb_csr_row_share(const sb_csr *c)
{
    int best = 1;
    for (int r = 2; r <= 8 && sb_csr_rows_share(c, r); r *= 2)
        best = r;
    return best;
}
