/* 2.2 as the runtime does it for the container's init, before and around
 * the clone: which namespaces the clone makes, the ones it must be inside
 * when it clones (pid and time apply to children only), and the user
 * namespaces that carry an id-mapped mount's maps. */
#ifndef MINIRUNC_CREATE_NS_H
#define MINIRUNC_CREATE_NS_H

#include "config.h"

/* The namespaces the clone makes: those in linux.namespaces without a
 * path (only a mount namespace with --upto 1). */
unsigned long clone_flags(const struct oci_config *cfg, int upto);

/* Where the runtime was before it entered namespaces for its children:
 * -1 for each it did not leave. */
struct ns_return {
    int pid, time;
};
#define NS_RETURN_INIT { -1, -1 }

/* linux.namespaces with a path for pid and time: join them, for the clone
 * only.  With linux.timeOffsets and a new time namespace: make it ours for
 * our children and write the offsets before anyone is inside (then the
 * clone needs no CLONE_NEWTIME: *NEW_NS loses it). */
int enter_for_children(const struct oci_config *cfg, unsigned long *new_ns, struct ns_return *back);

/* Back where we were, once the init is cloned; closes BACK's fds.  Safe
 * to call when nothing was entered. */
int leave_for_children(struct ns_return *back);

/* 2.1 id-mapped binds: only the host's user namespace may id-map a mount
 * of the host's file systems, so the runtime makes each one here, as a
 * detached tree (mounts[i].idmap_tree_fd) that the init moves into place. */
int make_idmapped_mounts(struct oci_config *cfg);

/* Close the trees (the init has its copies, or it never came). */
void close_idmapped_mounts(struct oci_config *cfg);

#endif
