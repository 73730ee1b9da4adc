/* nm10: what NVIDIA's compiler makes of one kernel: builds FILE's ENTRY for the first GPU with
 * OPTIONS plus -cl-nv-verbose and prints the ptxas lines of the build log (registers, spills,
 * shared memory) and the kernel's private memory; every OpenCL return code checked.
 *   regs FILE ENTRY "OPTIONS"   (OPTIONS as sparsebench gives them: -D... -I cl_kernels) */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                                            \
    do {                                                                                       \
        cl_int rc_ = (call);                                                                   \
        if (rc_ != CL_SUCCESS) {                                                               \
            fprintf(stderr, "%s: %d\n", #call, rc_);                                           \
            return 1;                                                                          \
        }                                                                                      \
    } while (0)

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: regs FILE ENTRY OPTIONS\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char src[1 << 20];
    size_t n = fread(src, 1, sizeof src - 1, f);
    fclose(f);
    src[n] = 0;
    cl_platform_id plats[8];
    cl_uint np = 0;
    CHECK(clGetPlatformIDs(8, plats, &np));
    cl_device_id dev = NULL;
    for (cl_uint i = 0; i < np && !dev; i++)
        if (clGetDeviceIDs(plats[i], CL_DEVICE_TYPE_GPU, 1, &dev, NULL) != CL_SUCCESS)
            dev = NULL;
    if (!dev) {
        fprintf(stderr, "no GPU\n");
        return 1;
    }
    cl_int rc;
    cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &rc);
    CHECK(rc);
    const char *s = src;
    cl_program prog = clCreateProgramWithSource(ctx, 1, &s, NULL, &rc);
    CHECK(rc);
    char opts[4096];
    snprintf(opts, sizeof opts, "%s -cl-nv-verbose", argv[3]);
    cl_int brc = clBuildProgram(prog, 1, &dev, opts, NULL, NULL);
    size_t len = 0;
    CHECK(clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &len));
    char *log = malloc(len + 1);
    if (!log)
        return 1;
    CHECK(clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, len, log, NULL));
    log[len] = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
        if (strstr(line, "ptxas") || brc != CL_SUCCESS)
            printf("%s\n", line);
    CHECK(brc);
    cl_kernel k = clCreateKernel(prog, argv[2], &rc);
    CHECK(rc);
    cl_ulong priv = 0;
    CHECK(clGetKernelWorkGroupInfo(k, dev, CL_KERNEL_PRIVATE_MEM_SIZE, sizeof priv, &priv, NULL));
    printf("private memory: %llu bytes\n", (unsigned long long)priv);
    free(log);
    return 0;
}
