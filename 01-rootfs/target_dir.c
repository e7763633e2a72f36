#include "target_dir.h"

#include "error.h"
#include "inroot.h"
#include "root_ctx.h"
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_empty(int fd)
{
    int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    DIR *d;
    struct dirent *e;
    int empty = 1;

    if (dup_fd < 0)
        return -1;
    d = fdopendir(dup_fd);
    if (!d) {
        close(dup_fd);
        return -1;
    }
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

int target_dir_open(struct target_dir *t, const char *path)
{
    t->path = path;
    t->created = false;
    if (mkdir(path, 0755) == 0) {
        trace(TAG, "mkdir %s", shq(path));
        t->created = true;
    } else if (errno != EEXIST) {
        return err_sys("mkdir %s", path);
    }
    t->fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (t->fd < 0) {
        err_sys("open %s", path);
        if (errno == ENOTDIR || errno == ELOOP)
            err_set("%s exists and is not a directory", path);
        return -1;
    }
    if (!t->created && is_empty(t->fd) != 1) {
        close(t->fd);
        return err_set("%s is not empty: give a new or empty directory", path);
    }
    return 0;
}

void target_dir_keep(struct target_dir *t)
{
    close(t->fd);
    t->fd = -1;
}

void target_dir_discard(struct target_dir *t)
{
    char first_error[4096];
    bool removed = true;
    int dup_fd;
    DIR *d;

    trace_note(TAG, "failed: remove what was made in %s", t->path);
    /* Errors while cleaning up would hide the one that matters. */
    snprintf(first_error, sizeof(first_error), "%s", err_get());
    dup_fd = fcntl(t->fd, F_DUPFD_CLOEXEC, 0);
    d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    if (!d && dup_fd >= 0)
        close(dup_fd);
    /* Removing while reading a directory may skip entries: read it again
     * until a pass finds nothing left (or nothing more can go). */
    while (d && removed) {
        struct dirent *e;

        removed = false;
        rewinddir(d);
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                remove_tree_at(t->fd, e->d_name) == 0)
                removed = true;
    }
    if (d)
        closedir(d);
    close(t->fd);
    t->fd = -1;
    if (t->created)
        rmdir(t->path);
    err_set("%s", first_error);
}
