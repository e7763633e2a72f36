/* Chapter 2.4 capability: the library part of bin/capability, linked by
 * combined/.
 *
 * Root in a container is not root on the host because the runtime trims the
 * five capability sets of its process before exec:
 *   bounding    the most any exec can ever give back
 *   permitted   what the process may use
 *   effective   what the kernel checks right now
 *   inheritable what may pass to a program that has file capabilities
 *   ambient     what passes through exec to an ordinary program, for a
 *               non-root user */
#ifndef MINIRUNC_CAPABILITY_H
#define MINIRUNC_CAPABILITY_H

#include "capnames.h"

#include <stdbool.h>
#include <sys/types.h>

struct cap_plan {
    bool set_caps;     /* bounding, permitted, effective become KEEP */
    capmask_t keep;
    capmask_t ambient; /* raised last; also inheritable */
    bool no_new_privs;
    bool change_user;
    uid_t uid;
    gid_t gid;
    /* A runtime gives each set on its own (OCI process.capabilities);
     * then KEEP is the bounding set and these are used as they are. */
    bool separate_sets;
    capmask_t effective, permitted, inheritable;
};

/* Apply the plan to the calling process, in the order the kernel needs:
 * keep-caps, bounding drops, setgroups/setgid/setuid, capset, ambient,
 * no_new_privs.  The caller then execs. */
int cap_plan_apply(const struct cap_plan *plan);

/* The same in two halves, for a caller that changes the user itself
 * (with additional groups): before (keep-caps on, bounding drops) and
 * after (keep-caps off, capset, ambient, no_new_privs). */
int cap_before_user_change(const struct cap_plan *plan, bool user_changes);
int cap_after_user_change(const struct cap_plan *plan, bool user_changed);
/* Raise CAP (a CAP_* number) in the effective set, from the permitted one:
 * a uid change clears the effective set, and a runtime still needs
 * CAP_SYS_ADMIN to load a seccomp filter without no_new_privs. */
int cap_raise_effective(int cap);

/* The one setpriv(1) command line that runs ARGV with the capabilities
 * this plan gives it (util-linux; the trace prints it as a note).  Returns
 * a malloc'd string, or NULL when out of memory. */
char *cap_plan_setpriv(const struct cap_plan *plan, char *const argv[]);

/* The capability state of a process, from /proc/PID/status. */
struct cap_state {
    capmask_t effective, permitted, inheritable, bounding, ambient;
    int no_new_privs;
    int securebits; /* -1: only a process can read its own */
};

int cap_state_read(pid_t pid, struct cap_state *out);

#endif
