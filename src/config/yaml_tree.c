/* A YAML file as a small positioned tree (see yaml_tree.h), built from libyaml's event API so
 * every node keeps the line and column a message must point at. */
#include "yaml_tree.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* Deep enough for any config; stops a hostile file from nesting without end. */
#define YT_MAX_DEPTH 64

typedef struct anchor {
    char *name;
    yt_node *node;
} anchor;

typedef struct frame {
    yt_node *node;
    yt_node *pending_key; /* mappings: the key whose value comes next */
} frame;

typedef struct builder {
    yt_doc *doc;
    frame stack[YT_MAX_DEPTH];
    int depth;
    anchor *anchors;
    int n_anchors;
    int documents;
} builder;

int yt_fail(const yt_doc *doc, const yt_node *node, sb_error *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    int off = snprintf(err->msg, sizeof err->msg, "%s:%d:%d: ", doc->path, node ? node->line : 1,
                       node ? node->col : 1);
    if (off >= 0 && (size_t)off < sizeof err->msg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg + off, sizeof err->msg - (size_t)off, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int fail_at_mark(const yt_doc *doc, yaml_mark_t mark, sb_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at_mark(const yt_doc *doc, yaml_mark_t mark, sb_error *err, const char *fmt, ...)
{
    yt_node at = {.line = (int)mark.line + 1, .col = (int)mark.column + 1};
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return yt_fail(doc, &at, err, "%s", msg);
}

static yt_node *new_node(builder *b, yt_kind kind, yaml_mark_t mark)
{
    yt_node *n = sb_calloc(1, sizeof *n);
    n->kind = kind;
    n->line = (int)mark.line + 1;
    n->col = (int)mark.column + 1;
    n->next_alloc = b->doc->all;
    b->doc->all = n;
    return n;
}

static void remember_anchor(builder *b, const yaml_char_t *name, yt_node *node)
{
    if (!name)
        return;
    b->anchors = sb_realloc(b->anchors, sizeof *b->anchors * (size_t)(b->n_anchors + 1));
    b->anchors[b->n_anchors].name = sb_strdup((const char *)name);
    b->anchors[b->n_anchors].node = node;
    b->n_anchors++;
}

static yt_node *find_anchor(const builder *b, const char *name)
{
    for (int i = b->n_anchors - 1; i >= 0; i--) /* a later anchor of the same name wins */
        if (strcmp(b->anchors[i].name, name) == 0)
            return b->anchors[i].node;
    return NULL;
}

/* Hangs a finished node under the open collection (or makes it the root). */
static int attach(builder *b, yt_node *n, sb_error *err)
{
    if (b->depth == 0) {
        b->doc->root = n;
        return 0;
    }
    frame *f = &b->stack[b->depth - 1];
    yt_node *parent = f->node;
    if (parent->kind == YT_SEQUENCE) {
        parent->items = sb_realloc(parent->items, sizeof *parent->items * (size_t)(parent->n_items + 1));
        parent->items[parent->n_items++] = n;
        return 0;
    }
    if (!f->pending_key) {
        if (n->kind != YT_SCALAR)
            return yt_fail(b->doc, n, err, "a mapping key must be a plain name, not %s",
                           n->kind == YT_SEQUENCE ? "a list" : "a mapping");
        for (int i = 0; i < parent->n_pairs; i++) {
            const yt_node *k = parent->pairs[i].key;
            if (strcmp(k->text, n->text) == 0)
                return yt_fail(b->doc, n, err, "duplicate key '%s' (first given at line %d, column %d)",
                               n->text, k->line, k->col);
        }
        f->pending_key = n;
        return 0;
    }
    parent->pairs = sb_realloc(parent->pairs, sizeof *parent->pairs * (size_t)(parent->n_pairs + 1));
    parent->pairs[parent->n_pairs].key = f->pending_key;
    parent->pairs[parent->n_pairs].value = n;
    parent->n_pairs++;
    f->pending_key = NULL;
    return 0;
}

static int open_collection(builder *b, yt_node *n, sb_error *err)
{
    if (b->depth == YT_MAX_DEPTH)
        return yt_fail(b->doc, n, err, "nested more than %d levels deep", YT_MAX_DEPTH);
    b->stack[b->depth].node = n;
    b->stack[b->depth].pending_key = NULL;
    b->depth++;
    return 0;
}

/* One event into the tree. Returns 1 at the end of the stream, 0 to go on, -1 on error. */
static int handle_event(builder *b, const yaml_event_t *ev, sb_error *err)
{
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        return 1;
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1)
            return fail_at_mark(b->doc, ev->start_mark, err,
                                "a second YAML document ('---'); this file must hold one");
        return 0;
    case YAML_SCALAR_EVENT: {
        const char *v = (const char *)ev->data.scalar.value;
        size_t len = ev->data.scalar.length;
        if (memchr(v, '\0', len))
            return fail_at_mark(b->doc, ev->start_mark, err, "a value holds a NUL character");
        yt_node *n = new_node(b, YT_SCALAR, ev->start_mark);
        n->text = sb_strndup(v, len);
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        remember_anchor(b, ev->data.scalar.anchor, n);
        return attach(b, n, err);
    }
    case YAML_ALIAS_EVENT: {
        /* Anchors of collections are registered when they close, so an alias can never point
         * into itself: the tree stays acyclic. */
        yt_node *n = find_anchor(b, (const char *)ev->data.alias.anchor);
        if (!n)
            return fail_at_mark(b->doc, ev->start_mark, err, "alias '*%s' names no earlier anchor",
                                (const char *)ev->data.alias.anchor);
        return attach(b, n, err);
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int seq = ev->type == YAML_SEQUENCE_START_EVENT;
        yt_node *n = new_node(b, seq ? YT_SEQUENCE : YT_MAPPING, ev->start_mark);
        if (b->depth > 0 && b->stack[b->depth - 1].node->kind == YT_MAPPING &&
            !b->stack[b->depth - 1].pending_key)
            return yt_fail(b->doc, n, err, "a mapping key must be a plain name, not %s",
                           seq ? "a list" : "a mapping");
        if (open_collection(b, n, err) != 0)
            return -1;
        /* the anchor name is kept on the frame's node until it closes */
        if (seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor)
            n->text = sb_strdup((const char *)(seq ? ev->data.sequence_start.anchor
                                                   : ev->data.mapping_start.anchor));
        return 0;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        yt_node *n = b->stack[--b->depth].node;
        if (n->text) {
            remember_anchor(b, (const yaml_char_t *)n->text, n);
            free(n->text);
            n->text = NULL;
        }
        return attach(b, n, err);
    }
    default:
        return 0;
    }
}

int yt_load(const char *path, yt_doc *doc, sb_error *err)
{
    memset(doc, 0, sizeof *doc);
    doc->path = sb_strdup(path);
    size_t len;
    char *text = sb_read_file(path, &len, err);
    if (!text) {
        yt_free(doc);
        return -1;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        free(text);
        yt_free(doc);
        return sb_fail(err, "%s: cannot initialise the YAML parser", path);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    builder b = {.doc = doc};
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            const char *problem = parser.problem ? parser.problem : "malformed YAML";
            if (parser.context)
                rc = fail_at_mark(doc, parser.problem_mark, err,
                                  "YAML syntax error: %s (%s that starts at line %d, column %d)", problem,
                                  parser.context, (int)parser.context_mark.line + 1,
                                  (int)parser.context_mark.column + 1);
            else
                rc = fail_at_mark(doc, parser.problem_mark, err, "YAML syntax error: %s", problem);
            break;
        }
        int r = handle_event(&b, &ev, err);
        yaml_event_delete(&ev);
        if (r != 0) {
            rc = r < 0 ? -1 : 0;
            break;
        }
    }
    yaml_parser_delete(&parser);
    free(text);
    for (int i = 0; i < b.n_anchors; i++)
        free(b.anchors[i].name);
    free(b.anchors);
    if (rc != 0)
        yt_free(doc);
    return rc;
}

