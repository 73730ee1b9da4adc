/* The tuner (see tuner.h), after CLBlast's: for every kernel and shape class of the config, start
 * from the defaults (no override), then walk the kernel's tunables one at a time, trying each value
 * with the others at their best so far (coordinate descent, `passes` times). Every candidate runs
 * through sb_case_measure, so it is validated like any run; a candidate that is wrong or fails on
 * any case of the class is out. The objective is the geometric mean of the case medians.
 *
 * A winner is stored only if, measured again beside the defaults (the better of three rounds each),
 * it is at least 5% faster overall and no case is more than 2% slower; otherwise the class stores
 * empty params (the defaults are best), so tuned runs are not slower than untuned ones beyond
 * noise on the cases tuned on. Tune on the very config you will run (e.g. bench-gale) for that
 * to hold on every row. */
#include "tuner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/case_measure.h"
#include "run/matrix_source.h"
#include "sb_kernel.h"
#include "sb_tuning.h"
#include "run/session.h"

typedef struct tune_case {
    const sb_matrix_spec *spec;
    const sb_host_matrix *hm;
    int N;
    float *B;
    double *C_ref;
} tune_case;

typedef struct tune_class {
    const sb_kernel_spec *k;
    const sb_kernel *impl;
    char klass[64];
    tune_case *cases;
    int n_cases;
} tune_class;

typedef struct tuner {
    sb_cl_env *env;
    sb_params base;       /* the profile's parameters */
    sb_timing_plan plan;
    int candidates;
} tuner;

/* Medians of every case of cls with params over the base; returns the geometric mean, or
 * INFINITY if any case was not ok (or the values break a rule of the kernel's table). */
static double measure(tuner *t, const tune_class *cls, const sb_params *params, double *medians)
{
    const sb_params *layers[] = {&t->base, params};
    sb_kparams values;
    sb_error err;
    if (sb_kparams_resolve(cls->k, layers, 2, &values, &err))
        return INFINITY;
    t->candidates++;
    double log_sum = 0;
    for (int i = 0; i < cls->n_cases; i++) {
        const tune_case *c = &cls->cases[i];
        sb_operand op = {.M = c->hm->A.rows, .K = c->hm->A.cols, .N = c->N, .A = &c->hm->A,
                         .pattern = c->hm->pattern, .bsr_br = c->spec->bsr_br,
                         .bsr_bc = c->spec->bsr_bc, .csr = &c->hm->csr};
        sb_row row;
        sb_row_init(&row);
        row.nnz = c->hm->csr.nnz;
        if (sb_operand_upload(&op, t->env, c->B, &err) == 0)
            sb_case_measure(cls->impl, &values, t->env, &op, c->C_ref, &t->plan, &row, NULL);
        else
            row.status = SB_FAILED;
        sb_operand_release(&op);
        free(row.samples_ms);
        if (row.status != SB_OK)
            return INFINITY;
        medians[i] = row.median_ms;
        log_sum += log(row.median_ms);
    }
    return exp(log_sum / cls->n_cases);
}

static void print_params(const sb_params *p)
{
    if (p->count == 0)
        printf("(defaults)");
    for (int i = 0; i < p->count; i++)
        printf("%s%s=%s", i ? " " : "", p->items[i].key, p->items[i].value);
}

