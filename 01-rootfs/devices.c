#include "devices.h"

#include "error.h"
#include "inroot.h"
#include "mounts.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const struct {
    const char *name;
    unsigned major, minor;
} nodes[] = {
    { "null", 1, 3 }, { "zero", 1, 5 },    { "full", 1, 7 },
    { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct {
    const char *name, *target;
} links[] = {
    { "fd", "/proc/self/fd" },         { "stdin", "/proc/self/fd/0" },
    { "stdout", "/proc/self/fd/1" },   { "stderr", "/proc/self/fd/2" },
    { "ptmx", "pts/ptmx" },
};

static int make_node(const struct root_ctx *rc, int devfd, const char *name, unsigned major,
                     unsigned minor)
{
    char path[64], host[64];

    snprintf(path, sizeof(path), "/dev/%s", name);
    trace(TAG, "mknod -m 666 %s c %u %u", shq(root_show(rc, path)), major, minor);
    if (mknodat(devfd, name, S_IFCHR | 0666, makedev(major, minor)) == 0) {
        /* mknod's mode passes through the umask; the node must be 0666. */
        if (fchmodat(devfd, name, 0666, 0) < 0)
            return err_sys("chmod 666 %s", root_show(rc, path));
        return 0;
    }
    if (errno != EPERM)
        return err_sys("mknod %s", root_show(rc, path));
    /* In a user namespace mknod is refused: use the host's node instead. */
    trace_note(TAG, "mknod is not allowed here: bind mount the host's /dev/%s instead", name);
    snprintf(host, sizeof(host), "/dev/%s", name);
    return mount_bind_at(rc, host, path, "bind");
}

int devices_populate(const struct root_ctx *rc)
{
    int devfd, ret = -1;

    devfd = inroot_open(rc->rootfd, "/dev", O_RDONLY | O_DIRECTORY, 0);
    if (devfd < 0)
        return err_sys("open %s", root_show(rc, "/dev"));
    for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
        if (make_node(rc, devfd, nodes[i].name, nodes[i].major, nodes[i].minor) < 0)
            goto out;
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        char path[64];

        snprintf(path, sizeof(path), "/dev/%s", links[i].name);
        trace(TAG, "ln -s %s %s", links[i].target, shq(root_show(rc, path)));
        if (symlinkat(links[i].target, devfd, links[i].name) < 0 && errno != EEXIST) {
            err_sys("ln -s %s %s", links[i].target, root_show(rc, path));
            goto out;
        }
    }
    /* /dev/core only makes sense where the kernel has /proc/kcore. */
    if (access("/proc/kcore", F_OK) == 0) {
        trace(TAG, "ln -s /proc/kcore %s", shq(root_show(rc, "/dev/core")));
        if (symlinkat("/proc/kcore", devfd, "core") < 0 && errno != EEXIST) {
            err_sys("ln -s /proc/kcore %s", root_show(rc, "/dev/core"));
            goto out;
        }
    }
    ret = 0;
out:
    close(devfd);
    return ret;
}

static int create_one(const struct root_ctx *rc, const struct dev_node *d)
{
    const char *shown = root_show(rc, d->path), *name;
    mode_t kind = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
    struct stat st;
    int parent, ret = -1;

    parent = inroot_parent(rc->rootfd, d->path, &name);
    if (parent < 0)
        return -1;
    /* The config's node wins over what the image or /dev already has. */
    if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISDIR(st.st_mode)) {
            err_set("device %s: a directory is in the way", shown);
            goto out;
        }
        trace(TAG, "rm %s", shq(shown));
        if (unlinkat(parent, name, 0) < 0) {
            err_sys("rm %s", shown);
            goto out;
        }
    }
    if (d->type == 'p')
        trace(TAG, "mkfifo -m %03o %s", d->mode, shq(shown));
    else
        trace(TAG, "mknod -m %03o %s %c %u %u", d->mode, shq(shown), d->type == 'b' ? 'b' : 'c',
              d->major, d->minor);
    if (mknodat(parent, name, kind | (d->mode & 07777), makedev(d->major, d->minor)) < 0) {
        if (errno != EPERM || d->type == 'p') {
            err_sys("mknod %s", shown);
            goto out;
        }
        /* In a user namespace mknod is refused: the host's node instead. */
        trace_note(TAG, "mknod is not allowed here: bind mount the host's %s instead", d->path);
        ret = mount_bind_at(rc, d->path, d->path, "bind");
        goto out;
    }
    /* mknod's mode passed through the umask; the owner is the config's. */
    trace(TAG, "chown %u:%u %s", d->uid, d->gid, shq(shown));
    if (fchmodat(parent, name, d->mode & 07777, 0) < 0 ||
        fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0) {
        err_sys("chmod/chown %s", shown);
        goto out;
    }
    ret = 0;
out:
    close(parent);
    return ret;
}

int devices_create(const struct root_ctx *rc, const struct dev_node *nodes, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (create_one(rc, &nodes[i]) < 0)
            return -1;
    return 0;
}
