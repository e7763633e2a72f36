/* `minirunc exec`: a new process in a running container — what runc exec
 * does: join the init's cgroup (while /sys/fs/cgroup is still the host's),
 * then its namespaces, user first (2.2), fork (a joined PID namespace
 * applies to children), then the same process set-up as the init: 2.5's
 * environment and user, 2.4's capabilities, no_new_privs and seccomp. */
#include "capability.h"
#include "cfg_json.h"
#include "cgroups.h"
#include "commands.h"
#include "config.h"
#include "error.h"
#include "inroot.h"
#include "nsflags.h"
#include "procenv.h"
#include "process_setup.h"
#include "sealed_exe.h"
#include "lsm.h"
#include "terminal.h"
#include "trace.h"
#include "tty.h"
#include "cli.h"

#include <errno.h>
#include <sys/capability.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "minirunc"

/* Join every namespace of PID that differs from ours but the mount
 * namespace, whose fd goes to *MNT: only the forked child enters it (the
 * runtime process keeps the host's /proc, which it still needs). */
static int join_container(pid_t pid, int *mnt)
{
    int fds[16];

    *mnt = -1;
    /* Open them all first: after setns(mnt) /proc/PID is not ours. */
    for (size_t i = 0; i < ns_kinds_count; i++) {
        char theirs[64], ours[64];
        struct stat a, b;

        fds[i] = -1;
        snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)pid, ns_kinds[i].name);
        snprintf(ours, sizeof(ours), "/proc/self/ns/%s", ns_kinds[i].name);
        if (stat(theirs, &a) < 0 || (stat(ours, &b) == 0 && a.st_ino == b.st_ino))
            continue;
        fds[i] = open(theirs, O_RDONLY | O_CLOEXEC);
    }
    for (size_t i = 0; i < ns_kinds_count; i++) {
        if (fds[i] < 0)
            continue;
        if (ns_kinds[i].flag == CLONE_NEWNS) {
            *mnt = fds[i];
            continue;
        }
        trace("02-namespace", "setns(/proc/%d/ns/%s)", (int)pid, ns_kinds[i].name);
        if (setns(fds[i], (int)ns_kinds[i].flag) < 0) {
            err_sys("setns /proc/%d/ns/%s", (int)pid, ns_kinds[i].name);
            for (size_t k = i; k < ns_kinds_count; k++)
                if (fds[k] >= 0)
                    close(fds[k]);
            if (*mnt >= 0)
                close(*mnt);
            return -1;
        }
        close(fds[i]);
    }
    return 0;
}

/* In the forked child, inside the container: the same set-up as the
 * init's (process_setup.h), in one go, since nothing waits between. */
static int exec_in_container(const struct cfg_process *p, const struct oci_config *cfg)
{
    struct process_run r;
    int code = process_prepare(&r, p, &cfg->seccomp, UPTO_ENV, 0);

    if (code != 0) {
        process_run_free(&r);
        return code > 0 ? code : 1;
    }
    return process_exec(&r, p, cfg);
}

