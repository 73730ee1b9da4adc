/* Energy counters read around the counted runs of a case: NVML on NVIDIA GPUs (loaded at run
 * time, the build does not depend on it), Linux powercap RAPL on CPUs. Anything else, or a counter
 * that cannot be read, is "not available" with a reason, never an error. */
#ifndef SB_ENERGY_H
#define SB_ENERGY_H

#include <stddef.h>

struct sb_device;

typedef struct sb_energy_meter sb_energy_meter;

/* NULL and a reason (e.g. "NVML not found", "RAPL not readable") when energy is not available.
 * CPUs read $SPARSEBENCH_POWERCAP_DIR/intel-rapl:0 (default /sys/class/powercap), the package domain. */
sb_energy_meter *sb_energy_open(const struct sb_device *dev, char *why, size_t why_len);
/* Joules since sb_energy_open: cumulative and monotonic (counter wrap-around handled).
 * 0 on success, -1 when the counter could not be read. */
int sb_energy_read_j(sb_energy_meter *m, double *joules);
const char *sb_energy_source(const sb_energy_meter *m); /* "nvml", "rapl" */
void sb_energy_close(sb_energy_meter *m);

#endif
