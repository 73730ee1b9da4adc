/* Whether a case can fit at all, known before anything runs (see sb_plan.h). The bounds are the
 * least a case needs whatever its kernel does, so a case is skipped only when it certainly
 * cannot run: A, B and C as the run allocates them on the host (A dense, the double reference),
 * B, C and A's values on the device. Sizes are computed in double: M, K and N near 2^31 multiply
 * past any integer type. */
#include "sb_plan.h"

#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include "sb_device.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

double sb_host_memory_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

/* A's values on the device, at least: dense for the dense kernels, else one float per non-zero
 * when the target sparsity is known (a file kept as stored: unknown, 0). */
static double device_a_bytes(const sb_matrix_spec *s, const sb_kernel_spec *k)
{
    double elements = (double)s->M * (double)s->K;
    if (k->format == SB_FORMAT_DENSE)
        return 4.0 * elements;
    return s->sparsity >= 0 ? 4.0 * elements * (1.0 - s->sparsity) : 0;
}

int sb_plan_case_fits(const sb_matrix_spec *s, int N, const sb_kernel_spec *k,
                      const struct sb_device *dev, double host_bytes, char *why, size_t why_len)
{
    const double M = s->M, K = s->K, n = N;
    if (s->M <= 0 || s->K <= 0)
        return 1; /* shape not known before loading: the loader checks it */
    /* the kernels index every operand with 32-bit ints */
    const struct {
        const char *what;
        double rows, cols;
    } ops[] = {{"A (M x K)", M, K}, {"B (K x N)", K, n}, {"C (M x N)", M, n}};
    for (int i = 0; i < 3; i++)
        if (ops[i].rows * ops[i].cols > INT_MAX) {
            snprintf(why, why_len, "%s has %.0f x %.0f = %.4g elements, more than the %d a kernel "
                     "can index", ops[i].what, ops[i].rows, ops[i].cols, ops[i].rows * ops[i].cols,
                     INT_MAX);
            return 0;
        }
    /* host: A dense (float), B, the double reference C and the device's C read back */
    double host = 4.0 * M * K + 4.0 * K * n + 12.0 * M * n;
    if (host_bytes > 0 && host > host_bytes) {
        snprintf(why, why_len, "needs at least %.1f GiB of host memory (A dense, B, the reference "
                 "and the result C), this host has %.1f GiB", host / GIB, host_bytes / GIB);
        return 0;
    }
    /* device: each buffer within CL_DEVICE_MAX_MEM_ALLOC_SIZE, all within the global memory */
    const double a = device_a_bytes(s, k), b = 4.0 * K * n, c = 4.0 * M * n;
    const struct {
        const char *what;
        double bytes;
    } bufs[] = {{"A", a}, {"B", b}, {"C", c}};
    for (int i = 0; dev && dev->max_alloc_bytes && i < 3; i++)
        if (bufs[i].bytes > (double)dev->max_alloc_bytes) {
            snprintf(why, why_len, "%s needs %.2f GiB in one buffer, the device allows %.2f GiB "
                     "(CL_DEVICE_MAX_MEM_ALLOC_SIZE)", bufs[i].what, bufs[i].bytes / GIB,
                     (double)dev->max_alloc_bytes / GIB);
            return 0;
        }
    if (dev && dev->global_mem_bytes && a + b + c > (double)dev->global_mem_bytes) {
        snprintf(why, why_len, "A, B and C need at least %.2f GiB, the device has %.2f GiB "
                 "(CL_DEVICE_GLOBAL_MEM_SIZE)", (a + b + c) / GIB,
                 (double)dev->global_mem_bytes / GIB);
        return 0;
    }
    return 1;
}
