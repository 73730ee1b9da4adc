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
#include "matrix_source.h"
#include "models.h"
#include "progress.h"
#include "run_meta.h"
#include "save_case.h"
#include "session.h"
#include "sb_cli.h"
#include "sb_device.h"
#include "sb_peak.h"
#include "sb_plan.h"
#include "sb_roofline.h"
#include "sb_timer_check.h"
#include "sb_tuning.h"
#include "sb_profile.h"

typedef struct run_device {
    sb_device *dev;
    sb_cl_env env;
    int ready;            /* env created */
    sb_energy_meter *energy;
    char energy_why[256];
    sb_peak peak;         /* measured (or cached) roofline; gflops 0 if it failed */
    sb_tuning_db tuning;  /* empty when not tuned (or --tuning none) */
    char error[2048];     /* why not */
} run_device;

typedef struct run_state {
    const sb_run_options *opt;
    sb_config cfg;
    sb_results *results;
    sb_summary summary;
    sb_models models;
    sb_progress progress;
    sb_timing_plan plan;
    int n_wrong, n_failed;
} run_state;

static int model_batch(const sb_config *cfg, const char *model)
{
    for (int i = 0; model[0] && i < cfg->n_models; i++)
        if (strcmp(cfg->models[i].name, model) == 0)
            return cfg->models[i].batch;
    return 0;
}

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
    sb_models_add(&rs->models, row, model_batch(&rs->cfg, row->model));
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
    snprintf(row->device_id, sizeof row->device_id, "%s", dev->stable_id);
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

/* The roofline bound of a case: the work it must do (2*nnz*N for a sparse kernel, 2*M*K*N for a
 * dense one) and the bytes it must move (A in its format, B read once, C written once). */
static void set_roofline(sb_row *row, const sb_kernel_spec *k, const sb_peak *peak)
{
    int dense = k->format == SB_FORMAT_DENSE;
    double flops = 2.0 * (double)(dense ? (int64_t)row->M * row->K : row->nnz) * row->N;
    double bytes = sb_min_bytes(row->bytes, row->M, row->K, row->N);
    row->bound_ms = sb_roofline_bound_ms(flops, bytes, peak);
    row->efficiency = row->bound_ms / row->median_ms;
}

/* A kernel that cannot run an N (SpMV beyond N = 1) is left out of the plan for that N: known
 * before anything runs, said once on stderr, never a row. */
static int planned(const char *kernel, int N)
{
    const sb_kernel_spec *k = sb_spec_kernel(kernel);
    char why[256];
    return !k || sb_spec_accepts_n(k, N, why, sizeof why);
}

static int kernels_per_device(const sb_matrix_spec *spec, int N)
{
    int n = 0;
    for (int i = 0; i < spec->n_kernels; i++)
        n += planned(spec->kernels[i], N);
    /* the baseline runs even when the config does not list it */
    if (!in_list(spec->kernels, spec->n_kernels, "clblast") &&
        !in_list(spec->kernels, spec->n_kernels, "dense"))
        n++;
    return n;
}

static void note_unplanned(const sb_config *cfg)
{
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++) {
        int left_out[16], n_left = 0;
        char why[256] = "";
        for (int m = 0; m < cfg->n_matrices; m++) {
            const sb_matrix_spec *spec = &cfg->matrices[m];
            if (!in_list(spec->kernels, spec->n_kernels, (*k)->name))
                continue;
            for (int j = 0; j < spec->n_N; j++) {
                if (planned((*k)->name, spec->N[j]))
                    continue;
                sb_spec_accepts_n(*k, spec->N[j], why, sizeof why);
                int seen = 0;
                for (int i = 0; i < n_left; i++)
                    seen |= left_out[i] == spec->N[j];
                if (!seen && n_left < 16)
                    left_out[n_left++] = spec->N[j];
            }
        }
        if (n_left == 0)
            continue;
        fprintf(stderr, "sparsebench: note: %s is not planned for N =", (*k)->name);
        for (int i = 0; i < n_left; i++)
            fprintf(stderr, "%s %d", i ? "," : "", left_out[i]);
        fprintf(stderr, " (%s)\n", why);
    }
}

/* Measures k on op with the device's parameters: the profile's, then the tuning database's for
 * this shape class, then --param; the row's variant says when tuned ones applied. */
