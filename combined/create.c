/* The runtime side of create: from a bundle to an init that waits on
 * exec.fifo, in the order the kernel forces (container_create reads as
 * that list).  start and delete are in lifecycle.c. */
#include "create_ns.h"
#include "creation.h"
#include "error.h"
#include "fault.h"
#include "hooks.h"
#include "lsm.h"
#include "namespace.h"
#include "proctitle.h"
#include "sealed_exe.h"
#include "terminal.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAG "minirunc"

static void now_rfc3339(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec);
}

static int load_bundle(struct creation *c)
{
    const char *given = c->o->bundle ? c->o->bundle : ".";
    char path[PATH_MAX + 16], raw[PATH_MAX * 2];
    struct stat st;

    if (!realpath(given, c->bundle))
        return err_sys("bundle %s", given);
    snprintf(path, sizeof(path), "%s/config.json", c->bundle);
    if (config_load(path, &c->cfg) < 0)
        return -1;
    if (c->cfg.root_path[0] == '/')
        snprintf(raw, sizeof(raw), "%s", c->cfg.root_path);
    else
        snprintf(raw, sizeof(raw), "%s/%s", c->bundle, c->cfg.root_path);
    if (!realpath(raw, c->rootfs) || stat(c->rootfs, &st) < 0)
        return err_sys("root.path %s", raw);
    if (!S_ISDIR(st.st_mode))
        return err_set("root.path %s: not a directory", raw);
    return 0;
}

/* Step 1: the bundle, and whether this create can do what it asks. */
static int check_request(struct creation *c)
{
    const struct runtime_opts *o = c->o;
    bool terminal;

    if (o->preserve_fds < 0)
        return err_set("--preserve-fds %d: must not be negative", o->preserve_fds);
    if (state_check_id(c->id) < 0 || load_bundle(c) < 0 ||
        lsm_check(&c->cfg.process, c->cfg.mount_label) < 0)
        return -1;
    /* The spec would have the container share the runtime's mount
     * namespace then; 2.1 would mount its table onto the host's. */
    if (o->upto >= UPTO_NAMESPACE && !config_namespace(&c->cfg, CLONE_NEWNS))
        return err_set("linux.namespaces: no \"mount\" namespace: minirunc builds the rootfs in a "
                       "mount namespace of the container's own, never in the host's (add "
                       "{\"type\": \"mount\"})");
    terminal = c->cfg.process.terminal;
    if (terminal && !c->run && !o->console_socket)
        return err_set("process.terminal is true: create needs --console-socket to hand the "
                       "terminal to (as runc does)");
    if (terminal && c->run && o->detach && !o->console_socket)
        return err_set("process.terminal is true: run --detach needs --console-socket, nobody "
                       "would hold the terminal (as runc)");
    if (o->console_socket && !terminal)
        return err_set("--console-socket given, but process.terminal is false");
    return 0;
}

/* Step 2: the state directory (locked while we work) and exec.fifo, on
 * which the init will wait for start. */
static int make_state(struct creation *c)
{
    if (state_create(c->o->root, c->id, &c->st) < 0)
        return -1;
    c->have_state = true;
    trace(TAG, "mkdir %s", c->st.dir);
    snprintf(c->st.bundle, sizeof(c->st.bundle), "%s", c->bundle);
    snprintf(c->st.rootfs, sizeof(c->st.rootfs), "%s", c->rootfs);
    now_rfc3339(c->st.created, sizeof(c->st.created));
    json_decref(c->st.annotations);
    c->st.annotations = json_incref(c->cfg.annotations);
    if (c->o->upto >= UPTO_CGROUPS && c->cfg.has_resources && c->o->systemd_cgroup) {
        /* 2.3 with systemd: the scope's cgroup, named before it exists. */
        if (systemd_scope_parse(c->cfg.cgroups_path, c->id, geteuid() != 0, &c->scope) < 0)
            return -1;
        c->systemd = true;
        snprintf(c->st.cgroup, sizeof(c->st.cgroup), "%s", c->scope.path);
    } else if (c->o->upto >= UPTO_CGROUPS && c->cfg.has_resources) {
        cgroup_name(&c->cfg, c->id, c->st.cgroup, sizeof(c->st.cgroup));
    }
    /* On disk before anything is made, so that a runtime killed at any
     * later moment leaves delete --force all it needs to find. */
    if (state_save(&c->st) < 0)
        return -1;
    snprintf(c->fifo, sizeof(c->fifo), "%s/exec.fifo", c->st.dir);
    trace(TAG, "mkfifo -m 622 %s", c->fifo);
    if (mkfifo(c->fifo, 0622) < 0 || chmod(c->fifo, 0622) < 0)
        return err_sys("mkfifo %s", c->fifo);
    return FAULT("create:fifo");
}

