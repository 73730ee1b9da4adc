/* Host formats of one operand, built on first use and shared by the kernels of a case. */
#include <stdlib.h>
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

int sb_operand_upload(sb_operand *op, sb_cl_env *env, const float *B, sb_error *err)
{
    size_t b_bytes = (size_t)op->K * (size_t)op->N * sizeof(float);
    size_t c_bytes = (size_t)op->M * (size_t)op->N * sizeof(float);
    if (sb_cl_buffer(env, CL_MEM_READ_ONLY, b_bytes, B, &op->B, err) ||
        sb_cl_buffer(env, CL_MEM_READ_WRITE, c_bytes, NULL, &op->C, err))
        return -1;
    return 0;
}

void sb_operand_release(sb_operand *op)
{
    if (op->B)
        clReleaseMemObject(op->B);
    if (op->C)
        clReleaseMemObject(op->C);
    op->B = op->C = NULL;
    sb_operand_release_formats(op);
}
