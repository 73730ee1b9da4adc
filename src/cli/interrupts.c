/* SIGINT and SIGTERM for the commands that stop between cases (run, tune): see options.h. */
#include <signal.h>
#include <string.h>
#include "options.h"

static volatile sig_atomic_t interrupt_signal;

static void on_interrupt(int sig)
{
    interrupt_signal = sig;
}

const volatile sig_atomic_t *sb_cli_catch_interrupts(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM};
    for (int i = 0; i < 2; i++) {
        /* a signal the shell set to be ignored (a background job of a script) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    return &interrupt_signal;
}
