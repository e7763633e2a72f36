#include "layer.h"

#include "error.h"
#include "inroot.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define WHITEOUT_PREFIX ".wh."
#define OPAQUE_MARKER ".wh..wh..opq"

struct layer_ctx {
    struct archive *a;
    int rootfd;
    void *written; /* tsearch tree: names this layer wrote, kept by opaque dirs */
    bool as_root;
};

static int written_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int remember(struct layer_ctx *lc, const char *path)
{
    char *copy = strdup(path);
    char **slot;

    if (!copy)
        return err_sys("layer bookkeeping");
    slot = tsearch(copy, &lc->written, written_cmp);
    if (!slot) {
        free(copy);
        return err_sys("layer bookkeeping");
    }
    if (*slot != copy)
        free(copy);
    return 0;
}

static bool was_written(struct layer_ctx *lc, const char *path)
{
    return tfind(path, &lc->written, written_cmp) != NULL;
}

/* Remove whatever is at NAME below PARENT, so a new entry can take its
 * place; a directory stays when the new entry is a directory too. */
static int clear_place(int parent, const char *name, bool new_is_dir)
{
    struct stat st;

    if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT ? 0 : err_sys("stat %s", name);
    if (S_ISDIR(st.st_mode))
        return new_is_dir ? 0 : remove_tree_at(parent, name);
    if (unlinkat(parent, name, 0) < 0)
        return err_sys("remove %s", name);
    return 0;
}

static int apply_xattrs(struct archive_entry *e, int fd, const char *path)
{
    const char *name;
    const void *value;
    size_t size;

    archive_entry_xattr_reset(e);
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
        if (fsetxattr(fd, name, value, size, 0) == 0)
            continue;
        /* A file system without xattrs, or a namespace we may not write
         * (trusted.* without CAP_SYS_ADMIN): the file is still usable. */
        if (errno == ENOTSUP || errno == EPERM)
            continue;
        return err_sys("set xattr %s on %s", name, path);
    }
    return 0;
}

static int apply_metadata(struct layer_ctx *lc, struct archive_entry *e, int parent,
                          const char *name, const char *path, int fd)
{
    mode_t mode = archive_entry_perm(e) & 07777;
    struct timespec times[2] = {
        { .tv_sec = archive_entry_atime(e), .tv_nsec = archive_entry_atime_nsec(e) },
        { .tv_sec = archive_entry_mtime(e), .tv_nsec = archive_entry_mtime_nsec(e) },
    };
    bool is_link = archive_entry_filetype(e) == AE_IFLNK;

    if (!archive_entry_atime_is_set(e))
        times[0] = times[1];
    /* Owner first: chown clears setuid/setgid bits that chmod then sets. */
    if (lc->as_root &&
        fchownat(parent, name, (uid_t)archive_entry_uid(e), (gid_t)archive_entry_gid(e),
                 AT_SYMLINK_NOFOLLOW) < 0)
        return err_sys("chown %s", path);
    if (!is_link && fchmodat(parent, name, mode, 0) < 0)
        return err_sys("chmod %o %s", mode, path);
    if (fd >= 0 && apply_xattrs(e, fd, path) < 0)
        return -1;
    if (utimensat(parent, name, times, AT_SYMLINK_NOFOLLOW) < 0)
        return err_sys("set times of %s", path);
    return 0;
}

static int write_data(struct layer_ctx *lc, int fd, const char *path, la_int64_t size)
{
    const void *block;
    size_t len;
    la_int64_t offset;
    int r;

    /* Blocks come with their offset: the holes of a sparse file stay holes. */
    while ((r = archive_read_data_block(lc->a, &block, &len, &offset)) == ARCHIVE_OK) {
        const char *p = block;
        while (len > 0) {
            ssize_t n = pwrite(fd, p, len, offset);
            if (n < 0)
                return err_sys("write %s", path);
            p += n;
            len -= (size_t)n;
            offset += n;
        }
    }
    if (r != ARCHIVE_EOF)
        return err_set("read data of %s: %s", path, archive_error_string(lc->a));
    if (ftruncate(fd, size) < 0)
        return err_sys("truncate %s", path);
    return 0;
}

static int make_regular(struct layer_ctx *lc, struct archive_entry *e, int parent,
                        const char *name, const char *path)
{
    int fd, ret;

    if (clear_place(parent, name, false) < 0)
        return -1;
    fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_sys("create %s", path);
    ret = write_data(lc, fd, path, archive_entry_size(e));
    if (ret == 0)
        ret = apply_metadata(lc, e, parent, name, path, fd);
    close(fd);
    return ret;
}

static int make_dir(struct layer_ctx *lc, struct archive_entry *e, int parent, const char *name,
                    const char *path)
{
    int fd, ret;

    if (clear_place(parent, name, true) < 0)
        return -1;
    if (mkdirat(parent, name, 0700) < 0 && errno != EEXIST)
        return err_sys("mkdir %s", path);
    fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return err_sys("open directory %s", path);
    ret = apply_metadata(lc, e, parent, name, path, fd);
    close(fd);
    return ret;
}

static int make_symlink(struct layer_ctx *lc, struct archive_entry *e, int parent,
                        const char *name, const char *path)
{
    const char *target = archive_entry_symlink(e);

    if (!target || !*target)
        return err_set("symlink %s: empty target", path);
    if (!symlink_stays_inside(path, target))
        return err_set("symlink %s -> %s points outside the root", path, target);
    if (clear_place(parent, name, false) < 0)
        return -1;
    if (symlinkat(target, parent, name) < 0)
        return err_sys("symlink %s -> %s", path, target);
    return apply_metadata(lc, e, parent, name, path, -1);
}

