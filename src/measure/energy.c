/* Energy meters (see sb_energy.h).
 *
 * NVIDIA: libnvidia-ml.so.1 is opened with dlopen, so sparsebench builds and runs where NVML is
 * absent; the GPU is matched to the OpenCL device through its PCI bus id
 * (cl_nv_device_attribute_query), or is the only GPU NVML sees. Checked on an H200 (driver 580):
 * the bus id matches nvidia-smi's and the counter advances at the idle power it reports.
 * CPUs: the powercap package domain intel-rapl:0 (also used for AMD CPUs), whose energy_uj
 * counter wraps at max_energy_range_uj. */
#define _GNU_SOURCE
#include "sb_energy.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_device.h"
#include "sb_util.h"

#ifndef CL_DEVICE_PCI_BUS_ID_NV
#define CL_DEVICE_PCI_BUS_ID_NV 0x4008
#endif
#ifndef CL_DEVICE_PCI_SLOT_ID_NV
#define CL_DEVICE_PCI_SLOT_ID_NV 0x4009
#endif
#ifndef CL_DEVICE_PCI_DOMAIN_ID_NV
#define CL_DEVICE_PCI_DOMAIN_ID_NV 0x400A /* newer drivers only */
#endif

/* The few NVML declarations we need (nvml.h is not a build dependency). */
typedef int nvml_return;          /* nvmlReturn_t: 0 is NVML_SUCCESS */
typedef struct nvml_device *nvml_device; /* nvmlDevice_t */
typedef nvml_return (*nvml_init_fn)(void);
typedef nvml_return (*nvml_shutdown_fn)(void);
typedef nvml_return (*nvml_count_fn)(unsigned int *);
typedef nvml_return (*nvml_by_index_fn)(unsigned int, nvml_device *);
typedef nvml_return (*nvml_by_pci_fn)(const char *, nvml_device *);
typedef nvml_return (*nvml_energy_fn)(nvml_device, unsigned long long *); /* millijoules */
typedef const char *(*nvml_error_string_fn)(nvml_return);

typedef enum { SOURCE_NVML, SOURCE_RAPL } energy_source;

struct sb_energy_meter {
    energy_source source;
    /* nvml */
    void *lib;
    nvml_shutdown_fn shutdown;
    nvml_energy_fn energy;
    nvml_device device;
    unsigned long long nvml_start_mj;
    /* rapl: microjoules, accumulated across wrap-arounds */
    char *energy_path;
    uint64_t max_range_uj, last_uj, total_uj;
};

static const char *nvml_error(void *lib, nvml_return rc)
{
    nvml_error_string_fn fn = (nvml_error_string_fn)dlsym(lib, "nvmlErrorString");
    return fn ? fn(rc) : "NVML error";
}

/* The PCI address the OpenCL device reports, as NVML spells bus ids ("00000000:BB:DD.0");
 * 0 when the device does not say. On driver 580 (H200) CL_DEVICE_PCI_SLOT_ID_NV is the plain
 * device number (6 for nvidia-smi's 00000000:00:06.0), not PCI devfn (device << 3 | function)
 * as some tools read it; `devfn` gives that second reading, tried only if NVML knows no GPU at
 * the first. */
static int opencl_pci_bus_id(const sb_device *dev, int devfn, char *buf, size_t n)
{
    if (!dev->id)
        return 0;
    cl_uint bus = 0, slot = 0, domain = 0;
    if (clGetDeviceInfo(dev->id, CL_DEVICE_PCI_BUS_ID_NV, sizeof bus, &bus, NULL) != CL_SUCCESS ||
        clGetDeviceInfo(dev->id, CL_DEVICE_PCI_SLOT_ID_NV, sizeof slot, &slot, NULL) != CL_SUCCESS)
        return 0;
    if (clGetDeviceInfo(dev->id, CL_DEVICE_PCI_DOMAIN_ID_NV, sizeof domain, &domain, NULL) !=
        CL_SUCCESS)
        domain = 0; /* older drivers: domain 0 */
    if (devfn)
        snprintf(buf, n, "%08X:%02X:%02X.%X", domain, bus & 0xffu, (slot >> 3) & 0x1fu, slot & 7u);
    else
        snprintf(buf, n, "%08X:%02X:%02X.0", domain, bus & 0xffu, slot & 0xffu);
    return 1;
}

