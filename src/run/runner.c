/* `sparsebench run`: config -> devices -> the plan of cases (sb_plan.h) -> for each matrix, its
 * cases group by group (one N on one device: the dense baseline first, then every kernel), each
 * validated, one result row each.
 *
 * The baseline (CLBlast, or the suite's own dense GEMM where CLBlast cannot run) runs first in
 * every group, even when the config does not list it, so every sparse row has a speedup measured
 * in the same process on the same data. */
#include "sb_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_measure.h"
#include "matrix_source.h"
#include "models.h"
#include "progress.h"
#include "resume.h"
#include "run_devices.h"
#include "run_meta.h"
#include "save_case.h"
#include "scrub.h"
#include "session.h"
#include "sb_clblast.h"
#include "sb_device.h"
#include "sb_peak.h"
#include "sb_plan.h"
#include "sb_roofline.h"
#include "sb_shard.h"
#include "sb_timer_check.h"
#include "sb_profile.h"
#include "sb_sink.h"
#include "sb_store.h"
#include "sb_tuning.h"

typedef struct run_state {
    const sb_run_options *opt;
    sb_config cfg;
    sb_plan plan;
    run_device *rds;      /* per plan device */
    sb_results *results;
    sb_summary summary;
    sb_models models;
    sb_progress progress;
    sb_timing_plan timing;
    int n_ok, n_wrong, n_failed;
    int stopped;          /* a result row could not be written: no case runs after it */
    char stop_why[2048];
    int interrupted;      /* opt->stop was set: no case runs after it */
    sb_done done;         /* --resume: the rows already written */
    int n_unsaved;        /* --save-cases: cases above --save-cases-max, not saved */
} run_state;

/* 1 once the caller asked the run to stop (a signal): checked before every case and between the
 * runs of one (sb_timing_plan.stop). */
static int interrupted(run_state *rs)
{
    if (!rs->interrupted && rs->opt->stop && *rs->opt->stop)
        rs->interrupted = 1;
    return rs->interrupted;
}

/* The row of case c written before (a resumed run), or NULL: such a case is not run again. */
static const sb_row *done_row(const run_state *rs, const sb_case *c)
{
    return rs->done.n ? sb_done_find(&rs->done, c->key) : NULL;
}

/* 1 if some case of cases [first, end) that gives a row still has to be written. */
static int anything_left(const run_state *rs, int first, int end, int runs_only)
{
    for (int i = first; i < end; i++) {
        const sb_case *c = &rs->plan.cases[i];
        if (c->fate != SB_CASE_LEFT_OUT && (!runs_only || c->fate == SB_CASE_RUN) &&
            !done_row(rs, c))
            return 1;
    }
    return 0;
}

/* A row of a resumed run, written before: it counts as if it had just been written. */
static void count_row(run_state *rs, const sb_row *row)
{
    rs->n_ok += row->status == SB_OK;
    rs->n_wrong += row->status == SB_WRONG;
    rs->n_failed += row->status == SB_FAILED;
    sb_summary_add(&rs->summary, row);
    sb_models_add(&rs->models, row, sb_plan_model_batch(&rs->plan, row->model));
}

/* Stops the run (the first reason is kept): no case runs after a write error. */
static void stop(run_state *rs, const char *why)
{
    if (!rs->stopped)
        snprintf(rs->stop_why, sizeof rs->stop_why, "%.2047s", why);
    rs->stopped = 1;
}

/* Writes a row; a row that cannot be written (a full disk) stops the run: nothing is measured
 * that could not be kept, and the summary counts only rows that are in the files. */
static void emit(run_state *rs, sb_row *row)
{
    sb_error err;
    if (rs->stopped || sb_results_append(rs->results, row, &err)) {
        if (!rs->stopped)
            stop(rs, err.msg);
        sb_row_free_samples(row);
        return;
    }
    count_row(rs, row);
    sb_row_free_samples(row);
    sb_progress_step(&rs->progress);
}

