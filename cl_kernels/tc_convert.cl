// B (rows x cols, row-major, as the case stores it: halves at fp16, floats at tf32) copied into
// the layout of the tensor-core kernels: rows of ld elements (ld >= cols, a multiple of 8 halves
// or 4 floats), zero-padded. src/kernels/tc_kernels.c runs it once per case, before the timed
// runs. The copy is exact.
__kernel void tc_pad_half(const int rows, const int cols, const int ld,
                          __global const half *restrict in, __global half *restrict out)
{
    const int c = get_global_id(0), r = get_global_id(1);
    if (r >= rows || c >= ld)
        return;
    vstore_half_rte(c < cols ? vload_half((size_t)r * cols + c, in) : 0.0f, (size_t)r * ld + c, out);
}

__kernel void tc_pad_float(const int rows, const int cols, const int ld,
                           __global const float *restrict in, __global float *restrict out)
{
    const int c = get_global_id(0), r = get_global_id(1);
    if (r >= rows || c >= ld)
        return;
    out[(size_t)r * ld + c] = c < cols ? in[(size_t)r * cols + c] : 0.0f;
}
