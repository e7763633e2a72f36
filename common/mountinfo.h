/* /proc/PID/mountinfo, parsed (proc(5)).
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
 *
 * Used to find the host's cgroup hierarchies (01-rootfs, 03-cgroups) and by
 * tests to check what a container sees. */
#ifndef MINIRUNC_MOUNTINFO_H
#define MINIRUNC_MOUNTINFO_H

#include <stddef.h>
#include <stdio.h>

struct mountinfo_entry {
    int id, parent;
    char *root;        /* (4) the path inside the file system that is mounted */
    char *mount_point; /* (5) */
    char *mount_opts;  /* (6) per-mount: ro,nosuid,... */
    char *fstype;      /* (9) */
    char *source;      /* (10) */
    char *super_opts;  /* (11) per-superblock: rw,memory / rw,size=... */
};

struct mountinfo {
    struct mountinfo_entry *entries;
    size_t count;
};

/* Parse a whole mountinfo stream.  Returns -1 naming the bad line. */
int mountinfo_parse(FILE *in, struct mountinfo *out);

/* Parse /proc/self/mountinfo. */
int mountinfo_read_self(struct mountinfo *out);

void mountinfo_free(struct mountinfo *mi);

/* The last entry mounted exactly at MOUNT_POINT (the one on top), or NULL. */
const struct mountinfo_entry *mountinfo_find(const struct mountinfo *mi, const char *mount_point);

/* True when comma separated list LIST contains WORD. */
int opt_list_has(const char *list, const char *word);

#endif