/* Where and what a case is; hm NULL when its matrix could not be loaded. */
static void fill_identity(sb_row *row, const sb_device *dev, const sb_matrix_spec *spec,
                          const sb_host_matrix *hm, const sb_case *c)
{
    sb_row_init(row);
    snprintf(row->device, sizeof row->device, "%s", dev->name);
    sb_device_index(dev, row->device_index, sizeof row->device_index);
    snprintf(row->device_id, sizeof row->device_id, "%s", dev->stable_id);
    snprintf(row->platform, sizeof row->platform, "%s", dev->platform_name);
    snprintf(row->driver, sizeof row->driver, "%s", dev->driver_version);
    snprintf(row->matrix, sizeof row->matrix, "%s", spec->name);
    snprintf(row->source, sizeof row->source, "%s", sb_source_name(spec->source));
    snprintf(row->model, sizeof row->model, "%s", spec->model ? spec->model : "");
    snprintf(row->layer, sizeof row->layer, "%s", spec->layer ? spec->layer : "");
    snprintf(row->kernel, sizeof row->kernel, "%s", c->kernel->name);
    snprintf(row->format, sizeof row->format, "%s", sb_format_name(c->kernel->format));
    snprintf(row->baseline, sizeof row->baseline, "%s", c->baseline ? c->baseline->name : "");
    snprintf(row->precision, sizeof row->precision, "%s", sb_precision_name(spec->precision));
    snprintf(row->engine, sizeof row->engine, "%s", c->kernel->engine ? c->kernel->engine : "");
    /* dense storage of A at the case's precision: halves for fp16 (tf32 is held in floats) */
    const int64_t elem = (int64_t)sb_precision_bytes(spec->precision);
    sb_pattern p = hm ? hm->pattern : spec->pattern;
    snprintf(row->pattern, sizeof row->pattern, "%s", sb_pattern_name(p.kind));
    sb_pattern_label(&p, row->block, sizeof row->block);
    row->M = spec->M;
    row->K = spec->K;
    row->N = c->N;
    row->target_sparsity = spec->sparsity >= 0 ? spec->sparsity : NAN;
    row->dense_bytes = (int64_t)spec->M * spec->K * elem;
    if (hm) {
        row->M = hm->A.rows;
        row->K = hm->A.cols;
        row->sparsity = hm->sparsity;
        row->nnz = hm->csr.nnz;
        row->seed = hm->seed;
        row->dense_bytes = (int64_t)hm->A.rows * hm->A.cols * elem;
    }
}

/* The row of a case that is not measured: skipped (the plan's why, or msg when skip is set: its
 * device cannot run this config), or failed (msg). */
static void emit_unmeasured(run_state *rs, const sb_case *c, const sb_host_matrix *hm,
                            const char *msg, int skip)
{
    if (done_row(rs, c))
        return;
    const sb_matrix_spec *spec = &rs->cfg.matrices[c->matrix];
    sb_row row;
    fill_identity(&row, rs->plan.devices[c->device].dev, spec, hm, c);
    row.status = c->fate == SB_CASE_SKIP || skip ? SB_SKIPPED : SB_FAILED;
    snprintf(row.message, sizeof row.message, "%s", c->fate == SB_CASE_SKIP ? c->why : msg);
    emit(rs, &row);
}

/* The roofline bound of a case: the work it must do (2*nnz*N for a sparse kernel, 2*M*K*N for a
 * dense one) and the bytes it must move (A in its format, B read once, C written once). */
static void set_roofline(sb_row *row, const sb_kernel_spec *k, sb_precision p, const sb_peak *peak)
{
    int dense = k->format == SB_FORMAT_DENSE;
    double flops = 2.0 * (double)(dense ? (int64_t)row->M * row->K : row->nnz) * row->N;
    double bytes = sb_min_bytes(row->bytes, row->M, row->K, row->N, (int)sb_precision_bytes(p));
    row->bound_ms = sb_roofline_bound_ms(flops, bytes, peak);
    row->efficiency = row->bound_ms / row->median_ms;
}

/* 1 when a case of group g after case i still has its row to write (a resumed run). */
static int group_pending(run_state *rs, const sb_plan_group *g, int i)
{
    for (int j = i + 1; j < g->first + g->count; j++)
        if (rs->plan.cases[j].fate != SB_CASE_LEFT_OUT && !done_row(rs, &rs->plan.cases[j]))
            return 1;
    return 0;
}

/* One group: the cases of one matrix and N on one device, the baseline first; its prepared state
 * is kept for the group, to time it beside each kernel. */
