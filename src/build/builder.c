/* The builder (see builder.h). Which programs a config needs depends on N and on the matrix
 * (vector widths shrink for a narrow B, the BSR block comes from the matrix) and on the tuned
 * parameters, so build walks the same plan a run would (the tuning database and --param
 * applied), short of measuring: it loads each matrix and prepares every case's kernel with the
 * device's program list in record mode; every program built on the way is then saved. */
#include "builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/matrix_source.h"
#include "run/session.h"
#include "sb_cl.h"
#include "sb_kernel.h"
#include "sb_sink.h"

/* s as one shell word: as it is when it holds only safe characters, else in single quotes (a
 * quote inside written '\''). malloc'd. */
static char *shell_quote(const char *s)
{
    if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:,=+-@%") == strlen(s))
        return sb_strdup(s);
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "'");
    for (; *s; s++)
        sb_strbuf_appendf(&b, *s == '\'' ? "'\\''" : "%c", *s);
    sb_strbuf_appendf(&b, "'");
    return b.s;
}

/* Prepares (and so builds) the kernel of case c on op, then releases it. */
static int prepare_case(sb_cl_env *env, const sb_case *c, sb_operand *op, const char *matrix,
                        sb_error *err)
{
    const sb_kernel *impl = sb_kernel_find(c->kernel->name);
    if (!impl)
        return sb_fail(err, "kernel '%s' is not built into this sparsebench", c->kernel->name);
    if (c->bind_failed)
        return sb_fail(err, "%s on %s, N = %d: %s", c->kernel->name, matrix, c->N, c->why);
    sb_kernel_info info;
    memset(&info, 0, sizeof info);
    void *state = NULL;
    sb_kparams fitted;
    int rc = sb_kernel_prepare_fit(impl, env, op, &c->params, &fitted, &state, &info, err);
    if (state)
        impl->release(state);
    if (rc)
        sb_fail_prefix(err, "%s on %s, N = %d: ", c->kernel->name, matrix, c->N);
    return rc;
}

/* Every measured case of one group (a matrix and N on this device). */
static int build_group(sb_cl_env *env, const sb_plan *plan, const sb_plan_group *g,
                       sb_host_matrix *hm)
{
    const sb_matrix_spec *spec = &plan->cfg->matrices[g->matrix];
    sb_error err;
    sb_operand op = {.M = hm->A.rows, .K = hm->A.cols, .N = g->N, .A = &hm->A,
                     .pattern = hm->pattern, .bsr_br = spec->bsr_br, .bsr_bc = spec->bsr_bc,
                     .csr = &hm->csr, .precision = spec->precision,
                     .cold = plan->cfg->cache == SB_CACHE_COLD}; /* the choice the run makes */
    int failures = 0;
    /* B and C only need to exist: nothing is launched */
    if (sb_cl_buffer(env, CL_MEM_READ_ONLY, (size_t)op.K * g->N * sizeof(float), NULL, &op.B, &err) ||
        sb_cl_buffer(env, CL_MEM_READ_WRITE, (size_t)op.M * g->N * sizeof(float), NULL, &op.C, &err)) {
        sb_error_message("%s", err.msg);
        failures++;
    }
    for (int i = g->first; !failures && i < g->first + g->count; i++) {
        const sb_case *c = &plan->cases[i];
        if (c->fate == SB_CASE_RUN && prepare_case(env, c, &op, spec->name, &err)) {
            sb_error_message("%s", err.msg);
            failures++;
        }
    }
    if (op.B)
        clReleaseMemObject(op.B);
    if (op.C)
        clReleaseMemObject(op.C);
    sb_operand_release_formats(&op);
    return failures;
}

