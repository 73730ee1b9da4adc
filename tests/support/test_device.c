/* The suite's test device for the shell tests: prints its stable id (for --device) on stdout and
 * says on stderr which device it is. The choice is sb_test_device_pick's ($SPARSEBENCH_TEST_DEVICE,
 * else PoCL), the same the kernel tests make. Exit 1 when there is none. */
#include <stdio.h>
#include <stdlib.h>
#include "sb_tester.h"

int main(void)
{
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
    printf("%s\n", devs[pick].stable_id);
    fprintf(stderr, "test device: %s (%s, %s)%s\n", devs[pick].stable_id, devs[pick].name,
            devs[pick].platform_name,
            getenv("SPARSEBENCH_TEST_DEVICE") ? " from SPARSEBENCH_TEST_DEVICE" : "");
    free(devs);
    return 0;
}
