// B (rows x cols floats, row-major) copied into the layout of the tensor-core kernels: rows of ld
// elements (ld >= cols, a multiple of 8 halves or 4 floats), zero-padded. src/kernels/tc_kernels.c
// runs it once per case, before the timed runs. The runner has rounded B to the case's precision
// already, so the fp16 copy (vstore_half_rte) is exact.
__kernel void tc_pad_half(const int rows, const int cols, const int ld,
                          __global const float *restrict in, __global half *restrict out)
{
    const int c = get_global_id(0), r = get_global_id(1);
    if (r >= rows || c >= ld)
        return;
    vstore_half_rte(c < cols ? in[(size_t)r * cols + c] : 0.0f, (size_t)r * ld + c, out);
}

__kernel void tc_pad_float(const int rows, const int cols, const int ld,
                           __global const float *restrict in, __global float *restrict out)
{
    const int c = get_global_id(0), r = get_global_id(1);
    if (r >= rows || c >= ld)
        return;
    out[(size_t)r * ld + c] = c < cols ? in[(size_t)r * cols + c] : 0.0f;
}