/* clone3 into the new namespaces, and (cgroup2, Linux 5.7+) straight into
 * the container's cgroup: no cgroup.procs write afterwards, and no moment
 * in which the init runs outside it.  An older kernel: a plain clone, and
 * the init joins its v2 cgroup as it joins the v1 ones (init.c). */
static pid_t clone_init(struct creation *c, int other_end)
{
    /* Not the cgroup namespace: its root is the cgroup we are in when it
     * is made, so the init makes it itself once it is in its own (2.3). */
    unsigned long ns = c->a.new_ns & ~(unsigned long)CLONE_NEWCGROUP;
    struct clone_args ca = { .flags = ns, .exit_signal = SIGCHLD };
    int cgfd = c->have_cg ? cg_v2_fd(&c->cg) : -1;
    char flags[256];
    pid_t pid;

    ns_flags_str(ns, flags, sizeof(flags));
    if (cgfd >= 0) {
        ca.flags |= CLONE_INTO_CGROUP;
        ca.cgroup = (uint64_t)cgfd;
    }
    pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
    if (pid < 0 && cgfd >= 0 && (errno == EINVAL || errno == E2BIG)) {
        close(cgfd);
        cgfd = -1;
        ca.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
        ca.cgroup = 0;
        pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
    }
    if (pid == 0) {
        c->a.born_in_v2 = cgfd >= 0;
        close(c->sock);
        if (cgfd >= 0)
            close(cgfd); /* a host directory: nothing of it goes in */
        c->a.sock = other_end;
        _exit(container_init(&c->a));
    }
    if (pid < 0)
        err_sys("clone3(%s)", flags);
    else if (cgfd >= 0)
        trace("02-namespace", "clone3({flags=%s|CLONE_INTO_CGROUP, exit_signal=SIGCHLD, cgroup=%s}) = %d",
              flags, c->cg.dirs[c->host.v1_count], (int)pid);
    else
        trace("02-namespace", "clone3({flags=%s, exit_signal=SIGCHLD}) = %d", flags, (int)pid);
    if (cgfd >= 0)
        close(cgfd);
    return pid;
}

/* Step 4 (2.2): the init, cloned into its namespaces, from a runtime that
 * is non-dumpable and has entered the namespaces only children can be
 * put into (create_ns.h). */
