/* Program identity, saved binaries with manifests, and loading them back (sb_program_cache.h). */
#include "sb_version.h"
#include "sb_program_cache.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_cl.h"

#define MANIFEST_FORMAT "sparsebench-program-1"
#define MAX_INCLUDE_DEPTH 4

const char *sb_program_origin_name(sb_program_origin o)
{
    switch (o) {
    case SB_PROGRAM_CACHE: return "cache";
    case SB_PROGRAM_BINARY: return "binary";
    default: return "source";
    }
}

void sb_safe_name(const char *s, char *out, size_t n)
{
    size_t i = 0;
    for (; s && *s && i + 1 < n; s++, i++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-';
        out[i] = ok ? c : '_';
    }
    if (n)
        out[i] = '\0';
}

static void hex64(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Hashes one string with its length first, so ("ab","c") and ("a","bc") differ. */
static uint64_t hash_part(uint64_t h, const char *s, size_t n)
{
    uint64_t len = n;
    h = sb_hash64(&len, sizeof len, h);
    return sb_hash64(s, n, h);
}

/* Hashes kernel_dir/file and, recursively, every #include "name" it has (the kernels' own
 * headers: a change in common.h changes the hash of every program that includes it). */
static int hash_source(const char *kernel_dir, const char *file, int depth, uint64_t *h,
                       sb_error *err)
{
    if (depth > MAX_INCLUDE_DEPTH)
        return sb_fail(err, "%s: includes nest deeper than %d levels", file, MAX_INCLUDE_DEPTH);
    char *path = sb_path_join(kernel_dir, file);
    size_t len = 0;
    char *src = sb_read_file(path, &len, err);
    free(path);
    if (!src)
        return -1;
    *h = hash_part(*h, file, strlen(file));
    *h = hash_part(*h, src, len);
    int rc = 0;
    for (char *line = src; line && *line && rc == 0; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '#')
            continue;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, "include", 7) != 0)
            continue;
        p += 7;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '"')
            continue; /* <system> headers belong to the compiler */
        char *end = strchr(p + 1, '"');
        char *nl = strchr(p + 1, '\n');
        if (!end || (nl && end > nl))
            continue;
        char *name = sb_strndup(p + 1, (size_t)(end - p - 1));
        rc = hash_source(kernel_dir, name, depth + 1, h, err);
        free(name);
    }
    free(src);
    return rc;
}

static char *kernel_set_name(const char *file, const char *defines)
{
    sb_strbuf b = {0};
    const char *dot = strrchr(file, '.');
    size_t stem = dot ? (size_t)(dot - file) : strlen(file);
    char part[256];
    char *s = sb_strndup(file, stem);
    sb_safe_name(s, part, sizeof part);
    free(s);
    sb_strbuf_appendf(&b, "%s", part);
    char *copy = sb_strdup(defines ? defines : ""), *save = NULL;
    for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (strncmp(t, "-D", 2) == 0)
            t += 2;
        char tok[256];
        size_t j = 0;
        for (const char *c = t; *c && j + 1 < sizeof tok; c++)
            if (*c != '=')
                tok[j++] = *c;
        tok[j] = '\0';
        sb_safe_name(tok, part, sizeof part);
        sb_strbuf_appendf(&b, "_%s", part);
    }
    free(copy);
    return b.s;
}

int sb_program_id_make(const char *kernel_dir, const char *file, const char *defines,
                       const char *build_options, sb_program_id *id, sb_error *err)
{
    memset(id, 0, sizeof *id);
    uint64_t h = 0;
    if (hash_source(kernel_dir, file, 0, &h, err))
        return -1;
    defines = defines ? defines : "";
    build_options = build_options ? build_options : "";
    h = hash_part(h, defines, strlen(defines));
    h = hash_part(h, build_options, strlen(build_options));
    hex64(h, id->source_hash);
    id->file = sb_strdup(file);
    id->defines = sb_strdup(defines);
    id->build_options = sb_strdup(build_options);
    id->kernel_set = kernel_set_name(file, defines);
    return 0;
}

