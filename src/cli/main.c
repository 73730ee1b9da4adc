/* sparsebench: the command line. Each subcommand lives in src/cli/cmd_<name>.c. */
#include <stdio.h>
#include <string.h>
#include "sb_version.h"
#include "sb_cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"devices", sb_cmd_devices, "list every OpenCL device and the profile that matches it"},
    {"run", sb_cmd_run, "run an experiment (configs/*.yaml) and write validated results"},
    {"tune", sb_cmd_tune, "search the kernels' parameters for a device and store the winners"},
    {"peak", sb_cmd_peak, "measure each device's FP32 peak and memory bandwidth (cached)"},
    {"report", sb_cmd_report, "merge result directories into a Markdown report with plots"},
    {"build", sb_cmd_build, "compile a config's programs for a device and save the binaries"},
};

static void usage(FILE *out)
{
    fprintf(out, "sparsebench %s: when does a sparse layer beat the dense one on your OpenCL device?\n\n"
                 "usage: sparsebench COMMAND [options]   (sparsebench COMMAND --help for more)\n\n",
            SB_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("sparsebench %s (%s)\n", SB_VERSION, SB_GIT_COMMIT);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1); /* argv[0] is the command */
    fprintf(stderr, "sparsebench: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
