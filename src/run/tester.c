/* The shared tester (see sb_tester.h). */
#include "sb_tester.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_measure.h"
#include "sb_half.h"
#include "sb_store.h"
#include "sb_plan.h"
#include "sb_rng.h"

int sb_test_device_pick(const sb_device *devs, int n, sb_error *err)
{
    const char *env = getenv("SPARSEBENCH_TEST_DEVICE");
    int *idx = NULL, n_idx = 0, pick = -1;
    if (n == 0)
        return sb_fail(err, "no OpenCL device found (install pocl-opencl-icd)");
    if (env && *env) {
        if (sb_devices_select(devs, n, env, &idx, &n_idx, err)) {
            char *why = sb_strdup(err->msg);
            sb_fail(err, "SPARSEBENCH_TEST_DEVICE: %s", why);
            free(why);
            return -1;
        }
        pick = idx[0];
        free(idx);
        return pick;
    }
    for (int i = 0; i < n && pick < 0; i++) {
        char plat[64];
        sb_platform_slug(devs[i].platform_name, plat, sizeof plat);
        if (strcmp(plat, "pocl") == 0)
            pick = i;
    }
    for (int i = 0; i < n && pick < 0; i++)
        if (devs[i].type == SB_DEVTYPE_CPU)
            pick = i;
    return pick < 0 ? 0 : pick;
}

int sb_tester_open(sb_tester *t, const char *sel, sb_error *err)
{
    memset(t, 0, sizeof *t);
    t->warmup = 1;
    t->repeats = 2;
    t->tolerance = 1e-5;
    if (sb_devices_enumerate(&t->devs, &t->n_devs, err))
        return -1;
    if (t->n_devs == 0)
        return sb_fail(err, "no OpenCL device found (install pocl-opencl-icd)");
    char *pdir = sb_path_join(sb_home_dir(), "platforms");
    int rc = sb_profiles_load_dir(pdir, &t->profiles, err);
    free(pdir);
    if (rc)
        return -1;
    for (int i = 0; i < t->n_devs; i++)
        t->devs[i].profile = sb_profile_match(&t->profiles, &t->devs[i]);
    if (sel) {
        int *idx = NULL, n = 0;
        if (sb_devices_select(t->devs, t->n_devs, sel, &idx, &n, err))
            return -1;
        t->dev = &t->devs[idx[0]];
        free(idx);
    } else {
        int pick = sb_test_device_pick(t->devs, t->n_devs, err);
        if (pick < 0)
            return -1;
        t->dev = &t->devs[pick];
    }
    t->kernel_dir = sb_path_join(sb_home_dir(), "cl_kernels");
    return sb_cl_env_create(&t->env, t->dev, t->kernel_dir, err);
}

void sb_tester_close(sb_tester *t)
{
    if (t->env.ctx)
        sb_cl_env_release(&t->env);
    free(t->kernel_dir);
    sb_params_free(&t->params);
    free(t->devs);
    sb_profiles_free(&t->profiles);
    memset(t, 0, sizeof *t);
}

int sb_tester_run(sb_tester *t, const char *kernel, const sb_dense *A, const sb_pattern *pattern,
                  int bsr_block, int N, uint64_t seed, sb_row *row, sb_error *err)
{
    const sb_kernel_spec *ks = sb_spec_kernel(kernel);
    const sb_kernel *k = ks ? sb_kernel_find(kernel) : NULL;
    if (!k)
        return sb_fail(err, "unknown kernel '%s'", kernel);
    int bsr = bsr_block ? bsr_block : 4;
    /* the plan's rules for this one case: N, device, parameters (profile, then t->params) */
    sb_case c;
    sb_case_shape shape = {.pattern = pattern, .bsr_br = bsr, .bsr_bc = bsr, .M = A->rows,
                           .K = A->cols, .N = N,
                           .sparsity = 1.0 - (double)sb_dense_count_nonzeros(A) /
                                                 ((double)A->rows * A->cols)};
    if (sb_plan_single(ks, t->dev, &shape, t->precision, &t->params, &c, err))
        return -1;
    if (c.bind_failed)
        return sb_fail(err, "%s", c.why);
    sb_dense A_p; /* A as the precision stores it */
    sb_dense_alloc(&A_p, A->rows, A->cols);
    size_t a_count = (size_t)A->rows * (size_t)A->cols;
    memcpy(A_p.v, A->v, a_count * sizeof(float));
    sb_round_to_precision(t->precision, A_p.v, a_count);
    sb_csr csr;
    sb_csr_from_dense(&csr, &A_p);
    size_t b_count = (size_t)A->cols * (size_t)N, c_count = (size_t)A->rows * (size_t)N;
    float *B = sb_malloc(b_count * sizeof(float) + 4);
    sb_rng rng;
    sb_rng_seed(&rng, seed);
    for (size_t i = 0; i < b_count; i++)
        B[i] = sb_rng_weight(&rng);
    sb_round_to_precision(t->precision, B, b_count);
    double *C_ref = sb_malloc(c_count * sizeof(double) + 8);
    sb_reference_spmm(&csr, B, N, C_ref);

    sb_row_init(row);
    snprintf(row->kernel, sizeof row->kernel, "%s", kernel);
    row->M = A->rows;
    row->K = A->cols;
    row->N = N;
    row->nnz = csr.nnz;
    row->seed = seed;
    sb_operand op = {.M = A->rows, .K = A->cols, .N = N, .A = &A_p, .pattern = *pattern,
                     .bsr_br = bsr, .bsr_bc = bsr, .csr = &csr, .precision = t->precision};
    int rc = -1;
    if (sb_operand_upload(&op, &t->env, B, err) == 0) {
        sb_timing_plan plan = {.warmup = t->warmup, .repeats = t->repeats, .max_repeats = t->repeats,
                               .tolerance = t->tolerance};
        if (c.fate == SB_CASE_RUN) {
            sb_case_measure(k, &c.params, &t->env, &op, C_ref, &plan, row, NULL);
        } else { /* left out of a plan (SpMV at N > 1) or skipped on this device */
            row->status = SB_SKIPPED;
            snprintf(row->message, sizeof row->message, "%s", c.why);
        }
        rc = 0;
    }
    sb_operand_release(&op);
    sb_dense_free(&A_p);
    free(C_ref);
    free(B);
    sb_csr_free(&csr);
    return rc;
}
