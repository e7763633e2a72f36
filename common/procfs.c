#include "procfs.h"

#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

int proc_open(const char *rel, int flags)
{
    struct open_how how = {
        .flags = (unsigned long long)(flags | O_CLOEXEC),
        .resolve = RESOLVE_NO_XDEV | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_BENEATH,
    };
    struct statfs sf;
    int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

    if (proc < 0)
        return err_sys("open /proc");
    if (fstatfs(proc, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC) {
        close(proc);
        return errno = EXDEV, err_sys("/proc is not procfs: refusing to write /proc/%s", rel);
    }
    fd = (int)syscall(SYS_openat2, proc, rel, &how, sizeof(how));
    if (fd < 0) {
        int e = errno;
        close(proc);
        errno = e;
        if (e == EXDEV)
            return err_sys("/proc/%s: something is mounted on the way (refused, as a write "
                           "there would land elsewhere)", rel);
        return err_sys("open /proc/%s", rel);
    }
    close(proc);
    return fd;
}
