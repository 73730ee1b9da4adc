/* Shards of a plan (see sb_shard.h for the rule and why it is round-robin over units). */
#include "sb_shard.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_int(const char *s, const char *end, long *out)
{
    if (s == end || *s < '0' || *s > '9')
        return -1;
    long v = 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9' || v > SB_SHARD_MAX)
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

int sb_shard_parse(const char *text, sb_shard *out, sb_error *err)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    long i = 0, n = 0;
    if (!slash || parse_int(text, slash, &i) || parse_int(slash + 1, slash + strlen(slash), &n))
        return sb_fail(err, "--shard needs I/N, two whole numbers with 1 <= I <= N (e.g. 2/4), "
                            "got '%s'", text ? text : "");
    if (n < 1 || n > SB_SHARD_MAX || i < 1 || i > n)
        return sb_fail(err, "--shard %s: I must be between 1 and N, and N at most %d", text,
                       SB_SHARD_MAX);
    out->index = (int)i;
    out->count = (int)n;
    return 0;
}

char *sb_shard_unit_key(const sb_matrix_spec *spec, int N)
{
    char s[32];
    if (spec->sparsity < 0)
        snprintf(s, sizeof s, "stored");
    else
        snprintf(s, sizeof s, "%.6g", spec->sparsity);
    if (spec->model)
        return sb_asprintf("model %s s=%s", spec->model, s);
    return sb_asprintf("matrix %s s=%s N=%d", spec->name, s, N);
}

/* Distinct keys in order of first appearance: an open-addressing table from key to unit ordinal,
 * so a plan of many thousand cases is dealt in linear time. */
typedef struct unit_table {
    const char **keys;
    int *ordinal;
    size_t cap;
    int n_units;
} unit_table;

static int unit_of(unit_table *t, const char *key)
{
    size_t i = (size_t)sb_hash64(key, strlen(key), 0) & (t->cap - 1);
    while (t->keys[i]) {
        if (strcmp(t->keys[i], key) == 0)
            return t->ordinal[i];
        i = (i + 1) & (t->cap - 1);
    }
    t->keys[i] = key;
    t->ordinal[i] = t->n_units;
    return t->n_units++;
}

static void table_init(unit_table *t, int n)
{
    t->cap = 16;
    while (t->cap < 2 * (size_t)n)
        t->cap *= 2;
    t->keys = sb_calloc(t->cap, sizeof *t->keys);
    t->ordinal = sb_calloc(t->cap, sizeof *t->ordinal);
    t->n_units = 0;
}

static void table_free(unit_table *t)
{
    free(t->keys);
    free(t->ordinal);
}

int sb_shard_assign(const char *const *keys, int n, int count, int *shard_of)
{
    unit_table t;
    table_init(&t, n);
    for (int i = 0; i < n; i++)
        shard_of[i] = unit_of(&t, keys[i]) % count + 1;
    int units = t.n_units;
    table_free(&t);
    return units;
}

int sb_shard_select(const char *const *keys, int n, const sb_shard *shard, int *keep)
{
    if (shard->count < 1) {
        for (int i = 0; i < n; i++)
            keep[i] = 1;
        return n;
    }
    int *shard_of = sb_malloc(sizeof *shard_of * (size_t)(n ? n : 1));
    sb_shard_assign(keys, n, shard->count, shard_of);
    int kept = 0;
    for (int i = 0; i < n; i++)
        kept += keep[i] = shard_of[i] == shard->index;
    free(shard_of);
    return kept;
}

uint64_t sb_shard_plan_hash(const char *const *keys, int n)
{
    unit_table t;
    table_init(&t, n);
    sb_strbuf units = {0};
    sb_strbuf_appendf(&units, "%s", "");
    for (int i = 0; i < n; i++) {
        int before = t.n_units;
        if (unit_of(&t, keys[i]) == before)
            sb_strbuf_appendf(&units, "%s\n", keys[i]);
    }
    uint64_t h = sb_hash64(units.s, units.len, 0);
    sb_strbuf_free(&units);
    table_free(&t);
    return h;
}

void sb_shard_record_free(sb_shard_record *rec)
{
    for (int i = 0; i < rec->n_unit_keys; i++)
        free(rec->unit_keys[i]);
    free(rec->unit_keys);
    memset(rec, 0, sizeof *rec);
}

/* Keeps the cases with keep[i], in order: indices, groups, rows and used matrices follow. */
static void keep_cases(sb_plan *p, const int *keep)
{
    int n = 0, n_groups = 0, last_group = -1;
    for (int i = 0; i < p->n_cases; i++) {
        if (!keep[i])
            continue;
        sb_case c = p->cases[i];
        if (c.group != last_group) {
            last_group = c.group;
            p->groups[n_groups] = p->groups[c.group];
            p->groups[n_groups].first = n;
            p->groups[n_groups].count = 0;
            n_groups++;
        }
        c.index = n;
        c.group = n_groups - 1;
        p->groups[n_groups - 1].count++;
        p->cases[n++] = c;
    }
    p->n_cases = n;
    p->n_groups = n_groups;
    p->n_rows = 0;
    memset(p->matrix_used, 0, sizeof *p->matrix_used * (size_t)p->cfg->n_matrices);
    for (int i = 0; i < n; i++) {
        if (p->cases[i].fate != SB_CASE_LEFT_OUT) {
            p->n_rows++;
            p->matrix_used[p->cases[i].matrix] = 1;
        }
    }
}

void sb_plan_shard(sb_plan *plan, const sb_shard *shard, sb_shard_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->shard = *shard;
    const int n = plan->n_cases;
    char **keys = sb_calloc((size_t)n + 1, sizeof *keys);
    int *keep = sb_calloc((size_t)n + 1, sizeof *keep);
    for (int i = 0; i < n; i++)
        keys[i] = sb_shard_unit_key(&plan->cfg->matrices[plan->cases[i].matrix], plan->cases[i].N);
    rec->plan_hash = sb_shard_plan_hash((const char *const *)keys, n);
    sb_shard_select((const char *const *)keys, n, shard, keep);
    /* the units in plan order: how many in all, which are this shard's */
    unit_table t;
    table_init(&t, n);
    rec->unit_keys = sb_calloc((size_t)n + 1, sizeof *rec->unit_keys);
    for (int i = 0; i < n; i++) {
        int before = t.n_units;
        if (unit_of(&t, keys[i]) == before && keep[i])
            rec->unit_keys[rec->n_unit_keys++] = sb_strdup(keys[i]);
    }
    rec->units = t.n_units;
    table_free(&t);
    if (shard->count > 0)
        keep_cases(plan, keep);
    for (int i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    free(keep);
}

struct cJSON *sb_shard_record_json(const sb_shard_record *rec)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "index", rec->shard.index);
    cJSON_AddNumberToObject(o, "count", rec->shard.count);
    char plan[32];
    snprintf(plan, sizeof plan, "%016llx", (unsigned long long)rec->plan_hash);
    cJSON_AddStringToObject(o, "plan", plan);
    cJSON_AddNumberToObject(o, "units", rec->units);
    cJSON *mine = cJSON_AddArrayToObject(o, "unit_keys");
    for (int i = 0; i < rec->n_unit_keys; i++)
        cJSON_AddItemToArray(mine, cJSON_CreateString(rec->unit_keys[i]));
    return o;
}
