/* Host side of the N:M kernel ("nm"), N and M fixed at build time. With AUTO=1 (the default)
 * the model of sb_nm_auto.h picks the path and its parameters for the device, and the variant
 * starts with "auto <rule> ->". With AUTO=0: the row-split gather of cl_kernels/nm_spmm.cl for
 * small N;
 * from TILE_MIN_N columns on it runs the case as nm_tile (the dense-tile GEMM with the device's
 * nm_tile parameters), and the variant says so. fp16 cases always run the gather (nm_tile has no
 * fp16 version). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csr_tile.h"
#include "launch.h"
#include "sb_nm_auto.h"

extern const sb_kernel sb_kernel_nm_tile;

typedef struct nm_state {
    const sb_kernel *k; /* the kernel whose state `inner` is: this one's launches or nm_tile's */
    void *inner;
} nm_state;

/* PADB: a launch of nm_padb (from gather k's program) copying B into a new buffer of rows of
 * `width` x ceil(N / width) floats, zeros past N, which k reads as B from then on. */
static int nm_padb_launch(sb_launch_state *st, sb_cl_env *env, sb_operand *op, cl_kernel k,
                          int width, sb_error *err)
{
    int N = op->N, K = op->K, row = (N + width - 1) / width * width;
    cl_mem bp;
    cl_program prog;
    cl_kernel copy;
    cl_int rc = clGetKernelInfo(k, CL_KERNEL_PROGRAM, sizeof prog, &prog, NULL);
    if (rc != CL_SUCCESS)
        return sb_cl_fail(err, rc, "clGetKernelInfo(nm_spmm)", env->dev);
    if (sb_launch_buffer(st, env, CL_MEM_READ_WRITE, (size_t)K * row * sizeof(float), NULL, &bp,
                         err) ||
        sb_cl_kernel(env, prog, "nm_padb", &copy, err))
        return -1;
    if (sb_cl_args(env, copy, "nm_padb", err, 4, sizeof(int), &N, sizeof(int), &K,
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &bp)) {
        clReleaseKernel(copy);
        return -1;
    }
    rc = clSetKernelArg(k, 7, sizeof(cl_mem), &bp); /* nm_spmm's B */
    if (rc != CL_SUCCESS) {
        clReleaseKernel(copy);
        return sb_cl_fail(err, rc, "clSetKernelArg(nm_spmm, B)", env->dev);
    }
    size_t global[2] = {(size_t)row, (size_t)K}, local[2] = {16, 1};
    return sb_launch_add(st, env, copy, "nm_padb", 2, global, local, err);
}

