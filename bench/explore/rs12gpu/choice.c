/* rs12: nm's model on "M K N" lines (2:4, an H200's 132 compute units, NVIDIA tensor cores), one
 * line each: "M K N | fp16-rule PARAMS | fp32-rule PARAMS", PARAMS a choice's parameters as
 * sb_sweep variant overrides (nm_spmm.X=V ...), or "-" where the choice is not a gather. For the fp16 screen: does the fp32 gather's choice, run on halves, beat
 * the fp16 gather? Build: cc -Iinclude choice.c build/libsbcore.a -lOpenCL -lcjson -lyaml -lz -lm. */
#include <stdio.h>
#include <string.h>
#include "sb_nm_auto.h"

static void choose(int M, int K, int N, int fp32, sb_nm_auto_choice *c)
{
    sb_nm_auto_features f = {.M = M, .K = K, .N = N, .n = 2, .m = 4, .gpu = 1, .fp32 = fp32,
                             .mma = 1, .compute_units = 132};
    sb_nm_auto_choose(&f, c);
}

int main(void)
{
    int M, K, N;
    while (scanf("%d %d %d", &M, &K, &N) == 3) {
        sb_nm_auto_choice h, s;
        choose(M, K, N, 0, &h);
        choose(M, K, N, 1, &s);
        printf("%d %d %d", M, K, N);
        for (const sb_nm_auto_choice *c = &h; c; c = c == &h ? &s : NULL) {
            printf(" | %s", c->rule);
            if (strcmp(c->kernel, "nm") != 0)
                printf(" -");
            for (int i = 0; strcmp(c->kernel, "nm") == 0 && i < c->n_params; i++)
                printf(" %s=%d", c->params[i].key, c->params[i].value);
        }
        printf("\n");
    }
    return 0;
}
