/* Output folders are never overwritten (see sb_store.h). */
#include "sb_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const sb_run_files[] = {"results.csv", "results.jsonl", "run.json", "models.csv", NULL};

int sb_out_dir_check(const char *dir, int resume, sb_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode) && !(S_ISLNK(st.st_mode) && sb_is_dir(dir)))
        return sb_fail(err, "%s exists and is not a directory: choose another --out", dir);
    if (resume && !sb_is_dir(dir))
        return sb_fail(err, "--resume %s: no such directory", dir);
    sb_strbuf present = {0};
    for (int i = 0; sb_run_files[i]; i++) {
        char *p = sb_path_join(dir, sb_run_files[i]);
        int there = lstat(p, &st) == 0;
        if (there && !resume)
            sb_strbuf_appendf(&present, "%s%s%s", present.len ? ", " : "", sb_run_files[i],
                              S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
        /* a resumed run appends to these three and replaces run.json: each must be a plain file */
        int needed = resume && strcmp(sb_run_files[i], "models.csv") != 0;
        if (needed && (!there || !S_ISREG(st.st_mode))) {
            sb_fail(err, "--resume %s: %s %s", dir, sb_run_files[i],
                    !there ? "is missing: not a sparsebench run folder"
                           : "is not a regular file (a symbolic link is not followed)");
            free(p);
            sb_strbuf_free(&present);
            return -1;
        }
        free(p);
    }
    if (present.len) {
        sb_fail(err, "%s already holds a run (%s): results are never overwritten; choose another "
                     "--out, or continue that run with --resume %s", dir, present.s, dir);
        sb_strbuf_free(&present);
        return -1;
    }
    return 0;
}

char *sb_out_dir_default(const char *name, sb_error *err)
{
    char stamp[32];
    sb_utc_stamp(stamp, sizeof stamp);
    if (sb_mkdirs("results", err))
        return NULL;
    char *base = sb_asprintf("results/%s-%s", name, stamp);
    char *dir = sb_strdup(base);
    /* made, not looked for: of two runs that start in the same second (one per device, say),
     * both saw the name free and the later failed at its first file after opening its devices */
    for (int i = 2; mkdir(dir, 0755) != 0; i++) {
        if (errno != EEXIST) {
            sb_fail(err, "%s: cannot create directory: %s", dir, strerror(errno));
            free(dir);
            dir = NULL;
            break;
        }
        free(dir);
        dir = sb_asprintf("%s-%d", base, i);
    }
    free(base);
    return dir;
}
