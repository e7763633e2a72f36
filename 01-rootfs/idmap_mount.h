/* 2.1: the runtime's half of an id-mapped bind mount. */
#ifndef MINIRUNC_IDMAP_MOUNT_H
#define MINIRUNC_IDMAP_MOUNT_H

#include <stdbool.h>

/* In the host's user namespace (only it may id-map a mount of the host's
 * file systems): a detached copy of SOURCE (open_tree, recursive with
 * RECURSIVE) whose ids go through the maps of USERNS_FD (mount_setattr
 * MOUNT_ATTR_IDMAP).  Returns its fd; the init moves it into place. */
int mount_idmapped_tree(const char *source, bool recursive, int userns_fd);

#endif
