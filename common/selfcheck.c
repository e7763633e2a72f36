/* Fds and peak memory of a run, reported at exit (selfcheck.h). */
#include "selfcheck.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *report_path;
static const char *report_what;
static pid_t report_pid;
static int fds_start;

/* The fds open now, without the one that lists them. */
static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1;
}

/* VmHWM from /proc/self/status, in kB; -1 if it cannot be read. */
static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[256];
    long kb = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) {
            kb = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

static void report(void)
{
    char line[256];
    int fd, n;

    /* A child that shares our atexit list (clone without exec) is not
     * the run being measured. */
    if (getpid() != report_pid)
        return;
    /* Counted before the report's own fd is opened. */
    n = snprintf(line, sizeof line, "%s fds_start=%d fds_exit=%d hwm_kb=%ld\n", report_what, fds_start,
                 count_fds(), peak_rss_kb());
    fd = open(report_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    /* One write with O_APPEND: lines of runs side by side do not mix. */
    if (write(fd, line, n) != n)
        fprintf(stderr, "selfcheck: %s: short write\n", report_path);
    close(fd);
}

void selfcheck_init(const char *what)
{
    report_path = getenv("MINIRUNC_SELFCHECK");
    if (!report_path || !*report_path)
        return;
    report_what = what;
    report_pid = getpid();
    fds_start = count_fds();
    atexit(report);
}
