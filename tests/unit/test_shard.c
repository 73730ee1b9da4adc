/* --shard I/N: every case of a plan in exactly one shard for N = 1..7, a matrix's dense baseline
 * in the same shard as the sparse kernels compared with it, a model's layers together, shards
 * balanced to within one unit, and the assignment independent of the node's devices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_device.h"
#include "sb_plan.h"
#include "sb_shard.h"
#include "test_support.h"

/* One case of the plan (sb_plan.h) that gives a row, as run enumerates them. */
typedef struct test_case {
    int matrix, N, device;
    char *key;   /* its unit key */
    char *name;  /* a readable identity, for messages */
} test_case;

typedef struct test_plan {
    sb_config cfg;
    test_case *cases;
    int n;
} test_plan;

/* The plan run makes for rel on n_devices devices (fakes: the plan needs no OpenCL; no profile,
 * so CLBlast is every group's baseline). */
static void plan_load(test_plan *p, const char *rel, int n_devices, const sb_config_filter *filter)
{
    memset(p, 0, sizeof *p);
    char *path = rel[0] == '/' ? sb_strdup(rel) : sb_test_source_path(rel);
    sb_error err;
    if (sb_config_load(path, getenv("SB_DATA_DIR"), &p->cfg, &err) != 0)
        fail_msg("%s: %s", path, err.msg);
    free(path);
    sb_device devs[4];
    sb_plan_device pd[4];
    memset(devs, 0, sizeof devs);
    memset(pd, 0, sizeof pd);
    for (int d = 0; d < n_devices; d++) {
        snprintf(devs[d].stable_id, sizeof devs[d].stable_id, "test/dev-%d", d);
        devs[d].compiler_available = 1;
        pd[d].dev = &devs[d];
    }
    sb_plan plan;
    if (sb_plan_make(&plan, &p->cfg, filter, pd, n_devices, NULL, &err) != 0)
        fail_msg("%s: %s", rel, err.msg);
    p->cases = sb_calloc((size_t)plan.n_cases + 1, sizeof *p->cases);
    for (int i = 0; i < plan.n_cases; i++) {
        const sb_case *c = &plan.cases[i];
        if (c->fate == SB_CASE_LEFT_OUT)
            continue;
        const sb_matrix_spec *s = &p->cfg.matrices[c->matrix];
        test_case *t = &p->cases[p->n++];
        t->matrix = c->matrix;
        t->N = c->N;
        t->device = c->device;
        t->key = sb_shard_unit_key(s, c->N);
        t->name = sb_asprintf("%s s=%g N=%d dev %d %s", s->name, s->sparsity, c->N, c->device,
                              c->is_baseline ? "baseline" : c->kernel->name);
    }
    sb_plan_free(&plan);
}

static void plan_free(test_plan *p)
{
    for (int i = 0; i < p->n; i++) {
        free(p->cases[i].key);
        free(p->cases[i].name);
    }
    free(p->cases);
    sb_config_free(&p->cfg);
}

static const char **keys_of(const test_plan *p)
{
    const char **keys = sb_calloc((size_t)p->n + 1, sizeof *keys);
    for (int i = 0; i < p->n; i++)
        keys[i] = p->cases[i].key;
    return keys;
}

/* Two models at several sparsities beside plain matrices: layers of one model have their own N. */
static char mixed_config[64];
static const char mixed_yaml[] =
    "name: mixed\n"
    "kernels: [csr, bsr, clblast]\n"
    "N: [8, 32, 64]\n"
    "matrices:\n"
    "  - {name: a, M: 64, K: 64, sparsity: [0.5, 0.8, 0.9], pattern: unstructured}\n"
    "  - {name: b, M: 128, K: 64, sparsity: [0.7, 0.95], pattern: block, block: 4}\n"
    "models:\n"
    "  - name: m1\n"
    "    batch: 2\n"
    "    sparsity: [0.6, 0.9]\n"
    "    layers:\n"
    "      - {name: l1, M: 64, K: 32, n_per_sample: 1}\n"
    "      - {name: l2, M: 32, K: 64, n_per_sample: 9}\n"
    "      - {name: l3, M: 16, K: 32, n_per_sample: 4}\n"
    "  - name: m2\n"
    "    batch: 1\n"
    "    sparsity: [0.5, 0.75, 0.9]\n"
    "    layers:\n"
    "      - {name: l1, M: 32, K: 32, n_per_sample: 2}\n";

