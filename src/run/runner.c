/* `sparsebench run`: config -> devices -> for each matrix, N and device: the dense baseline, then
 * every kernel, each validated, one result row each (DESIGN.md "The flow of data").
 *
 * The baseline (CLBlast, or the suite's own dense GEMM where CLBlast cannot run) always runs
 * first for each matrix, N and device, even when the config does not list it, so every sparse
 * row has a speedup measured in the same process on the same data. */
#include "sb_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_measure.h"
#include "device_setup.h"
#include "matrix_source.h"
#include "progress.h"
#include "run_meta.h"
#include "save_case.h"
#include "sb_cli.h"
#include "sb_device.h"
#include "sb_profile.h"
#include "sb_rng.h"

typedef struct run_device {
    sb_device *dev;
    sb_cl_env env;
    int ready;            /* env created */
    char error[2048];     /* why not */
} run_device;

typedef struct run_state {
    const sb_run_options *opt;
    sb_config cfg;
    sb_results *results;
    sb_summary summary;
    sb_progress progress;
    sb_timing_plan plan;
    int n_wrong, n_failed;
} run_state;

static void emit(run_state *rs, sb_row *row)
{
    sb_error err;
    if (row->status == SB_WRONG)
        rs->n_wrong++;
    if (row->status == SB_FAILED)
        rs->n_failed++;
    if (sb_results_append(rs->results, row, &err))
        fprintf(stderr, "sparsebench: %s\n", err.msg);
    sb_summary_add(&rs->summary, row);
    free(row->samples_ms);
    row->samples_ms = NULL;
    sb_progress_step(&rs->progress);
}

static void fill_identity(sb_row *row, const sb_device *dev, const sb_matrix_spec *spec,
                          const sb_host_matrix *hm, int N, const char *kernel)
{
    sb_row_init(row);
    snprintf(row->device, sizeof row->device, "%s", dev->name);
    snprintf(row->device_index, sizeof row->device_index, "%d:%d", dev->platform_index, dev->device_index);
    snprintf(row->platform, sizeof row->platform, "%s", dev->platform_name);
    snprintf(row->driver, sizeof row->driver, "%s", dev->driver_version);
    snprintf(row->matrix, sizeof row->matrix, "%s", spec->name);
    snprintf(row->source, sizeof row->source, "%s", sb_source_name(spec->source));
    snprintf(row->model, sizeof row->model, "%s", spec->model ? spec->model : "");
    snprintf(row->layer, sizeof row->layer, "%s", spec->layer ? spec->layer : "");
    snprintf(row->kernel, sizeof row->kernel, "%s", kernel);
    const char *format = sb_kernel_format(kernel);
    snprintf(row->format, sizeof row->format, "%s", format ? format : "");
    sb_pattern p = hm ? hm->pattern : spec->pattern;
    snprintf(row->pattern, sizeof row->pattern, "%s", sb_pattern_name(p.kind));
    sb_pattern_label(&p, row->block, sizeof row->block);
    row->M = spec->M;
    row->K = spec->K;
    row->N = N;
    row->target_sparsity = spec->sparsity >= 0 ? spec->sparsity : NAN;
    row->dense_bytes = (int64_t)spec->M * spec->K * (int64_t)sizeof(float);
    if (hm) {
        row->M = hm->A.rows;
        row->K = hm->A.cols;
        row->sparsity = hm->sparsity;
        row->nnz = hm->csr.nnz;
        row->seed = hm->seed;
        row->dense_bytes = (int64_t)hm->A.rows * hm->A.cols * (int64_t)sizeof(float);
    }
}

