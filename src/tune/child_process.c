/* A tool run as a child process with a deadline (see child_process.h). */
#include "child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sb_util.h"

run_end sb_child_run(char *const *argv, const char *dir, const char *log, double deadline_ms,
                     volatile sig_atomic_t *stop, int *exit_status)
{
    const char *full[40];
    int n = 0;
    full[n++] = "stdbuf";
    full[n++] = "-oL";
    for (int i = 0; argv[i] && n < 39; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return RUN_NOT_STARTED;
    if (pid == 0) {
        setpgid(0, 0);
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0 || chdir(dir) != 0)
            _exit(127);
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
        execvp(full[0], (char *const *)full); /* returns only when there is no stdbuf */
        execvp(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid);
    run_end end = RUN_DONE;
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR)
            return RUN_FAILED;
        if (*stop || sb_now_ms() >= deadline_ms) {
            end = *stop ? RUN_SIGNAL : RUN_CUT;
            kill(-pid, SIGTERM);
            double give = sb_now_ms() + 3000;
            while (waitpid(pid, &status, WNOHANG) == 0 && sb_now_ms() < give) {
                struct timespec ts = {0, 50 * 1000000L};
                nanosleep(&ts, NULL);
            }
            kill(-pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (end == RUN_DONE && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
        end = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? RUN_NOT_STARTED : RUN_FAILED;
    return end;
}

