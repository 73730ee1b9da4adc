/* Fuzz target: what `run --resume DIR` reads back (src/run/resume.c): run.json's state and
 * invocation, and the rows of results.jsonl. The input is split at lines "@@" into run.json and
 * results.jsonl of one run folder. */
#include <stdio.h>
#include <string.h>
#include "fuzz_support.h"
#include "resume.h"

static const char *const names[] = {"run.json", "results.jsonl"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[2];
    size_t len[2];
    int n = fuzz_split(data, size, part, len, 2);
    char run[512], path[600];
    snprintf(run, sizeof run, "%s/run", fuzz_dir());
    sb_error err;
    if (sb_mkdirs(run, &err))
        return 0;
    for (int i = 0; i < 2; i++) {
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
    sb_run_options caller;
    memset(&caller, 0, sizeof caller);
    sb_resume r;
    sb_resume_load(&r, run, &caller, &err);
    sb_resume_free(&r);
    sb_done d;
    if (sb_done_load(&d, run, &err) == 0) {
        if (d.n > 0)
            sb_done_find(&d, d.keys[0]);
        sb_done_free(&d);
    }
    return 0;
}