static void measure_tuned(run_state *rs, run_device *rd, const sb_matrix_spec *spec,
                          const sb_host_matrix *hm, sb_operand *op, const sb_kernel_spec *ks,
                          const sb_kernel *k, const double *C_ref, sb_row *row, float *C_out)
{
    sb_cl_env *env = &rd->env;
    sb_timing_plan plan = rs->plan;
    plan.energy = rd->energy;
    plan.energy_why = rd->energy_why;
    char klass[64];
    sb_case_shape shape = {.pattern = &hm->pattern, .bsr_br = spec->bsr_br, .bsr_bc = spec->bsr_bc,
                           .M = op->M, .K = op->K, .N = op->N, .sparsity = hm->sparsity};
    sb_tuning_class(ks->name, &shape, klass, sizeof klass);
    const sb_tuning_entry *tuned = sb_tuning_find(&rd->tuning, ks->name, klass);
    const sb_params *layers[] = {&env->params, tuned ? &tuned->params : NULL, &rs->opt->params};
    sb_kparams params;
    sb_error err;
    if (sb_kparams_resolve(ks, layers, 3, &params, &err)) {
        row->status = SB_FAILED;
        snprintf(row->message, sizeof row->message, "%s", err.msg);
        return;
    }
    sb_case_measure(k, &params, env, op, C_ref, &plan, row, C_out);
    size_t len = strlen(row->variant);
    if (tuned && len > 0 && len + strlen(klass) + 10 < sizeof row->variant)
        snprintf(row->variant + len, sizeof row->variant - len, " [tuned %.60s]", klass);
}

