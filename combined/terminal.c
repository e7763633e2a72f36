#include "terminal.h"

#include "error.h"
#include "trace.h"
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define TAG "05-env"

int fd_send(int sock, char kind, int fd)
{
    char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
    struct iovec iov = { .iov_base = &kind, .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                          .msg_controllen = sizeof(cbuf) };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof(int));
    if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
        return err_sys("send the pty master to the runtime");
    return 0;
}

char fd_recv(int sock, char *buf, size_t len, int *fd)
{
    char data[4096], cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) - 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                          .msg_controllen = sizeof(cbuf) };
    struct cmsghdr *cm;
    ssize_t n;

    *fd = -1;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return '\0';
    for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
        if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(cm), sizeof(int));
    data[n] = '\0';
    snprintf(buf, len, "%s", data + 1);
    return data[0];
}

int console_send(const char *path, int master)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int sock, ret = 0;

    if (strlen(path) >= sizeof(addr.sun_path))
        return err_set("--console-socket %s: path too long", path);
    strcpy(addr.sun_path, path);
    trace("minirunc", "sendmsg(%s, SCM_RIGHTS, pty master)", path);
    sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return err_sys("--console-socket %s: socket", path);
    if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
        ret = err_sys("--console-socket %s", path);
    else if (fd_send(sock, '\0', master) < 0)
        ret = err_sys("--console-socket %s: send the pty master", path);
    close(sock);
    return ret;
}

/* /dev/console is the container's terminal: bind the pty's slave there.
 * Both ends are file descriptors, never paths looked up again
 * (CVE-2025-52565): the source is the slave we hold, the target the
 * /dev/console we opened without following a symlink. */
static int bind_console(int master, int slave)
{
    char name[64], src[32], dst[32];
    struct stat st = { 0 };
    int target, tree, ret = 0;

    if (ptsname_r(master, name, sizeof(name)) != 0)
        return err_sys("ptsname");
    target = open("/dev/console", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (target < 0 && errno == EEXIST)
        target = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (target < 0)
        return err_sys("create /dev/console");
    if (fstat(target, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
        close(target);
        return err_set("/dev/console in the container is %s, not a file to bind the terminal "
                       "on: refused", S_ISLNK(st.st_mode) ? "a symlink" : "not a file");
    }
    trace(TAG, "mount --bind %s /dev/console   # open_tree(the pty's fd) + move_mount(onto the "
          "opened /dev/console)", name);
    tree = (int)syscall(SYS_open_tree, slave, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
    if (tree >= 0) {
        if (syscall(SYS_move_mount, tree, "", target, "",
                    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
            ret = err_sys("mount --bind %s /dev/console (move_mount)", name);
        close(tree);
    } else if (errno == ENOSYS) {
        /* Before Linux 5.2: the same through the fds' /proc links. */
        snprintf(src, sizeof(src), "/proc/self/fd/%d", slave);
        snprintf(dst, sizeof(dst), "/proc/self/fd/%d", target);
        if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
            ret = err_sys("mount --bind %s /dev/console", name);
    } else {
        ret = err_sys("mount --bind %s /dev/console (open_tree)", name);
    }
    close(target);
    return ret;
}

int terminal_setup(int sock, char kind, int bind)
{
    int master, slave;

    /* /dev/ptmx here is the container's: its devpts was mounted newinstance. */
    if (tty_open_pair(&master, &slave) < 0) {
        err_context("process.terminal: a pty in the container's /dev/pts");
        return -1;
    }
    if ((bind && bind_console(master, slave) < 0) || fd_send(sock, kind, master) < 0) {
        close(master);
        close(slave);
        return -1;
    }
    close(master);
    return tty_become_controlling(slave);
}
