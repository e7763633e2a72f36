/* ptyrun SECS CMD [ARG...]: run CMD on a terminal of its own, as a user at
 * a keyboard who types nothing.  CMD gets a new session whose controlling
 * terminal is a fresh pty (its stdin, stdout and stderr); what it writes
 * there is copied to our stdout.  Nothing is ever written to the terminal:
 * unlike script(1) with stdin at EOF, no ^D reaches CMD's input, so a
 * `podman run -it` reads a terminal that stays open and quiet.
 *
 * Exits with CMD's status (128+N if signal N ended it).  If CMD is still
 * running after SECS seconds, its process group gets SIGKILL, the reason
 * goes to stderr, and ptyrun exits 124 (as timeout(1)). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Copy what is waiting on the master to stdout; 0 at EOF/EIO (no slave
 * left open), 1 otherwise. */
static int copy_out(int master)
{
    char buf[4096];
    ssize_t n = read(master, buf, sizeof(buf));

    if (n <= 0)
        return n < 0 && errno == EINTR;
    if (write(STDOUT_FILENO, buf, (size_t)n) != n)
        return 0;
    return 1;
}

int main(int argc, char **argv)
{
    int master, keep, status = 0, open_ = 1;
    double deadline;
    pid_t child;
    char *slave;

    if (argc < 3 || atoi(argv[1]) <= 0)
        return fprintf(stderr, "usage: ptyrun SECS CMD [ARG...]\n"), 2;
    deadline = now() + atoi(argv[1]);
    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || !(slave = ptsname(master)))
        return perror("ptyrun: a pty"), 1;
    /* Our own hold on the slave: the master reads no hang-up before the
     * child has opened it. */
    keep = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (keep < 0)
        return perror("ptyrun: open the slave"), 1;
    child = fork();
    if (child < 0)
        return perror("ptyrun: fork"), 1;
    if (child == 0) {
        int fd;
        if (setsid() < 0 || (fd = open(slave, O_RDWR)) < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
            return perror("ptyrun: the child's terminal"), 127;
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2)
            close(fd);
        execvp(argv[2], argv + 2);
        fprintf(stderr, "ptyrun: %s: %m\n", argv[2]);
        _exit(127);
    }
    /* Until CMD exits: relay its output, watch the clock. */
    for (;;) {
        struct pollfd p = { .fd = master, .events = POLLIN };
        pid_t r = waitpid(child, &status, WNOHANG);
        if (r == child)
            break;
        if (now() > deadline) {
            fprintf(stderr, "ptyrun: %s still running after %s s: killed\n", argv[2], argv[1]);
            kill(-child, SIGKILL);
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
            return 124;
        }
        if (poll(&p, 1, 100) > 0)
            copy_out(master);
    }
    /* The rest of its output: until no slave is open, or a second has
     * passed (something CMD left behind may hold the terminal). */
    close(keep);
    for (double until = now() + 1; open_ && now() < until;) {
        struct pollfd p = { .fd = master, .events = POLLIN };
        if (poll(&p, 1, 100) > 0)
            open_ = copy_out(master);
    }
    close(master);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
