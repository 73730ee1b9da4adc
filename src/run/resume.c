/* Continuing an interrupted run (see resume.h). */
#include "resume.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_store.h"

/* ---- the devices, compared -------------------------------------------------------------- */

/* "P:D ID (driver V)" of one device, appended to list (", " between) */
static void device_label(sb_strbuf *list, const char *index, const char *id, const char *driver)
{
    sb_strbuf_appendf(list, "%s%s %s (driver %s)", list->len ? ", " : "", index ? index : "?",
                      id ? id : "?", driver ? driver : "?");
}

int sb_resume_check_devices(const sb_resume *r, const sb_device *devs, const int *sel, int n,
                            sb_error *err)
{
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(r->meta, "devices");
    int n_rec = cJSON_IsArray(rec) ? cJSON_GetArraySize(rec) : 0;
    sb_strbuf was = {0}, is = {0};
    sb_strbuf_appendf(&was, "%s", "");
    sb_strbuf_appendf(&is, "%s", "");
    int same = n_rec == n;
    for (int i = 0; i < n_rec; i++) {
        const cJSON *d = cJSON_GetArrayItem(rec, i);
        const char *idx = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "index"));
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "id"));
        const char *drv =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "driver_version"));
        device_label(&was, idx, id, drv);
        if (i < n) {
            const sb_device *now = &devs[sel[i]];
            char here[16];
            same = same && idx && id && drv &&
                   strcmp(idx, sb_device_index(now, here, sizeof here)) == 0 &&
                   strcmp(id, now->stable_id) == 0 && strcmp(drv, now->driver_version) == 0;
        }
    }
    int rc = 0;
    if (!same) {
        for (int i = 0; i < n; i++) {
            const sb_device *now = &devs[sel[i]];
            char here[16];
            device_label(&is, sb_device_index(now, here, sizeof here), now->stable_id,
                         now->driver_version);
        }
        rc = sb_fail(err, "--resume %s: the run measured on %d device(s): %s; its device selection "
                          "'%s' gives %d now: %s. A resumed run measures on the same devices: "
                          "continue it where only those are visible (OCL_ICD_VENDORS, "
                          "CUDA_VISIBLE_DEVICES), or start a new run",
                     r->opt.resume_dir, n_rec, n_rec ? was.s : "none recorded",
                     r->device_sel ? r->device_sel : "all", n, n ? is.s : "none");
    }
    sb_strbuf_free(&was);
    sb_strbuf_free(&is);
    return rc;
}

/* ---- the invocation, written ----------------------------------------------------------- */

static void add_string(cJSON *o, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(o, key, value);
    else
        cJSON_AddNullToObject(o, key);
}

int sb_resume_config_hash(const char *path, char out[17], sb_error *err)
{
    size_t len = 0;
    char *text = sb_read_file(path, &len, err);
    if (!text)
        return -1;
    snprintf(out, 17, "%016llx", (unsigned long long)sb_hash64(text, len, 0));
    free(text);
    return 0;
}