static int nm_gather(sb_cl_env *env, sb_operand *op, const sb_nm *A, const sb_kparams *params,
                     void **state, sb_kernel_info *info, sb_error *err)
{
    sb_kparams p = *params;
    int vec = sb_fit_vec(sb_kp(&p, "VEC"), op->N);
    int ksplit = sb_kp(&p, "KSPLIT");
    int cols = sb_kp(&p, "COLS");
    int col_vecs = (op->N + vec - 1) / vec;
    /* VPT vectors a work-item, at most the column vectors of N: col_vecs counts work-items of a
     * row from here on */
    int vpt = sb_kp(&p, "VPT");
    while (vpt > 1 && vpt > col_vecs)
        vpt /= 2;
    col_vecs = (col_vecs + vpt - 1) / vpt;
    while (cols > 1 && cols / 2 >= col_vecs)
        cols /= 2;
    if (ksplit == 0) { /* ~3072 work-items per compute unit in all (csr_auto's rule), <= 32 */
        double want = 3072.0 * (env->dev->compute_units ? env->dev->compute_units : 1) /
                      ((double)(op->M > 0 ? op->M : 1) * (cols * ((col_vecs + cols - 1) / cols)));
        for (ksplit = 1; ksplit < 32 && 1.5 * ksplit <= want; ksplit *= 2)
            ;
    }
    int chunk = sb_kp(&p, "CHUNK"); /* a divisor of the row's kept values and of a meta word's */
    while (chunk > 1 && (((int64_t)A->groups * A->n) % chunk || A->values_per_word % chunk))
        chunk /= 2;
    /* RX rows a work-group (one a work-item) only where a row is one vector (so VPT is 1: the
     * VPT form of the kernel has no RX), unsplit */
    int rx = sb_kp(&p, "RX");
    if ((op->N + vec - 1) / vec > 1 || vpt > 1)
        rx = 1;
    if (rx > 1) {
        ksplit = 1;
        cols = 1;
    }
    int wg = sb_kp(&p, "WG_SIZE");
    while (cols > 1 && cols * ksplit > wg)
        cols /= 2;
    while (ksplit > 1 && cols * ksplit > wg)
        ksplit /= 2;
    /* LANE 1: a work-item's units (values or chunks) at one place in their meta words every
     * step and whole groups to a unit or to KSPLIT of them; LANE 2 (chunks of whole groups): a
     * step of whole meta words. Their code is the unrolled loop's. */
    int units_per_word = A->values_per_word / chunk, unroll = sb_kp(&p, "UNROLL");
    int lane = sb_kp(&p, "LANE");
    if (lane == 1 && !(vpt == 1 && ksplit % units_per_word == 0 &&
                       (chunk > 1 ? chunk % A->n == 0 : ksplit % A->n == 0 && unroll > 1)))
        lane = 0;
    if (lane == 2 && !(vpt == 1 && chunk > 1 && chunk % A->n == 0 &&
                       (unroll * ksplit) % units_per_word == 0))
        lane = 0;
    sb_kp_set(&p, "NM_N", A->n);
    sb_kp_set(&p, "NM_M", A->m);
    sb_kp_set(&p, "NM_WHOLE_K", (int64_t)A->groups * A->m == op->K); /* no column to clamp */
    sb_kp_set(&p, "VEC", vec);
    sb_kp_set(&p, "KSPLIT", ksplit);
    sb_kp_set(&p, "COLS", cols);
    sb_kp_set(&p, "CHUNK", chunk);
    sb_kp_set(&p, "VPT", vpt);
    sb_kp_set(&p, "LANE", lane);
    sb_kp_set(&p, "RX", rx);
    sb_launch_state *st = sb_launch_state_new();
    *state = st;
    cl_kernel k;
    /* PADB (the VPT form's shifted path, fp32): B first copied into rows of whole VEC x VPT
     * vectors, which the gather then reads */
    int padb = sb_kp(&p, "PADB") && vpt > 1 && sb_kp(&p, "SHIFT") == 1 &&
               op->precision == SB_PRECISION_FP32;
    sb_kp_set(&p, "PADB", padb);
    if (sb_build_nm_kernel(st, env, op, A, &p, &k, info, err))
        return -1;
    if (padb && nm_padb_launch(st, env, op, k, vec * vpt, err)) {
        clReleaseKernel(k);
        return -1;
    }
    size_t local[2] = {(size_t)cols, (size_t)ksplit};
    size_t global[2] = {(size_t)((col_vecs + cols - 1) / cols * cols), (size_t)op->M * ksplit};
    if (rx > 1) { /* RX rows a work-group along dimension 0 */
        local[0] = (size_t)rx;
        local[1] = 1;
        global[0] = (size_t)((op->M + rx - 1) / rx * rx);
        global[1] = 1;
    }
    if (sb_launch_add(st, env, k, "nm_spmm", 2, global, local, err))
        return -1;
    sb_kparams_variant(&p, NULL, info->variant, sizeof info->variant);
    return 0;
}

/* The model's choice c run: nm_tile with its parameters over the device's, or the gather with
 * them over the given ones; the variant says which rule chose it. */
static int nm_prepare_auto(sb_cl_env *env, sb_operand *op, const sb_nm *A,
                           const sb_kparams *params, const sb_nm_auto_choice *c, nm_state *st,
                           sb_kernel_info *info, sb_error *err)
{
    int rc;
    if (strcmp(c->kernel, "nm_tile") == 0) {
        sb_kparams tile, fitted;
        st->k = &sb_kernel_nm_tile;
        rc = sb_auto_kparams(c, env, &tile, err);
        if (rc == 0)
            rc = sb_kernel_prepare_fit(&sb_kernel_nm_tile, env, op, &tile, &fitted, &st->inner, info,
                                       err);
    } else {
        sb_kparams p = *params;
        for (int i = 0; i < c->n_params; i++) {
            const char *dot = strchr(c->params[i].key, '.');
            sb_kp_set(&p, dot ? dot + 1 : c->params[i].key, c->params[i].value);
        }
        st->k = NULL;
        rc = nm_gather(env, op, A, &p, &st->inner, info, err);
    }
    char prefix[64];
    snprintf(prefix, sizeof prefix, "auto %s -> ", c->rule);
    sb_variant_prefix(info, prefix);
    return rc;
}

