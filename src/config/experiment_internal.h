/* What the experiment loader's files share: the loader's state and the rules every stage uses.
 * Not a public contract (include/sb_config.h is). The stages, each in its own file:
 *   experiment.c          the top level: the experiment's keys, defaults, sb_config_load/free
 *   experiment_schema.c   rules for values: names, N and sparsity lists, blocks, nm, kernels,
 *                         pruning options, shape-fits-pattern checks
 *   experiment_sources.c  where a matrix comes from: synthetic M x K, or a file and its header
 *   experiment_expand.c   matrices and model layers expanded into one spec per sparsity
 *   experiment_dlmc.c     DLMC folder discovery for a model's layers_from
 *   experiment_n_table.c  the "layer_name,N" text files of layers_from
 * Every function returns 0, or -1 with L->err set to "FILE:LINE:COL: what is wrong". */
#ifndef SB_EXPERIMENT_INTERNAL_H
#define SB_EXPERIMENT_INTERNAL_H

#include "sb_config.h"
#include "yaml_tree.h"

#define SPARSITY_EPS 1e-9
#define DATA_DIR_HINT "set the data directory with --data-dir DIR or the SPARSEBENCH_DATA environment variable"

typedef struct seen_name {
    const char *name;
    const yt_node *at;
} seen_name;

typedef struct loader {
    yt_doc doc;
    const char *data_dir;
    sb_config *cfg;
    sb_error *err;
    const yt_node *top_N, *top_kernels; /* defaults for every matrix, may be NULL */
    const yt_node *top_precision;       /* ... and the precision(s), may be NULL (fp32) */
    int cap_matrices, cap_models;
    seen_name *matrix_names; /* for duplicate names among matrices */
    int n_matrix_names;
} loader;

/* How a matrix or a model's layers are pruned, and what runs on them. */
typedef struct prune_opts {
    sb_pattern pattern;
    int bsr_br, bsr_bc;
    int bsr_block_given; /* the config set bsr_block */
    double *sparsities; /* NULL when `sparsity` is not given */
    int n_sparsities;
    const yt_node *sparsity_node;
    char **kernels;
    int n_kernels;
    sb_precision precisions[SB_PRECISION_COUNT]; /* each spec is pushed once per precision */
    int n_precisions;
} prune_opts;

/* One matrix or layer before it is expanded over sparsities. */
typedef struct entry {
    const yt_node *at;   /* its mapping (or the layers_from value): line and messages */
    char *name;
    sb_source_kind source;
    char *path;          /* resolved; NULL for synthetic */
    const yt_node *path_node;
    int M, K;
    int N;               /* model layers: n_per_sample * batch */
    int n_per_sample;    /* model layers, else 0 */
} entry;

/* ---- experiment_schema.c ---- */
void ex_prune_opts_free(prune_opts *po);
int ex_parse_name(loader *L, const yt_node *node, const char *key, const char **out);
int ex_parse_int_min(loader *L, const yt_node *node, const char *key, long long min, int *out);
/* A non-empty list of distinct N >= 1; *out is malloc'd. */
int ex_parse_N_list(loader *L, const yt_node *node, const char *key, int **out, int *n);
double ex_nm_sparsity(const sb_pattern *p);
int ex_parse_kernels(loader *L, const yt_node *list, const sb_pattern *p, int inherited,
                     const char *what, const char *name, const yt_node *at, prune_opts *po);
/* `precision`: one name or a list (fp32, fp16, tf32), no repeats. */
int ex_parse_precisions(loader *L, const yt_node *node, prune_opts *po);
int ex_parse_prune_opts(loader *L, const yt_node *map, const char *what, int sparsity_picks_folders,
                        prune_opts *po);
int ex_check_shape_fits(loader *L, const yt_node *at, const char *what, const entry *e,
                        const prune_opts *po, int prunes);
int ex_needs_sparsity(loader *L, const yt_node *map, const char *what, const char *name,
                      sb_source_kind source, const prune_opts *po, const entry *layer);

/* ---- experiment_sources.c ---- */
void ex_entry_free(entry *e);
int ex_resolve_path(loader *L, const yt_node *node, const char *rel, int want_dir, char **out);
const char *ex_path_suffix(const char *path);
char *ex_base_name(const char *path);
int ex_read_file_shape(loader *L, entry *e);
int ex_parse_source(loader *L, const yt_node *map, const char *what, entry *e);

/* ---- experiment_expand.c ---- */
void ex_push_spec(loader *L, const entry *e, const prune_opts *po, double sparsity, int prune,
                  const int *N, int n_N, const char *model);
void ex_push_at_sparsity(loader *L, const entry *e, const prune_opts *po, int i, const int *N,
                         int n_N, const char *model);
int ex_parse_matrix(loader *L, const yt_node *map);
/* e->N = n_per_sample * batch (checked), e->n_per_sample. */
int ex_layer_N(loader *L, const yt_node *at, int n_per_sample, int batch, entry *e);
int ex_parse_model(loader *L, const yt_node *map);

/* ---- experiment_n_table.c ---- */
typedef struct ex_n_table {
    char **names;
    int *N;
    int count;
    char *path;
} ex_n_table;
void ex_n_table_free(ex_n_table *t);
int ex_read_n_table(loader *L, const yt_node *node, const char *rel, ex_n_table *t);

/* ---- experiment_dlmc.c ---- */
int ex_model_layers_from(loader *L, const yt_node *from, const char *model, int batch,
                         const yt_node *model_map, prune_opts *po);

/* ---- experiment.c ---- */
void ex_spec_free(sb_matrix_spec *s);

#endif
