/* tc_bench's OpenCL plumbing: device, builds, probe, diagnostics (tc_host.h). */
#include "tc_host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_device.h"
#include "sb_half.h"
#include "sb_tc.h"

#define CHECK(call)                                                                   \
    do {                                                                              \
        cl_int rc_ = (call);                                                          \
        if (rc_ != CL_SUCCESS) {                                                      \
            fprintf(stderr, "tc_bench: %s failed: %d (%s:%d)\n", #call, rc_, __FILE__, __LINE__); \
            return -1;                                                                \
        }                                                                             \
    } while (0)

static int contains(const char *hay, const char *needle)
{
    for (; *hay; hay++) {
        size_t i = 0;
        while (needle[i] && hay[i] && ((hay[i] | 32) == (needle[i] | 32)))
            i++;
        if (!needle[i])
            return 1;
    }
    return 0;
}

int tc_cl_open(tc_cl *cl, const char *want)
{
    memset(cl, 0, sizeof *cl);
    sb_device *devs = NULL;
    int n = 0, *idx = NULL, n_idx = 0, pick = -1;
    sb_error err;
    if (sb_devices_enumerate(&devs, &n, &err)) {
        fprintf(stderr, "tc_bench: %s\n", err.msg);
        return -1;
    }
    if (want) { /* the suite's device selection (sb_device.h): the first device SEL names */
        if (sb_devices_select(devs, n, want, &idx, &n_idx, &err) == 0 && n_idx > 0)
            pick = idx[0];
        else
            fprintf(stderr, "tc_bench: %s\n", err.msg);
        free(idx);
    } else { /* the first GPU, else the first device */
        for (int i = 0; i < n && pick < 0; i++)
            if (devs[i].type == SB_DEVTYPE_GPU)
                pick = i;
        if (pick < 0 && n > 0)
            pick = 0;
    }
    if (pick < 0) {
        fprintf(stderr, "tc_bench: no OpenCL device%s%s\n", want ? " matches " : "", want ? want : "");
        free(devs);
        return -1;
    }
    cl->platform = devs[pick].platform;
    cl->device = devs[pick].id;
    free(devs);
    clGetDeviceInfo(cl->device, CL_DEVICE_NAME, sizeof cl->name, cl->name, NULL);
    clGetDeviceInfo(cl->device, CL_DEVICE_VENDOR, sizeof cl->vendor, cl->vendor, NULL);
    clGetDeviceInfo(cl->device, CL_DRIVER_VERSION, sizeof cl->version, cl->version, NULL);
    cl->nvidia = contains(cl->vendor, "nvidia");
    clGetDeviceInfo(cl->device, CL_DEVICE_LOCAL_MEM_SIZE, sizeof cl->local_mem, &cl->local_mem, NULL);
    cl_int rc;
    cl->ctx = clCreateContext(NULL, 1, &cl->device, NULL, NULL, &rc);
    CHECK(rc);
    cl->q = clCreateCommandQueue(cl->ctx, cl->device, CL_QUEUE_PROFILING_ENABLE, &rc);
    CHECK(rc);
    return 0;
}

void tc_cl_close(tc_cl *cl)
{
    if (cl->q)
        clReleaseCommandQueue(cl->q);
    if (cl->ctx)
        clReleaseContext(cl->ctx);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(s);
        return NULL;
    }
    s[n] = '\0';
    fclose(f);
    return s;
}

cl_program tc_build(tc_cl *cl, const tc_opts *o, const char *file, const char *options,
                    const char *tag)
{
    char path[1024], opts[2048];
    snprintf(path, sizeof path, "%s/%s", o->kernel_dir, file);
    char *src = read_text(path);
    if (!src) {
        fprintf(stderr, "tc_bench: cannot read %s\n", path);
        return NULL;
    }
    snprintf(opts, sizeof opts, "-I %s %s%s%s %s", o->kernel_dir, options,
             o->emulate ? " -DSB_MMA_EMULATE" : "",
             o->verbose && cl->nvidia ? " -cl-nv-verbose" : "", o->cl_opts ? o->cl_opts : "");
    cl_int rc;
    const char *srcs[1] = {src};
    cl_program p = clCreateProgramWithSource(cl->ctx, 1, srcs, NULL, &rc);
    free(src);
    if (rc != CL_SUCCESS)
        return NULL;
    rc = clBuildProgram(p, 1, &cl->device, opts, NULL, NULL);
    size_t log_n = 0;
    clGetProgramBuildInfo(p, cl->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &log_n);
    char *log = malloc(log_n + 1);
    clGetProgramBuildInfo(p, cl->device, CL_PROGRAM_BUILD_LOG, log_n, log, NULL);
    log[log_n] = '\0';
    if (rc != CL_SUCCESS || (o->verbose && log_n > 2))
        printf("build %s [%s]: %s\n%s\n", file, opts, rc == CL_SUCCESS ? "ok" : "FAILED", log);
    free(log);
    if (rc != CL_SUCCESS) {
        clReleaseProgram(p);
        return NULL;
    }
    if (o->dump_dir) {
        size_t sz = 0;
        clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof sz, &sz, NULL);
        unsigned char *bin = malloc(sz + 1);
        unsigned char *bins[1] = {bin};
        if (clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof bins, bins, NULL) == CL_SUCCESS) {
            char out[1024];
            snprintf(out, sizeof out, "%s/%s.ptx", o->dump_dir, tag);
            FILE *f = fopen(out, "wb");
            if (f) {
                fwrite(bin, 1, sz, f);
                fclose(f);
            }
        }
        free(bin);
    }
    return p;
}

