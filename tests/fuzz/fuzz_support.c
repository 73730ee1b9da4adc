#define _XOPEN_SOURCE 700 /* nftw */
#include "fuzz_support.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* The scratch folder goes at exit (a crash leaves it, with the input, for a look). */
static void remove_dir(void)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_dir(void)
{
    if (!dir[0]) {
        /* memory-backed when possible: every input is written and read back once */
        const char *tmp = getenv("TMPDIR");
        if (!tmp || !*tmp)
            tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof dir, "%s/sb-fuzz-XXXXXX", tmp);
        if (!mkdtemp(dir)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(remove_dir);
    }
    return dir;
}

const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/input%s", fuzz_dir(), suffix);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
        perror("fuzz: writing the input file");
        abort();
    }
    return path;
}

const sb_device *fuzz_device(void)
{
    static sb_device dev;
    if (!dev.name[0]) {
        strcpy(dev.name, "Fuzz Device");
        strcpy(dev.vendor, "Fuzz Vendor");
        strcpy(dev.platform_name, "Fuzz Platform");
        strcpy(dev.platform_vendor, "Fuzz Vendor");
        strcpy(dev.platform_version, "OpenCL 3.0 fuzz");
        strcpy(dev.driver_version, "1.0-fuzz");
        strcpy(dev.version, "OpenCL 3.0 fuzz");
        strcpy(dev.opencl_c_version, "OpenCL C 1.2 fuzz");
        dev.type = 2;
        dev.compute_units = 4;
        dev.max_clock_mhz = 1000;
        dev.global_mem_bytes = 1ull << 30;
        dev.local_mem_bytes = 1ull << 16;
        dev.max_alloc_bytes = 1ull << 28;
        dev.max_work_group_size = 256;
        dev.compiler_available = 1;
    }
    return &dev;
}

int fuzz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *len, int max)
{
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i + 3 <= size && n < max - 1; i++) {
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, "@@\n", 3) == 0) {
            part[n] = data + start;
            len[n++] = i - start;
            start = i + 3;
            i += 2;
        }
    }
    part[n] = data + start;
    len[n++] = size - start;
    return n;
}

void fuzz_check_shape_agreement(const char *path, int loaded, int rows, int cols,
                                const sb_error *load_err,
                                int (*read_shape)(const char *, int *, int *, sb_error *))
{
    int r = -1, c = -1;
    sb_error err;
    int rc = read_shape(path, &r, &c, &err);
    if (loaded && (rc != 0 || r != rows || c != cols))
        abort();
    if (rc != 0 && (loaded || strcmp(err.msg, load_err->msg) != 0))
        abort();
}
