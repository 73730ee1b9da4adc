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
    int platform_index, device_index; /* printed as P:D; change when an ICD is added or removed */
    /* "platform/device-name" as a slug ("pocl/pthread-skylake-avx512-amd-epyc", "intel/amd-epyc"),
     * "-2", "-3" appended to the second and third of identical devices: the same on every machine
     * with the same implementations, whatever else is installed. Accepted by --device, written
     * in rows as device_id. Set by sb_devices_enumerate. */
    char stable_id[160];
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
    unsigned native_vec_float;  /* CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT: 16 on AVX-512, 8 on AVX2 */
    int fp16, fp64;
    int compiler_available;
    const struct sb_profile *profile; /* matched platforms/NAME.yaml profile */
} sb_device;

const char *sb_devtype_name(int type); /* "GPU", "CPU", "ACCELERATOR", "OTHER" */
/* "P:D", the device's index as `devices`, run.json and the rows write it, into buf (n bytes);
 * returns buf. */
const char *sb_device_index(const sb_device *d, char *buf, size_t n);

/* The short name of a platform in stable ids: "pocl" for Portable Computing Language, else the
 * platform's name as a slug without (R), (TM) and the words OpenCL/Platform/for ("intel",
 * "intel-fpga-emulation", "rusticl", "oclgrind", "nvidia-cuda"). */
void sb_platform_slug(const char *platform_name, char *out, size_t n);
/* 1 where clFlush waits for the queued commands to finish: Oclgrind (a simulator) runs them in
 * clFlush, so commands queued behind a user event the host completes only afterwards (a gated
 * batch, src/run/case_batch.c) never return there. */
int sb_device_flush_waits(const sb_device *d);
/* Sets stable_id of each device from its platform and device names (sb_devices_enumerate does). */
void sb_devices_set_stable_ids(sb_device *devs, int n);

/* The platforms that list no device, as "name (hint)" lines (malloc'd, "" when none): rusticl lists
 * none until RUSTICL_ENABLE names a driver, Mesa's clover none without a GPU it drives. */
char *sb_platforms_without_devices(void); /* lines joined by "\n  " */

/* Every device on every platform. *count may be 0 (not an error: the caller decides). */
int sb_devices_enumerate(sb_device **out, int *count, sb_error *err);

/* Selects devices by SEL: "all", "P:D", a stable id ("pocl/pthread-...": exactly that device), a
 * type ("gpu", "cpu", "accelerator"), or a case-insensitive substring of the stable id or the
 * device, vendor or platform name ("pocl", "intel"); a comma-separated list combines. Fills idx
 * (malloc'd) with indices into devs. No match is an error naming SEL and the devices that exist. */
int sb_devices_select(const sb_device *devs, int count, const char *sel, int **idx, int *n_idx,
                      sb_error *err);

#endif
