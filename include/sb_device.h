/* OpenCL devices: enumeration, their properties, and selection by the user's --device string. */
#ifndef SB_DEVICE_H
#define SB_DEVICE_H

#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include "sb_util.h"

struct sb_profile;

enum {
    SB_DEVTYPE_CPU = 1,
    SB_DEVTYPE_GPU = 2,
    SB_DEVTYPE_ACCELERATOR = 4,
    SB_DEVTYPE_OTHER = 8,
};

typedef struct sb_device {
    int platform_index, device_index; /* printed as P:D */
    cl_platform_id platform;
    cl_device_id id;
    char platform_name[256];
    char platform_vendor[256];
    char platform_version[256];
    char name[256];
    char vendor[256];
    char driver_version[256];
    char version[256];          /* CL_DEVICE_VERSION */
    char opencl_c_version[256]; /* CL_DEVICE_OPENCL_C_VERSION */
    int type;                   /* SB_DEVTYPE_* */
    unsigned compute_units;
    unsigned max_clock_mhz;
    unsigned long long global_mem_bytes;
    unsigned long long local_mem_bytes;
    unsigned long long max_alloc_bytes;
    size_t max_work_group_size;
    int fp16, fp64;
    int compiler_available;
    const struct sb_profile *profile; /* matched platforms/NAME.yaml profile */
} sb_device;

const char *sb_devtype_name(int type); /* "GPU", "CPU", "ACCELERATOR", "OTHER" */

/* Every device on every platform. *count may be 0 (not an error: the caller decides). */
int sb_devices_enumerate(sb_device **out, int *count, sb_error *err);

/* Selects devices by SEL: "all", "P:D", a type ("gpu", "cpu", "accelerator"), or a case-insensitive
 * substring of the device, vendor or platform name; a comma-separated list combines. Fills idx
 * (malloc'd) with indices into devs. No match is an error naming SEL and the devices that exist. */
int sb_devices_select(const sb_device *devs, int count, const char *sel, int **idx, int *n_idx,
                      sb_error *err);

#endif