/* Builds and saves device d's programs; returns how many steps failed (0: all done). */
static int build_device(const sb_build_options *o, sb_plan *plan, int d, const char *kernel_dir)
{
    sb_device *dev = plan->devices[d].dev;
    const sb_config *cfg = plan->cfg;
    sb_error err;
    sb_cl_env env;
    if (sb_cl_env_create(&env, dev, kernel_dir, &err)) {
        sb_error_message("%s", err.msg);
        return 1;
    }
    sb_cl_env_record(&env, o->out_dir, NULL);
    sb_info("building %s's programs for device %d:%d (%s, profile %s)",
            cfg->name, dev->platform_index, dev->device_index, dev->name,
            dev->profile ? dev->profile->name : "none");
    int failures = 0;
    for (int m = 0; m < cfg->n_matrices; m++) {
        if (!sb_plan_matrix_runs(plan, m))
            continue; /* nothing of it runs (too large, say): never loaded */
        sb_host_matrix hm;
        if (sb_host_matrix_load(&cfg->matrices[m], cfg->seed, &hm, &err)) {
            sb_error_message("%s", err.msg);
            failures++;
            continue;
        }
        sb_plan_bind(plan, m, &hm.pattern, hm.A.rows, hm.A.cols, hm.sparsity);
        for (int g = 0; g < plan->n_groups; g++)
            if (plan->groups[g].matrix == m && plan->groups[g].device == d)
                failures += build_group(&env, plan, &plan->groups[g], &hm);
        sb_host_matrix_free(&hm);
    }
    int saved = 0;
    if (sb_cl_env_save_programs(&env, &saved, &err)) {
        sb_error_message("%s", err.msg);
        failures++;
    }
    char *dir = NULL;
    if (sb_binary_dir_for_device(env.binary_pattern, o->out_dir, dev, &dir, &err) == 0) {
        sb_output("%s: %d program(s) saved in %s/\n", dev->name, saved, dir);
        for (int i = 0; i < saved; i++)
            sb_output("  %-44s %s %s (%s, %.0f ms)\n", env.programs[i].id.kernel_set,
                      env.programs[i].id.file, env.programs[i].id.defines,
                      sb_program_origin_name(env.programs[i].origin), env.programs[i].build_ms);
    }
    free(dir);
    sb_cl_env_release(&env);
    return failures;
}

sb_outcome sb_build(const sb_build_options *o)
{
    sb_error err;
    sb_config cfg;
    const char *data_dir = o->data_dir ? o->data_dir : getenv("SPARSEBENCH_DATA");
    if (sb_config_load(o->config_path, data_dir, &cfg, &err)) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_BAD_INPUT;
    }
    sb_session ses;
    sb_plan plan;
    memset(&plan, 0, sizeof plan);
    sb_outcome status = sb_session_open(&ses, o->device_sel, o->profile);
    if (status == SB_OUTCOME_OK) {
        /* the plan a run would make: the same tuning databases and --param */
        sb_plan_device *devices = NULL;
        if (sb_session_load_tuning(&ses, o->tuning, &err) ||
            sb_plan_make(&plan, &cfg, &o->filter, devices = sb_session_plan_devices(&ses),
                         ses.n_sel, &o->params, &err)) {
            sb_error_message("%s", err.msg);
            status = SB_OUTCOME_BAD_INPUT;
        }
        free(devices);
    }
    for (int d = 0; status != SB_OUTCOME_BAD_INPUT && d < plan.n_devices; d++)
        if (build_device(o, &plan, d, ses.kernel_dir))
            status = SB_OUTCOME_FAILED;
    if (status == SB_OUTCOME_OK) {
        /* a command to paste: every argument quoted for the shell where it needs it */
        char *cfg_q = shell_quote(o->config_path), *out_q = shell_quote(o->out_dir);
        char *dev_q = o->device_sel ? shell_quote(o->device_sel) : NULL;
        char *prof_q = o->profile ? shell_quote(o->profile) : NULL;
        sb_output("run them with: sparsebench run %s --binaries %s%s%s%s%s\n", cfg_q, out_q,
                  dev_q ? " --device " : "", dev_q ? dev_q : "", prof_q ? " --profile " : "",
                  prof_q ? prof_q : "");
        free(cfg_q);
        free(out_q);
        free(dev_q);
        free(prof_q);
    }
    sb_plan_free(&plan);
    sb_session_close(&ses);
    sb_config_free(&cfg);
    return status;
}
