/* In-root resolution without openat2 (kernels before 5.6, or a sandbox
 * whose seccomp profile denies it): the same answer as
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), worked out one path
 * component at a time, the way a container would see the path.
 *
 * The walk only ever goes down from the root fd, one plain directory at a
 * time, opened with O_NOFOLLOW: a symlink is read and its target put in
 * front of what is left (an absolute one starts again at the root); ".."
 * drops the last component and walks down again from the root, so no
 * rename can take the walk above it.  procfs's magic links (fd/N, exe,
 * cwd, root, whose targets are not paths in this root) are refused with
 * ELOOP, as RESOLVE_NO_MAGICLINKS does. */
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define MAX_SYMLINKS 40 /* as the kernel's path walk */

struct walk {
    int rootfd;
    int cur;                  /* the directory reached so far */
    char done[PATH_MAX];      /* its path below the root, "" for the root */
    char todo[2 * PATH_MAX];  /* what is left to resolve */
    int links;
};

/* Walk WALK->done down from the root again (after ".." or a restart). */
static int walk_from_root(struct walk *w)
{
    char copy[PATH_MAX], *save = NULL;
    int fd = openat(w->rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

    snprintf(copy, sizeof(copy), "%s", w->done);
    for (char *c = strtok_r(copy, "/", &save); c && fd >= 0; c = strtok_r(NULL, "/", &save)) {
        int next = openat(fd, c, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = next;
    }
    if (fd < 0)
        return -1;
    if (w->cur >= 0)
        close(w->cur);
    w->cur = fd;
    return 0;
}

/* The next component of WALK->todo into COMP; *LAST when nothing but
 * slashes follows it, *DIR_WANTED when those slashes are there. */
static bool next_component(struct walk *w, char *comp, size_t len, bool *last, bool *dir_wanted)
{
    char *p = w->todo, *end;

    while (*p == '/')
        p++;
    if (!*p)
        return false;
    end = strchrnul(p, '/');
    snprintf(comp, len, "%.*s", (int)(end - p), p);
    memmove(w->todo, end, strlen(end) + 1);
    *dir_wanted = w->todo[0] == '/';
    *last = w->todo[strspn(w->todo, "/")] == '\0';
    return true;
}

/* A symlink met on the way: its target goes in front of what is left. */
static int follow(struct walk *w, int linkfd)
{
    char target[PATH_MAX], rest[2 * PATH_MAX];
    struct statfs sf;
    ssize_t n = readlinkat(linkfd, "", target, sizeof(target) - 1);

    if (n < 0)
        return -1;
    target[n] = '\0';
    if (++w->links > MAX_SYMLINKS)
        return errno = ELOOP, -1;
    /* procfs's magic links point at objects, not at paths in this root. */
    if (fstatfs(linkfd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC &&
        (target[0] == '/' || strchr(target, ':')))
        return errno = ELOOP, -1;
    snprintf(rest, sizeof(rest), "%s", w->todo);
    /* REST still starts with its slash (or is empty). */
    if (snprintf(w->todo, sizeof(w->todo), "%s%s", target, rest) >= (int)sizeof(w->todo))
        return errno = ENAMETOOLONG, -1;
    if (target[0] == '/') {
        w->done[0] = '\0';
        return walk_from_root(w);
    }
    return 0;
}

/* The last component, opened with the caller's flags, and checked to be
 * the very file the walk found (FOUND, or none when it is being created). */
static int open_last(struct walk *w, const char *comp, int found, int flags, mode_t mode,
                     bool dir_wanted)
{
    struct stat a, b;
    int fd;

    if (dir_wanted)
        flags |= O_DIRECTORY;
    if (found >= 0 && (flags & O_PATH) && !(flags & O_DIRECTORY))
        return found; /* already it: O_PATH | O_NOFOLLOW */
    fd = openat(w->cur, comp, flags | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 || found < 0)
        return fd;
    if (fstat(fd, &a) < 0 || fstat(found, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
        close(fd);
        return errno = EAGAIN, -1; /* swapped under us: the caller tries again */
    }
    return fd;
}

static int walk_once(struct walk *w, int flags, mode_t mode)
{
    char comp[NAME_MAX + 1];
    bool last, dir_wanted;

    while (next_component(w, comp, sizeof(comp), &last, &dir_wanted)) {
        struct stat st;
        int fd;

        if (!strcmp(comp, "."))
            ;
        else if (!strcmp(comp, "..")) {
            char *slash = strrchr(w->done, '/');
            *(slash ? slash : w->done) = '\0';
            if (walk_from_root(w) < 0)
                return -1;
        } else {
            fd = openat(w->cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                return last && errno == ENOENT && (flags & O_CREAT)
                           ? open_last(w, comp, -1, flags, mode, dir_wanted) : -1;
            if (fstat(fd, &st) < 0) {
                close(fd);
                return -1;
            }
            /* A trailing slash follows a final symlink, O_NOFOLLOW or not. */
            if (S_ISLNK(st.st_mode) && (!last || !(flags & O_NOFOLLOW) || dir_wanted)) {
                int r = follow(w, fd);
                close(fd);
                if (r < 0)
                    return -1;
                continue;
            }
            if (last) {
                int r = open_last(w, comp, fd, flags, mode, dir_wanted);
                if (r != fd)
                    close(fd);
                return r;
            }
            if (!S_ISDIR(st.st_mode)) {
                close(fd);
                return errno = ENOTDIR, -1;
            }
            close(w->cur);
            w->cur = fd;
            if (strlen(w->done) + strlen(comp) + 2 > sizeof(w->done))
                return errno = ENAMETOOLONG, -1;
            strcat(strcat(w->done, w->done[0] ? "/" : ""), comp);
            continue;
        }
        if (last)
            return openat(w->cur, ".", flags | O_CLOEXEC, mode);
    }
    /* The path was the root itself (or only "." and ".." in it). */
    return openat(w->cur, ".", flags | O_CLOEXEC, mode);
}

int inroot_walk(int rootfd, const char *path, int flags, mode_t mode)
{
    struct walk w = { .rootfd = rootfd, .cur = -1 };
    int fd = -1, e = 0;

    if (!*path)
        return errno = ENOENT, -1; /* as openat2 without AT_EMPTY_PATH */
    if (strlen(path) >= PATH_MAX)
        return errno = ENAMETOOLONG, -1;
    for (int tries = 0; tries < 128; tries++) {
        snprintf(w.todo, sizeof(w.todo), "%s", path);
        w.done[0] = '\0';
        w.links = 0;
        if (walk_from_root(&w) < 0) {
            e = errno;
            break;
        }
        fd = walk_once(&w, flags, mode);
        e = errno;
        if (fd >= 0 || e != EAGAIN)
            break;
    }
    if (w.cur >= 0)
        close(w.cur);
    errno = e;
    return fd;
}
