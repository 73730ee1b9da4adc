/* tc_bench's parts: one OpenCL device, one case at a time (tc_bench.c says what it does). */
#ifndef TC_HOST_H
#define TC_HOST_H

#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdint.h>

typedef struct tc_opts {
    const char *device, *kernel_dir, *dump_dir, *csv;
    const char *cl_opts; /* extra build options, e.g. -cl-nv-maxrregcount=128 */
    int emulate, verbose, reps, warmup;
    int corrupt_meta; /* test of the test: swap the lane parity of every 2:4 metadata word */
    uint64_t seed;
    double tol;
} tc_opts;

typedef struct tc_cl {
    cl_platform_id platform;
    cl_device_id device;
    cl_context ctx;
    cl_command_queue q;
    char name[256], vendor[256], version[256];
    int nvidia;
    cl_ulong local_mem;
} tc_cl;

#define TC_MAX_PARAMS 8
typedef struct tc_case {
    char kernel[16];
    int M, N, K;
    double sparsity;
    int n_params;
    char pname[TC_MAX_PARAMS][16];
    int pval[TC_MAX_PARAMS];
} tc_case;

typedef struct tc_result {
    char label[128];
    char status[16];       /* ok, wrong, failed */
    double median_ms, min_ms, tflops_dense, tflops_useful, rel_error;
} tc_result;

int tc_cl_open(tc_cl *cl, const char *want);
void tc_cl_close(tc_cl *cl);
/* Builds kernel_dir/file with options (-I kernel_dir added); prints the log on failure or when
 * verbose; dumps the binary as dump_dir/tag.ptx when asked. NULL on failure. */
cl_program tc_build(tc_cl *cl, const tc_opts *o, const char *file, const char *options,
                    const char *tag);
/* 1 pass, 0 wrong, -1 could not run. */
int tc_run_probe(tc_cl *cl, const tc_opts *o);
int tc_parse_case(const char *s, tc_case *c);
int tc_param(const tc_case *c, const char *name, int def);
void tc_run_case(tc_cl *cl, const tc_opts *o, const tc_case *c, tc_result *r);

/* Reports where C differs from C_ref (counts by position in the 16x8 mma tile, the first
 * mismatches, and where in the neighbourhood the value it holds belongs). */
void tc_diagnose(const float *C, const double *C_ref, int M, int N, double tol);

#endif
