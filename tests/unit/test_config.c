/* Experiments: the shipped quick.yaml, every feature of the schema, model suites (also against the
 * real DLMC subset when SB_DATA_DIR has it), filters, and one fixture per kind of user error,
 * each checked for its exact "file:line:col:" and the key it names. */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_config.h"
#include "test_support.h"
#include "config/yaml_tree.h" // src/config/: the tree the loader walks

static char data_dir[256]; /* small matrix files written for these tests */


static void write_text(const char *rel, const char *text)
{
    char *p = sb_path_join(data_dir, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static void make_dir(const char *rel)
{
    char *p = sb_path_join(data_dir, rel);
    sb_error err;
    assert_int_equal(sb_mkdirs(p, &err), 0);
    free(p);
}

/* A 4x6 float32 .npy, version 1.0, preamble and header padded to 128 bytes as numpy does. */
static void write_npy(const char *rel)
{
    enum { HEADER_LEN = 128 - 10 };
    char header[HEADER_LEN + 1];
    int n = snprintf(header, sizeof header, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 6), }");
    assert_true(n > 0 && n < HEADER_LEN);
    memset(header + n, ' ', (size_t)(HEADER_LEN - n));
    header[HEADER_LEN - 1] = '\n';
    char *p = sb_path_join(data_dir, rel);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, HEADER_LEN, 0};
    fwrite(pre, 1, 10, f);
    fwrite(header, 1, HEADER_LEN, f);
    float zero[24] = {0};
    fwrite(zero, sizeof zero[0], 24, f);
    fclose(f);
    free(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(data_dir, sizeof data_dir, "/tmp/sb_test_config_XXXXXX");
    if (!mkdtemp(data_dir))
        return -1;
    make_dir("files/sp/0.5");
    make_dir("files/sp/0.9");
    write_text("files/small.smtx", "6, 8, 5\n0 1 2 3 4 5 5\n0 1 2 3 4\n");
    write_text("files/small.mtx", "%%MatrixMarket matrix coordinate real general\n% a comment\n\n"
                                  "10 12 2\n1 1 1.5\n10 12 -2\n");
    write_npy("files/weights.npy");
    write_text("files/sp/0.9/a.smtx", "8, 8, 6\n0 1 2 3 4 5 6 6 6\n0 1 2 3 4 5\n");
    write_text("files/sp/0.9/b.smtx", "8, 16, 1\n0 1 1 1 1 1 1 1 1\n3\n");
    write_text("files/sp/0.9/c.smtx", "4, 4, 1\n0 1 1 1 1\n0\n");
    write_text("files/sp/0.9/notes.txt", "not a layer\n");
    write_text("files/sp/0.5/a.smtx", "8, 8, 32\n0 4 8 12 16 20 24 28 32\n"
                                      "0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3\n");
    write_text("files/sp/0.5/c.smtx", "4, 4, 8\n0 2 4 6 8\n0 1 0 1 0 1 0 1\n");
    write_text("files/layers_n.txt", "a,3\nb,5\n# a comment, then a blank line\n\nc,1\n");
    write_text("files/layers_n_short.txt", "a,3\nc,1\n");
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    return nftw(data_dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- the shipped config ---------------------------------------------------------------------- */

static void test_quick_yaml(void **state)
{
    (void)state;
    char *path = sb_test_source_path("configs/quick.yaml");
    sb_config c;
    sb_error err = {{0}};
    int rc = sb_config_load(path, NULL, &c, &err);
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_string_equal(c.name, "quick");
    assert_non_null(c.description);
    assert_int_equal(c.warmup, 2);
    assert_int_equal(c.repeats, 10);
    assert_int_equal(c.max_repeats, 1000);
    assert_true(c.max_noise == 0); /* the adaptive stop is off unless asked for */
    assert_true(c.max_time_ms == 5000);
    assert_true(c.seed == 42);
    assert_true(c.tolerance == 1e-5);
    assert_int_equal(c.n_models, 0);
    const double want[] = {0.5, 0.7, 0.9, 0.95};
    assert_int_equal(c.n_matrices, 4);
    for (int i = 0; i < 4; i++) {
        const sb_matrix_spec *s = &c.matrices[i];
        assert_string_equal(s->name, "synthetic-512x512");
        assert_int_equal(s->source, SB_SOURCE_SYNTHETIC);
        assert_null(s->path);
        assert_int_equal(s->M, 512);
        assert_int_equal(s->K, 512);
        assert_true(fabs(s->sparsity - want[i]) < 1e-12);
        assert_int_equal(s->prune, 1);
        assert_int_equal(s->pattern.kind, SB_PATTERN_UNSTRUCTURED);
        assert_int_equal(s->bsr_br, 4);
        assert_int_equal(s->bsr_bc, 4);
        assert_int_equal(s->n_N, 2);
        assert_int_equal(s->N[0], 16);
        assert_int_equal(s->N[1], 128);
        assert_int_equal(s->n_kernels, 2);
        assert_string_equal(s->kernels[0], "csr");
        assert_string_equal(s->kernels[1], "clblast");
        assert_null(s->model);
        assert_null(s->layer);
        assert_true(s->line > 0);
    }
    sb_config_free(&c);
    free(path);
}

/* ---- every feature ----------------------------------------------------------------------------- */

static void load_ok(const char *name, sb_config *c)
{
    char *path = sb_test_fixture("configs", name);
    sb_error err = {{0}};
    int rc = sb_config_load(path, data_dir, c, &err);
    free(path);
    if (rc != 0)
        fail_msg("%s", err.msg);
}

static void test_features(void **state)
{
    (void)state;
    sb_config c;
    load_ok("ok_features.yaml", &c);
    assert_string_equal(c.description, "every feature of the schema, once");
    assert_int_equal(c.warmup, 0);
    assert_int_equal(c.repeats, 3);
    assert_true(c.min_time_ms == 5.5);
    assert_int_equal(c.max_repeats, 50);
    assert_true(c.max_noise == 0.02);
    assert_true(c.max_time_ms == 250);
    assert_true(c.seed == 7);
    assert_true(c.tolerance == 1e-4);
    assert_int_equal(c.n_matrices, 6);

    const sb_matrix_spec *b0 = &c.matrices[0], *b1 = &c.matrices[1];
    assert_string_equal(b0->name, "blocky");
    assert_true(b0->sparsity == 0.0 && b1->sparsity == 0.75);
    assert_int_equal(b0->pattern.kind, SB_PATTERN_BLOCK);
    assert_int_equal(b0->pattern.block_rows, 4);
    assert_int_equal(b0->pattern.block_cols, 8);
    assert_int_equal(b0->bsr_br, 4); /* a block pattern's bsr block is the pruning block */
    assert_int_equal(b0->bsr_bc, 8);
    assert_int_equal(b1->n_kernels, 2);
    assert_string_equal(b1->kernels[0], "bsr");
    assert_int_equal(b1->n_N, 2);

    const sb_matrix_spec *nm = &c.matrices[2];
    assert_string_equal(nm->name, "synthetic-32x64");
    assert_int_equal(nm->pattern.kind, SB_PATTERN_NM);
    assert_int_equal(nm->pattern.nm_n, 2);
    assert_int_equal(nm->pattern.nm_m, 4);
    assert_true(fabs(nm->sparsity - 0.5) < 1e-12);
    assert_int_equal(nm->prune, 1);
    assert_int_equal(nm->bsr_br, 2);
    assert_int_equal(nm->bsr_bc, 2);
    assert_int_equal(nm->n_N, 1);
    assert_int_equal(nm->N[0], 1);
    assert_int_equal(nm->n_kernels, 3);

    const sb_matrix_spec *smtx = &c.matrices[3];
    assert_string_equal(smtx->name, "small");
    assert_int_equal(smtx->source, SB_SOURCE_DLMC);
    char *want_path = sb_path_join(data_dir, "files/small.smtx");
    assert_string_equal(smtx->path, want_path);
    free(want_path);
    assert_int_equal(smtx->M, 6);
    assert_int_equal(smtx->K, 8);
    assert_true(smtx->sparsity < 0);
    assert_int_equal(smtx->prune, 0);
    assert_int_equal(smtx->pattern.kind, SB_PATTERN_UNSTRUCTURED);

    const sb_matrix_spec *mtx = &c.matrices[4];
    assert_string_equal(mtx->name, "market");
    assert_int_equal(mtx->source, SB_SOURCE_MTX);
    assert_int_equal(mtx->M, 10);
    assert_int_equal(mtx->K, 12);
    assert_true(fabs(mtx->sparsity - 0.6) < 1e-12);
    assert_int_equal(mtx->prune, 1);

    const sb_matrix_spec *npy = &c.matrices[5];
    assert_string_equal(npy->name, "weights");
    assert_int_equal(npy->source, SB_SOURCE_NPY);
    assert_int_equal(npy->M, 4);
    assert_int_equal(npy->K, 6);
    assert_int_equal(npy->pattern.kind, SB_PATTERN_BLOCK);
    assert_int_equal(npy->pattern.block_rows, 2);
    assert_int_equal(npy->pattern.block_cols, 2);

    /* the JSON holds what was parsed */
    cJSON *j = sb_config_to_json(&c);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "name")->valuestring, "features");
    cJSON *d = cJSON_GetObjectItem(j, "defaults");
    assert_int_equal(cJSON_GetObjectItem(d, "repeats")->valueint, 3);
    /* the seed as an exact integer in the text, never a rounded double */
    char *text = cJSON_PrintUnformatted(d);
    assert_non_null(strstr(text, "\"seed\":7,"));
    free(text);
    cJSON *ms = cJSON_GetObjectItem(j, "matrices");
    assert_int_equal(cJSON_GetArraySize(ms), 6);
    cJSON *m0 = cJSON_GetArrayItem(ms, 0);
    assert_string_equal(cJSON_GetObjectItem(m0, "pattern")->valuestring, "block");
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(m0, "block"), 1)->valueint, 8);
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(m0, "N"), 1)->valueint, 32);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(ms, 2), "nm")->valuestring, "2:4");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(ms, 3), "sparsity")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(ms, 3), "prune")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "models")), 0);
    cJSON_Delete(j);
    sb_config_free(&c);
}

