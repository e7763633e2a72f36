/* The directory a rootfs is made in: new or empty, and put back the way it
 * was when making the rootfs fails, so nothing half-made is left behind. */
#ifndef MINIRUNC_TARGET_DIR_H
#define MINIRUNC_TARGET_DIR_H

#include <stdbool.h>

struct target_dir {
    const char *path;
    int fd;       /* O_RDONLY|O_DIRECTORY on it */
    bool created; /* we made it, so failing removes it too */
};

/* mkdir PATH, or open it when it exists as an empty directory. */
int target_dir_open(struct target_dir *t, const char *path);

/* Success: keep what was made, close the fd. */
void target_dir_keep(struct target_dir *t);

/* Failure: remove everything made in it (and it, when we created it). */
void target_dir_discard(struct target_dir *t);

#endif
