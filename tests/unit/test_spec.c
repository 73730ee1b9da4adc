/* The kernel catalogue (src/spec/): every entry consistent with itself and with the kernel
 * implementations, tunable values checked against the tables (issue 11 item 4), the -D and
 * variant strings generated from the tables, the layers of a resolution, task variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_kernel.h"
#include "sb_spec.h"
#include "test_support.h"

/* Every catalogue entry: a known format, its task variant exists and stores the same format, a
 * program and entry where it has parameters, every tunable's default within its range, among its
 * candidates when it has any, and every candidate valid; derived values are never tunable. */
static void test_catalogue_is_consistent(void **state)
{
    (void)state;
    int n = 0, baselines = 0;
    for (const sb_kernel_spec *const *kp = sb_spec_kernels(); *kp; kp++, n++) {
        const sb_kernel_spec *k = *kp;
        assert_non_null(k->name);
        assert_non_null(k->summary);
        assert_non_null(k->entry);
        assert_ptr_equal(sb_spec_kernel(k->name), k);
        assert_true(k->patterns != 0);
        assert_true(k->n_params <= SB_MAX_PARAMS);
        if (k->baseline)
            baselines++, assert_int_equal(k->format, SB_FORMAT_DENSE);
        if (k->task) {
            const sb_kernel_spec *t = sb_spec_kernel(k->task);
            assert_non_null(t);
            assert_true(t->is_task);
            assert_int_equal(t->format, k->format);
            assert_int_equal(t->patterns, k->patterns);
        }
        if (k->n_params > 0) {
            assert_non_null(k->program);
            assert_ptr_equal(sb_spec_family(k->program), k); /* one family, one kernel */
        }
        for (int i = 0; i < k->n_params; i++) {
            const sb_param_spec *p = &k->params[i];
            char key[128], value[32], why[512];
            snprintf(key, sizeof key, "%s.%s", k->program, p->name);
            assert_int_equal(sb_spec_param_index(k, p->name), i); /* names unique */
            if (p->role == SB_PARAM_DERIVED) {
                assert_int_equal(p->n_candidates, 0);
                assert_int_equal(sb_spec_check_param(key, "4", why, sizeof why), 0);
                continue;
            }
            snprintf(value, sizeof value, "%d", p->def);
            if (!sb_spec_check_param(key, value, why, sizeof why))
                fail_msg("default of %s: %s", key, why);
            /* the default is a candidate too (an automatic default is the kernel's own choice) */
            int default_among = p->n_candidates == 0 || ((p->rules & SB_RULE_AUTO) && p->def == 0);
            for (int c = 0; c < p->n_candidates; c++) {
                snprintf(value, sizeof value, "%d", p->candidates[c]);
                if (!sb_spec_check_param(key, value, why, sizeof why))
                    fail_msg("candidate of %s: %s", key, why);
                default_among |= p->candidates[c] == p->def;
            }
            if (!default_among)
                fail_msg("%s: the default %d is not among the values tune tries", key, p->def);
        }
        /* the defaults keep the rules between parameters */
        sb_kparams d;
        sb_kparams_defaults(k, &d);
        char why[256];
        if (k->valid && !k->valid(d.v, why, sizeof why))
            fail_msg("%s: defaults break its rule: %s", k->name, why);
    }
    assert_int_equal(n, 16); /* + csr_tile, csr_auto, nm_tile */
    assert_int_equal(baselines, 3); /* clblast and dense (fp32), tc_dense (fp16, tf32) */
}

/* The catalogue and the implementations are one set: no entry without code, no code without an
 * entry. */
static void test_every_kernel_has_an_implementation(void **state)
{
    (void)state;
    int specs = 0, impls = 0;
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++, specs++)
        if (!sb_kernel_find((*k)->name))
            fail_msg("catalogue kernel '%s' has no implementation in src/kernels/", (*k)->name);
    for (const sb_kernel *const *k = sb_kernel_all(); *k; k++, impls++)
        if (!sb_spec_kernel((*k)->name))
            fail_msg("implementation '%s' has no catalogue entry", (*k)->name);
    assert_int_equal(specs, impls);
}

