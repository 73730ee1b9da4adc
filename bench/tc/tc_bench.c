/* tc_bench: builds, checks and times the tensor-core kernels (cl_kernels/tc_*.cl) on one OpenCL
 * device, case by case, with diagnostics a wrong kernel can be debugged from.
 *
 *   tc_bench [options] CASE...
 *   CASE = KERNEL:M:N:K[:SPARSITY][:NAME=VALUE,...]
 *   KERNEL = gemm_f16 | gemm_tf32 | bsr16 | bsr32 | bsr64 | nm24
 *   options: --device cpu|gpu|accelerator|SUBSTRING (default: the first GPU, else the first device)
 *            --kernel-dir DIR (default: the source tree's cl_kernels)
 *            --emulate          build with -DSB_MMA_EMULATE (any device: checks the data movement)
 *            --probe            run the capability probe first (exit 1 if it fails)
 *            --build-only FILE  only build kernel-dir/FILE and print the log
 *            --reps N (20)  --warmup N (3)  --seed S (1)  --tol T (1e-4)
 *            --dump-ptx DIR     write each program's binary (PTX on NVIDIA) to DIR
 *            --verbose          print build logs (-cl-nv-verbose on NVIDIA: registers, spills)
 *            --csv FILE         append one line per case
 *            --cl-opts STRING   extra build options (e.g. -cl-nv-maxrregcount=128)
 *            --corrupt-meta     swap the 2:4 metadata of lanes 4q and 4q+1 (a deliberate bug the
 *                               check must catch: the tests use it)
 *
 * Inputs are random (sb_dense_random) and pruned with the suite's own sb_prune (blocks for bsr*,
 * 2:4 for nm24); the reference is the float64 product of the inputs rounded to the kernel's
 * precision (fp16 or tf32), so the error measures the kernel's arithmetic. C is poisoned with NaN
 * before the checked run. Times: profiling events, median of --reps runs after --warmup. */
#include "tc_host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: tc_bench [--device S] [--kernel-dir DIR] [--emulate] [--probe] [--reps N]\n"
                    "                [--warmup N] [--seed S] [--tol T] [--dump-ptx DIR] [--verbose]\n"
                    "                [--csv FILE] KERNEL:M:N:K[:SPARSITY][:NAME=VALUE,...] ...\n"
                    "  KERNEL: gemm_f16 gemm_tf32 bsr16 bsr32 bsr64 nm24\n");
}

int main(int argc, char **argv)
{
    tc_opts o = {.device = NULL, .kernel_dir = SB_SOURCE_DIR "/cl_kernels", .reps = 20,
                 .warmup = 3, .seed = 1, .tol = 1e-4};
    int probe = 0, first_case = argc;
    const char *build_only = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--device") && v) { o.device = v; i++; }
        else if (!strcmp(a, "--kernel-dir") && v) { o.kernel_dir = v; i++; }
        else if (!strcmp(a, "--emulate")) o.emulate = 1;
        else if (!strcmp(a, "--probe")) probe = 1;
        else if (!strcmp(a, "--build-only") && v) { build_only = v; i++; }
        else if (!strcmp(a, "--verbose")) o.verbose = 1;
        else if (!strcmp(a, "--corrupt-meta")) o.corrupt_meta = 1;
        else if (!strcmp(a, "--reps") && v) { o.reps = atoi(v); i++; }
        else if (!strcmp(a, "--warmup") && v) { o.warmup = atoi(v); i++; }
        else if (!strcmp(a, "--seed") && v) { o.seed = strtoull(v, NULL, 10); i++; }
        else if (!strcmp(a, "--tol") && v) { o.tol = atof(v); i++; }
        else if (!strcmp(a, "--dump-ptx") && v) { o.dump_dir = v; i++; }
        else if (!strcmp(a, "--csv") && v) { o.csv = v; i++; }
        else if (!strcmp(a, "--cl-opts") && v) { o.cl_opts = v; i++; }
        else if (a[0] == '-') { usage(); return 2; }
        else { first_case = i; break; }
    }
    if (o.reps < 1 || o.warmup < 0 || !(o.tol > 0)) {
        usage();
        return 2;
    }
    tc_cl cl;
    if (tc_cl_open(&cl, o.device))
        return 2;
    printf("device: %s | %s | %s | local memory %llu bytes%s\n", cl.name, cl.vendor, cl.version,
           (unsigned long long)cl.local_mem, o.emulate ? " | EMULATED mma" : "");
    int bad = 0;
    if (build_only) { /* does this device's compiler take FILE? (e.g. sm_90a-only PTX) */
        o.verbose = 1;
        cl_program p = tc_build(&cl, &o, build_only, "", "build_only");
        printf("build-only %s: %s\n", build_only, p ? "BUILDS" : "does not build");
        if (p)
            clReleaseProgram(p);
        tc_cl_close(&cl);
        return p ? 0 : 1;
    }
    if (probe) {
        int ok = tc_run_probe(&cl, &o);
        printf("probe: %s\n", ok == 1 ? "PASS" : "FAIL");
        if (ok != 1)
            bad++;
    }
    tc_result *res = calloc((size_t)(argc - first_case + 1), sizeof *res);
    int n = 0;
    for (int i = first_case; i < argc; i++) {
        tc_case c;
        if (tc_parse_case(argv[i], &c)) {
            fprintf(stderr, "tc_bench: cannot parse case '%s'\n", argv[i]);
            usage();
            return 2;
        }
        tc_run_case(&cl, &o, &c, &res[n]);
        if (strcmp(res[n].status, "ok") != 0)
            bad++;
        n++;
        fflush(stdout);
    }
    if (n) {
        printf("\n%-44s %-6s %10s %10s %9s %9s %10s\n", "case", "status", "median_ms", "min_ms",
               "TFLOP/s", "useful", "rel_err");
        for (int i = 0; i < n; i++)
            printf("%-44s %-6s %10.4f %10.4f %9.1f %9.1f %10.2e\n", res[i].label, res[i].status,
                   res[i].median_ms, res[i].min_ms, res[i].tflops_dense, res[i].tflops_useful,
                   res[i].rel_error);
    }
    free(res);
    tc_cl_close(&cl);
    return bad ? 1 : 0;
}
