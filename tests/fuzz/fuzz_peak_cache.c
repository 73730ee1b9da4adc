/* Fuzz target: the peak cache reader (JSON, checked against the fake fuzz device). */
#include "fuzz_support.h"
#include "sb_peak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_peak peak;
    sb_error err;
    sb_peak_cache_load(fuzz_file(data, size, ".json"), fuzz_device(), &peak, &err);
    return 0;
}
