/* 2.3: one cgroup of ours, in every hierarchy of the host.
 *
 * Everything lives under a parent we own at each hierarchy's root,
 * minirunc/NAME, never below the caller's own cgroup, and nothing outside
 * minirunc/ is ever written (but the v2 root's cgroup.subtree_control, and
 * only to enable a controller a limit needs).  Without root the "root" is
 * the top of the v2 subtree delegated to us (cghost.h). */
#ifndef MINIRUNC_CGROUP_H
#define MINIRUNC_CGROUP_H

#include "cghost.h"
#include "cglimits.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define CG_PARENT "minirunc"

struct cgroup {
    const struct cg_host *host;
    char name[200];
    /* One directory per v1 hierarchy (same index as host->v1), then v2. */
    char dirs[CG_MAX_HIERARCHIES + 1][PATH_MAX];
    bool used[CG_MAX_HIERARCHIES + 1];
    bool systemd; /* a scope systemd made (NAME "/SLICE/UNIT"), not below minirunc/ */
};

struct cg_stats {
    int64_t memory_peak;     /* bytes; -1 when the kernel does not say */
    int64_t oom_kills;
    int64_t pids_current, pids_peak, pids_limit_hits;
    int64_t cpu_usec;
};

/* Check NAME ("web", "pod1/web": letters, digits, '.', '_', '-') and work
 * out the directories, touching nothing. */
int cg_open(struct cgroup *cg, const struct cg_host *h, const char *name);
/* The same for a scope systemd made for us (--systemd-cgroup): PATH from
 * each hierarchy's root, "/system.slice/minirunc-web.scope".  Removing it
 * never touches its slices. */
int cg_open_systemd(struct cgroup *cg, const struct cg_host *h, const char *path);

/* --systemd-cgroup on a v1 or hybrid host: systemd made the scope in the
 * hierarchies of the controllers the unit uses; make it in the others
 * (cpuset, freezer, devices when no unit in the slice has DevicePolicy=,
 * ...) and move PID in, as runc's systemd driver does.  Nothing to do on
 * pure v2. */
int cg_complete_scope(struct cgroup *cg, pid_t pid);

bool cg_exists(const struct cgroup *cg);
int cg_create(struct cgroup *cg);
int cg_set(struct cgroup *cg, const struct cg_limits *l);
int cg_attach(struct cgroup *cg, pid_t pid);
/* The calling process moves itself in, one thread at a time: for a
 * single-threaded caller (an init just cloned, exec before its fork) the
 * whole process, and on v1 far cheaper than cg_attach.  BORN_IN_V2: it
 * was cloned into the v2 cgroup already (CLONE_INTO_CGROUP). */
int cg_join_self(struct cgroup *cg, bool born_in_v2);
/* CG's cgroup2 directory as /proc/PID/cgroup names it, from the mount's
 * root ("/minirunc/NAME", or below a delegated subtree); NULL without v2. */
const char *cg_v2_path(const struct cgroup *cg);
/* An fd on CG's cgroup2 directory, for CLONE_INTO_CGROUP; -1 when the host
 * has no cgroup2 tree (or it is a fake one). */
int cg_v2_fd(const struct cgroup *cg);
/* The processes in it (from the pids or first hierarchy): their count, 0
 * when the cgroup is gone, -1 when cgroup.procs cannot be read. */
int cg_procs(const struct cgroup *cg, pid_t *out, size_t max);
int cg_freeze(struct cgroup *cg, bool frozen);
/* 1 when the cgroup is frozen (v1 freezer.state FROZEN or FREEZING, v2
 * cgroup.freeze 1), 0 when not, -1 when the host has no freezer. */
int cg_frozen(struct cgroup *cg);
/* SIGKILL every process in it, and wait until it is empty. */
int cg_kill_all(struct cgroup *cg);
/* Remove it (and our parent when it is left empty).  Processes still in it
 * are an error unless FORCE, which kills them first. */
int cg_destroy(struct cgroup *cg, bool force);
int cg_stats(const struct cgroup *cg, struct cg_stats *st);

/* The directory of CG in the hierarchy of CONTROLLER, or NULL. */
const char *cg_dir(const struct cgroup *cg, const char *controller);

/* Write VALUE to DIR/FILE, traced as "echo VALUE > DIR/FILE". */
int cg_write(const struct cg_host *h, const char *dir, const char *file, const char *value);
/* The N VALUES to DIR/FILE, one write each, through one open of it. */
int cg_write_all(const struct cg_host *h, const char *dir, const char *file,
                 const char *const *values, size_t n);

#endif
