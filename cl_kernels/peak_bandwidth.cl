// Memory bandwidth: a copy with one float4 load and one float4 store per work-item (the host
// sizes the buffers to a whole number of work-groups). Bytes moved = read + write.
__kernel void peak_copy(__global const float4 *restrict src, __global float4 *restrict dst)
{
    const size_t i = get_global_id(0);
    dst[i] = src[i];
}
