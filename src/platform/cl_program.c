/* The programs of one device (sb_cl.h): the in-process list first, then the on-disk program cache,
 * then a build from source (saved to the cache). In binary mode nothing compiles: every binary of
 * the device is loaded and verified up front. In record mode (`sparsebench build`) everything
 * compiles from source and is kept, to be saved with its manifest. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cl.h"
#include "sb_profile.h"
#include "sb_sink.h"

static char *program_key(const char *file, const char *defines)
{
    return sb_asprintf("%s|%s", file, defines ? defines : "");
}

static sb_program_entry *find_entry(sb_cl_env *env, const char *key)
{
    for (int i = 0; i < env->n_programs; i++)
        if (strcmp(env->programs[i].key, key) == 0)
            return &env->programs[i];
    return NULL;
}

/* Takes ownership of key and id. */
static void add_entry(sb_cl_env *env, char *key, cl_program prog, double ms, sb_program_id *id,
                      sb_program_origin origin)
{
    env->programs = sb_realloc(env->programs, sizeof *env->programs * (size_t)(env->n_programs + 1));
    env->programs[env->n_programs++] =
        (sb_program_entry){.key = key, .program = prog, .build_ms = ms, .id = *id, .origin = origin};
    memset(id, 0, sizeof *id);
}

static char *build_options(const sb_cl_env *env, const char *defines)
{
    return sb_asprintf("%s %s -I %s", env->build_options, defines ? defines : "", env->kernel_dir);
}

static char *build_log(sb_cl_env *env, cl_program prog)
{
    size_t n = 0;
    clGetProgramBuildInfo(prog, env->dev->id, CL_PROGRAM_BUILD_LOG, 0, NULL, &n);
    char *log = sb_malloc(n + 1);
    if (clGetProgramBuildInfo(prog, env->dev->id, CL_PROGRAM_BUILD_LOG, n, log, NULL) != CL_SUCCESS)
        n = 0;
    log[n] = '\0';
    return log;
}

static int build_from_source(sb_cl_env *env, const char *file, const char *options,
                             cl_program *out, double *ms, sb_error *err)
{
    char *path = sb_path_join(env->kernel_dir, file);
    char *src = sb_read_file(path, NULL, err);
    free(path);
    if (!src)
        return -1;
    cl_int rc;
    const char *srcs[] = {src};
    cl_program prog = clCreateProgramWithSource(env->ctx, 1, srcs, NULL, &rc);
    free(src);
    if (rc != CL_SUCCESS)
        return sb_cl_fail(err, rc, "clCreateProgramWithSource", env->dev);
    double t0 = sb_now_ms();
    rc = clBuildProgram(prog, 1, &env->dev->id, options, NULL, NULL);
    *ms = sb_now_ms() - t0;
    if (rc != CL_SUCCESS) {
        char *log = build_log(env, prog);
        sb_fail(err, "building %s for device %d:%d (%s) with options '%s': %s (%d)%s\n%s", file,
                env->dev->platform_index, env->dev->device_index, env->dev->name, options,
                sb_cl_error_name(rc), rc,
                rc == CL_COMPILER_NOT_AVAILABLE
                    ? " (this device cannot compile: run it from binaries, platforms/README.md)"
                    : "",
                log);
        free(log);
        clReleaseProgram(prog);
        return -1;
    }
    *out = prog;
    return 0;
}

/* 1 when the cache held a good copy; 0 when not (absent, or unusable: then it is rebuilt). */
static int load_from_cache(sb_cl_env *env, const sb_program_id *id, const char *options,
                           cl_program *out)
{
    char *bin = sb_program_cache_path(env->cache_dir, env->dev, id);
    char *man = sb_manifest_path(bin);
    int loaded = 0;
    if (sb_file_exists(man)) {
        sb_program_manifest m;
        sb_error err;
        if (sb_manifest_read(man, &m, &err) == 0) {
            if (sb_manifest_check(&m, env->dev, id, &err) == 0 &&
                sb_program_from_binary(env->ctx, env->dev, &m, options, 1, out, &err) == 0)
                loaded = 1;
            sb_manifest_free(&m);
        }
        if (!loaded) /* a cache is never worth failing a run for: say so, then compile */
            sb_warn("ignoring a cached program, compiling it again: %s", err.msg);
    }
    free(man);
    free(bin);
    return loaded;
}