static int write_mixed(void **state)
{
    (void)state;
    snprintf(mixed_config, sizeof mixed_config, "/tmp/sb_test_shard_XXXXXX.yaml");
    int fd = mkstemps(mixed_config, 5);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    int bad = !f || fputs(mixed_yaml, f) < 0;
    if (f && fclose(f) != 0)
        bad = 1;
    return bad ? -1 : 0;
}

static int remove_mixed(void **state)
{
    (void)state;
    return remove(mixed_config);
}

static const char *const configs[] = {"configs/quick.yaml", "configs/formats.yaml",
                                      "configs/mlp.yaml", "configs/transformer.yaml",
                                      mixed_config, NULL};

/* --shard I/N for I = 1..N, as run selects them: every case is run by exactly one of them. */
static void every_case_in_exactly_one_shard(void **state)
{
    (void)state;
    for (const char *const *cfg = configs; *cfg; cfg++) {
        test_plan p;
        plan_load(&p, *cfg, 2, NULL);
        assert_true(p.n > 0);
        const char **keys = keys_of(&p);
        int *runs = sb_calloc((size_t)p.n, sizeof *runs), *keep = sb_calloc((size_t)p.n, sizeof *keep);
        for (int count = 1; count <= 7; count++) {
            memset(runs, 0, sizeof *runs * (size_t)p.n);
            int total = 0;
            for (int index = 1; index <= count; index++) {
                sb_shard shard = {.index = index, .count = count};
                int kept = sb_shard_select(keys, p.n, &shard, keep);
                int counted = 0;
                for (int i = 0; i < p.n; i++) {
                    runs[i] += keep[i] != 0;
                    counted += keep[i] != 0;
                }
                assert_int_equal(kept, counted);
                total += kept;
            }
            for (int i = 0; i < p.n; i++)
                if (runs[i] != 1)
                    fail_msg("%s, %d shards: case %s is run by %d shards", *cfg, count,
                             p.cases[i].name, runs[i]);
            assert_int_equal(total, p.n);
        }
        /* not sharded: everything */
        sb_shard none = {0};
        assert_int_equal(sb_shard_select(keys, p.n, &none, keep), p.n);
        free(runs);
        free(keep);
        free(keys);
        plan_free(&p);
    }
}

/* sb_plan_shard, what `run --shard` calls, on the real plan with two devices: for N = 1..7 the
 * shards' cases (by their stable keys) are the plan's, each exactly once; every kept group is
 * whole (its baseline first, all its kernels), indices and groups renumbered, n_rows and
 * matrix_used follow; the records agree on the plan and split its units. */
static sb_device shard_devs[2];

static void make_plan(sb_plan *plan, const sb_config *cfg)
{
    sb_plan_device pd[2] = {{0}};
    for (int d = 0; d < 2; d++) {
        memset(&shard_devs[d], 0, sizeof shard_devs[d]);
        snprintf(shard_devs[d].stable_id, sizeof shard_devs[d].stable_id, "test/dev-%d", d);
        shard_devs[d].compiler_available = 1;
        pd[d].dev = &shard_devs[d];
    }
    sb_error err;
    if (sb_plan_make(plan, cfg, NULL, pd, 2, NULL, &err) != 0)
        fail_msg("%s: %s", cfg->path, err.msg);
}

