/* Enumerating OpenCL devices and picking the ones the user asked for (see sb_device.h). */
#include "sb_device.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sb_cl.h"
#include "sb_sink.h"

const char *sb_devtype_name(int type)
{
    switch (type) {
    case SB_DEVTYPE_CPU: return "CPU";
    case SB_DEVTYPE_GPU: return "GPU";
    case SB_DEVTYPE_ACCELERATOR: return "ACCELERATOR";
    default: return "OTHER";
    }
}

const char *sb_device_index(const sb_device *d, char *buf, size_t n)
{
    snprintf(buf, n, "%d:%d", d->platform_index, d->device_index);
    return buf;
}

/* s as lower-case words joined by '-', without "(R)", "(TM)", "(C)" and without the words in
 * drop (NULL-terminated, may be NULL). */
static void slugify(const char *s, const char *const *drop, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    while (*s) {
        if (*s == '(') { /* (R), (TM), (C) */
            const char *close = strchr(s, ')');
            size_t inner = close ? (size_t)(close - s - 1) : 0;
            if (close && (strncasecmp(s + 1, "r", inner) == 0 || strncasecmp(s + 1, "tm", inner) == 0 ||
                          strncasecmp(s + 1, "c", inner) == 0) && inner > 0 && inner <= 2) {
                s = close + 1;
                continue;
            }
        }
        if (!isalnum((unsigned char)*s)) {
            s++;
            continue;
        }
        char word[128];
        size_t w = 0;
        while (isalnum((unsigned char)*s)) {
            if (w + 1 < sizeof word)
                word[w++] = (char)tolower((unsigned char)*s);
            s++;
        }
        word[w] = '\0';
        int dropped = 0;
        for (const char *const *d = drop; d && *d && !dropped; d++)
            dropped = strcmp(word, *d) == 0;
        if (dropped)
            continue;
        int wrote = snprintf(out + len, n - len, "%s%s", len ? "-" : "", word);
        if (wrote < 0 || (size_t)wrote >= n - len)
            break; /* cut at a word: still a valid slug */
        len += (size_t)wrote;
    }
    out[len] = '\0';
}

int sb_device_flush_waits(const sb_device *d)
{
    char plat[64];
    sb_platform_slug(d->platform_name, plat, sizeof plat);
    return strcmp(plat, "oclgrind") == 0;
}

void sb_platform_slug(const char *platform_name, char *out, size_t n)
{
    static const char *const aliases[][2] = {
        {"Portable Computing Language", "pocl"},
        {"AMD Accelerated Parallel Processing", "amd-app"},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(platform_name, aliases[i][0]) == 0) {
            snprintf(out, n, "%s", aliases[i][1]);
            return;
        }
    static const char *const drop[] = {"opencl", "platform", "for", NULL};
    slugify(platform_name, drop, out, n);
    if (!out[0])
        snprintf(out, n, "platform");
}

void sb_devices_set_stable_ids(sb_device *devs, int n)
{
    char (*base)[sizeof devs->stable_id] = sb_calloc((size_t)n + 1, sizeof *base);
    for (int i = 0; i < n; i++) {
        char plat[64], name[96];
        sb_platform_slug(devs[i].platform_name, plat, sizeof plat);
        slugify(devs[i].name, NULL, name, sizeof name);
        snprintf(base[i], sizeof base[i], "%s/%s", plat, name[0] ? name : "device");
        int same = 1;
        for (int j = 0; j < i; j++)
            same += strcmp(base[j], base[i]) == 0;
        if (same > 1)
            snprintf(devs[i].stable_id, sizeof devs[i].stable_id, "%.140s-%d", base[i], same);
        else
            snprintf(devs[i].stable_id, sizeof devs[i].stable_id, "%s", base[i]);
    }
    free(base);
}

static void info_string(cl_device_id d, cl_device_info what, char *buf, size_t n)
{
    buf[0] = '\0';
    if (clGetDeviceInfo(d, what, n, buf, NULL) != CL_SUCCESS)
        snprintf(buf, n, "?");
    buf[n - 1] = '\0';
}