void yt_free(yt_doc *doc)
{
    yt_node *n = doc->all;
    while (n) {
        yt_node *next = n->next_alloc;
        free(n->text);
        free(n->items);
        free(n->pairs);
        free(n);
        n = next;
    }
    free(doc->path);
    memset(doc, 0, sizeof *doc);
}

const char *yt_describe(const yt_node *node, char *buf, size_t n)
{
    if (!node || yt_is_null(node))
        snprintf(buf, n, "nothing");
    else if (node->kind == YT_SEQUENCE)
        snprintf(buf, n, "a list");
    else if (node->kind == YT_MAPPING)
        snprintf(buf, n, "a mapping");
    else if (strlen(node->text) > 60)
        snprintf(buf, n, "'%.57s...'", node->text);
    else
        snprintf(buf, n, "'%s'", node->text);
    return buf;
}

int yt_is_null(const yt_node *node)
{
    return node->kind == YT_SCALAR && node->plain &&
           (node->text[0] == '\0' || strcmp(node->text, "~") == 0 || strcmp(node->text, "null") == 0 ||
            strcmp(node->text, "Null") == 0 || strcmp(node->text, "NULL") == 0);
}

yt_node *yt_get_key(const yt_node *map, const char *key)
{
    if (!map || map->kind != YT_MAPPING)
        return NULL;
    for (int i = 0; i < map->n_pairs; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].key;
    return NULL;
}

