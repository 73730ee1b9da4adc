/* tc_bench: one case = inputs, reference, build, checked run, timed runs (tc_host.h). */
#include "tc_host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_half.h"
#include "sb_matrix.h"
#include "sb_tc.h"

#define MAX_BUFS 8

typedef struct prepared {
    cl_mem bufs[MAX_BUFS];
    int nb;
    cl_mem C;
    size_t global[2], local[2];
    int64_t nnz;
} prepared;

static cl_mem upload(tc_cl *cl, prepared *pr, const void *host, size_t bytes)
{
    cl_int rc;
    cl_mem m = clCreateBuffer(cl->ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes ? bytes : 4,
                              (void *)host, &rc);
    if (rc != CL_SUCCESS) {
        fprintf(stderr, "tc_bench: clCreateBuffer(%zu bytes) failed: %d\n", bytes, rc);
        return NULL;
    }
    pr->bufs[pr->nb++] = m;
    return m;
}

static double median_of(double *v, int n)
{
    for (int i = 1; i < n; i++) /* insertion sort: n is small */
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int set_args(cl_kernel k, int n, const size_t *sizes, const void **vals)
{
    for (int i = 0; i < n; i++)
        if (clSetKernelArg(k, (cl_uint)i, sizes[i], vals[i]) != CL_SUCCESS) {
            fprintf(stderr, "tc_bench: clSetKernelArg %d failed\n", i);
            return -1;
        }
    return 0;
}

void tc_run_case(tc_cl *cl, const tc_opts *o, const tc_case *c, tc_result *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->status, sizeof r->status, "failed");
    const int M = c->M, N = c->N, K = c->K;
    const int tf32 = !strcmp(c->kernel, "gemm_tf32");
    int bs = 0;
    if (!strncmp(c->kernel, "bsr", 3))
        bs = atoi(c->kernel + 3);
    const int nm = !strcmp(c->kernel, "nm24");
    const int gemm = !strncmp(c->kernel, "gemm_", 5);
    char params[256] = "";
    for (int i = 0; i < c->n_params; i++)
        snprintf(params + strlen(params), sizeof params - strlen(params), "%s%s=%d", i ? "," : "",
                 c->pname[i], c->pval[i]);
    snprintf(r->label, sizeof r->label, "%s %dx%dx%d%s%.3g %s", c->kernel, M, N, K,
             bs ? " s=" : "", bs ? c->sparsity : 0.0, params);
    if (!bs)
        snprintf(r->label, sizeof r->label, "%s %dx%dx%d %s", c->kernel, M, N, K, params);
    printf("== %s\n", r->label);
    if (!gemm && !bs && !nm) {
        printf("  unknown kernel %s\n", c->kernel);
        return;
    }
    const sb_tc_kind kind = tf32 ? SB_TC_GEMM_TF32 : gemm ? SB_TC_GEMM_F16 : bs ? SB_TC_BSR : SB_TC_NM;
    sb_tc_tile tile = {.BM = tc_param(c, "BM", 128), .BN = tc_param(c, "BN", 128),
                       .WM = tc_param(c, "WM", 64), .WN = tc_param(c, "WN", bs ? 32 : 64),
                       .STAGES = tc_param(c, "STAGES", 3), .KSTEPS = tc_param(c, "KSTEPS", 1),
                       .BK = tc_param(c, "BK", 32), .BS = bs};
    char why[256];
    if (sb_tc_tile_check(kind, &tile, why, sizeof why)) {
        printf("  tiling: %s\n", why);
        return;
    }

    sb_error err;
    /* Inputs: A pruned as the kernel needs, B dense; both rounded to the kernel's precision. The
     * last case's inputs and reference are kept: a sweep over tunables reuses them. */
    static struct {
        char key[128];
        sb_dense A, B;
        sb_csr csr;
        double *ref;
    } in;
    char key[128];
    snprintf(key, sizeof key, "%s %d %d %d %g %llu", tf32 ? "tf32" : bs ? c->kernel : nm ? "nm" : "f16",
             M, N, K, (bs || nm) ? c->sparsity : 0.0, (unsigned long long)o->seed);
    if (strcmp(key, in.key) != 0) {
        if (in.ref) {
            free(in.ref);
            sb_csr_free(&in.csr);
            sb_dense_free(&in.A);
            sb_dense_free(&in.B);
        }
        in.key[0] = '\0';
        in.ref = NULL;
        sb_dense_random(&in.A, M, K, o->seed * 7919 + 1);
        sb_dense_random(&in.B, K, N, o->seed * 7919 + 2);
        sb_pattern pat = {.kind = SB_PATTERN_UNSTRUCTURED};
        if (bs)
            pat = (sb_pattern){.kind = SB_PATTERN_BLOCK, .block_rows = bs, .block_cols = bs};
        if (nm)
            pat = (sb_pattern){.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
        if ((bs || nm) && sb_prune(&in.A, &pat, c->sparsity, &err)) {
            printf("  prune: %s\n", err.msg);
            sb_dense_free(&in.A);
            sb_dense_free(&in.B);
            return;
        }
        for (size_t i = 0; i < (size_t)M * K; i++)
            in.A.v[i] = tf32 ? sb_round_tf32(in.A.v[i]) : sb_round_half(in.A.v[i]);
        for (size_t i = 0; i < (size_t)K * N; i++)
            in.B.v[i] = tf32 ? sb_round_tf32(in.B.v[i]) : sb_round_half(in.B.v[i]);
        sb_csr_from_dense(&in.csr, &in.A);
        in.ref = malloc(sizeof(double) * (size_t)M * N);
        sb_reference_spmm(&in.csr, in.B.v, N, in.ref);
        snprintf(in.key, sizeof in.key, "%s", key);
    }
    const sb_dense A = in.A, B = in.B;
    const sb_csr csr = in.csr;
    const double *ref = in.ref;

    prepared pr = {0};
    char opts[512] = "";
    const int ldb = sb_round_up(N, tf32 ? 4 : 8);
    cl_mem Bd = NULL;
    if (tf32) {
        float *Bt = malloc(sizeof(float) * (size_t)K * ldb);
        sb_tc_tf32_padded(B.v, K, N, ldb, Bt);
        Bd = upload(cl, &pr, Bt, sizeof(float) * (size_t)K * ldb);
        free(Bt);
    } else {
        uint16_t *Bh = malloc(sizeof(uint16_t) * (size_t)K * ldb);
        sb_tc_halves_padded(B.v, K, N, ldb, Bh);
        Bd = upload(cl, &pr, Bh, sizeof(uint16_t) * (size_t)K * ldb);
        free(Bh);
    }
    const char *file, *kname;
    /* Every tile parameter as a define, so the build never falls back on a default. */
    if (bs)
        snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " -DBS=%d -DBN=%d -DWN=%d -DSTAGES=%d",
                 bs, tile.BN, tile.WN, tile.STAGES);
    else
        snprintf(opts + strlen(opts), sizeof opts - strlen(opts),
                 " -DBM=%d -DBN=%d -DWM=%d -DWN=%d -DSTAGES=%d%s", tile.BM, tile.BN, tile.WM, tile.WN,
                 tile.STAGES, nm ? "" : tf32 ? " -DTC_TF32" : "");
    if (gemm && !tf32)
        snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " -DBK=%d", tile.BK);
    if (nm)
        snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " -DKSTEPS=%d", tile.KSTEPS);
    /* Any other NAME=VALUE of the case is a define of its own (a kernel variant or diagnostic). */
    static const char *const tile_names[] = {"BM", "BN", "WM", "WN", "STAGES", "KSTEPS", "BK"};
    for (int i = 0; i < c->n_params; i++) {
        int is_tile = 0;
        for (size_t t = 0; t < sizeof tile_names / sizeof tile_names[0]; t++)
            is_tile |= !strcmp(c->pname[i], tile_names[t]);
        if (!is_tile)
            snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " -D%s=%d", c->pname[i],
                     c->pval[i]);
    }
    const int nthreads = sb_tc_threads(kind, &tile);
    const size_t ring = sb_tc_ring_bytes(kind, &tile);
    const int bm = tile.BM, bn = tile.BN;
    size_t asz[12];
    const void *aval[12];
    int nargs = 0;
    cl_int rc;
    cl_mem Cd = clCreateBuffer(cl->ctx, CL_MEM_READ_WRITE, sizeof(float) * (size_t)M * N, NULL, &rc);
    pr.bufs[pr.nb++] = Cd;
    sb_bsr bsr = {0};
    sb_nm nms = {0};
    sb_tc_nm tnm = {0};
    int lda = 0, ksteps = 0, mtiles = 0;
