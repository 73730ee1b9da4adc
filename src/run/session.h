/* What `run`, `tune` and `build` share before measuring: the devices, their profiles, the
 * selection, the kernel directory. */
#ifndef SB_SESSION_H
#define SB_SESSION_H

#include "sb_device.h"
#include "sb_profile.h"

typedef struct sb_session {
    sb_device *devs;
    int n_devs;
    int *sel; /* indices into devs */
    int n_sel;
    sb_profile_set profiles;
    char *kernel_dir;
} sb_session;

/* Enumerates devices, loads platforms/, matches profiles (profile_name forces one by name; NULL:
 * match), selects by device_sel. Returns 0, or the exit status (1 no device, 2 usage/profile
 * error) after printing one message. */
int sb_session_open(sb_session *s, const char *device_sel, const char *profile_name);
void sb_session_close(sb_session *s);

#endif
