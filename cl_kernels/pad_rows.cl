// A matrix (rows x cols, row-major, as the case stores it: halves at fp16, floats at fp32 and
// tf32) copied into rows of ld elements (ld >= cols), zero-padded: B as the tensor-core kernels
// read it (ld a multiple of 8 halves or 4 floats; run once per case, before the timed runs) and as
// csr's row blocks read it with PAD_B (rows 128 bytes apart; run in every timed run). The copy is
// exact. src/kernels/launch.c, sb_pad_rows_kernel, builds and sets it up.
__kernel void pad_rows_half(const int rows, const int cols, const int ld,
                            __global const half *restrict in, __global half *restrict out)
{
    const int c = get_global_id(0), r = get_global_id(1);
    if (r >= rows || c >= ld)
        return;
    vstore_half_rte(c < cols ? vload_half((size_t)r * cols + c, in) : 0.0f, (size_t)r * ld + c, out);
}

__kernel void pad_rows_float(const int rows, const int cols, const int ld,
                             __global const float *restrict in, __global float *restrict out)
{
    const int c = get_global_id(0), r = get_global_id(1);
    if (r >= rows || c >= ld)
        return;
    out[(size_t)r * ld + c] = c < cols ? in[(size_t)r * cols + c] : 0.0f;
}
