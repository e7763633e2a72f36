/* Setting up the container's process: one sequence for the container's
 * init and for exec, so that both set a process up alike.  It comes in two
 * parts because the init waits for `start` between them:
 *
 *   process_prepare   2.5 environment, rlimits, umask, oom_score_adj; 2.4
 *                     capabilities around the user change (2.5); the PATH
 *                     lookup and closing our fds, which the runtime itself
 *                     needs done before the container's seccomp filter
 *   process_exec      personality, I/O priority, scheduler, LSM labels;
 *                     the seccomp filter, as late as the kernel allows;
 *                     execve
 */
#ifndef MINIRUNC_PROCESS_SETUP_H
#define MINIRUNC_PROCESS_SETUP_H

#include "capability.h"
#include "config.h"
#include "procenv.h"
#include "seccomp_filter.h"

#include <limits.h>
#include <stdbool.h>

/* What process_prepare worked out, for process_exec. */
struct process_run {
    int upto;                     /* chapters applied (--upto) */
    struct procenv_spec pe;
    struct identity id;
    struct cap_plan caps;
    struct seccomp_built filter;  /* compiled in prepare, loaded in exec */
    bool caps_pending;            /* final sets wait for the filter (no no_new_privs) */
    char path[PATH_MAX];          /* the program, found on PATH */
};

/* 2.4: the five sets, no_new_privs. */
void process_cap_plan(const struct cfg_process *p, struct cap_plan *out);

/* 2.5: uid, gid and additionalGids resolved in the root at "/" (the
 * container's, once inside); groups are always set. */
int process_identity(const struct cfg_process *p, struct identity *out);

/* The first part, inside the container's root.  Returns 0; -1 with the
 * error recorded; or 126/127 when the program cannot be run or found.
 * PRESERVE_FDS: fds 3 .. 3+N-1 stay open (--preserve-fds). */
int process_prepare(struct process_run *r, const struct cfg_process *p,
                    const struct cfg_seccomp *seccomp, int upto, int preserve_fds);

/* The last part: returns only on failure, with the exit status to use. */
int process_exec(struct process_run *r, const struct cfg_process *p, const struct oci_config *cfg);

/* Free what prepare holds, when process_exec will not be called. */
void process_run_free(struct process_run *r);

#endif
