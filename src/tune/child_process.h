/* A tool run as a child process with a deadline (CLBlast's tuners, src/tune/clblast_tune.c). */
#ifndef SB_TUNE_CHILD_PROCESS_H
#define SB_TUNE_CHILD_PROCESS_H

#include <signal.h>

typedef enum {
    RUN_DONE,        /* exited with status 0 */
    RUN_FAILED,      /* exited otherwise, or died */
    RUN_CUT,         /* killed at the deadline */
    RUN_SIGNAL,      /* killed because *stop was set (a signal reached us) */
    RUN_NOT_STARTED, /* could not be started (exit status 127: no such program) */
} run_end;

/* Runs argv (argv[0] a path, or a name looked up on the PATH) in dir with stdout and stderr appended to log, in its own
 * process group (a Ctrl-C reaches us, not it: we stop it and keep what it wrote), line-buffered
 * through stdbuf where there is one, so every line it printed is in the log when it is killed.
 * Kills the group (SIGTERM, then SIGKILL after 3 s) at deadline_ms (sb_now_ms clock) or once
 * *stop is set. */
run_end sb_child_run(char *const *argv, const char *dir, const char *log, double deadline_ms,
                     volatile sig_atomic_t *stop, int *exit_status);

#endif
