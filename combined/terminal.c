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

/* /dev/console is the container's terminal: bind the pty's slave there. */
static int bind_console(int master)
{
    char name[64];
    int fd;

    if (ptsname_r(master, name, sizeof(name)) != 0)
        return err_sys("ptsname");
    fd = open("/dev/console", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_sys("create /dev/console");
    close(fd);
    trace(TAG, "mount --bind %s /dev/console", name);
    if (mount(name, "/dev/console", NULL, MS_BIND, NULL) < 0)
        return err_sys("mount --bind %s /dev/console", name);
    return 0;
}

int terminal_setup(int sock, char kind, int bind)
{
    int master, slave;

    /* /dev/ptmx here is the container's: its devpts was mounted newinstance. */
    if (tty_open_pair(&master, &slave) < 0) {
        err_context("process.terminal: a pty in the container's /dev/pts");
        return -1;
    }
    if ((bind && bind_console(master) < 0) || fd_send(sock, kind, master) < 0) {
        close(master);
        close(slave);
        return -1;
    }
    close(master);
    return tty_become_controlling(slave);
}