static int in_list(char *const *list, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* CLBlast when the device can run it, else the suite's own dense GEMM. */
static const sb_kernel *pick_baseline(run_device *rd)
{
    const sb_kernel *k = sb_kernel_find("clblast");
    char why[256];
    if (k && k->accepts_device && !k->accepts_device(&rd->env, why, sizeof why))
        k = sb_kernel_find("dense");
    return k;
}

static int kernels_per_device(const sb_matrix_spec *spec)
{
    /* the baseline runs even when the config does not list it */
    int n = spec->n_kernels;
    if (!in_list(spec->kernels, spec->n_kernels, "clblast") &&
        !in_list(spec->kernels, spec->n_kernels, "dense"))
        n++;
    return n;
}

static void run_on_device(run_state *rs, run_device *rd, const sb_matrix_spec *spec,
                          sb_host_matrix *hm, int N, const float *B, const double *C_ref)
{
    sb_row row;
    const int n_cases = kernels_per_device(spec);
    if (!rd->ready) {
        for (int i = 0; i < n_cases; i++) {
            fill_identity(&row, rd->dev, spec, hm, N, i < spec->n_kernels ? spec->kernels[i] : "clblast");
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message, "%s", rd->error);
            emit(rs, &row);
        }
        return;
    }
    sb_cl_env *env = &rd->env;
    sb_error err;
    sb_operand op = {.M = hm->A.rows, .K = hm->A.cols, .N = N, .A = &hm->A, .pattern = hm->pattern,
                     .bsr_br = spec->bsr_br, .bsr_bc = spec->bsr_bc, .csr = &hm->csr};
    size_t c_count = (size_t)op.M * (size_t)N;
    float *C_out = sb_malloc(c_count * sizeof(float) + 4);
    int buffers_ok = sb_cl_buffer(env, CL_MEM_READ_ONLY, (size_t)op.K * N * sizeof(float), B, &op.B, &err) == 0 &&
                     sb_cl_buffer(env, CL_MEM_READ_WRITE, c_count * sizeof(float), NULL, &op.C, &err) == 0;

    const sb_kernel *baseline = pick_baseline(rd);
    double baseline_ms = NAN;
    for (int i = -1; i < spec->n_kernels; i++) {
        const sb_kernel *k;
        if (i < 0) {
            k = baseline;
        } else {
            k = sb_kernel_for_device(spec->kernels[i], env);
            if (k == baseline)
                continue;
            /* csr as csr_task (task_kernels): once, when the config lists csr_task too */
            if (k && strcmp(k->name, spec->kernels[i]) != 0 &&
                in_list(spec->kernels, spec->n_kernels, k->name))
                continue;
        }
        const char *name = k ? k->name : spec->kernels[i];
        fill_identity(&row, rd->dev, spec, hm, N, name);
        sb_progress_show(&rs->progress, rd->dev->name, name, spec->name, N);
        if (!buffers_ok) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message, "%s", err.msg);
        } else if (!k) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message,
                     "kernel '%s' is not built into this sparsebench", name);
        } else {
            sb_case_measure(k, env, &op, C_ref, &rs->plan, &row, C_out);
        }
        if (k == baseline) {
            snprintf(row.baseline, sizeof row.baseline, "%s", k->name);
            if (row.status == SB_OK)
                baseline_ms = row.median_ms;
            if (i < 0 && !in_list(spec->kernels, spec->n_kernels, k->name))
                snprintf(row.message + strlen(row.message), sizeof row.message - strlen(row.message),
                         "%sbaseline for the speedups (not in the config's kernel list)",
                         row.message[0] ? "; " : "");
        } else if (baseline) {
            snprintf(row.baseline, sizeof row.baseline, "%s", baseline->name);
        }
        if (row.status == SB_OK && isfinite(baseline_ms))
            row.speedup_vs_dense = baseline_ms / row.median_ms;
        if (hm->note[0] && !row.message[0])
            snprintf(row.message, sizeof row.message, "%s", hm->note);
        if (k && i >= 0 && strcmp(k->name, spec->kernels[i]) != 0)
            snprintf(row.message + strlen(row.message), sizeof row.message - strlen(row.message),
                     "%sconfig's %s runs as %s (profile %s: task_kernels)",
                     row.message[0] ? "; " : "", spec->kernels[i], k->name,
                     rd->dev->profile ? rd->dev->profile->name : "");
        if (rs->opt->save_cases_dir && row.status != SB_FAILED && row.status != SB_SKIPPED &&
            (long long)op.M * op.K <= rs->opt->save_cases_max &&
            (long long)op.M * N <= rs->opt->save_cases_max &&
            sb_save_case(rs->opt->save_cases_dir, &row, &hm->csr, B, C_out, &err))
            fprintf(stderr, "sparsebench: --save-cases: %s\n", err.msg);
        emit(rs, &row);
    }
    if (op.B)
        clReleaseMemObject(op.B);
    if (op.C)
        clReleaseMemObject(op.C);
    sb_operand_release_formats(&op);
    free(C_out);
}

static void run_matrix(run_state *rs, run_device *rds, int n_dev, const sb_matrix_spec *spec)
{
    sb_host_matrix hm;
    sb_error err;
    if (sb_host_matrix_load(spec, rs->cfg.seed, &hm, &err)) {
        /* a bad data file: every case of this matrix fails with the file's message */
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        for (int d = 0; d < n_dev; d++)
            for (int j = 0; j < spec->n_N; j++)
                for (int i = 0; i < kernels_per_device(spec); i++) {
                    sb_row row;
                    fill_identity(&row, rds[d].dev, spec, NULL, spec->N[j],
                                  i < spec->n_kernels ? spec->kernels[i] : "clblast");
                    row.status = SB_FAILED;
                    snprintf(row.message, sizeof row.message, "%s", err.msg);
                    emit(rs, &row);
                }
        return;
    }
    for (int j = 0; j < spec->n_N; j++) {
        int N = spec->N[j];
        size_t b_count = (size_t)hm.A.cols * (size_t)N;
        float *B = sb_malloc(b_count * sizeof(float) + 4);
        sb_rng rng;
        sb_rng_seed(&rng, sb_seed_mix(hm.seed, (uint64_t)N, 1));
        for (size_t i = 0; i < b_count; i++)
            B[i] = sb_rng_weight(&rng);
        double *C_ref = sb_malloc((size_t)hm.A.rows * (size_t)N * sizeof(double) + 8);
        sb_reference_spmm(&hm.csr, B, N, C_ref);
        for (int d = 0; d < n_dev; d++)
            run_on_device(rs, &rds[d], spec, &hm, N, B, C_ref);
        free(C_ref);
        free(B);
    }
    sb_host_matrix_free(&hm);
}

