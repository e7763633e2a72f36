/* A container's life from runc's command line: spec, create, start, run
 * and delete, each a thin layer over container.h. */
#include "cli.h"

#include "error.h"
#include "spec.h"
#include "tty.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int cmd_spec(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    int r = cli_parse("spec", argc, argv, o, &a, 0, 0);

    if (r)
        return r == 1 ? 0 : r;
    return spec_write(o->bundle, a.rootless);
}

int cmd_create(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    pid_t pid;
    int master, r = cli_parse("create", argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    return container_create(o, a.argv[0], false, &pid, &master);
}

int cmd_start(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    int r = cli_parse("start", argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    return container_start(o, a.argv[0]);
}

int cmd_delete(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    int r = cli_parse("delete", argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    return container_delete(o, a.argv[0], a.force);
}

static volatile sig_atomic_t forward_to;

static void forward(int sig)
{
    if (forward_to > 0)
        kill(forward_to, sig);
}

/* The init is our child: wait for it, passing our signals on (a terminal
 * is relayed meanwhile); its exit status becomes ours, as with runc. */
static int wait_for_init(pid_t pid, int master)
{
    static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH };
    int status = 0;

    forward_to = pid;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa = { .sa_handler = forward };
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    if (master >= 0) {
        status = tty_relay(master, pid);
        close(master);
    } else {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int cmd_run(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    const char *id;
    pid_t pid;
    int master, code, r = cli_parse("run", argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    id = a.argv[0];
    o->detach = a.detach;
    if (container_create(o, id, true, &pid, &master) < 0)
        return -1;
    if (container_start(o, id) < 0) {
        /* Say why it did not start before the clean-up, which may fail too. */
        int ret = cli_report();
        container_delete(o, id, true);
        return ret;
    }
    if (a.detach)
        return 0;
    code = wait_for_init(pid, master);
    if (container_delete(o, id, true) < 0)
        cli_report();
    return code;
}