static int spawn_init(struct creation *c)
{
    struct ns_return back = NS_RETURN_INIT;
    int sv[2], ret = -1;

    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return err_sys("socketpair");
    c->sock = sv[0];
    /* As runc's stages are named in ps: this one, and the init's below. */
    proctitle_set("minirunc", "minirunc:[0:PARENT] %s %s", c->run ? "run" : "create", c->id);
    c->a = (struct init_args){
        .id = c->id, .cfg = &c->cfg, .rootfs = c->rootfs, .fifo_path = c->fifo, .sock = sv[1],
        .lock_fd = c->st.lock_fd, .upto = c->o->upto, .no_pivot = c->o->no_pivot,
        .preserve_fds = c->o->preserve_fds, .new_ns = clone_flags(&c->cfg, c->o->upto),
    };
    if (c->st.cgroup[0]) {
        /* Without root it may sit below a subtree delegated to us. */
        const char *v2 = c->have_cg && c->host.delegated ? cg_v2_path(&c->cg) : NULL;
        if (v2)
            snprintf(c->a.cgroup_path, sizeof(c->a.cgroup_path), "%s", v2);
        else if (c->systemd)
            snprintf(c->a.cgroup_path, sizeof(c->a.cgroup_path), "%s", c->scope.path);
        else
            snprintf(c->a.cgroup_path, sizeof(c->a.cgroup_path), "/" CG_PARENT "/%s", c->st.cgroup);
    }
    /* The init joins its cgroups itself (init.c): cheaper than our
     * writing its pid (cgroup.h: cg_join_self). */
    c->a.cgroup = c->have_cg ? &c->cg : NULL;
    for (size_t i = 0; i < c->cfg.mounts_count && !c->a.host_mounts; i++)
        if (c->cfg.mounts[i].kind == MOUNT_CGROUP_TREE)
            c->a.host_mounts = creation_mounts(c);
    /* The init inherits it: a process already in a PID namespace we join
     * must not reach it through /proc/PID (sealed_exe.h).  With a new user
     * namespace the init does it itself once its id maps are written: a
     * non-dumpable child's /proc/PID/uid_map belongs to the host's root,
     * and a runtime without root could not write it. */
    if (!(c->a.new_ns & CLONE_NEWUSER) &&
        exe_set_undumpable("the init inherits it: nothing in the container opens its /proc/PID/exe") < 0)
        goto out;
    if (make_idmapped_mounts(&c->cfg) < 0)
        goto out;
    if (c->o->upto >= UPTO_NAMESPACE && enter_for_children(&c->cfg, &c->a.new_ns, &back) < 0)
        goto out;
    c->pid = clone_init(c, sv[1]);
    if (c->pid < 0)
        goto out;
    /* Its pid, with its start time (pids are reused), on disk at once. */
    c->st.pid = c->pid;
    c->st.starttime = proc_starttime(c->pid);
    if (state_save_init(&c->st) < 0 || FAULT("create:clone") < 0)
        goto out;
    /* 2.2 for the init, which waits for our 'G'. */
    if ((c->a.new_ns & CLONE_NEWUSER) &&
        ns_write_maps(c->pid, &c->cfg.uid_mappings, &c->cfg.gid_mappings) < 0)
        goto out;
    ret = 0;
out:
    /* The init has its copies of these, or never came. */
    if (leave_for_children(&back) < 0)
        ret = -1;
    close_idmapped_mounts(&c->cfg);
    close(sv[1]);
    return ret;
}

/* The init went away without a word: say how it ended, and the likely
 * reason when the kernel killed it. */
static void init_died(struct creation *c)
{
    int status = 0;

    if (waitpid(c->pid, &status, 0) != c->pid) {
        err_set("the container's init exited before it was ready");
        return;
    }
    c->pid = -1;
    if (WIFEXITED(status)) {
        err_set("the container's init exited with status %d before it was ready",
                WEXITSTATUS(status));
    } else if (WTERMSIG(status) == SIGKILL && c->have_cg && c->cfg.resources.memory > 0) {
        err_set("the container's init was killed (SIGKILL) before it was ready: "
                "linux.resources.memory.limit %lld bytes is likely too low for it to start",
                (long long)c->cfg.resources.memory);
    } else {
        err_set("the container's init was killed by signal %d (%s) before it was ready",
                WTERMSIG(status), strsignal(WTERMSIG(status)));
    }
}

/* The init asks for the prestart and createRuntime hooks once its mounts
 * are made: they run here, in the runtime's namespaces. */
static int run_create_hooks(struct creation *c)
{
    char *state;

    c->st.pid = c->pid;
    state = state_json(&c->st, "creating");
    if (hooks_run(&c->cfg, HOOK_PRESTART, state) < 0 ||
        hooks_run(&c->cfg, HOOK_CREATE_RUNTIME, state) < 0 || FAULT("create:hooks") < 0) {
        sock_send(c->sock, 'X', err_get());
        free(state);
        return -1;
    }
    sock_send(c->sock, 'C', state);
    free(state);
    return 0;
}

/* runc's console-socket protocol: the pty master goes to whoever listens
 * there; we keep no copy.  Without a socket (run in the foreground) we
 * relay it ourselves. */