static uint16_t probe_half(const uint32_t *w, int i)
{
    return (uint16_t)(w[i / 2] >> (16 * (i % 2)));
}

/* The probe's sparse product under other readings of the metadata than the documented one (0),
 * so a failing device says which reading its hardware follows: 1 = lane parity selects the row
 * half and the 16-bit half selects the column half; 2 = lane parity swapped; 3 = the two 2-bit
 * positions of a chunk swapped. Prints the largest difference from the device for each. */
static void probe_alternatives(const uint32_t *in, const float *out)
{
    for (int v = 0; v < 4; v++) {
        double worst = 0;
        for (int row = 0; row < 16; row++)
            for (int n = 0; n < 8; n++) {
                double sp = 0;
                for (int c = 0; c < 8; c++) {
                    int word = 2 * (row % 8) + c / 4, shift = 16 * (row / 8) + 4 * (c % 4);
                    if (v == 1) {
                        word = 2 * (row % 8) + row / 8;
                        shift = 16 * (c / 4) + 4 * (c % 4);
                    } else if (v == 2)
                        word = 2 * (row % 8) + 1 - c / 4;
                    const uint32_t nib = (in[320 + word] >> shift) & 0xfu;
                    int p[2] = {(int)(nib & 3u), (int)(nib >> 2)};
                    if (v == 3) {
                        int t = p[0];
                        p[0] = p[1];
                        p[1] = t;
                    }
                    for (int h = 0; h < 2; h++)
                        sp += (double)sb_half_to_float(probe_half(in + 192, row * 16 + 2 * c + h)) *
                              sb_half_to_float(probe_half(in + 336, (4 * c + p[h]) * 8 + n));
                }
                double d = fabs(sp - out[128 + row * 8 + n]);
                worst = d > worst || isnan(d) ? (isnan(d) ? INFINITY : d) : worst;
            }
        printf("probe: metadata reading %d: largest difference %g%s\n", v, worst,
               v == 0 ? " (documented)" : "");
    }
}

