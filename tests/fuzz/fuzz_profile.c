/* Fuzz target: the device profile loader (src/config/profile.c). */
#include <stdlib.h>
#include "fuzz_support.h"
#include "sb_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_profile_set set = {malloc(sizeof(sb_profile)), 1};
    sb_error err;
    if (!set.items)
        abort();
    if (sb_profile_load_file(fuzz_file(data, size, ".yaml"), &set.items[0], &err) == 0) {
        sb_profile_match(&set, fuzz_device());
        sb_profiles_free(&set);
    } else {
        free(set.items);
    }
    return 0;
}