static void run_group(run_state *rs, const sb_plan_group *g, sb_host_matrix *hm, const float *B,
                      const double *C_ref)
{
    run_device *rd = &rs->rds[g->device];
    const sb_matrix_spec *spec = &rs->cfg.matrices[g->matrix];
    if (!rd->ready) {
        for (int i = g->first; i < g->first + g->count; i++)
            if (rs->plan.cases[i].fate != SB_CASE_LEFT_OUT)
                emit_unmeasured(rs, &rs->plan.cases[i], hm, rd->error, rd->skip);
        return;
    }
    sb_error err;
    sb_operand op = {.M = hm->A.rows, .K = hm->A.cols, .N = g->N, .A = &hm->A,
                     .pattern = hm->pattern, .bsr_br = spec->bsr_br, .bsr_bc = spec->bsr_bc,
                     .csr = &hm->csr, .precision = spec->precision,
                     .cold = rs->cfg.cache == SB_CACHE_COLD};
    float *C_out = sb_malloc((size_t)op.M * (size_t)g->N * sizeof(float) + 4);
    int all_zero = hm->csr.nnz == 0; /* nothing to time: C = 0 whatever the kernel */
    int buffers_ok = all_zero || sb_operand_upload(&op, &rd->env, B, &err) == 0;
    sb_timing_plan timing = rs->timing;
    timing.energy = rd->energy;
    timing.energy_why = rd->energy_why;
    timing.stop = rs->opt->stop;
    timing.scrub = rd->scrub_ready ? &rd->scrub : NULL;
    void *kept = NULL; /* the prepared state of the baseline (the group's first case) */
    for (int i = g->first; i < g->first + g->count && !rs->stopped && !interrupted(rs); i++) {
        const sb_case *c = &rs->plan.cases[i];
        if (c->fate == SB_CASE_LEFT_OUT)
            continue;
        const sb_kernel *impl = sb_kernel_find(c->kernel->name);
        const sb_row *before = done_row(rs, c);
        if (before) { /* resumed: its row is written; the baseline still runs beside the rest */
            if (c->is_baseline && before->status == SB_OK && impl && buffers_ok && !all_zero &&
                group_pending(rs, g, i)) {
                sb_row scratch;
                fill_identity(&scratch, rd->dev, spec, hm, c);
                sb_case_measure_group(impl, &c->params, 1, NULL, &rd->env, &op, C_ref, &timing,
                                  rs->cfg.timer, &scratch, C_out, &kept);
                sb_row_free_samples(&scratch);
            }
            continue;
        }
        sb_row row;
        fill_identity(&row, rd->dev, spec, hm, c);
        sb_progress_show(&rs->progress, rd->dev->name, c->kernel->name, spec->name, g->N);
        if (!buffers_ok) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message, "%s", err.msg);
        } else if (c->fate == SB_CASE_SKIP) {
            row.status = SB_SKIPPED;
            snprintf(row.message, sizeof row.message, "%s", c->why);
        } else if (all_zero) {
            row.status = SB_SKIPPED;
            snprintf(row.message, sizeof row.message, "all-zero matrix (nnz = 0): not timed");
        } else if (c->bind_failed) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message, "%s", c->why);
        } else if (!impl) {
            row.status = SB_FAILED;
            snprintf(row.message, sizeof row.message,
                     "kernel '%s' is not built into this sparsebench", c->kernel->name);
        } else if ((c->kernel->needs & SB_NEEDS_TENSOR_CORES) && !rd->tc_ok) {
            row.status = SB_SKIPPED;
            snprintf(row.message, sizeof row.message, "tensor cores not used: %s", rd->tc_status);
        } else {
            sb_case_measure_group(impl, &c->params, c->is_baseline,
                                  c->baseline,
                                  &rd->env, &op, C_ref, &timing, rs->cfg.timer, &row, C_out,
                                  &kept);
            size_t len = strlen(row.variant);
            if (c->tuned && len > 0 && len + strlen(c->klass) + 10 < sizeof row.variant)
                snprintf(row.variant + len, sizeof row.variant - len, " [tuned %.60s]", c->klass);
            if (interrupted(rs)) { /* abandoned, maybe half measured: no row; a resume runs it */
                sb_row_free_samples(&row);
                break;
            }
        }
        if (c->is_baseline && c->note[0])
            sb_row_append_message(&row, c->note);
        /* the roofline is the FP32 one: a matrix engine's rows get none (no tensor-core peak) */
        if (row.status == SB_OK && rd->peak.gflops > 0 && !c->kernel->engine)
            set_roofline(&row, c->kernel, c->precision, &rd->peak);
        if (row.status == SB_OK && rd->peak.gflops > 0 && c->kernel->format == SB_FORMAT_DENSE &&
            !c->kernel->engine)
            row.peak_fraction = row.gflops_dense_equiv / rd->peak.gflops; /* the dense side */
        if (hm->note[0] && !row.message[0])
            snprintf(row.message, sizeof row.message, "%s", hm->note);
        if (!c->is_baseline && c->note[0])
            sb_row_append_message(&row, c->note);
        int save = rs->opt->save_cases_dir && row.status != SB_FAILED && row.status != SB_SKIPPED;
        if (save && ((long long)op.M * op.K > rs->opt->save_cases_max ||
                     (long long)op.M * g->N > rs->opt->save_cases_max)) {
            save = 0;
            rs->n_unsaved++; /* said once, at the end */
        }
        if (save && sb_save_case(rs->opt->save_cases_dir, &row, &hm->csr, B, C_out, &err)) {
            emit(rs, &row); /* the row itself is good: kept, then the run stops */
            char why[sizeof err.msg + 16];
            snprintf(why, sizeof why, "--save-cases: %s", err.msg);
            stop(rs, why);
            continue;
        }
        emit(rs, &row);
    }
    if (kept)
        sb_kernel_find(rs->plan.cases[g->first].kernel->name)->release(kept);
    sb_operand_release(&op);
    free(C_out);
}

