/* Stable device ids ("platform/device-name" slugs, independent of the P:D order) and selecting
 * by them, on made-up device lists (no OpenCL call). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_device.h"

static void platform_slugs(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"Portable Computing Language", "pocl"},
        {"Intel(R) OpenCL", "intel"},
        {"Intel(R) FPGA Emulation Platform for OpenCL(TM)", "intel-fpga-emulation"},
        {"rusticl", "rusticl"},
        {"Oclgrind", "oclgrind"},
        {"NVIDIA CUDA", "nvidia-cuda"},
        {"OpenCL", "platform"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        sb_platform_slug(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
}

static sb_device fake(int p, int d, const char *platform, const char *name)
{
    sb_device dev;
    memset(&dev, 0, sizeof dev);
    dev.platform_index = p;
    dev.device_index = d;
    dev.type = SB_DEVTYPE_GPU;
    snprintf(dev.platform_name, sizeof dev.platform_name, "%s", platform);
    snprintf(dev.name, sizeof dev.name, "%s", name);
    return dev;
}

/* Only Oclgrind's clFlush runs the queue (no gated batches there: sb_device_flush_waits) */
static void flush_waits(void **state)
{
    (void)state;
    sb_device ocl = fake(0, 0, "Oclgrind", "Oclgrind Simulator");
    sb_device pocl = fake(1, 0, "Portable Computing Language", "cpu");
    sb_device nv = fake(2, 0, "NVIDIA CUDA", "NVIDIA H200");
    assert_int_equal(sb_device_flush_waits(&ocl), 1);
    assert_int_equal(sb_device_flush_waits(&pocl), 0);
    assert_int_equal(sb_device_flush_waits(&nv), 0);
}

static void ids_and_duplicates(void **state)
{
    (void)state;
    sb_device devs[] = {
        fake(0, 0, "Portable Computing Language", "pthread-skylake-avx512-AMD EPYC"),
        fake(1, 0, "NVIDIA CUDA", "NVIDIA H200"),
        fake(1, 1, "NVIDIA CUDA", "NVIDIA H200"),
        fake(2, 0, "rusticl", "llvmpipe (LLVM 15.0.6, 256 bits)"),
        fake(3, 0, "Intel(R) FPGA Emulation Platform for OpenCL(TM)", "Intel(R) FPGA Emulation Device"),
    };
    sb_devices_set_stable_ids(devs, 5);
    assert_string_equal(devs[0].stable_id, "pocl/pthread-skylake-avx512-amd-epyc");
    assert_string_equal(devs[1].stable_id, "nvidia-cuda/nvidia-h200");
    assert_string_equal(devs[2].stable_id, "nvidia-cuda/nvidia-h200-2");
    assert_string_equal(devs[3].stable_id, "rusticl/llvmpipe-llvm-15-0-6-256-bits");
    assert_string_equal(devs[4].stable_id, "intel-fpga-emulation/intel-fpga-emulation-device");

    /* the same devices enumerated in another order (an ICD added in front) keep their ids */
    sb_device moved[] = {devs[3], devs[0], devs[1], devs[2], devs[4]};
    for (int i = 0; i < 5; i++)
        moved[i].stable_id[0] = '\0';
    sb_devices_set_stable_ids(moved, 5);
    assert_string_equal(moved[1].stable_id, "pocl/pthread-skylake-avx512-amd-epyc");
    assert_string_equal(moved[0].stable_id, "rusticl/llvmpipe-llvm-15-0-6-256-bits");

    /* a full id selects that device only, although it is a prefix of the second H200's */
    int *idx = NULL, n = 0;
    sb_error err;
    assert_int_equal(sb_devices_select(devs, 5, "nvidia-cuda/nvidia-h200", &idx, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(idx[0], 1);
    free(idx);
    assert_int_equal(sb_devices_select(devs, 5, "NVIDIA-CUDA/NVIDIA-H200-2", &idx, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(idx[0], 2);
    free(idx);
    /* a part of an id selects every device it is part of; lists combine */
    assert_int_equal(sb_devices_select(devs, 5, "pocl,rusticl/", &idx, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 3);
    free(idx);
    /* no match: the message lists the ids that exist */
    assert_int_equal(sb_devices_select(devs, 5, "intel/amd-epyc", &idx, &n, &err), -1);
    assert_non_null(strstr(err.msg, "no device matches 'intel/amd-epyc'"));
    assert_non_null(strstr(err.msg, "nvidia-cuda/nvidia-h200-2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(platform_slugs),
        cmocka_unit_test(flush_waits),
        cmocka_unit_test(ids_and_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
