/* Chapter 2.2 namespace: the library part of bin/namespace, linked by
 * combined/.
 *
 * A namespace wraps one global resource so a process sees its own copy:
 * mount points, hostname, IPC objects, process ids, network stack, user
 * ids, cgroup root, clocks.  A container is a process tree in a set of
 * new namespaces. */
#ifndef MINIRUNC_NAMESPACE_H
#define MINIRUNC_NAMESPACE_H

#include "idmap.h"
#include "nsflags.h"

#include <stdbool.h>
#include <sys/types.h>

struct ns_spec {
    unsigned long flags;   /* CLONE_NEW* */
    const char *hostname;
    const char *domainname;
    bool set_monotonic, set_boottime;
    long long monotonic, boottime; /* seconds added inside a new time namespace */
    struct idmaps uids, gids;      /* for a new user namespace */
    bool no_init;                  /* with a new PID namespace: CMD itself is PID 1 */
    char *const *argv;
};

/* clone() the command into the namespaces of SPEC, write its id maps from
 * here, release it over a pipe once they are in place, wait for it.
 * Returns its exit status (128+N when killed by signal N), or -1 with the
 * error recorded. */
int ns_run(const struct ns_spec *spec);

/* The steps ns_run is made of, for a runtime that drives its own clone:
 * unshare a time namespace and write its offsets (children enter it);
 * write a child's uid/gid maps (setgroups deny when not root); bring lo up
 * in a new network namespace. */
int ns_prepare_time(const struct ns_spec *spec);
int ns_write_maps(pid_t child, const struct idmaps *uids, const struct idmaps *gids);
int ns_loopback_up(void);

/* setns() into the namespaces FLAGS (0: all) of PID, user first, then run
 * ARGV in them; returns its exit status, or -1 with the error recorded. */
int ns_join(pid_t pid, unsigned long flags, char *const *argv);

/* Print the namespaces of PID beside our own, marking new and shared;
 * 0, or -1 with the error recorded. */
int ns_show(pid_t pid);

/* PID 1 of a new PID namespace: start ARGV as PID 2, forward signals to
 * it, reap every orphan; return ARGV's exit status, or -1 with the error
 * recorded. */
int ns_init(char *const *argv);

/* The exit status a shell would report for a wait status. */
int exit_status_of(int wait_status);

/* execvp ARGV; returns 127/126 (message recorded) when it cannot. */
int exec_command(char *const *argv);

#endif
