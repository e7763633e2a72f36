#include "hooks.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAG "minirunc"

static int run_one(const struct cfg_hook *h, const char *kind, const char *state)
{
    char *default_argv[] = { h->path, NULL };
    char *empty_env[] = { NULL };
    struct timespec start, now;
    int in[2], status;
    pid_t pid;

    trace(TAG, "hook %s: %s < state.json%s", kind, shq(h->path),
          h->timeout ? " (with a timeout)" : "");
    if (pipe2(in, O_CLOEXEC) < 0)
        return err_sys("hook %s %s: pipe", kind, h->path);
    pid = fork();
    if (pid < 0)
        return err_sys("hook %s %s: fork", kind, h->path);
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        execve(h->path, h->args ? h->args : default_argv, h->env ? h->env : empty_env);
        fprintf(stderr, "minirunc: hook %s %s: %s\n", kind, h->path, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    /* The state on stdin; a hook that does not read it must not block us. */
    signal(SIGPIPE, SIG_IGN);
    if (write(in[1], state, strlen(state)) < 0 && errno != EPIPE)
        err_sys("hook %s: write state", kind);
    close(in[1]);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        pid_t r = waitpid(pid, &status, h->timeout ? WNOHANG : 0);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR)
            return err_sys("hook %s %s: wait", kind, h->path);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (h->timeout && now.tv_sec - start.tv_sec >= h->timeout) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return err_set("hook %s %s: timed out after %d s", kind, h->path, h->timeout);
        }
        usleep(10000);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return err_set("hook %s %s: failed (%s %d)", kind, h->path,
                       WIFEXITED(status) ? "exit status" : "signal",
                       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return 0;
}

int hooks_run(const struct oci_config *cfg, enum hook_kind kind, const char *state_json)
{
    for (size_t i = 0; i < cfg->hooks_count[kind]; i++)
        if (run_one(&cfg->hooks[kind][i], hook_kind_name(kind), state_json) < 0)
            return -1;
    return 0;
}
