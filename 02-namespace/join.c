/* 2.2: setns() into a running process's namespaces — what `runc exec` and
 * nsenter(1) do. */
#include "error.h"
#include "namespace.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "02-namespace"

static int same_ns(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino &&
           sa.st_dev == sb.st_dev;
}

int ns_join(pid_t pid, unsigned long flags, char *const *argv)
{
    int fds[16], status;
    unsigned long joined = 0;
    pid_t child;

    if (!flags)
        flags = ns_all_flags();
    /* Open them all first: after setns(mnt) /proc/PID may not be ours. */
    for (size_t i = 0; i < ns_kinds_count; i++) {
        char path[64], self[64];

        fds[i] = -1;
        if (!(flags & ns_kinds[i].flag))
            continue;
        snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, ns_kinds[i].name);
        snprintf(self, sizeof(self), "/proc/self/ns/%s", ns_kinds[i].name);
        if (same_ns(path, self)) {
            trace_note(TAG, "%s: already shared with PID %d, nothing to join", ns_kinds[i].name,
                       (int)pid);
            continue;
        }
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) {
            err_sys("open %s", path);
            goto fail;
        }
    }
    /* In the table's order: user first, since it grants the capabilities
     * the others need; mnt last, since it changes our root. */
    for (size_t i = 0; i < ns_kinds_count; i++) {
        char flagname[64];

        if (fds[i] < 0)
            continue;
        ns_flags_str(ns_kinds[i].flag, flagname, sizeof(flagname));
        trace(TAG, "setns(/proc/%d/ns/%s, %s)", (int)pid, ns_kinds[i].name, flagname);
        if (setns(fds[i], (int)ns_kinds[i].flag) < 0) {
            err_sys("setns(/proc/%d/ns/%s, %s)", (int)pid, ns_kinds[i].name, flagname);
            goto fail;
        }
        close(fds[i]);
        fds[i] = -1;
        joined |= ns_kinds[i].flag;
    }
    if ((joined & CLONE_NEWUSER) && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
        return err_sys("become uid 0 in the joined user namespace");
    /* A joined PID (or time) namespace applies to children only: fork. */
    trace(TAG, "fork()");
    child = fork();
    if (child < 0)
        return err_sys("fork");
    if (child == 0) {
        int code = exec_command(argv);
        err_print("namespace");
        _exit(code);
    }
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR)
            return err_sys("wait for %d", (int)child);
    return exit_status_of(status);
fail:
    for (size_t i = 0; i < ns_kinds_count; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    return -1;
}
