#include "pivot.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int reopen_root(struct root_ctx *rc)
{
    close(rc->rootfd);
    rc->rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    rc->shown = "";
    if (rc->rootfd < 0)
        return err_sys("open the new /");
    return 0;
}

/* pivot_root(".", "."): the old root ends up stacked on top of the new
 * one, at the same place; detaching it leaves the new root.  No directory
 * is made in the rootfs for it (runc's way). */
static int pivot_stacked(struct root_ctx *rc)
{
    trace(TAG, "pivot_root . .");
    if (syscall(SYS_pivot_root, ".", ".") < 0)
        return err_sys("pivot_root %s %s", rc->shown, rc->shown);
    trace(TAG, "umount -l .");
    if (umount2(".", MNT_DETACH) < 0)
        return err_sys("umount -l the old root");
    if (chdir("/") < 0)
        return err_sys("cd /");
    return reopen_root(rc);
}

/* LAB pivot: 2.1.1 step 4: pivot_root
 *  hint: cd into the new root (fchdir(rc->rootfd)); make a directory for the
 *        old root with a unique name (mkdtemp, ".old-root.XXXXXX": containers
 *        sharing a rootfs pivot at once); pivot_root(".", that directory);
 *        cd /; detach the old root with umount2(MNT_DETACH) (it is busy);
 *        rmdir it; reopen rc->rootfd as "/".  With in_place (or when no
 *        directory can be made) pivot_stacked() does runc's "pivot_root . .".
 *  trace: [01-rootfs] pivot_root . .old-root.XXXXXX
 *  guide: docs/01-rootfs.md#step-4-pivot_root */
int pivot_into(struct root_ctx *rc, bool in_place)
{
    char old_root[64];
    const char *shown = rc->shown;

    trace(TAG, "cd %s", shq(shown));
    if (fchdir(rc->rootfd) < 0)
        return err_sys("cd %s", shown);
    if (in_place)
        return pivot_stacked(rc);

    /* The chapter's form: pivot_root NEW OLD, with OLD a directory inside
     * NEW.  Its name must be unique: containers sharing a rootfs pivot at
     * the same time, each as PID 1 of its own namespace. */
    snprintf(old_root, sizeof(old_root), ".old-root.XXXXXX");
    if (!mkdtemp(old_root)) {
        if (errno != EROFS && errno != EACCES && errno != EPERM)
            return err_sys("mkdir %s/.old-root.XXXXXX", shown);
        /* No room for OLD (a read-only root, or one owned by a user this
         * user namespace does not map): stack the old root instead. */
        trace_note(TAG, "cannot mkdir in %s (%s): stack the old root on the new one", shown,
                   strerror(errno));
        return pivot_stacked(rc);
    }
    trace(TAG, "mkdir %s", old_root);
    trace(TAG, "pivot_root . %s", old_root);
    if (syscall(SYS_pivot_root, ".", old_root) < 0) {
        err_sys("pivot_root %s %s/%s", shown, shown, old_root);
        rmdir(old_root);
        return -1;
    }
    trace(TAG, "cd /");
    if (chdir("/") < 0)
        return err_sys("cd /");
    /* Detach: the old root is busy (our own binary, open files), and its
     * mounts must all go, not just its top. */
    trace(TAG, "umount -l /%s", old_root);
    if (umount2(old_root, MNT_DETACH) < 0)
        return err_sys("umount -l /%s", old_root);
    trace(TAG, "rmdir /%s", old_root);
    if (rmdir(old_root) < 0)
        return err_sys("rmdir /%s", old_root);
    return reopen_root(rc);
}

int chroot_into(struct root_ctx *rc)
{
    const char *shown = rc->shown;

    trace(TAG, "cd %s", shq(shown));
    if (fchdir(rc->rootfd) < 0)
        return err_sys("cd %s", shown);
    trace(TAG, "mount --move . /");
    if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
        return err_sys("mount --move %s /", shown);
    trace(TAG, "chroot .");
    if (chroot(".") < 0)
        return err_sys("chroot %s", shown);
    if (chdir("/") < 0)
        return err_sys("cd /");
    return reopen_root(rc);
}
