#include "nsflags.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

const struct ns_kind ns_kinds[] = {
    { "user", CLONE_NEWUSER, "user and group ids, capabilities" },
    { "ipc", CLONE_NEWIPC, "System V IPC, POSIX message queues" },
    { "uts", CLONE_NEWUTS, "hostname and NIS domain name" },
    { "net", CLONE_NEWNET, "network devices, addresses, ports, routes" },
    { "pid", CLONE_NEWPID, "process ids" },
    { "cgroup", CLONE_NEWCGROUP, "the cgroup root directory" },
    { "time", CLONE_NEWTIME, "CLOCK_MONOTONIC and CLOCK_BOOTTIME offsets" },
    { "mnt", CLONE_NEWNS, "mount points" },
};
const size_t ns_kinds_count = sizeof(ns_kinds) / sizeof(ns_kinds[0]);

const struct ns_kind *ns_by_name(const char *name)
{
    for (size_t i = 0; i < ns_kinds_count; i++)
        if (!strcmp(ns_kinds[i].name, name))
            return &ns_kinds[i];
    return NULL;
}

const struct ns_kind *ns_by_flag(unsigned long flag)
{
    for (size_t i = 0; i < ns_kinds_count; i++)
        if (ns_kinds[i].flag == flag)
            return &ns_kinds[i];
    return NULL;
}

unsigned long ns_all_flags(void)
{
    unsigned long all = 0;
    for (size_t i = 0; i < ns_kinds_count; i++)
        all |= ns_kinds[i].flag;
    return all;
}

void ns_flags_str(unsigned long flags, char *buf, size_t len)
{
    static const char *const upper[] = { "USER", "IPC", "UTS", "NET", "PID", "CGROUP", "TIME", "NS" };
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < ns_kinds_count; i++)
        if (flags & ns_kinds[i].flag)
            used += (size_t)snprintf(buf + used, len > used ? len - used : 0, "%sCLONE_NEW%s",
                                     used ? "|" : "", upper[i]);
}