static void save_to_cache(sb_cl_env *env, cl_program prog, const sb_program_id *id, double ms)
{
    char *bin = sb_program_cache_path(env->cache_dir, env->dev, id);
    sb_error err;
    if (sb_program_save(prog, env->dev, id, ms, bin, &err))
        sb_warn("cannot save to the program cache (set SPARSEBENCH_CACHE to a writable directory, "
                "or SPARSEBENCH_NO_CACHE=1): %s", err.msg);
    free(bin);
}

/* Record mode on a device with no online compiler (FPGA): the binary must already be at its
 * pattern path, made offline by aoc or v++; it is loaded to prove that it works here. */
static int adopt_binary(sb_cl_env *env, const sb_program_id *id, const char *options,
                        cl_program *out, sb_error *err)
{
    char *path = NULL;
    if (sb_binary_path(env->binary_pattern, env->binary_dir, env->dev, id->kernel_set, &path, err))
        return -1;
    int rc = -1;
    size_t n = 0;
    sb_error read_err;
    unsigned char *bytes = sb_file_exists(path) ? (unsigned char *)sb_read_file(path, &n, &read_err) : NULL;
    /* a manifest from an earlier build that vouches for this very file but for other source:
     * the binary is stale, and must not be stamped with the current source hash */
    char *man_path = sb_manifest_path(path);
    sb_program_manifest old;
    if (bytes && sb_file_exists(man_path) && sb_manifest_read(man_path, &old, &read_err) == 0) {
        char hash[17];
        snprintf(hash, sizeof hash, "%016llx", (unsigned long long)sb_hash64(bytes, n, 0));
        int stale = strcmp(old.binary_hash, hash) == 0 && strcmp(old.source_hash, id->source_hash) != 0;
        sb_manifest_free(&old);
        if (stale) {
            sb_fail(err, "%s was built from other source than cl_kernels/%s has now (its manifest "
                         "%s says so): compile it again offline (platforms/README.md), then run "
                         "sparsebench build again",
                    path, id->file, man_path);
            free(man_path);
            free(bytes);
            free(path);
            return -1;
        }
    }
    free(man_path);
    if (!bytes)
        sb_fail(err, "device %d:%d (%s) has no online compiler: compile cl_kernels/%s with %s "
                     "offline into %s (platforms/README.md has the aoc and v++ commands), then run "
                     "sparsebench build again to check it and write its manifest",
                env->dev->platform_index, env->dev->device_index, env->dev->name, id->file,
                id->defines[0] ? id->defines : "no defines", path);
    else
        /* made offline (aoc, v++): loaded in a probe process first */
        rc = sb_program_probe(env->dev, bytes, n, path, options, err) ? -1
             : sb_program_from_bytes(env->ctx, env->dev, bytes, n, path, options, out, err);
    free(bytes);
    free(path);
    return rc;
}

int sb_cl_program_ex(sb_cl_env *env, const char *file, const char *defines, cl_program *out,
                     double *build_ms, sb_program_origin *origin, sb_error *err)
{
    if (build_ms)
        *build_ms = 0;
    if (origin)
        *origin = SB_PROGRAM_SOURCE;
    char *key = program_key(file, defines);
    sb_program_entry *e = find_entry(env, key);
    if (e) {
        free(key);
        *out = e->program;
        if (origin)
            *origin = e->origin;
        return 0;
    }
    if (env->binary_mode) {
        sb_fail(err, "no binary for %s with '%s' among the binaries of device %s in %s: make them "
                     "with sparsebench build CONFIG --device SEL --out %s (with the same config and "
                     "--profile as this run)",
                file, defines ? defines : "", env->dev->name, env->binary_dir, env->binary_dir);
        free(key);
        return -1;
    }
    sb_program_id id;
    if (sb_program_id_make(env->kernel_dir, file, defines, env->build_options, &id, err)) {
        free(key);
        return -1;
    }
    char *options = build_options(env, defines);
    cl_program prog = NULL;
    double ms = 0;
    sb_program_origin from = SB_PROGRAM_SOURCE;
    int rc = 0;
    if (env->record && !env->dev->compiler_available) {
        rc = adopt_binary(env, &id, options, &prog, err);
        from = SB_PROGRAM_BINARY;
    } else if (!env->record && env->cache_dir && load_from_cache(env, &id, options, &prog)) {
        from = SB_PROGRAM_CACHE;
    } else {
        rc = build_from_source(env, file, options, &prog, &ms, err);
        if (rc == 0 && !env->record && env->cache_dir)
            save_to_cache(env, prog, &id, ms);
    }
    free(options);
    if (rc) {
        sb_program_id_free(&id);
        free(key);
        return -1;
    }
    add_entry(env, key, prog, ms, &id, from);
    if (build_ms)
        *build_ms = ms;
    if (origin)
        *origin = from;
    *out = prog;
    return 0;
}

