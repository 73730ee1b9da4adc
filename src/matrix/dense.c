/* Dense row-major matrices: allocation, seeded random weights, non-zero count. */
#include "sb_matrix.h"
#include "sb_rng.h"

#include <stdlib.h>

void sb_dense_alloc(sb_dense *d, int rows, int cols)
{
    d->rows = rows;
    d->cols = cols;
    d->v = sb_calloc((size_t)rows * (size_t)cols, sizeof(float));
}

void sb_dense_free(sb_dense *d)
{
    free(d->v);
    d->v = NULL;
    d->rows = d->cols = 0;
}

void sb_dense_random(sb_dense *d, int rows, int cols, uint64_t seed)
{
    sb_rng rng;
    sb_rng_seed(&rng, seed);
    sb_dense_alloc(d, rows, cols);
    size_t n = (size_t)rows * (size_t)cols;
    for (size_t i = 0; i < n; i++)
        d->v[i] = sb_rng_weight(&rng);
}

int64_t sb_dense_count_nonzeros(const sb_dense *d)
{
    size_t n = (size_t)d->rows * (size_t)d->cols;
    int64_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        nnz += d->v[i] != 0.0f;
    return nnz;
}
