/* Block sparse row: whole br x bc blocks, the grid padded at the edges with explicit zeros. */
#include "sb_matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include "sb_sink.h"

static int block_has_nonzero(const sb_dense *d, int br, int bc, int bi, int bj)
{
    int r_end = (bi + 1) * br < d->rows ? (bi + 1) * br : d->rows;
    int c_end = (bj + 1) * bc < d->cols ? (bj + 1) * bc : d->cols;
    for (int r = bi * br; r < r_end; r++)
        for (int c = bj * bc; c < c_end; c++)
            if (d->v[(size_t)r * d->cols + c] != 0.0f)
                return 1;
    return 0;
}

void sb_bsr_from_dense(sb_bsr *b, const sb_dense *d, int br, int bc)
{
    if (br < 1 || bc < 1) { /* the config validates block shapes; this is a caller's bug */
        sb_fatal("BSR block %dx%d is empty", br, bc);
    }
    b->rows = d->rows;
    b->cols = d->cols;
    b->br = br;
    b->bc = bc;
    b->block_rows = (d->rows + br - 1) / br;
    b->block_cols = (d->cols + bc - 1) / bc;
    b->row_ptr = sb_malloc(((size_t)b->block_rows + 1) * sizeof *b->row_ptr);

    /* Pass 1: which blocks are kept (row_ptr); pass 2: their columns and values. */
    int64_t nblocks = 0;
    for (int bi = 0; bi < b->block_rows; bi++) {
        b->row_ptr[bi] = (int32_t)nblocks;
        for (int bj = 0; bj < b->block_cols; bj++)
            nblocks += block_has_nonzero(d, br, bc, bi, bj);
    }
    b->row_ptr[b->block_rows] = (int32_t)nblocks;
    b->nblocks = nblocks;
    b->col_idx = sb_malloc((size_t)nblocks * sizeof *b->col_idx);
    b->val = sb_calloc((size_t)nblocks * br * bc, sizeof *b->val);

    int64_t k = 0;
    for (int bi = 0; bi < b->block_rows; bi++)
        for (int bj = 0; bj < b->block_cols; bj++) {
            if (!block_has_nonzero(d, br, bc, bi, bj))
                continue;
            b->col_idx[k] = bj;
            float *blk = b->val + k * br * bc;
            for (int i = 0; i < br && bi * br + i < d->rows; i++)
                for (int j = 0; j < bc && bj * bc + j < d->cols; j++)
                    blk[i * bc + j] = d->v[(size_t)(bi * br + i) * d->cols + bj * bc + j];
            k++;
        }
}

void sb_bsr_to_dense(const sb_bsr *b, sb_dense *d)
{
    sb_dense_alloc(d, b->rows, b->cols);
    for (int bi = 0; bi < b->block_rows; bi++)
        for (int32_t k = b->row_ptr[bi]; k < b->row_ptr[bi + 1]; k++) {
            int bj = b->col_idx[k];
            const float *blk = b->val + (int64_t)k * b->br * b->bc;
            for (int i = 0; i < b->br && bi * b->br + i < b->rows; i++)
                for (int j = 0; j < b->bc && bj * b->bc + j < b->cols; j++)
                    d->v[(size_t)(bi * b->br + i) * b->cols + bj * b->bc + j] = blk[i * b->bc + j];
        }
}

void sb_bsr_free(sb_bsr *b)
{
    free(b->row_ptr);
    free(b->col_idx);
    free(b->val);
    b->row_ptr = b->col_idx = NULL;
    b->val = NULL;
    b->nblocks = 0;
}

int64_t sb_bsr_stored_values(const sb_bsr *b)
{
    return b->nblocks * b->br * b->bc;
}

size_t sb_bsr_bytes(const sb_bsr *b, size_t value_bytes)
{
    return 4 * ((size_t)b->block_rows + 1) + 4 * (size_t)b->nblocks
           + value_bytes * (size_t)sb_bsr_stored_values(b);
}
