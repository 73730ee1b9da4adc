/* The program cache and saved binaries, on disk: program identity (the cache key), manifests
 * (written, read back field by field, checked against the device and source), and where files go
 * (see sb_program_cache.h for the layout). Loading a binary into OpenCL is platform/program_binary.c. */
#include "sb_version.h"
#include "sb_program_cache.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_store.h"

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

void sb_binary_hash(const unsigned char *bytes, size_t n, char out[17])
{
    hex64(sb_hash64(bytes, n, 0), out);
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

int sb_program_mac(const unsigned char *bin, size_t n, const char *file, const char *defines,
                   const char *build_options, const char *source_hash, const char *device,
                   const char *platform, const char *driver, char out[65], sb_error *err)
{
    unsigned char key[32], digest[32], mac[32];
    if (sb_user_key(key, err))
        return -1;
    sb_sha256 h;
    sb_sha256_init(&h);
    sb_sha256_update(&h, bin, n);
    sb_sha256_final(&h, digest);
    /* the message: the binary's digest, then each field with its terminating NUL */
    const char *fields[] = {file, defines, build_options, source_hash, device, platform, driver};
    size_t len = sizeof digest;
    for (int i = 0; i < 7; i++)
        len += strlen(fields[i]) + 1;
    unsigned char *msg = sb_malloc(len), *p = msg;
    memcpy(p, digest, sizeof digest);
    p += sizeof digest;
    for (int i = 0; i < 7; i++) {
        size_t l = strlen(fields[i]) + 1;
        memcpy(p, fields[i], l);
        p += l;
    }
    sb_hmac_sha256(key, sizeof key, msg, len, mac);
    free(msg);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
    return 0;
}

/* Writes the binary (when write_binary) and its manifest, each atomically: a manifest is written
 * only after its binary is safely on disk. */
int sb_program_write(const char *binary_path, const unsigned char *bin, size_t n, int write_binary,
                     const sb_device *dev, const sb_program_id *id, double build_ms, sb_error *err)
{
    if (write_binary && sb_write_atomic(binary_path, bin, n, err))
        return -1;
    char bin_hash[17];
    sb_binary_hash(bin, n, bin_hash);
    const char *slash = strrchr(binary_path, '/');
    char stamp[32];
    sb_utc_iso(stamp, sizeof stamp);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "format", MANIFEST_FORMAT);
    sb_json_add_identity(m, dev);
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
    char mac[65];
    sb_error key_err;
    if (sb_program_mac(bin, n, id->file, id->defines, id->build_options, id->source_hash,
                       dev->name, dev->platform_name, dev->driver_version, mac, &key_err) == 0)
        cJSON_AddStringToObject(m, "mac", mac); /* without a key: an entry no cache load trusts */
    char *mpath = sb_manifest_path(binary_path);
    int rc = sb_write_json_atomic(mpath, m, err);
    cJSON_Delete(m);
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
        return sb_fail(err, "%s: not a program manifest (not a JSON object)", path);
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(o, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, MANIFEST_FORMAT) != 0) {
        cJSON_Delete(o);
        return sb_fail(err, "%s: format is not \"%s\"", path, MANIFEST_FORMAT);
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
    const cJSON *mac = cJSON_GetObjectItemCaseSensitive(o, "mac");
    m->mac = cJSON_IsString(mac) ? sb_strdup(mac->valuestring) : NULL;
    /* a whole number of bytes up to 2^53 (beyond, a double has no exact integer to compare) */
    const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(o, "binary_bytes");
    if (!cJSON_IsNumber(bytes) ||
        sb_double_to_int64(bytes->valuedouble, 0, 1LL << 53, &m->binary_bytes) != 0)
        sb_strbuf_appendf(&missing, "%sbinary_bytes (a whole number of bytes)",
                          missing.len ? ", " : "");
    /* informative only: a missing or impossible compile time reads as 0 */
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(o, "build_ms");
    m->build_ms = cJSON_IsNumber(ms) && ms->valuedouble >= 0 && ms->valuedouble <= 1e9
                      ? ms->valuedouble : 0;
    cJSON_Delete(o);
    if (missing.len) {
        sb_fail(err, "%s: the manifest lacks %s", path, missing.s);
        sb_strbuf_free(&missing);
        sb_manifest_free(m);
        return -1;
    }
    if (strchr(m->binary, '/') || !m->binary[0] || strcmp(m->binary, ".") == 0 ||
        strcmp(m->binary, "..") == 0) {
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
    free(m->mac);
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

char *sb_program_cache_root(void)
{
    const char *off = getenv("SPARSEBENCH_NO_CACHE");
    if (off && off[0] && strcmp(off, "0") != 0)
        return NULL;
    return sb_cache_root();
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

