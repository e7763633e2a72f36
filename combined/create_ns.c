/* 2.2 for the init, done by the runtime (create_ns.h). */
#include "create_ns.h"

#include "container.h"
#include "error.h"
#include "idmap_mount.h"
#include "namespace.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

unsigned long clone_flags(const struct oci_config *cfg, int upto)
{
    unsigned long flags = CLONE_NEWNS; /* 2.1 needs a mount namespace of its own */

    if (upto < UPTO_NAMESPACE) {
        const struct cfg_namespace *user = config_namespace(cfg, CLONE_NEWUSER);
        trace_note("02-namespace", "--upto %d: 2.2 left out: only a mount namespace (for the "
                                   "rootfs); host pids, network, hostname are shared", upto);
        /* Without root nothing of 2.1 can be done outside a user
         * namespace: keep the config's. */
        if (geteuid() != 0 && user && !user->path) {
            trace_note("02-namespace", "--upto %d without root: the user namespace is kept, "
                                       "2.1 cannot mount anything without it", upto);
            flags |= CLONE_NEWUSER;
        }
        return flags;
    }
    for (size_t i = 0; i < cfg->namespaces_count; i++)
        if (!cfg->namespaces[i].path)
            flags |= cfg->namespaces[i].flag;
    if (config_namespace(cfg, CLONE_NEWNS) && config_namespace(cfg, CLONE_NEWNS)->path)
        flags &= ~(unsigned long)CLONE_NEWNS;
    return flags;
}

/* pid (and time) namespaces apply to children: join the configured one,
 * keeping a way back in *SAVED. */
static int join_for_children(const struct oci_config *cfg, unsigned long flag, int *saved)
{
    const struct cfg_namespace *ns = config_namespace(cfg, flag);
    const char *ours = flag == CLONE_NEWPID ? "/proc/self/ns/pid" : "/proc/self/ns/time";
    int fd, ret;

    if (!ns || !ns->path)
        return 0;
    if ((*saved = open(ours, O_RDONLY | O_CLOEXEC)) < 0)
        return err_sys("open %s", ours);
    if ((fd = open(ns->path, O_RDONLY | O_CLOEXEC)) < 0)
        return err_sys("open namespace %s", ns->path);
    trace("02-namespace", "setns(%s) for the container's init", ns->path);
    ret = setns(fd, (int)flag) < 0 ? err_sys("setns %s", ns->path) : 0;
    close(fd);
    return ret;
}

static int write_offsets(const struct oci_config *cfg)
{
    const char *path = "/proc/self/timens_offsets";
    char text[128];
    ssize_t n;
    int fd;

    snprintf(text, sizeof(text), "monotonic %lld %ld\nboottime %lld %ld\n", cfg->time_offset_secs[0],
             cfg->time_offset_nsecs[0], cfg->time_offset_secs[1], cfg->time_offset_nsecs[1]);
    trace("02-namespace", "echo 'monotonic %lld %ld' 'boottime %lld %ld' > %s",
          cfg->time_offset_secs[0], cfg->time_offset_nsecs[0], cfg->time_offset_secs[1],
          cfg->time_offset_nsecs[1], path);
    if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
        return err_sys("linux.timeOffsets: open %s", path);
    n = write(fd, text, strlen(text));
    close(fd);
    if (n != (ssize_t)strlen(text))
        return err_sys("linux.timeOffsets: write %s", path);
    return 0;
}

/* Clock offsets must be written before any process is in the time
 * namespace: make it ours for our children, write them, then clone into
 * it. */
static int new_time_ns_for_children(const struct oci_config *cfg, int *saved)
{
    if ((*saved = open("/proc/self/ns/time", O_RDONLY | O_CLOEXEC)) < 0)
        return err_sys("open /proc/self/ns/time");
    trace("02-namespace", "unshare --time   # for the init, which is cloned into it");
    if (unshare(CLONE_NEWTIME) < 0)
        return err_sys("unshare(CLONE_NEWTIME)");
    return write_offsets(cfg);
}

int enter_for_children(const struct oci_config *cfg, unsigned long *new_ns, struct ns_return *back)
{
    if (join_for_children(cfg, CLONE_NEWPID, &back->pid) < 0 ||
        join_for_children(cfg, CLONE_NEWTIME, &back->time) < 0)
        return -1;
    if ((*new_ns & CLONE_NEWTIME) && cfg->has_time_offsets) {
        if (new_time_ns_for_children(cfg, &back->time) < 0)
            return -1;
        *new_ns &= ~(unsigned long)CLONE_NEWTIME;
    }
    return 0;
}

int leave_for_children(struct ns_return *back)
{
    int ret = 0;

    if (back->pid >= 0 && setns(back->pid, CLONE_NEWPID) < 0)
        ret = err_sys("setns back to our pid namespace");
    if (back->time >= 0 && setns(back->time, CLONE_NEWTIME) < 0)
        ret = err_sys("setns back to our time namespace");
    if (back->pid >= 0)
        close(back->pid);
    if (back->time >= 0)
        close(back->time);
    back->pid = back->time = -1;
    return ret;
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

/* A user namespace that only carries an id-mapped mount's maps.  A child
 * is born in it, waits while its maps are written and the namespace is
 * opened, and is gone again. */
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

int make_idmapped_mounts(struct oci_config *cfg)
{
    for (size_t i = 0; i < cfg->mounts_count; i++) {
        struct mount_entry *m = &cfg->mounts[i];
        int userns;
        if (!cfg->mount_uid_maps[i].count)
            continue;
        if (idmap_userns(&cfg->mount_uid_maps[i], &cfg->mount_gid_maps[i], cfg->mount_idmap_shown[i],
                         &userns) < 0) {
            err_context("mounts[%zu]", i);
            return -1;
        }
        m->idmap_tree_fd = mount_idmapped_tree(m->source, m->options && strstr(m->options, "rbind"),
                                               userns);
        close(userns);
        if (m->idmap_tree_fd < 0) {
            m->idmap_tree_fd = 0;
            err_context("mounts[%zu]", i);
            return -1;
        }
    }
    return 0;
}

void close_idmapped_mounts(struct oci_config *cfg)
{
    for (size_t i = 0; i < cfg->mounts_count; i++)
        if (cfg->mounts[i].idmap_tree_fd > 0) {
            close(cfg->mounts[i].idmap_tree_fd);
            cfg->mounts[i].idmap_tree_fd = 0;
        }
}