/* ---- models ------------------------------------------------------------------------------------ */

static void test_models(void **state)
{
    (void)state;
    sb_config c;
    load_ok("ok_models.yaml", &c);
    assert_int_equal(c.n_models, 3);
    assert_int_equal(c.n_missing, 0); /* the 0.5 folder lacks a layer, but it is there */
    assert_string_equal(c.models[0].name, "mlp");
    assert_int_equal(c.models[0].batch, 4);
    assert_int_equal(c.models[1].batch, 2);
    assert_int_equal(c.models[2].batch, 1); /* default */
    /* mlp: 2 layers x 2 sparsities, sparsity-major; folders: 2 at 0.5 (b is absent) + 3 at 0.9;
     * reprune: 3 */
    assert_int_equal(c.n_matrices, 4 + 5 + 3);
    const char *names[] = {"fc1", "conv", "fc1", "conv", "a", "c", "a", "b", "c", "a", "b", "c"};
    const double sp[] = {0.8, 0.8, 0.9, 0.9, 0.5, 0.5, 0.9, 0.9, 0.9, 0.75, 0.75, 0.75};
    const int N[] = {4, 196, 4, 196, 6, 2, 6, 10, 2, 7, 7, 7};
    const int per_sample[] = {1, 49, 1, 49, 3, 1, 3, 5, 1, 7, 7, 7}; /* --batch uses it */
    const int prune[] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1};
    for (int i = 0; i < c.n_matrices; i++) {
        const sb_matrix_spec *s = &c.matrices[i];
        assert_string_equal(s->name, names[i]);
        assert_string_equal(s->layer, names[i]);
        assert_true(fabs(s->sparsity - sp[i]) < 1e-12);
        assert_int_equal(s->n_N, 1);
        assert_int_equal(s->N[0], N[i]);
        assert_int_equal(s->n_per_sample, per_sample[i]);
        assert_int_equal(s->prune, prune[i]);
    }
    assert_string_equal(c.matrices[0].model, "mlp");
    assert_int_equal(c.matrices[0].source, SB_SOURCE_SYNTHETIC);
    assert_int_equal(c.matrices[0].M, 256);
    assert_int_equal(c.matrices[0].K, 100);
    assert_int_equal(c.matrices[1].source, SB_SOURCE_DLMC);
    assert_int_equal(c.matrices[1].M, 6);
    assert_string_equal(c.matrices[4].model, "folders");
    assert_int_equal(c.matrices[7].M, 8); /* b at 0.9 */
    assert_int_equal(c.matrices[7].K, 16);
    assert_int_equal(c.matrices[7].pattern.kind, SB_PATTERN_UNSTRUCTURED);
    const sb_matrix_spec *r = &c.matrices[9];
    assert_string_equal(r->model, "reprune");
    assert_int_equal(r->pattern.kind, SB_PATTERN_BLOCK);
    assert_int_equal(r->n_kernels, 1);
    assert_string_equal(r->kernels[0], "bsr");
    char *want = sb_path_join(data_dir, "files/sp/0.9/a.smtx");
    assert_string_equal(r->path, want);
    free(want);
    sb_config_free(&c);
}

