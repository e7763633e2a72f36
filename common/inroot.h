/* Paths inside a root file system are hostile.
 *
 * A rootfs comes from an image someone else built: any directory on the way
 * to a mount point may be a symlink to "/../../etc" or to "/proc/self/root".
 * Everything here resolves paths with openat2(RESOLVE_IN_ROOT), so that
 * symlinks and ".." are interpreted as the container will see them: inside
 * the root, never above it.  Callers then work on the returned fd (mount
 * onto /proc/self/fd/N, mkdirat, linkat, ...), not on the path again. */
#ifndef MINIRUNC_INROOT_H
#define MINIRUNC_INROOT_H

#include <stdbool.h>
#include <sys/types.h>

/* openat2(rootfd, path, flags | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS).
 * Returns an fd, or -1 with errno set (no message recorded: callers decide
 * whether ENOENT is an error).  Where openat2 is missing (Linux < 5.6) or
 * denied (a seccomp profile), inroot_walk gives the same answer. */
int inroot_open(int rootfd, const char *path, int flags, mode_t mode);

/* The same resolution done in user space, one component at a time
 * (inroot_walk.c): what inroot_open falls back on. */
int inroot_walk(int rootfd, const char *path, int flags, mode_t mode);

/* mkdir -p PATH inside the root; returns an O_PATH fd on the directory. */
int inroot_mkdir_p(int rootfd, const char *path, mode_t mode);
/* The same for a PATH an inroot_open just found missing (ENOENT): it is
 * not looked up again. */
int inroot_mkdir_missing(int rootfd, const char *path, mode_t mode);

/* Make sure PATH exists inside the root as a non-directory (creating an
 * empty file, and parent directories, when absent) so a file can be bind
 * mounted onto it; returns an O_PATH fd on it. */
int inroot_mkfile(int rootfd, const char *path, mode_t mode);

/* Open the parent directory of PATH inside the root, creating missing
 * directories; *name points into PATH at the last component. */
int inroot_parent(int rootfd, const char *path, const char **name);

/* True when PATH has a ".." component. */
bool path_has_dotdot(const char *path);

/* rm -rf NAME below DIRFD without following symlinks or crossing into other
 * mounts.  A missing NAME is not an error. */
int remove_tree_at(int dirfd, const char *name);

/* "/proc/self/fd/N" for mounting onto an fd. */
const char *fd_path(int fd, char buf[static 32]);

#endif
