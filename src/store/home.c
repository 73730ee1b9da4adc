/* Where the suite's installed data lives: kernels, profiles, configs, tools (see sb_store.h). */
#include "sb_store.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The directory of the running executable, resolved, into dir. Returns 0 or -1. */
static int exe_dir(char *dir, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return -1;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(dir, n, "%s", exe);
    return 0;
}

/* 1 if path is dir or below it (both resolved). */
static int is_under(const char *path, const char *dir)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(path, a) || !realpath(dir, b))
        return 0;
    size_t lb = strlen(b);
    return strncmp(a, b, lb) == 0 && (a[lb] == '\0' || a[lb] == '/');
}

const char *sb_home_dir(void)
{
    static char home[PATH_MAX + 64];
    if (home[0])
        return home;
    const char *env = getenv("SPARSEBENCH_HOME");
    if (env && *env) {
        snprintf(home, sizeof home, "%s", env);
        return home;
    }
    char bin[PATH_MAX];
    if (exe_dir(bin, sizeof bin) == 0) {
        /* installed: <prefix>/<bindir>/sparsebench beside <prefix>/<datadir>/sparsebench */
        char installed[PATH_MAX + 64], kernels[PATH_MAX + 96];
        snprintf(installed, sizeof installed, "%s/%s", bin, SB_DATADIR_FROM_BINDIR);
        snprintf(kernels, sizeof kernels, "%s/cl_kernels", installed);
        if (sb_is_dir(kernels) && realpath(installed, home))
            return home;
        /* only a binary in the build tree may use the source tree it was built from */
        if (is_under(bin, SB_BUILD_DIR)) {
            snprintf(home, sizeof home, "%s", SB_SOURCE_DIR);
            return home;
        }
        /* an installed binary whose data is missing: name where it should be, so the first file
         * not found says what to reinstall (never the build machine's source tree) */
        snprintf(home, sizeof home, "%s", installed);
        return home;
    }
    snprintf(home, sizeof home, "%s", SB_SOURCE_DIR);
    return home;
}