/* DLMC names its folders 0.5, 0.7, ..., 0.98; n_per_sample comes from rn50_batchsizes.txt. */
typedef struct layer_n {
    char name[128];
    int n;
} layer_n;

static void test_dlmc_model(void **state)
{
    (void)state;
    const char *data = getenv("SB_DATA_DIR");
    char *rn50 = data ? sb_path_join(data, "dlmc/rn50/magnitude_pruning") : NULL;
    if (!rn50 || !sb_is_dir(rn50)) {
        free(rn50);
        skip();
    }
    free(rn50);
    char *path = sb_test_fixture("configs", "ok_dlmc_model.yaml");
    sb_config c;
    sb_error err = {{0}};
    if (sb_config_load(path, data, &c, &err) != 0)
        fail_msg("%s", err.msg);
    free(path);

    /* the layers' N per image, read here independently of the loader */
    char *bs_path = sb_path_join(data, "dlmc/rn50_batchsizes.txt");
    FILE *f = fopen(bs_path, "r");
    assert_non_null(f);
    layer_n table[128];
    int n_table = 0;
    while (n_table < 128 && fscanf(f, " %127[^,],%d", table[n_table].name, &table[n_table].n) == 2)
        n_table++;
    fclose(f);
    free(bs_path);
    assert_int_equal(n_table, 54);

    const double sp[] = {0.5, 0.7, 0.8, 0.9, 0.95, 0.98};
    int per_sparsity[6] = {0};
    for (int i = 0; i < c.n_matrices; i++) {
        const sb_matrix_spec *s = &c.matrices[i];
        int k = -1;
        for (int j = 0; j < 6; j++)
            if (fabs(s->sparsity - sp[j]) < 1e-12)
                k = j;
        assert_true(k >= 0);
        per_sparsity[k]++;
        assert_string_equal(s->model, "rn50");
        assert_int_equal(s->source, SB_SOURCE_DLMC);
        assert_int_equal(s->prune, 0);
        assert_true(sb_file_exists(s->path));
        assert_true(s->M >= 1 && s->K >= 1);
        int found = 0;
        for (int t = 0; t < n_table; t++)
            if (strcmp(table[t].name, s->layer) == 0) {
                assert_int_equal(s->N[0], table[t].n * 8);
                found = 1;
            }
        assert_true(found);
    }
    assert_true(per_sparsity[0] < 54 && per_sparsity[0] > 0); /* the 0.5 folder lacks a few */
    for (int j = 1; j < 6; j++)
        assert_int_equal(per_sparsity[j], 54);
    /* a layer with a known shape: ResNet-50's classifier */
    for (int i = 0; i < c.n_matrices; i++)
        if (strcmp(c.matrices[i].layer, "final_dense") == 0) {
            assert_int_equal(c.matrices[i].M, 1000);
            assert_int_equal(c.matrices[i].K, 2048);
            assert_int_equal(c.matrices[i].N[0], 8);
        }
    sb_config_free(&c);
}