static int take_terminal(struct creation *c, int fd)
{
    int r;

    if (!c->o->console_socket) {
        c->master = fd;
        return 0;
    }
    r = console_send(c->o->console_socket, fd);
    close(fd);
    return r;
}

/* Step 5: let the init go ('G'), and serve it until it is ready ('R'):
 * its terminal ('T'), its hooks ('H'), or its error ('E'). */
static int await_ready(struct creation *c)
{
    char buf[4096];

    if (sock_send(c->sock, 'G', NULL) < 0)
        return err_sys("release the container's init");
    for (;;) {
        int fd;
        char kind = fd_recv(c->sock, buf, sizeof(buf), &fd);
        if (kind == 'R')
            return 0;
        if (kind == 'T' && fd >= 0) {
            if (take_terminal(c, fd) < 0)
                return -1;
            continue;
        }
        if (fd >= 0)
            close(fd);
        if (kind == 'E')
            return err_set("%s", buf);
        if (kind != 'H') {
            init_died(c);
            return -1;
        }
        if (run_create_hooks(c) < 0)
            return -1;
    }
}

static int write_pid_file(const char *path, pid_t pid)
{
    char tmp[PATH_MAX + 8];
    FILE *f;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "we");
    if (!f)
        return err_sys("--pid-file %s", path);
    fprintf(f, "%d", (int)pid);
    if (fclose(f) != 0 || rename(tmp, path) < 0)
        return err_sys("--pid-file %s", path);
    return 0;
}

/* Step 6: the state that start, kill and delete will read. */
static int record(struct creation *c)
{
    if (state_save_json(&c->st) < 0 || FAULT("create:record") < 0)
        return -1;
    return c->o->pid_file ? write_pid_file(c->o->pid_file, c->pid) : 0;
}

const struct mountinfo *creation_mounts(struct creation *c)
{
    if (!c->have_mounts && mountinfo_read_self(&c->mounts) == 0)
        c->have_mounts = true;
    return c->have_mounts ? &c->mounts : NULL;
}

/* Take back what the steps made, newest first, keeping the error. */
static void undo(struct creation *c)
{
    char saved[4096];

    snprintf(saved, sizeof(saved), "%s", err_get());
    if (c->master >= 0)
        close(c->master);
    c->master = -1;
    if (c->sock >= 0)
        close(c->sock);
    if (c->pid > 0) {
        kill(c->pid, SIGKILL);
        waitpid(c->pid, NULL, 0);
    }
    if (c->have_cg)
        cg_destroy(&c->cg, true);
    if (c->scope_started)
        systemd_scope_stop(c->scope.unit);
    if (c->have_state) {
        state_remove(&c->st);
        state_close(&c->st);
    }
    err_set("%s", saved);
}

int container_create(const struct runtime_opts *o, const char *id, bool run, pid_t *init_pid,
                     int *master)
{
    struct creation c = { .o = o, .id = id, .run = run, .pid = -1, .sock = -1, .master = -1 };
    int ret = -1;

    *master = -1;
    if (check_request(&c) == 0 &&   /* 1. the bundle, and what it asks */
        make_state(&c) == 0 &&      /* 2. state dir, exec.fifo */
        make_cgroup(&c) == 0 &&     /* 3. 2.3: the cgroup, limited, before the init */
        spawn_init(&c) == 0 &&      /* 4. 2.2: clone into the namespaces; maps, cgroup */
        join_systemd_scope(&c) == 0 && /* 4b. --systemd-cgroup: systemd moves the init */
        await_ready(&c) == 0 &&     /* 5. 2.1, 2.4, 2.5 happen in the init (init.c) */
        record(&c) == 0) {          /* 6. the state for start, kill, delete */
        *init_pid = c.pid;
        *master = c.master;
        close(c.sock);
        state_close(&c.st);
        ret = 0;
    } else {
        undo(&c);
    }
    config_free(&c.cfg);
    if (c.have_mounts)
        mountinfo_free(&c.mounts);
    return ret;
}
