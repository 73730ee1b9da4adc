/* One tester, reused by the kernel tests, the tuner and benchmarks (CLBlast's convention): run one
 * kernel on one matrix on one device through exactly the path `sparsebench run` takes
 * (poison, validate, warm up, time, validate again). */
#ifndef SB_TESTER_H
#define SB_TESTER_H

#include "sb_cl.h"
#include "sb_kernel.h"
#include "sb_profile.h"
#include "sb_results.h"

typedef struct sb_tester {
    sb_device *devs;
    int n_devs;
    sb_device *dev;
    sb_profile_set profiles;
    sb_cl_env env;
    char *kernel_dir;
    int warmup, repeats;
    double tolerance;     /* the fp32 one; each case gets sb_case_tolerance of it */
    sb_precision precision; /* of the cases it runs: A and B are rounded to it first (fp32 after
                               open) */
    sb_params params; /* over the device's profile, like --param (empty after open; owned) */
} sb_tester;

/* The test suite's device, the same for every test (cl/ through sb_tester_open, cli/ through the
 * sb_test_device program and tests/cli/common.sh): the first device matching
 * $SPARSEBENCH_TEST_DEVICE (any --device selector; an error when nothing matches), else the
 * first PoCL device, else the first CPU, else the first device. Returns its index in devs, or -1
 * with a message. */
int sb_test_device_pick(const sb_device *devs, int n, sb_error *err);

/* Opens the first device matching sel (NULL: sb_test_device_pick). */
int sb_tester_open(sb_tester *t, const char *sel, sb_error *err);
void sb_tester_close(sb_tester *t);

/* Runs `kernel` on A (already pruned to `pattern`) times a seeded random B with N columns, both
 * rounded to t->precision (the reference is computed from the rounded values, as a run's is).
 * bsr_block: block for the bsr kernels when the pattern is not block (0: 4). Fills row (the
 * caller frees row->samples_ms). Returns 0 when the case ran (whatever its status). */
int sb_tester_run(sb_tester *t, const char *kernel, const sb_dense *A, const sb_pattern *pattern,
                  int bsr_block, int N, uint64_t seed, sb_row *row, sb_error *err);

#endif