/* ---- errors ------------------------------------------------------------------------------------ */

/* Loads a fixture that must fail with exactly "PATH:LINE:COL: " and messages containing each of
 * the NULL-terminated needles. */
static void expect_error_in(const char *name, const char *data, int line, int col, ...)
{
    char *path = sb_test_fixture("configs", name);
    sb_config c;
    sb_error err = {{0}};
    int rc = sb_config_load(path, data, &c, &err);
    if (rc == 0)
        fail_msg("%s loaded, but must fail", name);
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s:%d:%d: ", path, line, col);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
        fail_msg("expected the prefix '%s' in: %s", prefix, err.msg);
    va_list ap;
    va_start(ap, col);
    for (const char *needle; (needle = va_arg(ap, const char *));)
        if (!strstr(err.msg, needle))
            fail_msg("expected '%s' in: %s", needle, err.msg);
    va_end(ap);
    /* a failed load leaves nothing to free */
    assert_null(c.matrices);
    assert_null(c.name);
    free(path);
}

#define expect_error(name, line, col, ...) \
    expect_error_in(name, data_dir, line, col, __VA_ARGS__, (const char *)NULL)

static void test_error_unknown_key(void **state)
{
    (void)state;
    expect_error("bad_unknown_key.yaml", 7, 5, "unknown key 'sparsty' in matrix (did you mean 'sparsity'?)");
}

