#include "tty.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define TAG "05-env"

int tty_open_pair(int *master, int *slave)
{
    struct winsize ws;
    struct stat st;
    char name[64];

    trace(TAG, "posix_openpt(O_RDWR|O_NOCTTY)");
    *master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*master < 0)
        return err_sys("posix_openpt");
    if (grantpt(*master) < 0 || unlockpt(*master) < 0 ||
        ptsname_r(*master, name, sizeof(name)) != 0) {
        err_sys("unlock the new pseudo-terminal");
        close(*master);
        return -1;
    }
    /* The slave through the master (TIOCGPTPEER), not through its name: a
     * /dev/pts/N path could be a symlink planted in the container's /dev
     * (CVE-2025-52565 binds that path over /dev/console). */
    trace(TAG, "open %s   # ioctl(master, TIOCGPTPEER): the pty itself, not its path", name);
    *slave = ioctl(*master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*slave < 0 && (errno == EINVAL || errno == ENOTTY)) /* before Linux 4.13 */
        *slave = open(name, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (*slave < 0) {
        err_sys("open %s", name);
        close(*master);
        return -1;
    }
    if (fstat(*slave, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) < 136 ||
        major(st.st_rdev) > 143) {
        err_set("open %s: not a pseudo-terminal (a devpts device, major 136-143)", name);
        close(*slave);
        close(*master);
        return -1;
    }
    /* The container's terminal starts as big as ours. */
    if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
        ioctl(*master, TIOCSWINSZ, &ws);
    return 0;
}

int tty_become_controlling(int slave)
{
    trace(TAG, "setsid()");
    if (setsid() < 0)
        return err_sys("setsid");
    trace(TAG, "ioctl(slave, TIOCSCTTY)");
    if (ioctl(slave, TIOCSCTTY, 0) < 0)
        return err_sys("ioctl(slave, TIOCSCTTY)");
    trace(TAG, "dup2 slave to fds 0, 1, 2");
    for (int i = 0; i < 3; i++)
        if (dup2(slave, i) < 0)
            return err_sys("dup2 slave to fd %d", i);
    close(slave);
    return 0;
}

static bool copy_once(int from, int to)
{
    char buf[4096];
    ssize_t n = read(from, buf, sizeof(buf));

    if (n <= 0)
        return n < 0 && errno == EINTR;
    for (ssize_t done = 0; done < n;) {
        ssize_t w = write(to, buf + done, (size_t)(n - done));
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += w;
    }
    return true;
}

int tty_relay(int master, pid_t child)
{
    struct termios saved, raw;
    bool restore = false, stdin_open = true;
    int status = 0;

    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
        raw = saved;
        cfmakeraw(&raw);
        restore = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    for (;;) {
        struct pollfd fds[2] = {
            { .fd = master, .events = POLLIN },
            { .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
        };
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        /* The slave closed (the process exited): the master reads EIO. */
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (!copy_once(master, STDOUT_FILENO))
                break;
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (!copy_once(STDIN_FILENO, master))
                stdin_open = false;
        }
    }
    if (restore)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    return status;
}
