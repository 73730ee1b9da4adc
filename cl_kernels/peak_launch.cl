// The launch floor: a kernel that does nothing but exist (one work-item writes one int, so no
// compiler can drop it). Its event time is what the device's runtime charges any kernel,
// however small: the floor under every time the suite measures.
__kernel void peak_launch(__global int *out)
{
    if (get_global_id(0) == 0)
        out[0] = 1;
}