static void plan_shards_partition_the_plan(void **state)
{
    (void)state;
    for (const char *const *rel = configs; *rel; rel++) {
        sb_config cfg;
        sb_error err;
        char *path = (*rel)[0] == '/' ? sb_strdup(*rel) : sb_test_source_path(*rel);
        if (sb_config_load(path, getenv("SB_DATA_DIR"), &cfg, &err) != 0)
            fail_msg("%s: %s", path, err.msg);
        free(path);
        sb_plan full;
        make_plan(&full, &cfg);
        int *seen = sb_calloc((size_t)full.n_cases, sizeof *seen);
        for (int count = 1; count <= 7; count++) {
            memset(seen, 0, sizeof *seen * (size_t)full.n_cases);
            int rows = 0, units = 0, n_units = -1;
            uint64_t hash = 0;
            for (int index = 1; index <= count; index++) {
                sb_plan p;
                make_plan(&p, &cfg);
                sb_shard shard = {.index = index, .count = count};
                sb_shard_record rec;
                sb_plan_shard(&p, &shard, &rec);
                if (n_units < 0) {
                    n_units = rec.units;
                    hash = rec.plan_hash;
                }
                assert_int_equal(rec.units, n_units);
                assert_true(rec.plan_hash == hash);
                units += rec.n_unit_keys;
                int prows = 0;
                int *used = sb_calloc((size_t)cfg.n_matrices, sizeof *used);
                for (int i = 0; i < p.n_cases; i++) {
                    const sb_case *c = &p.cases[i];
                    assert_int_equal(c->index, i);
                    const sb_plan_group *g = &p.groups[c->group];
                    assert_true(c->group >= 0 && c->group < p.n_groups);
                    assert_true(i >= g->first && i < g->first + g->count);
                    assert_true(c->matrix == g->matrix && c->N == g->N && c->device == g->device);
                    if (i == g->first)
                        assert_true(c->is_baseline);
                    int found = -1;
                    for (int j = 0; j < full.n_cases && found < 0; j++)
                        if (strcmp(full.cases[j].key, c->key) == 0)
                            found = j;
                    if (found < 0)
                        fail_msg("%s %d/%d: case %s is not in the plan", *rel, index, count, c->key);
                    seen[found]++;
                    if (c->fate != SB_CASE_LEFT_OUT) {
                        prows++;
                        used[c->matrix] = 1;
                    }
                }
                /* every kept group is as long as it is in the full plan */
                for (int g = 0; g < p.n_groups; g++)
                    for (int h = 0; h < full.n_groups; h++)
                        if (full.groups[h].matrix == p.groups[g].matrix &&
                            full.groups[h].N == p.groups[g].N &&
                            full.groups[h].device == p.groups[g].device)
                            assert_int_equal(p.groups[g].count, full.groups[h].count);
                assert_int_equal(p.n_rows, prows);
                assert_memory_equal(p.matrix_used, used, sizeof *used * (size_t)cfg.n_matrices);
                rows += prows;
                free(used);
                sb_shard_record_free(&rec);
                sb_plan_free(&p);
            }
            for (int j = 0; j < full.n_cases; j++)
                if (seen[j] != 1)
                    fail_msg("%s, %d shards: case %s is in %d shards", *rel, count,
                             full.cases[j].key, seen[j]);
            assert_int_equal(rows, full.n_rows);
            assert_int_equal(units, n_units);
        }
        /* not sharded: the plan is left as it was */
        sb_plan p;
        make_plan(&p, &cfg);
        sb_shard none = {0};
        sb_shard_record rec;
        sb_plan_shard(&p, &none, &rec);
        assert_int_equal(p.n_cases, full.n_cases);
        assert_int_equal(p.n_groups, full.n_groups);
        assert_int_equal(rec.n_unit_keys, rec.units);
        sb_shard_record_free(&rec);
        sb_plan_free(&p);
        free(seen);
        sb_plan_free(&full);
        sb_config_free(&cfg);
    }
}

/* The speedup column divides the baseline's median by the kernel's: both must be measured by
 * the same shard, for each matrix, N and device. A model's total sums all its layers at one
 * sparsity on one device: all of them in one shard. */
