/* Device profiles (platforms/NAME.yaml, format in sb_profile.h): loaded strictly, so a typo in a
 * profile is a "FILE:LINE:COL" message rather than a device silently run with the defaults. */
#define _DEFAULT_SOURCE
#include "sb_profile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_device.h"
#include "sb_spec.h"
#include "yaml_tree.h"

static const char *const profile_keys[] = {"name", "priority", "match", "build_options", "clblast",
                                           "build", "binary_pattern", "task_kernels", "tensor_cores",
                                           "params", NULL};
static const char *const match_keys[] = {"platform", "vendor", "device", "type", "min_vector_width",
                                         "max_vector_width", NULL};

static void profile_free(sb_profile *p)
{
    free(p->name);
    free(p->path);
    free(p->match_platform);
    free(p->match_vendor);
    free(p->match_device);
    free(p->build_options);
    free(p->binary_pattern);
    sb_params_free(&p->params);
    memset(p, 0, sizeof *p);
}

/* A substring rule: a non-empty string. */
static int parse_rule(const yt_doc *doc, const yt_node *match, const char *key, char **out,
                      sb_error *err)
{
    const yt_node *n = yt_get(match, key);
    const char *s;
    if (!n)
        return 0;
    if (yt_expect_string(doc, n, key, &s, err) != 0)
        return -1;
    if (!*s)
        return yt_fail(doc, n, err, "'%s' is empty: leave the rule out to match any %s", key, key);
    *out = sb_strdup(s);
    return 0;
}

static int parse_type_name(const yt_doc *doc, const yt_node *n, int *mask, sb_error *err)
{
    const char *s;
    if (yt_expect_string(doc, n, "type", &s, err) != 0)
        return -1;
    if (strcmp(s, "gpu") == 0)
        *mask |= SB_DEVTYPE_GPU;
    else if (strcmp(s, "cpu") == 0)
        *mask |= SB_DEVTYPE_CPU;
    else if (strcmp(s, "accelerator") == 0)
        *mask |= SB_DEVTYPE_ACCELERATOR;
    else
        return yt_fail(doc, n, err, "'type' must be gpu, cpu or accelerator, got '%s'", s);
    return 0;
}

static int parse_match(const yt_doc *doc, const yt_node *match, sb_profile *p, sb_error *err)
{
    if (yt_is_null(match)) /* `match:` with nothing under it: matches every device */
        return 0;
    if (yt_expect_mapping(doc, match, "'match'", err) != 0 ||
        yt_check_keys(doc, match, "match", match_keys, err) != 0 ||
        parse_rule(doc, match, "platform", &p->match_platform, err) != 0 ||
        parse_rule(doc, match, "vendor", &p->match_vendor, err) != 0 ||
        parse_rule(doc, match, "device", &p->match_device, err) != 0)
        return -1;
    const char *widths[] = {"min_vector_width", "max_vector_width"};
    int *width_out[] = {&p->match_min_vec, &p->match_max_vec};
    for (int i = 0; i < 2; i++) {
        const yt_node *w = yt_get(match, widths[i]);
        long long v;
        if (!w)
            continue;
        if (yt_expect_int(doc, w, widths[i], &v, err) != 0)
            return -1;
        if (v != 1 && v != 2 && v != 4 && v != 8 && v != 16)
            return yt_fail(doc, w, err, "'%s' must be 1, 2, 4, 8 or 16, got %lld", widths[i], v);
        *width_out[i] = (int)v;
    }
    const yt_node *type = yt_get(match, "type");
    if (!type)
        return 0;
    if (yt_expect_list(doc, type, "type", 1, err) != 0)
        return -1;
    for (int i = 0; i < yt_list_len(type); i++)
        if (parse_type_name(doc, yt_list_at(type, i), &p->match_type, err) != 0)
            return -1;
    return 0;
}

