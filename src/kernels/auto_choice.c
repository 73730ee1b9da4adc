/* A kernel model's choice (include/sb_auto_choice.h). */
#include "sb_auto_choice.h"

#include <string.h>

void sb_auto_pick(sb_auto_choice *c, const char *rule, const char *kernel)
{
    memset(c, 0, sizeof *c);
    c->rule = rule;
    c->kernel = kernel;
}

void sb_auto_set(sb_auto_choice *c, const char *key, int value)
{
    for (int i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].key, key) == 0) {
            c->params[i].value = value;
            return;
        }
    if (c->n_params < SB_AUTO_MAX_PARAMS) {
        c->params[c->n_params].key = key;
        c->params[c->n_params].value = value;
        c->n_params++;
    }
}

int sb_auto_param(const sb_auto_choice *c, const char *key)
{
    for (int i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].key, key) == 0)
            return c->params[i].value;
    return -1;
}
