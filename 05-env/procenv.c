#include "procenv.h"

#include "error.h"
#include "inroot.h"
#include "lookup.h"
#include "procfs.h"
#include "trace.h"
#include "setgroups.h"
#include "userns_self.h"
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "05-env"

/* LAB rlimits: 2.5 set the resource limits, while still root
 *  hint: setrlimit(2) for each of spec->rlimits (resource, {soft, hard});
 *        lowering is always allowed, raising a hard limit needs
 *        CAP_SYS_RESOURCE: on EPERM say so (err_hint) with the current hard
 *        limit (getrlimit).  Before setuid: the user may not raise them back.
 *  trace: [05-env] setrlimit(RLIMIT_NOFILE, {512, 1024})
 *  guide: docs/05-env.md#the-whole-picture-in-one-run */
int procenv_set_rlimits(const struct procenv_spec *spec)
{
    for (size_t i = 0; i < spec->rlimits_count; i++) {
        const struct rlimit_req *r = &spec->rlimits[i];
        char soft[24], hard[24];

        if (r->limit.rlim_cur == RLIM_INFINITY)
            snprintf(soft, sizeof(soft), "unlimited");
        else
            snprintf(soft, sizeof(soft), "%llu", (unsigned long long)r->limit.rlim_cur);
        if (r->limit.rlim_max == RLIM_INFINITY)
            snprintf(hard, sizeof(hard), "unlimited");
        else
            snprintf(hard, sizeof(hard), "%llu", (unsigned long long)r->limit.rlim_max);
        trace(TAG, "setrlimit(RLIMIT_%s, {%s, %s})", r->name, soft, hard);
        if (setrlimit(r->resource, &r->limit) < 0) {
            struct rlimit now;
            getrlimit(r->resource, &now);
            err_sys("setrlimit(RLIMIT_%s, {%s, %s})", r->name, soft, hard);
            if (errno == EPERM && r->limit.rlim_max > now.rlim_max)
                err_hint("raising the hard limit above %llu needs CAP_SYS_RESOURCE",
                         (unsigned long long)now.rlim_max);
            return -1;
        }
    }
    return 0;
}

