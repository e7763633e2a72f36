#include "protect.h"

#include "error.h"
#include "inroot.h"
#include "mounts.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Open PATH inside the root into *FD without following a final symlink.
 * A path this kernel does not have is no error: *FD stays -1. */
static int open_existing(const struct root_ctx *rc, const char *path, const char *what, int *fd)
{
    *fd = inroot_open(rc->rootfd, path, O_PATH | O_NOFOLLOW, 0);
    if (*fd >= 0)
        return 0;
    if (errno == ENOENT) {
        trace_note(TAG, "skip %s %s: no such path on this kernel", what, path);
        return 0;
    }
    return err_sys("open %s", root_show(rc, path));
}

int mask_path(const struct root_ctx *rc, const char *path)
{
    struct stat st;
    char target[32], nullpath[32];
    int fd, nullfd, ret = -1;

    if (open_existing(rc, path, "masked path", &fd) < 0)
        return -1;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) < 0) {
        err_sys("stat %s", path);
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        trace(TAG, "mount -t tmpfs -o ro tmpfs %s", shq(root_show(rc, path)));
        if (mount("tmpfs", fd_path(fd, target), "tmpfs", MS_RDONLY, NULL) < 0)
            err_sys("mount -t tmpfs -o ro tmpfs %s", path);
        else
            ret = 0;
        goto out;
    }
    /* Check that what we bind really is the null device (1:3): a rootfs
     * could have put anything at /dev/null. */
    nullfd = inroot_open(rc->rootfd, "/dev/null", O_PATH | O_NOFOLLOW, 0);
    if (nullfd < 0) {
        err_sys("open %s", root_show(rc, "/dev/null"));
        goto out;
    }
    if (fstat(nullfd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3)) {
        err_set("mask %s: %s is not the null device (char 1:3)", path,
                root_show(rc, "/dev/null"));
        close(nullfd);
        goto out;
    }
    trace(TAG, "mount --bind /dev/null %s", shq(root_show(rc, path)));
    if (mount(fd_path(nullfd, nullpath), fd_path(fd, target), NULL, MS_BIND, NULL) < 0)
        err_sys("mount --bind /dev/null %s", path);
    else
        ret = 0;
    close(nullfd);
out:
    close(fd);
    return ret;
}

int readonly_path(const struct root_ctx *rc, const char *path)
{
    char target[32];
    int fd, ret = -1;

    if (open_existing(rc, path, "read-only path", &fd) < 0)
        return -1;
    if (fd < 0)
        return 0;
    trace(TAG, "mount --bind %s %s", shq(root_show(rc, path)), shq(root_show(rc, path)));
    if (mount(fd_path(fd, target), fd_path(fd, target), NULL, MS_BIND | MS_REC, NULL) < 0) {
        err_sys("mount --bind %s %s", path, path);
        goto out;
    }
    /* Re-open: the fd still points at the file below the new bind mount. */
    close(fd);
    fd = inroot_open(rc->rootfd, path, O_PATH | O_NOFOLLOW, 0);
    if (fd < 0) {
        err_sys("open %s", path);
        return -1;
    }
    ret = mount_remount_bind(root_show(rc, path), fd_path(fd, target),
                             MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
out:
    close(fd);
    return ret;
}