cJSON *sb_invocation_json(const sb_run_options *opt, const char *config_hash,
                          unsigned long long plan_hash)
{
    cJSON *o = cJSON_CreateObject();
    char *abs = realpath(opt->config_path, NULL);
    add_string(o, "config", abs ? abs : opt->config_path);
    free(abs);
    add_string(o, "config_hash", config_hash);
    char plan[17];
    snprintf(plan, sizeof plan, "%016llx", plan_hash);
    cJSON_AddStringToObject(o, "plan_fingerprint", plan);
    add_string(o, "device", opt->device_sel);
    add_string(o, "profile", opt->profile);
    /* what the run used, defaults from the environment resolved: a resume in another shell
     * makes the same plan */
    add_string(o, "tuning", opt->tuning ? opt->tuning : getenv("SPARSEBENCH_TUNING"));
    add_string(o, "data_dir", opt->data_dir ? opt->data_dir : getenv("SPARSEBENCH_DATA"));
    add_string(o, "binaries", opt->binaries_dir ? opt->binaries_dir
                                                : getenv("SPARSEBENCH_BINARIES"));
    cJSON *params = cJSON_AddObjectToObject(o, "params");
    for (int i = 0; i < opt->params.count; i++)
        cJSON_AddStringToObject(params, opt->params.items[i].key, opt->params.items[i].value);
    const sb_config_filter *f = &opt->filter;
    cJSON *filter = cJSON_AddObjectToObject(o, "filter");
    cJSON *s = cJSON_AddArrayToObject(filter, "sparsity");
    for (int i = 0; i < f->n_sparsities; i++)
        cJSON_AddItemToArray(s, cJSON_CreateNumber(f->sparsities[i]));
    cJSON *n = cJSON_AddArrayToObject(filter, "N");
    for (int i = 0; i < f->n_N; i++)
        cJSON_AddItemToArray(n, cJSON_CreateNumber(f->N[i]));
    cJSON *k = cJSON_AddArrayToObject(filter, "kernels");
    for (int i = 0; i < f->n_kernels; i++)
        cJSON_AddItemToArray(k, cJSON_CreateString(f->kernels[i]));
    cJSON_AddNumberToObject(filter, "batch", f->batch);
    cJSON *shard = cJSON_AddObjectToObject(o, "shard");
    cJSON_AddNumberToObject(shard, "index", opt->shard.index);
    cJSON_AddNumberToObject(shard, "count", opt->shard.count);
    add_string(o, "save_cases", opt->save_cases_dir);
    cJSON_AddNumberToObject(o, "save_cases_max", (double)opt->save_cases_max);
    return o;
}

/* ---- the invocation, read back -------------------------------------------------------- */

/* o[key]: a string (copied), or null (NULL). */
static int opt_string(const cJSON *o, const char *key, const char *path, char **out, sb_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v) || !v->valuestring)
        return sb_fail(err, "%s: invocation.%s is missing or not a string", path, key);
    *out = sb_strdup(v->valuestring);
    return 0;
}

static int read_filter(sb_resume *r, const cJSON *f, const char *path, sb_error *err)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(f, "sparsity");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(f, "N");
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(f, "kernels");
    if (!cJSON_IsObject(f) || !cJSON_IsArray(s) || !cJSON_IsArray(n) || !cJSON_IsArray(k))
        return sb_fail(err, "%s: invocation.filter is not {sparsity: [], N: [], kernels: []}", path);
    sb_config_filter *flt = &r->opt.filter;
    int ns = cJSON_GetArraySize(s), nn = cJSON_GetArraySize(n), nk = cJSON_GetArraySize(k);
    r->sparsities = sb_calloc((size_t)ns + 1, sizeof *r->sparsities);
    r->N = sb_calloc((size_t)nn + 1, sizeof *r->N);
    r->kernels = sb_calloc((size_t)nk + 1, sizeof *r->kernels);
    const cJSON *v;
    cJSON_ArrayForEach(v, s) {
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1))
            return sb_fail(err, "%s: invocation.filter.sparsity holds a value outside [0, 1]", path);
        r->sparsities[flt->n_sparsities++] = v->valuedouble;
    }
    cJSON_ArrayForEach(v, n) {
        if (!cJSON_IsNumber(v) || sb_double_to_int(v->valuedouble, 1, INT_MAX, &r->N[flt->n_N]))
            return sb_fail(err, "%s: invocation.filter.N holds something other than an N", path);
        flt->n_N++;
    }
    cJSON_ArrayForEach(v, k) {
        if (!cJSON_IsString(v))
            return sb_fail(err, "%s: invocation.filter.kernels holds a non-string", path);
        r->kernels[flt->n_kernels++] = sb_strdup(v->valuestring);
    }
    flt->sparsities = r->sparsities;
    flt->N = r->N;
    flt->kernels = r->kernels;
    return sb_json_get_int(f, "batch", path, 0, INT_MAX, &flt->batch, err);
}

