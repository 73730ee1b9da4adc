/* Fuzz target: the experiment YAML loader (src/config/), with an empty data directory. */
#include "fuzz_support.h"
#include "sb_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_config cfg;
    sb_error err;
    if (sb_config_load(fuzz_file(data, size, ".yaml"), fuzz_dir(), &cfg, &err) == 0)
        sb_config_free(&cfg);
    return 0;
}
