/* Host side of cl_kernels/csr_panel.cl ("csr_panel"): CSR SpMM over panels of rows that share the
 * chunk of B they stage in local memory. */
#include <stdio.h>
#include <stdlib.h>
#include "launch.h"
#include "csr_panel.h"

void sb_csr_panel_fit(sb_csr_panel_cfg *c, int M, int N)
{
    c->vec = sb_fit_vec(c->vec, N);
    /* a narrow B needs fewer vectors a work-item, then fewer column work-items (the freed ones
     * take rows) */
    while (c->vpt > 1 && (c->vpt / 2) * c->tc * c->vec >= N)
        c->vpt /= 2;
    while (c->tc > 1 && (c->tc / 2) * c->vec >= N) {
        c->tc /= 2;
        c->tr *= 2;
    }
    /* a short A needs no more rows than it has */
    while (c->rpt > 1 && c->tr * (c->rpt / 2) >= M)
        c->rpt /= 2;
    c->local_bytes =
        2 * sizeof(float) * (size_t)c->bk * (size_t)c->tc * (size_t)c->vec * (size_t)c->vpt;
}

int64_t sb_csr_panel_groups(const sb_csr_panel_cfg *c, int M, int N)
{
    int64_t rows = (int64_t)c->tr * c->rpt, cols = (int64_t)c->tc * c->vec * c->vpt;
    return ((M + rows - 1) / rows) * ((N + cols - 1) / cols);
}

static int panel_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                         sb_kernel_info *info, sb_error *err)
{
    const sb_csr *A = op->csr;
    sb_kparams p = *params;
    sb_csr_panel_cfg c = {.vec = sb_kp(&p, "VEC"), .vpt = sb_kp(&p, "VPT"), .tc = sb_kp(&p, "TC"), .tr = sb_kp(&p, "TR"),
                          .rpt = sb_kp(&p, "RPT"), .bk = sb_kp(&p, "BK")};
    const int chunks = (op->K + c.bk - 1) / c.bk;
    sb_csr_panel_fit(&c, op->M, op->N);
    if (!sb_csr_rows_sorted(A))
        return sb_fail(err, "csr_panel needs the columns of every row of A strictly increasing "
                            "(this matrix has a row out of order or a repeated column)");
    if (c.local_bytes > env->dev->local_mem_bytes)
        return sb_fail(err, "csr_panel: BK=%d x TC=%d x VEC=%d x VPT=%d needs %zu bytes of local "
                            "memory, device %s has %llu: lower BK, VEC or VPT", c.bk, c.tc, c.vec,
                       c.vpt, c.local_bytes,
                       env->dev->name, env->dev->local_mem_bytes);
    sb_kp_set(&p, "VEC", c.vec);
    sb_kp_set(&p, "VPT", c.vpt);
    sb_kp_set(&p, "TC", c.tc);
    sb_kp_set(&p, "TR", c.tr);
    sb_kp_set(&p, "RPT", c.rpt);

    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_mem csr[3]; /* row_ptr, col_idx, val (at the case's precision) */
    if (sb_upload_csr(st, env, A, p.precision, csr, err))
        return -1;
    /* each row's offset at the start of each chunk of BK rows of B, and its end (UNROLL > 1) */
    size_t n_cptr = (size_t)A->rows * (size_t)(chunks + 1);
    int32_t *cptr = malloc(sizeof(int32_t) * n_cptr);
    if (!cptr)
        return sb_fail(err, "csr_panel: out of memory for %zu chunk offsets", n_cptr);
    for (int r = 0; r < A->rows; r++) {
        int j = A->row_ptr[r];
        for (int ch = 0; ch <= chunks; ch++) {
            long k0 = (long)ch * c.bk;
            while (j < A->row_ptr[r + 1] && A->col_idx[j] < k0)
                j++;
            cptr[(size_t)r * (chunks + 1) + ch] = ch == chunks ? A->row_ptr[r + 1] : j;
        }
    }
    cl_mem cptr_buf;
    int urc = sb_launch_upload(st, env, cptr, sizeof(int32_t) * n_cptr, &cptr_buf, err);
    free(cptr);
    if (urc)
        return -1;
    cl_kernel k;
    if (sb_build_params(env, &p, &k, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, k, "csr_spmm_panel", err, 9, sizeof(int), &M, sizeof(int), &N,
                   sizeof(int), &K, sizeof(cl_mem), &csr[0], sizeof(cl_mem), &csr[1],
                   sizeof(cl_mem), &csr[2], sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C, sizeof(cl_mem), &cptr_buf)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t wg = (size_t)c.tc * (size_t)c.tr;
    size_t global[1] = {(size_t)sb_csr_panel_groups(&c, M, N) * wg}, local[1] = {wg};
    if (sb_launch_add(st, env, k, "csr_spmm_panel", 1, global, local, err))
        return -1;
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    info->bytes = sb_csr_bytes(A, sb_precision_bytes(p.precision));
    info->stored_values = A->nnz;
    info->events_cover_all = 1;
    return 0;
}

const sb_kernel sb_kernel_csr_panel = {
    .name = "csr_panel",
    .prepare = panel_prepare,
    .enqueue = sb_launch_enqueue,
    .release = sb_launch_release,
};