/* The text of cl_kernels/<file> followed by that of every header it includes with #include "..."
 * (one level: csr_tile.cl keeps its tile's fallbacks in tile_core.h). */
static char *program_text(const char *file)
{
    char *rel = sb_asprintf("cl_kernels/%s", file);
    char *path = sb_test_source_path(rel);
    sb_error err;
    char *text = sb_read_file(path, NULL, &err);
    if (!text)
        fail_msg("%s", err.msg);
    free(rel);
    free(path);
    for (const char *at = strstr(text, "#include \""); at; at = strstr(at + 1, "#include \"")) {
        const char *name = at + strlen("#include \"");
        const char *end = strchr(name, '"');
        if (!end)
            break;
        char *inc = sb_strndup(name, (size_t)(end - name));
        char *irel = sb_asprintf("cl_kernels/%s", inc);
        char *ipath = sb_test_source_path(irel);
        char *itext = sb_read_file(ipath, NULL, &err);
        if (!itext) {
            fail_msg("%s", err.msg);
            break; /* not reached (fail_msg ends the test); GCC cannot see that itext is set */
        }
        char *joined = sb_asprintf("%s\n%s", text, itext);
        size_t off = (size_t)(at - text);
        free(text);
        text = joined;
        at = text + off;
        free(inc);
        free(irel);
        free(ipath);
        free(itext);
    }
    return text;
}

/* The .cl files keep #ifndef defaults only as fallbacks; where one names a tunable, it is the
 * catalogue's default (one definition, and the fallback cannot drift from it). */
static void test_cl_fallbacks_match_the_catalogue(void **state)
{
    (void)state;
    int checked = 0;
    for (const sb_kernel_spec *const *kp = sb_spec_kernels(); *kp; kp++) {
        const sb_kernel_spec *k = *kp;
        if (!k->program)
            continue;
        char *file = sb_asprintf("%s.cl", k->program);
        char *text = program_text(file);
        for (int i = 0; i < k->n_params; i++) {
            const sb_param_spec *p = &k->params[i];
            if (p->role != SB_PARAM_TUNABLE || (p->rules & SB_RULE_AUTO))
                continue;
            char *def = sb_asprintf("#ifndef %s\n#define %s ", p->name, p->name);
            const char *at = strstr(text, def);
            if (!at)
                fail_msg("%s: no #ifndef fallback for the tunable %s", file, p->name);
            int v = atoi(at + strlen(def));
            if (v != p->def)
                fail_msg("%s: fallback %s = %d, but the catalogue's default is %d", file, p->name,
                         v, p->def);
            checked++;
            free(def);
        }
        free(text);
        free(file);
    }
    assert_true(checked >= 20);
}

static void expect_refused(const char *key, const char *value, const char *needle)
{
    char why[512] = "";
    if (sb_spec_check_param(key, value, why, sizeof why))
        fail_msg("%s=%s was accepted", key, value);
    if (!strstr(why, needle))
        fail_msg("%s=%s: expected '%s' in: %s", key, value, needle, why);
}

/* Issue 11 item 4: zero, words, values near 2^30 and beyond int, unknown names: each refused with
 * its name. */
