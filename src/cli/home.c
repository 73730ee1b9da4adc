/* A config named on the command line: a file, or a name from the data directory's configs/
 * (see sb_cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cli.h"
#include "sb_store.h"
#include "sb_util.h"

char *sb_config_path(const char *arg)
{
    if (sb_file_exists(arg) || strchr(arg, '/'))
        return sb_strdup(arg);
    char *dir = sb_path_join(sb_home_dir(), "configs");
    char *path = sb_asprintf("%s/%s", dir, arg);
    if (!sb_file_exists(path)) {
        free(path);
        path = sb_asprintf("%s/%s.yaml", dir, arg);
    }
    free(dir);
    if (sb_file_exists(path))
        return path;
    free(path);
    return sb_strdup(arg);
}
