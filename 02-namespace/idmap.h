/* 2.2: uid and gid maps of a user namespace ("0 100000 65536"). */
#ifndef MINIRUNC_IDMAP_H
#define MINIRUNC_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define IDMAP_MAX 5 /* the kernel's own limit before 4.15 */

struct idmap {
    unsigned inside, outside, count;
};

struct idmaps {
    struct idmap m[IDMAP_MAX];
    size_t count;
};

/* Add "C:H:N" (inside:outside:count) to MAPS; WHICH names the option in
 * messages.  Overlapping ranges and zero counts are refused. */
int idmap_add(struct idmaps *maps, const char *arg, const char *which);

/* The --map-root maps: uid/gid 0 inside; outside the caller's own uid when
 * it is not root, else the unprivileged range 100000:65536 (as
 * /etc/subuid conventionally gives root). */
void idmap_map_root(struct idmaps *uids, struct idmaps *gids, uid_t uid, gid_t gid);

/* The text for /proc/PID/uid_map: one "inside outside count" line each. */
void idmap_format(const struct idmaps *maps, char *buf, size_t len);

/* True when ID inside is mapped. */
bool idmap_has_inside(const struct idmaps *maps, unsigned id);

/* True when MAPS is the one map a user without root may write itself:
 * one line, one id, our own (ID) outside. */
bool idmap_is_self(const struct idmaps *maps, unsigned id);

/* Write MAPS for PID's user namespace through HELPER ("newuidmap" or
 * "newgidmap"), which checks the ranges against /etc/subuid (subgid). */
int idmap_write_helper(const char *helper, pid_t pid, const struct idmaps *maps);

#endif
