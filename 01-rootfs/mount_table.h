/* 2.1.2 挂载信息: the mount table a container sees.
 *
 * A mount_entry is one row of that table, as data: where it comes from,
 * where it goes inside the root, the file system type and the options.
 * The chapter tool mounts the chapter's own table; combined/ builds its
 * table from config.json and hands it to the same code. */
#ifndef MINIRUNC_MOUNT_TABLE_H
#define MINIRUNC_MOUNT_TABLE_H

#include <stddef.h>

enum mount_kind {
    MOUNT_FS,          /* mount -t TYPE -o OPTIONS SOURCE TARGET, or a bind mount */
    MOUNT_CGROUP_TREE, /* /sys/fs/cgroup: expanded from the host's cgroup hierarchies */
    MOUNT_CONSOLE,     /* /dev/console: the terminal's pty slave, bind mounted */
};

struct mount_entry {
    const char *source;
    const char *target;  /* inside the root */
    const char *fstype;  /* NULL for a bind mount ("bind" or "rbind" in options) */
    const char *options; /* mount(8) -o words, e.g. "ro,nosuid,nodev,noexec" */
    enum mount_kind kind;
    /* An id-mapped bind (Linux 5.12+): the detached, already id-mapped
     * copy of SOURCE the runtime made (mount_idmapped_tree), moved onto
     * the target; 0 when not id-mapped.  IDMAP_SHOWN says it in the trace
     * ("u:0:1000:1 g:0:1000:1"). */
    int idmap_tree_fd;
    const char *idmap_shown;
};

/* The chapter's table, in its order (proc, /dev, devpts, shm, mqueue,
 * sysfs, the cgroup tree, /dev/console). */
extern const struct mount_entry chapter_mounts[];
extern const size_t chapter_mounts_count;

/* The table for a process without root, in a user namespace of its own:
 * proc, mqueue and sysfs bound from the host, devpts without gid=5. */
extern const struct mount_entry chapter_mounts_userns[];
extern const size_t chapter_mounts_userns_count;

/* The cgroup v1 hierarchies the chapter's host had, one row each
 * ("cgroup /sys/fs/cgroup/cpu cgroup ro,...,cpu"); a host may lack some
 * and have others (pids, a cgroup2 mount). */
struct cgroup_row {
    const char *name;        /* directory under /sys/fs/cgroup */
    const char *controllers; /* the super-block options naming the hierarchy */
};
extern const struct cgroup_row chapter_cgroup_rows[];
extern const size_t chapter_cgroup_rows_count;

/* Options of every cgroup mount in the table. */
#define CGROUP_MOUNT_OPTIONS "ro,nosuid,nodev,noexec,relatime"

/* Paths the container must not read: a file gets /dev/null bind mounted
 * over it, a directory an empty read-only tmpfs (the chapter's three, and
 * the rest of their kind that runc masks by default). */
extern const char *const chapter_masked_paths[];
extern const size_t chapter_masked_paths_count;

/* Paths the container may read but not write: bind mounted onto
 * themselves, then remounted read-only. */
extern const char *const chapter_readonly_paths[];
extern const size_t chapter_readonly_paths_count;

#endif
