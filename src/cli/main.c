/* sparsebench: the command line. Each subcommand lives in its own file under src/cli/. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparsebench: under construction\n");
    return 2;
}
