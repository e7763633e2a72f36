/* A user namespace of one's own (userns_self.h). */
#include "userns_self.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_self(const char *file, const char *text)
{
    char path[64];
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/self/%s", file);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys("open %s", path);
    n = write(fd, text, strlen(text));
    if (n < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return err_sys("echo '%.*s' > %s", (int)strcspn(text, "\n"), text, path);
    }
    close(fd);
    return 0;
}

int userns_enter_as_root(const char *tag)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];

    if (uid == 0)
        return 1;
    trace(tag, "unshare --user --map-root-user   # no root: a user namespace first, in which "
               "uid %u and gid %u are 0", (unsigned)uid, (unsigned)gid);
    if (unshare(CLONE_NEWUSER) < 0) {
        err_sys("unshare --user");
        if (errno == EPERM || errno == ENOSPC)
            err_hint("this kernel does not let users without root make user namespaces: "
                 "see /proc/sys/user/max_user_namespaces and "
                 "/proc/sys/kernel/unprivileged_userns_clone");
        return -1;
    }
    /* Without CAP_SETGID over the parent namespace, the gid map is only
     * accepted once setgroups(2) is denied for good. */
    snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
    if (write_self("uid_map", map) < 0 || write_self("setgroups", "deny") < 0)
        return -1;
    snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
    if (write_self("gid_map", map) < 0)
        return -1;
    return 0;
}

bool userns_is_child(void)
{
    char map[128] = "";
    int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return false;
    if (read(fd, map, sizeof(map) - 1) < 0)
        map[0] = '\0';
    close(fd);
    return map[0] && !strstr(map, "4294967295");
}
