/* The shape (rows x cols) of a matrix file, read from its header alone so a config can be checked
 * cheaply before anything runs; the full readers (sb_matrix_io.h) check the rest. Private to
 * src/config/. Errors read "path:line: what is wrong" (no line for the binary .npy). */
#ifndef SB_MATRIX_HEADER_H
#define SB_MATRIX_HEADER_H

#include "sb_config.h"

int sb_matrix_header_shape(const char *path, sb_source_kind kind, int *rows, int *cols,
                           sb_error *err);

#endif
