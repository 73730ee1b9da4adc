/* Where the suite's data lives: kernels, profiles, configs, tools. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_cli.h"
#include "sb_util.h"

const char *sb_home_dir(void)
{
    static char home[PATH_MAX];
    if (home[0])
        return home;
    const char *env = getenv("SPARSEBENCH_HOME");
    if (env && *env) {
        snprintf(home, sizeof home, "%s", env);
        return home;
    }
    /* installed: <prefix>/bin/sparsebench next to <prefix>/share/sparsebench */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char candidate[PATH_MAX + 64];
            snprintf(candidate, sizeof candidate, "%s/../share/sparsebench", exe);
            char kernels[PATH_MAX + 96];
            snprintf(kernels, sizeof kernels, "%s/cl_kernels", candidate);
            if (sb_is_dir(kernels) && realpath(candidate, home))
                return home;
        }
    }
    snprintf(home, sizeof home, "%s", SB_SOURCE_DIR);
    return home;
}
