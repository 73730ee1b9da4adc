/* Compiled programs into and out of OpenCL: a program's binary taken from the driver and saved
 * (with its manifest, src/store/program_cache.c), and programs created from saved binaries
 * (see sb_program_cache.h). */
#include "sb_program_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cl.h"

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
    if (prog ? program_binary(prog, dev, &bin, &n, err)
             : !(bin = (unsigned char *)sb_read_file(binary_path, &n, err)))
        return -1;
    int rc = sb_program_write(binary_path, bin, n, prog != NULL, dev, id, build_ms, err);
    free(bin);
    return rc;
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
                           const char *options, int authenticate, cl_program *out, sb_error *err)
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
    sb_binary_hash(bytes, n, hash);
    if ((long long)n != m->binary_bytes || strcmp(hash, m->binary_hash) != 0) {
        sb_fail(err, "binary %s is corrupt (CL_INVALID_BINARY, not loaded): it has %zu bytes with "
                     "hash %s, its manifest %s says %lld bytes with hash %s; rebuild it with "
                     "sparsebench build",
                path, n, hash, m->path, m->binary_bytes, m->binary_hash);
        goto out;
    }
    if (!authenticate && sb_program_probe(dev, bytes, n, path, options, err))
        goto out; /* from outside: loaded in a probe process first */
    if (authenticate) {
        char mac[65];
        if (sb_program_mac(bytes, n, m->file, m->defines, m->build_options, m->source_hash,
                           m->device, m->platform, m->driver, mac, err)) {
            sb_fail_prefix(err, "binary %s not authenticated: ", path);
            goto out;
        }
        if (!m->mac || strcmp(mac, m->mac) != 0) {
            sb_fail(err, "binary %s: %s: not written by this user's sparsebench, or changed since "
                         "(binary and manifest alike): not loaded", path,
                    m->mac ? "its mac does not match" : "its manifest has no mac");
            goto out;
        }
    }
    rc = sb_program_from_bytes(ctx, dev, bytes, n, path, options, out, err);
out:
    free(bytes);
    free(path);
    return rc;
}
