/* Fuzz target: `report` on one run folder made of the input: results.csv, results.jsonl,
 * run.json and models.csv, separated by lines "@@" (tests/fuzz/corpus/report/ shows the layout).
 * Loads it, then writes the merged report (no plots) into a scratch folder. */
#include <stdio.h>
#include <string.h>
#include "fuzz_support.h"
#include "sb_report.h"

static const char *const names[] = {"results.csv", "results.jsonl", "run.json", "models.csv"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[4];
    size_t len[4];
    int n = fuzz_split(data, size, part, len, 4);
    char run[512], out[512], path[600];
    snprintf(run, sizeof run, "%s/run", fuzz_dir());
    snprintf(out, sizeof out, "%s/out", fuzz_dir());
    sb_error err;
    if (sb_mkdirs(run, &err) || sb_mkdirs(out, &err))
        return 0;
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", run, names[i]);
        remove(path);
        if (i < n) {
            FILE *f = fopen(path, "wb");
            if (!f)
                return 0;
            fwrite(part[i], 1, len[i], f);
            fclose(f);
        }
    }
    sb_report *r = NULL;
    const char *dirs[] = {run};
    if (sb_report_load(&r, dirs, 1, &err) == 0) {
        sb_report_options opt;
        memset(&opt, 0, sizeof opt);
        sb_report_write(r, out, &opt, &err);
    }
    if (r)
        sb_report_free(r);
    return 0;
}
