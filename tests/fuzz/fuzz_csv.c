/* Fuzz target: the RFC 4180 CSV reader `report` reads results.csv and models.csv with. */
#include "fuzz_support.h"
#include "sb_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb_csv csv;
    sb_error err;
    if (sb_csv_parse((const char *)data, size, "fuzz.csv", &csv, &err) == 0) {
        sb_csv_col(&csv, "median_ms");
        sb_csv_free(&csv);
    }
    return 0;
}