static void test_error_wrong_type(void **state)
{
    (void)state;
    expect_error("bad_wrong_type.yaml", 5, 8, "expected an integer for 'M', got 'abc'");
}

static void test_error_missing_key(void **state)
{
    (void)state;
    expect_error("bad_missing_key.yaml", 5, 5, "matrix is missing required key 'K'");
}

static void test_error_sparsity_range(void **state)
{
    (void)state;
    expect_error("bad_sparsity_range.yaml", 7, 21, "sparsity must be in [0, 1), got 1.3");
}

static void test_error_m_zero(void **state)
{
    (void)state;
    expect_error("bad_m_zero.yaml", 5, 8, "M must be >= 1, got 0");
}

static void test_error_max_noise(void **state)
{
    (void)state;
    expect_error("bad_max_noise.yaml", 4, 35, "max_noise is a fraction (0.02 = 2%) in [0, 1)");
    expect_error("bad_max_time.yaml", 4, 54, "max_time_ms must be > 0", "got -5");
}

static void test_error_unknown_kernel(void **state)
{
    (void)state;
    expect_error("bad_unknown_kernel.yaml", 7, 20, "unknown kernel 'cusparse'", "csr_balanced");
}

static void test_error_nm_kernel_on_unstructured(void **state)
{
    (void)state;
    /* the kernel comes from the top-level list: its position there, and the matrix it failed for */
    expect_error("bad_nm_kernel.yaml", 4, 16, "kernel 'nm'", "'unstructured'",
                 "matrix 'synthetic-64x64' at line 6");
}

static void test_error_nm_sparsity(void **state)
{
    (void)state;
    expect_error("bad_nm_sparsity.yaml", 9, 15,
                 "pattern nm 2:4 has sparsity 0.5; remove `sparsity` or use another pattern");
}

static void test_error_precision(void **state)
{
    (void)state;
    expect_error("bad_precision.yaml", 10, 23, "'precision' must be fp32, fp16 or tf32, got 'bf16'");
    expect_error("bad_precision_twice.yaml", 4, 25, "precision fp32 is listed twice");
}

static void test_error_duplicate_key(void **state)
{
    (void)state;
    expect_error("bad_duplicate_key.yaml", 7, 5, "duplicate key 'M'", "line 5");
}

static void test_error_yaml_syntax(void **state)
{
    (void)state;
    expect_error("bad_syntax.yaml", 3, 8, "YAML syntax error", "line 2");
}

static void test_error_missing_data_file(void **state)
{
    (void)state;
    char *full = sb_path_join(data_dir, "dlmc/no_such_layer.smtx");
    expect_error("bad_missing_file.yaml", 6, 11, full, "--data-dir", "SPARSEBENCH_DATA");
    free(full);
    /* no data directory at all */
    expect_error_in("bad_missing_file.yaml", NULL, 6, 11, "dlmc/no_such_layer.smtx",
                    "--data-dir", "SPARSEBENCH_DATA", (const char *)NULL);
}

static void test_error_model_layer_without_n(void **state)
{
    (void)state;
    expect_error("bad_model_missing_n.yaml", 8, 21, "layer 'b'", "has no N", "layers_n_short.txt");
}