static char *default_out_dir(const char *name)
{
    char stamp[32];
    sb_utc_stamp(stamp, sizeof stamp);
    char *base = sb_asprintf("results/%s-%s", name, stamp);
    char *dir = sb_strdup(base);
    for (int i = 2; sb_is_dir(dir); i++) {
        free(dir);
        dir = sb_asprintf("%s-%d", base, i);
    }
    free(base);
    return dir;
}

int sb_run(const sb_run_options *opt)
{
    run_state rs;
    memset(&rs, 0, sizeof rs);
    rs.opt = opt;
    sb_error err;
    const char *data_dir = opt->data_dir ? opt->data_dir : getenv("SPARSEBENCH_DATA");
    if (sb_config_load(opt->config_path, data_dir, &opt->filter, &rs.cfg, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        return 2;
    }
    rs.plan = (sb_timing_plan){.warmup = rs.cfg.warmup, .repeats = rs.cfg.repeats,
                               .min_time_ms = rs.cfg.min_time_ms, .max_repeats = rs.cfg.max_repeats,
                               .tolerance = rs.cfg.tolerance};
    sb_device *devs = NULL;
    int n_devs = 0, *sel = NULL, n_sel = 0;
    sb_profile_set profiles = {0};
    int status = sb_device_setup(opt->device_sel, opt->profile_name, &devs, &n_devs, &profiles,
                                 &sel, &n_sel);
    if (status) {
        sb_config_free(&rs.cfg);
        free(devs);
        sb_profiles_free(&profiles);
        return status;
    }

    char *out_dir = opt->out_dir ? sb_strdup(opt->out_dir) : default_out_dir(rs.cfg.name);
    cJSON *meta = sb_run_meta_new(&rs.cfg, opt->command_line);
    char *kernel_dir = sb_path_join(sb_home_dir(), "cl_kernels");
    run_device *rds = sb_calloc((size_t)n_sel, sizeof *rds);
    for (int i = 0; i < n_sel; i++) {
        rds[i].dev = &devs[sel[i]];
        if (sb_cl_env_create(&rds[i].env, rds[i].dev, kernel_dir, &err)) {
            snprintf(rds[i].error, sizeof rds[i].error, "%s", err.msg);
            fprintf(stderr, "sparsebench: %s\n", err.msg);
        } else {
            rds[i].ready = 1;
            /* binaries (--binaries, build: binary) are all verified now: a binary for another
             * device, driver or source stops the run before any case, with nothing written */
            if (sb_cl_env_setup_programs(&rds[i].env, opt->binaries_dir, &err)) {
                fprintf(stderr, "sparsebench: %s\n", err.msg);
                status = 2;
            }
        }
        sb_run_meta_add_device(meta, rds[i].dev, rds[i].ready ? &rds[i].env : NULL);
    }
    if (status == 0 && sb_results_open(&rs.results, out_dir, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        status = 2;
    }
    if (status) {
        for (int i = 0; i < n_sel; i++)
            if (rds[i].ready)
                sb_cl_env_release(&rds[i].env);
        free(rds);
        free(kernel_dir);
        cJSON_Delete(meta);
        goto cleanup;
    }
    if (sb_run_meta_write(meta, out_dir, 0, &err))
        fprintf(stderr, "sparsebench: %s\n", err.msg);

    int total = 0;
    for (int m = 0; m < rs.cfg.n_matrices; m++)
        total += rs.cfg.matrices[m].n_N * kernels_per_device(&rs.cfg.matrices[m]) * n_sel;
    fprintf(stderr, "sparsebench: %s: %d cases on %d device(s); results in %s/\n", rs.cfg.name,
            total, n_sel, out_dir);
    sb_progress_start(&rs.progress, opt->progress, total);
    for (int m = 0; m < rs.cfg.n_matrices; m++)
        run_matrix(&rs, rds, n_sel, &rs.cfg.matrices[m]);
    sb_progress_clear(&rs.progress);

    if (sb_run_meta_write(meta, out_dir, 1, &err))
        fprintf(stderr, "sparsebench: %s\n", err.msg);
    cJSON_Delete(meta);
    sb_summary_print(&rs.summary, stdout);
    printf("results: %s/results.csv (and results.jsonl, run.json)\n", out_dir);
    status = (rs.n_wrong || rs.n_failed) ? 1 : 0;
    for (int i = 0; i < n_sel; i++)
        if (rds[i].ready)
            sb_cl_env_release(&rds[i].env);
    free(rds);
    free(kernel_dir);
    sb_results_close(rs.results);
cleanup:
    sb_summary_free(&rs.summary);
    free(out_dir);
    free(sel);
    free(devs);
    sb_profiles_free(&profiles);
    sb_config_free(&rs.cfg);
    return status;
}
