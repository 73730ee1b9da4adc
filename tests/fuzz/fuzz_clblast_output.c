/* Fuzz target: what CLBlast's tuners write, as `tune` reads it (src/tune/clblast_output.c): the
 * result rows of a tuner's log and its JSON file. Both readers get the same bytes as one
 * NUL-terminated text; every kernel found must be one the catalogue knows, with a positive time. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "clblast_tune.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    sb_clblast_found f;
    memset(&f, 0, sizeof f);
    int counts[8];
    sb_clblast_parse_log(text, ~0u, &f, counts, 8);
    sb_error err;
    sb_clblast_parse_json(text, &f, &err);
    for (int i = 0; i < f.count; i++)
        if (!sb_clblast_kernel_find(f.items[i].kernel))
            abort(); /* only the catalogue's kernels may come out */
    free(text);
    return 0;
}
