/* What a device's profile and capabilities decide about a kernel (see sb_plan.h). */
#include "sb_plan.h"

#include <stdio.h>
#include "sb_device.h"
#include "sb_profile.h"

int sb_plan_kernel_runs_on(const sb_kernel_spec *k, const sb_device *dev, sb_precision p,
                           char *why, size_t why_len)
{
    if (k->needs & SB_NEEDS_CLBLAST) {
        if (dev->profile && !dev->profile->clblast) {
            snprintf(why, why_len, "CLBlast is disabled for this device by its profile %s",
                     dev->profile->name);
            return 0;
        }
        if (!dev->compiler_available) {
            snprintf(why, why_len, "CLBlast needs an online OpenCL compiler, which this device lacks");
            return 0;
        }
    }
    if ((k->needs & SB_NEEDS_TENSOR_CORES) && !(dev->profile && dev->profile->tensor_cores[0])) {
        snprintf(why, why_len, "%s needs tensor cores: the device's profile%s%s names no "
                 "tensor-core path (tensor_cores:)", k->name, dev->profile ? " " : "",
                 dev->profile ? dev->profile->name : "");
        return 0;
    }
    if ((k->needs & SB_NEEDS_KHR_FP16) && p == SB_PRECISION_FP16 && !dev->fp16) {
        snprintf(why, why_len, "%s at fp16 needs cl_khr_fp16, which this device does not report "
                 "(the fp16 baseline is then the suite's own fp16 GEMM)", k->name);
        return 0;
    }
    return 1;
}

const sb_kernel_spec *sb_plan_kernel_as_run(const sb_kernel_spec *k, const sb_device *dev)
{
    return sb_spec_task_variant(k, dev && dev->profile && dev->profile->task_kernels);
}

const sb_kernel_spec *sb_plan_baseline(const sb_device *dev, sb_precision p)
{
    const sb_kernel_spec *best = NULL;
    char why[256];
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++)
        if ((*k)->baseline > 0 && (!best || (*k)->baseline < best->baseline) &&
            sb_spec_has_precision(*k, p) && sb_plan_kernel_runs_on(*k, dev, p, why, sizeof why))
            best = *k;
    return best;
}
