/* The plan of cases (src/plan/): baseline choice (clblast vs dense), skips and left-out cases with
 * their reasons, task variants, the rows a failed device or matrix gives (named by case, not by
 * position in the kernel list), the command-line filter (--sparsity/--N/--kernels/--batch), stable
 * keys, and parameters bound from profile, tuning database and --param. Devices are fakes: the
 * plan needs no OpenCL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_device.h"
#include "sb_plan.h"
#include "sb_profile.h"
#include "sb_tuning.h"
#include "test_support.h"

static char dir[64];
static sb_profile gpu_profile, nocl_profile, fpga_profile;
static sb_device gpu, nocl, fpga;

static void fake(sb_device *d, sb_profile *p, const char *id, const char *profile, int clblast,
                 int task)
{
    memset(d, 0, sizeof *d);
    memset(p, 0, sizeof *p);
    p->name = (char *)profile;
    p->clblast = clblast;
    p->task_kernels = task;
    snprintf(d->stable_id, sizeof d->stable_id, "%s", id);
    snprintf(d->name, sizeof d->name, "%s", id);
    d->compiler_available = 1;
    d->profile = p;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sb_test_plan_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    fake(&gpu, &gpu_profile, "acme/gpu", "acme", 1, 0);
    fake(&nocl, &nocl_profile, "acme/noblas", "noblas", 0, 0);
    fake(&fpga, &fpga_profile, "acme/fpga", "fpga", 0, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sb_params_free(&gpu_profile.params);
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

/* Writes text as DIR/name and loads it as a config. */
static void load(const char *name, const char *text, sb_config *c)
{
    char *path = sb_path_join(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    sb_error err;
    if (sb_config_load(path, dir, c, &err) != 0)
        fail_msg("%s", err.msg);
    free(path);
}

static void make(sb_plan *p, const sb_config *c, const sb_config_filter *f, sb_device **devs,
                 int n, const sb_params *params)
{
    sb_plan_device pd[4] = {{0}};
    for (int i = 0; i < n; i++)
        pd[i].dev = devs[i];
    sb_error err;
    if (sb_plan_make(p, c, f, pd, n, params, &err) != 0)
        fail_msg("%s", err.msg);
}

/* The kernels of group g as "name:fate" ("R", "S", "L"), the baseline marked with '*'. */
static void group_string(const sb_plan *p, int g, char *buf, size_t n)
{
    buf[0] = '\0';
    const sb_plan_group *grp = &p->groups[g];
    for (int i = grp->first; i < grp->first + grp->count; i++) {
        const sb_case *c = &p->cases[i];
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s%s:%c", len ? " " : "", c->is_baseline ? "*" : "",
                 c->kernel->name, "RSL"[c->fate]);
        assert_int_equal(c->group, g);
        assert_int_equal(c->N, grp->N);
        assert_int_equal(c->device, grp->device);
    }
}

static const char *const MIXED =
    "name: mixed\n"
    "N: [1, 16]\n"
    "kernels: [csr_spmv, csr, clblast]\n"
    "matrices:\n"
    "  - {M: 64, K: 32, sparsity: [0.9]}\n";

/* CLBlast where the profile allows it (listed: not added), else the suite's dense GEMM (added),
 * and then a listed clblast is a skipped row with the reason; SpMV is left out at N > 1. */