static void platform_string(cl_platform_id p, cl_platform_info what, char *buf, size_t n)
{
    buf[0] = '\0';
    if (clGetPlatformInfo(p, what, n, buf, NULL) != CL_SUCCESS)
        snprintf(buf, n, "?");
    buf[n - 1] = '\0';
}

static int has_extension(cl_device_id d, const char *ext)
{
    size_t n = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, 0, NULL, &n) != CL_SUCCESS || n == 0)
        return 0;
    char *s = sb_malloc(n + 1);
    int found = 0;
    if (clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, n, s, NULL) == CL_SUCCESS) {
        s[n] = '\0';
        size_t len = strlen(ext);
        for (char *p = strstr(s, ext); p && !found; p = strstr(p + 1, ext))
            found = (p == s || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0');
    }
    free(s);
    return found;
}

static void fill_device(sb_device *dev, cl_device_id id)
{
    dev->id = id;
    info_string(id, CL_DEVICE_NAME, dev->name, sizeof dev->name);
    info_string(id, CL_DEVICE_VENDOR, dev->vendor, sizeof dev->vendor);
    info_string(id, CL_DRIVER_VERSION, dev->driver_version, sizeof dev->driver_version);
    info_string(id, CL_DEVICE_VERSION, dev->version, sizeof dev->version);
    info_string(id, CL_DEVICE_OPENCL_C_VERSION, dev->opencl_c_version, sizeof dev->opencl_c_version);
    cl_device_type t = 0;
    clGetDeviceInfo(id, CL_DEVICE_TYPE, sizeof t, &t, NULL);
    dev->type = (t & CL_DEVICE_TYPE_GPU) ? SB_DEVTYPE_GPU
              : (t & CL_DEVICE_TYPE_CPU) ? SB_DEVTYPE_CPU
              : (t & CL_DEVICE_TYPE_ACCELERATOR) ? SB_DEVTYPE_ACCELERATOR
              : SB_DEVTYPE_OTHER;
    cl_uint u = 0;
    clGetDeviceInfo(id, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof u, &u, NULL);
    dev->compute_units = u;
    u = 0;
    clGetDeviceInfo(id, CL_DEVICE_MAX_CLOCK_FREQUENCY, sizeof u, &u, NULL);
    dev->max_clock_mhz = u;
    cl_ulong l = 0;
    clGetDeviceInfo(id, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof l, &l, NULL);
    dev->global_mem_bytes = l;
    l = 0;
    clGetDeviceInfo(id, CL_DEVICE_LOCAL_MEM_SIZE, sizeof l, &l, NULL);
    dev->local_mem_bytes = l;
    /* SPARSEBENCH_FAKE_LOCAL_MEM=N (tests only): the device reports at most N bytes of local
     * memory, as many GPUs' 32 KB, so the models' fit to it (csr_auto's tile BK, nm's tile) and
     * the kernels' own checks are tested on any device */
    const char *fake_lmem = getenv("SPARSEBENCH_FAKE_LOCAL_MEM");
    if (fake_lmem && strtoull(fake_lmem, NULL, 10) > 0 &&
        strtoull(fake_lmem, NULL, 10) < dev->local_mem_bytes)
        dev->local_mem_bytes = strtoull(fake_lmem, NULL, 10);
    l = 0;
    clGetDeviceInfo(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof l, &l, NULL);
    dev->max_alloc_bytes = l;
    u = 0;
    clGetDeviceInfo(id, CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, sizeof u, &u, NULL);
    dev->native_vec_float = u;
    /* SPARSEBENCH_FAKE_VEC_WIDTH=N (tests and emulation only): the device reports N as its native
     * float vector width, as an AVX2 CPU's runtime reports 8: PoCL 3.1 and Intel's CPU runtime
     * report the host's 16 on AVX-512 even when told to generate AVX2 code (POCL_KERNELLIB_NAME,
     * CL_CONFIG_CPU_TARGET_ARCH), so the profiles and nm's model see an AVX2 CPU only with this */
    const char *fake_vec = getenv("SPARSEBENCH_FAKE_VEC_WIDTH");
    if (fake_vec && atoi(fake_vec) > 0)
        dev->native_vec_float = (unsigned)atoi(fake_vec);
    size_t wg = 0;
    clGetDeviceInfo(id, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof wg, &wg, NULL);
    /* SPARSEBENCH_FAKE_WG_LIMIT=N (tests only): the device allows N work-items, as rusticl's 32,
     * so work-group fitting is tested on any device (sb_launch_add caps each kernel's limit by it) */
    const char *fake_wg = getenv("SPARSEBENCH_FAKE_WG_LIMIT");
    if (fake_wg && atoi(fake_wg) > 0 && (size_t)atoi(fake_wg) < wg)
        wg = (size_t)atoi(fake_wg);
    dev->max_work_group_size = wg;
    dev->fp16 = has_extension(id, "cl_khr_fp16");
    dev->fp64 = has_extension(id, "cl_khr_fp64");
    cl_bool compiler = CL_FALSE;
    clGetDeviceInfo(id, CL_DEVICE_COMPILER_AVAILABLE, sizeof compiler, &compiler, NULL);
    dev->compiler_available = compiler == CL_TRUE;
}

