/* rs12: which x86 vector code an OpenCL CPU runtime generates. Builds one kernel (a float16 FMA
 * loop, the widest vector OpenCL C has), runs it once, prints the device's name and its reported
 * native / preferred float vector widths, and writes the program binary to OUT (for objdump; PoCL
 * also leaves its kernel .so in POCL_CACHE_DIR). The first device whose platform name contains
 * PLATFORM is used.
 *   cc -O2 isa_probe.c -lOpenCL -o isa_probe && ./isa_probe PLATFORM OUT */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *src =
    "__kernel void probe(__global const float16 *a, __global float16 *c, int n) {\n"
    "  size_t i = get_global_id(0); float16 acc = c[i];\n"
    "  for (int k = 0; k < n; k++) acc = fma(a[i + k], acc, a[k]);\n"
    "  c[i] = acc; }\n";

int main(int argc, char **argv)
{
    if (argc != 3)
        return fprintf(stderr, "usage: isa_probe PLATFORM OUT\n"), 2;
    cl_platform_id plats[16];
    cl_uint np = 0;
    clGetPlatformIDs(16, plats, &np);
    for (cl_uint p = 0; p < np; p++) {
        char name[256] = "";
        clGetPlatformInfo(plats[p], CL_PLATFORM_NAME, sizeof name, name, NULL);
        cl_device_id dev;
        if (!strstr(name, argv[1]) ||
            clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_CPU, 1, &dev, NULL) != CL_SUCCESS)
            continue;
        char dname[256] = "";
        cl_uint nat = 0, pref = 0;
        clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof dname, dname, NULL);
        clGetDeviceInfo(dev, CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, sizeof nat, &nat, NULL);
        clGetDeviceInfo(dev, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT, sizeof pref, &pref, NULL);
        printf("platform: %s\ndevice: %s\nnative float width: %u, preferred: %u\n", name, dname,
               nat, pref);
        cl_int err;
        cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
        cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err);
        cl_program prog = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
        if (clBuildProgram(prog, 1, &dev, "", NULL, NULL) != CL_SUCCESS)
            return fprintf(stderr, "build failed\n"), 1;
        cl_kernel k = clCreateKernel(prog, "probe", &err);
        float *host = calloc(64 * 16, sizeof(float));
        cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                                  64 * 16 * sizeof(float), host, &err);
        cl_mem c = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                                  64 * 16 * sizeof(float), host, &err);
        int n = 8;
        clSetKernelArg(k, 0, sizeof a, &a);
        clSetKernelArg(k, 1, sizeof c, &c);
        clSetKernelArg(k, 2, sizeof n, &n);
        size_t g = 32;
        if (clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, NULL) != CL_SUCCESS ||
            clFinish(q) != CL_SUCCESS)
            return fprintf(stderr, "run failed\n"), 1;
        size_t size = 0;
        clGetProgramInfo(prog, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, NULL);
        unsigned char *bin = malloc(size ? size : 1);
        clGetProgramInfo(prog, CL_PROGRAM_BINARIES, sizeof bin, &bin, NULL);
        FILE *f = fopen(argv[2], "wb");
        if (!f || fwrite(bin, 1, size, f) != size)
            return fprintf(stderr, "cannot write %s\n", argv[2]), 1;
        fclose(f);
        printf("binary: %zu bytes -> %s\n", size, argv[2]);
        return 0;
    }
    fprintf(stderr, "no CPU device on a platform matching '%s'\n", argv[1]);
    return 1;
}
