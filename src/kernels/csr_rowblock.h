/* The row-block kernel's grid (cl_kernels/csr_spmm.cl, csr_spmm_rowblock), shared by its host
 * file, which launches it, and csr_auto's model, which counts its work-groups per compute unit. */
#ifndef SB_KERNELS_CSR_ROWBLOCK_H
#define SB_KERNELS_CSR_ROWBLOCK_H

#include <stdint.h>

/* Work-groups over M rows of A and ncols columns of C: row blocks of rows_per_group units, a unit
 * being row_share rows (ROW_SHARE; 1: a row), times column tiles of tile_width columns
 * (TILE_COLS x VPT x VEC). */
static inline int64_t sb_rowblock_groups(int M, int row_share, int rows_per_group, int ncols,
                                         int tile_width)
{
    const int64_t units = ((int64_t)M + row_share - 1) / row_share;
    return (units + rows_per_group - 1) / rows_per_group *
           (((int64_t)ncols + tile_width - 1) / tile_width);
}

#endif
