/* Devices, profiles and the user's selection (device_setup.h). */
#include "device_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cli.h"

static const sb_profile *find_profile(const sb_profile_set *set, const char *name, sb_error *err)
{
    sb_strbuf known = {0};
    for (int i = 0; i < set->count; i++) {
        if (strcmp(set->items[i].name, name) == 0) {
            sb_strbuf_free(&known);
            return &set->items[i];
        }
        sb_strbuf_appendf(&known, "%s%s", i ? ", " : "", set->items[i].name);
    }
    sb_fail(err, "--profile %s: no such profile in platforms/ (known: %s)", name,
            known.s ? known.s : "none");
    sb_strbuf_free(&known);
    return NULL;
}

int sb_device_setup(const char *device_sel, const char *profile_name, sb_device **devs,
                    int *n_devs, sb_profile_set *profiles, int **sel, int *n_sel)
{
    sb_error err;
    if (sb_devices_enumerate(devs, n_devs, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        return 1;
    }
    if (*n_devs == 0) {
        fprintf(stderr, "sparsebench: no OpenCL device found. Install an OpenCL driver (on Debian: "
                        "apt-get install pocl-opencl-icd for the CPU) and check with clinfo -l.\n");
        return 1;
    }
    char *pdir = sb_path_join(sb_home_dir(), "platforms");
    int rc = sb_profiles_load_dir(pdir, profiles, &err);
    free(pdir);
    if (rc) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        return 2;
    }
    for (int i = 0; i < *n_devs; i++)
        (*devs)[i].profile = sb_profile_match(profiles, &(*devs)[i]);
    if (sb_devices_select(*devs, *n_devs, device_sel, sel, n_sel, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        return 2;
    }
    if (profile_name) {
        const sb_profile *p = find_profile(profiles, profile_name, &err);
        if (!p) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            return 2;
        }
        for (int i = 0; i < *n_sel; i++)
            (*devs)[(*sel)[i]].profile = p;
    }
    return 0;
}
