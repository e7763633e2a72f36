/* 2.3: which cgroup file systems a host has, and where each controller is.
 *
 *   v1      one mount per controller (or group of them): the chapter's table
 *   v2      one unified tree with every controller (today's distributions)
 *   hybrid  v1 controllers, plus a cgroup2 mount (here: /sys/fs/cgroup/unified)
 */
#ifndef MINIRUNC_CGHOST_H
#define MINIRUNC_CGHOST_H

#include "mountinfo.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define CG_MAX_HIERARCHIES 16

struct cg_v1_hierarchy {
    char controllers[128]; /* "memory", "cpu,cpuacct"; "name=systemd" */
    char path[PATH_MAX];   /* its mount point */
};

struct cg_host {
    char root[PATH_MAX];   /* /sys/fs/cgroup, or a test's fake tree */
    bool fake;             /* a plain directory: files are created, not just written */
    char v2[PATH_MAX];     /* the cgroup2 mount; "" when none */
    char v2_controllers[256]; /* what it offers (cgroup.controllers) */
    struct cg_v1_hierarchy v1[CG_MAX_HIERARCHIES];
    size_t v1_count;
    /* Without root: v2 is the subtree delegated to us (its top), and the
     * v1 hierarchies, root's, are left out. */
    bool delegated;
    size_t v2_mount_len;   /* v2 + this: the delegated top, from the mount's root */
};

enum cg_mode { CG_MODE_NONE, CG_MODE_V1, CG_MODE_V2, CG_MODE_HYBRID };

/* Detect the host's cgroups under ROOT from a mount table (the real way). */
int cg_detect_mountinfo(const struct mountinfo *mi, const char *root, struct cg_host *out);

/* Detect a cgroup tree at ROOT by what is in it: a cgroup.controllers file
 * means v2; sub-directories named after controllers mean v1; both, hybrid.
 * This is how --cgroup-root points the tool at a fake tree. */
int cg_detect_dir(const char *root, struct cg_host *out);

/* /sys/fs/cgroup from /proc/self/mountinfo, or ROOT (when not NULL) by its
 * contents.  Without root, the top of a cgroup v2 subtree delegated to us
 * (owned by us, with its cgroup.procs) stands for the v2 root. */
int cg_detect(const char *root, struct cg_host *out);
/* The same as cg_detect(NULL, OUT), from a mount table read already. */
int cg_detect_from(const struct mountinfo *mi, struct cg_host *out);

enum cg_mode cg_mode(const struct cg_host *h);
const char *cg_mode_name(enum cg_mode m);

/* Where CONTROLLER lives: 1 (v1, *mount set), 2 (v2), 0 (nowhere). */
int cg_where(const struct cg_host *h, const char *controller, const char **mount);

#endif
