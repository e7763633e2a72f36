/* 2.1.1 step 4: pivot_root OCI-rootfs old-root. */
#ifndef MINIRUNC_PIVOT_H
#define MINIRUNC_PIVOT_H

#include "root_ctx.h"

/* Make the root the process's "/": pivot_root into it, then unmount and
 * remove the old root so nothing of the host's tree stays reachable.  On
 * return rc->rootfd is an fd on the new "/" and rc->shown is "". */
int pivot_into(struct root_ctx *rc);

/* For a root that cannot be pivoted (runc --no-pivot, e.g. on a ramfs):
 * move the root onto "/" and chroot into it.  Weaker: the old root stays
 * reachable to a process that can escape a chroot. */
int chroot_into(struct root_ctx *rc);

#endif
