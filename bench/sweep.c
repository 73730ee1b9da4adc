/* sb_sweep: many kernel variants on the matrices of one config, each validated and timed through
 * the same path as `sparsebench run` (poison, validate, warm up, time with the host clock and
 * events, validate again), with one reference per matrix and N instead of one run per variant.
 * For exploring kernels on a lent GPU in one call; claims go through `sparsebench run` and the
 * bench/ tables.
 *
 *   sb_sweep CONFIG.yaml [--device SEL] [--data-dir DIR] [--variants FILE] [--N LIST]
 *            [--batch B] [--warmup W] [--repeats R] [--rounds K] [--patterns DIR]
 *            [--patterns-only] [--b2b]
 *
 * --variants FILE: one variant a line, "LABEL KERNEL [FAMILY.NAME=VALUE ...]" ('#' comments);
 *   without it, every kernel of each matrix's list runs with the device profile's parameters.
 * --rounds K: every variant of a matrix and N is measured K times, the variants one after the
 *   other in each round (forward in even rounds, backward in odd ones), each time through the
 *   whole path above: a host whose throughput drifts over seconds to minutes hits the variants of
 *   one round alike, so the ratio of two variants within a round cancels it (paired, interleaved;
 *   bench/explore/pocl6/paired.py summarises). Each line says its "round".
 * --b2b: also times each variant back to back as `sparsebench run` does (batches, then gated
 *   batches read by events: "b2b_ms", the row's batch_event_ms, -1 where there is none), the
 *   method the cuSPARSE anchor's kernel_ms is timed by.
 * --patterns DIR: writes each matrix's sparsity pattern as DIR/<matrix>.smtx (DLMC's format), so
 *   an anchor (bench/anchors/torch_smtx.py) times the vendor library on exactly these patterns.
 * Precision: each matrix's, as the config sets it (`precision: fp16` runs A, B and C in halves,
 *   validated at that precision's tolerance, as `sparsebench run` does).
 * Output: one JSON line per matrix, N and variant on stdout (precision, status, event and host
 * medians, relative error, the matrix's row statistics; -1 where a number is missing); progress
 * and errors on stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_measure.h"
#include "matrix_source.h"
#include "sb_config.h"
#include "sb_kernel.h"
#include "sb_sink.h"
#include "sb_spec.h"
#include "session.h"

#define MAX_VARIANTS 256

typedef struct variant {
    char label[64];
    char kernel[32];
    sb_params params;
} variant;

static int load_variants(const char *path, variant *v, int *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "sb_sweep: cannot open %s\n", path);
        return -1;
    }
    char line[1024];
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *tok = strtok(line, " \t\r\n");
        if (!tok)
            continue;
        if (*n == MAX_VARIANTS) {
            fprintf(stderr, "sb_sweep: %s: more than %d variants\n", path, MAX_VARIANTS);
            fclose(f);
            return -1;
        }
        variant *x = &v[(*n)++];
        memset(x, 0, sizeof *x);
        snprintf(x->label, sizeof x->label, "%s", tok);
        tok = strtok(NULL, " \t\r\n");
        if (!tok || !sb_kernel_find(tok)) {
            fprintf(stderr, "sb_sweep: %s: variant %s: unknown kernel '%s'\n", path, x->label,
                    tok ? tok : "");
            fclose(f);
            return -1;
        }
        snprintf(x->kernel, sizeof x->kernel, "%s", tok);
        while ((tok = strtok(NULL, " \t\r\n"))) {
            char *eq = strchr(tok, '=');
            if (!eq) {
                fprintf(stderr, "sb_sweep: %s: variant %s: '%s' is not FAMILY.NAME=VALUE\n", path,
                        x->label, tok);
                fclose(f);
                return -1;
            }
            *eq = '\0';
            char why[512]; /* a mistyped family or name would otherwise be ignored unseen */
            if (!sb_spec_check_param(tok, eq + 1, why, sizeof why)) {
                fprintf(stderr, "sb_sweep: %s: variant %s: %s\n", path, x->label, why);
                fclose(f);
                return -1;
            }
            sb_params_set(&x->params, tok, eq + 1);
        }
    }
    fclose(f);
    return 0;
}

static int write_smtx(const char *dir, const char *name, const sb_csr *A)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.smtx", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "%d, %d, %lld\n", A->rows, A->cols, (long long)A->nnz);
    for (int r = 0; r <= A->rows; r++)
        fprintf(f, "%s%d", r ? " " : "", A->row_ptr[r]);
    fprintf(f, "\n");
    for (int64_t j = 0; j < A->nnz; j++)
        fprintf(f, "%s%d", j ? " " : "", A->col_idx[j]);
    fprintf(f, "\n");
    return fclose(f) == 0 ? 0 : -1;
}

