/* 2.2: which namespaces a process has, beside our own. */
#include "error.h"
#include "namespace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int ns_show(pid_t pid)
{
    char path[64], theirs[64], ours[64], title[32];
    ssize_t n;

    snprintf(title, sizeof(title), "PID %d", (int)pid);
    printf("%-7s %-22s %-22s %s\n", "NS", title, "this process", "");
    for (size_t i = 0; i < ns_kinds_count; i++) {
        snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, ns_kinds[i].name);
        n = readlink(path, theirs, sizeof(theirs) - 1);
        if (n < 0) {
            if (errno == ENOENT && i > 0)
                continue; /* a namespace this kernel does not have */
            return err_sys("readlink %s", path);
        }
        theirs[n] = '\0';
        snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_kinds[i].name);
        n = readlink(path, ours, sizeof(ours) - 1);
        ours[n > 0 ? n : 0] = '\0';
        printf("%-7s %-22s %-22s %s\n", ns_kinds[i].name, theirs, ours,
               strcmp(theirs, ours) ? "new" : "shared");
    }
    return 0;
}
