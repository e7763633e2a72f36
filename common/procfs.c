#include "procfs.h"

#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The mount a file descriptor is on (fdinfo's mnt_id, Linux 3.15+). */
static int mnt_id_of(int proc, int fd)
{
    char path[64], buf[512], *p;
    ssize_t n;
    int info;

    snprintf(path, sizeof(path), "thread-self/fdinfo/%d", fd);
    if ((info = openat(proc, path, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    n = read(info, buf, sizeof(buf) - 1);
    close(info);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    p = strstr(buf, "mnt_id:");
    return p ? atoi(p + 7) : -1;
}

/* Without openat2 (Linux < 5.6, or a seccomp profile that denies it): the
 * same rules, one component at a time: no symlink followed, and every
 * component on /proc's own mount. */
static int proc_walk(int proc, const char *rel, int flags)
{
    char copy[512], *save = NULL, *c, *next;
    int mnt = mnt_id_of(proc, proc), cur, fd;

    if (mnt < 0 || snprintf(copy, sizeof(copy), "%s", rel) >= (int)sizeof(copy))
        return errno = EINVAL, -1;
    cur = dup(proc);
    for (c = strtok_r(copy, "/", &save); c && cur >= 0; c = next) {
        next = strtok_r(NULL, "/", &save);
        fd = openat(cur, c, (next ? O_PATH | O_DIRECTORY : flags) | O_NOFOLLOW | O_CLOEXEC);
        close(cur);
        cur = fd;
        if (cur >= 0 && mnt_id_of(proc, cur) != mnt) {
            close(cur);
            return errno = EXDEV, -1;
        }
    }
    return cur;
}

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
    if (fd < 0 && (errno == ENOSYS || errno == EPERM))
        fd = proc_walk(proc, rel, flags);
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