/* Family and parameter names become "family.NAME" keys and preprocessor macros: identifiers. */
static int expect_identifier(const yt_doc *doc, const yt_node *n, const char *what, sb_error *err)
{
    const char *s = n->text;
    int ok = (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'));
    for (; ok && *s; s++)
        ok = *s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
    if (!ok)
        return yt_fail(doc, n, err, "%s '%s' must be an identifier (letters, digits, '_')", what, n->text);
    return 0;
}

/* params: family -> NAME -> scalar, flattened to "family.NAME". */
static int parse_params(const yt_doc *doc, const yt_node *params, sb_profile *p, sb_error *err)
{
    if (yt_is_null(params)) /* every entry commented out */
        return 0;
    if (yt_expect_mapping(doc, params, "'params' (kernel family: its tunables)", err) != 0)
        return -1;
    for (int i = 0; i < params->n_pairs; i++) {
        const yt_node *family = params->pairs[i].key, *values = params->pairs[i].value;
        if (expect_identifier(doc, family, "kernel family", err) != 0)
            return -1;
        if (yt_is_null(values))
            continue;
        char what[160];
        snprintf(what, sizeof what, "the tunables of '%s' (NAME: value)", family->text);
        if (yt_expect_mapping(doc, values, what, err) != 0)
            return -1;
        for (int j = 0; j < values->n_pairs; j++) {
            const yt_node *name = values->pairs[j].key, *value = values->pairs[j].value;
            char key[256];
            const char *v;
            snprintf(key, sizeof key, "%s.%s", family->text, name->text);
            if (expect_identifier(doc, name, "parameter", err) != 0 ||
                yt_expect_string(doc, value, key, &v, err) != 0)
                return -1;
            /* checked against the kernel's table now, not when a case runs */
            char why[512];
            if (!sb_spec_check_param(key, v, why, sizeof why)) {
                const sb_kernel_spec *k = sb_spec_family(family->text);
                const yt_node *at = !k ? family : sb_spec_param_index(k, name->text) < 0 ? name : value;
                return yt_fail(doc, at, err, "%s", why);
            }
            sb_params_set(&p->params, key, v);
        }
    }
    return 0;
}

/* name_at: where the name is written, for a duplicate-name message from the directory loader. */
static int parse_profile(const yt_doc *doc, sb_profile *p, int name_at[2], sb_error *err)
{
    const yt_node *root = doc->root, *n;
    const char *s;
    if (!root || yt_is_null(root))
        return yt_fail(doc, NULL, err, "the file is empty; a profile needs at least 'name'");
    if (yt_expect_mapping(doc, root, "the profile", err) != 0 ||
        yt_check_keys(doc, root, "the profile", profile_keys, err) != 0)
        return -1;
    if (yt_require(doc, root, "name", "the profile", &n, err) != 0 ||
        yt_expect_name(doc, n, "name", &s, err) != 0)
        return -1;
    p->name = sb_strdup(s);
    name_at[0] = n->line;
    name_at[1] = n->col;
    if ((n = yt_get(root, "priority"))) {
        long long v;
        if (yt_expect_int(doc, n, "priority", &v, err) != 0)
            return -1;
        if (v < -1000000 || v > 1000000)
            return yt_fail(doc, n, err, "priority must be within +-1000000, got %lld", v);
        p->priority = (int)v;
    }
    if ((n = yt_get(root, "match")) && parse_match(doc, n, p, err) != 0)
        return -1;
    if ((n = yt_get(root, "build_options"))) {
        if (n->kind == YT_SCALAR && !n->plain && n->text[0] == '\0')
            s = ""; /* "" spelled out: no options */
        else if (yt_expect_string(doc, n, "build_options", &s, err) != 0)
            return -1;
        p->build_options = sb_strdup(s);
    } else {
        p->build_options = sb_strdup("");
    }
    if ((n = yt_get(root, "clblast")) && yt_expect_bool(doc, n, "clblast", &p->clblast, err) != 0)
        return -1;
    if ((n = yt_get(root, "task_kernels")) &&
        yt_expect_bool(doc, n, "task_kernels", &p->task_kernels, err) != 0)
        return -1;
    if ((n = yt_get(root, "tensor_cores"))) {
        if (yt_expect_string(doc, n, "tensor_cores", &s, err) != 0)
            return -1;
        if (strcmp(s, "nvidia-mma") != 0 && strcmp(s, "emulated") != 0 && strcmp(s, "none") != 0)
            return yt_fail(doc, n, err, "'tensor_cores' must be nvidia-mma, emulated or none, got '%s'",
                           s);
        if (strcmp(s, "none") != 0)
            snprintf(p->tensor_cores, sizeof p->tensor_cores, "%s", s);
    }
    if ((n = yt_get(root, "build"))) {
        if (yt_expect_string(doc, n, "build", &s, err) != 0)
            return -1;
        if (strcmp(s, "binary") == 0)
            p->build_binary = 1;
        else if (strcmp(s, "auto") == 0)
            p->build_binary = SB_BUILD_AUTO;
        else if (strcmp(s, "source") != 0)
            return yt_fail(doc, n, err, "'build' must be source, binary or auto, got '%s'", s);
    }
    n = yt_get(root, "binary_pattern");
    if (p->build_binary == SB_BUILD_AUTO) {
        if (n && yt_expect_string(doc, n, "binary_pattern", &s, err) != 0)
            return -1;
        if (n)
            p->binary_pattern = sb_strdup(s);
    } else if (p->build_binary) {
        if (!n)
            return yt_fail(doc, root, err,
                           "the profile is missing required key 'binary_pattern' (needed by build: binary)");
        if (yt_expect_string(doc, n, "binary_pattern", &s, err) != 0)
            return -1;
        p->binary_pattern = sb_strdup(s);
    } else if (n) {
        return yt_fail(doc, yt_get_key(root, "binary_pattern"), err,
                       "'binary_pattern' applies only to 'build: binary' or 'auto' (this profile builds from source)");
    }
    if ((n = yt_get(root, "params")) && parse_params(doc, n, p, err) != 0)
        return -1;
    return 0;
}

static int load_profile(const char *path, sb_profile *out, int name_at[2], sb_error *err)
{
    memset(out, 0, sizeof *out);
    out->clblast = 1;
    out->path = sb_strdup(path);
    yt_doc doc;
    if (yt_load(path, &doc, err) != 0) {
        profile_free(out);
        return -1;
    }
    int rc = parse_profile(&doc, out, name_at, err);
    yt_free(&doc);
    if (rc != 0)
        profile_free(out);
    return rc;
}

int sb_profile_load_file(const char *path, sb_profile *out, sb_error *err)
{
    int name_at[2];
    return load_profile(path, out, name_at, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sb_profiles_load_dir(const char *dir, sb_profile_set *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (!d)
        return sb_fail(err, "%s: cannot read the profile directory (platforms/)", dir);
    char **names = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
            continue;
        names = sb_realloc(names, sizeof *names * (size_t)(n + 1));
        names[n++] = sb_strdup(de->d_name);
    }
    closedir(d);
    if (n == 0) {
        free(names);
        return sb_fail(err, "%s: no profiles (*.yaml) in this directory; it needs at least default.yaml", dir);
    }
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    out->items = sb_calloc((size_t)n, sizeof *out->items);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *path = sb_path_join(dir, names[i]);
        sb_profile *p = &out->items[out->count];
        int name_at[2];
        rc = load_profile(path, p, name_at, err);
        free(path);
        if (rc != 0)
            break;
        out->count++;
        for (int j = 0; j < out->count - 1; j++)
            if (strcmp(out->items[j].name, p->name) == 0) {
                rc = sb_fail(err, "%s:%d:%d: profile name '%s' is already used by %s; names must be unique",
                             p->path, name_at[0], name_at[1], p->name, out->items[j].path);
                break;
            }
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc != 0)
        sb_profiles_free(out);
    return rc;
}

static int profile_matches(const sb_profile *p, const sb_device *dev)
{
    if (p->match_platform && !sb_icontains(dev->platform_name, p->match_platform))
        return 0;
    if (p->match_vendor && !sb_icontains(dev->vendor, p->match_vendor))
        return 0;
    if (p->match_device && !sb_icontains(dev->name, p->match_device))
        return 0;
    if (p->match_type && !(p->match_type & dev->type))
        return 0;
    if (p->match_min_vec && (int)dev->native_vec_float < p->match_min_vec)
        return 0;
    if (p->match_max_vec && (int)dev->native_vec_float > p->match_max_vec)
        return 0;
    return 1;
}

const sb_profile *sb_profile_match(const sb_profile_set *set, const struct sb_device *dev)
{
    const sb_profile *best = NULL;
    for (int i = 0; set && i < set->count; i++) {
        const sb_profile *p = &set->items[i];
        /* strictly higher: on a tie the earlier file name stays */
        if (profile_matches(p, dev) && (!best || p->priority > best->priority))
            best = p;
    }
    return best;
}

void sb_profiles_free(sb_profile_set *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->count; i++)
        profile_free(&set->items[i]);
    free(set->items);
    set->items = NULL;
    set->count = 0;
}