static void baseline_and_model_layers_stay_together(void **state)
{
    (void)state;
    for (const char *const *cfg = configs; *cfg; cfg++) {
        test_plan p;
        plan_load(&p, *cfg, 3, NULL);
        const char **keys = keys_of(&p);
        int *shard_of = sb_calloc((size_t)p.n, sizeof *shard_of);
        for (int count = 2; count <= 7; count++) {
            sb_shard_assign(keys, p.n, count, shard_of);
            for (int i = 0; i < p.n; i++)
                for (int j = i + 1; j < p.n; j++) {
                    const test_case *a = &p.cases[i], *b = &p.cases[j];
                    const sb_matrix_spec *sa = &p.cfg.matrices[a->matrix], *sb = &p.cfg.matrices[b->matrix];
                    int same_group = a->matrix == b->matrix && a->N == b->N;
                    int same_model = sa->model && sb->model && strcmp(sa->model, sb->model) == 0 &&
                                     sa->sparsity == sb->sparsity;
                    if ((same_group || same_model) && shard_of[i] != shard_of[j])
                        fail_msg("%s, %d shards: %s is in shard %d, %s in shard %d", *cfg, count,
                                 a->name, shard_of[i], b->name, shard_of[j]);
                }
        }
        free(shard_of);
        free(keys);
        plan_free(&p);
    }
}

/* Units (matrix x N, or model x sparsity) counted independently of the unit key. */
static int unit_id(const test_plan *p, int i)
{
    const test_case *c = &p->cases[i];
    const sb_matrix_spec *s = &p->cfg.matrices[c->matrix];
    for (int j = 0; j < i; j++) {
        const test_case *o = &p->cases[j];
        const sb_matrix_spec *t = &p->cfg.matrices[o->matrix];
        if (s->model ? (t->model && strcmp(s->model, t->model) == 0 && s->sparsity == t->sparsity)
                     : (o->matrix == c->matrix && o->N == c->N))
            return unit_id(p, j);
    }
    return i;
}

/* Round-robin: shards differ by at most one unit; quick.yaml's 8 units (4 sparsities x 2 N)
 * give 2 per shard over 4 shards and none empty over 7. */
static void shards_are_balanced(void **state)
{
    (void)state;
    for (const char *const *cfg = configs; *cfg; cfg++) {
        test_plan p;
        plan_load(&p, *cfg, 1, NULL);
        const char **keys = keys_of(&p);
        int *shard_of = sb_calloc((size_t)p.n, sizeof *shard_of);
        int *first = sb_calloc((size_t)p.n, sizeof *first);
        int n_units = 0;
        for (int i = 0; i < p.n; i++)
            n_units += first[i] = unit_id(&p, i) == i;
        for (int count = 1; count <= 7; count++) {
            int units = sb_shard_assign(keys, p.n, count, shard_of);
            assert_int_equal(units, n_units);
            int per[8] = {0};
            for (int i = 0; i < p.n; i++)
                per[shard_of[i]] += first[i];
            int lo = n_units, hi = 0;
            for (int s = 1; s <= count; s++) {
                lo = per[s] < lo ? per[s] : lo;
                hi = per[s] > hi ? per[s] : hi;
            }
            if (hi - lo > 1)
                fail_msg("%s, %d shards: %d to %d units per shard", *cfg, count, lo, hi);
            if (strcmp(*cfg, "configs/quick.yaml") == 0) {
                assert_int_equal(n_units, 8);
                if (count == 4)
                    assert_true(lo == 2 && hi == 2);
                if (count == 7)
                    assert_true(lo >= 1);
            }
        }
        free(first);
        free(shard_of);
        free(keys);
        plan_free(&p);
    }
}

/* A node with one device and a node with three deal the same units to the same shards (so shard
 * 2/4 of a GPU node and of a CPU node cover the same matrices), and twice gives the same. */