static int read_invocation(sb_resume *r, const cJSON *inv, const char *path, sb_error *err)
{
    sb_run_options *o = &r->opt;
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(inv, "params");
    const cJSON *shard = cJSON_GetObjectItemCaseSensitive(inv, "shard");
    const char *plan;
    long long save_max;
    if (!cJSON_IsObject(inv))
        return sb_fail(err, "%s: no \"invocation\": this run cannot be resumed (made by an older "
                            "sparsebench?)", path);
    if (opt_string(inv, "config", path, &r->config_path, err) ||
        opt_string(inv, "config_hash", path, &r->config_hash, err) ||
        opt_string(inv, "device", path, &r->device_sel, err) ||
        opt_string(inv, "profile", path, &r->profile, err) ||
        opt_string(inv, "tuning", path, &r->tuning, err) ||
        opt_string(inv, "data_dir", path, &r->data_dir, err) ||
        opt_string(inv, "binaries", path, &r->binaries_dir, err) ||
        opt_string(inv, "save_cases", path, &r->save_cases_dir, err) ||
        sb_json_get_string(inv, "plan_fingerprint", path, &plan, err) ||
        sb_json_get_int64(inv, "save_cases_max", path, 0, 1LL << 40, &save_max, err) ||
        read_filter(r, cJSON_GetObjectItemCaseSensitive(inv, "filter"), path, err))
        return -1;
    if (!r->config_path || !r->config_hash)
        return sb_fail(err, "%s: invocation.config is missing", path);
    char *end;
    r->plan_hash = strtoull(plan, &end, 16);
    if (strlen(plan) != 16 || *end)
        return sb_fail(err, "%s: invocation.plan_fingerprint is not 16 hex digits", path);
    if (!cJSON_IsObject(params))
        return sb_fail(err, "%s: invocation.params is not an object", path);
    const cJSON *p;
    cJSON_ArrayForEach(p, params) {
        if (!cJSON_IsString(p))
            return sb_fail(err, "%s: invocation.params.%s is not a string", path, p->string);
        sb_params_set(&o->params, p->string, p->valuestring);
    }
    if (!cJSON_IsObject(shard) ||
        sb_json_get_int(shard, "count", path, 0, SB_SHARD_MAX, &o->shard.count, err) ||
        sb_json_get_int(shard, "index", path, 0, o->shard.count, &o->shard.index, err))
        return sb_fail(err, "%s: invocation.shard is not {index, count}", path);
    o->config_path = r->config_path;
    o->device_sel = r->device_sel;
    o->profile = r->profile;
    o->tuning = r->tuning;
    o->data_dir = r->data_dir;
    o->binaries_dir = r->binaries_dir;
    o->save_cases_dir = r->save_cases_dir;
    o->save_cases_max = save_max;
    return 0;
}

int sb_resume_load(sb_resume *r, const char *dir, const sb_run_options *caller, sb_error *err)
{
    memset(r, 0, sizeof *r);
    char *path = sb_path_join(dir, "run.json");
    r->meta = sb_json_load_object(path, err);
    int rc = r->meta ? 0 : -1;
    const char *state = NULL;
    if (rc == 0 && sb_json_get_string(r->meta, "state", path, &state, err))
        rc = sb_fail(err, "%s: no \"state\": this run cannot be resumed (made by an older "
                          "sparsebench?)", path);
    if (rc == 0 && strcmp(state, "finished") == 0)
        rc = sb_fail(err, "--resume %s: that run finished: there is nothing to resume", dir);
    if (rc == 0)
        rc = read_invocation(r, cJSON_GetObjectItemCaseSensitive(r->meta, "invocation"), path, err);
    if (rc == 0 && caller->config_path) { /* the config moved: read it where the caller says */
        free(r->config_path);
        r->config_path = sb_strdup(caller->config_path);
        r->opt.config_path = r->config_path;
    }
    char hash[17];
    if (rc == 0 && sb_resume_config_hash(r->config_path, hash, err))
        rc = sb_fail_prefix(err, "--resume %s: its config (if it moved, give its new place: "
                                 "sparsebench run --resume %s CONFIG.yaml): ", dir, dir);
    if (rc == 0 && strcmp(hash, r->config_hash) != 0)
        rc = sb_fail(err, "--resume %s: %s changed since the run started: the rest of the run "
                          "would not be the same experiment; start a new run instead", dir,
                     r->config_path);
    if (rc == 0 && caller->config_path) { /* run.json names where the config is now */
        char *abs = realpath(r->config_path, NULL);
        cJSON_ReplaceItemInObjectCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(r->meta, "invocation"), "config",
            cJSON_CreateString(abs ? abs : r->config_path));
        free(abs);
    }
    free(path);
    r->opt.out_dir = dir;
    r->opt.resume_dir = dir;
    r->opt.progress = caller->progress;
    r->opt.stop = caller->stop;
    r->opt.command_line = caller->command_line;
    return rc;
}

