/* The suite's test device for the shell tests: prints its stable id (for --device) on stdout and
 * says on stderr which device it is. The choice is sb_test_device_pick's ($SPARSEBENCH_TEST_DEVICE,
 * else PoCL), the same the kernel tests make. Exit 1 when there is none.
 * --peak-cache-file: prints instead the file its measured peak is cached in (under
 * $SPARSEBENCH_CACHE), for a test that seeds it rather than measure a slow simulator's peak. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_peak.h"
#include "sb_tester.h"

int main(int argc, char **argv)
{
    int peak_file = argc == 2 && strcmp(argv[1], "--peak-cache-file") == 0;
    if (argc > 1 && !peak_file) {
        fprintf(stderr, "usage: %s [--peak-cache-file]\n", argv[0]);
        return 2;
    }
    sb_device *devs = NULL;
    int n = 0;
    sb_error err;
    int pick = -1;
    if (sb_devices_enumerate(&devs, &n, &err) == 0)
        pick = sb_test_device_pick(devs, n, &err);
    if (pick < 0) {
        fprintf(stderr, "no test device: %s\n", err.msg);
        free(devs);
        return 1;
    }
    char *path = peak_file ? sb_peak_cache_path(&devs[pick]) : NULL;
    if (peak_file && !path) {
        fprintf(stderr, "no cache directory: set SPARSEBENCH_CACHE\n");
        free(devs);
        return 1;
    }
    printf("%s\n", peak_file ? path : devs[pick].stable_id);
    free(path);
    fprintf(stderr, "test device: %s (%s, %s)%s\n", devs[pick].stable_id, devs[pick].name,
            devs[pick].platform_name,
            getenv("SPARSEBENCH_TEST_DEVICE") ? " from SPARSEBENCH_TEST_DEVICE" : "");
    free(devs);
    return 0;
}