static void test_bad_values_are_refused_by_name(void **state)
{
    (void)state;
    expect_refused("nm_spmm.WG_SIZE", "0", "nm_spmm.WG_SIZE = 0 is out of range: it must be within 1..1024");
    expect_refused("nm_spmm.WG_SIZE", "-128", "nm_spmm.WG_SIZE = -128 is out of range");
    expect_refused("csr_spmm.VEC", "abc", "csr_spmm.VEC = 'abc' is not a whole number");
    expect_refused("csr_spmm.VEC", "", "csr_spmm.VEC = '' is not a whole number");
    expect_refused("csr_spmm.VEC", "4.5", "is not a whole number");
    expect_refused("csr_spmm.VEC", " 4", "is not a whole number");
    expect_refused("csr_spmm.VEC", "3", "csr_spmm.VEC = 3 must be a power of two within 1..16");
    expect_refused("csr_spmm.ROWS_PER_WG", "1073741824", "csr_spmm.ROWS_PER_WG = 1073741824 is out of range");
    expect_refused("csr_spmv.ROWS_PER_WG", "1073741823", "out of range");
    expect_refused("csr_spmv.LANES", "4294967296", "out of range");
    expect_refused("csr_spmv.LANES", "99999999999999999999999", "is not a whole number");
    expect_refused("csr_spmm.VECC", "4", "unknown tunable 'csr_spmm.VECC': csr_spmm has VEC, VPT, UNROLL");
    expect_refused("csr.VEC", "4", "unknown kernel family 'csr' in tunable 'csr.VEC'");
    expect_refused("VEC", "4", "must be written FAMILY.NAME");
    expect_refused("bsr_spmm.BR", "4", "bsr_spmm.BR is set from the matrix, not a tunable");
    expect_refused("bsr_spmm.RPT", "2", "not a tunable");
    char why[512];
    assert_int_equal(sb_spec_check_param("csr_spmv.LANES", "0", why, sizeof why), 1); /* automatic */
    assert_int_equal(sb_spec_check_param("csr_spmm.VEC", "16", why, sizeof why), 1);
    assert_int_equal(sb_spec_check_param("nm_spmm.WG_SIZE", "1024", why, sizeof why), 1);
    assert_int_equal(sb_spec_check_param("csr_spmv.WG_MAX", "256", why, sizeof why), 1);

    sb_params p = {0};
    sb_params_set(&p, "csr_spmm.VEC", "8");
    sb_params_set(&p, "nm_spmm.WG_SIZE", "0");
    sb_error err;
    assert_int_equal(sb_spec_check_params(&p, "x.json: entry nm", &err), -1);
    assert_string_equal(err.msg, "x.json: entry nm: nm_spmm.WG_SIZE = 0 is out of range: it must be "
                                 "within 1..1024");
    sb_params_free(&p);
}

/* Defaults, then each layer, later winning; other families ignored; the rule between parameters
 * checked on the result. */
static void test_resolve_layers(void **state)
{
    (void)state;
    const sb_kernel_spec *csr = sb_spec_kernel("csr");
    sb_params profile = {0}, tuned = {0}, cli = {0};
    sb_params_set(&profile, "csr_spmm.VEC", "16");
    sb_params_set(&profile, "csr_spmm.UNROLL", "4");
    sb_params_set(&profile, "bsr_spmm.VEC", "2"); /* another family: not csr's */
    sb_params_set(&tuned, "csr_spmm.VEC", "8");
    sb_params_set(&cli, "csr_spmm.ROWS_FAST", "1");
    const sb_params *layers[] = {&profile, &tuned, NULL, &cli};
    sb_kparams v;
    sb_error err;
    assert_int_equal(sb_kparams_resolve(csr, layers, 4, &v, &err), 0);
    assert_ptr_equal(v.kernel, csr);
    assert_int_equal(sb_kp(&v, "VEC"), 8);        /* tuning over profile */
    assert_int_equal(sb_kp(&v, "UNROLL"), 4);     /* profile over default 2 */
    assert_int_equal(sb_kp(&v, "ROWS_FAST"), 1);  /* --param */
    assert_int_equal(sb_kp(&v, "TILE_COLS"), 32); /* default */
    assert_int_equal(sb_kp(&v, "ROW_ITERS"), 1);

    char defines[256], variant[256];
    sb_kparams_defines(&v, defines, sizeof defines);
    assert_string_equal(defines, "-DVEC=8 -DVPT=1 -DUNROLL=4 -DTILE_COLS=32 -DROWS_PER_WG=4 "
                                 "-DROWS_FAST=1 -DROW_ITERS=1 -DKCHUNK=0 -DRAGGED=1 -DROW_SHARE=1");
    sb_kparams_variant(&v, NULL, variant, sizeof variant);
    assert_string_equal(variant, "csr_spmm_rowblock VEC=8 VPT=1 UNROLL=4 TILE_COLS=32 ROWS_PER_WG=4 "
                                 "ROWS_FAST=1 ROW_ITERS=1 KCHUNK=0 RAGGED=1 ROW_SHARE=1");

    /* a bad value in any layer is refused with its name */
    sb_params_set(&cli, "csr_spmm.VPT", "0");
    assert_int_equal(sb_kparams_resolve(csr, layers, 4, &v, &err), -1);
    assert_non_null(strstr(err.msg, "csr_spmm.VPT = 0 is out of range"));

    /* dense: WPT must divide TILE, checked on the resolved values */
    sb_params bad = {0};
    sb_params_set(&bad, "dense_gemm.TILE", "8");
    sb_params_set(&bad, "dense_gemm.WPT", "16");
    const sb_params *one[] = {&bad};
    assert_int_equal(sb_kparams_resolve(sb_spec_kernel("dense"), one, 1, &v, &err), -1);
    assert_string_equal(err.msg, "dense_gemm.WPT (16) must divide dense_gemm.TILE (8)");
    sb_params_free(&bad);
    sb_params_free(&profile);
    sb_params_free(&tuned);
    sb_params_free(&cli);
}