static void run_on_device(run_state *rs, run_device *rd, const sb_matrix_spec *spec,
                          sb_host_matrix *hm, int N, const float *B, const double *C_ref)
{
    sb_row row;
    const int n_cases = kernels_per_device(spec, N);
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
    int buffers_ok = sb_operand_upload(&op, env, B, &err) == 0;

    const sb_kernel_spec *baseline = sb_plan_baseline(rd->dev);
    double baseline_ms = NAN;
    for (int i = -1; i < spec->n_kernels; i++) {
        const sb_kernel_spec *k;
        if (i < 0) {
            k = baseline;
        } else {
            k = sb_plan_kernel_as_run(sb_spec_kernel(spec->kernels[i]), rd->dev);
            if (k == baseline || !planned(spec->kernels[i], N))
                continue;
            /* csr as csr_task (task_kernels): once, when the config lists csr_task too */
            if (k && strcmp(k->name, spec->kernels[i]) != 0 &&
                in_list(spec->kernels, spec->n_kernels, k->name))
                continue;
        }
        const char *name = k ? k->name : spec->kernels[i];
        const sb_kernel *impl = k ? sb_kernel_find(k->name) : NULL;
        char why[512];
        fill_identity(&row, rd->dev, spec, hm, N, name);
        sb_progress_show(&rs->progress, rd->dev->name, name, spec->name, N);
        if (!buffers_ok) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message, "%s", err.msg);
        } else if (!impl) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message,
                     "kernel '%s' is not built into this sparsebench", name);
        } else if (!sb_plan_kernel_runs_on(k, rd->dev, why, sizeof why)) {
            row.status = SB_SKIPPED;
            snprintf(row.message, sizeof row.message, "%s", why);
        } else {
            measure_tuned(rs, rd, spec, hm, &op, k, impl, C_ref, &row, C_out);
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
        if (row.status == SB_OK && rd->peak.gflops > 0)
            set_roofline(&row, k, &rd->peak);
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
    sb_operand_release(&op);
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
                for (int i = 0; i < kernels_per_device(spec, spec->N[j]); i++) {
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
        float *B;
        double *C_ref;
        sb_case_inputs(&hm, N, &B, &C_ref);
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
    if (sb_check_data_files(&rs.cfg, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        sb_config_free(&rs.cfg);
        return 2;
    }
    rs.plan = (sb_timing_plan){.warmup = rs.cfg.warmup, .repeats = rs.cfg.repeats,
                               .min_time_ms = rs.cfg.min_time_ms, .max_repeats = rs.cfg.max_repeats,
                               .tolerance = rs.cfg.tolerance};
    sb_session ses;
    int status = sb_session_open(&ses, opt->device_sel, opt->profile);
    if (status) {
        sb_config_free(&rs.cfg);
        sb_session_close(&ses);
        return status;
    }
    const int n_sel = ses.n_sel;

    /* every device's runtime, tuning and roofline before anything is written. A tuning database
     * named by --tuning or SPARSEBENCH_TUNING serves the device it was made for; the others use
     * their own (from the cache); one that fits no selected device is an error. */
    const char *choice = opt->tuning ? opt->tuning : getenv("SPARSEBENCH_TUNING");
    const char *tuning_file = choice && strcmp(choice, "none") == 0 ? NULL : choice;
    int tuning_fits = 0;
    char tuning_mismatch[sizeof err.msg] = "";
    run_device *rds = sb_calloc((size_t)n_sel, sizeof *rds);
    for (int i = 0; i < n_sel; i++) {
        rds[i].dev = &ses.devs[ses.sel[i]];
        if (sb_cl_env_create(&rds[i].env, rds[i].dev, ses.kernel_dir, &err)) {
            snprintf(rds[i].error, sizeof rds[i].error, "%s", err.msg);
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            continue;
        }
        rds[i].ready = 1;
        int rc = 0;
        if (tuning_file) {
            rc = sb_tuning_load(tuning_file, rds[i].dev, &rds[i].tuning, &err);
            tuning_fits |= rc == 0;
            if (rc == -2) {
                snprintf(tuning_mismatch, sizeof tuning_mismatch, "%s", err.msg);
                sb_tuning_free(&rds[i].tuning);
                rc = sb_tuning_load(NULL, rds[i].dev, &rds[i].tuning, &err);
            }
        } else if (!choice) {
            rc = sb_tuning_load(NULL, rds[i].dev, &rds[i].tuning, &err);
        }
        if (rc) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            status = 2;
            break;
        }
        rds[i].energy = sb_energy_open(rds[i].dev, rds[i].energy_why, sizeof rds[i].energy_why);
        /* its profiling events are checked before any time is taken on it: one note if they
         * cannot be believed (every time is then the host clock's) */
        if (sb_timer_probe(&rds[i].env, &err))
            fprintf(stderr, "sparsebench: warning: %s\n", err.msg);
        else if (!rds[i].env.events_trusted)
            fprintf(stderr, "sparsebench: note: %s\n", rds[i].env.events_note);
        char *peak_file = sb_peak_cache_path(rds[i].dev);
        int measuring = !peak_file || !sb_file_exists(peak_file);
        free(peak_file);
        double t0 = sb_now_ms();
        if (measuring)
            fprintf(stderr, "sparsebench: note: measuring the FP32 peak and bandwidth of %d:%d %s "
                            "(once per device and driver, then cached)...\n",
                    rds[i].dev->platform_index, rds[i].dev->device_index, rds[i].dev->name);
        if (sb_peak_get(&rds[i].env, 0, &rds[i].peak, &err)) {
            fprintf(stderr, "sparsebench: warning: no roofline for %s (bound_ms and efficiency "
                            "stay empty): %s\n", rds[i].dev->name, err.msg);
            memset(&rds[i].peak, 0, sizeof rds[i].peak);
        } else if (measuring) {
            fprintf(stderr, "sparsebench: note: peak of %s: %.4g GFLOP/s, %.4g GB/s (%s; %.0f s)\n",
                    rds[i].dev->name, rds[i].peak.gflops, rds[i].peak.gbps, rds[i].peak.method,
                    (sb_now_ms() - t0) / 1e3);
        }
        /* binaries (--binaries, build: binary) are all verified now, after the peak's own
         * calibration kernels: a binary for another device, driver or source stops the run
         * before any case, with nothing written */
        if (sb_cl_env_setup_programs(&rds[i].env, opt->binaries_dir, &err)) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            status = 2;
            break;
        }
    }
    if (status == 0 && tuning_file && !tuning_fits) {
        fprintf(stderr, "sparsebench: %s\n", tuning_mismatch);
        status = 2;
    }
    char *out_dir = opt->out_dir ? sb_strdup(opt->out_dir) : default_out_dir(rs.cfg.name);
    if (status == 0 && sb_results_open(&rs.results, out_dir, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        status = 2;
    }
    if (status)
        goto cleanup;
    cJSON *meta = sb_run_meta_new(&rs.cfg, opt->command_line);
    for (int i = 0; i < n_sel; i++)
        sb_run_meta_add_device(meta, rds[i].dev, rds[i].ready ? &rds[i].env : NULL, &rds[i].peak);
    if (sb_run_meta_write(meta, out_dir, 0, &err))
        fprintf(stderr, "sparsebench: %s\n", err.msg);

    int total = 0;
    for (int m = 0; m < rs.cfg.n_matrices; m++)
        for (int j = 0; j < rs.cfg.matrices[m].n_N; j++)
            total += kernels_per_device(&rs.cfg.matrices[m], rs.cfg.matrices[m].N[j]) * n_sel;
    note_unplanned(&rs.cfg);
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
    if (sb_models_write(&rs.models, out_dir, stdout, &err))
        fprintf(stderr, "sparsebench: %s\n", err.msg);
    printf("results: %s/results.csv (and results.jsonl, run.json)\n", out_dir);
    status = (rs.n_wrong || rs.n_failed) ? 1 : 0;
    sb_results_close(rs.results);
cleanup:
    for (int i = 0; i < n_sel; i++) {
        if (rds[i].energy)
            sb_energy_close(rds[i].energy);
        if (rds[i].ready)
            sb_cl_env_release(&rds[i].env);
        sb_tuning_free(&rds[i].tuning);
    }
    free(rds);
    sb_summary_free(&rs.summary);
    sb_models_free(&rs.models);
    free(out_dir);
    sb_session_close(&ses);
    sb_config_free(&rs.cfg);
    return status;
}
