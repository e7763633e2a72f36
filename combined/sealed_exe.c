#include "sealed_exe.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#define TAG "minirunc"
#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

int exe_reexec_sealed(char **argv)
{
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    int mfd = -1, seals;

    if (exe < 0)
        return err_sys("open /proc/self/exe");
    /* The copy we exec'd is the same memfd inode: it carries the seals. */
    seals = fcntl(exe, F_GET_SEALS);
    if (seals >= 0 && (seals & SEALS) == SEALS) {
        close(exe);
        return 0;
    }
    trace(TAG, "fexecve(memfd_create(\"minirunc\", MFD_ALLOW_SEALING) + cp /proc/self/exe + "
               "F_SEAL_WRITE|F_SEAL_GROW|F_SEAL_SHRINK|F_SEAL_SEAL)   # no container can write our binary");
    mfd = memfd_create("minirunc", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd < 0) {
        err_sys("memfd_create minirunc");
        goto fail;
    }
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
    close(exe);
    exe = -1;
    /* An ELF binary may be fexecve'd from a close-on-exec fd: the kernel
     * has it mapped before the fd is closed. */
    fexecve(mfd, argv, environ);
    err_sys("fexecve the sealed copy of /proc/self/exe");
fail:
    if (exe >= 0)
        close(exe);
    if (mfd >= 0)
        close(mfd);
    return -1;
}

int exe_set_undumpable(const char *why)
{
    trace(TAG, "prctl(PR_SET_DUMPABLE, 0)   # %s", why);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        return err_sys("prctl(PR_SET_DUMPABLE, 0)");
    return 0;
}
