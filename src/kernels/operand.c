/* Host formats of one operand, built on first use and shared by the kernels of a case. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_half.h"
#include "sb_kernel.h"

const sb_bsr *sb_operand_bsr(sb_operand *op)
{
    if (!op->bsr) {
        int br = op->bsr_br, bc = op->bsr_bc;
        if (op->pattern.kind == SB_PATTERN_BLOCK) {
            br = op->pattern.block_rows;
            bc = op->pattern.block_cols;
        }
        op->bsr = sb_calloc(1, sizeof *op->bsr);
        sb_bsr_from_dense(op->bsr, op->A, br, bc);
    }
    return op->bsr;
}

int sb_operand_nm(sb_operand *op, const sb_nm **out, sb_error *err)
{
    if (!op->nm) {
        if (op->pattern.kind != SB_PATTERN_NM)
            return sb_fail(err, "the N:M format holds only a matrix pruned with pattern nm");
        sb_nm *nm = sb_calloc(1, sizeof *nm);
        if (sb_nm_from_dense(nm, op->A, op->pattern.nm_n, op->pattern.nm_m, err)) {
            free(nm);
            return -1;
        }
        op->nm = nm;
    }
    *out = op->nm;
    return 0;
}

void sb_operand_release_formats(sb_operand *op)
{
    if (op->bsr) {
        sb_bsr_free(op->bsr);
        free(op->bsr);
        op->bsr = NULL;
    }
    if (op->nm) {
        sb_nm_free(op->nm);
        free(op->nm);
        op->nm = NULL;
    }
}

/* Guards of at least 64 KiB (a tile or a row written past the end), at most 4 MiB (read back after
 * every run), about a sixteenth of C in between; a whole number of the device's base address
 * alignment, so C starts where a buffer of its own would. */
static int guard_size(sb_cl_env *env, size_t c_bytes, size_t *out, sb_error *err)
{
    cl_uint align_bits = 0;
    SB_CL_TRY(clGetDeviceInfo(env->dev->id, CL_DEVICE_MEM_BASE_ADDR_ALIGN, sizeof align_bits,
                              &align_bits, NULL),
              "clGetDeviceInfo(CL_DEVICE_MEM_BASE_ADDR_ALIGN)");
    size_t align = align_bits >= 32 ? align_bits / 8 : 4;
    size_t g = c_bytes / 16;
    g = g < (64u << 10) ? 64u << 10 : g > (4u << 20) ? 4u << 20 : g;
    *out = (g + align - 1) / align * align;
    return 0;
}

size_t sb_operand_c_bytes(const sb_operand *op)
{
    return (size_t)op->M * (size_t)op->N * sb_precision_bytes(op->precision);
}

int sb_operand_upload(sb_operand *op, sb_cl_env *env, const float *B, sb_error *err)
{
    size_t b_count = (size_t)op->K * (size_t)op->N;
    size_t c_bytes = sb_operand_c_bytes(op);
    uint16_t *halves = NULL; /* B as the device stores it at fp16 (exact: B is already rounded) */
    if (op->precision == SB_PRECISION_FP16) {
        halves = sb_malloc(b_count * sizeof *halves + 2);
        sb_floats_to_halves(B, halves, b_count);
    }
    int failed = guard_size(env, c_bytes, &op->guard_bytes, err) ||
             sb_cl_buffer(env, CL_MEM_READ_ONLY, b_count * sb_precision_bytes(op->precision),
                          halves ? (const void *)halves : (const void *)B, &op->B, err) ||
             sb_cl_buffer(env, CL_MEM_READ_WRITE, c_bytes + 2 * op->guard_bytes, NULL,
                          &op->C_guarded, err);
    free(halves);
    if (failed)
        return -1;
    cl_buffer_region region = {op->guard_bytes, c_bytes};
    cl_int rc;
    op->C = clCreateSubBuffer(op->C_guarded, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION,
                              &region, &rc);
    if (rc != CL_SUCCESS) {
        op->C = NULL;
        return sb_cl_fail(err, rc, "clCreateSubBuffer (C between its guards)", env->dev);
    }
    return sb_operand_arm_guards(op, env, err);
}

/* The canary in C's element size (a 2-byte half at fp16: a C of an odd number of halves ends
 * 2 bytes short of a whole word, and the guard after it starts there); returns its size. */
static size_t guard_canary(const sb_operand *op, unsigned char canary[4])
{
    const cl_uint word = SB_GUARD_WORD;
    memcpy(canary, &word, sizeof word); /* at fp16 its first two bytes are the canary */
    return sb_precision_bytes(op->precision);
}

