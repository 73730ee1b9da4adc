/* Turning a matrix spec of the plan into the pruned host matrix every kernel of it uses. */
#ifndef SB_MATRIX_SOURCE_H
#define SB_MATRIX_SOURCE_H

#include "sb_config.h"
#include "sb_matrix.h"

typedef struct sb_host_matrix {
    sb_dense A;        /* pruned weights */
    sb_csr csr;        /* the same, in CSR */
    sb_pattern pattern;
    double sparsity;   /* measured after pruning */
    uint64_t seed;     /* the seed its values came from */
    sb_precision precision; /* A (and each case's B) hold values of this precision */
    char note[256];    /* e.g. "re-pruned from 0.90 (as stored) to 2:4" */
} sb_host_matrix;

/* Generates or loads spec's matrix, prunes it as the spec says and rounds it to the spec's
 * precision. The seed depends only on the config seed and the matrix name, so every case can be
 * redone alone (and the same matrix at two precisions holds the same weights, rounded). */
int sb_host_matrix_load(const sb_matrix_spec *spec, uint64_t config_seed, sb_host_matrix *out,
                        sb_error *err);
void sb_host_matrix_free(sb_host_matrix *m);

/* Reads every data file of the config's used matrices (used[m] != 0; used NULL: all) through once
 * (each path once), so a malformed file is reported before anything runs. */
int sb_check_data_files(const sb_config *cfg, const int *used, sb_error *err);

/* The dense operand B (K x N, seeded from the matrix's seed and N, never zero, rounded to the
 * matrix's precision) and the double-precision reference C_ref = A * B (M x N). Both malloc'd. */
void sb_case_inputs(const sb_host_matrix *m, int N, float **B, double **C_ref);

#endif