static int make_hardlink(struct layer_ctx *lc, int parent, const char *name, const char *path,
                         const char *raw_target)
{
    char buf[PATH_MAX];
    const char *target = layer_clean_name(raw_target, buf, sizeof(buf));
    const char *tname;
    int tparent, ret;

    if (!target || !*target) {
        err_context("hardlink %s -> %s points outside the root", path, raw_target);
        return -1;
    }
    /* The link target is resolved inside the root as well. */
    tparent = inroot_parent(lc->rootfd, target, &tname);
    if (tparent < 0)
        return -1;
    ret = clear_place(parent, name, false);
    if (ret == 0 && linkat(tparent, tname, parent, name, 0) < 0)
        ret = err_sys("hardlink %s -> %s", path, target);
    close(tparent);
    return ret;
}

static int make_node(struct layer_ctx *lc, struct archive_entry *e, int parent, const char *name,
                     const char *path)
{
    mode_t type = archive_entry_filetype(e);

    if (type != AE_IFIFO && !lc->as_root)
        return err_set("device file %s: only root may create device nodes", path);
    if (clear_place(parent, name, false) < 0)
        return -1;
    if (mknodat(parent, name, type | 0600, archive_entry_rdev(e)) < 0)
        return err_sys("mknod %s", path);
    return apply_metadata(lc, e, parent, name, path, -1);
}

/* ".wh.NAME": NAME, as lower layers left it, is gone in this one. */
static int whiteout(struct layer_ctx *lc, const char *dir, const char *name)
{
    char path[PATH_MAX];
    int parent, ret = 0;

    if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
        return err_set("whiteout in %s: bad name \"%s\"", dir[0] ? dir : "/", name);
    snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] ? "/" : "", name);
    if (was_written(lc, path))
        return 0;
    parent = inroot_open(lc->rootfd, dir, O_PATH | O_DIRECTORY, 0);
    if (parent < 0)
        return errno == ENOENT ? 0 : err_sys("whiteout %s: open %s", path, dir);
    ret = remove_tree_at(parent, name);
    close(parent);
    return ret;
}

/* ".wh..wh..opq": DIR keeps only what this layer put in it. */
static int opaque(struct layer_ctx *lc, const char *dir)
{
    char path[PATH_MAX], fdp[32];
    struct dirent *d;
    DIR *dp;
    int parent, fd, ret = 0;

    parent = inroot_mkdir_p(lc->rootfd, dir[0] ? dir : ".", 0755);
    if (parent < 0)
        return -1;
    fd = open(fd_path(parent, fdp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close(parent);
    if (fd < 0 || !(dp = fdopendir(fd))) {
        if (fd >= 0)
            close(fd);
        return err_sys("opaque directory %s", dir);
    }
    while ((d = readdir(dp)) != NULL && ret == 0) {
        if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
            continue;
        snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] ? "/" : "", d->d_name);
        if (!was_written(lc, path))
            ret = remove_tree_at(dirfd(dp), d->d_name);
    }
    closedir(dp);
    return ret;
}

static int apply_entry(struct layer_ctx *lc, struct archive_entry *e, struct layer_stats *stats)
{
    char buf[PATH_MAX], dir[PATH_MAX];
    const char *path = layer_clean_name(archive_entry_pathname(e), buf, sizeof(buf));
    const char *slash, *name, *hardlink = archive_entry_hardlink(e);
    int parent, ret;

    if (!path)
        return -1;
    if (!*path)
        return 0; /* "./" itself: the root directory is ours, not the layer's */
    slash = strrchr(path, '/');
    name = slash ? slash + 1 : path;
    snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 0, path);

    if (!strncmp(name, WHITEOUT_PREFIX, strlen(WHITEOUT_PREFIX))) {
        stats->whiteouts++;
        if (!strcmp(name, OPAQUE_MARKER))
            return opaque(lc, dir);
        if (!strncmp(name, WHITEOUT_PREFIX WHITEOUT_PREFIX, 2 * strlen(WHITEOUT_PREFIX)))
            return 0; /* other aufs bookkeeping (.wh..wh.plnk ...): not content */
        return whiteout(lc, dir, name + strlen(WHITEOUT_PREFIX));
    }

    parent = inroot_mkdir_p(lc->rootfd, dir[0] ? dir : ".", 0755);
    if (parent < 0)
        return -1;
    stats->entries++;
    if (hardlink) {
        ret = make_hardlink(lc, parent, name, path, hardlink);
    } else {
        switch (archive_entry_filetype(e)) {
        case AE_IFREG:
            ret = make_regular(lc, e, parent, name, path);
            break;
        case AE_IFDIR:
            ret = make_dir(lc, e, parent, name, path);
            break;
        case AE_IFLNK:
            ret = make_symlink(lc, e, parent, name, path);
            break;
        case AE_IFCHR:
        case AE_IFBLK:
        case AE_IFIFO:
            ret = make_node(lc, e, parent, name, path);
            break;
        default:
            ret = err_set("entry %s: unsupported file type (socket?)", path);
            break;
        }
    }
    close(parent);
    if (ret == 0)
        ret = remember(lc, path);
    return ret;
}

int layer_apply(struct archive *a, int rootfd, struct layer_stats *stats)
{
    struct layer_ctx lc = { .a = a, .rootfd = rootfd, .as_root = geteuid() == 0 };
    struct archive_entry *e;
    int r, ret = 0;

    stats->entries = stats->whiteouts = 0;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        if (apply_entry(&lc, e, stats) < 0) {
            ret = -1;
            break;
        }
    }
    if (ret == 0 && r != ARCHIVE_EOF)
        ret = err_set("read archive: %s", archive_error_string(a));
    tdestroy(lc.written, free);
    return ret;
}