/* Derived values and host-only tunables: the first in -D and variant, the second in neither. */
static void test_generated_strings(void **state)
{
    (void)state;
    sb_kparams v;
    sb_kparams_defaults(sb_spec_kernel("bsr"), &v);
    sb_kp_set(&v, "BR", 8);
    sb_kp_set(&v, "BC", 4);
    sb_kp_set(&v, "RPT", 8);
    char defines[256], variant[256];
    sb_kparams_defines(&v, defines, sizeof defines);
    assert_string_equal(defines, "-DBR=8 -DBC=4 -DVEC=4 -DRPT=8 -DCOLS_PER_WG=16 -DKSPLIT=1");
    sb_kparams_variant(&v, NULL, variant, sizeof variant);
    assert_string_equal(variant, "bsr_spmm BR=8 BC=4 VEC=4 RPT=8 COLS_PER_WG=16 KSPLIT=1");

    sb_kparams_defaults(sb_spec_kernel("nm"), &v);
    sb_kp_set(&v, "NM_N", 2);
    sb_kp_set(&v, "NM_M", 4);
    sb_kparams_defines(&v, defines, sizeof defines);
    /* TILE_MIN_N, WG_SIZE, AUTO: host only */
    assert_string_equal(defines,
                        "-DNM_N=2 -DNM_M=4 -DNM_WHOLE_K=0 -DVEC=4 -DKSPLIT=0 -DCOLS=32 -DUNROLL=4 "
                        "-DCHUNK=1 -DACCS=1 -DVPT=1 -DLANE=0 -DSHIFT=0 -DPADB=0 -DRX=1");
    sb_kparams_variant(&v, "WG=32x4", variant, sizeof variant);
    assert_string_equal(variant,
                        "nm_spmm NM_N=2 NM_M=4 NM_WHOLE_K=0 VEC=4 KSPLIT=0 COLS=32 UNROLL=4 CHUNK=1 "
                        "ACCS=1 VPT=1 LANE=0 SHIFT=0 PADB=0 RX=1 WG=32x4");

    sb_kparams_defaults(sb_spec_kernel("csr_task"), &v);
    sb_kparams_variant(&v, NULL, variant, sizeof variant);
    assert_string_equal(variant, "csr_task UNROLL=4 COLS=8 (one work-item)");

    sb_kparams_defaults(sb_spec_kernel("clblast"), &v);
    sb_kparams_defines(&v, defines, sizeof defines);
    assert_string_equal(defines, "");
    sb_kparams_variant(&v, NULL, variant, sizeof variant);
    assert_string_equal(variant, "CLBlastSgemm row-major NN (CLBlast tuning database)");
}

