/* Buffers and launches shared by the kernels (see launch.h). */
#include "launch.h"
#include "sb_profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_half.h"

sb_launch_state *sb_launch_state_new(void)
{
    return sb_calloc(1, sizeof(sb_launch_state));
}

int sb_launch_buffer(sb_launch_state *st, sb_cl_env *env, cl_mem_flags flags, size_t size,
                     const void *host, cl_mem *out, sb_error *err)
{
    if (st->n_buffers == SB_MAX_BUFFERS)
        return sb_fail(err, "internal: too many buffers in one kernel state");
    if (sb_cl_buffer(env, flags, size, size ? host : NULL, out, err))
        return -1;
    st->buffers[st->n_buffers++] = *out;
    return 0;
}

int sb_launch_upload(sb_launch_state *st, sb_cl_env *env, const void *host, size_t size,
                     cl_mem *out, sb_error *err)
{
    return sb_launch_buffer(st, env, CL_MEM_READ_ONLY, size, host, out, err);
}

int sb_upload_values(sb_launch_state *st, sb_cl_env *env, const float *v, size_t n, sb_precision p,
                     cl_mem *out, sb_error *err)
{
    if (p != SB_PRECISION_FP16)
        return sb_launch_upload(st, env, v, sizeof(float) * n, out, err);
    uint16_t *h = sb_malloc(sizeof *h * n + 2);
    sb_floats_to_halves(v, h, n);
    int rc = sb_launch_upload(st, env, h, sizeof *h * n, out, err);
    free(h);
    return rc;
}

int sb_upload_csr(sb_launch_state *st, sb_cl_env *env, const sb_csr *A, sb_precision p,
                  cl_mem out[3], sb_error *err)
{
    return sb_launch_upload(st, env, A->row_ptr, sizeof(int32_t) * (size_t)(A->rows + 1), &out[0], err) ||
           sb_launch_upload(st, env, A->col_idx, sizeof(int32_t) * (size_t)A->nnz, &out[1], err) ||
           sb_upload_values(st, env, A->val, (size_t)A->nnz, p, &out[2], err) ? -1 : 0;
}

int sb_upload_bsr(sb_launch_state *st, sb_cl_env *env, const sb_bsr *A, sb_precision p,
                  cl_mem out[3], sb_error *err)
{
    size_t values = (size_t)A->nblocks * (size_t)(A->br * A->bc);
    return sb_launch_upload(st, env, A->row_ptr, sizeof(int32_t) * (size_t)(A->block_rows + 1), &out[0], err) ||
           sb_launch_upload(st, env, A->col_idx, sizeof(int32_t) * (size_t)A->nblocks, &out[1], err) ||
           sb_upload_values(st, env, A->val, values, p, &out[2], err) ? -1 : 0;
}

int sb_upload_nm(sb_launch_state *st, sb_cl_env *env, const sb_nm *A, sb_precision p,
                 cl_mem out[2], sb_error *err)
{
    size_t kept = (size_t)A->rows * (size_t)(A->groups * A->n);
    size_t words = (size_t)A->rows * (size_t)A->meta_words_per_row;
    return sb_upload_values(st, env, A->val, kept, p, &out[0], err) ||
           sb_launch_upload(st, env, A->meta, sizeof(uint32_t) * words, &out[1], err) ? -1 : 0;
}

