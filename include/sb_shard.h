/* Sharding a study across machines: `sparsebench run CONFIG --shard I/N` runs a deterministic
 * 1/N slice of the plan's cases on the selected devices, so a cluster's job array (tools/slurm/)
 * can split one study and `report` can merge the pieces back.
 *
 * The slice is made of *units*, never of single cases: every case of a unit runs in the same
 * shard, on every device of the node. A unit is
 *   - a matrix at one target sparsity and one N: its sparse kernels and the dense baseline they
 *     are compared with (the speedup column needs both measured in the same process), or
 *   - a model suite at one sparsity: all its layers (at their own N), so each shard's model
 *     totals (models.csv) are whole models, never a partial sum.
 * Units are dealt round-robin in plan order: the u-th distinct unit (0-based, in order of first
 * appearance) belongs to shard (u mod N) + 1. Round-robin rather than a hash of the unit key:
 * every shard gets floor(U/N) or ceil(U/N) units (a hash leaves shards empty when U is small,
 * e.g. quick.yaml's 8 units over 7 shards), and neighbouring units of a sweep (the same matrix at
 * rising sparsity) land on different shards, so costly matrices spread out. The price: the
 * assignment depends on the whole plan, so every shard must run the same config and filters;
 * run.json records the plan's fingerprint, and `report` refuses to call shards of different
 * plans one study (see the report's shard check). */
#ifndef SB_SHARD_H
#define SB_SHARD_H

#include <stddef.h>
#include <stdint.h>
#include "sb_config.h"
#include "sb_plan.h"
#include "sb_util.h"

/* Shard `index` (1..count) of `count`; count 0 means "not sharded" (the whole plan). */
typedef struct sb_shard {
    int index;
    int count;
} sb_shard;

#define SB_SHARD_MAX 100000

/* Parses "I/N" (1 <= I <= N <= SB_SHARD_MAX). Errors say what was expected. */
int sb_shard_parse(const char *text, sb_shard *out, sb_error *err);

/* The unit key of a matrix spec's cases at N (see above): "model NAME s=S" for a model's layer
 * (N does not matter), "matrix NAME s=S N=N" otherwise; S is "%.6g" of the target sparsity, or
 * "stored" for a file kept as stored. malloc'd. */
char *sb_shard_unit_key(const sb_matrix_spec *spec, int N);

/* The round-robin deal. keys[i] is the unit key of case i, cases in plan order. Writes the shard
 * (1..count) of each case to shard_of[i] and returns the number of distinct units. count >= 1. */
int sb_shard_assign(const char *const *keys, int n, int count, int *shard_of);

/* The cases of one shard: keep[i] = 1 when case i belongs to `shard` (every case when shard->count
 * is 0). Returns how many are kept. This is what `run --shard` runs. */
int sb_shard_select(const char *const *keys, int n, const sb_shard *shard, int *keep);

/* The plan's fingerprint: FNV-1a over the distinct unit keys in order of first appearance (each
 * followed by '\n'). Two shards of one study have the same fingerprint. */
uint64_t sb_shard_plan_hash(const char *const *keys, int n);

/* ---- on a plan (sb_plan.h) -------------------------------------------------------------- */

/* What run.json says about a shard (its "shard" object): the shard, the plan's fingerprint, how
 * many units the whole plan has and which of them this shard runs. */
typedef struct sb_shard_record {
    sb_shard shard;
    uint64_t plan_hash;
    int units;          /* of the whole plan */
    char **unit_keys;   /* this shard's, in plan order */
    int n_unit_keys;
} sb_shard_record;

/* Keeps only shard's cases in plan (all of them when shard->count is 0), indices, groups, n_rows
 * and matrix_used following, and fills rec (free it with sb_shard_record_free). Notes about
 * kernels left out stay those of the whole plan. */
void sb_plan_shard(sb_plan *plan, const sb_shard *shard, sb_shard_record *rec);
void sb_shard_record_free(sb_shard_record *rec);
/* {index, count, plan (16 hex digits), units, unit_keys}. */
struct cJSON;
struct cJSON *sb_shard_record_json(const sb_shard_record *rec);

#endif
