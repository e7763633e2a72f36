/* exeprobe: what an attacker inside a container tries against a runtime
 * that enters it (runc's CVE-2019-5736), made harmless: it never writes.
 *
 * Run as a process in the container (static: the rootfs has no libc).  It
 * watches /proc for processes that appear, grabs /proc/PID/exe of each
 * with O_PATH the moment it can, and keeps retrying
 * open("/proc/self/fd/N", O_WRONLY) on every handle it holds, long after
 * the process has exec'd: success is a writable descriptor on whatever
 * binary that process ran when it was grabbed.  It ends when STOPFILE
 * exists and prints one line a finding, then a summary:
 *
 *     exeprobe: seen 31 processes, 30 exe handles, 0 writable
 *
 * "handle" lines name what was grabbed (a runtime's binary shows as the
 * path it ran from), "WRITABLE" lines what could be opened for writing. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PIDS 4096
#define MAX_HANDLES 256

struct handle {
    int fd;
    int pid;
    char target[256];
    int writable;
};

static char seen[MAX_PIDS * 8];
static struct handle handles[MAX_HANDLES];
static int nhandles, nseen, nwritable;

static void try_write(struct handle *h)
{
    char path[64];
    int fd;

    if (h->writable)
        return;
    snprintf(path, sizeof(path), "/proc/self/fd/%d", h->fd);
    /* O_WRONLY without O_TRUNC or O_APPEND: opening writes nothing. */
    fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
        h->writable = 1;
        nwritable++;
        printf("WRITABLE pid %d: %s\n", h->pid, h->target);
        fflush(stdout);
        close(fd);
    }
}

static void grab(int pid)
{
    char path[64];
    struct handle *h;
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/%d/exe", pid);
    fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return; /* not yet exec'd, gone, or not ours to open */
    if (nhandles == MAX_HANDLES) {
        close(fd);
        return;
    }
    h = &handles[nhandles++];
    h->fd = fd;
    h->pid = pid;
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    n = readlink(path, h->target, sizeof(h->target) - 1);
    h->target[n > 0 ? n : 0] = '\0';
    printf("handle pid %d: %s\n", pid, h->target);
    fflush(stdout);
    try_write(h);
}

int main(int argc, char **argv)
{
    const char *stop = argc > 1 ? argv[1] : "/probe-stop";
    int self = getpid();

    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("exeprobe: watching (stop file %s)\n", stop);
    while (access(stop, F_OK) != 0) {
        DIR *d = opendir("/proc");
        struct dirent *e;

        while (d && (e = readdir(d)) != NULL) {
            int pid = atoi(e->d_name);
            if (pid <= 0 || pid == self || pid >= (int)sizeof(seen))
                continue;
            if (!seen[pid]) {
                seen[pid] = 1;
                nseen++;
            }
            /* Keep trying a process until we hold its exe once. */
            if (seen[pid] == 1) {
                int before = nhandles;
                grab(pid);
                if (nhandles > before)
                    seen[pid] = 2;
            }
        }
        if (d)
            closedir(d);
        for (int i = 0; i < nhandles; i++)
            try_write(&handles[i]);
    }
    printf("exeprobe: seen %d processes, %d exe handles, %d writable\n", nseen, nhandles,
           nwritable);
    return 0;
}
