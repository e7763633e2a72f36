#include "cgroups.h"

#include "error.h"
#include "exitcode.h"
#include "trace.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "03-cgroups"

static volatile sig_atomic_t child_pid;

static void forward(int sig)
{
    if (child_pid > 0)
        kill(child_pid, sig);
}

void cg_print_stats(FILE *f, const struct cgroup *cg, const struct cg_stats *st)
{
    fprintf(f, "cgroup           " CG_PARENT "/%s (%s)\n", cg->name,
            cg_mode_name(cg_mode(cg->host)));
    if (st->memory_peak >= 0)
        fprintf(f, "memory.peak      %" PRId64 " bytes (%.1f MiB)\n", st->memory_peak,
                (double)st->memory_peak / (1 << 20));
    if (st->oom_kills >= 0)
        fprintf(f, "oom_kills        %" PRId64 "\n", st->oom_kills);
    if (st->pids_current >= 0)
        fprintf(f, "pids.current     %" PRId64 "\n", st->pids_current);
    if (st->pids_peak >= 0)
        fprintf(f, "pids.peak        %" PRId64 "\n", st->pids_peak);
    if (st->pids_limit_hits >= 0)
        fprintf(f, "pids.limit_hits  %" PRId64 "\n", st->pids_limit_hits);
    if (st->cpu_usec >= 0)
        fprintf(f, "cpu.time         %.3f s\n", (double)st->cpu_usec / 1e6);
}

int cg_run(const struct cg_host *h, const char *name, const struct cg_limits *l, bool stats,
           char *const *argv)
{
    static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
    struct cgroup cg;
    struct cg_stats st;
    int status = 0, code;
    pid_t pid;

    if (cg_open(&cg, h, name) < 0 || cg_create(&cg) < 0)
        return 1;
    if (cg_set(&cg, l) < 0) {
        char saved[4096];
        snprintf(saved, sizeof(saved), "%s", err_get());
        cg_destroy(&cg, true);
        err_set("%s", saved);
        return 1;
    }
    pid = fork();
    if (pid < 0) {
        err_sys("fork");
        cg_destroy(&cg, true);
        return 1;
    }
    if (pid == 0) {
        /* Join before exec: not one instruction of CMD runs unlimited. */
        if (cg_attach(&cg, getpid()) < 0) {
            err_print("cgroups");
            _exit(1);
        }
        trace(TAG, "exec %s", shq(argv[0]));
        execvp(argv[0], argv);
        code = exec_failure_status(errno);
        err_sys("exec %s", argv[0]);
        err_print("cgroups");
        _exit(code);
    }
    child_pid = pid;
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
        struct sigaction sa = { .sa_handler = forward };
        sigemptyset(&sa.sa_mask);
        sigaction(forwarded[i], &sa, NULL);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;

    cg_stats(&cg, &st);
    /* Whatever CMD left running (a fork bomb's children) goes with it. */
    if (cg_destroy(&cg, true) < 0) {
        err_print("cgroups");
        if (!code)
            code = 1;
    }
    if (stats)
        cg_print_stats(stderr, &cg, &st);
    return code;
}
