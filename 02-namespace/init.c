/* 2.2 PID namespace: what being PID 1 means.
 *
 * PID 1 is special: the kernel delivers to it only the signals it has a
 * handler for (so SIGTERM from inside does nothing by default), every
 * orphan in the namespace is re-parented to it and stays a zombie until it
 * calls wait(), and when it exits every other process in the namespace is
 * killed.  Most programs are not written for that job; this minimal init
 * does it for them (as tini or `docker run --init` do). */
#include "error.h"
#include "namespace.h"
#include "trace.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "02-namespace"

static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH };

int ns_init(char *const *argv)
{
    sigset_t all, old;
    pid_t cmd;
    int status = 0, cmd_status = -1;

    prctl(PR_SET_NAME, "minirunc-init", 0, 0, 0);
    /* Take signals synchronously (sigwaitinfo): block them before the fork
     * so none is lost in between; the command gets them unblocked. */
    sigemptyset(&all);
    sigaddset(&all, SIGCHLD);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(&all, forwarded[i]);
    sigprocmask(SIG_BLOCK, &all, &old);

    trace(TAG, "# PID 1 is minirunc-init: it forwards signals and reaps orphans; %s is PID 2",
          argv[0]);
    cmd = fork();
    if (cmd < 0)
        return err_sys("fork the command");
    if (cmd == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        int code = exec_command(argv);
        err_print("namespace");
        _exit(code);
    }
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&all, &si);
        pid_t pid;

        if (sig < 0) {
            if (errno == EINTR)
                continue;
            return err_sys("sigwaitinfo");
        }
        if (sig != SIGCHLD) {
            trace_note(TAG, "init: forward signal %d to PID %d", sig, (int)cmd);
            kill(cmd, sig);
            continue;
        }
        /* One SIGCHLD may stand for several exits: reap until none is left. */
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == cmd)
                cmd_status = status;
            else
                trace_note(TAG, "init: reaped orphan PID %d", (int)pid);
        }
        if (cmd_status >= 0)
            return exit_status_of(cmd_status);
    }
}