void sb_program_id_free(sb_program_id *id)
{
    free(id->file);
    free(id->defines);
    free(id->build_options);
    free(id->kernel_set);
    memset(id, 0, sizeof *id);
}

char *sb_manifest_path(const char *binary_path)
{
    const char *slash = strrchr(binary_path, '/');
    const char *dot = strrchr(binary_path, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - binary_path) : strlen(binary_path);
    char *base = sb_strndup(binary_path, stem);
    char *out = sb_asprintf("%s.json", base);
    free(base);
    return out;
}

/* Writes data to path through a temporary file and a rename, so a reader never sees half a file
 * (two runs filling the same cache at once). */
static int write_atomic(const char *path, const void *data, size_t n, sb_error *err)
{
    char *dir = sb_strdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        if (dir[0] && sb_mkdirs(dir, err)) {
            free(dir);
            return -1;
        }
    }
    free(dir);
    char *tmp = sb_asprintf("%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        sb_fail(err, "cannot write %s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int ok = fwrite(data, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        sb_fail(err, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

static int program_binary(cl_program prog, const sb_device *dev, unsigned char **out, size_t *n,
                          sb_error *err)
{
    cl_uint n_dev = 0;
    cl_int rc = clGetProgramInfo(prog, CL_PROGRAM_NUM_DEVICES, sizeof n_dev, &n_dev, NULL);
    if (rc != CL_SUCCESS)
        return sb_cl_fail(err, rc, "clGetProgramInfo(CL_PROGRAM_NUM_DEVICES)", dev);
    cl_device_id *ids = sb_calloc(n_dev, sizeof *ids);
    size_t *sizes = sb_calloc(n_dev, sizeof *sizes);
    unsigned char **bins = sb_calloc(n_dev, sizeof *bins);
    int status = -1;
    rc = clGetProgramInfo(prog, CL_PROGRAM_DEVICES, sizeof *ids * n_dev, ids, NULL);
    if (rc != CL_SUCCESS) {
        sb_cl_fail(err, rc, "clGetProgramInfo(CL_PROGRAM_DEVICES)", dev);
        goto out;
    }
    rc = clGetProgramInfo(prog, CL_PROGRAM_BINARY_SIZES, sizeof *sizes * n_dev, sizes, NULL);
    if (rc != CL_SUCCESS) {
        sb_cl_fail(err, rc, "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)", dev);
        goto out;
    }
    cl_uint mine = n_dev;
    for (cl_uint i = 0; i < n_dev; i++) {
        bins[i] = sb_malloc(sizes[i] + 1);
        if (ids[i] == dev->id)
            mine = i;
    }
    if (mine == n_dev || sizes[mine] == 0) {
        sb_fail(err, "device %d:%d (%s) returned no program binary (CL_PROGRAM_BINARY_SIZES is 0): "
                     "this driver cannot save compiled programs",
                dev->platform_index, dev->device_index, dev->name);
        goto out;
    }
    rc = clGetProgramInfo(prog, CL_PROGRAM_BINARIES, sizeof *bins * n_dev, bins, NULL);
    if (rc != CL_SUCCESS) {
        sb_cl_fail(err, rc, "clGetProgramInfo(CL_PROGRAM_BINARIES)", dev);
        goto out;
    }
    *out = bins[mine];
    *n = sizes[mine];
    bins[mine] = NULL;
    status = 0;
out:
    for (cl_uint i = 0; i < n_dev; i++)
        free(bins[i]);
    free(bins);
    free(sizes);
    free(ids);
    return status;
}

int sb_program_save(cl_program prog, const sb_device *dev, const sb_program_id *id,
                    double build_ms, const char *binary_path, sb_error *err)
{
    unsigned char *bin = NULL;
    size_t n = 0;
    int rc = 0;
    if (prog) {
        if (program_binary(prog, dev, &bin, &n, err))
            return -1;
        rc = write_atomic(binary_path, bin, n, err);
    } else {
        bin = (unsigned char *)sb_read_file(binary_path, &n, err);
        rc = bin ? 0 : -1;
    }
    char bin_hash[17];
    hex64(sb_hash64(bin, n, 0), bin_hash);
    free(bin);
    if (rc)
        return -1;
    const char *slash = strrchr(binary_path, '/');
    char stamp[32];
    sb_utc_iso(stamp, sizeof stamp);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "format", MANIFEST_FORMAT);
    cJSON_AddStringToObject(m, "device", dev->name);
    cJSON_AddStringToObject(m, "platform", dev->platform_name);
    cJSON_AddStringToObject(m, "driver", dev->driver_version);
    cJSON_AddStringToObject(m, "file", id->file);
    cJSON_AddStringToObject(m, "defines", id->defines);
    cJSON_AddStringToObject(m, "build_options", id->build_options);
    cJSON_AddStringToObject(m, "source_hash", id->source_hash);
    cJSON_AddStringToObject(m, "kernel_set", id->kernel_set);
    cJSON_AddStringToObject(m, "binary", slash ? slash + 1 : binary_path);
    cJSON_AddNumberToObject(m, "binary_bytes", (double)n);
    cJSON_AddStringToObject(m, "binary_hash", bin_hash);
    cJSON_AddNumberToObject(m, "build_ms", build_ms);
    cJSON_AddStringToObject(m, "created", stamp);
    cJSON_AddStringToObject(m, "tool", "sparsebench " SB_VERSION " (" SB_GIT_COMMIT ")");
    char *text = cJSON_Print(m);
    cJSON_Delete(m);
    char *mpath = sb_manifest_path(binary_path);
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s\n", text);
    cJSON_free(text);
    rc = write_atomic(mpath, b.s, b.len, err);
    sb_strbuf_free(&b);
    free(mpath);
    return rc;
}

static char *json_string(const cJSON *o, const char *key, sb_strbuf *missing)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v)) {
        sb_strbuf_appendf(missing, "%s%s", missing->len ? ", " : "", key);
        return NULL;
    }
    return sb_strdup(v->valuestring);
}