int procenv_set_oom_score_adj(int value)
{
    char buf[16];
    int fd, len = snprintf(buf, sizeof(buf), "%d", value);

    char rel[32];

    trace(TAG, "echo %d > /proc/self/oom_score_adj", value);
    /* By our pid, not "self": proc_open follows no symlink (procfs.h). */
    snprintf(rel, sizeof(rel), "%d/oom_score_adj", (int)getpid());
    fd = proc_open(rel, O_WRONLY);
    if (fd < 0)
        return -1;
    if (write(fd, buf, (size_t)len) != len) {
        err_sys("echo %d > /proc/self/oom_score_adj", value);
        if (errno == EACCES)
            err_hint("lowering oom_score_adj needs CAP_SYS_RESOURCE");
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

static int enter_root(const char *root)
{
    trace(TAG, "chroot %s", shq(root));
    if (chroot(root) < 0)
        return err_sys("chroot %s", root);
    if (chdir("/") < 0)
        return err_sys("cd / in %s", root);
    return 0;
}

int procenv_find_command(struct procenv_spec *spec, char *path, size_t len)
{
    char cwd[PATH_MAX];
    int rootfd, code;

    rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) {
        err_sys("open /");
        return 1;
    }
    /* After setuid, so the user's own permissions decide (fchdir checks
     * them as chdir does).  Resolved inside the root, no magic links: a
     * cwd of /proc/self/fd/N must never reach a directory outside it
     * through an fd that leaked in (runc's CVE-2024-21626). */
    if (spec->cwd) {
        int dir;
        trace(TAG, "cd %s", shq(spec->cwd));
        dir = inroot_open(rootfd, spec->cwd, O_PATH | O_DIRECTORY, 0);
        if (dir < 0 || fchdir(dir) < 0) {
            err_sys("--cwd %s", spec->cwd);
            if (dir >= 0)
                close(dir);
            close(rootfd);
            return 1;
        }
        close(dir);
    }
    if (!getcwd(cwd, sizeof(cwd)))
        snprintf(cwd, sizeof(cwd), "/");
    code = cmd_lookup(rootfd, cwd, env_get(&spec->env, "PATH"), spec->argv[0], path, len);
    close(rootfd);
    if (code == 0)
        trace_note(TAG, "%s is %s on the container's PATH", spec->argv[0], path);
    return code;
}

int procenv_close_fds(const struct procenv_spec *spec)
{
    /* Whatever the caller leaked (a socket, a directory fd of the host) must
     * not reach the container: close-on-exec for every fd above 2. */
    unsigned first = 3U + (unsigned)spec->preserve_fds;
    trace(TAG, "close_range(%u, ~0U, CLOSE_RANGE_CLOEXEC)", first);
    if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        return err_sys("close_range(%u, ~0U, CLOSE_RANGE_CLOEXEC)", first);
    return 0;
}

static void trace_env(const struct procenv_spec *spec)
{
    for (size_t i = 0; i < spec->env.count; i++)
        trace(TAG, "export %s", shq(spec->env.vars[i]));
}

static int exec_only(struct procenv_spec *spec, const char *path);

int procenv_exec(struct procenv_spec *spec, const char *path)
{
    trace_env(spec);
    if (procenv_close_fds(spec) < 0)
        return 1;
    return exec_only(spec, path);
}

int procenv_execve(struct procenv_spec *spec, const char *path)
{
    trace_env(spec);
    return exec_only(spec, path);
}

static int exec_only(struct procenv_spec *spec, const char *path)
{
    int code;

    trace(TAG, "exec %s", shq(path));
    execve(path, spec->argv, spec->env.vars ? spec->env.vars : (char *[]){ NULL });
    code = (errno == ENOENT) ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
    err_sys("exec %s", path);
    return code;
}

/* Everything after the identity change: cwd, the command, the fds, exec.
 * Returns the exit status to use when it fails. */
static int finish_and_exec(struct procenv_spec *spec, const struct identity *id)
{
    char path[PATH_MAX];
    int code;

    if (identity_apply(id) < 0)
        return 1;
    code = procenv_find_command(spec, path, sizeof(path));
    if (code)
        return code;
    return procenv_exec(spec, path);
}

int procenv_run(struct procenv_spec *spec)
{
    struct identity id;
    int rootfd, master = -1, slave = -1;
    pid_t child;

    /* chroot and a change of user need root: without it, in a user
     * namespace of our own where we are root (2.2), before the user is
     * resolved (HOME is root's then). */
    if ((spec->root || spec->user) && userns_enter_as_root(TAG) < 0)
        return -1;
    rootfd = open(spec->root ? spec->root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return err_sys("--root %s", spec->root);
    if (identity_resolve(rootfd, spec->user, spec->groups, &id) < 0) {
        close(rootfd);
        return -1;
    }
    close(rootfd);
    /* Asked now: after chroot the root may have no /proc to ask. */
    id.setgroups_denied = setgroups_denied();
    if (!spec->no_defaults && env_fill_defaults(&spec->env, &id, spec->tty) < 0)
        return -1;
    if (!spec->cwd && spec->root)
        spec->cwd = "/";

    /* /proc is the host's here: after chroot the root may have none. */
    if (spec->set_oom_score_adj && procenv_set_oom_score_adj(spec->oom_score_adj) < 0)
        return -1;
    if (spec->tty && tty_open_pair(&master, &slave) < 0)
        return -1;
    if (spec->root && enter_root(spec->root) < 0)
        return -1;
    if (procenv_set_rlimits(spec) < 0)
        return -1;
    if (spec->set_umask) {
        trace(TAG, "umask %03o", (unsigned)spec->umask);
        umask(spec->umask);
    }
    if (!spec->tty)
        return finish_and_exec(spec, &id);

    /* A terminal: the command runs in a child that owns the pty as its
     * controlling terminal; this process relays between it and ours. */
    trace(TAG, "fork()");
    child = fork();
    if (child < 0)
        return err_sys("fork");
    if (child == 0) {
        int code;
        close(master);
        code = tty_become_controlling(slave) < 0 ? 1 : finish_and_exec(spec, &id);
        err_print("procenv");
        _exit(code);
    }
    /* Only the child may hold the slave: when it exits, the master reads
     * EIO and the relay ends. */
    close(slave);
    int status = tty_relay(master, child);
    close(master);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}