static void assignment_ignores_devices_and_is_repeatable(void **state)
{
    (void)state;
    test_plan one, three;
    plan_load(&one, "configs/formats.yaml", 1, NULL);
    plan_load(&three, "configs/formats.yaml", 3, NULL);
    const char **k1 = keys_of(&one), **k3 = keys_of(&three);
    int *s1 = sb_calloc((size_t)one.n, sizeof *s1), *s3 = sb_calloc((size_t)three.n, sizeof *s3);
    int *again = sb_calloc((size_t)three.n, sizeof *again);
    sb_shard_assign(k1, one.n, 5, s1);
    sb_shard_assign(k3, three.n, 5, s3);
    sb_shard_assign(k3, three.n, 5, again);
    assert_memory_equal(s3, again, sizeof *s3 * (size_t)three.n);
    for (int i = 0; i < three.n; i++)
        for (int j = 0; j < one.n; j++)
            if (three.cases[i].matrix == one.cases[j].matrix && three.cases[i].N == one.cases[j].N &&
                s3[i] != s1[j])
                fail_msg("%s: shard %d with 3 devices, %d with 1", three.cases[i].name, s3[i], s1[j]);
    assert_true(sb_shard_plan_hash(k1, one.n) == sb_shard_plan_hash(k3, three.n));
    free(again);
    free(s1);
    free(s3);
    free(k1);
    free(k3);
    plan_free(&one);
    plan_free(&three);
}

/* Shards of different plans (another config, or a --sparsity filter) have different
 * fingerprints, so the report can tell them apart. */
static void plan_hash_tells_plans_apart(void **state)
{
    (void)state;
    test_plan full, filtered, other;
    const double only[] = {0.9};
    sb_config_filter f = {.sparsities = only, .n_sparsities = 1};
    plan_load(&full, "configs/quick.yaml", 1, NULL);
    plan_load(&filtered, "configs/quick.yaml", 1, &f);
    plan_load(&other, "configs/formats.yaml", 1, NULL);
    const char **a = keys_of(&full), **b = keys_of(&filtered), **c = keys_of(&other);
    assert_true(filtered.n < full.n);
    assert_true(sb_shard_plan_hash(a, full.n) != sb_shard_plan_hash(b, filtered.n));
    assert_true(sb_shard_plan_hash(a, full.n) != sb_shard_plan_hash(c, other.n));
    free(a);
    free(b);
    free(c);
    plan_free(&full);
    plan_free(&filtered);
    plan_free(&other);
}

static void unit_keys_name_matrix_sparsity_and_n(void **state)
{
    (void)state;
    int N[] = {16, 128};
    sb_matrix_spec m = {.name = "fc", .sparsity = 0.9, .N = N, .n_N = 2};
    char *k = sb_shard_unit_key(&m, 16);
    assert_string_equal(k, "matrix fc s=0.9 N=16");
    free(k);
    m.sparsity = -1;
    k = sb_shard_unit_key(&m, 128);
    assert_string_equal(k, "matrix fc s=stored N=128");
    free(k);
    m.model = "resnet50";
    m.sparsity = 0.8;
    k = sb_shard_unit_key(&m, 3136);
    assert_string_equal(k, "model resnet50 s=0.8");
    free(k);
}

static void parse_accepts_i_of_n_only(void **state)
{
    (void)state;
    sb_shard s;
    sb_error err;
    assert_int_equal(sb_shard_parse("3/4", &s, &err), 0);
    assert_int_equal(s.index, 3);
    assert_int_equal(s.count, 4);
    assert_int_equal(sb_shard_parse("1/1", &s, &err), 0);
    assert_true(s.index == 1 && s.count == 1);
    const char *bad[] = {"0/4", "5/4", "4", "/4", "1/", "a/b", "1/0", "-1/3", "1/4x", " 1/4",
                         "1/-4", "", "2/1", "1/1000001", NULL};
    for (const char **b = bad; *b; b++) {
        err.msg[0] = '\0';
        if (sb_shard_parse(*b, &s, &err) == 0)
            fail_msg("'%s' was accepted as %d/%d", *b, s.index, s.count);
        assert_non_null(strstr(err.msg, "--shard"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case_in_exactly_one_shard),
        cmocka_unit_test(plan_shards_partition_the_plan),
        cmocka_unit_test(baseline_and_model_layers_stay_together),
        cmocka_unit_test(shards_are_balanced),
        cmocka_unit_test(assignment_ignores_devices_and_is_repeatable),
        cmocka_unit_test(plan_hash_tells_plans_apart),
        cmocka_unit_test(unit_keys_name_matrix_sparsity_and_n),
        cmocka_unit_test(parse_accepts_i_of_n_only),
    };
    return cmocka_run_group_tests(tests, write_mixed, remove_mixed);
}
