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

#ifdef SB_TESTER_H
#include <stdio.h>
/* Opens the suite's test device (sb_test_device_pick: $SPARSEBENCH_TEST_DEVICE, else PoCL) and
 * says which one it is, so every test's log names the device it ran on. 0 or -1. */
static inline int sb_test_open(sb_tester *t)
{
    sb_error err;
    if (sb_tester_open(t, NULL, &err)) {
        fprintf(stderr, "cannot open the test device: %s\n", err.msg);
        return -1;
    }
    fprintf(stderr, "test device: %s (%s, %s)%s\n", t->dev->stable_id, t->dev->name,
            t->dev->platform_name,
            getenv("SPARSEBENCH_TEST_DEVICE") ? " from SPARSEBENCH_TEST_DEVICE" : "");
    return 0;
}
#endif

#endif