yt_node *yt_get(const yt_node *map, const char *key)
{
    if (!map || map->kind != YT_MAPPING)
        return NULL;
    for (int i = 0; i < map->n_pairs; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].value;
    return NULL;
}

int yt_expect_mapping(const yt_doc *doc, const yt_node *node, const char *what, sb_error *err)
{
    if (node && node->kind == YT_MAPPING)
        return 0;
    char got[80];
    return yt_fail(doc, node, err, "expected %s as a mapping of 'key: value' lines, got %s", what,
                   yt_describe(node, got, sizeof got));
}

int yt_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99; /* no key is that long: not worth a suggestion */
    int d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

int yt_check_keys(const yt_doc *doc, const yt_node *map, const char *what,
                  const char *const *known, sb_error *err)
{
    for (int i = 0; i < map->n_pairs; i++) {
        const yt_node *key = map->pairs[i].key;
        int found = 0;
        const char *closest = NULL;
        int closest_d = 3; /* suggest only within distance 2 */
        for (const char *const *k = known; *k; k++) {
            if (strcmp(*k, key->text) == 0) {
                found = 1;
                break;
            }
            int d = yt_edit_distance(key->text, *k);
            if (d < closest_d) {
                closest_d = d;
                closest = *k;
            }
        }
        if (found)
            continue;
        if (closest)
            return yt_fail(doc, key, err, "unknown key '%s' in %s (did you mean '%s'?)", key->text,
                           what, closest);
        sb_strbuf list = {0};
        for (const char *const *k = known; *k; k++)
            sb_strbuf_appendf(&list, "%s%s", k == known ? "" : ", ", *k);
        yt_fail(doc, key, err, "unknown key '%s' in %s (known keys: %s)", key->text, what, list.s);
        sb_strbuf_free(&list);
        return -1;
    }
    return 0;
}

int yt_require(const yt_doc *doc, const yt_node *map, const char *key, const char *what,
               const yt_node **out, sb_error *err)
{
    *out = yt_get(map, key);
    if (*out)
        return 0;
    return yt_fail(doc, map, err, "%s is missing required key '%s'", what, key);
}

/* Numbers and bools must be plain scalars: a quoted "16" is a string in YAML, and saying so
 * beats silently reading it as a number. */