int sb_manifest_read(const char *path, sb_program_manifest *m, sb_error *err)
{
    memset(m, 0, sizeof *m);
    char *text = sb_read_file(path, NULL, err);
    if (!text)
        return -1;
    cJSON *o = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return sb_fail(err, "%s: not a program manifest (not a JSON object); rebuild the binaries "
                            "with sparsebench build", path);
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(o, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, MANIFEST_FORMAT) != 0) {
        cJSON_Delete(o);
        return sb_fail(err, "%s: format is not \"%s\"; rebuild the binaries with sparsebench build",
                       path, MANIFEST_FORMAT);
    }
    sb_strbuf missing = {0};
    m->path = sb_strdup(path);
    m->file = json_string(o, "file", &missing);
    m->defines = json_string(o, "defines", &missing);
    m->build_options = json_string(o, "build_options", &missing);
    m->source_hash = json_string(o, "source_hash", &missing);
    m->device = json_string(o, "device", &missing);
    m->platform = json_string(o, "platform", &missing);
    m->driver = json_string(o, "driver", &missing);
    m->binary = json_string(o, "binary", &missing);
    m->binary_hash = json_string(o, "binary_hash", &missing);
    const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(o, "binary_bytes");
    if (cJSON_IsNumber(bytes) && bytes->valuedouble >= 0)
        m->binary_bytes = (long long)bytes->valuedouble;
    else
        sb_strbuf_appendf(&missing, "%sbinary_bytes", missing.len ? ", " : "");
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(o, "build_ms");
    m->build_ms = cJSON_IsNumber(ms) ? ms->valuedouble : 0;
    cJSON_Delete(o);
    if (missing.len) {
        sb_fail(err, "%s: the manifest lacks %s; rebuild the binaries with sparsebench build", path,
                missing.s);
        sb_strbuf_free(&missing);
        sb_manifest_free(m);
        return -1;
    }
    if (strchr(m->binary, '/')) {
        sb_fail(err, "%s: 'binary' must name a file beside the manifest, got '%s'", path, m->binary);
        sb_manifest_free(m);
        return -1;
    }
    return 0;
}