/* Every group of matrix m (consecutive in the plan, N-major): the inputs once per N. */
static void run_matrix(run_state *rs, int m, int *next_group)
{
    const sb_matrix_spec *spec = &rs->cfg.matrices[m];
    sb_host_matrix hm;
    sb_error err;
    while (*next_group < rs->plan.n_groups && rs->plan.groups[*next_group].matrix < m)
        (*next_group)++;
    int first = *next_group, end = first;
    while (end < rs->plan.n_groups && rs->plan.groups[end].matrix == m)
        end++;
    *next_group = end;
    int first_case = first < end ? rs->plan.groups[first].first : 0;
    int end_case = first < end ? rs->plan.groups[end - 1].first + rs->plan.groups[end - 1].count : 0;
    if (!anything_left(rs, first_case, end_case, 0))
        return; /* resumed: every row of it is written */
    if (!sb_plan_matrix_runs(&rs->plan, m)) {
        /* nothing of it runs (e.g. too large for every device): not even loaded */
        for (int i = 0; i < rs->plan.n_cases; i++)
            if (rs->plan.cases[i].matrix == m && rs->plan.cases[i].fate == SB_CASE_SKIP)
                emit_unmeasured(rs, &rs->plan.cases[i], NULL, NULL, 1);
        return;
    }
    if (sb_host_matrix_load(spec, rs->cfg.seed, &hm, &err)) {
        /* a bad data file: every case of this matrix fails with the file's message */
        sb_error_message("%s", err.msg);
        for (int i = 0; i < rs->plan.n_cases; i++)
            if (rs->plan.cases[i].matrix == m && rs->plan.cases[i].fate != SB_CASE_LEFT_OUT)
                emit_unmeasured(rs, &rs->plan.cases[i], NULL, err.msg, 0);
        return;
    }
    sb_plan_bind(&rs->plan, m, &hm.pattern, hm.A.rows, hm.A.cols, hm.sparsity);
    float *B = NULL;
    double *C_ref = NULL;
    int inputs_N = 0; /* the N of B and C_ref */
    for (int g = first; g < end && !rs->stopped && !interrupted(rs); g++) {
        const sb_plan_group *grp = &rs->plan.groups[g];
        if (!anything_left(rs, grp->first, grp->first + grp->count, 0))
            continue; /* resumed: written */
        if (!sb_plan_group_runs(&rs->plan, g) ||
            !anything_left(rs, grp->first, grp->first + grp->count, 1)) {
            /* every case of it skipped (too large for the device, say), or every measured one
             * already written (resumed): no inputs made */
            for (int i = grp->first; i < grp->first + grp->count; i++)
                if (rs->plan.cases[i].fate == SB_CASE_SKIP)
                    emit_unmeasured(rs, &rs->plan.cases[i], &hm, NULL, 1);
            continue;
        }
        if (grp->N != inputs_N) {
            free(B);
            free(C_ref);
            sb_case_inputs(&hm, grp->N, &B, &C_ref);
            inputs_N = grp->N;
        }
        run_group(rs, grp, &hm, B, C_ref);
    }
    free(C_ref);
    free(B);
    sb_host_matrix_free(&hm);
}

