#include "copyup.h"

#include "error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

/* Owner, mode and times of the new entry NAME in TOFD follow ST. */
static int copy_attrs(int tofd, const char *name, const struct stat *st, const char *shown)
{
    struct timespec times[2] = { st->st_atim, st->st_mtim };

    if (fchownat(tofd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
        return err_sys("tmpcopyup: chown %s/%s", shown, name);
    if (!S_ISLNK(st->st_mode) && fchmodat(tofd, name, st->st_mode & 07777, 0) < 0)
        return err_sys("tmpcopyup: chmod %s/%s", shown, name);
    if (utimensat(tofd, name, times, AT_SYMLINK_NOFOLLOW) < 0)
        return err_sys("tmpcopyup: touch %s/%s", shown, name);
    return 0;
}

static int copy_file(int fromfd, int tofd, const char *name, const struct stat *st,
                     const char *shown)
{
    int in, out, ret = 0;
    off_t left = st->st_size;

    in = openat(fromfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return err_sys("tmpcopyup: open %s", name);
    out = openat(tofd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return err_sys("tmpcopyup: create %s/%s", shown, name);
    }
    while (left > 0 && ret == 0) {
        ssize_t n = sendfile(out, in, NULL, (size_t)left);

        if (n < 0)
            ret = err_sys("tmpcopyup: copy %s/%s", shown, name);
        else if (n == 0)
            break; /* the file shrank under us: copy what there is */
        else
            left -= n;
    }
    close(in);
    close(out);
    return ret;
}

int copy_tree(int fromfd, int tofd, const char *shown)
{
    int dfd = fcntl(fromfd, F_DUPFD_CLOEXEC, 3);
    DIR *d;
    struct dirent *de;
    int ret = 0;

    if (dfd < 0)
        return err_sys("tmpcopyup: dup");
    d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return err_sys("tmpcopyup: read the directory under %s", shown);
    }
    while (ret == 0 && (errno = 0, de = readdir(d))) {
        const char *name = de->d_name;
        struct stat st;
        char link[4096];
        ssize_t n;

        if (!strcmp(name, ".") || !strcmp(name, ".."))
            continue;
        if (fstatat(fromfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            ret = err_sys("tmpcopyup: stat %s", name);
            break;
        }
        if (S_ISDIR(st.st_mode)) {
            int sub_from, sub_to;

            if (mkdirat(tofd, name, 0700) < 0) {
                ret = err_sys("tmpcopyup: mkdir %s/%s", shown, name);
                break;
            }
            sub_from = openat(fromfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            sub_to = openat(tofd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub_from < 0 || sub_to < 0)
                ret = err_sys("tmpcopyup: open %s", name);
            else
                ret = copy_tree(sub_from, sub_to, shown);
            if (sub_from >= 0)
                close(sub_from);
            if (sub_to >= 0)
                close(sub_to);
        } else if (S_ISREG(st.st_mode)) {
            ret = copy_file(fromfd, tofd, name, &st, shown);
        } else if (S_ISLNK(st.st_mode)) {
            n = readlinkat(fromfd, name, link, sizeof(link) - 1);
            if (n < 0) {
                ret = err_sys("tmpcopyup: readlink %s", name);
                break;
            }
            link[n] = '\0';
            if (symlinkat(link, tofd, name) < 0)
                ret = err_sys("tmpcopyup: ln -s %s %s/%s", link, shown, name);
        } else if (mknodat(tofd, name, st.st_mode, st.st_rdev) < 0) {
            ret = err_sys("tmpcopyup: mknod %s/%s", shown, name);
        }
        if (ret == 0)
            ret = copy_attrs(tofd, name, &st, shown);
    }
    if (ret == 0 && errno)
        ret = err_sys("tmpcopyup: read the directory under %s", shown);
    closedir(d);
    return ret;
}

int copy_dir_attrs(int fromfd, int tofd, const char *shown)
{
    struct stat st;

    if (fstat(fromfd, &st) < 0)
        return err_sys("tmpcopyup: stat the directory under %s", shown);
    if (fchown(tofd, st.st_uid, st.st_gid) < 0 || fchmod(tofd, st.st_mode & 07777) < 0)
        return err_sys("tmpcopyup: chown/chmod %s", shown);
    return 0;
}
