// Does the device's OpenCL compiler accept Hopper's warpgroup MMA (sm_90a PTX)? Built only.
__kernel void wgmma_try(__global float *out)
{
    asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
    asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
    asm volatile("wgmma.wait_group.sync.aligned 0;" ::: "memory");
    out[get_global_id(0)] = 1.0f;
}