/* A {sparsity} folder the data lacks is listed, with the message the plan gives if it keeps that
 * sparsity (test_plan.c), not refused at load; the 0.9 folder's three layers are there. */
static void test_missing_sparsity_folder(void **state)
{
    (void)state;
    sb_config c;
    load_ok("bad_missing_sparsity_folder.yaml", &c);
    assert_int_equal(c.n_missing, 1);
    assert_string_equal(c.missing[0].model, "folders");
    assert_true(fabs(c.missing[0].sparsity - 0.7) < 1e-12);
    char want[1024];
    snprintf(want, sizeof want, "%s:7:13: no folder for sparsity 0.7: %s/files/sp/0.7 does not exist "
             "(there is: 0.5, 0.9); put the collection's 0.7 folder there, or run only the "
             "sparsities that have one (--sparsity 0.9)", c.path, data_dir);
    assert_string_equal(c.missing[0].message, want);
    assert_int_equal(c.n_matrices, 3);
    for (int i = 0; i < c.n_matrices; i++)
        assert_true(fabs(c.matrices[i].sparsity - 0.9) < 1e-12);
    sb_config_free(&c);
}

/* ---- the YAML tree itself ------------------------------------------------------------------ */

static void test_yaml_tree(void **state)
{
    (void)state;
    write_text("tree.yaml", "# comment\n"
                            "base: &b [1, 2]\n"
                            "copy: *b\n"
                            "nested:\n"
                            "  - {x: 1}\n"
                            "  - y: \"quoted\"\n");
    char *path = sb_path_join(data_dir, "tree.yaml");
    yt_doc doc;
    sb_error err;
    assert_int_equal(yt_load(path, &doc, &err), 0);
    const yt_node *root = doc.root;
    assert_int_equal(root->kind, YT_MAPPING);
    assert_int_equal(root->line, 2);
    assert_int_equal(root->col, 1);
    const yt_node *base = yt_get(root, "base"), *copy = yt_get(root, "copy");
    assert_ptr_equal(base, copy); /* an alias is the anchored node */
    assert_int_equal(base->n_items, 2);
    assert_int_equal(base->items[1]->line, 2);
    assert_int_equal(base->items[1]->col, 14);
    const yt_node *nested = yt_get(root, "nested");
    const yt_node *y = yt_get(nested->items[1], "y");
    assert_string_equal(y->text, "quoted");
    assert_false(y->plain);
    assert_int_equal(y->line, 6);
    assert_int_equal(y->col, 8);
    long long v;
    assert_int_equal(yt_expect_int(&doc, y, "y", &v, &err), -1); /* quoted: a string */
    assert_non_null(strstr(err.msg, "remove the quotes"));
    yt_free(&doc);
    free(path);

    assert_int_equal(yt_edit_distance("sparsty", "sparsity"), 1);
    assert_int_equal(yt_edit_distance("kernles", "kernels"), 1); /* a swap counts once */
    assert_int_equal(yt_edit_distance("abc", "xyz"), 3);

    write_text("two_docs.yaml", "a: 1\n---\nb: 2\n");
    path = sb_path_join(data_dir, "two_docs.yaml");
    assert_int_equal(yt_load(path, &doc, &err), -1);
    assert_non_null(strstr(err.msg, ":2:1: a second YAML document"));
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quick_yaml),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_models),
        cmocka_unit_test(test_dlmc_model),
        cmocka_unit_test(test_error_unknown_key),
        cmocka_unit_test(test_error_wrong_type),
        cmocka_unit_test(test_error_missing_key),
        cmocka_unit_test(test_error_sparsity_range),
        cmocka_unit_test(test_error_m_zero),
        cmocka_unit_test(test_error_max_noise),
        cmocka_unit_test(test_error_unknown_kernel),
        cmocka_unit_test(test_error_nm_kernel_on_unstructured),
        cmocka_unit_test(test_error_nm_sparsity),
        cmocka_unit_test(test_error_precision),
        cmocka_unit_test(test_error_duplicate_key),
        cmocka_unit_test(test_error_yaml_syntax),
        cmocka_unit_test(test_error_missing_data_file),
        cmocka_unit_test(test_error_model_layer_without_n),
        cmocka_unit_test(test_missing_sparsity_folder),
        cmocka_unit_test(test_yaml_tree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