#define ARG(v) (asz[nargs] = sizeof(v), aval[nargs++] = &(v))
    if (ring > cl->local_mem) {
        printf("  tiling: the ring needs %zu bytes of local memory, the device has %llu\n", ring,
               (unsigned long long)cl->local_mem);
        goto done;
    }
    if (gemm) {
        file = "tc_gemm.cl";
        kname = "tc_gemm";
        lda = sb_round_up(K, tf32 ? 4 : 8);
        cl_mem Ad;
        if (tf32) {
            float *At = malloc(sizeof(float) * (size_t)M * lda);
            sb_tc_tf32_padded(A.v, M, K, lda, At);
            Ad = upload(cl, &pr, At, sizeof(float) * (size_t)M * lda);
            free(At);
        } else {
            uint16_t *Ah = malloc(sizeof(uint16_t) * (size_t)M * lda);
            sb_tc_halves_padded(A.v, M, K, lda, Ah);
            Ad = upload(cl, &pr, Ah, sizeof(uint16_t) * (size_t)M * lda);
            free(Ah);
        }
        (void)Ad; /* pr.bufs[2], passed below */
        pr.global[0] = (size_t)((N + bn - 1) / bn) * nthreads;
        pr.global[1] = (size_t)((M + bm - 1) / bm);
        pr.nnz = (int64_t)M * K;
    } else if (bs) {
        file = "tc_bsr.cl";
        kname = "tc_bsr";
        sb_bsr_from_dense(&bsr, &A, bs, bs);
        uint16_t *bh = sb_tc_bsr_halves(&bsr);
        upload(cl, &pr, bsr.row_ptr, sizeof(int32_t) * (size_t)(bsr.block_rows + 1));
        upload(cl, &pr, bsr.col_idx, sizeof(int32_t) * (size_t)bsr.nblocks);
        upload(cl, &pr, bh, sizeof(uint16_t) * (size_t)bsr.nblocks * bs * bs);
        free(bh);
        pr.global[0] = (size_t)((N + bn - 1) / bn) * nthreads;
        pr.global[1] = (size_t)bsr.block_rows;
        pr.nnz = csr.nnz;
    } else {
        file = "tc_nm.cl";
        kname = "tc_nm";
        if (sb_nm_from_dense(&nms, &A, 2, 4, &err) || sb_tc_nm_pack(&nms, tile.KSTEPS, &tnm, &err)) {
            printf("  2:4 packing: %s\n", err.msg);
            goto done;
        }
        if (o->corrupt_meta)
            for (size_t w = 0; w + 1 < (size_t)tnm.ksteps * tnm.mtiles * 16; w += 2) {
                uint32_t t = tnm.meta[w];
                tnm.meta[w] = tnm.meta[w + 1];
                tnm.meta[w + 1] = t;
            }
        ksteps = tnm.ksteps;
        mtiles = tnm.mtiles;
        upload(cl, &pr, tnm.val, sizeof(uint16_t) * (size_t)M * ksteps * 16);
        upload(cl, &pr, tnm.meta, sizeof(uint32_t) * (size_t)ksteps * mtiles * 16);
        pr.global[0] = (size_t)((N + bn - 1) / bn) * nthreads;
        pr.global[1] = (size_t)((M + bm - 1) / bm);
        pr.nnz = csr.nnz;
    }
    pr.local[0] = (size_t)nthreads;
    pr.local[1] = 1;
    char tag[160];
    snprintf(tag, sizeof tag, "%s_%s", c->kernel, params);
    for (char *p = tag; *p; p++)
        if (*p == ',' || *p == '=')
            *p = '_';
    cl_program prog = tc_build(cl, o, file, opts, tag);
    if (!prog)
        goto done;
    cl_kernel k = clCreateKernel(prog, kname, &rc);
    if (rc != CL_SUCCESS) {
        printf("  clCreateKernel: %d\n", rc);
        clReleaseProgram(prog);
        goto done;
    }
    if (gemm) {
        ARG(M); ARG(N); ARG(K); ARG(lda); ARG(ldb);
        ARG(pr.bufs[2]); ARG(Bd); ARG(Cd);
    } else if (bs) {
        ARG(M); ARG(N); ARG(K); ARG(ldb);
        ARG(pr.bufs[2]); ARG(pr.bufs[3]); ARG(pr.bufs[4]); ARG(Bd); ARG(Cd);
    } else {
        ARG(M); ARG(N); ARG(K); ARG(ldb); ARG(ksteps); ARG(mtiles);
        ARG(pr.bufs[2]); ARG(pr.bufs[3]); ARG(Bd); ARG(Cd);
    }
