/* --save-cases: one folder per case with A.mtx, B.npy, C.npy and case.json, so another tool can
 * check a device's output. */
#ifndef SB_SAVE_CASE_H
#define SB_SAVE_CASE_H

#include "sb_matrix.h"
#include "sb_results.h"

int sb_save_case(const char *root, const sb_row *row, const sb_csr *A, const float *B,
                 const float *C, sb_error *err);

#endif