static void *nvml_symbol(void *lib, const char *name, char *why, size_t why_len, int *missing)
{
    void *sym = dlsym(lib, name);
    if (!sym && !*missing) {
        snprintf(why, why_len, "NVML has no %s (driver too old?)", name);
        *missing = 1;
    }
    return sym;
}

static sb_energy_meter *open_nvml(const sb_device *dev, char *why, size_t why_len)
{
    void *lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(why, why_len, "NVML not found (libnvidia-ml.so.1: %s)", dlerror());
        return NULL;
    }
    int missing = 0;
    nvml_init_fn init = (nvml_init_fn)nvml_symbol(lib, "nvmlInit_v2", why, why_len, &missing);
    nvml_shutdown_fn shutdown =
        (nvml_shutdown_fn)nvml_symbol(lib, "nvmlShutdown", why, why_len, &missing);
    nvml_count_fn count =
        (nvml_count_fn)nvml_symbol(lib, "nvmlDeviceGetCount_v2", why, why_len, &missing);
    nvml_by_index_fn by_index = (nvml_by_index_fn)nvml_symbol(
        lib, "nvmlDeviceGetHandleByIndex_v2", why, why_len, &missing);
    nvml_by_pci_fn by_pci = (nvml_by_pci_fn)nvml_symbol(
        lib, "nvmlDeviceGetHandleByPciBusId_v2", why, why_len, &missing);
    nvml_energy_fn energy = (nvml_energy_fn)nvml_symbol(
        lib, "nvmlDeviceGetTotalEnergyConsumption", why, why_len, &missing);
    if (missing) {
        dlclose(lib);
        return NULL;
    }
    nvml_return rc = init();
    if (rc != 0) {
        snprintf(why, why_len, "nvmlInit failed: %s", nvml_error(lib, rc));
        dlclose(lib);
        return NULL;
    }

    nvml_device handle = NULL;
    char bus_id[32];
    if (opencl_pci_bus_id(dev, 0, bus_id, sizeof bus_id)) {
        rc = by_pci(bus_id, &handle);
        char devfn_id[32];
        if (rc != 0 && opencl_pci_bus_id(dev, 1, devfn_id, sizeof devfn_id) &&
            strcmp(devfn_id, bus_id) != 0 && by_pci(devfn_id, &handle) == 0)
            rc = 0;
        if (rc != 0)
            snprintf(why, why_len, "NVML knows no GPU at PCI %s (%s)", bus_id, nvml_error(lib, rc));
    } else {
        unsigned int n = 0;
        rc = count(&n);
        if (rc != 0)
            snprintf(why, why_len, "nvmlDeviceGetCount failed: %s", nvml_error(lib, rc));
        else if (n != 1) {
            snprintf(why, why_len, "%s reports no PCI bus id and NVML sees %u GPUs: cannot tell "
                     "which one it is", dev->name, n);
            rc = -1;
        } else {
            rc = by_index(0, &handle);
            if (rc != 0)
                snprintf(why, why_len, "nvmlDeviceGetHandleByIndex failed: %s",
                         nvml_error(lib, rc));
        }
    }
    unsigned long long start_mj = 0;
    if (rc == 0) {
        rc = energy(handle, &start_mj);
        if (rc != 0)
            snprintf(why, why_len, "NVML energy counter not readable on %s: %s", dev->name,
                     nvml_error(lib, rc));
    }
    if (rc != 0) {
        shutdown();
        dlclose(lib);
        return NULL;
    }
    sb_energy_meter *m = sb_calloc(1, sizeof *m);
    m->source = SOURCE_NVML;
    m->lib = lib;
    m->shutdown = shutdown;
    m->energy = energy;
    m->device = handle;
    m->nvml_start_mj = start_mj;
    return m;
}

