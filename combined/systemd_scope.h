/* 2.3 with --systemd-cgroup: systemd owns the cgroup tree, and we ask it
 * for the container's cgroup over D-Bus, as runc's and crun's systemd
 * drivers do (and as podman on a systemd host, or containerd with
 * SystemdCgroup = true, tell the runtime to).
 *
 * The cgroup is a transient scope unit PREFIX-NAME.scope in a slice; the
 * init's pid goes in when systemd starts it.  systemd writes the limits it
 * knows from the unit's properties; the cgroupfs writes follow (cg_set),
 * as runc's driver does, for what systemd does not manage. */
#ifndef MINIRUNC_SYSTEMD_SCOPE_H
#define MINIRUNC_SYSTEMD_SCOPE_H

#include "cglimits.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct systemd_scope {
    char slice[128]; /* "system.slice", "machine.slice" */
    char unit[256];  /* "minirunc-ID.scope" */
    char path[512];  /* "/system.slice/minirunc-ID.scope": from each hierarchy's root */
};

/* cgroupsPath as runc reads it with --systemd-cgroup: "slice:prefix:name";
 * empty means "system.slice:minirunc:ID" ("user.slice" without root).  An
 * empty slice is the default one; "a-b.slice" is nested below a.slice. */
int systemd_scope_parse(const char *cgroups_path, const char *id, bool rootless,
                        struct systemd_scope *out);

/* The slice's cgroup from the root: "a-b.slice" -> "/a.slice/a-b.slice",
 * "-.slice" -> "".  -1 for a name systemd would refuse. */
int systemd_slice_path(const char *slice, char *out, size_t len);

/* The unit PATH names (its last part, "minirunc-ID.scope"); NULL when PATH
 * is not a systemd scope's (a cgroupfs cgroup, "minirunc/ID"). */
const char *systemd_scope_unit(const char *path);

/* DeviceAllow's entries for an allow rule, spelled as systemd reads them
 * (and runc's driver writes them): "/dev/char/1:3", "char-pts" for a whole
 * major (its name from PROC_DEVICES, /proc/devices' text), "char-*" and
 * "block-*" for every device.  Returns how many went in OUT (0: systemd
 * has no name for it). */
int systemd_device_paths(const struct cg_device_rule *r, const char *proc_devices,
                         char out[2][64]);

/* Are RULES systemd's kind: deny everything, then a list of allows?  Only
 * then does the scope get DevicePolicy=strict and a DeviceAllow list; other
 * rules stay the runtime's own (its device program, devices.allow). */
bool systemd_devices_expressible(const struct cg_device_rule *rules, size_t n);

/* StartTransientUnit with PID in it, Delegate=yes and the limits systemd
 * knows (V2: the host's tree is cgroup2), and wait for its job: the init
 * is then in S->path.  *STARTED: systemd took the call (the unit is ours
 * to stop, even if its job then failed); a refused call (a unit of that
 * name exists: someone else's) leaves it false. */
int systemd_scope_start(const struct systemd_scope *s, pid_t pid, const struct cg_limits *l,
                        const char *id, bool v2, bool *started);

/* SetUnitProperties (runtime): the new limits systemd knows, so that it
 * keeps them (update; the cgroupfs writes follow). */
int systemd_scope_set(const char *unit, const struct cg_limits *l, bool v2);

/* StopUnit, and wait for it; a unit already gone is no error. */
int systemd_scope_stop(const char *unit);

#endif