int sb_operand_arm_guards(sb_operand *op, sb_cl_env *env, sb_error *err)
{
    if (!op->C_guarded) /* a C made without guards (sparsebench build only prepares) */
        return 0;
    unsigned char canary[4];
    size_t unit = guard_canary(op, canary);
    size_t c_bytes = sb_operand_c_bytes(op);
    SB_CL_TRY(clEnqueueFillBuffer(env->queue, op->C_guarded, canary, unit, 0, op->guard_bytes, 0,
                                  NULL, NULL),
              "clEnqueueFillBuffer (guard before C)");
    SB_CL_TRY(clEnqueueFillBuffer(env->queue, op->C_guarded, canary, unit,
                                  op->guard_bytes + c_bytes, op->guard_bytes, 0, NULL, NULL),
              "clEnqueueFillBuffer (guard after C)");
    SB_CL_TRY(clFinish(env->queue), "clFinish");
    return 0;
}

/* Bytes of the guard at offset that no longer hold the canary (compared in units of C's element,
 * which is how a stray write lands), and the first one's distance from C (from its end when
 * after, from its start when before). */
static int guard_changed(sb_cl_env *env, const sb_operand *op, size_t offset, int before,
                         size_t *changed, size_t *nearest, sb_error *err)
{
    unsigned char canary[4];
    size_t unit = guard_canary(op, canary), bytes = op->guard_bytes;
    unsigned char *g = sb_malloc(bytes);
    cl_int rc = clEnqueueReadBuffer(env->queue, op->C_guarded, CL_TRUE, offset, bytes, g, 0, NULL,
                                    NULL);
    if (rc != CL_SUCCESS) {
        free(g);
        return sb_cl_fail(err, rc, "clEnqueueReadBuffer (a guard of C)", env->dev);
    }
    *changed = 0;
    *nearest = 0;
    for (size_t i = 0; i + unit <= bytes; i += unit) {
        if (memcmp(g + i, canary, unit) == 0)
            continue;
        size_t distance = before ? bytes - i : i;
        if (*changed == 0 || distance < *nearest)
            *nearest = distance;
        *changed += unit;
    }
    free(g);
    return 0;
}

int sb_operand_check_guards(sb_operand *op, sb_cl_env *env, char *why, size_t why_len,
                            sb_error *err)
{
    if (!op->C_guarded)
        return 0;
    size_t c_bytes = sb_operand_c_bytes(op);
    size_t before, after, near_before, near_after;
    if (guard_changed(env, op, 0, 1, &before, &near_before, err) ||
        guard_changed(env, op, op->guard_bytes + c_bytes, 0, &after, &near_after, err))
        return -1;
    if (!before && !after)
        return 0;
    if (after)
        snprintf(why, why_len, "wrote past the end of C: %zu bytes of the %zu after it changed, "
                 "the nearest at byte %zu past the end%s", after, op->guard_bytes, near_after,
                 before ? ", and before its start too" : "");
    else
        snprintf(why, why_len, "wrote before the start of C: %zu bytes of the %zu before it "
                 "changed, the nearest %zu bytes before its start", before, op->guard_bytes,
                 near_before);
    return 1;
}

int sb_operand_poison_c(sb_operand *op, sb_cl_env *env, sb_error *err)
{
    size_t count = (size_t)op->M * (size_t)op->N;
    if (op->precision != SB_PRECISION_FP16)
        return sb_cl_fill_float(env, op->C, count, NAN, err);
    if (count == 0)
        return 0;
    const cl_ushort nan_half = 0x7E00u; /* a quiet NaN */
    SB_CL_TRY(clEnqueueFillBuffer(env->queue, op->C, &nan_half, sizeof nan_half, 0,
                                  count * sizeof nan_half, 0, NULL, NULL),
              "clEnqueueFillBuffer (NaN into C)");
    SB_CL_TRY(clFinish(env->queue), "clFinish");
    return 0;
}

int sb_operand_read_c(sb_operand *op, sb_cl_env *env, float *out, sb_error *err)
{
    size_t count = (size_t)op->M * (size_t)op->N;
    if (op->precision != SB_PRECISION_FP16)
        return sb_cl_read(env, op->C, count * sizeof(float), out, err);
    uint16_t *h = sb_malloc(count * sizeof *h + 2);
    int rc = sb_cl_read(env, op->C, count * sizeof *h, h, err);
    for (size_t i = 0; rc == 0 && i < count; i++)
        out[i] = sb_half_to_float(h[i]);
    free(h);
    return rc;
}

void sb_operand_release(sb_operand *op)
{
    if (op->B)
        clReleaseMemObject(op->B);
    if (op->C)
        clReleaseMemObject(op->C);
    if (op->C_guarded)
        clReleaseMemObject(op->C_guarded);
    op->B = op->C = op->C_guarded = NULL;
    sb_operand_release_formats(op);
}
