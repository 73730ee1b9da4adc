/* `sparsebench build CONFIG.yaml --out DIR [--device SEL] [--profile NAME]`: compiles every program
 * a config needs on each selected device and saves the binaries with their manifests, for runs
 * from binaries (`sparsebench run --binaries DIR`, or a profile with build: binary: FPGAs).
 *
 * Which programs a config needs depends on N and on the matrix (vector widths shrink for a narrow
 * B, the BSR block comes from the matrix), so build does what a run does short of measuring: it
 * generates each matrix, and prepares every kernel of every case (the baseline too) with the
 * device's program list in record mode; every program built on the way is then saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/matrix_source.h"
#include "run/session.h"
#include "sb_cl.h"
#include "options.h"
#include "sb_cli.h"
#include "sb_config.h"
#include "sb_kernel.h"
#include "sb_plan.h"

enum { O_OUT, O_DEVICE, O_PROFILE, O_DATA_DIR, N_OPTS };
static const sb_opt opts[N_OPTS] = {
    [O_OUT] = {"out", 'o', "DIR", "save the binaries here (required)"},
    [O_DEVICE] = {"device", 0, "SEL", "the devices to build for: all (default) | P:D | gpu | cpu |\n"
                                      "accelerator | a name substring; comma-separated"},
    [O_PROFILE] = {"profile", 0, "NAME", "use platforms/NAME.yaml for the selected devices\n"
                                         "(e.g. fpga-sim)"},
    [O_DATA_DIR] = {"data-dir", 0, "DIR", "where file sources are found (default $SPARSEBENCH_DATA)"},
};
static const sb_command_spec spec = {
    "build", "CONFIG.yaml --out DIR [options]",
    "Compiles every program CONFIG needs on each selected device and saves the binaries\n"
    "(DIR/<device>/<program>.bin, or the profile's binary_pattern) with a manifest each;\n"
    "then: sparsebench run CONFIG.yaml --device SEL --binaries DIR\n",
    opts, N_OPTS, NULL};

typedef struct build_opts {
    const char *config, *out, *device, *profile, *data_dir;
} build_opts;

/* Prepares kernel k on op (which builds its programs) and releases it again. Returns 0 when
 * prepared or when the kernel does not run this case (as the run would skip it), else -1. */
static int prepare_kernel(sb_cl_env *env, const sb_kernel_spec *k, sb_operand *op,
                          const char *matrix, sb_error *err)
{
    char why[512];
    const sb_kernel *impl = sb_kernel_find(k->name);
    if (!impl)
        return sb_fail(err, "kernel '%s' is not built into this sparsebench", k->name);
    if (!sb_spec_accepts_n(k, op->N, why, sizeof why) ||
        !sb_plan_kernel_runs_on(k, env->dev, why, sizeof why))
        return 0;
    const sb_params *layers[] = {&env->params};
    sb_kparams params;
    if (sb_kparams_resolve(k, layers, 1, &params, err))
        return sb_fail_prefix(err, "%s on %s, N = %d: ", k->name, matrix, op->N);
    sb_kernel_info info;
    memset(&info, 0, sizeof info);
    void *state = NULL;
    int rc = impl->prepare(env, op, &params, &state, &info, err);
    if (state)
        impl->release(state);
    if (rc)
        sb_fail_prefix(err, "%s on %s, N = %d: ", k->name, matrix, op->N);
    return rc;
}

/* Every kernel of one matrix at one N, the baseline the run would add first. */
static int prepare_case(sb_cl_env *env, const sb_matrix_spec *spec, sb_host_matrix *hm, int N)
{
    sb_error err;
    sb_operand op = {.M = hm->A.rows, .K = hm->A.cols, .N = N, .A = &hm->A, .pattern = hm->pattern,
                     .bsr_br = spec->bsr_br, .bsr_bc = spec->bsr_bc, .csr = &hm->csr};
    int failures = 0;
    /* B and C only need to exist: nothing is launched */
    if (sb_cl_buffer(env, CL_MEM_READ_ONLY, (size_t)op.K * N * sizeof(float), NULL, &op.B, &err) ||
        sb_cl_buffer(env, CL_MEM_READ_WRITE, (size_t)op.M * N * sizeof(float), NULL, &op.C, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        failures++;
        goto out;
    }
    /* the run's baseline: CLBlast where the device allows it, else the suite's dense kernel */
    const sb_kernel_spec *baseline = sb_plan_baseline(env->dev);
    for (int i = -1; i < spec->n_kernels; i++) {
        const sb_kernel_spec *k = i < 0 ? baseline
                                        : sb_plan_kernel_as_run(sb_spec_kernel(spec->kernels[i]), env->dev);
        if (i >= 0 && k == baseline)
            continue;
        if (!k) {
            fprintf(stderr, "sparsebench: kernel '%s' is not built into this sparsebench\n",
                    spec->kernels[i]);
            failures++;
        } else if (prepare_kernel(env, k, &op, spec->name, &err)) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            failures++;
        }
    }
out:
    if (op.B)
        clReleaseMemObject(op.B);
    if (op.C)
        clReleaseMemObject(op.C);
    sb_operand_release_formats(&op);
    return failures;
}

