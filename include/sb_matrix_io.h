/* Reading and writing matrix files: DLMC .smtx, Matrix Market .mtx, NumPy .npy.
 * Every reader checks the whole file and fails with "path:line: what is wrong" (the line is
 * omitted for binary .npy); nothing is read past its buffer. */
#ifndef SB_MATRIX_IO_H
#define SB_MATRIX_IO_H

#include "sb_matrix.h"

/* DLMC .smtx: pattern only ("rows, cols, nnz" / row offsets / column indices). Values are drawn
 * from the seeded generator (never zero). */
int sb_read_smtx(const char *path, uint64_t seed, sb_csr *out, sb_error *err);

/* Matrix Market: coordinate or array; real, integer or pattern (pattern values drawn from the
 * seeded generator); general, symmetric or skew-symmetric (mirrored). Result as a dense matrix
 * (explicit zeros stay zero). A value that is not a finite float32 is refused with its line. */
int sb_read_mtx(const char *path, uint64_t seed, sb_dense *out, sb_error *err);

/* NumPy .npy, 2-D, float32 ('<f4') or float16 ('<f2'), C or Fortran order. A NaN or Inf is
 * refused with its position [row, col]. */
int sb_read_npy(const char *path, sb_dense *out, sb_error *err);

/* The shape of a matrix file from its header alone (the config's pre-check), parsed by the very
 * code its reader above uses, so the check and the load can never disagree: what read_shape
 * refuses the reader refuses with the same message, and a file the reader loads has this shape.
 * The .npy check includes the data's size; the rest of a text file is checked at load. */
int sb_smtx_read_shape(const char *path, int *rows, int *cols, sb_error *err);
int sb_mtx_read_shape(const char *path, int *rows, int *cols, sb_error *err);
int sb_npy_read_shape(const char *path, int *rows, int *cols, sb_error *err);

/* Refuses weights no kernel could be validated on: every non-zero subnormal (devices flush them
 * to zero). The readers of files with values (.mtx, .npy) call it. */
int sb_check_weights_usable(const char *path, const float *v, size_t n, sb_error *err);

/* Writers for --save-cases: Matrix Market coordinate real general (1-based) and .npy float32
 * C order. */
int sb_write_mtx(const char *path, const sb_csr *A, sb_error *err);
int sb_write_npy_f32(const char *path, const float *data, int rows, int cols, sb_error *err);

#endif
