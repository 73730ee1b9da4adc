/* Host matrices: dense weights, magnitude pruning, and the three sparse formats.
 *
 * Conventions: every matrix is row-major; A is M x K (the weights), B is K x N, C = A*B is M x N.
 * Shapes that are not multiples of a block or of an N:M group are padded with explicit zeros in
 * the *format* (counted as fill); *pruning* to a block or N:M pattern requires whole blocks/groups
 * and otherwise fails with a clear message (see sb_prune). */
#ifndef SB_MATRIX_H
#define SB_MATRIX_H

#include <stdint.h>
#include "sb_spec.h"
#include "sb_util.h"

typedef struct sb_dense {
    int rows, cols;
    float *v; /* rows*cols, row-major */
} sb_dense;

void sb_dense_alloc(sb_dense *d, int rows, int cols);
void sb_dense_free(sb_dense *d);
/* Seeded random weights, never zero (sb_rng_weight). */
void sb_dense_random(sb_dense *d, int rows, int cols, uint64_t seed);
int64_t sb_dense_count_nonzeros(const sb_dense *d);

/* sb_pattern, sb_pattern_name and sb_pattern_label are in sb_spec.h. */

/* Prunes w in place by magnitude.
 * unstructured: exactly round(sparsity*rows*cols) smallest |w| set to zero (ties broken by index).
 * block: the matrix is tiled into block_rows x block_cols blocks (rows and cols must be multiples,
 *        else error); exactly round(sparsity*nblocks) blocks with the smallest L2 norm are zeroed.
 * nm: in every group of nm_m consecutive weights of a row, the nm_n largest |w| are kept
 *     (cols must be a multiple of nm_m, else error); `sparsity` is ignored (it is 1 - n/m).
 * Returns 0, or -1 with a message. */
int sb_prune(sb_dense *w, const sb_pattern *p, double sparsity, sb_error *err);

/* Compressed sparse row. */
typedef struct sb_csr {
    int rows, cols;
    int64_t nnz;
    int32_t *row_ptr; /* rows+1 */
    int32_t *col_idx; /* nnz */
    float *val;       /* nnz */
} sb_csr;

void sb_csr_from_dense(sb_csr *c, const sb_dense *d);
void sb_csr_to_dense(const sb_csr *c, sb_dense *d);
void sb_csr_free(sb_csr *c);
/* Bytes of a format: its indices plus its stored values at value_bytes each (4: floats, 2: halves). */
size_t sb_csr_bytes(const sb_csr *c, size_t value_bytes);
/* 1 if every aligned group of r rows of c (rows r*g .. r*g + r - 1, the last group those that
 * exist) has its non-zeros in the same columns, row for row (block-pruned weights with blocks of a
 * multiple of r rows); 0 otherwise. r = 1 always has. O(nnz). */
int sb_csr_rows_share(const sb_csr *c, int r);
/* The largest r of 2, 4 and 8 with sb_csr_rows_share, or 1. */
int sb_csr_row_share(const sb_csr *c);

/* Block sparse row: blocks of br x bc, the grid padded up to whole blocks with explicit zeros. */
typedef struct sb_bsr {
    int rows, cols;           /* logical shape */
    int br, bc;               /* block shape */
    int block_rows, block_cols; /* ceil(rows/br), ceil(cols/bc) */
    int64_t nblocks;
    int32_t *row_ptr; /* block_rows+1 */
    int32_t *col_idx; /* nblocks: block column index */
    float *val;       /* nblocks*br*bc, each block row-major */
} sb_bsr;

/* Keeps every block that holds at least one non-zero. */
void sb_bsr_from_dense(sb_bsr *b, const sb_dense *d, int br, int bc);
void sb_bsr_to_dense(const sb_bsr *b, sb_dense *d);
void sb_bsr_free(sb_bsr *b);
size_t sb_bsr_bytes(const sb_bsr *b, size_t value_bytes);
int64_t sb_bsr_stored_values(const sb_bsr *b);

/* N:M compressed along K. K is padded up to a multiple of m (padding holds explicit zeros).
 * val: rows x (groups*n) kept values, row-major, in increasing position within each group.
 * meta: per row, the position (0..m-1) of each kept value, index_bits = ceil(log2 m) bits each,
 *       values_per_word = 32 / index_bits positions per uint32 word, lowest bits first, no
 *       position straddles two words; meta_words_per_row = ceil(groups*n / values_per_word).
 *       For 2:4 that is 2 bits per kept value, 16 per word (8 groups per word). */
typedef struct sb_nm {
    int rows, cols;
    int n, m;
    int groups;              /* ceil(cols/m) */
    int index_bits;          /* ceil(log2 m), at least 1 */
    int values_per_word;     /* 32 / index_bits */
    int meta_words_per_row;
    float *val;    /* rows*groups*n */
    uint32_t *meta; /* rows*meta_words_per_row */
} sb_nm;

/* Fails (with a message) if some group holds more than n non-zeros. Groups with fewer keep
 * explicit zeros (fill). */
int sb_nm_from_dense(sb_nm *s, const sb_dense *d, int n, int m, sb_error *err);
void sb_nm_to_dense(const sb_nm *s, sb_dense *d);
void sb_nm_free(sb_nm *s);
size_t sb_nm_bytes(const sb_nm *s, size_t value_bytes);
int64_t sb_nm_stored_values(const sb_nm *s);
/* Position (0..m-1) of kept value j (0 .. groups*n-1) of row r. */
int sb_nm_position(const sb_nm *s, int r, int j);

/* Reference C = A*B in double precision (A given as CSR so the cost is 2*nnz*N).
 * B is K x N row-major floats, C_ref is M x N doubles. Uses all host cores where OpenMP is on. */
void sb_reference_spmm(const sb_csr *A, const float *B, int N, double *C_ref);

/* Compares a device result to the reference: ||C - C_ref||_2 / ||C_ref||_2 and max |C - C_ref|.
 * Any NaN/Inf in C (e.g. an unwritten poisoned element) gives rel_error = +inf.
 * If ||C_ref|| is zero, rel_error is the absolute norm ||C||. */
typedef struct sb_compare {
    double rel_error;
    double max_abs_error;
    int64_t nonfinite; /* elements of C that were NaN or Inf */
} sb_compare;
sb_compare sb_compare_result(const float *C, const double *C_ref, int64_t count);

#endif
