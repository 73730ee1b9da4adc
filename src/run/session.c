/* Devices, profiles and selection for a command (see session.h). */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_store.h"
#include "sb_sink.h"

sb_outcome sb_session_open(sb_session *s, const char *device_sel, const char *profile_name)
{
    memset(s, 0, sizeof *s);
    sb_error err;
    if (sb_devices_enumerate(&s->devs, &s->n_devs, &err)) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_FAILED;
    }
    if (s->n_devs == 0) {
        char *empty = sb_platforms_without_devices();
        sb_error_message("no OpenCL device found. Install an OpenCL driver (on Debian: apt-get "
                         "install pocl-opencl-icd for the CPU) and check with clinfo -l.%s%s",
                         empty[0] ? " Platforms with no device:\n  " : "", empty);
        free(empty);
        return SB_OUTCOME_FAILED;
    }
    char *pdir = sb_path_join(sb_home_dir(), "platforms");
    int rc = sb_profiles_load_dir(pdir, &s->profiles, &err);
    free(pdir);
    if (rc) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_BAD_INPUT;
    }
    const sb_profile *forced = NULL;
    if (profile_name) {
        for (int i = 0; i < s->profiles.count; i++)
            if (strcmp(s->profiles.items[i].name, profile_name) == 0)
                forced = &s->profiles.items[i];
        if (!forced) {
            sb_error_message("--profile %s: no such profile in %s/platforms",
                    profile_name, sb_home_dir());
            return SB_OUTCOME_BAD_INPUT;
        }
    }
    for (int i = 0; i < s->n_devs; i++)
        s->devs[i].profile = forced ? forced : sb_profile_match(&s->profiles, &s->devs[i]);
    if (sb_devices_select(s->devs, s->n_devs, device_sel, &s->sel, &s->n_sel, &err)) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_BAD_INPUT;
    }
    s->kernel_dir = sb_path_join(sb_home_dir(), "cl_kernels");
    return SB_OUTCOME_OK;
}

int sb_session_load_tuning(sb_session *s, const char *choice, sb_error *err)
{
    const char *named_by = choice ? "--tuning " : "SPARSEBENCH_TUNING="; /* for messages */
    if (!choice)
        choice = getenv("SPARSEBENCH_TUNING");
    const char *file = choice && strcmp(choice, "none") == 0 ? NULL : choice;
    s->tuning = sb_calloc((size_t)(s->n_sel ? s->n_sel : 1), sizeof *s->tuning);
    /* a named database that is not there is a mistake (a typo), not "nothing tuned yet" */
    if (file && !sb_file_exists(file)) {
        char *dir = sb_tuning_dir();
        sb_fail(err, "%s%s: no such file: name a database sparsebench tune saved (in %s), or none",
                named_by, file,
                dir ? dir : "SPARSEBENCH_TUNING_DIR");
        free(dir);
        return -1;
    }
    int fits = 0;
    char mismatch[sizeof err->msg] = "";
    for (int i = 0; i < s->n_sel; i++) {
        const sb_device *dev = &s->devs[s->sel[i]];
        int rc = 0;
        if (file) {
            rc = sb_tuning_load(file, dev, &s->tuning[i], err);
            fits |= rc == 0;
            if (rc == -2) { /* made for another device: this one uses its own */
                snprintf(mismatch, sizeof mismatch, "%s", err->msg);
                sb_tuning_free(&s->tuning[i]);
                rc = sb_tuning_load(NULL, dev, &s->tuning[i], err);
            }
        } else if (!choice) {
            rc = sb_tuning_load(NULL, dev, &s->tuning[i], err);
        }
        if (rc)
            return -1;
    }
    if (file && !fits)
        return sb_fail(err, "%s", mismatch);
    return 0;
}

sb_plan_device *sb_session_plan_devices(const sb_session *s)
{
    sb_plan_device *d = sb_calloc((size_t)(s->n_sel ? s->n_sel : 1), sizeof *d);
    for (int i = 0; i < s->n_sel; i++) {
        d[i].dev = &s->devs[s->sel[i]];
        d[i].tuning = s->tuning ? &s->tuning[i] : NULL;
    }
    return d;
}

void sb_session_close(sb_session *s)
{
    for (int i = 0; s->tuning && i < s->n_sel; i++)
        sb_tuning_free(&s->tuning[i]);
    free(s->tuning);
    free(s->devs);
    free(s->sel);
    free(s->kernel_dir);
    sb_profiles_free(&s->profiles);
    memset(s, 0, sizeof *s);
}
