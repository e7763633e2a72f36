/* The container's init: what runs inside the new namespaces, from clone()
 * to exec.  It prints nothing itself: failures go back to the runtime over
 * the socket, which reports them once. */
#include "container.h"
#include "error.h"
#include "fault.h"
#include "hooks.h"
#include "inroot.h"
#include "namespace.h"
#include "procfs.h"
#include "proctitle.h"
#include "process_setup.h"
#include "rootfs.h"
#include "sealed_exe.h"
#include "terminal.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAG "minirunc"

int sock_send(int sock, char kind, const char *text)
{
    char buf[4096];
    int n = snprintf(buf, sizeof(buf), "%c%s", kind, text ? text : "");

    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    return send(sock, buf, (size_t)n, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

char sock_recv(int sock, char *buf, size_t len)
{
    char msg[4096];
    ssize_t n;

    do
        n = recv(sock, msg, sizeof(msg) - 1, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return '\0';
    msg[n] = '\0';
    snprintf(buf, len, "%s", msg + 1);
    return msg[0];
}

static bool runtime_gone(int sock)
{
    struct pollfd p = { .fd = sock, .events = POLLIN };

    return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR));
}

static int join_namespaces(const struct oci_config *cfg)
{
    /* user first: it grants the capabilities the others need.  pid and
     * time were joined by the runtime before clone (they apply to children). */
    for (size_t k = 0; k < ns_kinds_count; k++) {
        const struct cfg_namespace *ns = config_namespace(cfg, ns_kinds[k].flag);
        int fd;

        if (!ns || !ns->path || ns->flag == CLONE_NEWPID || !strcmp(ns_kinds[k].name, "time"))
            continue;
        fd = open(ns->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return err_sys("open namespace %s", ns->path);
        trace("02-namespace", "setns(%s, CLONE_NEW%s)", ns->path, ns_kinds[k].name);
        if (setns(fd, (int)ns->flag) < 0) {
            close(fd);
            return err_sys("setns %s", ns->path);
        }
        close(fd);
    }
    return 0;
}

static int write_sysctls(const struct oci_config *cfg)
{
    for (size_t i = 0; i < cfg->sysctl_count; i++) {
        char rel[512];
        int fd;

        snprintf(rel, sizeof(rel), "sys/%s", cfg->sysctl_keys[i]);
        for (char *p = rel + 4; *p; p++)
            if (*p == '.')
                *p = '/';
        trace(TAG, "sysctl -w %s=%s", cfg->sysctl_keys[i], shq(cfg->sysctl_values[i]));
        /* Never through a mount the config put on the way (procfs.h). */
        fd = proc_open(rel, O_WRONLY);
        if (fd < 0) {
            err_context("linux.sysctl %s", cfg->sysctl_keys[i]);
            return -1;
        }
        if (write(fd, cfg->sysctl_values[i], strlen(cfg->sysctl_values[i])) < 0) {
            err_sys("linux.sysctl %s=%s", cfg->sysctl_keys[i], cfg->sysctl_values[i]);
            close(fd);
            return -1;
        }
        close(fd);
    }
    return 0;
}

/* Just before pivot_root: the runtime runs prestart and createRuntime
 * hooks, then we run createContainer hooks. */
static int before_pivot(void *arg)
{
    struct init_args *a = arg;
    char buf[4096];

    if (sock_send(a->sock, 'H', NULL) < 0)
        return err_sys("tell the runtime the mounts are ready");
    switch (sock_recv(a->sock, buf, sizeof(buf))) {
    case 'C':
        break;
    case 'X':
        return err_set("%s", buf); /* the runtime's hook failed: already reported */
    default:
        return err_set("the runtime went away during the hooks");
    }
    snprintf(a->state, sizeof(a->state), "%s", buf);
    return hooks_run(a->cfg, HOOK_CREATE_CONTAINER, a->state);
}

static int after_pivot(void *arg)
{
    struct init_args *a = arg;
    return a->upto >= UPTO_NAMESPACE ? write_sysctls(a->cfg) : 0;
}

/* 2.2 inside: once the runtime has written our maps ('G'), join our
 * cgroup, become root in a new user namespace, make the cgroup
 * namespace, join the configured ones, name the host, bring up lo. */
static int enter_namespaces(struct init_args *a)
{
    const struct oci_config *cfg = a->cfg;
    char buf[64];

    if (sock_recv(a->sock, buf, sizeof(buf)) != 'G')
        return err_set("the runtime gave up before releasing the container");
    /* 2.3: into our cgroups, by ourselves (cgroup.h: cg_join_self), while
     * we are still the host's root (before setresuid in a user namespace:
     * the cgroup files are root's), and before the cgroup namespace. */
    if (a->cgroup && (cg_join_self(a->cgroup, a->born_in_v2) < 0 || FAULT("init:cgroup") < 0))
        return -1;
    if ((a->new_ns & CLONE_NEWUSER) &&
        exe_set_undumpable("our id maps are written: now nothing in the container opens our /proc/PID/exe") < 0)
        return -1;
    if ((a->new_ns & CLONE_NEWUSER) && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
        return err_sys("become root in the new user namespace");
    /* A change of credentials may reset the parent-death signal: again. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    /* We are in our cgroup: a cgroup namespace made now
     * has it as its root, so /proc/self/cgroup says "/" and /sys/fs/cgroup
     * shows the container's own cgroup (made at clone, its root would be
     * the caller's cgroup). */
    if (a->new_ns & CLONE_NEWCGROUP) {
        trace("02-namespace", "unshare --cgroup   # now that we are in our cgroup");
        if (unshare(CLONE_NEWCGROUP) < 0)
            return err_sys("unshare(CLONE_NEWCGROUP)");
    }
    if (a->upto >= UPTO_NAMESPACE && join_namespaces(cfg) < 0)
        return -1;
    if (a->new_ns & CLONE_NEWUTS) {
        if (cfg->hostname) {
            trace("02-namespace", "hostname %s", shq(cfg->hostname));
            if (sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
                return err_sys("sethostname %s", cfg->hostname);
        }
        if (cfg->domainname) {
            trace("02-namespace", "domainname %s", shq(cfg->domainname));
            if (setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
                return err_sys("setdomainname %s", cfg->domainname);
        }
    }
    if ((a->new_ns & CLONE_NEWNET) && ns_loopback_up() < 0)
        return -1;
    return 0;
}

/* 2.1: the rootfs and the mount table, the hooks around pivot_root. */
static int build_rootfs(struct init_args *a)
{
    const struct oci_config *cfg = a->cfg;
    struct rootfs_spec rs = {
        .dir = a->rootfs, .readonly = cfg->root_readonly, .no_pivot = a->no_pivot,
        /* runc's pivot_root . .: no directory made in the image for the
         * old root, on every start (2.1.1 step 4 has the chapter's form). */
        .pivot_in_place = true,
        .mounts = cfg->mounts, .mounts_count = cfg->mounts_count,
        .propagation = cfg->rootfs_propagation,
        .cgroup_path = a->cgroup_path[0] ? a->cgroup_path : NULL,
        .host_mounts = a->host_mounts,
        .devices = cfg->devices, .devices_count = cfg->devices_count,
        .masked = (const char *const *)cfg->masked, .masked_count = cfg->masked_count,
        .readonly_paths = (const char *const *)cfg->readonly,
        .readonly_paths_count = cfg->readonly_count,
        .before_pivot = before_pivot, .after_pivot = after_pivot, .hook_arg = a,
    };

    for (size_t i = 0; i < cfg->mounts_count; i++)
        if (!strcmp(cfg->mounts[i].target, "/dev") && cfg->mounts[i].fstype &&
            !strcmp(cfg->mounts[i].fstype, "tmpfs"))
            rs.populate_dev = true;
    return rootfs_enter(&rs);
}

/* From clone to ready: every chapter's step that comes before `start`.
 * Returns 0, -1 (error recorded), or 126/127 from the PATH lookup. */
static int init_steps(struct init_args *a, struct process_run *r, int *fifo)
{
    if (enter_namespaces(a) < 0)
        return -1;
    /* Opened now, while its host path is still reachable; reopened for
     * writing through /proc/self/fd once we are inside. */
    *fifo = open(a->fifo_path, O_PATH | O_CLOEXEC);
    if (*fifo < 0)
        return err_sys("open %s", a->fifo_path);
    if (build_rootfs(a) < 0 || FAULT("init:rootfs") < 0)
        return -1;
    /* 2.5 terminal: a pty of the container's own devpts, /dev/console
     * bound to it, its master sent to the runtime. */
    if (a->cfg->process.terminal && terminal_setup(a->sock, 'T', 1) < 0)
        return -1;
    /* 2.5 and 2.4, up to what must wait for the last moment. */
    int code = process_prepare(r, &a->cfg->process, &a->cfg->seccomp, a->upto, a->preserve_fds);
    return code ? code : FAULT("init:process");
}

int container_init(struct init_args *a)
{
    struct process_run r = { 0 };
    char fdp[32];
    int fifo = -1, fd, code;

    proctitle_set("minirunc:[INIT]", "minirunc:[1:INIT] %s", a->id);
    /* The lock is the runtime's: held here, start could never take it. */
    if (a->lock_fd >= 0)
        close(a->lock_fd);
    /* Until it is ready, the init dies with the runtime that made it: a
     * runtime killed mid-create leaves no half-made container behind.  Had
     * it died already, its end of the socket is closed (our getppid() is
     * 0 in a new PID namespace, so ask the socket). */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (runtime_gone(a->sock))
        return 1;
    code = init_steps(a, &r, &fifo);
    if (code != 0) {
        sock_send(a->sock, 'E', err_get()[0] ? err_get() : "container init failed");
        process_run_free(&r);
        return code > 0 ? code : 1;
    }
    /* Ready: from now on the container outlives the runtime (create exits). */
    prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
    sock_send(a->sock, 'R', NULL);
    close(a->sock);

    /* Created: block until `start` opens the other end. */
    fd = open(fd_path(fifo, fdp), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1) {
        /* Past 'R' the runtime no longer listens: the container's stderr
         * is where a failure can still be seen. */
        err_sys("open exec.fifo");
        err_print("minirunc");
        return 1;
    }
    close(fifo);
    /* The write end stays open, close-on-exec, until the exec: `start`
     * reads to EOF, so its poststart hooks run after the process started
     * (and after startContainer), as the spec orders them.  Kept above
     * the fds --preserve-fds passes on, which stay open across exec. */
    fifo = fcntl(fd, F_DUPFD_CLOEXEC, 3 + (a->preserve_fds > 0 ? a->preserve_fds : 0));
    close(fd);
    if (hooks_run(a->cfg, HOOK_START_CONTAINER, a->state) < 0) {
        err_print("minirunc");
        return 1;
    }
    code = process_exec(&r, &a->cfg->process, a->cfg);
    err_print("minirunc");
    return code;
}