char *sb_platforms_without_devices(void)
{
    sb_strbuf b = {0};
    cl_uint np = 0;
    if (clGetPlatformIDs(0, NULL, &np) != CL_SUCCESS || np == 0)
        return sb_strdup("");
    cl_platform_id *plats = sb_calloc(np, sizeof *plats);
    if (clGetPlatformIDs(np, plats, NULL) == CL_SUCCESS) {
        for (cl_uint p = 0; p < np; p++) {
            cl_uint nd = 0;
            cl_int rc = clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, 0, NULL, &nd);
            if (rc == CL_SUCCESS && nd > 0)
                continue;
            char name[256];
            platform_string(plats[p], CL_PLATFORM_NAME, name, sizeof name);
            const char *hint = strcasecmp(name, "rusticl") == 0
                ? "rusticl lists devices only for the drivers RUSTICL_ENABLE names: RUSTICL_ENABLE=llvmpipe for the CPU"
                : strcasecmp(name, "Clover") == 0 ? "Mesa's clover drives GPUs only"
                : "its driver found no device it supports";
            sb_strbuf_appendf(&b, "%s%s (%s)", b.s ? "\n  " : "", name, hint);
        }
    }
    free(plats);
    return b.s ? b.s : sb_strdup("");
}

int sb_devices_enumerate(sb_device **out, int *count, sb_error *err)
{
    *out = NULL;
    *count = 0;
    cl_uint np = 0;
    cl_int rc = clGetPlatformIDs(0, NULL, &np);
    if (rc == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || np == 0)
        return 0; /* no ICD installed or none registered: zero devices, the caller explains */
    if (rc != CL_SUCCESS)
        return sb_cl_fail(err, rc, "clGetPlatformIDs", NULL);
    cl_platform_id *plats = sb_calloc(np, sizeof *plats);
    rc = clGetPlatformIDs(np, plats, NULL);
    if (rc != CL_SUCCESS) {
        free(plats);
        return sb_cl_fail(err, rc, "clGetPlatformIDs", NULL);
    }
    sb_device *devs = NULL;
    int n = 0;
    for (cl_uint p = 0; p < np; p++) {
        cl_uint nd = 0;
        rc = clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, 0, NULL, &nd);
        if (rc == CL_DEVICE_NOT_FOUND || nd == 0)
            continue;
        if (rc != CL_SUCCESS) {
            sb_warn("platform %u: clGetDeviceIDs: %s; skipping it", p, sb_cl_error_name(rc));
            continue;
        }
        cl_device_id *ids = sb_calloc(nd, sizeof *ids);
        if (clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, nd, ids, NULL) == CL_SUCCESS) {
            devs = sb_realloc(devs, sizeof *devs * (size_t)(n + (int)nd));
            for (cl_uint d = 0; d < nd; d++) {
                sb_device *dev = &devs[n++];
                memset(dev, 0, sizeof *dev);
                dev->platform_index = (int)p;
                dev->device_index = (int)d;
                dev->platform = plats[p];
                platform_string(plats[p], CL_PLATFORM_NAME, dev->platform_name, sizeof dev->platform_name);
                platform_string(plats[p], CL_PLATFORM_VENDOR, dev->platform_vendor, sizeof dev->platform_vendor);
                platform_string(plats[p], CL_PLATFORM_VERSION, dev->platform_version, sizeof dev->platform_version);
                fill_device(dev, ids[d]);
            }
        }
        free(ids);
    }
    free(plats);
    sb_devices_set_stable_ids(devs, n);
    *out = devs;
    *count = n;
    return 0;
}