/* The run's report: the summary table and the model totals (models.csv is written here too),
 * rendered as one text for the sink's report. -1 with err set when models.csv was not written. */
static int report(run_state *rs, const char *out_dir, sb_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return sb_fail(err, "cannot render the summary: out of memory");
    sb_summary_print(&rs->summary, m);
    int rc = sb_models_write(&rs->models, out_dir, m, err);
    fclose(m);
    sb_output("%s", text);
    free(text);
    return rc;
}

/* --resume: the rows written before count as written now (in file order, which is plan order);
 * each must be a case of this plan. */
static int take_done_rows(run_state *rs, const char *dir, sb_error *err)
{
    if (sb_done_load(&rs->done, dir, err))
        return -1;
    for (int i = 0; i < rs->done.n; i++) {
        int found = 0;
        for (int c = 0; c < rs->plan.n_cases && !found; c++)
            found = strcmp(rs->plan.cases[c].key, rs->done.keys[i]) == 0;
        if (!found)
            return sb_fail(err, "--resume %s: row %d of results.jsonl (%s) is no case of the "
                                "plan made now: the run cannot be continued", dir, i + 1,
                           rs->done.keys[i]);
        count_row(rs, &rs->done.rows[i]);
    }
    return 0;
}

sb_outcome sb_run(const sb_run_options *caller)
{
    run_state rs;
    memset(&rs, 0, sizeof rs);
    sb_error err;
    /* --resume DIR: the options are the ones DIR's run was started with */
    sb_resume resume;
    memset(&resume, 0, sizeof resume);
    const sb_run_options *opt = caller;
    if (caller->resume_dir) {
        if (sb_resume_load(&resume, caller->resume_dir, caller, &err)) {
            sb_error_message("%s", err.msg);
            sb_resume_free(&resume);
            return SB_OUTCOME_BAD_INPUT;
        }
        opt = &resume.opt;
    }
    rs.opt = opt;
    const char *data_dir = opt->data_dir ? opt->data_dir : getenv("SPARSEBENCH_DATA");
    char config_hash[17];
    if (sb_config_load(opt->config_path, data_dir, &rs.cfg, &err) ||
        sb_resume_config_hash(opt->config_path, config_hash, &err)) {
        sb_error_message("%s", err.msg);
        sb_resume_free(&resume);
        return SB_OUTCOME_BAD_INPUT;
    }
    rs.timing = (sb_timing_plan){.warmup = rs.cfg.warmup, .repeats = rs.cfg.repeats,
                                 .min_time_ms = rs.cfg.min_time_ms,
                                 .max_repeats = rs.cfg.max_repeats, .tolerance = rs.cfg.tolerance,
                                 .max_noise = rs.cfg.max_noise, .max_time_ms = rs.cfg.max_time_ms,
                                 .batch = 1};
    sb_session ses;
    sb_outcome status = sb_session_open(&ses, opt->device_sel, opt->profile);
    char *out_dir = NULL;
    sb_shard_record shard = {0};
    if (status != SB_OUTCOME_OK)
        goto cleanup;
    /* the tuning databases (a named one serves the device it was made for), then the plan */
    sb_plan_device *devices = NULL;
    int bad = sb_session_load_tuning(&ses, opt->tuning, &err) ||
              sb_plan_make(&rs.plan, &rs.cfg, &opt->filter,
                           devices = sb_session_plan_devices(&ses), ses.n_sel, &opt->params, &err);
    if (!bad) {
        sb_plan_shard(&rs.plan, &opt->shard, &shard); /* --shard: this shard's units only */
        bad = sb_check_data_files(&rs.cfg, rs.plan.matrix_used, &err);
    }
    if (!bad && opt->resume_dir && shard.plan_hash != resume.plan_hash)
        bad = sb_fail(&err, "--resume %s: the plan made now differs from the run's (other data or "
                            "another sparsebench): start a new run", opt->resume_dir);
    else if (!bad && opt->resume_dir) /* and on the devices it measured on */
        bad = sb_resume_check_devices(&resume, ses.devs, ses.sel, ses.n_sel, &err);
    if (bad) {
        sb_error_message("%s", err.msg);
        free(devices);
        status = SB_OUTCOME_BAD_INPUT;
        goto cleanup;
    }
    free(devices);
    /* the output folder is checked before any device is touched: a folder that holds a run is
     * refused (exit 2), never overwritten; the default one is made new once the devices are open */
    out_dir = opt->out_dir ? sb_strdup(opt->out_dir) : NULL;
    const int resuming = opt->resume_dir != NULL;
    if (out_dir && sb_out_dir_check(out_dir, resuming, &err)) {
        sb_error_message("%s", err.msg);
        status = SB_OUTCOME_BAD_INPUT;
        goto cleanup;
    }
    rs.rds = sb_calloc((size_t)(rs.plan.n_devices ? rs.plan.n_devices : 1), sizeof *rs.rds);
    status = sb_run_open_devices(rs.rds, &rs.plan, ses.kernel_dir, opt->binaries_dir,
                                 rs.cfg.cache);
    /* a file that cannot be created is a write error: FAILED (exit 1) */
    if (status == SB_OUTCOME_OK && ((!out_dir && !(out_dir = sb_out_dir_default(rs.cfg.name, &err)))
                                    || sb_mkdirs(out_dir, &err) ||
                                    sb_results_open(&rs.results, out_dir, resuming, &err))) {
        sb_error_message("%s", err.msg);
        status = SB_OUTCOME_FAILED;
    }
    if (status == SB_OUTCOME_OK && resuming && take_done_rows(&rs, out_dir, &err)) {
        sb_error_message("%s", err.msg);
        status = SB_OUTCOME_BAD_INPUT;
    }
    if (status != SB_OUTCOME_OK)
        goto cleanup;
    cJSON *meta;
    if (resuming) { /* run.json as the run wrote it, plus when it was resumed */
        meta = resume.meta;
        resume.meta = NULL;
        cJSON *times = cJSON_GetObjectItemCaseSensitive(meta, "resumed");
        if (!cJSON_IsArray(times)) {
            cJSON_DeleteItemFromObjectCaseSensitive(meta, "resumed");
            times = cJSON_AddArrayToObject(meta, "resumed");
        }
        char now[64];
        sb_utc_iso(now, sizeof now);
        cJSON_AddItemToArray(times, cJSON_CreateString(now));
    } else {
        meta = sb_run_meta_new(&rs.cfg, opt->command_line);
        cJSON_AddItemToObject(meta, "invocation",
                              sb_invocation_json(opt, config_hash, shard.plan_hash));
        if (opt->shard.count)
            cJSON_AddItemToObject(meta, "shard", sb_shard_record_json(&shard));
        for (int i = 0; i < rs.plan.n_devices; i++)
            sb_run_meta_add_device(meta, rs.rds[i].dev, rs.rds[i].ready ? &rs.rds[i].env : NULL,
                                   rs.rds[i].tc_status, &rs.rds[i].peak);
        for (int i = 0; i < rs.plan.n_devices; i++)
            sb_run_meta_add_measurement(meta, i, rs.cfg.timer, rs.cfg.cache,
                                        rs.rds[i].scrub_ready ? rs.rds[i].scrub.bytes : 0,
                                        rs.rds[i].scrub_ready ? rs.rds[i].scrub.reported_cache : 0);
    }
    if (sb_run_meta_write(meta, out_dir, "running", &err))
        stop(&rs, err.msg);

    for (int i = 0; i < rs.plan.n_notes; i++)
        sb_note("%s", rs.plan.notes[i]);
    if (!rs.stopped && opt->shard.count)
        sb_info("%s: shard %d/%d (%d of the plan's %d units): %d cases on %d device(s); results "
                "in %s/", rs.cfg.name, opt->shard.index, opt->shard.count, shard.n_unit_keys,
                shard.units, rs.plan.n_rows, rs.plan.n_devices, out_dir);
    else if (!rs.stopped)
        sb_info("%s: %d cases on %d device(s); results in %s/", rs.cfg.name, rs.plan.n_rows,
                rs.plan.n_devices, out_dir);
    if (resuming && !rs.stopped)
        sb_info("resuming %s: %d of its %d cases are done", out_dir, rs.done.n, rs.plan.n_rows);
    sb_progress_start(&rs.progress, opt->progress && !rs.stopped, rs.plan.n_rows);
    for (int i = 0; i < rs.done.n; i++)
        sb_progress_step(&rs.progress);
    for (int m = 0, next_group = 0; m < rs.cfg.n_matrices && !rs.stopped && !interrupted(&rs); m++)
        if (rs.plan.matrix_used[m])
            run_matrix(&rs, m, &next_group);
    sb_progress_clear(&rs.progress);

    if (rs.n_unsaved)
        sb_note("--save-cases: %d case(s) not saved in %s: A (M x K) or C (M x N) has more than "
                "--save-cases-max (%lld) elements", rs.n_unsaved, opt->save_cases_dir,
                (long long)opt->save_cases_max);
    /* every file is checked: a run whose results are not all on disk does not end with 0 */
    const int done = !rs.stopped && !rs.interrupted;
    if (done && sb_run_meta_write(meta, out_dir, "finished", &err))
        stop(&rs, err.msg);
    if (!rs.stopped && !rs.interrupted && report(&rs, out_dir, &err))
        stop(&rs, err.msg);
    if (sb_results_close(rs.results, &err))
        stop(&rs, err.msg);
    if (!rs.stopped && rs.interrupted) {
        /* every row so far is on disk: say where things stand and how to go on */
        if (sb_run_meta_write(meta, out_dir, "interrupted", &err))
            sb_error_message("%s", err.msg);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem) {
            sb_summary_print(&rs.summary, mem);
            fclose(mem);
            sb_output("%s", text);
            free(text);
        }
        sb_error_message("interrupted: %d of the %d cases are in %s/results.csv; continue with: "
                         "sparsebench run --resume %s", rs.summary.count, rs.plan.n_rows, out_dir,
                         out_dir);
        status = SB_OUTCOME_INTERRUPTED;
    } else if (rs.stopped) {
        sb_run_meta_write(meta, out_dir, "stopped", &err); /* the last good run.json stays if not */
        sb_error_message("the run stopped: %s", rs.stop_why);
        sb_error_message("%d rows measured before it are in %s/results.csv and results.jsonl; once "
                         "that is mended, sparsebench run --resume %s measures the rest",
                         rs.summary.count, out_dir, out_dir);
        status = SB_OUTCOME_FAILED;
    } else {
        sb_output("results: %s/results.csv (and results.jsonl, run.json)\n", out_dir);
        status = (rs.n_wrong || rs.n_failed) ? SB_OUTCOME_FAILED : SB_OUTCOME_OK;
        if (status == SB_OUTCOME_OK && rs.n_ok == 0) {
            /* nothing measured: every case was skipped (each row says why), or a shard got none */
            if (rs.plan.n_rows == 0 && opt->shard.count)
                sb_error_message("shard %d/%d has none of the plan's %d units: nothing to measure",
                                 opt->shard.index, opt->shard.count, shard.units);
            else
                sb_error_message("every case was skipped: nothing was measured (the rows' "
                                 "messages say why)");
            status = SB_OUTCOME_ALL_SKIPPED;
        }
    }
    cJSON_Delete(meta);
cleanup:
    for (int i = 0; rs.rds && i < rs.plan.n_devices; i++) {
        if (rs.rds[i].energy)
            sb_energy_close(rs.rds[i].energy);
        if (rs.rds[i].scrub_ready)
            sb_scrub_close(&rs.rds[i].scrub);
        if (rs.rds[i].ready)
            sb_cl_env_release(&rs.rds[i].env);
    }
    free(rs.rds);
    sb_summary_free(&rs.summary);
    sb_models_free(&rs.models);
    free(out_dir);
    sb_shard_record_free(&shard);
    sb_done_free(&rs.done);
    sb_resume_free(&resume);
    sb_plan_free(&rs.plan);
    sb_session_close(&ses);
    sb_config_free(&rs.cfg);
    return status;
}
