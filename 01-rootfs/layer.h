/* 2.1.1 step 1, "解压": apply one layer (a tar stream) onto a rootfs.
 *
 * Every entry is hostile until checked: absolute names and ".." are
 * refused; parents are resolved inside the root (openat2 RESOLVE_IN_ROOT)
 * so an earlier symlink cannot carry a write outside; symlinks whose
 * relative target climbs above the root and hardlinks to names outside it
 * are refused; device nodes need root.  Whiteouts remove what lower layers
 * put there: ".wh.NAME" removes NAME, ".wh..wh..opq" empties its directory
 * of everything but this layer's own entries. */
#ifndef MINIRUNC_LAYER_H
#define MINIRUNC_LAYER_H

#include <stdbool.h>

struct archive;

struct layer_stats {
    unsigned long entries;
    unsigned long whiteouts;
};

/* Apply the archive A (opened by the caller, headers not yet read) onto the
 * directory ROOTFD. */
int layer_apply(struct archive *a, int rootfd, struct layer_stats *stats);

/* The checks on one entry name, exposed for the unit tests: returns the
 * name without "./" prefixes and trailing "/", or NULL (error recorded)
 * for an absolute name or one with "..". */
const char *layer_clean_name(const char *name, char *buf, unsigned long len);

/* Does a symlink at LINK_PATH (relative to the root) with target TARGET
 * stay inside the root when resolved lexically?  Absolute targets do: the
 * container resolves them against its own "/". */
bool symlink_stays_inside(const char *link_path, const char *target);

#endif
