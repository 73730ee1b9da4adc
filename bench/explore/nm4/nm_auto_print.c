/* nm's model (include/sb_nm_auto.h) on the cases given on stdin ("M K N" a line, 2:4, an H200's
 * 132 compute units, fp32), one line of its choice each: for replaying it on sweep measurements
 * (bench/explore/nm4/replay.py). Build: cc -Iinclude -Isrc/kernels ... build/libsbcore.a. */
#include <stdio.h>
#include "sb_nm_auto.h"

int main(void)
{
    int M, K, N;
    while (scanf("%d %d %d", &M, &K, &N) == 3) {
        sb_nm_auto_features f = {.M = M, .K = K, .N = N, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
                                 .mma = 1, .compute_units = 132};
        sb_nm_auto_choice c;
        sb_nm_auto_choose(&f, &c);
        printf("%d %d %d %s %s", M, K, N, c.rule, c.kernel);
        for (int i = 0; i < c.n_params; i++)
            printf(" %s=%d", c.params[i].key, c.params[i].value);
        printf("\n");
    }
    return 0;
}