static void test_baseline_and_skips(void **state)
{
    (void)state;
    sb_config c;
    load("mixed.yaml", MIXED, &c);
    sb_plan p;
    sb_device *devs[] = {&gpu, &nocl};
    make(&p, &c, NULL, devs, 2, NULL);
    assert_int_equal(p.n_groups, 4); /* N 1, 16 x two devices, N-major */
    char s[256];
    group_string(&p, 0, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr_spmv:R csr:R");
    group_string(&p, 1, s, sizeof s);
    assert_string_equal(s, "*dense:R csr_spmv:R csr:R clblast:S");
    group_string(&p, 2, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr_spmv:L csr:R");
    group_string(&p, 3, s, sizeof s);
    assert_string_equal(s, "*dense:R csr_spmv:L csr:R clblast:S");
    const sb_case *b = &p.cases[p.groups[0].first];
    assert_int_equal(b->added, 0); /* the config lists clblast */
    assert_string_equal(b->note, "");
    const sb_case *d = &p.cases[p.groups[1].first];
    assert_int_equal(d->added, 1);
    assert_string_equal(d->note, "baseline for the speedups (not in the config's kernel list)");
    const sb_case *skip = &p.cases[p.groups[1].first + 3];
    assert_string_equal(skip->why, "CLBlast is disabled for this device by its profile noblas");
    assert_ptr_equal(skip->baseline, sb_spec_kernel("dense"));
    const sb_case *left = &p.cases[p.groups[2].first + 1];
    assert_string_equal(left->why, "csr_spmv computes a matrix-vector product: it runs only N = 1 "
                                   "(use csr or csr_balanced or csr_tile or csr_auto for N = 16)");
    /* rows: everything but the left-out; one note for SpMV */
    assert_int_equal(p.n_cases, 14);
    assert_int_equal(p.n_rows, 12);
    assert_int_equal(p.n_notes, 1);
    assert_string_equal(p.notes[0], "csr_spmv is not planned for N = 16 (csr_spmv computes a "
                                    "matrix-vector product: it runs only N = 1 (use csr or "
                                    "csr_balanced or csr_tile or csr_auto for N = 16))");
    /* no online compiler: no CLBlast either */
    nocl_profile.clblast = 1;
    nocl.compiler_available = 0;
    assert_ptr_equal(sb_plan_baseline(&nocl, SB_PRECISION_FP32), sb_spec_kernel("dense"));
    char why[256];
    assert_int_equal(sb_plan_kernel_runs_on(sb_spec_kernel("clblast"), &nocl, SB_PRECISION_FP32, why, sizeof why), 0);
    assert_string_equal(why, "CLBlast needs an online OpenCL compiler, which this device lacks");
    nocl_profile.clblast = 0;
    nocl.compiler_available = 1;
    sb_plan_free(&p);
    sb_config_free(&c);
}

/* Where the profile says task_kernels, csr/bsr/nm run as their task variants (with a note); a
 * config listing both csr and csr_task runs csr_task once. */
/* bsr on an unstructured matrix runs only where the config sets bsr_block; on a block or N:M
 * pattern it always runs. */
static void test_bsr_on_unstructured(void **state)
{
    (void)state;
    sb_config c;
    load("bsr.yaml",
         "name: bsr\n"
         "N: [8]\n"
         "kernels: [csr, bsr]\n"
         "matrices:\n"
         "  - {name: plain, M: 32, K: 32, sparsity: [0.9]}\n"
         "  - {name: asked, M: 32, K: 32, sparsity: [0.9], bsr_block: 2}\n"
         "  - {name: blocks, M: 32, K: 32, sparsity: [0.5], pattern: block, block: 4}\n",
         &c);
    sb_plan p;
    sb_device *devs[] = {&gpu};
    make(&p, &c, NULL, devs, 1, NULL);
    char s[256];
    group_string(&p, 0, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr:R bsr:L");
    const sb_case *left = &p.cases[p.groups[0].first + 2];
    assert_non_null(strstr(left->why, "bsr on an unstructured matrix is left out unless the config "
                                      "sets bsr_block"));
    group_string(&p, 1, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr:R bsr:R");
    group_string(&p, 2, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr:R bsr:R");
    sb_plan_free(&p);
    sb_config_free(&c);
}

static void test_task_variants(void **state)
{
    (void)state;
    sb_config c;
    load("task.yaml", "name: task\nN: [4]\nkernels: [csr, bsr, csr_task, csr_balanced]\n"
                      "matrices:\n  - {M: 32, K: 32, sparsity: 0.5, bsr_block: 4}\n", &c);
    sb_plan p;
    sb_device *devs[] = {&fpga, &gpu};
    make(&p, &c, NULL, devs, 2, NULL);
    char s[256];
    group_string(&p, 0, s, sizeof s);
    assert_string_equal(s, "*dense:R csr_task:L bsr_task:R csr_task:R csr_balanced:R");
    group_string(&p, 1, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr:R bsr:R csr_task:R csr_balanced:R");
    const sb_case *dup = &p.cases[1], *bsr = &p.cases[2], *own = &p.cases[3];
    assert_string_equal(dup->asked, "csr");
    assert_string_equal(dup->why, "csr runs as csr_task, which the config lists too");
    assert_string_equal(bsr->asked, "bsr");
    assert_string_equal(bsr->note, "config's bsr runs as bsr_task (profile fpga: task_kernels)");
    assert_string_equal(own->note, ""); /* listed as itself */
    assert_int_equal(p.n_rows, 4 + 5);
    assert_int_equal(p.n_notes, 0); /* only SpMV's N are noted */
    sb_plan_free(&p);
    sb_config_free(&c);
}

/* A device that fails, or a matrix that cannot be loaded, gives one failed row per case of the
 * plan: the kernel names come from the cases, not from positions in the config's kernel list
 * (which named the dense baseline "csr_spmv" and the SpMV row left out at N = 16 "csr"). */
static void test_failed_rows_are_named_by_case(void **state)
{
    (void)state;
    sb_config c;
    load("mixed.yaml", MIXED, &c);
    sb_plan p;
    sb_device *devs[] = {&nocl};
    make(&p, &c, NULL, devs, 1, NULL);
    const char *want[] = {"dense", "csr_spmv", "csr", "clblast", /* N = 1 */
                          "dense", "csr", "clblast"};            /* N = 16: SpMV left out */
    int rows = 0;
    for (int i = 0; i < p.n_cases; i++) {
        if (p.cases[i].fate == SB_CASE_LEFT_OUT)
            continue;
        assert_true(rows < 7);
        assert_string_equal(p.cases[i].kernel->name, want[rows]);
        rows++;
    }
    assert_int_equal(rows, p.n_rows);
    sb_plan_free(&p);
    sb_config_free(&c);
}

static const char *const MODELS =
    "name: models\n"
    "kernels: [csr]\n"
    "N: [8, 64]\n"
    "matrices:\n"
    "  - {name: a, M: 16, K: 16, sparsity: [0.5, 0.9]}\n"
    "  - {name: stored, path: stored.smtx}\n"
    "models:\n"
    "  - name: mlp\n"
    "    batch: 4\n"
    "    sparsity: 0.9\n"
    "    layers:\n"
    "      - {name: fc1, M: 32, K: 16, n_per_sample: 3}\n"
    "      - {name: fc2, M: 16, K: 32, n_per_sample: 5}\n";

/* --sparsity (within 1e-9; a file kept as stored has no target and is dropped), --N, --kernels
 * (the baseline still runs), --batch (model layers at n_per_sample x B); unknown names and a
 * filter that leaves nothing are errors naming the config. */
static void test_filter(void **state)
{
    (void)state;
    char *smtx = sb_path_join(dir, "stored.smtx");
    FILE *f = fopen(smtx, "w");
    fputs("16, 16, 2\n0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 2\n3 5\n", f);
    fclose(f);
    free(smtx);
    sb_config c;
    load("models.yaml", MODELS, &c);
    assert_int_equal(c.n_matrices, 2 + 1 + 2);
    sb_plan p;
    sb_device *devs[] = {&gpu};

    make(&p, &c, NULL, devs, 1, NULL); /* no filter: every matrix, model layers at batch 4 */
    assert_int_equal(p.n_groups, 2 * 2 + 2 + 2);
    assert_int_equal(p.groups[6].N, 12);
    assert_int_equal(p.groups[7].N, 20);
    assert_int_equal(sb_plan_model_batch(&p, "mlp"), 4);
    sb_plan_free(&p);

    const double sp[] = {0.9 + 1e-12};
    const int N[] = {64, 15};
    char *k[] = {"csr"};
    sb_config_filter flt = {.sparsities = sp, .n_sparsities = 1, .N = N, .n_N = 2, .kernels = k,
                            .n_kernels = 1, .batch = 3};
    make(&p, &c, &flt, devs, 1, NULL);
    /* a at 0.9 with N 64; the stored file dropped; fc1 at 3 x 3 = 9 (not kept), fc2 at 15 */
    assert_int_equal(p.n_groups, 2);
    assert_int_equal(p.groups[0].matrix, 1);
    assert_int_equal(p.groups[0].N, 64);
    assert_string_equal(c.matrices[p.groups[1].matrix].layer, "fc2");
    assert_int_equal(p.groups[1].N, 15);
    char s[128];
    group_string(&p, 0, s, sizeof s);
    assert_string_equal(s, "*clblast:R csr:R"); /* the baseline runs although filtered out */
    assert_int_equal(p.cases[0].added, 1);
    assert_int_equal(sb_plan_model_batch(&p, "mlp"), 3);
    assert_int_equal(p.matrix_used[0] + p.matrix_used[1] + p.matrix_used[2] + p.matrix_used[3] +
                         p.matrix_used[4], 2);
    sb_plan_free(&p);

    sb_plan_device pd[] = {{.dev = &gpu}};
    sb_error err;
    char *bad[] = {"csrr"};
    sb_config_filter unknown = {.kernels = bad, .n_kernels = 1};
    assert_int_equal(sb_plan_make(&p, &c, &unknown, pd, 1, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "models.yaml: the kernel filter names unknown kernel 'csrr'"));
    const double none[] = {0.33};
    sb_config_filter nothing = {.sparsities = none, .n_sparsities = 1};
    assert_int_equal(sb_plan_make(&p, &c, &nothing, pd, 1, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "models.yaml: the filter (sparsity 0.33) leaves nothing of "
                                    "experiment 'models' to run"));
    char *spmv[] = {"bsr"}; /* a kernel the config never runs */
    sb_config_filter never = {.kernels = spmv, .n_kernels = 1, .N = N, .n_N = 1};
    assert_int_equal(sb_plan_make(&p, &c, &never, pd, 1, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "the filter (N 64; kernels bsr) leaves nothing"));
    sb_config_filter huge = {.batch = 1 << 30};
    assert_int_equal(sb_plan_make(&p, &c, &huge, pd, 1, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "layer 'fc1' of model 'mlp': N = n_per_sample 3 x batch "
                                    "1073741824 is too large"));
    sb_params bad_param = {0};
    sb_params_set(&bad_param, "nm_spmm.WG_SIZE", "0");
    assert_int_equal(sb_plan_make(&p, &c, NULL, pd, 1, &bad_param, &err), -1);
    assert_non_null(strstr(err.msg, "--param: nm_spmm.WG_SIZE = 0 is out of range"));
    sb_params_free(&bad_param);
    sb_config_free(&c);
}

/* A {sparsity} folder the data lacks is needed only when the filter keeps its sparsity; then the
 * plan refuses with the loader's message (file:line:col) and the other folders it would need. */
static void test_missing_folders(void **state)
{
    (void)state;
    char *sub = sb_path_join(dir, "sp/0.9"), *file = sb_path_join(dir, "sp/0.9/a.smtx");
    sb_error err;
    assert_int_equal(sb_mkdirs(sub, &err), 0);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("8, 8, 2\n0 1 1 1 1 1 1 1 2\n0 7\n", f);
    fclose(f);
    sb_config c;
    load("folders.yaml", "name: folders\nkernels: [csr]\nmodels:\n  - name: m\n"
                         "    sparsity: [0.5, 0.9, 0.95]\n    layers_from:\n"
                         "      dlmc: \"sp/{sparsity}\"\n      n_per_sample: 4\n", &c);
    assert_int_equal(c.n_missing, 2);
    sb_plan p;
    sb_device *devs[] = {&gpu};
    sb_plan_device pd[] = {{.dev = &gpu}};
    const double s9[] = {0.9}, s5[] = {0.5}, s95_9[] = {0.95, 0.9};
    sb_config_filter only9 = {.sparsities = s9, .n_sparsities = 1};
    make(&p, &c, &only9, devs, 1, NULL);
    assert_int_equal(p.n_groups, 1);
    assert_true(fabs(c.matrices[p.groups[0].matrix].sparsity - 0.9) < 1e-12);
    sb_plan_free(&p);
    /* no filter: 0.5 and 0.95 are needed; --sparsity 0.5 or 0.95,0.9: only the one kept */
    const sb_config_filter none = {0}, only5 = {.sparsities = s5, .n_sparsities = 1},
                           some = {.sparsities = s95_9, .n_sparsities = 2};
    const sb_config_filter *filters[] = {&none, &only5, &some};
    const char *first[] = {"0.5", "0.5", "0.95"};
    const char *either[] = {" (no folder either: m at 0.95)", NULL, NULL};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sb_plan_make(&p, &c, filters[i], pd, 1, NULL, &err), -1);
        char want[600];
        snprintf(want, sizeof want, "%s:7:13: no folder for sparsity %s: %s/sp/%s does not exist "
                 "(there is: 0.9); put the collection's %s folder there, or run only the "
                 "sparsities that have one (--sparsity 0.9)%s", c.path, first[i], dir, first[i],
                 first[i], either[i] ? either[i] : "");
        assert_string_equal(err.msg, want);
    }
    sb_config_free(&c);
    free(sub);
    free(file);
}

/* Keys are stable text, distinct for every case of a plan. */
static void test_keys(void **state)
{
    (void)state;
    sb_config c;
    load("models.yaml", MODELS, &c);
    sb_plan p;
    sb_device *devs[] = {&gpu, &fpga};
    make(&p, &c, NULL, devs, 2, NULL);
    assert_string_equal(p.cases[0].key, "acme/gpu|a|0.5|8|clblast|fp32");
    for (int i = 0; i < p.n_cases; i++) {
        if (strcmp(c.matrices[p.cases[i].matrix].name, "stored") == 0 && p.cases[i].device == 1 &&
            p.cases[i].is_baseline && p.cases[i].N == 64)
            assert_string_equal(p.cases[i].key, "acme/fpga|stored|stored|64|dense|fp32");
        if (c.matrices[p.cases[i].matrix].layer && p.cases[i].device == 0 && !p.cases[i].is_baseline)
            assert_non_null(strstr(p.cases[i].key, "acme/gpu|mlp/fc"));
        for (int j = 0; j < i; j++)
            if (strcmp(p.cases[i].key, p.cases[j].key) == 0)
                fail_msg("cases %d and %d share the key %s", j, i, p.cases[i].key);
    }
    sb_plan_free(&p);
    sb_config_free(&c);
}

/* Parameters: the profile's, then the tuning database's entry for the case's class, then
 * --param; a combination the kernel's table forbids fails that case only. */
static void test_bind(void **state)
{
    (void)state;
    sb_config c;
    load("bind.yaml", "name: bind\nN: [16]\nkernels: [csr, dense]\n"
                      "matrices:\n  - {M: 64, K: 64, sparsity: 0.9}\n", &c);
    sb_params_set(&gpu_profile.params, "csr_spmm.VEC", "16");
    sb_params_set(&gpu_profile.params, "csr_spmm.UNROLL", "4");
    sb_tuning_db db;
    memset(&db, 0, sizeof db);
    sb_params tuned = {0};
    sb_params_set(&tuned, "csr_spmm.VEC", "8");
    sb_tuning_set(&db, "csr", "S s75-92 N2-16", &tuned, 2.0, 1.0, 1);
    sb_params cli = {0};
    sb_params_set(&cli, "csr_spmm.ROWS_FAST", "1");
    sb_params_set(&cli, "dense_gemm.WPT", "3"); /* does not divide TILE 16 */
    sb_plan_device pd[] = {{.dev = &gpu, .tuning = &db}};
    sb_plan p;
    sb_error err;
    if (sb_plan_make(&p, &c, NULL, pd, 1, &cli, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(p.cases[1].bound, 0);
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_plan_bind(&p, 0, &un, 64, 64, 0.9);
    const sb_case *csr = &p.cases[1], *dense = &p.cases[2];
    assert_string_equal(csr->kernel->name, "csr");
    assert_int_equal(csr->bound, 1);
    assert_string_equal(csr->klass, "S s75-92 N2-16");
    assert_int_equal(csr->tuned, 1);
    assert_int_equal(sb_kp(&csr->params, "VEC"), 8);       /* tuning over the profile's 16 */
    assert_int_equal(sb_kp(&csr->params, "UNROLL"), 4);    /* the profile's */
    assert_int_equal(sb_kp(&csr->params, "ROWS_FAST"), 1); /* --param */
    assert_int_equal(sb_kp(&csr->params, "VPT"), 1);       /* the default */
    assert_int_equal(dense->bind_failed, 1);
    assert_string_equal(dense->why, "dense_gemm.WPT (3) must divide dense_gemm.TILE (16)");
    assert_int_equal(p.cases[0].bind_failed, 0); /* clblast: nothing to bind */
    assert_int_equal(p.cases[0].tuned, 0);
    sb_plan_free(&p);
    sb_params_free(&cli);
    sb_params_free(&tuned);
    sb_tuning_free(&db);
    sb_params_free(&gpu_profile.params);
    sb_config_free(&c);
}

/* One case outside a config (the kernel tester's), by the same rules. */
/* precision: a matrix at a list of precisions is one group per precision; the baseline is the
 * dense kernel of that precision (tc_dense where the profile names a tensor-core path, else the
 * suite's dense GEMM storing halves), kernels without the precision are skipped with the reason,
 * and the key tells the precisions apart. */
static void test_precisions(void **state)
{
    (void)state;
    sb_config c;
    load("prec.yaml",
         "name: prec\nN: [8]\nkernels: [csr, tc_dense, tc_bsr]\nprecision: [fp32, fp16]\n"
         "matrices:\n  - {M: 64, K: 64, sparsity: [0.5], pattern: block, block: [32, 32]}\n"
         "  - {name: t, M: 64, K: 64, sparsity: [0.5], precision: tf32, kernels: [tc_dense]}\n", &c);
    assert_int_equal(c.n_matrices, 3);
    assert_int_equal(c.matrices[0].precision, SB_PRECISION_FP32);
    assert_int_equal(c.matrices[1].precision, SB_PRECISION_FP16);
    assert_int_equal(c.matrices[2].precision, SB_PRECISION_TF32);
    sb_profile tc_profile = gpu_profile;
    sb_device tc = gpu;
    tc.profile = &tc_profile;
    snprintf(tc.stable_id, sizeof tc.stable_id, "acme/tc");
    snprintf(tc_profile.tensor_cores, sizeof tc_profile.tensor_cores, "nvidia-mma");
    sb_device *devs[] = {&tc, &gpu};
    sb_plan p;
    make(&p, &c, NULL, devs, 2, NULL);
    char g[256];
    assert_int_equal(p.n_groups, 6);
    group_string(&p, 0, g, sizeof g); /* fp32 on the tensor-core device */
    assert_string_equal(g, "*clblast:R csr:R tc_dense:S tc_bsr:S");
    assert_string_equal(p.cases[p.groups[0].first + 2].why,
                        "tc_dense has no fp32 version (it computes fp16, tf32)");
    group_string(&p, 1, g, sizeof g); /* fp32 without tensor cores */
    assert_string_equal(g, "*clblast:R csr:R tc_dense:S tc_bsr:S");
    group_string(&p, 2, g, sizeof g); /* fp16: tc_dense is the baseline, csr stores halves */
    assert_string_equal(g, "*tc_dense:R csr:R tc_bsr:R");
    assert_int_equal(p.cases[p.groups[2].first].added, 0);
    group_string(&p, 3, g, sizeof g); /* fp16, no tensor-core path nor cl_khr_fp16: fp16 dense */
    assert_string_equal(g, "*dense:R csr:R tc_dense:S tc_bsr:S");
    assert_ptr_equal(p.cases[p.groups[3].first].baseline, sb_spec_kernel("dense"));
    assert_int_equal(p.cases[p.groups[3].first].added, 1);
    assert_string_equal(p.cases[p.groups[3].first + 2].why,
                        "tc_dense needs tensor cores: the device's profile acme names no tensor-core "
                        "path (tensor_cores:)");
    group_string(&p, 4, g, sizeof g); /* tf32 */
    assert_string_equal(g, "*tc_dense:R");
    assert_ptr_equal(sb_plan_baseline(&tc, SB_PRECISION_TF32), sb_spec_kernel("tc_dense"));
    assert_ptr_equal(sb_plan_baseline(&gpu, SB_PRECISION_FP16), sb_spec_kernel("dense"));
    assert_ptr_equal(sb_plan_baseline(&tc, SB_PRECISION_FP32), sb_spec_kernel("clblast"));
    /* the same matrix, kernel and N at two precisions: two keys */
    assert_string_equal(p.cases[p.groups[0].first + 1].key, "acme/tc|synthetic-64x64|0.5|8|csr|fp32");
    assert_string_equal(p.cases[p.groups[2].first + 1].key, "acme/tc|synthetic-64x64|0.5|8|csr|fp16");
    sb_plan_free(&p);
    sb_config_free(&c);
}

/* fp16 baseline order: CLBlast's HGEMM where the device reports cl_khr_fp16, else the suite's
 * dense GEMM in halves (the listed clblast then skipped with why); the portable kernels and their
 * FPGA task variants all have an fp16 version (bsr_block set: bsr runs on an unstructured matrix
 * only then). */
static void test_fp16_baselines(void **state)
{
    (void)state;
    sb_config c;
    load("half.yaml",
         "name: half\nN: [8]\nkernels: [clblast, csr, bsr, csr_balanced]\nprecision: fp16\n"
         "matrices:\n  - {M: 64, K: 64, sparsity: [0.5], bsr_block: 4}\n"
         "  - {name: n, M: 64, K: 64, pattern: nm, nm: \"2:4\", kernels: [nm]}\n", &c);
    sb_device half_gpu = gpu;
    half_gpu.fp16 = 1;
    snprintf(half_gpu.stable_id, sizeof half_gpu.stable_id, "acme/half");
    sb_device *devs[] = {&half_gpu, &gpu, &fpga};
    sb_plan p;
    make(&p, &c, NULL, devs, 3, NULL);
    char g[256];
    assert_int_equal(p.n_groups, 6);
    group_string(&p, 0, g, sizeof g);
    assert_string_equal(g, "*clblast:R csr:R bsr:R csr_balanced:R");
    group_string(&p, 1, g, sizeof g);
    assert_string_equal(g, "*dense:R clblast:S csr:R bsr:R csr_balanced:R");
    assert_string_equal(p.cases[p.groups[1].first + 1].why,
                        "clblast at fp16 needs cl_khr_fp16, which this device does not report (the "
                        "fp16 baseline is then the suite's own fp16 GEMM)");
    group_string(&p, 2, g, sizeof g); /* FPGA: task variants, at fp16 too */
    assert_string_equal(g, "*dense:R clblast:S csr_task:R bsr_task:R csr_balanced:R");
    group_string(&p, 5, g, sizeof g);
    assert_string_equal(g, "*dense:R nm_task:R");
    for (int i = 0; i < p.n_cases; i++)
        assert_int_equal(p.cases[i].precision, SB_PRECISION_FP16);
    assert_ptr_equal(sb_plan_baseline(&half_gpu, SB_PRECISION_FP16), sb_spec_kernel("clblast"));
    assert_ptr_equal(sb_plan_baseline(&half_gpu, SB_PRECISION_FP32), sb_spec_kernel("clblast"));
    sb_plan_free(&p);
    sb_config_free(&c);
}

static void test_single(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_case_shape shape = {.pattern = &un, .bsr_br = 4, .bsr_bc = 4, .M = 8, .K = 8, .N = 4,
                           .sparsity = 0.5};
    sb_case c;
    sb_error err;
    assert_int_equal(sb_plan_single(sb_spec_kernel("csr_spmv"), &gpu, &shape, SB_PRECISION_FP32, NULL, &c, &err), 0);
    assert_int_equal(c.fate, SB_CASE_LEFT_OUT);
    assert_int_equal(sb_plan_single(sb_spec_kernel("clblast"), &nocl, &shape, SB_PRECISION_FP32, NULL, &c, &err), 0);
    assert_int_equal(c.fate, SB_CASE_SKIP);
    sb_params o = {0};
    sb_params_set(&o, "csr_task.COLS", "16");
    assert_int_equal(sb_plan_single(sb_spec_kernel("csr_task"), &gpu, &shape, SB_PRECISION_FP32, &o, &c, &err), 0);
    assert_int_equal(c.fate, SB_CASE_RUN);
    assert_string_equal(c.kernel->name, "csr_task"); /* as named: no task resolution needed */
    assert_int_equal(sb_kp(&c.params, "COLS"), 16);
    assert_int_equal(sb_plan_single(sb_spec_kernel("csr"), &fpga, &shape, SB_PRECISION_FP32, NULL, &c, &err), 0);
    assert_string_equal(c.kernel->name, "csr"); /* the tester runs the kernel it names */
    sb_params_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baseline_and_skips),
        cmocka_unit_test(test_bsr_on_unstructured),
        cmocka_unit_test(test_task_variants),
        cmocka_unit_test(test_failed_rows_are_named_by_case),
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_missing_folders),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_bind),
        cmocka_unit_test(test_single),
        cmocka_unit_test(test_precisions),
        cmocka_unit_test(test_fp16_baselines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