/* Reads one unsigned decimal number from a sysfs file. */
static int read_u64(const char *path, uint64_t *out, char *why, size_t why_len)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_len, "RAPL not readable: %s: %s", path, strerror(errno));
        return -1;
    }
    uintmax_t v = 0;
    int got = fscanf(f, "%" SCNuMAX, &v);
    fclose(f);
    if (got != 1) {
        snprintf(why, why_len, "RAPL not readable: %s holds no number", path);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

static sb_energy_meter *open_rapl(char *why, size_t why_len)
{
    const char *root = getenv("SPARSEBENCH_POWERCAP_DIR");
    if (!root || !*root)
        root = "/sys/class/powercap";
    char *dir = sb_path_join(root, "intel-rapl:0");
    char *energy = sb_path_join(dir, "energy_uj");
    char *range = sb_path_join(dir, "max_energy_range_uj");
    uint64_t max_range = 0, now = 0;
    sb_energy_meter *m = NULL;
    if (read_u64(range, &max_range, why, why_len) == 0 &&
        read_u64(energy, &now, why, why_len) == 0) {
        m = sb_calloc(1, sizeof *m);
        m->source = SOURCE_RAPL;
        m->energy_path = energy;
        energy = NULL;
        m->max_range_uj = max_range;
        m->last_uj = now;
    }
    free(dir);
    free(energy);
    free(range);
    return m;
}

sb_energy_meter *sb_energy_open(const sb_device *dev, char *why, size_t why_len)
{
    if (why && why_len)
        why[0] = '\0';
    char scratch[256];
    if (!why || !why_len) {
        why = scratch;
        why_len = sizeof scratch;
    }
    if (!dev) {
        snprintf(why, why_len, "no device");
        return NULL;
    }
    if ((dev->type & SB_DEVTYPE_GPU) && sb_icontains(dev->vendor, "NVIDIA"))
        return open_nvml(dev, why, why_len);
    if (dev->type & SB_DEVTYPE_CPU)
        return open_rapl(why, why_len);
    snprintf(why, why_len, "no energy counter for %s (%s): NVML covers NVIDIA GPUs, RAPL CPUs",
             dev->name, dev->vendor);
    return NULL;
}

static int read_rapl(sb_energy_meter *m, double *joules)
{
    char why[256];
    uint64_t now = 0;
    if (read_u64(m->energy_path, &now, why, sizeof why) != 0)
        return -1;
    /* The counter runs from 0 to max_energy_range_uj and starts over: a smaller value than last
     * time means it wrapped once (reads are far more frequent than the ~minutes a wrap takes). */
    if (now >= m->last_uj)
        m->total_uj += now - m->last_uj;
    else
        m->total_uj += m->max_range_uj - m->last_uj + now;
    m->last_uj = now;
    *joules = (double)m->total_uj * 1e-6;
    return 0;
}

int sb_energy_read_j(sb_energy_meter *m, double *joules)
{
    if (!m || !joules)
        return -1;
    if (m->source == SOURCE_RAPL)
        return read_rapl(m, joules);
    unsigned long long mj = 0;
    if (m->energy(m->device, &mj) != 0)
        return -1;
    /* NVML's counter is monotonic since the driver loaded; report it from our start. */
    *joules = (double)(mj - m->nvml_start_mj) * 1e-3;
    return 0;
}

const char *sb_energy_source(const sb_energy_meter *m)
{
    if (!m)
        return "none";
    return m->source == SOURCE_NVML ? "nvml" : "rapl";
}

void sb_energy_close(sb_energy_meter *m)
{
    if (!m)
        return;
    if (m->source == SOURCE_NVML) {
        m->shutdown();
        dlclose(m->lib);
    }
    free(m->energy_path);
    free(m);
}
