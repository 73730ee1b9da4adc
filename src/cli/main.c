/* sparsebench: the command line. Each subcommand lives in src/cli/cmd_<name>.c; options.c holds
 * the conventions they share (getopt_long, --help, --version, messages). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "options.h"
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
    {"compare", sb_cmd_compare, "compare two runs (or devices) case by case: slower, faster, same"},
    {"build", sb_cmd_build, "compile a config's programs for a device and save the binaries"},
};
#define N_COMMANDS (int)(sizeof commands / sizeof commands[0])

/* Every environment variable sparsebench reads: one list, printed by --help (and so in the man
 * page); README.md documents the same. */
static const char *environment =
    "environment:\n"
    "  SPARSEBENCH_DATA         data directory for file sources (DLMC, .mtx, .npy); --data-dir wins\n"
    "  SPARSEBENCH_CACHE        cache root: measured peaks, compiled programs\n"
    "                           (default $XDG_CACHE_HOME/sparsebench or ~/.cache/sparsebench)\n"
    "  SPARSEBENCH_TUNING_DIR   the tuning databases (default $XDG_DATA_HOME/sparsebench/tuning\n"
    "                           or ~/.local/share/sparsebench/tuning)\n"
    "  SPARSEBENCH_NO_CACHE     1: do not read or write the program cache\n"
    "  SPARSEBENCH_TUNING       run's default --tuning (a database file, or none)\n"
    "  SPARSEBENCH_BINARIES     run's default --binaries directory\n"
    "  SPARSEBENCH_CLBLAST_TUNERS the folder of CLBlast's tuners for tune (default: the PATH)\n"
    "  SPARSEBENCH_HOME         where cl_kernels/, platforms/, configs/ and tools/ are (default:\n"
    "                           the install's share/sparsebench, or the source tree of a build)\n"
    "  SPARSEBENCH_PYTHON       the python3 that draws report's plots (default python3)\n"
    "  SPARSEBENCH_POWERCAP_DIR where RAPL energy counters are read (default /sys/class/powercap)\n"
    "  SPARSEBENCH_TEST_DEVICE  the device every test uses (a --device selector; default: PoCL)\n"
    "  SPARSEBENCH_FAKE_EVENTS  1 (tests only): every profiling event reads 1 ns\n"
    "  SPARSEBENCH_FAKE_WG_LIMIT N (tests only): devices allow at most N work-items per group\n"
    "  SPARSEBENCH_FAKE_VEC_WIDTH N (tests only): devices report N as native float vector width\n"
    "  SPARSEBENCH_FAKE_LOCAL_MEM N (tests only): devices report at most N bytes of local memory\n";

static void usage(FILE *out)
{
    fputs("Usage: sparsebench COMMAND [options]\n"
          "  or:  sparsebench help COMMAND | COMMAND --help\n"
          "\n"
          "When does a sparse neural-network layer beat the dense one on your OpenCL device?\n"
          "sparsebench runs CSR, block-sparse and N:M kernels next to CLBlast's dense GEMM on every\n"
          "OpenCL device, validates every result and writes results that merge across machines.\n"
          "\ncommands:\n",
          out);
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
    fputs("\noptions:\n"
          "  -h, --help                show this help and exit\n"
          "  -V, --version             show the version and exit\n\n",
          out);
    fputs(environment, out);
    fputs("\nexit status:\n"
          "  0 success; 1 a case wrong or failed, a write error, or no device; 2 a usage, config\n"
          "  or input error; 3 (compare --fail-on-regression) a case slower or broken; 4 (run)\n"
          "  every case skipped, nothing measured\n",
          out);
}

static const command *find_command(const char *name)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    fprintf(stderr, "sparsebench: unknown command '%s'\nTry 'sparsebench --help' for the commands.\n",
            name);
    return 2;
}

int main(int argc, char **argv)
{
    sb_cli_install_sink();
    /* A file size limit (ulimit -f; Slurm passes the submitting shell's to its tasks) kills with
     * SIGXFSZ by default, without a word and with run.json left "running". Ignored, the write
     * fails with EFBIG instead, and the run stops as on a full disk: exit 1, the file named. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *a = argv[1];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
        sb_print_version(stdout);
        return 0;
    }
    if (strcmp(a, "help") == 0) { /* help [COMMAND]: the same text as COMMAND --help */
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        const command *c = find_command(argv[2]);
        if (!c)
            return unknown_command(argv[2]);
        char help_opt[] = "--help";
        char *args[] = {argv[2], help_opt, NULL};
        return c->run(2, args);
    }
    if (a[0] == '-') {
        fprintf(stderr, "sparsebench: unknown option '%s' (options come after the command)\n"
                        "Try 'sparsebench --help' for the commands.\n", a);
        return 2;
    }
    const command *c = find_command(a);
    if (!c)
        return unknown_command(a);
    return c->run(argc - 1, argv + 1); /* argv[0] is the command */
}