static void tune_class_run(tuner *t, tune_class *cls, int passes, sb_tuning_db *db)
{
    double *def = sb_calloc((size_t)cls->n_cases, sizeof *def);
    double *cand = sb_calloc((size_t)cls->n_cases, sizeof *cand);
    double *best_cases = sb_calloc((size_t)cls->n_cases, sizeof *best_cases);
    sb_params empty = {0}, best = {0};
    double default_obj = measure(t, cls, &empty, def);
    double best_obj = default_obj;
    if (!isfinite(default_obj)) {
        printf("  %-13s %-18s the defaults fail on a case: not tuned\n", cls->k->name, cls->klass);
        goto done;
    }
    for (int pass = 0; pass < passes; pass++) {
        for (int p = 0; p < cls->k->n_params; p++) {
            const sb_param_spec *tu = &cls->k->params[p];
            char key[128];
            snprintf(key, sizeof key, "%s.%s", cls->k->program, tu->name);
            for (int v = 0; v < tu->n_candidates; v++) {
                char value[16];
                snprintf(value, sizeof value, "%d", tu->candidates[v]);
                const char *now = sb_params_get(&best, key);
                if (now && strcmp(now, value) == 0)
                    continue;
                sb_params trial = {0};
                sb_params_merge(&trial, &best);
                sb_params_set(&trial, key, value);
                double obj = measure(t, cls, &trial, cand);
                if (obj < best_obj * 0.99) {
                    best_obj = obj;
                    sb_params_free(&best);
                    sb_params_merge(&best, &trial);
                }
                sb_params_free(&trial);
            }
        }
    }
    /* confirm beside the defaults: the better of two measurements of each, case by case */
    if (best.count > 0) {
        for (int round = 0; round < 3; round++) {
            measure(t, cls, &empty, cand);
            for (int i = 0; i < cls->n_cases; i++)
                def[i] = round == 0 ? cand[i] : fmin(def[i], cand[i]);
            measure(t, cls, &best, cand);
            for (int i = 0; i < cls->n_cases; i++)
                best_cases[i] = round == 0 ? cand[i] : fmin(best_cases[i], cand[i]);
        }
        double ls_def = 0, ls_best = 0;
        int slower = 0;
        for (int i = 0; i < cls->n_cases; i++) {
            ls_def += log(def[i]);
            ls_best += log(best_cases[i]);
            slower |= !(best_cases[i] <= def[i] * 1.02);
        }
        default_obj = exp(ls_def / cls->n_cases);
        best_obj = exp(ls_best / cls->n_cases);
        if (slower || !(best_obj < default_obj * 0.95)) {
            sb_params_free(&best);
            best_obj = default_obj;
        }
    }
    sb_tuning_set(db, cls->k->name, cls->klass, &best, default_obj, best_obj, cls->n_cases);
    printf("  %-13s %-18s %3d cases  default %9.4f ms  tuned %9.4f ms  %5.2fx  ", cls->k->name,
           cls->klass, cls->n_cases, default_obj, best_obj, default_obj / best_obj);
    print_params(&best);
    printf("\n");
    fflush(stdout);
done:
    sb_params_free(&best);
    free(def);
    free(cand);
    free(best_cases);
}

/* A kernel with something for `tune` to try. */
static int tunable(const sb_kernel_spec *k)
{
    for (int i = 0; i < k->n_params; i++)
        if (k->params[i].n_candidates > 0)
            return 1;
    return 0;
}

/* Groups the config's cases into classes per kernel; host matrices and inputs are built once. */
static tune_class *make_classes(const sb_config *cfg, sb_host_matrix *hms, int *n_classes,
                                tune_case **all_cases, int *n_all)
{
    tune_class *classes = NULL;
    *n_classes = 0;
    *n_all = 0;
    *all_cases = NULL;
    for (int m = 0; m < cfg->n_matrices; m++) {
        const sb_matrix_spec *spec = &cfg->matrices[m];
        for (int j = 0; j < spec->n_N; j++) {
            tune_case tc = {.spec = spec, .hm = &hms[m], .N = spec->N[j]};
            sb_case_inputs(&hms[m], tc.N, &tc.B, &tc.C_ref);
            *all_cases = sb_realloc(*all_cases, sizeof **all_cases * (size_t)(*n_all + 1));
            (*all_cases)[(*n_all)++] = tc;
            for (int i = 0; i < spec->n_kernels; i++) {
                const sb_kernel_spec *k = sb_spec_kernel(spec->kernels[i]);
                const sb_kernel *impl = k ? sb_kernel_find(k->name) : NULL;
                char why[256];
                if (!impl || !tunable(k) || !sb_spec_accepts_n(k, tc.N, why, sizeof why))
                    continue;
                char klass[64];
                sb_case_shape shape = {.pattern = &hms[m].pattern, .bsr_br = spec->bsr_br,
                                       .bsr_bc = spec->bsr_bc, .M = hms[m].A.rows,
                                       .K = hms[m].A.cols, .N = tc.N, .sparsity = hms[m].sparsity};
                sb_tuning_class(k->name, &shape, klass, sizeof klass);
                tune_class *cls = NULL;
                for (int c = 0; c < *n_classes; c++)
                    if (classes[c].k == k && strcmp(classes[c].klass, klass) == 0)
                        cls = &classes[c];
                if (!cls) {
                    classes = sb_realloc(classes, sizeof *classes * (size_t)(*n_classes + 1));
                    cls = &classes[(*n_classes)++];
                    memset(cls, 0, sizeof *cls);
                    cls->k = k;
                    cls->impl = impl;
                    snprintf(cls->klass, sizeof cls->klass, "%s", klass);
                }
                cls->cases = sb_realloc(cls->cases, sizeof *cls->cases * (size_t)(cls->n_cases + 1));
                cls->cases[cls->n_cases++] = tc; /* B and C_ref owned by all_cases */
            }
        }
    }
    return classes;
}