void sb_resume_free(sb_resume *r)
{
    cJSON_Delete(r->meta);
    free(r->config_path), free(r->device_sel), free(r->profile), free(r->tuning);
    free(r->data_dir), free(r->binaries_dir), free(r->save_cases_dir), free(r->config_hash);
    free(r->sparsities);
    free(r->N);
    for (int i = 0; r->kernels && i < r->opt.filter.n_kernels; i++)
        free(r->kernels[i]);
    free(r->kernels);
    sb_params_free(&r->opt.params);
    memset(r, 0, sizeof *r);
}

/* ---- the rows already done ------------------------------------------------------------ */

/* One results.jsonl line into row, through the schema's table. */
static int row_from_json(const cJSON *o, sb_row *row, const char *where, sb_error *err)
{
    int n_cols;
    const sb_column *cols = sb_results_schema(&n_cols);
    sb_row_init(row);
    for (int i = 0; i < n_cols; i++) {
        const sb_column *c = &cols[i];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, c->name);
        char text[64];
        const char *cell = text;
        if (!v || cJSON_IsNull(v))
            text[0] = '\0';
        else if (cJSON_IsString(v))
            cell = v->valuestring;
        else if (cJSON_IsNumber(v) && c->type == SB_COL_DBL)
            snprintf(text, sizeof text, "%.17g", v->valuedouble);
        else if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
            snprintf(text, sizeof text, "%.0f", v->valuedouble);
        else
            return sb_fail(err, "%s: '%s' is not a value of that column", where, c->name);
        if (sb_cell_parse(c, cell, row))
            return sb_fail(err, "%s: '%s' is not a value of that column", where, c->name);
    }
    return 0;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const sb_done_key *)a)->key, ((const sb_done_key *)b)->key);
}

int sb_done_load(sb_done *d, const char *dir, sb_error *err)
{
    memset(d, 0, sizeof *d);
    char *path = sb_path_join(dir, "results.jsonl");
    char *text = sb_read_file(path, NULL, err);
    int rc = text ? 0 : -1, line_no = 0;
    for (char *line = text, *next; rc == 0 && line && *line; line = next) {
        next = strchr(line, '\n');
        if (!next)
            break; /* an unfinished last line: sb_results_open cuts it off */
        *next++ = '\0';
        line_no++;
        char where[600];
        snprintf(where, sizeof where, "%.500s:%d", path, line_no);
        cJSON *o = cJSON_Parse(line);
        if (!cJSON_IsObject(o)) {
            cJSON_Delete(o);
            rc = sb_fail(err, "%s: not a result row (JSON object)", where);
            break;
        }
        d->rows = sb_realloc(d->rows, sizeof *d->rows * (size_t)(d->n + 1));
        d->keys = sb_realloc(d->keys, sizeof *d->keys * (size_t)(d->n + 1));
        rc = row_from_json(o, &d->rows[d->n], where, err);
        cJSON_Delete(o);
        if (rc == 0) {
            char key[512];
            sb_plan_row_key(&d->rows[d->n], key, sizeof key);
            d->keys[d->n++] = sb_strdup(key);
        }
    }
    free(text);
    free(path);
    if (rc) {
        sb_done_free(d);
        return -1;
    }
    d->sorted = sb_calloc((size_t)d->n + 1, sizeof *d->sorted);
    for (int i = 0; i < d->n; i++)
        d->sorted[i] = (sb_done_key){d->keys[i], i};
    qsort(d->sorted, (size_t)d->n, sizeof *d->sorted, by_key);
    return 0;
}

const sb_row *sb_done_find(const sb_done *d, const char *key)
{
    int lo = 0, hi = d->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(d->sorted[mid].key, key);
        if (c == 0)
            return &d->rows[d->sorted[mid].row];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

void sb_done_free(sb_done *d)
{
    for (int i = 0; i < d->n; i++)
        free(d->keys[i]);
    free(d->keys);
    free(d->rows);
    free(d->sorted);
    memset(d, 0, sizeof *d);
}
