/* Chapter 2.1 rootfs: the library part of bin/rootfs, linked by combined/.
 *
 * 2.1.1 执行流程 (the steps):
 *   1. download the image, export, unpack into an OCI rootfs  -> unpack.h
 *   2. mount --bind OCI-rootfs OCI-rootfs                     -> rootfs_enter()
 *   3. mount proc, dev, ... into OCI-rootfs (table 2.1.2)     -> rootfs_enter()
 *   4. pivot_root OCI-rootfs old-root                         -> rootfs_enter()
 */
#ifndef MINIRUNC_ROOTFS_H
#define MINIRUNC_ROOTFS_H

#include "dev_node.h"
#include "mount_table.h"

#include <stdbool.h>
#include <stddef.h>

struct mountinfo;

struct rootfs_spec {
    const char *dir;                     /* the rootfs directory */
    bool readonly;                       /* make "/" read-only at the end */
    bool no_pivot;                       /* chroot instead of pivot_root */
    bool pivot_in_place;                 /* pivot_root . . (pivot.h) */
    const struct mount_entry *mounts;    /* step 3, in order */
    size_t mounts_count;
    bool populate_dev;                   /* device nodes and links in /dev */
    unsigned long propagation;           /* MS_* for the new "/" after pivot_root; 0: rprivate */
    const char *cgroup_path;             /* "/minirunc/ID": bound where a v1 mount is refused */
    /* The host's mount table, when the caller has read it already (a
     * runtime, before its clone): the cgroup mount needs its hierarchies.
     * NULL: it is read when needed. */
    const struct mountinfo *host_mounts;
    const struct dev_node *devices;      /* more nodes (OCI linux.devices), after the mounts */
    size_t devices_count;
    const char *const *masked;           /* masked paths, after pivot_root */
    size_t masked_count;
    const char *const *readonly_paths;   /* read-only paths, after pivot_root */
    size_t readonly_paths_count;
    /* For a runtime: called just before pivot_root (OCI createRuntime and
     * createContainer hooks) and just after it, before the read-only paths
     * (linux.sysctl writes /proc/sys).  NULL when not needed. */
    int (*before_pivot)(void *arg);
    int (*after_pivot)(void *arg);
    void *hook_arg;
};

/* The spec of chapter 2.1: the chapter's mount table, masked and read-only
 * paths, device nodes. */
void rootfs_spec_chapter(struct rootfs_spec *spec, const char *dir, bool readonly);

/* The same for a caller in a user namespace of its own, without root on
 * the host (mount_table.h: chapter_mounts_userns). */
void rootfs_spec_chapter_userns(struct rootfs_spec *spec, const char *dir, bool readonly);

/* Steps 2-4 in the calling process, which must already be in a mount
 * namespace of its own (unshare(CLONE_NEWNS)): on success its "/" is the
 * rootfs, with the table mounted and the old root gone. */
int rootfs_enter(const struct rootfs_spec *spec);

#endif
