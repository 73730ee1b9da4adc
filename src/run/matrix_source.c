/* Matrix sources (synthetic, DLMC .smtx, Matrix Market, NumPy) -> pruned host matrix. */
#include "matrix_source.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sb_half.h"
#include "sb_matrix_io.h"
#include "sb_rng.h"

static int load_values(const sb_matrix_spec *spec, uint64_t seed, sb_dense *A, sb_error *err)
{
    switch (spec->source) {
    case SB_SOURCE_SYNTHETIC:
        sb_dense_random(A, spec->M, spec->K, seed);
        return 0;
    case SB_SOURCE_DLMC: {
        sb_csr c;
        if (sb_read_smtx(spec->path, seed, &c, err))
            return -1;
        sb_csr_to_dense(&c, A);
        sb_csr_free(&c);
        return 0;
    }
    case SB_SOURCE_MTX:
        return sb_read_mtx(spec->path, seed, A, err);
    case SB_SOURCE_NPY:
        return sb_read_npy(spec->path, A, err);
    }
    return sb_fail(err, "internal: unknown matrix source %d", (int)spec->source);
}

int sb_host_matrix_load(const sb_matrix_spec *spec, uint64_t config_seed, sb_host_matrix *out,
                        sb_error *err)
{
    memset(out, 0, sizeof *out);
    out->seed = sb_seed_mix(config_seed, sb_hash64(spec->name, strlen(spec->name), 0), 0);
    if (load_values(spec, out->seed, &out->A, err))
        return -1;
    int64_t total = (int64_t)out->A.rows * out->A.cols;
    double before = total ? 1.0 - (double)sb_dense_count_nonzeros(&out->A) / (double)total : 0;
    out->pattern = spec->pattern;
    if (spec->prune) {
        if (sb_prune(&out->A, &spec->pattern, spec->sparsity, err)) {
            sb_fail_prefix(err, "matrix %s: ", spec->name);
            sb_dense_free(&out->A);
            return -1;
        }
        if (spec->source != SB_SOURCE_SYNTHETIC) {
            char label[32];
            sb_pattern_label(&spec->pattern, label, sizeof label);
            snprintf(out->note, sizeof out->note, "re-pruned from sparsity %.4f (as stored) to %s%s%s",
                     before, sb_pattern_name(spec->pattern.kind), label[0] ? " " : "", label);
        }
    } else {
        out->pattern.kind = SB_PATTERN_UNSTRUCTURED;
    }
    /* the weights as the case's precision stores them: every format and the reference use these */
    out->precision = spec->precision;
    sb_round_to_precision(out->precision, out->A.v, (size_t)total);
    for (int64_t i = 0; i < total; i++) /* past fp16's largest value (65504) a weight is inf */
        if (!isfinite(out->A.v[i])) {
            int64_t r = i / out->A.cols, c = i % out->A.cols;
            sb_fail(err, "matrix %s: the weight at [%lld, %lld] is beyond the range of %s (largest "
                    "65504): run it at fp32, or scale its weights", spec->name, (long long)r,
                    (long long)c, sb_precision_name(out->precision));
            sb_dense_free(&out->A);
            return -1;
        }
    sb_csr_from_dense(&out->csr, &out->A);
    out->sparsity = total ? 1.0 - (double)out->csr.nnz / (double)total : 0;
    return 0;
}

int sb_check_data_files(const sb_config *cfg, const int *used, sb_error *err)
{
    for (int i = 0; i < cfg->n_matrices; i++) {
        const sb_matrix_spec *spec = &cfg->matrices[i];
        if (spec->source == SB_SOURCE_SYNTHETIC || (used && !used[i]))
            continue;
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = (!used || used[j]) && cfg->matrices[j].path &&
                   strcmp(cfg->matrices[j].path, spec->path) == 0;
        if (seen)
            continue;
        sb_dense A = {0};
        if (load_values(spec, 0, &A, err))
            return -1;
        sb_dense_free(&A);
    }
    return 0;
}

void sb_host_matrix_free(sb_host_matrix *m)
{
    sb_dense_free(&m->A);
    sb_csr_free(&m->csr);
}

void sb_case_inputs(const sb_host_matrix *m, int N, float **B, double **C_ref)
{
    size_t b_count = (size_t)m->A.cols * (size_t)N;
    *B = sb_malloc(b_count * sizeof(float) + 4);
    sb_rng rng;
    sb_rng_seed(&rng, sb_seed_mix(m->seed, (uint64_t)N, 1));
    for (size_t i = 0; i < b_count; i++)
        (*B)[i] = sb_rng_weight(&rng);
    sb_round_to_precision(m->precision, *B, b_count);
    *C_ref = sb_malloc((size_t)m->A.rows * (size_t)N * sizeof(double) + 8);
    sb_reference_spmm(&m->csr, *B, N, *C_ref);
}