static int fail_type(const yt_doc *doc, const yt_node *node, const char *key, const char *type,
                     sb_error *err)
{
    char got[80];
    if (node->kind == YT_SCALAR && !node->plain)
        return yt_fail(doc, node, err, "expected %s for '%s', got the quoted string %s (remove the quotes)",
                       type, key, yt_describe(node, got, sizeof got));
    return yt_fail(doc, node, err, "expected %s for '%s', got %s", type, key,
                   yt_describe(node, got, sizeof got));
}

int yt_expect_int(const yt_doc *doc, const yt_node *node, const char *key, long long *out,
                  sb_error *err)
{
    if (node->kind != YT_SCALAR || !node->plain || yt_is_null(node))
        return fail_type(doc, node, key, "an integer", err);
    const char *s = node->text;
    const char *p = (*s == '+' || *s == '-') ? s + 1 : s;
    if (*p < '0' || *p > '9')
        return fail_type(doc, node, key, "an integer", err);
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9')
            return fail_type(doc, node, key, "an integer", err);
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return yt_fail(doc, node, err, "'%s' is out of range for '%s'", s, key);
    *out = v;
    return 0;
}

int yt_expect_double(const yt_doc *doc, const yt_node *node, const char *key, double *out,
                     sb_error *err)
{
    if (node->kind != YT_SCALAR || !node->plain || yt_is_null(node))
        return fail_type(doc, node, key, "a number", err);
    const char *s = node->text;
    /* strtod would also take hex floats, "nan" and "inf": none belongs in a config */
    if (strpbrk(s, "xXnN") || isspace((unsigned char)s[0]))
        return fail_type(doc, node, key, "a number", err);
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        return fail_type(doc, node, key, "a number", err);
    if (errno == ERANGE || !isfinite(v))
        return yt_fail(doc, node, err, "'%s' is out of range for '%s'", s, key);
    *out = v;
    return 0;
}

int yt_expect_bool(const yt_doc *doc, const yt_node *node, const char *key, int *out,
                   sb_error *err)
{
    if (node->kind == YT_SCALAR && node->plain) {
        const char *s = node->text;
        if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on")) {
            *out = 1;
            return 0;
        }
        if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off")) {
            *out = 0;
            return 0;
        }
    }
    return fail_type(doc, node, key, "true or false", err);
}

int yt_expect_string(const yt_doc *doc, const yt_node *node, const char *key, const char **out,
                     sb_error *err)
{
    if (node->kind != YT_SCALAR || yt_is_null(node)) {
        char got[80];
        return yt_fail(doc, node, err, "expected a string for '%s', got %s", key,
                       yt_describe(node, got, sizeof got));
    }
    *out = node->text;
    return 0;
}

int yt_is_valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

int yt_expect_name(const yt_doc *doc, const yt_node *node, const char *key, const char **out,
                   sb_error *err)
{
    if (yt_expect_string(doc, node, key, out, err) != 0)
        return -1;
    if (!yt_is_valid_name(*out))
        return yt_fail(doc, node, err, "'%s' may hold only letters, digits, '_', '.' and '-', got '%s'",
                       key, *out);
    return 0;
}

int yt_expect_list(const yt_doc *doc, const yt_node *node, const char *key, int allow_single,
                   sb_error *err)
{
    char got[80];
    if (node->kind == YT_SEQUENCE) {
        if (node->n_items == 0)
            return yt_fail(doc, node, err, "'%s' is an empty list", key);
        return 0;
    }
    if (allow_single && node->kind == YT_SCALAR && !yt_is_null(node))
        return 0;
    return yt_fail(doc, node, err, "expected a list%s for '%s', got %s",
                   allow_single ? " (or one value)" : "", key, yt_describe(node, got, sizeof got));
}

int yt_list_len(const yt_node *node)
{
    return node->kind == YT_SEQUENCE ? node->n_items : 1;
}

yt_node *yt_list_at(const yt_node *node, int i)
{
    return node->kind == YT_SEQUENCE ? node->items[i] : (yt_node *)node;
}