/* Row-length statistics: the features csr_auto's model reads. */
static void row_stats(const sb_csr *A, double *mean, double *cv, int *max_len, int *empty)
{
    double s = 0, s2 = 0;
    *max_len = 0;
    *empty = 0;
    for (int r = 0; r < A->rows; r++) {
        int len = A->row_ptr[r + 1] - A->row_ptr[r];
        s += len;
        s2 += (double)len * len;
        if (len > *max_len)
            *max_len = len;
        *empty += len == 0;
    }
    *mean = A->rows ? s / A->rows : 0;
    double var = A->rows ? s2 / A->rows - *mean * *mean : 0;
    *cv = *mean > 0 ? sqrt(var > 0 ? var : 0) / *mean : 0;
}

/* For a wrong result: which elements differ, and their pattern by row mod 16 and column mod 8
 * (a tensor-core fragment mix-up shows there), as a JSON object. */
static void print_diagnosis(const float *C, const double *ref, int M, int N)
{
    double scale = 0;
    for (size_t i = 0; i < (size_t)M * N; i++)
        scale = fabs(ref[i]) > scale ? fabs(ref[i]) : scale;
    long long bad = 0, rows_bad = 0;
    long long by_row[16] = {0}, by_col[8] = {0};
    printf(",\"diag\":{\"first\":[");
    for (int r = 0; r < M; r++) {
        int row_bad = 0;
        for (int c = 0; c < N; c++) {
            double got = C[(size_t)r * N + c], want = ref[(size_t)r * N + c];
            if (isfinite(got) && fabs(got - want) <= 1e-4 * (scale > 0 ? scale : 1))
                continue;
            if (bad < 6 && isfinite(got))
                printf("%s[%d,%d,%.6g,%.6g]", bad ? "," : "", r, c, got, want);
            else if (bad < 6) /* JSON has no NaN or infinity: null */
                printf("%s[%d,%d,null,%.6g]", bad ? "," : "", r, c, want);
            bad++;
            row_bad = 1;
            by_row[r % 16]++;
            by_col[c % 8]++;
        }
        rows_bad += row_bad;
    }
    printf("],\"bad\":%lld,\"of\":%lld,\"rows_bad\":%lld,\"row_mod16\":[", bad,
           (long long)M * N, rows_bad);
    for (int i = 0; i < 16; i++)
        printf("%s%lld", i ? "," : "", by_row[i]);
    printf("],\"col_mod8\":[");
    for (int i = 0; i < 8; i++)
        printf("%s%lld", i ? "," : "", by_col[i]);
    printf("]}");
}

/* The library's messages (a device it could not open, a note) go to stderr. */
static void to_stderr(void *ctx, sb_msg_kind kind, const char *text)
{
    (void)ctx;
    if (kind != SB_MSG_PROGRESS)
        fprintf(stderr, "%s%s", text, kind == SB_MSG_OUTPUT ? "" : "\n");
}

/* N of the sweep for matrix spec: its model's n_per_sample x batch (batch > 0), else its list
 * (only those in the --N list, when given). Returns how many (at most max). */
static int sweep_ns(const sb_matrix_spec *spec, int batch, const int *only, int n_only, int *out,
                    int max)
{
    int n = 0;
    if (spec->n_per_sample > 0 && batch > 0) {
        out[n++] = spec->n_per_sample * batch;
        return n;
    }
    for (int j = 0; j < spec->n_N && n < max; j++) {
        int keep = n_only == 0;
        for (int i = 0; i < n_only; i++)
            keep |= only[i] == spec->N[j];
        if (keep)
            out[n++] = spec->N[j];
    }
    return n;
}

static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar((unsigned char)*s >= 0x20 ? *s : ' ');
    }
    putchar('"');
}

