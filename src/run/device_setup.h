/* Devices for a command that runs kernels (run, build): enumerate, match profiles, select. */
#ifndef SB_DEVICE_SETUP_H
#define SB_DEVICE_SETUP_H

#include "sb_device.h"
#include "sb_profile.h"

/* Enumerates the devices, loads platforms/NAME.yaml files from the home directory, gives each device its
 * matching profile and selects by device_sel (NULL: all). profile_name (NULL: none) forces that
 * profile on the selected devices (e.g. fpga-sim, which matches no device by itself).
 * Returns 0, else the exit status after printing the message: 1 no device, 2 a user error. */
int sb_device_setup(const char *device_sel, const char *profile_name, sb_device **devs,
                    int *n_devs, sb_profile_set *profiles, int **sel, int *n_sel);

#endif
