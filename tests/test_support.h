/* Helpers the test programs share: where the source tree's fixtures are. */
#ifndef SB_TEST_SUPPORT_H
#define SB_TEST_SUPPORT_H

#include <stdlib.h>
#include "sb_util.h"

/* rel (e.g. "tests/data/configs/x.yaml") under $SB_SOURCE_DIR, else the tree this was built from.
 * malloc'd. */
static inline char *sb_test_source_path(const char *rel)
{
    const char *src = getenv("SB_SOURCE_DIR");
    return sb_path_join(src ? src : SB_SOURCE_DIR, rel);
}

/* name under tests/data/<kind>/ of the source tree. malloc'd. */
static inline char *sb_test_fixture(const char *kind, const char *name)
{
    char *rel = sb_asprintf("tests/data/%s/%s", kind, name);
    char *path = sb_test_source_path(rel);
    free(rel);
    return path;
}

#endif
