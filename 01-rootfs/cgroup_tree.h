/* 2.1.2: the /sys/fs/cgroup rows of the mount table. */
#ifndef MINIRUNC_CGROUP_TREE_H
#define MINIRUNC_CGROUP_TREE_H

#include "mount_table.h"
#include "mountinfo.h"
#include "root_ctx.h"

/* One cgroup hierarchy of the host, as the container will mount it. */
struct cgroup_hierarchy {
    char name[64];         /* directory under /sys/fs/cgroup: "memory", "unified" */
    char controllers[256]; /* mount data: "memory", "cpu,cpuacct", "name=systemd"; "" for cgroup2 */
    int v2;
    char host_mount[1024]; /* where the host mounts it: "/sys/fs/cgroup/memory" */
    char host_root[512];   /* which directory of the hierarchy that mount shows: "/" */
};

/* The host's hierarchies, from its mountinfo: one per distinct cgroup v1
 * hierarchy, plus the cgroup2 mount if there is one.  Returns the count
 * (at most MAX), or -1. */
int cgroup_hierarchies(const struct mountinfo *host, struct cgroup_hierarchy *out, size_t max);

/* This process's cgroup in hierarchy H, from the text of /proc/self/cgroup
 * ("4:memory:/minirunc/x", "0::/minirunc/x" for cgroup v2).  Returns 0 and
 * the path in OUT, or -1 when H is not listed. */
int cgroup_self_path(const char *proc_cgroup, const struct cgroup_hierarchy *h, char *out,
                     size_t len);

/* The host directory holding this process's cgroup in H (from the text of
 * /proc/self/cgroup), or "" when a fresh mount shows the right tree
 * already: the process is at the root of what it can see (its own cgroup
 * namespace, or the host's root cgroup). */
void cgroup_own_dir(const char *proc_cgroup, const struct cgroup_hierarchy *h, char *out,
                    size_t len);

/* Mount the cgroup tree at M->target: on a pure cgroup v2 host one cgroup2
 * mount; on a v1 or hybrid host a tmpfs with one mount per hierarchy in it,
 * made read-only once they are all in.  Without a cgroup namespace a fresh
 * mount would show the host's whole hierarchy, so then (as runc does) the
 * container's own cgroup directory is bind-mounted instead. */
int cgroup_tree_mount(const struct root_ctx *rc, const struct mount_entry *m);

#endif
