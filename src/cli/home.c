/* A config named on the command line: a file, or a name from the data directory's configs/
 * (see sb_cli.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"
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

char *sb_cli_config_operand(const sb_command_spec *spec, int argc, char **argv, int optind)
{
    if (optind >= argc) {
        sb_usage_error(spec, "which config? (sparsebench %s CONFIG.yaml)", spec->name);
        return NULL;
    }
    if (argc - optind > 1) {
        sb_usage_error(spec, "one config at a time (got %s and %s)", argv[optind], argv[optind + 1]);
        return NULL;
    }
    char *path = sb_config_path(argv[optind]);
    if (sb_file_exists(path) || strchr(argv[optind], '/'))
        return path; /* a path: the loader names what is wrong with it */
    /* a name: say where it was looked for, and what is there */
    char *dir = sb_path_join(sb_home_dir(), "configs");
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    sb_strbuf known = {0};
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        if (len > 5 && strcmp(names[i]->d_name + len - 5, ".yaml") == 0)
            sb_strbuf_appendf(&known, " %.*s", (int)(len - 5), names[i]->d_name);
        free(names[i]);
    }
    free(names);
    sb_usage_error(spec, "'%s' is no file here, nor a config in %s (there:%s)", argv[optind], dir,
                   known.len ? known.s : " none");
    sb_strbuf_free(&known);
    free(dir);
    free(path);
    return NULL;
}