int sb_cl_program(sb_cl_env *env, const char *file, const char *defines, cl_program *out,
                  double *build_ms, sb_error *err)
{
    return sb_cl_program_ex(env, file, defines, out, build_ms, NULL, err);
}

const char *sb_cl_binary_pattern(const sb_device *dev)
{
    if (dev->profile && dev->profile->binary_pattern && dev->profile->binary_pattern[0])
        return dev->profile->binary_pattern;
    return SB_BINARY_PATTERN_DEFAULT;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (sorted) that end with suffix ("" for any); only directories when dirs_only. */
static char **list_dir(const char *dir, const char *suffix, int dirs_only, int *n)
{
    *n = 0;
    char **names = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t sl = strlen(suffix);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < sl || strcmp(e->d_name + len - sl, suffix) != 0)
            continue;
        char *full = sb_path_join(dir, e->d_name);
        int is_dir = sb_is_dir(full);
        free(full);
        if (dirs_only && !is_dir)
            continue;
        names = sb_realloc(names, sizeof *names * (size_t)(*n + 1));
        names[(*n)++] = sb_strdup(e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(names, (size_t)*n, sizeof *names, cmp_str);
    return names;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Loads one manifest's binary after checking it against this device and the current source. */
static int load_binary(sb_cl_env *env, const char *manifest_path, sb_error *err)
{
    sb_program_manifest m;
    if (sb_manifest_read(manifest_path, &m, err)) {
        size_t n = strlen(err->msg); /* the advice is for --binaries, not for the program cache */
        snprintf(err->msg + n, sizeof err->msg - n, "; rebuild the binaries with sparsebench build");
        return -1;
    }
    sb_program_id id;
    int rc = -1;
    char *options = NULL;
    if (sb_program_id_make(env->kernel_dir, m.file, m.defines, env->build_options, &id, err)) {
        sb_fail_prefix(err, "binary %s: ", manifest_path);
        sb_manifest_free(&m);
        return -1;
    }
    char *key = program_key(m.file, m.defines);
    if (find_entry(env, key)) {
        sb_fail(err, "%s: a second binary for %s with '%s' (keep one per program in the directory)",
                manifest_path, m.file, m.defines);
        goto out;
    }
    options = build_options(env, m.defines);
    cl_program prog;
    if (sb_manifest_check(&m, env->dev, &id, err) ||
        sb_program_from_binary(env->ctx, env->dev, &m, options, 0, &prog, err))
        goto out;
    add_entry(env, key, prog, 0, &id, SB_PROGRAM_BINARY);
    key = NULL;
    rc = 0;
out:
    free(options);
    free(key);
    sb_program_id_free(&id);
    sb_manifest_free(&m);
    return rc;
}

int sb_cl_env_use_binaries(sb_cl_env *env, const char *binary_dir, const char *pattern,
                           int *n_loaded, sb_error *err)
{
    if (n_loaded)
        *n_loaded = 0;
    env->binary_pattern = pattern ? pattern : sb_cl_binary_pattern(env->dev);
    free(env->binary_dir);
    env->binary_dir = sb_strdup(binary_dir);
    env->binary_mode = 1;
    char *dir = NULL;
    if (sb_binary_dir_for_device(env->binary_pattern, binary_dir, env->dev, &dir, err))
        return -1;
    int n = 0;
    char **manifests = list_dir(dir, ".json", 0, &n);
    if (n == 0) {
        int n_sub = 0;
        char **subs = list_dir(binary_dir, "", 1, &n_sub);
        sb_strbuf found = {0};
        for (int i = 0; i < n_sub; i++)
            sb_strbuf_appendf(&found, "%s%s", i ? ", " : "", subs[i]);
        sb_fail(err, "no binaries for device %d:%d (%s) in %s: expected program manifests (*.json) "
                     "in %s%s%s%s; make them with sparsebench build CONFIG --device SEL --out %s",
                env->dev->platform_index, env->dev->device_index, env->dev->name, binary_dir, dir,
                n_sub ? " (it holds binaries for: " : "", n_sub ? found.s : "", n_sub ? ")" : "",
                binary_dir);
        sb_strbuf_free(&found);
        free_names(subs, n_sub);
        free(dir);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *path = sb_path_join(dir, manifests[i]);
        rc = load_binary(env, path, err);
        free(path);
    }
    free_names(manifests, n);
    free(dir);
    if (rc == 0 && n_loaded)
        *n_loaded = n;
    return rc;
}

sb_programs_from sb_cl_programs_from(const sb_device *dev, const char *binaries_dir,
                                     const char **dir, char *why, size_t why_len)
{
    const sb_profile *p = dev->profile;
    *dir = NULL;
    if (binaries_dir) {
        *dir = binaries_dir;
        return SB_PROGRAMS_BINARY;
    }
    int needs = p && (p->build_binary == 1 || (p->build_binary == SB_BUILD_AUTO && !dev->compiler_available));
    if (!needs)
        return SB_PROGRAMS_SOURCE;
    const char *env_dir = getenv("SPARSEBENCH_BINARIES");
    if (env_dir && env_dir[0]) {
        *dir = env_dir;
        return SB_PROGRAMS_BINARY;
    }
    snprintf(why, why_len, "device %d:%d (%s) runs from binaries (profile %s: build: %s%s): give "
             "--binaries DIR (made by sparsebench build) or set SPARSEBENCH_BINARIES",
             dev->platform_index, dev->device_index, dev->name, p->name,
             p->build_binary == 1 ? "binary" : "auto", dev->compiler_available ? "" : ", and it has no online compiler");
    return SB_PROGRAMS_NONE;
}

int sb_cl_env_setup_programs(sb_cl_env *env, const char *binaries_dir, sb_error *err)
{
    const char *dir;
    switch (sb_cl_programs_from(env->dev, binaries_dir, &dir, err->msg, sizeof err->msg)) {
    case SB_PROGRAMS_SOURCE: return 0;
    case SB_PROGRAMS_NONE: return -1;
    case SB_PROGRAMS_BINARY: break;
    }
    return sb_cl_env_use_binaries(env, dir, NULL, NULL, err);
}

void sb_cl_env_record(sb_cl_env *env, const char *binary_dir, const char *pattern)
{
    env->record = 1;
    free(env->binary_dir);
    env->binary_dir = sb_strdup(binary_dir);
    env->binary_pattern = pattern ? pattern : sb_cl_binary_pattern(env->dev);
}

int sb_cl_env_save_programs(sb_cl_env *env, int *n_saved, sb_error *err)
{
    if (n_saved)
        *n_saved = 0;
    for (int i = 0; i < env->n_programs; i++) {
        sb_program_entry *e = &env->programs[i];
        for (int j = 0; j < i; j++)
            if (strcmp(env->programs[j].id.kernel_set, e->id.kernel_set) == 0)
                return sb_fail(err, "internal: programs '%s' and '%s' would share the binary name %s",
                               env->programs[j].key, e->key, e->id.kernel_set);
        char *path = NULL;
        if (sb_binary_path(env->binary_pattern, env->binary_dir, env->dev, e->id.kernel_set, &path, err))
            return -1;
        /* an adopted offline binary (aoc, v++) stays as it is: only its manifest is written */
        int rc = sb_program_save(e->origin == SB_PROGRAM_BINARY ? NULL : e->program, env->dev,
                                 &e->id, e->build_ms, path, err);
        free(path);
        if (rc)
            return -1;
        if (n_saved)
            (*n_saved)++;
    }
    return 0;
}
