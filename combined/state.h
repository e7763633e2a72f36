/* A container's state under --root: what survives the runtime process.
 *
 *   ROOT/ID/state.json   the OCI state plus what delete needs (cgroup)
 *   ROOT/ID/exec.fifo    while "created": the init waits to open it
 *   ROOT/ID/lock         flock()ed by whoever changes the container */
#ifndef MINIRUNC_STATE_H
#define MINIRUNC_STATE_H

#include "cglimits.h"
#include "cgroup.h"

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

struct container_state {
    char id[128];
    char dir[4096];
    char bundle[4096];
    char rootfs[4096];
    char cgroup[256];      /* minirunc/<this> in every hierarchy; "" when none */
    pid_t pid;
    unsigned long long starttime; /* of pid, from /proc/PID/stat: detects pid reuse */
    char created[40];      /* RFC 3339 */
    json_t *annotations;
    json_t *devices;       /* the cgroup's device rules, in order: "allow c 1:3 rwm" */
    int lock_fd;
};

/* IDs are one path component: letters, digits, '.', '_', '-', not "..". */
int state_check_id(const char *id);

/* Make ROOT/ID (it must not exist) and take its lock. */
int state_create(const char *root, const char *id, struct container_state *st);
/* Open ROOT/ID, take its lock (LOCK_EX), read state.json. */
int state_open(const char *root, const char *id, struct container_state *st);
/* What can still be read of ROOT/ID when state.json cannot: the init's
 * pid, start time and cgroup from ROOT/ID/init (zero and "" when that is
 * gone too), for delete --force and kill.  Locked, as state_open. */
int state_open_remains(const char *root, const char *id, struct container_state *st);
/* state_open, or else state_open_remains (*PARTIAL then true) when the
 * container's directory is there: for the commands that must work from
 * whatever is left (delete --force, kill). */
int state_open_any(const char *root, const char *id, struct container_state *st, bool *partial);
/* state.json and ROOT/ID/init, each written whole (rename) or not at all. */
int state_save(const struct container_state *st);
/* One of the two.  On a disk file system replacing a file costs far more
 * than writing a new one (0.1-0.3 ms on this machine's ext4, where /run
 * is): create writes each only when what it holds changed. */
int state_save_json(const struct container_state *st);
/* ROOT/ID/init, "PID STARTTIME CGROUP": what delete --force and kill need,
 * apart from state.json, which a crash or a hand can leave unreadable
 * (state_record.c).  Loading it sets ST's pid, start time and cgroup when
 * the file is there and whole, and leaves them otherwise. */
int state_save_init(const struct container_state *st);
void state_load_init(struct container_state *st);
/* Remove the directory and everything in it. */
int state_remove(struct container_state *st);
void state_close(struct container_state *st);

/* created, running or stopped, as the kernel says now. */
const char *state_status(const struct container_state *st);
/* The OCI state JSON (ociVersion, id, status, pid, bundle, annotations). */
char *state_json(const struct container_state *st, const char *status);

unsigned long long proc_starttime(pid_t pid);

/* The device rules the container's cgroup enforces (2.3): kept so that
 * `update` can rebuild a v2 device program from all of them. */
int state_set_devices(struct container_state *st, const struct cg_device_rule *rules, size_t n);
int state_get_devices(const struct container_state *st, struct cg_device_rule *rules, size_t max,
                      size_t *n);

/* The container's cgroup, as recorded: minirunc/NAME (cgroupfs), or a
 * scope systemd made ("/SLICE/UNIT.scope", --systemd-cgroup). */
int state_cgroup_open(const struct container_state *st, const struct cg_host *h, struct cgroup *cg);

#endif
