/* 2.2 for a learner without root: a user namespace of one's own, first.
 *
 * Without root almost every step of a container is refused (mount, chroot,
 * capset over the host's processes).  In a new user namespace the caller
 * is root — over that namespace and what it owns — with its own uid and gid
 * mapped to 0: the same as `unshare --user --map-root-user`.  The kernel
 * allows this one mapping without privilege (user_namespaces(7)); a wider
 * range needs newuidmap(1) and /etc/subuid. */
#ifndef MINIRUNC_USERNS_SELF_H
#define MINIRUNC_USERNS_SELF_H

#include <stdbool.h>

/* For a caller whose effective uid is not 0: move the calling process (it
 * must have one thread) into a new user namespace, its uid and gid mapped
 * to 0, setgroups denied.  TAG tags the trace line.  0 when done, 1 when
 * the caller is root already (nothing done), -1 with a message. */
int userns_enter_as_root(const char *tag);

/* True in a user namespace other than the host's (the initial one maps
 * every id, "0 0 4294967295"): root there is not root on the host, as in
 * `podman unshare` or a rootless podman's runtime. */
bool userns_is_child(void);

#endif
