/* DLMC folder discovery (see experiment_internal.h): a model's layers_from names a directory of
 * .smtx files, or a template with {sparsity} whose folders are picked by the model's sparsity
 * list; every file becomes a layer, its N from n_per_sample (a number or an N table). */
#define _DEFAULT_SOURCE
#include "experiment_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

/* Every *.smtx of dir, sorted by name. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_smtx(loader *L, const yt_node *at, const char *dir, char ***out, int *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return yt_fail(&L->doc, at, L->err, "cannot read the directory %s", dir);
    char **names = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(ex_path_suffix(de->d_name), ".smtx") != 0)
            continue;
        names = sb_realloc(names, sizeof *names * (size_t)(n + 1));
        names[n++] = sb_strdup(de->d_name);
    }
    closedir(d);
    if (n == 0)
        return yt_fail(&L->doc, at, L->err, "the directory %s holds no .smtx files", dir);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    *out = names;
    *count = n;
    return 0;
}

/* The directory template with {sparsity} replaced (or as is when s < 0). */
static int expand_template(loader *L, const yt_node *at, const char *tmpl, double s, char **out)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s", "");
    for (const char *p = tmpl; *p;) {
        if (strncmp(p, "{sparsity}", 10) == 0) {
            char v[32];
            sb_sparsity_text(s, v, sizeof v);
            sb_strbuf_appendf(&b, "%s", v);
            p += 10;
        } else if (*p == '{' || *p == '}') {
            sb_strbuf_free(&b);
            return yt_fail(&L->doc, at, L->err,
                           "the only placeholder 'dlmc' knows is {sparsity}, got '%s'", tmpl);
        } else {
            sb_strbuf_appendf(&b, "%c", *p++);
        }
    }
    *out = b.s;
    return 0;
}

/* A {sparsity} folder that is absent while its parent exists: the data directory is right, the
 * sparsity is not one the data has. Returns 1 with *full (the folder) and *have (the parent's
 * sub-folders, "0.5, 0.9", or "nothing"), both malloc'd; 0 when the folder exists or the parent
 * does not either (a wrong data directory: ex_resolve_path says so). */
static int missing_sparsity_folder(loader *L, const char *rel, char **full, char **have)
{
    if (!L->data_dir && rel[0] != '/')
        return 0;
    char *path = rel[0] == '/' ? sb_strdup(rel) : sb_path_join(L->data_dir, rel);
    const char *slash = strrchr(path, '/');
    char *parent = slash && slash != path ? sb_strndup(path, (size_t)(slash - path)) : NULL;
    DIR *d = parent && !sb_is_dir(path) ? opendir(parent) : NULL;
    if (!d) {
        free(parent);
        free(path);
        return 0;
    }
    char **names = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *sub = sb_path_join(parent, de->d_name);
        if (sb_is_dir(sub)) {
            names = sb_realloc(names, sizeof *names * (size_t)(n + 1));
            names[n++] = sb_strdup(de->d_name);
        }
        free(sub);
    }
    closedir(d);
    free(parent);
    if (n > 1) /* qsort(NULL, 0, ...) is undefined: a folder with no sub-folder */
        qsort(names, (size_t)n, sizeof *names, cmp_str);
    sb_strbuf list = {0};
    for (int i = 0; i < n; i++) {
        sb_strbuf_appendf(&list, "%s%s", i ? ", " : "", names[i]);
        free(names[i]);
    }
    free(names);
    *full = path;
    *have = list.s ? list.s : sb_strdup("nothing");
    return 1;
}

/* Records the model's sparsities whose folder is missing (missing[f] holds the folder, have[f]
 * what its parent has; NULL where the folder was there) in cfg->missing, each with the message the
 * plan gives when it keeps that sparsity: where, what there is, what to do. */
static void record_missing(loader *L, const yt_node *at, const char *model, const prune_opts *po,
                           char **missing, char **have)
{
    sb_strbuf present = {0};
    for (int f = 0; f < po->n_sparsities; f++) {
        char v[32];
        sb_sparsity_text(po->sparsities[f], v, sizeof v);
        if (!missing[f])
            sb_strbuf_appendf(&present, "%s%s", present.s ? "," : "", v);
    }
    sb_config *c = L->cfg;
    for (int f = 0; f < po->n_sparsities; f++) {
        if (!missing[f])
            continue;
        char v[32];
        sb_sparsity_text(po->sparsities[f], v, sizeof v);
        sb_error msg;
        if (present.s)
            yt_fail(&L->doc, at, &msg, "no folder for sparsity %s: %s does not exist (there is: %s); "
                    "put the collection's %s folder there, or run only the sparsities that have "
                    "one (--sparsity %s)", v, missing[f], have[f], v, present.s);
        else
            yt_fail(&L->doc, at, &msg, "no folder for sparsity %s: %s does not exist (there is: %s); "
                    "put the collection's %s folder there, or check the data directory (--data-dir "
                    "DIR or SPARSEBENCH_DATA)", v, missing[f], have[f], v);
        c->missing = sb_realloc(c->missing, sizeof *c->missing * (size_t)(c->n_missing + 1));
        c->missing[c->n_missing++] = (sb_missing_folder){
            .model = sb_strdup(model), .sparsity = po->sparsities[f], .message = sb_strdup(msg.msg)};
    }
    sb_strbuf_free(&present);
}

