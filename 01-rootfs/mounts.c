#include "mounts.h"

#include "cgroup_tree.h"
#include "console.h"
#include "copyup.h"
#include "error.h"
#include "inroot.h"
#include "mount_opts.h"
#include "trace.h"
#include "userns_self.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

const char *root_show(const struct root_ctx *rc, const char *path)
{
    static char ring[4][4096];
    static unsigned next;
    char *buf = ring[next++ % 4];

    if (!rc->shown[0])
        snprintf(buf, sizeof(ring[0]), "%s", path);
    else if (!strcmp(path, "/"))
        snprintf(buf, sizeof(ring[0]), "%s", rc->shown);
    else
        snprintf(buf, sizeof(ring[0]), "%s%s%s", rc->shown, path[0] == '/' ? "" : "/", path);
    return buf;
}

static int apply_propagation(const char *shown, const char *path, unsigned long propagation)
{
    static const struct { unsigned long flag; const char *word; } names[] = {
        { MS_PRIVATE, "private" }, { MS_SLAVE, "slave" },
        { MS_SHARED, "shared" },   { MS_UNBINDABLE, "unbindable" },
    };
    const char *word = "private";

    if (!propagation)
        return 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (propagation & names[i].flag)
            word = names[i].word;
    trace(TAG, "mount --make-%s%s %s", (propagation & MS_REC) ? "r" : "", word, shq(shown));
    if (mount(NULL, path, NULL, propagation, NULL) < 0)
        return err_sys("mount --make-%s %s", word, shown);
    return 0;
}

int mount_remount_bind(const char *shown, const char *path, unsigned long flags)
{
    char words[256];

    mount_opts_flags_str(flags, words, sizeof(words));
    trace(TAG, "mount -o remount,bind%s%s %s", words[0] ? "," : "", words, shq(shown));
    if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
        return err_sys("mount -o remount,bind,%s %s", words, shown);
    return 0;
}

/* An fd opened before a mount still names the covered mountpoint, not the
 * new mount: reopen the target so remounts and propagation changes reach
 * the mount we just made.  Resolved as mount_point() resolved it: a
 * symlink is followed inside the root (a rootfs's /sys -> ../etc), where
 * the mount now is; its own inode is no mount to remount. */
static int reopen_mounted(const struct root_ctx *rc, const char *target, int *fd)
{
    int nfd = inroot_open(rc->rootfd, target, O_PATH, 0);

    if (nfd < 0)
        return -1;
    close(*fd);
    *fd = nfd;
    return 0;
}

/* The mount point TARGET inside the root, made when missing (a directory,
 * or an empty file for a file's bind), opened.  What is made is traced,
 * so that the trace typed by hand finds every mount point there. */
static int mount_point(const struct root_ctx *rc, const char *target, bool dir)
{
    int fd = inroot_open(rc->rootfd, target, O_PATH | (dir ? O_DIRECTORY : 0), 0);
    bool missing = fd < 0 && errno == ENOENT;
    const char *shown = root_show(rc, target);

    if (fd >= 0)
        return fd;
    if (dir) {
        trace(TAG, "mkdir -p %s", shq(shown));
        /* Found missing just now: not looked up again. */
        return missing ? inroot_mkdir_missing(rc->rootfd, target, 0755)
                       : inroot_mkdir_p(rc->rootfd, target, 0755);
    }
    const char *slash = strrchr(shown, '/');
    trace(TAG, "mkdir -p %.*s && touch %s", slash ? (int)(slash - shown) : 1, slash ? shown : ".",
          shq(shown));
    return inroot_mkfile(rc->rootfd, target, 0644);
}

/* The host's mount of FSTYPE to bind where a user namespace may not mount
 * its own: procfs belongs to a PID namespace, mqueue to an IPC one, and a
 * user namespace mounts them only for namespaces it owns.  "" where the
 * host has none either; NULL for other types, or outside a user namespace. */
