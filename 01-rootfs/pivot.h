/* 2.1.1 step 4: pivot_root OCI-rootfs old-root. */
#ifndef MINIRUNC_PIVOT_H
#define MINIRUNC_PIVOT_H

#include "root_ctx.h"

#include <stdbool.h>

/* Make the root the process's "/": pivot_root into it, then unmount and
 * remove the old root so nothing of the host's tree stays reachable.  On
 * return rc->rootfd is an fd on the new "/" and rc->shown is "".
 * IN_PLACE: pivot_root . . (the old root stacked on the new, then
 * detached; nothing written into the rootfs), as runc does; otherwise the
 * chapter's pivot_root NEW NEW/OLD with a directory made for OLD. */
int pivot_into(struct root_ctx *rc, bool in_place);

/* For a root that cannot be pivoted (runc --no-pivot, e.g. on a ramfs):
 * move the root onto "/" and chroot into it.  Weaker: the old root stays
 * reachable to a process that can escape a chroot. */
int chroot_into(struct root_ctx *rc);

#endif
