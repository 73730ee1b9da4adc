/* A YAML file as a small tree of scalars, sequences and mappings, every node keeping its 1-based
 * line and column, plus the checks the config and profile loaders share. Every failure leaves
 * "FILE:LINE:COL: what is wrong" in the error and returns -1. Private to src/config/. */
#ifndef SB_YAML_TREE_H
#define SB_YAML_TREE_H

#include <stddef.h>
#include "sb_util.h"

typedef enum yt_kind { YT_SCALAR, YT_SEQUENCE, YT_MAPPING } yt_kind;

typedef struct yt_node yt_node;

typedef struct yt_pair {
    yt_node *key; /* always a scalar */
    yt_node *value;
} yt_pair;

struct yt_node {
    yt_kind kind;
    int line, col;      /* 1-based */
    /* YT_SCALAR */
    char *text;         /* NUL-terminated (a scalar holding NUL bytes is rejected at load) */
    int plain;          /* 1: unquoted, so it may be a number, a bool or null */
    /* YT_SEQUENCE */
    yt_node **items;
    int n_items;
    /* YT_MAPPING, in file order; keys are unique (checked at load) */
    yt_pair *pairs;
    int n_pairs;
    yt_node *next_alloc; /* every node of the document, for freeing (aliases share nodes) */
};

typedef struct yt_doc {
    char *path;
    yt_node *root;       /* NULL for an empty file */
    yt_node *all;
} yt_doc;

/* Parses path (one document; anchors and aliases allowed; duplicate keys are an error). */
int yt_load(const char *path, yt_doc *doc, sb_error *err);
void yt_free(yt_doc *doc);

/* "PATH:LINE:COL: message" at node (node NULL: line 1, column 1). Returns -1. */
int yt_fail(const yt_doc *doc, const yt_node *node, sb_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Short description of a node for messages: "'abc'", "a list", "a mapping", "nothing". */
const char *yt_describe(const yt_node *node, char *buf, size_t n);

/* An unquoted empty scalar, "~" or "null". */
int yt_is_null(const yt_node *node);

/* The value of key in map, or NULL if absent. */
yt_node *yt_get(const yt_node *map, const char *key);
/* The key node of key in map (for positions), or NULL. */
yt_node *yt_get_key(const yt_node *map, const char *key);

/* node must be a mapping; `what` names it in the message ("the profile", "matrix"). */
int yt_expect_mapping(const yt_doc *doc, const yt_node *node, const char *what, sb_error *err);
/* Every key of map must be in known (NULL-terminated): else "unknown key 'x' in WHAT (did you
 * mean 'y'?)", the suggestion being the closest known key within edit distance 2. */
int yt_check_keys(const yt_doc *doc, const yt_node *map, const char *what,
                  const char *const *known, sb_error *err);
/* The value of a required key, else "WHAT is missing required key 'KEY'" at the mapping. */
int yt_require(const yt_doc *doc, const yt_node *map, const char *key, const char *what,
               const yt_node **out, sb_error *err);

/* Typed scalars; `key` names the value in the message ("expected an integer for 'M', got 'abc'").
 * Numbers and bools must be unquoted. */
int yt_expect_int(const yt_doc *doc, const yt_node *node, const char *key, long long *out,
                  sb_error *err);
int yt_expect_double(const yt_doc *doc, const yt_node *node, const char *key, double *out,
                     sb_error *err);
int yt_expect_bool(const yt_doc *doc, const yt_node *node, const char *key, int *out,
                   sb_error *err);
/* A non-null scalar (quoted or not). */
int yt_expect_string(const yt_doc *doc, const yt_node *node, const char *key, const char **out,
                     sb_error *err);
/* A name for files and result rows: a non-empty string of [A-Za-z0-9_.-]. */
int yt_is_valid_name(const char *s);
int yt_expect_name(const yt_doc *doc, const yt_node *node, const char *key, const char **out,
                   sb_error *err);
/* A non-empty sequence, or (allow_single) one scalar standing for a list of one. Iterate with
 * yt_list_len / yt_list_at. */
int yt_expect_list(const yt_doc *doc, const yt_node *node, const char *key, int allow_single,
                   sb_error *err);
int yt_list_len(const yt_node *node);
yt_node *yt_list_at(const yt_node *node, int i);

/* Optimal-string-alignment edit distance (a swap of two neighbours counts 1). */
int yt_edit_distance(const char *a, const char *b);

#endif
