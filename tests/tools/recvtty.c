/* recvtty SOCKET: the other end of --console-socket.  Listens on SOCKET,
 * receives one pty master over SCM_RIGHTS, and copies what the container
 * writes on its terminal to stdout until the terminal closes. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    char data, cbuf[CMSG_SPACE(sizeof(int))], buf[4096];
    struct iovec iov = { .iov_base = &data, .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                          .msg_controllen = sizeof(cbuf) };
    int lsock, conn, master;
    ssize_t n;

    if (argc != 2 || strlen(argv[1]) >= sizeof(addr.sun_path))
        return fprintf(stderr, "usage: recvtty SOCKET\n"), 2;
    strcpy(addr.sun_path, argv[1]);
    lsock = socket(AF_UNIX, SOCK_STREAM, 0);
    if (lsock < 0 || bind(lsock, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lsock, 1) < 0)
        return perror("recvtty: listen"), 1;
    conn = accept(lsock, NULL, NULL);
    if (conn < 0 || recvmsg(conn, &msg, 0) < 0 || !CMSG_FIRSTHDR(&msg))
        return perror("recvtty: receive"), 1;
    memcpy(&master, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(int));
    close(conn);
    close(lsock);
    while ((n = read(master, buf, sizeof(buf))) > 0)
        fwrite(buf, 1, (size_t)n, stdout);
    return 0;
}
