/* The output folder of report and compare (see out_dir.h). */
#include "out_dir.h"

#include <dirent.h>
#include <string.h>
#include "sb_store.h"

/* 1 if path is a directory holding anything but . and .. */
static int dir_has_entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)))
        found = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return found;
}

int sb_cli_prepare_out_dir(const char *out, int force, sb_error *err)
{
    if (sb_file_exists(out))
        return sb_fail(err, "%s: exists and is not a directory", out);
    if (sb_is_dir(out) && dir_has_entries(out) && !force)
        return sb_fail(err, "%s: not empty; use --force to overwrite or --out to pick another "
                       "directory", out);
    return sb_mkdirs(out, err);
}
