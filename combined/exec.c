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
#include "fault.h"
#include "nsflags.h"
#include "procenv.h"
#include "process_setup.h"
#include "proctitle.h"
#include "sealed_exe.h"
#include "lsm.h"
#include "terminal.h"
#include "trace.h"
#include "tty.h"
#include "cli.h"

#include <errno.h>
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

/* What exec was asked: its options and operands. */
struct exec_request {
    const char *process_file, *pid_file, *cwd, *user, *console_socket;
    bool detach, nnp, tty;
    char *envs[64], *caps[64];
    size_t nenv, ncap;
    const char *id;
    char **args;        /* COMMAND [ARG...], unless --process */
};

/* One exec in progress: what must be released however it ends. */
struct exec_job {
    struct container_state st;
    bool have_state;
    struct oci_config cfg;
    bool have_cfg;
    struct cfg_process proc;  /* the container's process, then exec's changes */
    bool owns_proc;           /* --process: proc's strings are its own */
    bool cwd_replaced;        /* --cwd given: proc.cwd is not ours to free */
    char *file_cwd;           /* then: --process's own cwd */
    int mnt, saved_pid, master, tsock[2];
    pid_t child;
};

/* runc exec's options.  Returns 0, 1 after --help, 2 after a usage error. */
static int parse_exec(int argc, char **argv, struct exec_request *q)
{
    enum { CONSOLE = 256, PIDFILE, CWD, NNP };
    static const struct option opts[] = {
        { "process", required_argument, NULL, 'p' }, { "tty", no_argument, NULL, 't' },
        { "console-socket", required_argument, NULL, CONSOLE }, { "detach", no_argument, NULL, 'd' },
        { "pid-file", required_argument, NULL, PIDFILE }, { "env", required_argument, NULL, 'e' },
        { "cwd", required_argument, NULL, CWD }, { "user", required_argument, NULL, 'u' },
        { "cap", required_argument, NULL, 'c' }, { "no-new-privs", no_argument, NULL, NNP },
        { "help", no_argument, NULL, 'h' }, { 0 },
    };
    int c;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+p:tde:u:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': q->process_file = optarg; break;
        case 't': q->tty = true; break;
        case CONSOLE: q->console_socket = optarg; break;
        case 'd': q->detach = true; break;
        case PIDFILE: q->pid_file = optarg; break;
        case 'e':
            if (q->nenv == 64)
                return cli_usage("exec", "more than 64 --env");
            q->envs[q->nenv++] = optarg;
            break;
        case CWD: q->cwd = optarg; break;
        case 'u': q->user = optarg; break;
        case 'c':
            if (q->ncap == 64)
                return cli_usage("exec", "more than 64 --cap");
            q->caps[q->ncap++] = optarg;
            break;
        case NNP: q->nnp = true; break;
        case 'h': return cli_help("exec"), 1;
        default: return cli_usage("exec", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("exec", "needs a container ID");
    if (!q->process_file && optind + 1 >= argc)
        return cli_usage("exec", "needs a command (or --process FILE)");
    q->id = argv[optind];
    q->args = argv + optind + 1;
    return 0;
}

/* The running container, and its config. */
static int open_container(struct exec_job *j, const char *root, const char *id)
{
    char path[PATH_MAX + 16];

    if (state_open(root, id, &j->st) < 0)
        return -1;
    j->have_state = true;
    if (strcmp(state_status(&j->st), "running"))
        return err_set("container \"%s\" is %s, not running", j->st.id, state_status(&j->st));
    snprintf(path, sizeof(path), "%s/config.json", j->st.bundle);
    if (config_load(path, &j->cfg) < 0)
        return -1;
    j->have_cfg = true;
    return 0;
}

/* The process: the container's (or --process FILE's) settings, then what
 * exec's options say instead, as runc does. */
static int build_process(struct exec_job *j, const struct exec_request *q)
{
    struct cfg_process *p = &j->proc;

    *p = j->cfg.process;
    if (q->process_file) {
        json_error_t jerr;
        json_t *doc = json_load_file(q->process_file, 0, &jerr);
        memset(p, 0, sizeof(*p));
        j->owns_proc = true;
        if (!doc)
            return err_set("--process %s: invalid JSON: %s", q->process_file, jerr.text);
        int r = cfg_parse_process(doc, p);
        json_decref(doc);
        if (r < 0)
            return -1;
    } else {
        p->args = q->args;
    }
    for (size_t i = 0; i < q->nenv; i++) {
        int r = env_put(&p->env, q->envs[i]);
        /* Without --process, proc shares cfg.process's allocations: env_put
         * may have moved the array, so hand it back at once and everything
         * is freed exactly once. */
        if (!j->owns_proc)
            j->cfg.process.env = p->env;
        if (r < 0)
            return -1;
    }
    if (q->cwd) {
        j->cwd_replaced = true;
        j->file_cwd = j->owns_proc ? p->cwd : NULL;
        p->cwd = (char *)q->cwd;
    }
    if (q->user) {
        unsigned u, g = 0;
        if (sscanf(q->user, "%u:%u", &u, &g) < 1)
            return err_set("--user %s: expected UID[:GID]", q->user);
        p->uid = u;
        p->gid = g;
    }
    for (size_t i = 0; i < q->ncap; i++) {
        int cap = cap_parse_name(q->caps[i]);
        if (cap < 0)
            return -1;
        p->bounding |= CAPMASK(cap);
        p->effective |= CAPMASK(cap);
        p->permitted |= CAPMASK(cap);
    }
    p->no_new_privileges |= q->nnp;
    p->terminal |= q->tty;
    if (lsm_check(p, NULL) < 0)
        return -1;
    /* runc's rules: a detached terminal must go somewhere, and a console
     * socket is only for a terminal. */
    if (p->terminal && q->detach && !q->console_socket)
        return err_set("exec --tty --detach needs --console-socket: nobody would hold the terminal");
    if (!p->terminal && q->console_socket)
        return err_set("exec --console-socket: the process has no terminal (give --tty)");
    return 0;
}

/* The runtime's side of joining, before the fork: the cgroup first
 * (afterwards /sys/fs/cgroup is the container's), then non-dumpable
 * before any namespace (sealed_exe.h), then every namespace but mnt. */
static int enter_container(struct exec_job *j)
{
    if (j->st.cgroup[0]) {
        struct cg_host host;
        struct cgroup cg;
        if (cg_detect(NULL, &host) < 0 || state_cgroup_open(&j->st, &host, &cg) < 0 ||
            cg_join_self(&cg, false) < 0)
            return -1;
    }
    /* Joining the PID namespace changes where our children go: come back
     * to our own after the fork, so nothing else we start lands there. */
    j->saved_pid = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
    if (j->saved_pid < 0)
        return err_sys("open /proc/self/ns/pid");
    if (exe_set_undumpable("the container cannot open our /proc/PID/exe") < 0)
        return -1;
    return join_container(j->st.pid, &j->mnt);
}

/* The child: into the mount namespace (setns puts it at the container's
 * root), a terminal of the container's devpts, then the process set-up. */
static void run_child(struct exec_job *j)
{
    int code = 1;

    proctitle_set("minirunc:[EXEC]", "minirunc:[1:EXEC] %s", j->st.id);
    trace("02-namespace", "setns(/proc/%d/ns/mnt)", (int)j->st.pid);
    if (j->mnt >= 0 && setns(j->mnt, CLONE_NEWNS) < 0)
        err_sys("setns /proc/%d/ns/mnt", (int)j->st.pid);
    else if (j->proc.terminal && (close(j->tsock[0]), terminal_setup(j->tsock[1], 'T', 0) < 0))
        ;
    else
        code = exec_in_container(&j->proc, &j->cfg);
    err_print("minirunc");
    _exit(code);
}

/* The pty's master from the child: to --console-socket, or kept to relay. */
static int take_terminal(struct exec_job *j, const char *console_socket)
{
    char kind, buf[256];
    int r;

    close(j->tsock[1]);
    j->tsock[1] = -1;
    kind = fd_recv(j->tsock[0], buf, sizeof(buf), &j->master);
    if (kind != 'T' || j->master < 0) {
        /* The child failed before its terminal existed, and said why. */
        if (j->master >= 0)
            close(j->master);
        j->master = -1;
        return 0;
    }
    if (!console_socket)
        return 0;
    r = console_send(console_socket, j->master);
    close(j->master);
    j->master = -1;
    return r;
}

static int exit_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void exec_job_free(struct exec_job *j)
{
    if (j->mnt >= 0)
        close(j->mnt);
    /* Failed after joining: our own PID namespace again for whatever we
     * still start (a sanitizer's helper at exit, say). */
    if (j->saved_pid >= 0 && j->child < 0)
        (void)setns(j->saved_pid, CLONE_NEWPID);
    if (j->saved_pid >= 0)
        close(j->saved_pid);
    if (j->master >= 0)
        close(j->master);
    for (int i = 0; i < 2; i++)
        if (j->tsock[i] >= 0)
            close(j->tsock[i]);
    if (j->owns_proc) {
        cfg_free_strings(j->proc.args);
        env_free(&j->proc.env);
        free(j->cwd_replaced ? j->file_cwd : j->proc.cwd);
    }
    if (j->have_cfg)
        config_free(&j->cfg);
    if (j->have_state)
        state_close(&j->st);
}

int cmd_exec(struct runtime_opts *o, int argc, char **argv)
{
    struct exec_request q = { 0 };
    struct exec_job j = { .mnt = -1, .saved_pid = -1, .master = -1, .tsock = { -1, -1 }, .child = -1 };
    int r = parse_exec(argc, argv, &q), status, ret = -1;

    if (r)
        return r == 1 ? 0 : r;
    if (open_container(&j, o->root, q.id) < 0 || build_process(&j, &q) < 0)
        goto out;
    if (j.proc.terminal && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, j.tsock) < 0) {
        err_sys("socketpair");
        goto out;
    }
    proctitle_set("minirunc", "minirunc:[0:PARENT] exec %s", j.st.id);
    if (enter_container(&j) < 0 || FAULT("exec:join") < 0)
        goto out;
    j.child = fork();
    if (j.child < 0) {
        err_sys("fork");
        goto out;
    }
    if (j.child == 0)
        run_child(&j);
    if (setns(j.saved_pid, CLONE_NEWPID) < 0)
        err_sys("setns back to our pid namespace");
    if (j.proc.terminal && take_terminal(&j, q.console_socket) < 0) {
        kill(j.child, SIGKILL);
        waitpid(j.child, NULL, 0);
        goto out;
    }
    if (q.pid_file) {
        FILE *f = fopen(q.pid_file, "we");
        if (f) {
            fprintf(f, "%d", (int)j.child);
            fclose(f);
        }
    }
    /* The state's lock goes now: kill, pause or delete may come while the
     * process runs. */
    state_close(&j.st);
    j.have_state = false;
    ret = 0;
    if (j.master >= 0) {
        /* Foreground exec --tty without a console socket: relay it. */
        ret = exit_code(tty_relay(j.master, j.child));
    } else if (!q.detach) {
        while (waitpid(j.child, &status, 0) < 0 && errno == EINTR)
            ;
        ret = exit_code(status);
    }
out:
    exec_job_free(&j);
    return ret;
}
