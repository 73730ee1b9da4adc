/* What `run`, `tune` and `build` share before measuring: the devices, their profiles, the
 * selection, the kernel directory. */
#ifndef SB_SESSION_H
#define SB_SESSION_H

#include "sb_device.h"
#include "sb_outcome.h"
#include "sb_plan.h"
#include "sb_profile.h"
#include "sb_tuning.h"

typedef struct sb_session {
    sb_device *devs;
    int n_devs;
    int *sel; /* indices into devs */
    int n_sel;
    sb_profile_set profiles;
    char *kernel_dir;
    sb_tuning_db *tuning; /* per selected device after sb_session_load_tuning (empty: none) */
} sb_session;

/* Enumerates devices, loads platforms/, matches profiles (profile_name forces one by name; NULL:
 * match), selects by device_sel. Returns OK, or FAILED (no device) or BAD_INPUT (selection or
 * profile) after one message through the sink. */
sb_outcome sb_session_open(sb_session *s, const char *device_sel, const char *profile_name);
void sb_session_close(sb_session *s);

/* The tuning database of every selected device. choice: --tuning FILE or "none"; NULL:
 * $SPARSEBENCH_TUNING, else each device's own. A named file serves the device it was made for,
 * the others use their own; one that fits no selected device is an error, as is an unreadable or
 * invalid one. Returns 0, or -1 with err set. */
int sb_session_load_tuning(sb_session *s, const char *choice, sb_error *err);
/* The selected devices with their tuning databases, for sb_plan_make (malloc'd, n_sel). */
sb_plan_device *sb_session_plan_devices(const sb_session *s);

#endif