void sb_manifest_free(sb_program_manifest *m)
{
    free(m->path);
    free(m->file);
    free(m->defines);
    free(m->build_options);
    free(m->source_hash);
    free(m->device);
    free(m->platform);
    free(m->driver);
    free(m->binary);
    free(m->binary_hash);
    memset(m, 0, sizeof *m);
}

static void differs(sb_strbuf *b, const char *what, const char *binary, const char *here)
{
    if (strcmp(binary, here) != 0)
        sb_strbuf_appendf(b, "\n  %s differs: the binary's is '%s', here it is '%s'", what, binary, here);
}

int sb_manifest_check(const sb_program_manifest *m, const sb_device *dev,
                      const sb_program_id *current, sb_error *err)
{
    sb_strbuf b = {0};
    differs(&b, "device", m->device, dev->name);
    differs(&b, "platform", m->platform, dev->platform_name);
    differs(&b, "driver", m->driver, dev->driver_version);
    if (current) {
        differs(&b, "build options", m->build_options, current->build_options);
        if (strcmp(m->build_options, current->build_options) == 0)
            differs(&b, "source hash (cl_kernels/ changed since it was built)", m->source_hash,
                    current->source_hash);
    }
    if (!b.len)
        return 0;
    sb_fail(err, "binary %s (%s %s) was not built for this device and source:%s\n"
                 "rebuild it with: sparsebench build CONFIG --device SEL --out DIR",
            m->path, m->file, m->defines, b.s);
    sb_strbuf_free(&b);
    return -1;
}