/* Builds and runs tc_probe.cl with `options`; 1 pass, 0 wrong, -1 no build or no run. */
static int probe_once(tc_cl *cl, const tc_opts *o, const char *options, int report)
{
    cl_program p = tc_build(cl, o, "tc_probe.cl", options, "tc_probe");
    if (!p)
        return -1;
    cl_int rc;
    cl_kernel k = clCreateKernel(p, "tc_probe", &rc);
    CHECK(rc);
    uint32_t in[SB_TC_PROBE_IN_WORDS];
    float out[SB_TC_PROBE_OUT_FLOATS];
    sb_tc_probe_input(in, o->seed);
    cl_mem bi = clCreateBuffer(cl->ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof in, in, &rc);
    CHECK(rc);
    cl_mem bo = clCreateBuffer(cl->ctx, CL_MEM_WRITE_ONLY, sizeof out, NULL, &rc);
    CHECK(rc);
    CHECK(clSetKernelArg(k, 0, sizeof bi, &bi));
    CHECK(clSetKernelArg(k, 1, sizeof bo, &bo));
    size_t g = 32, l = 32;
    CHECK(clEnqueueNDRangeKernel(cl->q, k, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK(clEnqueueReadBuffer(cl->q, bo, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
    char why[1024];
    int bad = sb_tc_probe_check(in, out, why, sizeof why);
    if (bad && report) {
        printf("probe [%s]: %s\n", options, why);
        probe_alternatives(in, out);
        printf("probe: first results (f16, sparse, tf32) vs device:");
        for (int i = 0; i < 4; i++)
            printf(" %g/%g/%g", out[i], out[128 + i], out[256 + i]);
        printf("\n");
    }
    clReleaseMemObject(bi);
    clReleaseMemObject(bo);
    clReleaseKernel(k);
    clReleaseProgram(p);
    return bad ? 0 : 1;
}

int tc_run_probe(tc_cl *cl, const tc_opts *o)
{
    /* The spellings a compiler might want, tried in turn; the first that builds and passes wins. */
    static const char *variants[] = {"", "-DSB_ASM_KEYWORD=__asm__", "-DSB_SMEM_ADDR_CVTA",
                                     "-DSB_ASM_KEYWORD=__asm__ -DSB_SMEM_ADDR_CVTA"};
    int best = -1;
    for (int i = 0; i < 4; i++) {
        int r = probe_once(cl, o, variants[i], 1);
        printf("probe variant [%s]: %s\n", variants[i], r == 1 ? "pass" : r == 0 ? "WRONG" : "no build/run");
        if (r == 1) {
            best = i;
            break;
        }
    }
    return best == 0 ? 1 : best > 0 ? 0 : -1; /* only the default spelling counts as a pass here */
}

int tc_parse_case(const char *s, tc_case *c)
{
    memset(c, 0, sizeof *c);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL, *tok = strtok_r(buf, ":", &save);
    int field = 0;
    for (; tok; tok = strtok_r(NULL, ":", &save), field++) {
        if (field == 0)
            snprintf(c->kernel, sizeof c->kernel, "%s", tok);
        else if (field <= 3) {
            int v = atoi(tok);
            if (v < 1)
                return -1;
            if (field == 1) c->M = v;
            else if (field == 2) c->N = v;
            else c->K = v;
        } else if (!strchr(tok, '=')) {
            c->sparsity = atof(tok);
        } else {
            char *s2 = NULL;
            for (char *kv = strtok_r(tok, ",", &s2); kv; kv = strtok_r(NULL, ",", &s2)) {
                char *eq = strchr(kv, '=');
                if (!eq || c->n_params == TC_MAX_PARAMS)
                    return -1;
                *eq = '\0';
                snprintf(c->pname[c->n_params], sizeof c->pname[0], "%s", kv);
                c->pval[c->n_params++] = atoi(eq + 1);
            }
        }
    }
    return field >= 4 ? 0 : -1;
}

int tc_param(const tc_case *c, const char *name, int def)
{
    for (int i = 0; i < c->n_params; i++)
        if (!strcmp(c->pname[i], name))
            return c->pval[i];
    return def;
}

void tc_diagnose(const float *C, const double *C_ref, int M, int N, double tol)
{
    double rms = 0;
    for (size_t i = 0; i < (size_t)M * N; i++)
        rms += C_ref[i] * C_ref[i];
    rms = sqrt(rms / ((double)M * N));
    const double thr = tol * 100 * rms + 1e-30; /* element-wise: clearly wrong, not rounding */
    long bins[16][8] = {{0}}, wrong = 0, nan = 0;
    long rows_bad = 0, cols_hist[8] = {0};
    int shown = 0;
    for (int r = 0; r < M; r++) {
        int row_bad = 0;
        for (int c = 0; c < N; c++) {
            double got = C[(size_t)r * N + c], want = C_ref[(size_t)r * N + c];
            if (isnan(got))
                nan++;
            if (!(fabs(got - want) <= thr)) {
                wrong++;
                row_bad = 1;
                bins[r % 16][c % 8]++;
                cols_hist[(c / 8) % 8]++;
                if (shown < 6) {
                    /* where would this value be right? search the neighbourhood */
                    int fr = -1, fc = -1;
                    for (int dr = -16; dr <= 16 && fr < 0; dr++)
                        for (int dc = -16; dc <= 16; dc++) {
                            int rr = r + dr, cc = c + dc;
                            if (rr < 0 || rr >= M || cc < 0 || cc >= N || (dr == 0 && dc == 0))
                                continue;
                            if (fabs(got - C_ref[(size_t)rr * N + cc]) <= thr * 0.1) {
                                fr = rr;
                                fc = cc;
                                break;
                            }
                        }
                    printf("  C[%d][%d] = %.6g, want %.6g", r, c, got, want);
                    if (fr >= 0)
                        printf(" (matches want[%d][%d], offset %+d,%+d)", fr, fc, fr - r, fc - c);
                    printf("\n");
                    shown++;
                }
            }
        }
        rows_bad += row_bad;
    }
    printf("  wrong elements: %ld of %ld (%ld NaN), rows with errors: %ld of %d, threshold %.3g\n",
           wrong, (long)M * N, nan, rows_bad, M, thr);
    if (!wrong)
        return;
    printf("  wrong by (row %% 16, col %% 8) within the mma tile:\n");
    for (int r = 0; r < 16; r++) {
        printf("   r%2d:", r);
        for (int c = 0; c < 8; c++)
            printf(" %7ld", bins[r][c]);
        printf("\n");
    }
    printf("  wrong by n8 tile %% 8:");
    for (int i = 0; i < 8; i++)
        printf(" %ld", cols_hist[i]);
    printf("\n");
}