int sb_build_nm_kernel(sb_launch_state *st, sb_cl_env *env, sb_operand *op, const sb_nm *A,
                       const sb_kparams *p, cl_kernel *out, sb_kernel_info *info, sb_error *err)
{
    cl_mem nm[2]; /* val, meta */
    const char *name = p->kernel->entry;
    if (sb_upload_nm(st, env, A, p->precision, nm, err) || sb_build_params(env, p, out, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K, groups = A->groups, words = A->meta_words_per_row;
    if (sb_cl_args(env, *out, name, err, 9, sizeof(int), &M, sizeof(int), &N, sizeof(int), &K,
                   sizeof(int), &groups, sizeof(int), &words, sizeof(cl_mem), &nm[0],
                   sizeof(cl_mem), &nm[1], sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(*out);
        return -1;
    }
    return 0;
}

int sb_build_bsr_kernel(sb_launch_state *st, sb_cl_env *env, sb_operand *op, const sb_bsr *A,
                        const sb_kparams *p, cl_kernel *out, sb_kernel_info *info, sb_error *err)
{
    cl_mem bsr[3]; /* block row_ptr, block col_idx, blocks */
    const char *name = p->kernel->entry;
    if (sb_upload_bsr(st, env, A, p->precision, bsr, err) || sb_build_params(env, p, out, info, err))
        return -1;
    int M = op->M, N = op->N, K = op->K;
    if (sb_cl_args(env, *out, name, err, 8, sizeof(int), &M, sizeof(int), &N, sizeof(int), &K,
                   sizeof(cl_mem), &bsr[0], sizeof(cl_mem), &bsr[1], sizeof(cl_mem), &bsr[2],
                   sizeof(cl_mem), &op->B, sizeof(cl_mem), &op->C)) {
        clReleaseKernel(*out);
        return -1;
    }
    return 0;
}

int sb_auto_kparams(const sb_auto_choice *c, const sb_cl_env *env, sb_kparams *out, sb_error *err)
{
    sb_params over = {0};
    for (int i = 0; i < c->n_params; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", c->params[i].value);
        sb_params_set(&over, c->params[i].key, v);
    }
    int rc = sb_kparams_for_device(c->kernel, env, &over, out, err);
    sb_params_free(&over);
    return rc;
}

void sb_variant_prefix(sb_kernel_info *info, const char *prefix)
{
    char picked[sizeof info->variant];
    snprintf(picked, sizeof picked, "%s", info->variant);
    snprintf(info->variant, sizeof info->variant, "%s%s", prefix, picked);
}

int sb_launch_add(sb_launch_state *st, sb_cl_env *env, cl_kernel kernel, const char *name, int dims,
                  const size_t *global, const size_t *local, sb_error *err)
{
    if (st->n_launches == SB_MAX_LAUNCHES) {
        clReleaseKernel(kernel);
        return sb_fail(err, "internal: too many launches in one kernel state");
    }
    sb_launch *l = &st->launches[st->n_launches++];
    memset(l, 0, sizeof *l);
    l->kernel = kernel;
    snprintf(l->name, sizeof l->name, "%s", name);
    l->dims = dims;
    size_t reqd[3] = {0, 0, 0};
    cl_int rc = clGetKernelWorkGroupInfo(kernel, env->dev->id, CL_KERNEL_COMPILE_WORK_GROUP_SIZE,
                                         sizeof reqd, reqd, NULL);
    /* (0, 0, 0): none declared. A size with a 0 in it is one the driver could not hold: Mesa
     * rusticl reports (0, 1, 1) for reqd_work_group_size(1048576, 1, 1), where launching the asked
     * size silently computed nothing */
    int has_reqd = rc == CL_SUCCESS && (reqd[0] || reqd[1] || reqd[2]);
    int garbled = 0;
    for (int d = 0; has_reqd && d < dims; d++)
        garbled |= reqd[d] == 0;
    size_t kernel_max = 0;
    rc = clGetKernelWorkGroupInfo(kernel, env->dev->id, CL_KERNEL_WORK_GROUP_SIZE,
                                  sizeof kernel_max, &kernel_max, NULL);
    if (rc != CL_SUCCESS)
        return sb_cl_fail(err, rc, "clGetKernelWorkGroupInfo(CL_KERNEL_WORK_GROUP_SIZE)", env->dev);
    if (env->dev->max_work_group_size && kernel_max > env->dev->max_work_group_size)
        kernel_max = env->dev->max_work_group_size;
    if (garbled) {
        size_t asked = 1;
        for (int d = 0; d < dims; d++)
            asked *= local[d];
        env->wg_refused = kernel_max;
        return sb_fail(err, "kernel %s on device %s: its reqd_work_group_size (%zu items) comes back "
                            "from the driver as %zu x %zu x %zu, a size it cannot hold, and its "
                            "work-group tunables cannot shrink further (the device allows %zu)",
                       name, env->dev->name, asked, reqd[0], reqd[1], reqd[2], kernel_max);
    }
    size_t total = 1;
    for (int d = 0; d < dims; d++) {
        l->global[d] = global[d];
        l->local[d] = has_reqd ? reqd[d] : local[d];
        total *= l->local[d];
    }
    if (total > kernel_max) {
        if (has_reqd) {
            env->wg_refused = kernel_max;
            return sb_fail(err, "kernel %s on device %s: its reqd_work_group_size (%zu items) is "
                                "larger than the device allows for it (%zu) and its work-group "
                                "tunables cannot shrink further",
                           name, env->dev->name, total, kernel_max);
        }
        /* shrink the slowest-varying dimensions first, keeping powers of two */
        for (int d = dims - 1; d >= 0 && total > kernel_max; d--) {
            while (l->local[d] > 1 && total > kernel_max) {
                l->local[d] /= 2;
                total /= 2;
            }
        }
    }
    return 0;
}

int sb_launch_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events,
                      int *n_events, sb_error *err)
{
    sb_launch_state *st = state;
    *n_events = 0;
    for (int i = 0; i < st->n_launches; i++) {
        sb_launch *l = &st->launches[i];
        cl_event *ev = *n_events < max_events ? &events[*n_events] : NULL;
        if (sb_cl_launch(env, l->kernel, l->name, l->dims, l->global, l->local, ev, err))
            return -1;
        if (ev)
            (*n_events)++;
    }
    return 0;
}

void sb_launch_release(void *state)
{
    sb_launch_state *st = state;
    if (!st)
        return;
    for (int i = 0; i < st->n_launches; i++)
        clReleaseKernel(st->launches[i].kernel);
    for (int i = 0; i < st->n_buffers; i++)
        clReleaseMemObject(st->buffers[i]);
    free(st);
}

int sb_build_kernel(sb_cl_env *env, const char *file, const char *defines, const char *name,
                    cl_kernel *out, sb_kernel_info *info, sb_error *err)
{
    cl_program prog;
    double ms = 0;
    sb_program_origin origin;
    if (sb_cl_program_ex(env, file, defines, &prog, &ms, &origin, err))
        return -1;
    if (info) {
        info->build_ms += ms;
        const char *from = sb_program_origin_name(origin);
        if (!info->program_source[0])
            snprintf(info->program_source, sizeof info->program_source, "%s", from);
        else if (strcmp(info->program_source, from) != 0)
            snprintf(info->program_source, sizeof info->program_source, "mixed");
    }
    return sb_cl_kernel(env, prog, name, out, err);
}

int sb_build_params(sb_cl_env *env, const sb_kparams *p, cl_kernel *out, sb_kernel_info *info,
                    sb_error *err)
{
    char file[128], defines[512];
    snprintf(file, sizeof file, "%s.cl", p->kernel->program);
    sb_kparams_defines(p, defines, sizeof defines);
    return sb_build_kernel(env, file, defines, p->kernel->entry, out, info, err);
}

int sb_kparams_for_device(const char *kernel, const sb_cl_env *env, const sb_params *over, sb_kparams *out,
                   sb_error *err)
{
    const sb_kernel_spec *k = sb_spec_kernel(kernel);
    if (!k)
        return sb_fail(err, "internal: no catalogue entry for kernel '%s'", kernel);
    const sb_profile *prof = env && env->dev ? env->dev->profile : NULL;
    const sb_params *layers[] = {prof ? &prof->params : NULL, over};
    return sb_kparams_resolve(k, layers, 2, out, err);
}

size_t sb_pow2_ceil(size_t x)
{
    size_t p = 1;
    while (p < x)
        p *= 2;
    return p;
}

int sb_fit_vec(int vec, int N)
{
    while (vec > 1 && vec > N)
        vec /= 2;
    return vec;
}

int sb_kernel_prepare_fit(const sb_kernel *k, sb_cl_env *env, sb_operand *op, const sb_kparams *params,
                          sb_kparams *fitted, void **state, sb_kernel_info *info, sb_error *err)
{
    char shrunk[160] = "";
    size_t limit = 0;
    /* the program is built for the storage op holds (-DSB_HALF=1 at fp16) */
    if (!sb_spec_has_precision(params->kernel, op->precision))
        return sb_fail(err, "%s has no %s version", params->kernel->name,
                       sb_precision_name(op->precision));
    *fitted = *params;
    fitted->precision = op->precision;
    for (;;) {
        env->wg_refused = 0;
        memset(info, 0, sizeof *info);
        *state = NULL;
        int rc = k->prepare(env, op, fitted, state, info, err);
        if (env->wg_refused)
            limit = env->wg_refused;
        if (rc == 0 || env->wg_refused == 0 || !sb_kparams_shrink_wg(fitted, shrunk, sizeof shrunk)) {
            /* what changed, once per tunable: "TILE_COLS 1024->64" (a nested call's note stays
             * where this one shrank nothing) */
            char *note = info->fitted;
            const size_t note_len = sizeof info->fitted;
            size_t len = 0;
            for (int i = 0; limit && i < fitted->kernel->n_params; i++) {
                if (fitted->v[i] == params->v[i] || len >= note_len)
                    continue;
                if (len == 0)
                    len = (size_t)snprintf(note, note_len, "work-group fitted to the %zu items the "
                                           "device allows: ", limit);
                if (len < note_len)
                    len += (size_t)snprintf(note + len, note_len - len, "%s%s %d->%d",
                                            note[len - 2] == ':' ? "" : ", ",
                                            fitted->kernel->params[i].name, params->v[i], fitted->v[i]);
            }
            /* a fitted work-group the kernel then refused for another reason (tensor cores at
             * tf32 need BN >= 32): the first reason, the device's limit, comes first */
            if (rc != 0 && limit && env->wg_refused == 0 && shrunk[0])
                sb_fail_prefix(err, "its work-group does not fit the %zu items the device allows, "
                                    "and fitted (%s): ", limit, shrunk);
            return rc;
        }
        if (*state)
            k->release(*state);
        *state = NULL;
    }
}
