// Cold caches (`cache: cold`): read a buffer larger than the device's last-level cache, so the
// operands of the next timed run are no longer in it. Each work-item sums a strided slice (reads
// coalesce across work-items) and writes one float, so the reads cannot be dropped.
__kernel void scrub_read(__global const float4 *restrict buf, const uint per_item,
                         __global float *restrict out)
{
    const size_t n = get_global_size(0);
    const size_t i = get_global_id(0);
    float4 s = (float4)(0.0f);
    for (uint j = 0; j < per_item; j++)
        s += buf[i + (size_t)j * n];
    out[i] = s.x + s.y + s.z + s.w;
}
