/* 2.1.2: the masked and read-only rows of the mount table. */
#ifndef MINIRUNC_PROTECT_H
#define MINIRUNC_PROTECT_H

#include "root_ctx.h"

/* Hide PATH: /dev/null over a file, an empty read-only tmpfs over a
 * directory.  A path the kernel does not have is skipped with a note. */
int mask_path(const struct root_ctx *rc, const char *path);

/* Make PATH read-only: bind it onto itself, remount the bind ro. */
int readonly_path(const struct root_ctx *rc, const char *path);

#endif
