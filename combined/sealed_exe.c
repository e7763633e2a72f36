#include "sealed_exe.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define TAG "minirunc"
#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

/* The first choice (Linux 5.12+, root): a detached, read-only bind mount
 * of our binary.  Nothing is copied, and the mount is in no mount table:
 * it lives only as long as the processes that run from it.  Opening its
 * file for writing fails with EROFS, whoever asks. */
static int readonly_clone(void)
{
    struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV };
    int fd = (int)syscall(SYS_open_tree, AT_FDCWD, "/proc/self/exe", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

    if (fd < 0)
        return -1;
    if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Otherwise (no privilege, an older kernel): a copy in a sealed memfd,
 * as runc 1.1 does.  Costs a copy of the binary on every run. */
static int sealed_copy(int exe)
{
    int mfd = memfd_create("minirunc", MFD_CLOEXEC | MFD_ALLOW_SEALING);

    if (mfd < 0)
        return err_sys("memfd_create minirunc");
    for (;;) {
        ssize_t n = sendfile(mfd, exe, NULL, 1 << 30);
        if (n == 0)
            break;
        if (n < 0 && errno != EINTR) {
            err_sys("copy /proc/self/exe into a memfd");
            goto fail;
        }
    }
    if (fcntl(mfd, F_ADD_SEALS, SEALS) < 0) {
        err_sys("seal the memfd copy of /proc/self/exe");
        goto fail;
    }
    return mfd;
fail:
    close(mfd);
    return -1;
}

/* Already running from a binary nobody can write: the sealed memfd, or a
 * file on a read-only mount (our own clone, or an install on one). */
static bool exe_is_unwritable(int exe)
{
    struct statvfs vfs;
    int seals = fcntl(exe, F_GET_SEALS);

    if (seals >= 0 && (seals & SEALS) == SEALS)
        return true;
    return fstatvfs(exe, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
}

int exe_reexec_sealed(char **argv)
{
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    int fd;

    if (exe < 0)
        return err_sys("open /proc/self/exe");
    if (exe_is_unwritable(exe)) {
        close(exe);
        return 0;
    }
    fd = readonly_clone();
    if (fd >= 0) {
        trace(TAG, "execveat(open_tree(/proc/self/exe, OPEN_TREE_CLONE) + mount_setattr(MOUNT_ATTR_RDONLY))"
                   "   # run from a detached read-only bind mount: no container can write our binary");
    } else {
        trace(TAG, "fexecve(memfd_create(\"minirunc\", MFD_ALLOW_SEALING) + cp /proc/self/exe + "
                   "F_SEAL_WRITE|F_SEAL_GROW|F_SEAL_SHRINK|F_SEAL_SEAL)   # no container can write our binary");
        fd = sealed_copy(exe);
    }
    close(exe);
    if (fd < 0)
        return -1;
    /* An ELF binary may be exec'd from a close-on-exec fd: the kernel has
     * it mapped before the fd is closed. */
    fexecve(fd, argv, environ);
    err_sys("exec our binary again from its unwritable copy");
    close(fd);
    return -1;
}

int exe_set_undumpable(const char *why)
{
    trace(TAG, "prctl(PR_SET_DUMPABLE, 0)   # %s", why);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        return err_sys("prctl(PR_SET_DUMPABLE, 0)");
    return 0;
}