static const char *host_instance(const char *fstype)
{
    static const struct { const char *type, *host; } fs[] = {
        { "proc", "/proc" }, { "mqueue", "/dev/mqueue" },
    };
    struct stat st;

    if (!userns_is_child())
        return NULL;
    for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
        if (!strcmp(fstype, fs[i].type))
            return stat(fs[i].host, &st) == 0 ? fs[i].host : "";
    return NULL;
}

/* LAB mount: 2.1.1 step 3: mount one file system of the table 2.1.2 (proc, tmpfs, devpts, ...)
 *  hint: the target is already open inside the root (fd): mount onto
 *        "/proc/self/fd/N" (fd_path), never onto the path again, with the
 *        flags and the data string mount_opts_parse made of options
 *        (mo->flags, mo->data, or NULL when it is empty); on failure record
 *        err_sys("mount -t ...") and return -1 (errno kept: EPERM has a fallback).
 *  trace: [01-rootfs] mount -t proc -o rw,relatime proc ROOTFS/proc
 *  guide: docs/01-rootfs.md#step-3-the-mount-table-212 */
static int mount_row(const char *source, int fd, const char *fstype, const char *options,
                     const struct mount_opts *mo, const char *shown)
{
    char fdbuf[32];

    trace(TAG, "mount -t %s -o %s %s %s", fstype, options, source, shq(shown));
    /* Mount onto the fd we resolved inside the root, not onto the path:
     * the path could be swapped for a symlink in between. */
    if (mount(source, fd_path(fd, fdbuf), fstype, mo->flags, mo->data[0] ? mo->data : NULL) < 0)
        return err_sys("mount -t %s %s %s", fstype, source, shown);
    return 0;
}

int mount_fs_at(const struct root_ctx *rc, const char *source, const char *target,
                const char *fstype, const char *options)
{
    struct mount_opts mo;
    const char *shown = root_show(rc, target);
    char fdbuf[32];
    int fd, below = -1, ret = -1;

    if (mount_opts_parse(options, &mo) < 0)
        return -1;
    fd = mount_point(rc, target, true);
    if (fd < 0)
        return -1;
    /* tmpcopyup: keep a handle on the directory the tmpfs will hide. */
    if (mo.tmpcopyup) {
        below = inroot_open(rc->rootfd, target, O_RDONLY | O_DIRECTORY, 0);
        if (below < 0) {
            err_sys("tmpcopyup: open %s", shown);
            goto out;
        }
    }
    if (mount_row(source, fd, fstype, options, &mo, shown) < 0) {
        const char *host = errno == EPERM ? host_instance(fstype) : NULL;
        if (host && !*host) {
            trace_note(TAG, "skip %s: a user namespace may not mount %s for the host's "
                            "namespaces, and the host has none to bind", shown, fstype);
            err_clear();
            ret = 0;
        } else if (host) {
            /* A user namespace whose PID (IPC) namespace is still the
             * host's, as with --upto 1 without root. */
            trace_note(TAG, "a user namespace may not mount %s for the host's namespaces: bind "
                            "the host's %s instead", fstype, host);
            err_clear();
            close(fd);
            fd = -1;
            ret = mount_bind_at(rc, host, target, "rbind,nosuid,nodev,noexec");
        }
        goto out;
    }
    if ((mo.propagation || below >= 0) && reopen_mounted(rc, target, &fd) < 0)
        goto out;
    if (below >= 0) {
        int top = inroot_open(rc->rootfd, target, O_RDONLY | O_DIRECTORY, 0);

        trace(TAG, "cp -a %s/. %s  # tmpcopyup: what the tmpfs covers", shq(shown), shq(shown));
        if (top < 0) {
            err_sys("tmpcopyup: open %s", shown);
            goto out;
        }
        ret = copy_tree(below, top, shown);
        /* The tmpfs's own root takes the covered directory's owner and mode. */
        if (ret == 0 && copy_dir_attrs(below, top, shown) < 0)
            ret = -1;
        close(top);
        if (ret < 0)
            goto out;
        ret = -1;
    }
    ret = apply_propagation(shown, fd_path(fd, fdbuf), mo.propagation);
out:
    if (below >= 0)
        close(below);
    if (fd >= 0)
        close(fd);
    return ret;
}