int cmd_exec(struct runtime_opts *o, int argc, char **argv)
{
    enum { PROCESS = 256, TTY, CONSOLE, DETACH, PIDFILE, ENV, CWD, USER, CAP, NNP };
    static const struct option opts[] = {
        { "process", required_argument, NULL, 'p' }, { "tty", no_argument, NULL, 't' },
        { "console-socket", required_argument, NULL, CONSOLE }, { "detach", no_argument, NULL, 'd' },
        { "pid-file", required_argument, NULL, PIDFILE }, { "env", required_argument, NULL, 'e' },
        { "cwd", required_argument, NULL, CWD }, { "user", required_argument, NULL, 'u' },
        { "cap", required_argument, NULL, 'c' }, { "no-new-privs", no_argument, NULL, NNP },
        { "help", no_argument, NULL, 'h' }, { 0 },
    };
    const char *process_file = NULL, *pid_file = NULL, *cwd = NULL, *user = NULL;
    const char *console_socket = NULL;
    bool detach = false, nnp = false, tty = false;
    char *envs[64], *capnames[64], path[PATH_MAX + 16];
    size_t nenv = 0, ncap = 0;
    struct container_state st;
    struct oci_config cfg;
    struct cfg_process proc;
    int c, status;
    pid_t child;
    int mnt = -1, saved_pid = -1, ret = -1, master = -1, tsock[2] = { -1, -1 };
    char *file_cwd = NULL;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+p:tde:u:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': process_file = optarg; break;
        case 't': tty = true; break;
        case CONSOLE: console_socket = optarg; break;
        case 'd': detach = true; break;
        case PIDFILE: pid_file = optarg; break;
        case 'e': if (nenv < 64) envs[nenv++] = optarg; break;
        case CWD: cwd = optarg; break;
        case 'u': user = optarg; break;
        case 'c': if (ncap < 64) capnames[ncap++] = optarg; break;
        case NNP: nnp = true; break;
        case 'h': return cli_help("exec");
        default: return cli_usage("exec", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("exec", "needs a container ID");
    if (!process_file && optind + 1 >= argc)
        return cli_usage("exec", "needs a command (or --process FILE)");
    if (state_open(o->root, argv[optind], &st) < 0)
        return -1;
    if (strcmp(state_status(&st), "running")) {
        err_set("container \"%s\" is %s, not running", st.id, state_status(&st));
        state_close(&st);
        return -1;
    }
    snprintf(path, sizeof(path), "%s/config.json", st.bundle);
    if (config_load(path, &cfg) < 0) {
        state_close(&st);
        return -1;
    }
    /* The container's process settings, then what exec says instead. */
    proc = cfg.process;
    if (process_file) {
        json_error_t jerr;
        json_t *j = json_load_file(process_file, 0, &jerr);
        memset(&proc, 0, sizeof(proc));
        if (!j || cfg_parse_process(j, &proc) < 0) {
            if (!j)
                err_set("--process %s: invalid JSON: %s", process_file, jerr.text);
            json_decref(j);
            goto fail;
        }
        json_decref(j);
    } else {
        proc.args = argv + optind + 1;
    }
    for (size_t i = 0; i < nenv; i++) {
        int r = env_put(&proc.env, envs[i]);
        /* proc shares cfg.process's allocations (or owns the --process
         * file's): env_put may have moved the array, so hand it back at
         * once and everything is freed exactly once, below. */
        if (!process_file)
            cfg.process.env = proc.env;
        if (r < 0)
            goto fail;
    }
    if (cwd) {
        file_cwd = process_file ? proc.cwd : NULL;
        proc.cwd = (char *)cwd;
    }
    if (user) {
        unsigned u, g = 0;
        if (sscanf(user, "%u:%u", &u, &g) < 1) {
            err_set("--user %s: expected UID[:GID]", user);
            goto fail;
        }
        proc.uid = u;
        proc.gid = g;
    }
    for (size_t i = 0; i < ncap; i++) {
        int cap = cap_parse_name(capnames[i]);
        if (cap < 0)
            goto fail;
        proc.bounding |= CAPMASK(cap);
        proc.effective |= CAPMASK(cap);
        proc.permitted |= CAPMASK(cap);
    }
    proc.no_new_privileges |= nnp;
    if (lsm_check(&proc, NULL) < 0)
        goto fail;
    if (tty)
        proc.terminal = true;
    /* runc's rules: a detached terminal must go somewhere, and a console
     * socket is only for a terminal. */
    if (proc.terminal && detach && !console_socket) {
        err_set("exec --tty --detach needs --console-socket: nobody would hold the terminal");
        goto fail;
    }
    if (!proc.terminal && console_socket) {
        err_set("exec --console-socket: the process has no terminal (give --tty)");
        goto fail;
    }
    if (proc.terminal && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, tsock) < 0) {
        err_sys("socketpair");
        goto fail;
    }

    /* The cgroup first: afterwards /sys/fs/cgroup is the container's. */
    if (st.cgroup[0]) {
        struct cg_host host;
        struct cgroup cg;
        if (cg_detect(NULL, &host) < 0 || cg_open(&cg, &host, st.cgroup) < 0 ||
            cg_attach(&cg, getpid()) < 0)
            goto fail;
    }
    /* Joining the PID namespace changes where our children go: come back
     * to our own after the fork, so nothing else we start lands there. */
    saved_pid = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
    /* Before any of its namespaces: the container must never reach us
     * through /proc/PID (sealed_exe.h); the exec of its program undoes it. */
    if (exe_set_undumpable("the container cannot open our /proc/PID/exe") < 0 ||
        join_container(st.pid, &mnt) < 0)
        goto fail;
    child = fork();
    if (child < 0) {
        err_sys("fork");
        goto fail;
    }
    if (child == 0) {
        int code = 1;
        trace("02-namespace", "setns(/proc/%d/ns/mnt)", (int)st.pid);
        if (mnt >= 0 && setns(mnt, CLONE_NEWNS) < 0)
            err_sys("setns /proc/%d/ns/mnt", (int)st.pid);
        /* 2.5 terminal: a pty of the container's devpts, its master to
         * the runtime (setns put us at the container's root). */
        else if (proc.terminal && (close(tsock[0]), terminal_setup(tsock[1], 'T', 0) < 0))
            ;
        else
            code = exec_in_container(&proc, &cfg);
        err_print("minirunc");
        _exit(code);
    }
    if (proc.terminal) {
        char kind, buf[256];

        close(tsock[1]);
        tsock[1] = -1;
        kind = fd_recv(tsock[0], buf, sizeof(buf), &master);
        if (kind != 'T' || master < 0) {
            /* The child failed before its terminal existed, and said why. */
            if (master >= 0)
                close(master);
            master = -1;
        } else if (console_socket) {
            int r = console_send(console_socket, master);
            close(master);
            master = -1;
            if (r < 0) {
                kill(child, SIGKILL);
                waitpid(child, NULL, 0);
                goto fail;
            }
        }
    }
    if (pid_file) {
        FILE *f = fopen(pid_file, "we");
        if (f) {
            fprintf(f, "%d", (int)child);
            fclose(f);
        }
    }
    if (mnt >= 0)
        close(mnt);
    if (saved_pid >= 0) {
        if (setns(saved_pid, CLONE_NEWPID) < 0)
            err_sys("setns back to our pid namespace");
        close(saved_pid);
    }
    state_close(&st);
    ret = 0;
    if (master >= 0) {
        /* Foreground exec --tty without a console socket: relay it. */
        status = tty_relay(master, child);
        close(master);
        ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else if (!detach) {
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            ;
        ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    goto out;
fail:
    if (saved_pid >= 0)
        close(saved_pid);
    state_close(&st);
out:
    for (int i = 0; i < 2; i++)
        if (tsock[i] >= 0)
            close(tsock[i]);
    if (process_file) {
        cfg_free_strings(proc.args);
        env_free(&proc.env);
        free(cwd ? file_cwd : proc.cwd);
    }
    config_free(&cfg);
    return ret;
}
