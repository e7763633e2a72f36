#include "inroot.h"

#include "error.h"
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Does this kernel (and the seccomp filter we run under) let us call
 * openat2?  Asked once, on the first ENOSYS or EPERM: an openat2 of "."
 * that fails the same way means no. */
static bool openat2_missing(int err)
{
    static int missing = -1;
    struct open_how how = { .flags = O_PATH | O_CLOEXEC };
    int fd;

    if (err != ENOSYS && err != EPERM)
        return false;
    if (missing < 0) {
        fd = (int)syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));
        missing = fd < 0 && (errno == ENOSYS || errno == EPERM);
        if (fd >= 0)
            close(fd);
        if (missing)
            trace_note("minirunc", "openat2 is not available here (%s): paths inside the root "
                       "are resolved one component at a time instead", strerror(err));
    }
    return missing;
}

int inroot_open(int rootfd, const char *path, int flags, mode_t mode)
{
    struct open_how how = {
        .flags = (unsigned long long)(flags | O_CLOEXEC),
        .mode = (flags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };

    int fd;

    while (*path == '/')
        path++;
    if (*path == '\0')
        path = ".";
    /* EAGAIN: a rename elsewhere raced a ".." of this lookup and the kernel
     * could not prove it stayed inside the root (openat2(2) says to retry).
     * A few tries ride out ordinary renames; an attacker renaming without
     * pause gets a clear error, never a path outside. */
    for (int tries = 0; tries < 128; tries++) {
        fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
        if (fd >= 0 || errno != EAGAIN)
            break;
    }
    if (fd < 0 && openat2_missing(errno))
        return inroot_walk(rootfd, path, flags, mode);
    return fd;
}

bool path_has_dotdot(const char *path)
{
    const char *p = path;

    while (*p) {
        const char *end = strchrnul(p, '/');
        if (end - p == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p = *end ? end + 1 : end;
    }
    return false;
}

const char *fd_path(int fd, char buf[static 32])
{
    snprintf(buf, 32, "/proc/self/fd/%d", fd);
    return buf;
}

/* The directory PATH, known to be missing, made below its deepest
 * ancestor that exists.  That ancestor is found from the end (a mount
 * point usually lacks one component, whose parent is there): each try
 * resolves the whole prefix from the root, so a symlink met on the way
 * resolves as the container would see it.  Below it each directory is
 * made with mkdirat() and opened from its parent's fd without following
 * a symlink; one that appeared there meanwhile is resolved from the root
 * again, never from where it points on the host. */
int inroot_mkdir_missing(int rootfd, const char *path, mode_t mode)
{
    char prefix[PATH_MAX];
    size_t len = strlen(path), have;
    int fd = -1;

    if (len >= sizeof(prefix))
        return errno = ENAMETOOLONG, err_sys("mkdir %s", path);
    memcpy(prefix, path, len + 1);
    while (len > 0 && prefix[len - 1] == '/')
        prefix[--len] = '\0';
    /* Back to the deepest prefix that opens: "a/b/c", "a/b", "a", ".". */
    for (have = len; fd < 0;) {
        while (have > 0 && prefix[have - 1] != '/')
            have--;
        while (have > 0 && prefix[have - 1] == '/')
            have--;
        prefix[have] = '\0';
        fd = inroot_open(rootfd, have ? prefix : ".", O_PATH | O_DIRECTORY, 0);
        if (fd < 0 && (errno != ENOENT || have == 0))
            return err_sys("open %s inside the root", have ? prefix : "/");
    }
    memcpy(prefix, path, len);
    /* Then down again, one component at a time. */
    while (have < len) {
        size_t start = have + strspn(prefix + have, "/");
        size_t end = start + strcspn(prefix + start, "/");
        char saved = prefix[end];
        int sub;
        prefix[end] = '\0';
        if (mkdirat(fd, prefix + start, mode) < 0 && errno != EEXIST) {
            err_sys("mkdir %s inside the root", prefix);
            close(fd);
            return -1;
        }
        sub = openat(fd, prefix + start, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0)
            sub = inroot_open(rootfd, prefix, O_PATH | O_DIRECTORY, 0);
        close(fd);
        /* EEXIST yet no directory: a symlink to nowhere, or a file.
         * Creating a symlink's target is a guess we do not make. */
        if (sub < 0)
            return err_sys("mkdir %s inside the root: a dangling symlink or not a directory",
                           prefix);
        fd = sub;
        prefix[end] = saved;
        have = end;
    }
    return fd;
}

int inroot_mkdir_p(int rootfd, const char *path, mode_t mode)
{
    /* Most mount points are there already: one lookup. */
    int fd = inroot_open(rootfd, path, O_PATH | O_DIRECTORY, 0);

    if (fd >= 0)
        return fd;
    if (errno != ENOENT)
        return err_sys("open %s inside the root", path);
    return inroot_mkdir_missing(rootfd, path, mode);
}

int inroot_parent(int rootfd, const char *path, const char **name)
{
    char parent[PATH_MAX];
    const char *end = path + strlen(path);
    const char *slash;

    while (end > path && end[-1] == '/')
        end--;
    if (end == path)
        return err_set("path %s has no last component", path);
    slash = memrchr(path, '/', (size_t)(end - path));
    *name = slash ? slash + 1 : path;
    if (!slash)
        return inroot_mkdir_p(rootfd, ".", 0755);
    if ((size_t)(slash - path) >= sizeof(parent))
        return errno = ENAMETOOLONG, err_sys("open parent of %s", path);
    memcpy(parent, path, (size_t)(slash - path));
    parent[slash - path] = '\0';
    return inroot_mkdir_p(rootfd, parent[0] ? parent : "/", 0755);
}

int inroot_mkfile(int rootfd, const char *path, mode_t mode)
{
    const char *name;
    int parent, fd;

    fd = inroot_open(rootfd, path, O_PATH, 0);
    if (fd >= 0)
        return fd;
    if (errno != ENOENT)
        return err_sys("open %s inside the root", path);
    parent = inroot_parent(rootfd, path, &name);
    if (parent < 0)
        return -1;
    /* The parent is an O_PATH fd: reopen it for real to create in it. */
    char pp[32];
    int dirfd = open(fd_path(parent, pp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close(parent);
    if (dirfd < 0)
        return err_sys("open parent directory of %s", path);
    fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) {
        err_sys("create %s inside the root", path);
        close(dirfd);
        return -1;
    }
    if (fd >= 0)
        close(fd);
    close(dirfd);
    fd = inroot_open(rootfd, path, O_PATH, 0);
    if (fd < 0)
        return err_sys("open %s inside the root", path);
    return fd;
}

static int remove_children(int dirfd, dev_t dev);

static int remove_entry(int dirfd, const char *name, dev_t dev)
{
    struct stat st;

    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT ? 0 : err_sys("stat %s", name);
    if (S_ISDIR(st.st_mode)) {
        if (st.st_dev != dev)
            return err_set("remove %s: refusing to cross into another mount", name);
        int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0)
            return err_sys("open %s", name);
        if (remove_children(sub, dev) < 0) {
            err_context("remove %s", name);
            return -1; /* remove_children closed sub */
        }
        if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
            return err_sys("rmdir %s", name);
        return 0;
    }
    if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
        return err_sys("unlink %s", name);
    return 0;
}

/* Takes ownership of dirfd. */
static int remove_children(int dirfd, dev_t dev)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;
    int ret = 0;

    if (!d) {
        close(dirfd);
        return err_sys("fdopendir");
    }
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (remove_entry(dirfd, e->d_name, dev) < 0) {
            ret = -1;
            break;
        }
    }
    closedir(d);
    return ret;
}

int remove_tree_at(int dirfd, const char *name)
{
    struct stat st;

    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT ? 0 : err_sys("stat %s", name);
    return remove_entry(dirfd, name, st.st_dev);
}