/* nm_tile's parameters on this device for the TILE_MIN_N rule, at BK 32 where bk says so and
 * that tile fits the device's local memory (nm_tile.cl's need, sb_nm_tile_local_bytes: 36 KB at
 * 64 x 64, over the 32 KB of many GPUs), else at the device's BK (the catalogue's 16). */
static int tile_params(sb_cl_env *env, const sb_operand *op, const sb_nm *A, int bk,
                       sb_kparams *tile, sb_error *err)
{
    sb_params over = {0};
    if (bk == 32)
        sb_params_set(&over, "nm_tile.BK", "32");
    int rc = sb_kparams_for_device("nm_tile", env, &over, tile, err);
    sb_params_free(&over);
    sb_csr_tile_cfg c;
    if (rc == 0 && bk == 32 && sb_csr_tile_shape(tile, op->M, op->N, &c) == 0 &&
        sb_nm_tile_local_bytes(&c, A->m) > env->dev->local_mem_bytes)
        return tile_params(env, op, A, 16, tile, err);
    return rc;
}

static int nm_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                      sb_kernel_info *info, sb_error *err)
{
    const sb_nm *A;
    if (sb_operand_nm(op, &A, err))
        return -1;
    nm_state *st = sb_calloc(1, sizeof *st);
    *state = st;
    int rc;
    sb_nm_auto_features f;
    sb_nm_auto_device_features(env->dev, op->M, op->K, op->N, A->n, A->m,
                               params->precision == SB_PRECISION_FP32, &f);
    sb_nm_auto_choice c;
    sb_nm_auto_choose(&f, &c);
    if (sb_kp(params, "AUTO")) {
        rc = nm_prepare_auto(env, op, A, params, &c, st, info, err);
        goto done;
    }
    /* the tile from TILE_MIN_N columns on where its work-groups (64 x 64, split in K) give one per
     * two compute units (csr_auto's rule for density 0.5), at csr_auto's depth (sb_tile_auto_bk) */
    sb_csr_tile_cfg shape = {.bm = 64, .bn = 64, .bk = sb_tile_auto_bk(op->N, op->K)};
    int64_t tiles = sb_tile_count(op->M, op->N, 64, 64);
    int64_t groups = tiles * sb_csr_tile_splitk(&shape, op->M, op->N, op->K,
                                                env->dev->compute_units);
    /* nm_tile stores floats only: fp16 cases keep the gather, which stores halves (SB_HALF); and
     * groups of m that no chunk of nm_tile holds whole (2:3, 2:5, ...) keep it too */
    if (params->precision == SB_PRECISION_FP32 && op->N >= sb_kp(params, "TILE_MIN_N") &&
        sb_nm_tile_whole(shape.bk, A->m) &&
        (2 * groups >= (int64_t)env->dev->compute_units || sb_kp(params, "TILE_MIN_N") == 1)) {
        sb_kparams tile, fitted;
        st->k = &sb_kernel_nm_tile;
        rc = tile_params(env, op, A, shape.bk, &tile, err);
        if (rc == 0)
            rc = sb_kernel_prepare_fit(&sb_kernel_nm_tile, env, op, &tile, &fitted, &st->inner, info,
                                       err);
        size_t len = strlen(info->variant);
        snprintf(info->variant + len, sizeof info->variant - len, " (nm at N >= TILE_MIN_N=%d)",
                 sb_kp(params, "TILE_MIN_N"));
    } else {
        st->k = NULL;
        rc = nm_gather(env, op, A, params, &st->inner, info, err);
    }
done:
    snprintf(info->block, sizeof info->block, "%d:%d", A->n, A->m);
    info->bytes = sb_nm_bytes(A, sb_precision_bytes(params->precision));
    info->stored_values = sb_nm_stored_values(A);
    info->events_cover_all = 1;
    return rc;
}

static int nm_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events, int *n_events,
                      sb_error *err)
{
    nm_state *st = state;
    return st->k ? st->k->enqueue(st->inner, env, events, max_events, n_events, err)
                 : sb_launch_enqueue(st->inner, env, events, max_events, n_events, err);
}

static void nm_release(void *state)
{
    nm_state *st = state;
    if (!st)
        return;
    if (st->inner)
        st->k ? st->k->release(st->inner) : sb_launch_release(st->inner);
    free(st);
}

const sb_kernel sb_kernel_nm = {
    .name = "nm",
    .prepare = nm_prepare,
    .enqueue = nm_enqueue,
    .release = nm_release,
};
