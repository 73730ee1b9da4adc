/* Fuzz target: the program-cache / binary manifest reader, then its check against the fake
 * fuzz device. */
#include "fuzz_support.h"
#include "sb_program_cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_program_manifest m;
    sb_error err;
    if (sb_manifest_read(fuzz_file(data, size, ".json"), &m, &err) == 0)
        sb_manifest_free(&m);
    return 0;
}
