/* The runtime side of create, start and delete. */
#include "cgroups.h"
#include "container.h"
#include "error.h"
#include "hooks.h"
#include "lsm.h"
#include "idmap_mount.h"
#include "namespace.h"
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
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAG "minirunc"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Send FD over the unix socket at PATH, as runc's --console-socket does. */
static void now_rfc3339(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec);
}

/* cgroupsPath names where the container's cgroup goes; ours always live
 * under minirunc/, so "/minirunc/x" and "x" both mean minirunc/x. */
static void cgroup_name(const struct oci_config *cfg, const char *id, char *out, size_t len)
{
    const char *p = cfg->cgroups_path;

    if (!p || !*p) {
        snprintf(out, len, "%s", id);
        return;
    }
    while (*p == '/')
        p++;
    if (!strncmp(p, CG_PARENT "/", strlen(CG_PARENT) + 1))
        p += strlen(CG_PARENT) + 1;
    snprintf(out, len, "%s", *p ? p : id);
}

static int load_bundle(const struct runtime_opts *o, char *bundle, struct oci_config *cfg,
                       char *rootfs)
{
    char path[PATH_MAX + 16], raw[PATH_MAX * 2];
    struct stat st;

    if (!realpath(o->bundle ? o->bundle : ".", bundle))
        return err_sys("bundle %s", o->bundle ? o->bundle : ".");
    snprintf(path, sizeof(path), "%s/config.json", bundle);
    if (config_load(path, cfg) < 0)
        return -1;
    if (cfg->root_path[0] == '/')
        snprintf(raw, sizeof(raw), "%s", cfg->root_path);
    else
        snprintf(raw, sizeof(raw), "%s/%s", bundle, cfg->root_path);
    if (!realpath(raw, rootfs) || stat(rootfs, &st) < 0)
        return err_sys("root.path %s", raw);
    if (!S_ISDIR(st.st_mode))
        return err_set("root.path %s: not a directory", raw);
    return 0;
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

static unsigned long clone_flags(const struct oci_config *cfg, int upto)
{
    unsigned long flags = CLONE_NEWNS; /* 2.1 needs a mount namespace of its own */

    if (upto < UPTO_NAMESPACE) {
        trace_note("02-namespace", "--upto %d: 2.2 left out: only a mount namespace (for the "
                                   "rootfs); host pids, network, hostname are shared", upto);
        return flags;
    }
    for (size_t i = 0; i < cfg->namespaces_count; i++)
        if (!cfg->namespaces[i].path)
            flags |= cfg->namespaces[i].flag;
    if (config_namespace(cfg, CLONE_NEWNS) && config_namespace(cfg, CLONE_NEWNS)->path)
        flags &= ~(unsigned long)CLONE_NEWNS;
    return flags;
}

/* pid (and time) namespaces apply to children: join them for the clone
 * only, then come back. */
static int join_for_children(const struct oci_config *cfg, unsigned long flag, int *saved)
{
    const struct cfg_namespace *ns = config_namespace(cfg, flag);
    int fd;

    *saved = -1;
    if (!ns || !ns->path)
        return 0;
    *saved = open(flag == CLONE_NEWPID ? "/proc/self/ns/pid" : "/proc/self/ns/time",
                  O_RDONLY | O_CLOEXEC);
    fd = open(ns->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || *saved < 0)
        return err_sys("open namespace %s", ns->path);
    trace("02-namespace", "setns(%s) for the container's init", ns->path);
    if (setns(fd, (int)flag) < 0) {
        close(fd);
        return err_sys("setns %s", ns->path);
    }
    close(fd);
    return 0;
}

static int new_time_ns_for_children(const struct oci_config *cfg, int *saved)
{
    char text[128];
    int fd;
    ssize_t n;

    *saved = open("/proc/self/ns/time", O_RDONLY | O_CLOEXEC);
    if (*saved < 0)
        return err_sys("open /proc/self/ns/time");
    trace("02-namespace", "unshare --time   # for the init, which is cloned into it");
    if (unshare(CLONE_NEWTIME) < 0)
        return err_sys("unshare(CLONE_NEWTIME)");
    snprintf(text, sizeof(text), "monotonic %lld %ld\nboottime %lld %ld\n", cfg->time_offset_secs[0],
             cfg->time_offset_nsecs[0], cfg->time_offset_secs[1], cfg->time_offset_nsecs[1]);
    trace("02-namespace", "echo 'monotonic %lld %ld' 'boottime %lld %ld' > /proc/self/timens_offsets",
          cfg->time_offset_secs[0], cfg->time_offset_nsecs[0], cfg->time_offset_secs[1],
          cfg->time_offset_nsecs[1]);
    fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys("linux.timeOffsets: open /proc/self/timens_offsets");
    n = write(fd, text, strlen(text));
    close(fd);
    if (n != (ssize_t)strlen(text))
        return err_sys("linux.timeOffsets: write /proc/self/timens_offsets");
    return 0;
}

static int write_map(pid_t pid, const char *file, const struct idmaps *maps)
{
    char path[64], text[512];
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
    idmap_format(maps, text, sizeof(text));
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys("open %s", path);
    n = write(fd, text, strlen(text));
    close(fd);
    if (n != (ssize_t)strlen(text))
        return err_sys("write %s", path);
    return 0;
}

/* 2.2 for an id-mapped mount (mounts[i].uidMappings): a user namespace
 * that only carries the maps.  A child is born in it, waits while its
 * maps are written and the namespace is opened, and is gone again. */
static int idmap_userns(const struct idmaps *u, const struct idmaps *g, const char *shown, int *out)
{
    struct clone_args ca = { .flags = CLONE_NEWUSER, .exit_signal = SIGCHLD };
    char path[64], c;
    int hold[2], ret = -1;
    pid_t pid;

    *out = -1;
    if (pipe2(hold, O_CLOEXEC) < 0)
        return err_sys("pipe");
    trace("02-namespace", "unshare --user --map-users=... (%s)   # the maps of an id-mapped mount", shown);
    pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
    if (pid == 0) {
        close(hold[1]);
        while (read(hold[0], &c, 1) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(hold[0]);
    if (pid < 0) {
        err_sys("clone(CLONE_NEWUSER) for an id-mapped mount");
        close(hold[1]);
        return -1;
    }
    snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
    if (write_map(pid, "uid_map", u) == 0 && write_map(pid, "gid_map", g) == 0) {
        *out = open(path, O_RDONLY | O_CLOEXEC);
        ret = *out < 0 ? err_sys("open %s", path) : 0;
    }
    close(hold[1]);
    waitpid(pid, NULL, 0);
    return ret;
}

struct creation {
    struct container_state st;
    struct oci_config cfg;
    struct cg_host host;
    struct cgroup cg;
    bool have_cg;
    pid_t pid;
    int sock;
};

static void undo(struct creation *c)
{
    char saved[4096];

    snprintf(saved, sizeof(saved), "%s", err_get());
    if (c->pid > 0) {
        kill(c->pid, SIGKILL);
        waitpid(c->pid, NULL, 0);
    }
    if (c->have_cg)
        cg_destroy(&c->cg, true);
    state_remove(&c->st);
    state_close(&c->st);
    err_set("%s", saved);
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

/* 2.3: linux.devices nodes are usable in the container (rwm). */
static int allow_config_devices(const struct oci_config *cfg, struct cg_limits *l)
{
    for (size_t i = 0; i < cfg->devices_count; i++) {
        const struct dev_node *d = &cfg->devices[i];
        if (d->type == 'p' ||
            cg_devices_allow(l->devices, l->devices_count, d->type, d->major, d->minor,
                             CG_DEV_MKNOD | CG_DEV_READ | CG_DEV_WRITE))
            continue;
        if (l->devices_count == CG_MAX_DEVICE_RULES)
            return err_set("linux.devices: more than %d device rules in all (the config's, the "
                           "standard ones and one per device)", CG_MAX_DEVICE_RULES);
        l->devices[l->devices_count++] =
            (struct cg_device_rule){ true, d->type, (long)d->major, (long)d->minor, "rwm" };
    }
    return 0;
}

int container_create(const struct runtime_opts *o, const char *id, bool run, pid_t *init_pid,
                     int *master)
{
    struct creation c = { .pid = -1, .sock = -1 };
    struct init_args a = { .upto = o->upto };
    struct clone_args ca = { 0 };
    char bundle[PATH_MAX], rootfs[PATH_MAX], fifo[PATH_MAX + 16], buf[4096], flags[256];
    int sv[2], saved_pid = -1, saved_time = -1, cgfd = -1, ret = -1;

    *master = -1;
    if (o->preserve_fds < 0)
        return err_set("--preserve-fds %d: must not be negative", o->preserve_fds);
    if (state_check_id(id) < 0)
        return -1;
    if (load_bundle(o, bundle, &c.cfg, rootfs) < 0 || lsm_check(&c.cfg.process, c.cfg.mount_label) < 0)
        goto out_cfg;
    /* The spec would have the container share the runtime's mount
     * namespace then; 2.1 would mount its table onto the host's. */
    if (o->upto >= UPTO_NAMESPACE && !config_namespace(&c.cfg, CLONE_NEWNS)) {
        err_set("linux.namespaces: no \"mount\" namespace: minirunc builds the rootfs in a mount "
                "namespace of the container's own, never in the host's (add {\"type\": \"mount\"})");
        goto out_cfg;
    }
    if (c.cfg.process.terminal && !run && !o->console_socket) {
        err_set("process.terminal is true: create needs --console-socket to hand the terminal "
                "to (as runc does)");
        goto out_cfg;
    }
    if (c.cfg.process.terminal && run && o->detach && !o->console_socket) {
        err_set("process.terminal is true: run --detach needs --console-socket, nobody would "
                "hold the terminal (as runc)");
        goto out_cfg;
    }
    if (o->console_socket && !c.cfg.process.terminal) {
        err_set("--console-socket given, but process.terminal is false");
        goto out_cfg;
    }
    if (state_create(o->root, id, &c.st) < 0)
        goto out_cfg;
    trace(TAG, "mkdir %s", c.st.dir);
    snprintf(c.st.bundle, sizeof(c.st.bundle), "%s", bundle);
    snprintf(c.st.rootfs, sizeof(c.st.rootfs), "%s", rootfs);
    now_rfc3339(c.st.created, sizeof(c.st.created));
    json_decref(c.st.annotations);
    c.st.annotations = json_incref(c.cfg.annotations);

    snprintf(fifo, sizeof(fifo), "%s/exec.fifo", c.st.dir);
    trace(TAG, "mkfifo -m 622 %s", fifo);
    if (mkfifo(fifo, 0622) < 0 || chmod(fifo, 0622) < 0) {
        err_sys("mkfifo %s", fifo);
        goto fail;
    }
    /* 2.3: the cgroup first, so the init is limited from its first step. */
    if (o->upto >= UPTO_CGROUPS && c.cfg.has_resources) {
        char name[256];
        cgroup_name(&c.cfg, id, name, sizeof(name));
        if (cg_detect(NULL, &c.host) < 0)
            goto fail;
        if (cg_open(&c.cg, &c.host, name) < 0) {
            err_context("linux.cgroupsPath \"%s\"", c.cfg.cgroups_path ? c.cfg.cgroups_path : id);
            goto fail;
        }
        if (cg_create(&c.cg) < 0)
            goto fail;
        c.have_cg = true;
        snprintf(c.st.cgroup, sizeof(c.st.cgroup), "%s", name);
        /* The devices most programs need, after the config's own rules. */
        struct cg_limits limits = c.cfg.resources;
        if (limits.devices_count) {
            static const struct cg_device_rule std[] = {
                { true, 'c', 1, 3, "rwm" },   { true, 'c', 1, 5, "rwm" },  { true, 'c', 1, 7, "rwm" },
                { true, 'c', 1, 8, "rwm" },   { true, 'c', 1, 9, "rwm" },  { true, 'c', 5, 0, "rwm" },
                { true, 'c', 5, 1, "rwm" },   { true, 'c', 5, 2, "rwm" },  { true, 'c', 136, -1, "rwm" },
            };
            for (size_t i = 0; i < sizeof(std) / sizeof(std[0]) && limits.devices_count < CG_MAX_DEVICE_RULES; i++)
                limits.devices[limits.devices_count++] = std[i];
            /* And the nodes linux.devices makes, as runc does, unless a
             * rule allows them already (--privileged: "a"). */
            if (allow_config_devices(&c.cfg, &limits) < 0)
                goto fail;
        }
        if (cg_set(&c.cg, &limits) < 0 ||
            state_set_devices(&c.st, limits.devices, limits.devices_count) < 0)
            goto fail;
    } else if (o->upto < UPTO_CGROUPS) {
        trace_note("03-cgroups", "--upto %d: 2.3 left out: no cgroup, no limits", o->upto);
    }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        err_sys("socketpair");
        goto fail;
    }
    a.cfg = &c.cfg;
    a.rootfs = rootfs;
    a.fifo_path = fifo;
    a.sock = sv[1];
    a.lock_fd = c.st.lock_fd;
    a.no_pivot = o->no_pivot;
    if (c.st.cgroup[0])
        snprintf(a.cgroup_path, sizeof(a.cgroup_path), "/" CG_PARENT "/%s", c.st.cgroup);
    a.preserve_fds = o->preserve_fds;
    a.new_ns = clone_flags(&c.cfg, o->upto);
    /* The init inherits it: a process already in a PID namespace we join
     * must not reach it through /proc/PID (sealed_exe.h).  With a new user
     * namespace the init does it itself once its id maps are written: a
     * non-dumpable child's /proc/PID/uid_map belongs to the host's root,
     * and a runtime without root could not write it. */
    if (!(a.new_ns & CLONE_NEWUSER) &&
        exe_set_undumpable("the init inherits it: nothing in the container opens its /proc/PID/exe") < 0)
        goto fail;
    if (o->upto >= UPTO_NAMESPACE &&
        (join_for_children(&c.cfg, CLONE_NEWPID, &saved_pid) < 0 ||
         join_for_children(&c.cfg, CLONE_NEWTIME, &saved_time) < 0))
        goto fail;

    /* 2.1 id-mapped binds: only the host's user namespace may id-map a
     * mount of the host's file systems, so the runtime makes each one here,
     * detached; the init moves it into place. */
    for (size_t i = 0; i < c.cfg.mounts_count; i++) {
        struct mount_entry *m = &c.cfg.mounts[i];
        int userns;
        if (!c.cfg.mount_uid_maps[i].count)
            continue;
        if (idmap_userns(&c.cfg.mount_uid_maps[i], &c.cfg.mount_gid_maps[i],
                         c.cfg.mount_idmap_shown[i], &userns) < 0) {
            err_context("mounts[%zu]", i);
            goto fail;
        }
        m->idmap_tree_fd = mount_idmapped_tree(m->source, m->options && strstr(m->options, "rbind"),
                                               userns);
        close(userns);
        if (m->idmap_tree_fd < 0) {
            m->idmap_tree_fd = 0;
            err_context("mounts[%zu]", i);
            goto fail;
        }
    }
    /* Clock offsets must be written before any process is in the time
     * namespace: make it ours for our children, write them, then clone
     * into it (2.2). */
    if ((a.new_ns & CLONE_NEWTIME) && c.cfg.has_time_offsets) {
        if (new_time_ns_for_children(&c.cfg, &saved_time) < 0)
            goto fail;
        a.new_ns &= ~(unsigned long)CLONE_NEWTIME;
    }
    /* Not the cgroup namespace: its root is the cgroup we are in when it
     * is made, so the init makes it itself once it is in its own (2.3). */
    ca.flags = a.new_ns & ~(unsigned long)CLONE_NEWCGROUP;
    ca.exit_signal = SIGCHLD;
    ns_flags_str(a.new_ns & ~(unsigned long)CLONE_NEWCGROUP, flags, sizeof(flags));
    /* 2.3: born in its cgroup2 cgroup (Linux 5.7+): no cgroup.procs write
     * afterwards, and no moment in which the init runs outside it. */
    cgfd = c.have_cg ? cg_v2_fd(&c.cg) : -1;
    if (cgfd >= 0) {
        ca.flags |= CLONE_INTO_CGROUP;
        ca.cgroup = (uint64_t)cgfd;
    }
    c.pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
    if (c.pid < 0 && cgfd >= 0 && (errno == EINVAL || errno == E2BIG)) {
        /* An older kernel: clone, then attach by writing cgroup.procs. */
        close(cgfd);
        cgfd = -1;
        ca.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
        ca.cgroup = 0;
        c.pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
    }
    if (c.pid == 0) {
        close(sv[0]);
        if (cgfd >= 0)
            close(cgfd); /* a host directory: nothing of it goes in */
        _exit(container_init(&a));
    }
    /* The init has its copies of the id-mapped mounts' namespaces. */
    for (size_t i = 0; i < c.cfg.mounts_count; i++)
        if (c.cfg.mounts[i].idmap_tree_fd > 0) {
            close(c.cfg.mounts[i].idmap_tree_fd);
            c.cfg.mounts[i].idmap_tree_fd = 0;
        }
    if (saved_pid >= 0 && setns(saved_pid, CLONE_NEWPID) < 0)
        err_sys("setns back to our pid namespace");
    if (saved_time >= 0 && setns(saved_time, CLONE_NEWTIME) < 0)
        err_sys("setns back to our time namespace");
    if (saved_pid >= 0)
        close(saved_pid);
    if (saved_time >= 0)
        close(saved_time);
    close(sv[1]);
    c.sock = sv[0];
    if (c.pid < 0) {
        err_sys("clone(%s)", flags);
        if (cgfd >= 0)
            close(cgfd);
        goto fail;
    }
    if (cgfd >= 0) {
        trace("02-namespace", "clone(%s|CLONE_INTO_CGROUP|SIGCHLD, cgroup=%s) = %d", flags,
              c.cg.dirs[c.host.v1_count], (int)c.pid);
        close(cgfd);
    } else {
        trace("02-namespace", "clone(%s|SIGCHLD) = %d", flags, (int)c.pid);
    }

    if ((a.new_ns & CLONE_NEWUSER) &&
        ns_write_maps(c.pid, &c.cfg.uid_mappings, &c.cfg.gid_mappings) < 0)
        goto fail;
    if (c.have_cg && (ca.flags & CLONE_INTO_CGROUP ? cg_attach_v1(&c.cg, c.pid)
                                                   : cg_attach(&c.cg, c.pid)) < 0)
        goto fail;
    if (sock_send(c.sock, 'G', NULL) < 0) {
        err_sys("release the container's init");
        goto fail;
    }
    for (;;) {
        int fd;
        char kind = fd_recv(c.sock, buf, sizeof(buf), &fd);
        if (kind == 'R')
            break;
        if (kind == 'T' && fd >= 0) {
            /* runc's console-socket protocol: the pty master goes to
             * whoever listens there; we keep no copy.  Without a socket
             * (run in the foreground) we relay it ourselves. */
            if (!o->console_socket) {
                *master = fd;
                continue;
            }
            int r = console_send(o->console_socket, fd);
            close(fd);
            if (r < 0)
                goto fail;
            continue;
        }
        if (fd >= 0)
            close(fd);
        if (kind == 'E') {
            err_set("%s", buf);
            goto fail;
        }
        if (kind == 'H') {
            char *state;
            c.st.pid = c.pid;
            state = state_json(&c.st, "creating");
            if (hooks_run(&c.cfg, HOOK_PRESTART, state) < 0 ||
                hooks_run(&c.cfg, HOOK_CREATE_RUNTIME, state) < 0) {
                sock_send(c.sock, 'X', err_get());
                free(state);
                goto fail;
            }
            sock_send(c.sock, 'C', state);
            free(state);
            continue;
        }
        init_died(&c);
        goto fail;
    }
    c.st.pid = c.pid;
    c.st.starttime = proc_starttime(c.pid);
    if (state_save(&c.st) < 0)
        goto fail;
    if (o->pid_file && write_pid_file(o->pid_file, c.pid) < 0)
        goto fail;
    *init_pid = c.pid;
    close(c.sock);
    state_close(&c.st);
    config_free(&c.cfg);
    return 0;
fail:
    if (c.sock >= 0)
        close(c.sock);
    if (*master >= 0)
        close(*master);
    *master = -1;
    undo(&c);
out_cfg:
    config_free(&c.cfg);
    return ret;
}

int container_start(const struct runtime_opts *o, const char *id)
{
    struct container_state st;
    struct oci_config cfg;
    char fifo[PATH_MAX + 16], path[PATH_MAX + 16], byte, *state;
    const char *status;
    int fd, ret = -1;

    if (state_open(o->root, id, &st) < 0)
        return -1;
    status = state_status(&st);
    if (strcmp(status, "created")) {
        err_set("container \"%s\" is %s: only a created container can be started", id, status);
        state_close(&st);
        return -1;
    }
    snprintf(fifo, sizeof(fifo), "%s/exec.fifo", st.dir);
    trace(TAG, "cat %s   # release the init: it execs the process", fifo);
    fd = open(fifo, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, &byte, 1) != 1) {
        err_sys("open %s", fifo);
        if (fd >= 0)
            close(fd);
        state_close(&st);
        return -1;
    }
    /* EOF once the init has exec'd the process (or died): only then
     * is the process started, and poststart may run. */
    for (;;) {
        ssize_t n = read(fd, &byte, 1);
        if (n == 0 || (n < 0 && errno != EINTR))
            break;
    }
    close(fd);
    unlink(fifo);
    snprintf(path, sizeof(path), "%s/config.json", st.bundle);
    ret = 0;
    if (config_load(path, &cfg) == 0) {
        state = state_json(&st, "running");
        if (hooks_run(&cfg, HOOK_POSTSTART, state) < 0)
            ret = -1;
        free(state);
        config_free(&cfg);
    }
    state_close(&st);
    return ret;
}

int container_delete(const struct runtime_opts *o, const char *id, bool force)
{
    struct container_state st;
    struct oci_config cfg;
    char path[PATH_MAX + 16], *state;
    const char *status;
    bool have_cfg;
    int ret = 0;

    if (state_open(o->root, id, &st) < 0) {
        /* As runc: --force on a container that is already gone succeeds,
         * so a caller cleaning up after a failed create need not care. */
        if (force && errno == ENOENT) {
            err_clear();
            return 0;
        }
        return -1;
    }
    status = state_status(&st);
    if ((!strcmp(status, "running") || !strcmp(status, "paused")) && !force) {
        state_close(&st);
        return err_set("container \"%s\" is %s: stop it first, or delete --force", id, status);
    }
    if (strcmp(status, "stopped")) {
        bool paused = !strcmp(status, "paused");
        trace(TAG, "kill -KILL %d", (int)st.pid);
        kill(st.pid, SIGKILL);
        /* Frozen, it would get the signal only once thawed. */
        if (paused) {
            struct cg_host host;
            struct cgroup cg;
            if (cg_detect(NULL, &host) == 0 && cg_open(&cg, &host, st.cgroup) == 0)
                cg_freeze(&cg, false);
        }
        for (int i = 0; i < 500 && !strcmp(state_status(&st), "running"); i++)
            usleep(10000);
        for (int i = 0; i < 500 && strcmp(state_status(&st), "stopped"); i++)
            usleep(10000);
    }
    if (st.cgroup[0]) {
        struct cg_host host;
        struct cgroup cg;
        if (cg_detect(NULL, &host) < 0 || cg_open(&cg, &host, st.cgroup) < 0 ||
            cg_destroy(&cg, true) < 0)
            ret = -1;
    }
    snprintf(path, sizeof(path), "%s/config.json", st.bundle);
    have_cfg = config_load(path, &cfg) == 0;
    state = state_json(&st, "stopped");
    if (state_remove(&st) < 0)
        ret = -1;
    if (have_cfg) {
        /* poststop failures are reported but do not undo the delete. */
        if (hooks_run(&cfg, HOOK_POSTSTOP, state) < 0)
            ret = -1;
        config_free(&cfg);
    }
    free(state);
    state_close(&st);
    return ret;
}