static void test_patterns_n_and_task_variants(void **state)
{
    (void)state;
    char why[512];
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED}, nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    assert_int_equal(sb_kernel_accepts_pattern("nm", &nm, why, sizeof why), 1);
    assert_int_equal(sb_kernel_accepts_pattern("nm_task", &un, why, sizeof why), 0);
    assert_non_null(strstr(why, "kernel 'nm_task' stores the N:M format, which holds only a matrix "
                                "pruned with pattern 'nm' (this matrix is 'unstructured')"));
    assert_int_equal(sb_kernel_accepts_pattern("csrr", &un, why, sizeof why), 0);
    assert_non_null(strstr(why, "unknown kernel 'csrr' (known: csr csr_balanced csr_tile csr_auto csr_spmv"));

    const sb_kernel_spec *spmv = sb_spec_kernel("csr_spmv");
    assert_int_equal(sb_spec_accepts_n(spmv, 1, why, sizeof why), 1);
    assert_int_equal(sb_spec_accepts_n(spmv, 64, why, sizeof why), 0);
    assert_string_equal(why, "csr_spmv computes a matrix-vector product: it runs only N = 1 (use "
                             "csr or csr_balanced or csr_tile or csr_auto for N = 64)");
    assert_int_equal(sb_spec_accepts_n(sb_spec_kernel("csr"), 64, why, sizeof why), 1);

    /* task_kernels: csr, bsr and nm run as their single-work-item variants, nothing else does */
    const char *const plain[] = {"csr", "bsr", "nm", "csr_balanced", "csr_spmv", "dense", "clblast"};
    const char *const task[] = {"csr_task", "bsr_task", "nm_task", "csr_balanced", "csr_spmv",
                                "dense", "clblast"};
    for (int i = 0; i < 7; i++) {
        const sb_kernel_spec *k = sb_spec_kernel(plain[i]);
        assert_string_equal(sb_spec_task_variant(k, 0)->name, plain[i]);
        assert_string_equal(sb_spec_task_variant(k, 1)->name, task[i]);
    }
    assert_string_equal(sb_kernel_format("bsr_task"), "bsr");
    assert_int_equal(sb_kernel_format_is_blocked("nm_task"), 1);
    assert_int_equal(sb_kernel_format_is_blocked("csr"), 0);
    assert_null(sb_kernel_format("nope"));
}

static void test_tuning_classes(void **state)
{
    (void)state;
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_pattern blk = {.kind = SB_PATTERN_BLOCK, .block_rows = 32, .block_cols = 32};
    char c[64];
    sb_case_shape s = {.pattern = &un, .bsr_br = 4, .bsr_bc = 8, .M = 1024, .K = 512, .N = 1,
                       .sparsity = 0.9};
    sb_tuning_class("csr", &s, c, sizeof c);
    assert_string_equal(c, "M s75-92 N1");
    sb_tuning_class("bsr", &s, c, sizeof c);
    assert_string_equal(c, "4x8 M s75-92 N1"); /* bsr_block where the pattern is not block */
    s.pattern = &blk;
    s.M = 4096, s.K = 4096, s.N = 300, s.sparsity = 0.95;
    sb_tuning_class("bsr_task", &s, c, sizeof c);
    assert_string_equal(c, "32x32 L s92+ N257-1024");
    s.M = s.K = 2048, s.N = 16, s.sparsity = 0.5; /* 4M elements: still M */
    sb_tuning_class("dense", &s, c, sizeof c);
    assert_string_equal(c, "M s<75 N2-16");
    s.M = s.K = 512; /* 256K elements: S */
    s.N = 17;
    sb_tuning_class("csr", &s, c, sizeof c);
    assert_string_equal(c, "S s<75 N17-64");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_is_consistent),
        cmocka_unit_test(test_every_kernel_has_an_implementation),
        cmocka_unit_test(test_cl_fallbacks_match_the_catalogue),
        cmocka_unit_test(test_bad_values_are_refused_by_name),
        cmocka_unit_test(test_resolve_layers),
        cmocka_unit_test(test_generated_strings),
        cmocka_unit_test(test_patterns_n_and_task_variants),
        cmocka_unit_test(test_tuning_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