#undef ARG
    if (set_args(k, nargs, asz, aval))
        goto release;
    printf("  %d work-items per group, %zu bytes of local memory in its ring (device: %llu)\n",
           nthreads, ring, (unsigned long long)cl->local_mem);

    /* Checked run on a poisoned C. */
    float *C = malloc(sizeof(float) * (size_t)M * N);
    const float poison = NAN;
    clEnqueueFillBuffer(cl->q, Cd, &poison, sizeof poison, 0, sizeof(float) * (size_t)M * N, 0, NULL, NULL);
    rc = clEnqueueNDRangeKernel(cl->q, k, 2, NULL, pr.global, pr.local, 0, NULL, NULL);
    if (rc == CL_SUCCESS)
        rc = clEnqueueReadBuffer(cl->q, Cd, CL_TRUE, 0, sizeof(float) * (size_t)M * N, C, 0, NULL, NULL);
    if (rc != CL_SUCCESS) {
        printf("  launch failed: %d (global %zux%zu local %zu)\n", rc, pr.global[0], pr.global[1],
               pr.local[0]);
        free(C);
        goto release;
    }
    sb_compare cmp = sb_compare_result(C, ref, (int64_t)M * N);
    r->rel_error = cmp.rel_error;
    int ok = cmp.rel_error <= o->tol;
    printf("  checked: rel_error %.3e max_abs %.3e nonfinite %lld -> %s\n", cmp.rel_error,
           cmp.max_abs_error, (long long)cmp.nonfinite, ok ? "ok" : "WRONG");
    if (!ok)
        tc_diagnose(C, ref, M, N, o->tol);

    /* Timed runs (also when wrong, marked so: the numbers help find out why). */
    double *ms = malloc(sizeof(double) * (size_t)o->reps);
    int timed = 0;
    for (int i = 0; i < o->warmup + o->reps; i++) {
        cl_event ev;
        if (clEnqueueNDRangeKernel(cl->q, k, 2, NULL, pr.global, pr.local, 0, NULL, &ev) != CL_SUCCESS)
            break;
        clWaitForEvents(1, &ev);
        cl_ulong t0 = 0, t1 = 0;
        clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL);
        clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL);
        clReleaseEvent(ev);
        if (i >= o->warmup)
            ms[timed++] = (double)(t1 - t0) * 1e-6;
    }
    if (timed) {
        double mn = ms[0];
        for (int i = 1; i < timed; i++)
            mn = ms[i] < mn ? ms[i] : mn;
        r->min_ms = mn;
        r->median_ms = median_of(ms, timed);
        r->tflops_dense = 2.0 * M * (double)N * K / (r->median_ms * 1e-3) / 1e12;
        r->tflops_useful = 2.0 * (double)pr.nnz * N / (r->median_ms * 1e-3) / 1e12;
    }
    /* The last timed output must still be right (a race shows up here). */
    clEnqueueReadBuffer(cl->q, Cd, CL_TRUE, 0, sizeof(float) * (size_t)M * N, C, 0, NULL, NULL);
    sb_compare again = sb_compare_result(C, ref, (int64_t)M * N);
    if (!(again.rel_error <= o->tol)) {
        printf("  after timing: rel_error %.3e -> WRONG\n", again.rel_error);
        ok = 0;
    }
    snprintf(r->status, sizeof r->status, "%s", ok ? "ok" : "wrong");
    printf("  %s: median %.4f ms, min %.4f ms, %.1f TFLOP/s dense-equivalent, %.1f useful "
           "(nnz %lld, %d runs)\n", r->status, r->median_ms, r->min_ms, r->tflops_dense,
           r->tflops_useful, (long long)pr.nnz, timed);
    if (o->csv) {
        FILE *f = fopen(o->csv, "a");
        if (f) {
            fprintf(f, "%s,%s,%d,%d,%d,%g,\"%s\",%s,%.5f,%.5f,%.2f,%.2f,%.3e,%lld\n", cl->name,
                    c->kernel, M, N, K, c->sparsity, params, r->status, r->median_ms, r->min_ms,
                    r->tflops_dense, r->tflops_useful, r->rel_error, (long long)pr.nnz);
            fclose(f);
        }
    }
    free(ms);
    free(C);
release:
    clReleaseKernel(k);
    clReleaseProgram(prog);
done:
    for (int i = 0; i < pr.nb; i++)
        clReleaseMemObject(pr.bufs[i]);
    sb_bsr_free(&bsr);
    sb_nm_free(&nms);
    sb_tc_nm_free(&tnm);
}
