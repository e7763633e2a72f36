#include "hooks.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAG "minirunc"

/* Fork and exec the hook with its stdin on *IN_FD.  An exec that fails
 * is reported here, by the runtime (the child sends its errno back over a
 * close-on-exec pipe that a successful exec closes). */
static pid_t start_hook(const struct cfg_hook *h, const char *kind, int *in_fd)
{
    char *default_argv[] = { h->path, NULL };
    char *empty_env[] = { NULL };
    int in[2], report[2] = { -1, -1 }, child_errno;
    ssize_t n;
    pid_t pid;

    if (pipe2(in, O_CLOEXEC) < 0)
        return err_sys("hook %s %s: pipe", kind, h->path);
    if (pipe2(report, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
        err_sys("hook %s %s: %s", kind, h->path, report[0] < 0 ? "pipe" : "fork");
        for (int i = 0; i < 2; i++) {
            close(in[i]);
            if (report[i] >= 0)
                close(report[i]);
        }
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        execve(h->path, h->args ? h->args : default_argv, h->env ? h->env : empty_env);
        child_errno = errno;
        (void)!write(report[1], &child_errno, sizeof(child_errno));
        _exit(127);
    }
    close(in[0]);
    close(report[1]);
    while ((n = read(report[0], &child_errno, sizeof(child_errno))) < 0 && errno == EINTR)
        ;
    close(report[0]);
    if (n == sizeof(child_errno)) {
        close(in[1]);
        waitpid(pid, NULL, 0);
        errno = child_errno;
        return err_sys("hook %s %s: exec", kind, h->path);
    }
    *in_fd = in[1];
    return pid;
}

static int run_one(const struct cfg_hook *h, const char *kind, const char *state)
{
    struct timespec start, now;
    int in = -1, status;
    pid_t pid;

    trace(TAG, "hook %s: %s < state.json%s", kind, shq(h->path),
          h->timeout ? " (with a timeout)" : "");
    if ((pid = start_hook(h, kind, &in)) < 0)
        return -1;
    /* The state on stdin; a hook that does not read it must not block us. */
    signal(SIGPIPE, SIG_IGN);
    if (write(in, state, strlen(state)) < 0 && errno != EPIPE)
        err_sys("hook %s: write state", kind);
    close(in);
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