static int type_from_word(const char *w)
{
    if (strcasecmp(w, "gpu") == 0) return SB_DEVTYPE_GPU;
    if (strcasecmp(w, "cpu") == 0) return SB_DEVTYPE_CPU;
    if (strcasecmp(w, "accelerator") == 0 || strcasecmp(w, "fpga") == 0) return SB_DEVTYPE_ACCELERATOR;
    return 0;
}

static int matches(const sb_device *d, const char *term)
{
    if (strcasecmp(term, "all") == 0)
        return 1;
    int p, i;
    char tail;
    if (sscanf(term, "%d:%d%c", &p, &i, &tail) == 2)
        return d->platform_index == p && d->device_index == i;
    int t = type_from_word(term);
    if (t)
        return d->type == t;
    return sb_icontains(d->stable_id, term) || sb_icontains(d->name, term) ||
           sb_icontains(d->vendor, term) || sb_icontains(d->platform_name, term);
}

/* A stable id given in full selects that device only, even where it is part of another's id
 * ("nvidia-cuda/nvidia-h200" beside "nvidia-cuda/nvidia-h200-2"). */
static int exact_id(const sb_device *devs, int count, const char *term)
{
    for (int d = 0; d < count; d++)
        if (strcasecmp(devs[d].stable_id, term) == 0)
            return d;
    return -1;
}

int sb_devices_select(const sb_device *devs, int count, const char *sel, int **idx, int *n_idx,
                      sb_error *err)
{
    *idx = sb_calloc((size_t)count + 1, sizeof **idx);
    *n_idx = 0;
    const char *text = sel && *sel ? sel : "all";
    /* every comma-separated term must name something: ",", "cpu," or "a,,b" select nothing
     * where the user meant something, and are refused rather than read as fewer devices */
    size_t len = strlen(text);
    if (text[0] == ',' || text[len - 1] == ',' || strstr(text, ",,")) {
        free(*idx);
        *idx = NULL;
        return sb_fail(err, "--device '%s': an empty name between commas; give devices as "
                            "all, P:D, an id, a type (gpu, cpu, accelerator) or a name, "
                            "comma-separated", sel);
    }
    char *copy = sb_strdup(text);
    char *save = NULL;
    int picked[count + 1];
    memset(picked, 0, sizeof picked);
    for (char *term = strtok_r(copy, ",", &save); term; term = strtok_r(NULL, ",", &save)) {
        int any = 0, exact = exact_id(devs, count, term);
        if (exact >= 0)
            picked[exact] = any = 1;
        for (int d = 0; d < count && exact < 0; d++)
            if (matches(&devs[d], term))
                picked[d] = any = 1;
        if (!any) {
            sb_strbuf b = {0};
            for (int d = 0; d < count; d++)
                sb_strbuf_appendf(&b, "\n  %d:%d %s: %s (%s, %s)", devs[d].platform_index,
                                  devs[d].device_index, devs[d].stable_id, devs[d].name,
                                  devs[d].platform_name, sb_devtype_name(devs[d].type));
            sb_fail(err, "--device '%s': no device matches '%s'. Devices here:%s", sel, term,
                    b.s ? b.s : " none");
            sb_strbuf_free(&b);
            free(copy);
            free(*idx);
            *idx = NULL;
            return -1;
        }
    }
    for (int d = 0; d < count; d++)
        if (picked[d])
            (*idx)[(*n_idx)++] = d;
    free(copy);
    return 0;
}