static int build_device(const build_opts *o, const sb_config *cfg, sb_device *dev,
                        const char *kernel_dir)
{
    sb_error err;
    sb_cl_env env;
    if (sb_cl_env_create(&env, dev, kernel_dir, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        return 1;
    }
    sb_cl_env_record(&env, o->out, NULL);
    fprintf(stderr, "sparsebench: building %s's programs for device %d:%d (%s, profile %s)\n",
            cfg->name, dev->platform_index, dev->device_index, dev->name,
            dev->profile ? dev->profile->name : "none");
    int failures = 0;
    for (int m = 0; m < cfg->n_matrices; m++) {
        const sb_matrix_spec *spec = &cfg->matrices[m];
        sb_host_matrix hm;
        if (sb_host_matrix_load(spec, cfg->seed, &hm, &err)) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            failures++;
            continue;
        }
        for (int j = 0; j < spec->n_N; j++)
            failures += prepare_case(&env, spec, &hm, spec->N[j]);
        sb_host_matrix_free(&hm);
    }
    int saved = 0;
    if (sb_cl_env_save_programs(&env, &saved, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        failures++;
    }
    char *dir = NULL;
    if (sb_binary_dir_for_device(env.binary_pattern, o->out, dev, &dir, &err) == 0) {
        printf("%s: %d program(s) saved in %s/\n", dev->name, saved, dir);
        for (int i = 0; i < saved; i++)
            printf("  %-44s %s %s (%s, %.0f ms)\n", env.programs[i].id.kernel_set,
                   env.programs[i].id.file, env.programs[i].id.defines,
                   sb_program_origin_name(env.programs[i].origin), env.programs[i].build_ms);
    }
    free(dir);
    sb_cl_env_release(&env);
    return failures ? 1 : 0;
}

int sb_cmd_build(int argc, char **argv)
{
    build_opts o = {0};
    sb_optparser p;
    sb_opt_begin(&p, &spec, argc, argv);
    int opt;
    const char *val;
    while ((opt = sb_opt_next(&p, &val)) >= 0) {
        switch (opt) {
        case O_OUT: o.out = val; break;
        case O_DEVICE: o.device = val; break;
        case O_PROFILE: o.profile = val; break;
        case O_DATA_DIR: o.data_dir = val; break;
        }
    }
    sb_opt_end(&p);
    if (opt == SB_OPT_EXIT)
        return p.exit_status;
    if (argc - p.optind > 1)
        return sb_usage_error(&spec, "one config at a time (got %s and %s)", argv[p.optind],
                              argv[p.optind + 1]);
    if (p.optind >= argc || !o.out)
        return sb_usage_error(&spec, "build needs a config and --out DIR");
    char *config = sb_config_path(argv[p.optind]);
    o.config = config;
    sb_error err;
    sb_config cfg;
    const char *data_dir = o.data_dir ? o.data_dir : getenv("SPARSEBENCH_DATA");
    if (sb_config_load(o.config, data_dir, NULL, &cfg, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        free(config);
        return 2;
    }
    sb_session ses;
    int status = sb_session_open(&ses, o.device, o.profile);
    if (status == 0) {
        for (int i = 0; i < ses.n_sel; i++)
            if (build_device(&o, &cfg, &ses.devs[ses.sel[i]], ses.kernel_dir))
                status = 1;
        if (status == 0)
            printf("run them with: sparsebench run %s --binaries %s%s%s%s%s\n", o.config, o.out,
                   o.device ? " --device " : "", o.device ? o.device : "",
                   o.profile ? " --profile " : "", o.profile ? o.profile : "");
    }
    sb_session_close(&ses);
    sb_config_free(&cfg);
    free(config);
    return status;
}