/* Every .smtx of a DLMC directory. With {sparsity} in the path each listed sparsity picks a
 * folder, whose files are used as stored (or re-pruned to a block/nm pattern); without it the
 * files follow the same rules as explicit file layers. */
int ex_model_layers_from(loader *L, const yt_node *from, const char *model, int batch,
                             const yt_node *model_map, prune_opts *po)
{
    const yt_doc *doc = &L->doc;
    const yt_node *dn, *nn;
    const char *tmpl;
    if (yt_require(doc, from, "dlmc", "layers_from", &dn, L->err) != 0 ||
        yt_expect_string(doc, dn, "dlmc", &tmpl, L->err) != 0 ||
        yt_require(doc, from, "n_per_sample", "layers_from", &nn, L->err) != 0)
        return -1;
    int per_folder = strstr(tmpl, "{sparsity}") != NULL;
    if (per_folder && !po->sparsities)
        return yt_fail(doc, model_map, L->err,
                       "model '%s' is missing required key 'sparsity' (it picks the {sparsity} "
                       "folders of layers_from)", model);
    if (!per_folder && ex_needs_sparsity(L, model_map, "model", model, SB_SOURCE_DLMC, po, NULL) != 0)
        return -1;

    /* n_per_sample: one number for every layer, or a file of "layer_name,N" lines */
    ex_n_table table = {0};
    int same_N = 0;
    if (nn->kind == YT_SCALAR && nn->plain && nn->text[0] &&
        strspn(nn->text, "+-0123456789") == strlen(nn->text)) {
        if (ex_parse_int_min(L, nn, "n_per_sample", 1, &same_N) != 0)
            return -1;
    } else {
        const char *rel;
        if (yt_expect_string(doc, nn, "n_per_sample", &rel, L->err) != 0 ||
            ex_read_n_table(L, nn, rel, &table) != 0) {
            ex_n_table_free(&table);
            return -1;
        }
    }

    int rc = -1;
    int n_folders = per_folder ? po->n_sparsities : 1;
    /* per folder: the path and the parent's contents where it is missing (recorded at the end) */
    char **missing = sb_calloc((size_t)n_folders, sizeof *missing);
    char **have = sb_calloc((size_t)n_folders, sizeof *have);
    for (int f = 0; f < n_folders; f++) {
        char *rel = NULL, *dir = NULL, **files = NULL;
        int n_files = 0, ok = 0;
        if (expand_template(L, dn, tmpl, per_folder ? po->sparsities[f] : -1.0, &rel) != 0)
            goto folder_done;
        if (per_folder && missing_sparsity_folder(L, rel, &missing[f], &have[f])) {
            ok = 1; /* not needed unless the plan keeps this sparsity */
            goto folder_done;
        }
        if (ex_resolve_path(L, dn, rel, 1, &dir) != 0 || list_smtx(L, dn, dir, &files, &n_files) != 0)
            goto folder_done;
        entry *e = sb_calloc((size_t)n_files, sizeof *e);
        int i;
        for (i = 0; i < n_files; i++) {
            e[i].at = from;
            e[i].source = SB_SOURCE_DLMC;
            e[i].path = sb_path_join(dir, files[i]);
            e[i].path_node = dn;
            e[i].name = ex_base_name(files[i]);
            if (!yt_is_valid_name(e[i].name)) {
                yt_fail(doc, dn, L->err, "%s: the file name is not a valid layer name (letters, digits, "
                        "'_', '.', '-')", e[i].path);
                break;
            }
            int per_sample = same_N;
            if (!same_N) {
                int found = -1;
                for (int t = 0; t < table.count; t++)
                    if (strcmp(table.names[t], e[i].name) == 0)
                        found = t;
                if (found < 0) {
                    yt_fail(doc, nn, L->err, "layer '%s' (%s) has no N in %s", e[i].name, e[i].path,
                            table.path);
                    break;
                }
                per_sample = table.N[found];
            }
            int prunes = per_folder ? po->pattern.kind != SB_PATTERN_UNSTRUCTURED
                                    : (po->sparsities || po->pattern.kind == SB_PATTERN_NM);
            if (ex_layer_N(L, dn, per_sample, batch, &e[i]) != 0 || ex_read_file_shape(L, &e[i]) != 0 ||
                ex_check_shape_fits(L, dn, "layer", &e[i], po, prunes) != 0)
                break;
        }
        if (i == n_files) {
            ok = 1;
            if (per_folder) {
                int prune = po->pattern.kind != SB_PATTERN_UNSTRUCTURED;
                for (i = 0; i < n_files; i++)
                    ex_push_spec(L, &e[i], po, po->sparsities[f], prune, &e[i].N, 1, model);
            } else {
                int n_s = po->sparsities ? po->n_sparsities : 1;
                for (int s = 0; s < n_s; s++)
                    for (i = 0; i < n_files; i++)
                        ex_push_at_sparsity(L, &e[i], po, s, &e[i].N, 1, model);
            }
        }
        for (i = 0; i < n_files; i++)
            ex_entry_free(&e[i]);
        free(e);
    folder_done:
        for (int k = 0; k < n_files; k++)
            free(files[k]);
        free(files);
        free(rel);
        free(dir);
        if (!ok)
            goto done;
    }
    if (per_folder)
        record_missing(L, dn, model, po, missing, have);
    rc = 0;
done:
    for (int f = 0; f < n_folders; f++) {
        free(missing[f]);
        free(have[f]);
    }
    free(missing);
    free(have);
    ex_n_table_free(&table);
    return rc;
}