int sb_tune(const sb_tune_options *opt)
{
    sb_config cfg;
    sb_error err;
    const char *data_dir = opt->data_dir ? opt->data_dir : getenv("SPARSEBENCH_DATA");
    if (sb_config_load(opt->config_path, data_dir, &opt->filter, &cfg, &err)) {
        fprintf(stderr, "sparsebench: %s\n", err.msg);
        return 2;
    }
    sb_session ses;
    int status = sb_session_open(&ses, opt->device_sel, NULL);
    if (status) {
        sb_session_close(&ses);
        sb_config_free(&cfg);
        return status;
    }
    sb_host_matrix *hms = sb_calloc((size_t)cfg.n_matrices, sizeof *hms);
    for (int m = 0; m < cfg.n_matrices && status == 0; m++) {
        if (sb_host_matrix_load(&cfg.matrices[m], cfg.seed, &hms[m], &err)) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            status = 2;
        }
    }
    int n_classes = 0, n_all = 0;
    tune_case *all = NULL;
    tune_class *classes = status ? NULL : make_classes(&cfg, hms, &n_classes, &all, &n_all);
    for (int d = 0; d < ses.n_sel && status == 0; d++) {
        sb_device *dev = &ses.devs[ses.sel[d]];
        sb_cl_env env;
        sb_tuning_db db;
        if (sb_cl_env_create(&env, dev, ses.kernel_dir, &err)) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            status = 1;
            continue;
        }
        if (sb_tuning_load(opt->db_path, dev, &db, &err)) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            sb_cl_env_release(&env);
            status = 2;
            continue;
        }
        tuner t = {.env = &env,
                   .plan = {.warmup = cfg.warmup, .repeats = cfg.repeats, .max_repeats = cfg.repeats,
                            .min_time_ms = 0, .tolerance = cfg.tolerance}};
        sb_params_merge(&t.base, &env.params);
        double t0 = sb_now_ms();
        printf("tuning %d kernel classes on %d:%d %s\n", n_classes, dev->platform_index,
               dev->device_index, dev->name);
        int saved = 0;
        for (int c = 0; c < n_classes; c++) {
            tune_class_run(&t, &classes[c], opt->passes > 0 ? opt->passes : 2, &db);
            /* saved after every class: an interrupted tuning keeps what it found */
            saved = sb_tuning_save(&db, dev, &err) == 0;
            if (!saved)
                break;
        }
        if (!saved && n_classes > 0) {
            fprintf(stderr, "sparsebench: %s\n", err.msg);
            status = 1;
        } else {
            printf("%d candidates in %.1f s; tuning database: %s\n", t.candidates,
                   (sb_now_ms() - t0) / 1000, db.path);
        }
        sb_params_free(&t.base);
        sb_tuning_free(&db);
        sb_cl_env_release(&env);
    }
    for (int c = 0; c < n_classes; c++)
        free(classes[c].cases);
    free(classes);
    for (int i = 0; i < n_all; i++) {
        free(all[i].B);
        free(all[i].C_ref);
    }
    free(all);
    for (int m = 0; m < cfg.n_matrices; m++)
        sb_host_matrix_free(&hms[m]);
    free(hms);
    sb_session_close(&ses);
    sb_config_free(&cfg);
    return status;
}
