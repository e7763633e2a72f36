/* 2.1.1 step 3: mount proc, dev and the rest of the table into the root. */
#ifndef MINIRUNC_MOUNTS_H
#define MINIRUNC_MOUNTS_H

#include "mount_table.h"
#include "root_ctx.h"

/* Mount one row of a mount table inside the root. */
int mount_entry_apply(const struct root_ctx *rc, const struct mount_entry *m);

/* mount -t FSTYPE -o OPTIONS SOURCE TARGET, TARGET a directory inside the root. */
int mount_fs_at(const struct root_ctx *rc, const char *source, const char *target,
                const char *fstype, const char *options);

/* mount --bind SOURCE TARGET (+ remount for ro/nosuid/...); SOURCE is a host
 * path (or /proc/self/fd/N), TARGET inside the root is created to match. */
int mount_bind_at(const struct root_ctx *rc, const char *source, const char *target,
                  const char *options);

/* mount -o remount,bind,OPTIONS TARGET (TARGET an fd path or a plain path). */
int mount_remount_bind(const char *shown, const char *path, unsigned long flags);

#endif