int sb_program_from_bytes(cl_context ctx, const sb_device *dev, const unsigned char *bytes,
                          size_t n, const char *what, const char *options, cl_program *out,
                          sb_error *err)
{
    cl_int rc, status = CL_SUCCESS;
    cl_program prog = clCreateProgramWithBinary(ctx, 1, &dev->id, &n, &bytes, &status, &rc);
    if (rc != CL_SUCCESS || status != CL_SUCCESS) {
        if (rc == CL_SUCCESS)
            clReleaseProgram(prog);
        cl_int code = rc != CL_SUCCESS ? rc : status;
        return sb_fail(err, "loading binary %s on device %d:%d (%s): clCreateProgramWithBinary: "
                            "%s (%d), binary status %s: the driver refused it as corrupt or not "
                            "for this device; rebuild it with sparsebench build",
                       what, dev->platform_index, dev->device_index, dev->name,
                       sb_cl_error_name(code), code, sb_cl_error_name(status));
    }
    rc = clBuildProgram(prog, 1, &dev->id, options, NULL, NULL);
    if (rc != CL_SUCCESS) {
        size_t len = 0;
        clGetProgramBuildInfo(prog, dev->id, CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
        char *log = sb_malloc(len + 1);
        if (clGetProgramBuildInfo(prog, dev->id, CL_PROGRAM_BUILD_LOG, len, log, NULL) != CL_SUCCESS)
            len = 0;
        log[len] = '\0';
        sb_fail(err, "building binary %s on device %d:%d (%s): %s (%d): the binary is corrupt or "
                     "not for this device; rebuild it with sparsebench build\n%s",
                what, dev->platform_index, dev->device_index, dev->name, sb_cl_error_name(rc), rc,
                log);
        free(log);
        clReleaseProgram(prog);
        return -1;
    }
    *out = prog;
    return 0;
}

int sb_program_from_binary(cl_context ctx, const sb_device *dev, const sb_program_manifest *m,
                           const char *options, cl_program *out, sb_error *err)
{
    char *dir = sb_strdup(m->path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    char *path = slash ? sb_path_join(dir, m->binary) : sb_strdup(m->binary);
    free(dir);
    size_t n = 0;
    sb_error read_err;
    unsigned char *bytes = (unsigned char *)sb_read_file(path, &n, &read_err);
    int rc = -1;
    if (!bytes) {
        sb_fail(err, "binary %s named by %s cannot be read: %s", path, m->path, read_err.msg);
        goto out;
    }
    char hash[17];
    hex64(sb_hash64(bytes, n, 0), hash);
    if ((long long)n != m->binary_bytes || strcmp(hash, m->binary_hash) != 0) {
        sb_fail(err, "binary %s is corrupt (CL_INVALID_BINARY, not loaded): it has %zu bytes with "
                     "hash %s, its manifest %s says %lld bytes with hash %s; rebuild it with "
                     "sparsebench build",
                path, n, hash, m->path, m->binary_bytes, m->binary_hash);
        goto out;
    }
    rc = sb_program_from_bytes(ctx, dev, bytes, n, path, options, out, err);
out:
    free(bytes);
    free(path);
    return rc;
}

char *sb_program_cache_root(void)
{
    const char *off = getenv("SPARSEBENCH_NO_CACHE");
    if (off && off[0] && strcmp(off, "0") != 0)
        return NULL;
    const char *dir = getenv("SPARSEBENCH_CACHE");
    if (dir && dir[0])
        return sb_strdup(dir);
    dir = getenv("XDG_CACHE_HOME");
    if (dir && dir[0])
        return sb_path_join(dir, "sparsebench");
    dir = getenv("HOME");
    if (dir && dir[0])
        return sb_asprintf("%s/.cache/sparsebench", dir);
    return NULL;
}

char *sb_program_cache_path(const char *root, const sb_device *dev, const sb_program_id *id)
{
    char device[256], driver[256];
    sb_safe_name(dev->name, device, sizeof device);
    sb_safe_name(dev->driver_version, driver, sizeof driver);
    return sb_asprintf("%s/programs/%s/%s/%s-%s.bin", root, device, driver, id->kernel_set,
                       id->source_hash);
}

int sb_binary_path(const char *pattern, const char *binary_dir, const sb_device *dev,
                   const char *kernel_set, char **out, sb_error *err)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s", "");
    for (const char *p = pattern; *p;) {
        if (*p != '{') {
            sb_strbuf_appendf(&b, "%c", *p++);
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) {
            sb_strbuf_free(&b);
            return sb_fail(err, "binary_pattern '%s': '{' without '}'", pattern);
        }
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
        char safe[256];
        if (strcmp(name, "binary_dir") == 0) {
            sb_strbuf_appendf(&b, "%s", binary_dir);
        } else if (strcmp(name, "device") == 0) {
            sb_safe_name(dev->name, safe, sizeof safe);
            sb_strbuf_appendf(&b, "%s", safe);
        } else if (strcmp(name, "platform") == 0) {
            sb_safe_name(dev->platform_name, safe, sizeof safe);
            sb_strbuf_appendf(&b, "%s", safe);
        } else if (strcmp(name, "driver") == 0) {
            sb_safe_name(dev->driver_version, safe, sizeof safe);
            sb_strbuf_appendf(&b, "%s", safe);
        } else if (strcmp(name, "kernel_set") == 0 && kernel_set) {
            sb_strbuf_appendf(&b, "%s", kernel_set);
        } else {
            sb_strbuf_free(&b);
            return sb_fail(err, "binary_pattern '%s': unknown placeholder {%s} (known: {binary_dir}, "
                                "{device}, {platform}, {driver}, {kernel_set})",
                           pattern, name);
        }
        p = end + 1;
    }
    *out = b.s;
    return 0;
}

int sb_binary_dir_for_device(const char *pattern, const char *binary_dir, const sb_device *dev,
                             char **out, sb_error *err)
{
    const char *slash = strrchr(pattern, '/');
    const char *ks = strstr(pattern, "{kernel_set}");
    if (!ks || (slash && ks < slash) || strstr(ks + 1, "{kernel_set}"))
        return sb_fail(err, "binary_pattern '%s' must hold {kernel_set} once, in its last path "
                            "component (e.g. {binary_dir}/{device}/{kernel_set}.aocx)",
                       pattern);
    if (!slash) {
        *out = sb_strdup(".");
        return 0;
    }
    char *prefix = sb_strndup(pattern, (size_t)(slash - pattern));
    int rc = sb_binary_path(prefix, binary_dir, dev, NULL, out, err);
    free(prefix);
    return rc;
}
