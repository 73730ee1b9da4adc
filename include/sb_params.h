/* Named kernel tunables: "family.NAME" -> value (e.g. "csr_spmm.TILE_N" -> "32").
 * Defaults live in each kernel's host file; per-device values come from platforms/NAME.yaml and
 * the tuning database, later sources overriding earlier ones. */
#ifndef SB_PARAMS_H
#define SB_PARAMS_H

typedef struct sb_param {
    char *key;
    char *value;
} sb_param;

typedef struct sb_params {
    sb_param *items;
    int count;
} sb_params;

/* Sets or replaces key. */
void sb_params_set(sb_params *p, const char *key, const char *value);
const char *sb_params_get(const sb_params *p, const char *key);
/* Integer value of key, or def when absent. */
int sb_params_int(const sb_params *p, const char *key, int def);
/* Copies every item of src into dst (src wins). */
void sb_params_merge(sb_params *dst, const sb_params *src);
void sb_params_free(sb_params *p);

#endif
