/* Fuzz target: an experiment whose matrices and model layers are files, so the loader's file
 * parsing runs on fuzzed bytes: the input is split at lines "@@" into the config (YAML), a layer
 * table for layers_from's n_per_sample (layers_n.txt: "name,N" lines) and one .smtx, .mtx and .npy
 * file (the config pre-checks their shapes with read_shape). The files sit in the data directory
 * as data/layers_n.txt, data/sp/0.9/a.smtx, data/m.mtx and data/w.npy; corpus/config_files/ shows
 * configs that use them. */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_support.h"
#include "sb_config.h"
#include "sb_util.h"

static const char *const files[] = {"config.yaml", "layers_n.txt", "sp/0.9/a.smtx", "m.mtx",
                                    "w.npy"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[5];
    size_t len[5];
    int n = fuzz_split(data, size, part, len, 5);
    char dir[512], path[700];
    snprintf(dir, sizeof dir, "%s/data/sp/0.9", fuzz_dir());
    sb_error err;
    if (sb_mkdirs(dir, &err))
        return 0;
    snprintf(dir, sizeof dir, "%s/data", fuzz_dir());
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
        if (i < n) {
            FILE *f = fopen(path, "wb");
            if (!f)
                return 0;
            fwrite(part[i], 1, len[i], f);
            fclose(f);
        }
    }
    snprintf(path, sizeof path, "%s/config.yaml", dir);
    sb_config cfg;
    if (sb_config_load(path, dir, &cfg, &err) == 0)
        sb_config_free(&cfg);
    else if (getenv("SB_FUZZ_VERBOSE")) /* for writing seeds: why an input was refused */
        fprintf(stderr, "refused: %s\n", err.msg);
    return 0;
}
