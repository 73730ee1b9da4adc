/* Plots come from tools/plot_report.py (matplotlib). A missing python3 or matplotlib is not an
 * error: the report says "plots skipped: <reason>" and everything else is still written.
 *
 * The script's protocol: it prints "plot\tTITLE\tPNG\tSVG" per plot written (paths relative to
 * the output directory), exits 0 on success, 3 when matplotlib cannot be imported (the reason on
 * its last line), anything else on a real failure. */
#include "report_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { EXIT_NO_MATPLOTLIB = 3, EXIT_NO_PYTHON = 127 };

/* Runs argv with stdout and stderr into one pipe; returns the exit status, -1 if it could not
 * start. The output is returned in *out (malloc'd). */
static int run_captured(char *const argv[], char **out)
{
    *out = NULL;
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL); /* buffered output must not be written twice by the child */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) { /* the child: the script's stdout and stderr are the pipe */
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        execvp(argv[0], argv);
        /* no script: tell the parent why through the pipe itself */
        char why[512];
        int n = snprintf(why, sizeof why, "%s: %s\n", argv[0], strerror(errno));
        if (n > 0 && write(fds[1], why, (size_t)n < sizeof why ? (size_t)n : sizeof why - 1) < 0)
            n = 0;
        _exit(EXIT_NO_PYTHON);
    }
    close(fds[1]);
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s", "");
    char chunk[4096];
    for (;;) {
        ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        sb_strbuf_appendf(&b, "%.*s", (int)got, chunk);
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            sb_strbuf_free(&b);
            return -1;
        }
    *out = b.s;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The last non-empty line that is not a plot entry: the script's own explanation. */
static void last_message(const char *out, char *buf, size_t n)
{
    snprintf(buf, n, "no message");
    const char *line = out;
    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len && strncmp(line, "plot\t", 5) != 0)
            snprintf(buf, n, "%.*s", (int)len, line);
        line = nl ? nl + 1 : NULL;
    }
}

int rp_run_plots(const sb_report *r, const char *out_dir, const sb_report_options *opt,
                 rp_strings *plots, char *skipped, size_t skipped_len)
{
    (void)r;
    if (!opt->plots) {
        snprintf(skipped, skipped_len, "--no-plots was given");
        return 0;
    }
    if (!opt->plot_script || !sb_file_exists(opt->plot_script)) {
        snprintf(skipped, skipped_len, "plot script not found (%s)",
                 opt->plot_script ? opt->plot_script : "no sparsebench home directory");
        return 0;
    }
    const char *python = opt->python && *opt->python ? opt->python : "python3";
    char *merged = sb_path_join(out_dir, "merged.csv");
    char *argv[] = {(char *)python, (char *)opt->plot_script, merged, (char *)out_dir, NULL};
    char *out = NULL;
    int rc = run_captured(argv, &out);
    char msg[512];
    last_message(out, msg, sizeof msg);
    if (rc == -1)
        snprintf(skipped, skipped_len, "could not start %s: %s", python, strerror(errno));
    else if (rc == EXIT_NO_PYTHON)
        snprintf(skipped, skipped_len, "%s not found (%s)", python, msg);
    else if (rc == EXIT_NO_MATPLOTLIB)
        snprintf(skipped, skipped_len, "matplotlib not available (%s)", msg);
    else if (rc != 0)
        snprintf(skipped, skipped_len, "%s failed with exit status %d: %s", opt->plot_script, rc,
                 msg);
    if (rc == 0) {
        for (char *line = out; line && *line;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            if (strncmp(line, "plot\t", 5) == 0)
                rp_strings_push(plots, sb_strdup(line + 5));
            line = nl ? nl + 1 : NULL;
        }
    }
    free(out);
    free(merged);
    return 0;
}
