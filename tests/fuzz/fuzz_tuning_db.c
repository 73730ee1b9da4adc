/* Fuzz target: the tuning database reader (JSON, checked against the fake fuzz device). */
#include "fuzz_support.h"
#include "sb_tuning.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_tuning_db db;
    sb_error err;
    if (sb_tuning_load(fuzz_file(data, size, ".json"), fuzz_device(), &db, &err) == 0) {
        for (int i = 0; i < db.count; i++)
            sb_tuning_find(&db, db.items[i].kernel, db.items[i].klass);
    }
    sb_tuning_free(&db);
    return 0;
}