int mount_bind_at(const struct root_ctx *rc, const char *source, const char *target,
                  const char *options)
{
    struct mount_opts mo;
    const char *shown = root_show(rc, target);
    struct stat st;
    char fdbuf[32];
    unsigned long extra;
    int fd, ret = -1;

    if (mount_opts_parse(options, &mo) < 0)
        return -1;
    if (stat(source, &st) < 0)
        return err_sys("bind mount source %s", source);
    fd = mount_point(rc, target, S_ISDIR(st.st_mode));
    if (fd < 0)
        return -1;
    trace(TAG, "mount --%s %s %s", (mo.flags & MS_REC) ? "rbind" : "bind", shq(source),
          shq(shown));
    if (mount(source, fd_path(fd, fdbuf), NULL, MS_BIND | (mo.flags & MS_REC), NULL) < 0) {
        err_sys("mount --bind %s %s", source, shown);
        goto out;
    }
    if (reopen_mounted(rc, target, &fd) < 0)
        goto out;
    /* MS_BIND ignores every other flag: ro, nosuid, ... take a remount. */
    extra = mo.flags & ~(MS_BIND | MS_REC);
    if (extra && mount_remount_bind(shown, fd_path(fd, fdbuf), extra) < 0)
        goto out;
    ret = apply_propagation(shown, fd_path(fd, fdbuf), mo.propagation);
out:
    close(fd);
    return ret;
}

/* An id-mapped bind, the init's half: the tree the runtime id-mapped is
 * moved onto the target we opened inside the root. */
static int mount_bind_idmapped(const struct root_ctx *rc, const struct mount_entry *m)
{
    struct mount_opts mo;
    const char *shown = root_show(rc, m->target);
    struct stat st;
    char fdbuf[32];
    unsigned long extra;
    int fd, ret = -1;

    if (mount_opts_parse(m->options, &mo) < 0)
        return -1;
    if (fstat(m->idmap_tree_fd, &st) < 0)
        return err_sys("id-mapped copy of %s", m->source);
    fd = mount_point(rc, m->target, S_ISDIR(st.st_mode));
    if (fd < 0)
        return -1;
    trace(TAG, "mount --%s -o X-mount.idmap=%s %s %s", (mo.flags & MS_REC) ? "rbind" : "bind",
          shq(m->idmap_shown ? m->idmap_shown : "?"), shq(m->source), shq(shown));
    if (syscall(SYS_move_mount, m->idmap_tree_fd, "", fd, "",
                MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
        err_sys("move_mount (id-mapped) %s %s", m->source, shown);
        goto out;
    }
    if (reopen_mounted(rc, m->target, &fd) < 0)
        goto out;
    extra = mo.flags & ~(MS_BIND | MS_REC);
    if (extra && mount_remount_bind(shown, fd_path(fd, fdbuf), extra) < 0)
        goto out;
    ret = apply_propagation(shown, fd_path(fd, fdbuf), mo.propagation);
out:
    close(fd);
    return ret;
}

int mount_entry_apply(const struct root_ctx *rc, const struct mount_entry *m)
{
    struct mount_opts mo;

    switch (m->kind) {
    case MOUNT_CGROUP_TREE:
        return cgroup_tree_mount(rc, m);
    case MOUNT_CONSOLE:
        return console_mount(rc, m->target);
    case MOUNT_FS:
        break;
    }
    if (mount_opts_parse(m->options, &mo) < 0)
        return -1;
    if (m->idmap_tree_fd > 0)
        return mount_bind_idmapped(rc, m);
    if ((mo.flags & MS_BIND) || !m->fstype || !strcmp(m->fstype, "bind"))
        return mount_bind_at(rc, m->source, m->target, m->options);
    return mount_fs_at(rc, m->source, m->target, m->fstype, m->options);
}
