/* The "clblast" section of a tuning database file (sb_tuning.h, sb_clblast.h), as JSON:
 *   "clblast": {"tuned": "2026-12-01T10:00:00Z",
 *               "entries": [{"kernel": "Xgemm", "params": {"GEMMK": 0, "MWG": 64, ...},
 *                            "best_ms": 1.9, "tuner": "clblast_tuner_xgemm",
 *                            "shape": "m=1024 n=256 k=512", "configs": 212, "complete": false}]}
 * Every field checked when read (a kernel the baseline does not use, a missing or extra parameter,
 * a value out of range: refused with the entry's index). */
#ifndef SB_STORE_TUNING_CLBLAST_H
#define SB_STORE_TUNING_CLBLAST_H

#include <cjson/cJSON.h>
#include "sb_clblast.h"

int sb_clblast_section_load(const cJSON *section, const char *path, sb_clblast_tuning *t,
                            sb_error *err);
cJSON *sb_clblast_section_json(const sb_clblast_tuning *t);

#endif