int main(int argc, char **argv)
{
    const char *config = NULL, *device = "gpu", *data_dir = getenv("SPARSEBENCH_DATA");
    const char *variants_path = NULL, *patterns = NULL, *n_list = NULL;
    int warmup = 2, repeats = 10, batch = 0, patterns_only = 0, rounds = 1, b2b = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--b2b") == 0)
            b2b = 1;
        else if (strcmp(a, "--patterns-only") == 0)
            patterns_only = 1;
        else if (a[0] != '-' && !config)
            config = a;
        else if (!v) {
            fprintf(stderr, "sb_sweep: %s needs a value\n", a);
            return 2;
        } else {
            i++;
            if (strcmp(a, "--device") == 0)
                device = v;
            else if (strcmp(a, "--data-dir") == 0)
                data_dir = v;
            else if (strcmp(a, "--variants") == 0)
                variants_path = v;
            else if (strcmp(a, "--patterns") == 0)
                patterns = v;
            else if (strcmp(a, "--N") == 0)
                n_list = v;
            else if (strcmp(a, "--batch") == 0)
                batch = atoi(v);
            else if (strcmp(a, "--warmup") == 0)
                warmup = atoi(v);
            else if (strcmp(a, "--repeats") == 0)
                repeats = atoi(v);
            else if (strcmp(a, "--rounds") == 0)
                rounds = atoi(v);
            else {
                fprintf(stderr, "sb_sweep: unknown option %s\n", a);
                return 2;
            }
        }
    }
    if (!config || repeats < 1 || warmup < 0 || rounds < 1 || (patterns_only && !patterns)) {
        fprintf(stderr, "usage: sb_sweep CONFIG.yaml [--device SEL] [--data-dir DIR] [--variants "
                        "FILE] [--N LIST] [--batch B] [--warmup W] [--repeats R] [--rounds K] "
                        "[--patterns DIR [--patterns-only]] [--b2b]\n");
        return 2;
    }
    static variant variants[MAX_VARIANTS];
    int n_variants = 0;
    if (variants_path && load_variants(variants_path, variants, &n_variants))
        return 2;

    int Ns[64], n_N = 0;
    for (const char *p = n_list; p && *p && n_N < 64;) {
        Ns[n_N++] = atoi(p);
        p = strchr(p, ',');
        p = p ? p + 1 : NULL;
    }
    sb_sink_install(to_stderr, NULL, NULL, NULL);
    sb_config cfg;
    sb_error err;
    if (sb_config_load(config, data_dir, &cfg, &err)) {
        fprintf(stderr, "sb_sweep: %s\n", err.msg);
        return 2;
    }
    if (cfg.n_missing) { /* no --sparsity here: every folder the config names is needed */
        fprintf(stderr, "sb_sweep: %s\n", cfg.missing[0].message);
        sb_config_free(&cfg);
        return 2;
    }
    if (patterns && sb_mkdirs(patterns, &err)) {
        fprintf(stderr, "sb_sweep: %s\n", err.msg);
        return 2;
    }
    sb_session s;
    sb_cl_env env;
    memset(&env, 0, sizeof env);
    int rc = 0;
    if (!patterns_only) {
        if (sb_session_open(&s, device, NULL) != SB_OUTCOME_OK)
            return 1;
        sb_device *dev = &s.devs[s.sel[0]];
        if (sb_cl_env_create(&env, dev, s.kernel_dir, &err)) {
            fprintf(stderr, "sb_sweep: %s\n", err.msg);
            return 1;
        }
        fprintf(stderr, "sb_sweep: %s on %s (%s)\n", config, dev->name, dev->platform_name);
    }
    sb_timing_plan plan = {.warmup = warmup, .repeats = repeats, .max_repeats = repeats,
                           .tolerance = cfg.tolerance, .batch = b2b};
    for (int m = 0; m < cfg.n_matrices; m++) {
        const sb_matrix_spec *spec = &cfg.matrices[m];
        sb_host_matrix hm;
        if (sb_host_matrix_load(spec, cfg.seed, &hm, &err)) {
            fprintf(stderr, "sb_sweep: %s: %s\n", spec->name, err.msg);
            rc = 1;
            continue;
        }
        /* a synthetic matrix has one name for all its sparsities: the file name adds it */
        char name[300];
        if (spec->source == SB_SOURCE_SYNTHETIC && spec->sparsity >= 0)
            snprintf(name, sizeof name, "%s_s%g", spec->name, spec->sparsity);
        else if (spec->model)
            snprintf(name, sizeof name, "%s__%s", spec->model, spec->name);
        else
            snprintf(name, sizeof name, "%s", spec->name);
        if (patterns && write_smtx(patterns, name, &hm.csr)) {
            fprintf(stderr, "sb_sweep: cannot write %s/%s.smtx\n", patterns, name);
            rc = 1;
        }
        double mean, cv;
        int max_len, empty;
        row_stats(&hm.csr, &mean, &cv, &max_len, &empty);
        int ns[64];
        int n_ns = patterns_only ? 0 : sweep_ns(spec, batch, Ns, n_N, ns, 64);
        for (int j = 0; j < n_ns; j++) {
            int N = ns[j];
            float *B;
            double *C_ref;
            sb_case_inputs(&hm, N, &B, &C_ref);
            sb_operand op = {.M = hm.A.rows, .K = hm.A.cols, .N = N, .A = &hm.A,
                             .pattern = hm.pattern, .bsr_br = spec->bsr_br, .bsr_bc = spec->bsr_bc,
                             .csr = &hm.csr, .precision = hm.precision};
            float *C_out = malloc(sizeof(float) * (size_t)op.M * (size_t)N + 4);
            if (!C_out)
                sb_fail(&err, "out of memory for C (%d x %d)", op.M, N);
            if (!C_out || sb_operand_upload(&op, &env, B, &err)) {
                fprintf(stderr, "sb_sweep: %s N=%d: %s\n", spec->name, N, err.msg);
                rc = 1;
            } else {
                int n_run = n_variants ? n_variants : spec->n_kernels;
                for (int step = 0; step < rounds * n_run; step++) {
                    int round = step / n_run, v = step % n_run;
                    if (round % 2)
                        v = n_run - 1 - v; /* every other round backward: no variant always first */
                    const char *kname = n_variants ? variants[v].kernel : spec->kernels[v];
                    const char *label = n_variants ? variants[v].label : kname;
                    const sb_kernel *k = sb_kernel_find(kname);
                    char why[256];
                    if (!k || !sb_kernel_accepts_pattern(kname, &hm.pattern, why, sizeof why))
                        continue;
                    sb_row row;
                    sb_row_init(&row);
                    row.nnz = hm.csr.nnz;
                    sb_kparams kp;
                    if (sb_kparams_for_device(kname, &env, n_variants ? &variants[v].params : NULL,
                                              &kp, &err)) {
                        row.status = SB_FAILED;
                        snprintf(row.message, sizeof row.message, "%s", err.msg);
                    } else {
                        sb_case_measure(k, &kp, &env, &op, C_ref, &plan, &row, C_out);
                    }
                    printf("{\"matrix\":");
                    print_json_string(name);
                    printf(",\"layer\":");
                    print_json_string(spec->name);
                    printf(",\"target_sparsity\":%g", spec->sparsity);
                    printf(",\"model\":");
                    print_json_string(spec->model ? spec->model : "");
                    printf(",\"precision\":\"%s\"", sb_precision_name(hm.precision));
                    printf(",\"M\":%d,\"K\":%d,\"N\":%d,\"nnz\":%lld,\"sparsity\":%.6f,"
                           "\"row_mean\":%.3f,\"row_cv\":%.4f,\"row_max\":%d,\"empty_rows\":%d,"
                           "\"label\":",
                           op.M, op.K, N, (long long)hm.csr.nnz, hm.sparsity, mean, cv, max_len,
                           empty);
                    print_json_string(label);
                    printf(",\"kernel\":\"%s\",\"variant\":", kname);
                    print_json_string(row.variant);
                    printf(",\"status\":\"%s\",\"event_ms\":%.6g,\"host_ms\":%.6g,\"runs\":%d,"
                           "\"rel_error\":%.3g,\"message\":",
                           sb_status_name(row.status),
                           /* -1: none (not ok, or events the timer check did not trust: NaN) */
                           row.status == SB_OK && isfinite(row.event_median_ms)
                               ? row.event_median_ms
                               : -1,
                           row.status == SB_OK ? row.median_ms : -1, row.runs,
                           isfinite(row.rel_error) ? row.rel_error : -1); /* JSON has no inf */
                    print_json_string(row.message);
                    printf(",\"round\":%d", round);
                    if (b2b)
                        printf(",\"b2b_ms\":%.6g",
                               row.status == SB_OK && isfinite(row.batch_event_ms)
                                   ? row.batch_event_ms
                                   : -1);
                    if (row.status == SB_WRONG)
                        print_diagnosis(C_out, C_ref, op.M, N);
                    printf("}\n");
                    fflush(stdout);
                    free(row.samples_ms);
                    if (row.status != SB_OK && row.status != SB_SKIPPED)
                        fprintf(stderr, "sb_sweep: %s N=%d %s: %s: %s\n", spec->name, N, label,
                                sb_status_name(row.status), row.message);
                }
            }
            sb_operand_release(&op);
            free(C_out);
            free(B);
            free(C_ref);
        }
        sb_host_matrix_free(&hm);
    }
    if (!patterns_only) {
        sb_cl_env_release(&env);
        sb_session_close(&s);
    }
    for (int v = 0; v < n_variants; v++)
        sb_params_free(&variants[v].params);
    sb_config_free(&cfg);
    return rc;
}
