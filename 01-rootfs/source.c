#include "source.h"

#include "error.h"
#include "inroot.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *member_name_normal(const char *name)
{
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/' && name[1] != '\0')
        name++;
    return name;
}

static int check_member_name(const char *name)
{
    if (name[0] == '\0' || name[0] == '/' || path_has_dotdot(name))
        return err_set("image file name \"%.200s\": must be a relative path without \"..\"", name);
    return 0;
}

int source_open(struct source *src, const char *path)
{
    struct stat st;

    src->path = path;
    src->dirfd = -1;
    if (stat(path, &st) < 0)
        return err_sys("image %s", path);
    src->is_dir = S_ISDIR(st.st_mode);
    if (src->is_dir) {
        src->dirfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (src->dirfd < 0)
            return err_sys("open image directory %s", path);
    } else if (!S_ISREG(st.st_mode)) {
        return err_set("image %s: neither a directory nor a regular file", path);
    }
    return 0;
}

void source_close(struct source *src)
{
    if (src->dirfd >= 0)
        close(src->dirfd);
    src->dirfd = -1;
}

static struct archive *open_archive(const char *path)
{
    struct archive *a = archive_read_new();

    if (!a)
        return err_set("libarchive: out of memory"), NULL;
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        err_set("open %s: %s", path, archive_error_string(a));
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Position a tar source at member NAME; returns the archive or NULL (with
 * *found = false when it simply is not there). */
static struct archive *seek_member(const struct source *src, const char *name, bool *found,
                                   long long *size)
{
    struct archive *a = open_archive(src->path);
    struct archive_entry *e;
    int r;

    *found = false;
    if (!a)
        return NULL;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        if (!strcmp(member_name_normal(archive_entry_pathname(e)), name) &&
            archive_entry_filetype(e) == AE_IFREG) {
            *found = true;
            *size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
            return a;
        }
    }
    if (r != ARCHIVE_EOF)
        err_set("read %s: %s", src->path, archive_error_string(a));
    else
        err_set("%s: no file %s in the archive", src->path, name);
    archive_read_free(a);
    return NULL;
}

bool source_has(const struct source *src, const char *name)
{
    if (src->is_dir) {
        int fd = inroot_open(src->dirfd, name, O_PATH, 0);
        if (fd >= 0)
            close(fd);
        return fd >= 0;
    }
    bool found;
    long long size;
    struct archive *a = seek_member(src, name, &found, &size);
    if (a)
        archive_read_free(a);
    return found;
}

int member_open(const struct source *src, const char *name, struct member_stream *ms)
{
    ms->fd = -1;
    ms->outer = NULL;
    ms->size = -1;
    if (check_member_name(name) < 0)
        return -1;
    if (src->is_dir) {
        struct stat st;
        /* Inside the layout directory only: a symlinked blob cannot lead out. */
        ms->fd = inroot_open(src->dirfd, name, O_RDONLY, 0);
        if (ms->fd < 0)
            return err_sys("open %s/%s", src->path, name);
        if (fstat(ms->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
            member_close(ms);
            return err_set("%s/%s: not a regular file", src->path, name);
        }
        ms->size = st.st_size;
        return 0;
    }
    bool found;
    ms->outer = seek_member(src, name, &found, &ms->size);
    return ms->outer ? 0 : -1;
}

int member_open_whole(const struct source *src, struct member_stream *ms)
{
    struct stat st;

    ms->outer = NULL;
    ms->fd = open(src->path, O_RDONLY | O_CLOEXEC);
    if (ms->fd < 0)
        return err_sys("open %s", src->path);
    ms->size = fstat(ms->fd, &st) == 0 ? st.st_size : -1;
    return 0;
}

ssize_t member_read(struct member_stream *ms, void *buf, size_t len)
{
    if (ms->outer) {
        la_ssize_t n = archive_read_data(ms->outer, buf, len);
        if (n < 0)
            return err_set("read: %s", archive_error_string(ms->outer));
        return n;
    }
    for (;;) {
        ssize_t n = read(ms->fd, buf, len);
        if (n >= 0 || errno != EINTR)
            return n < 0 ? err_sys("read") : n;
    }
}

void member_close(struct member_stream *ms)
{
    if (ms->outer)
        archive_read_free(ms->outer);
    if (ms->fd >= 0)
        close(ms->fd);
    ms->outer = NULL;
    ms->fd = -1;
}

int source_read_member(const struct source *src, const char *name, size_t max, char **data,
                       size_t *len)
{
    struct member_stream ms;
    char *buf;
    size_t used = 0;
    ssize_t n;

    *data = NULL;
    if (member_open(src, name, &ms) < 0)
        return -1;
    if (ms.size > (long long)max) {
        member_close(&ms);
        return err_set("%s in %s: %lld bytes, more than the %zu a metadata file may have", name,
                       src->path, ms.size, max);
    }
    buf = malloc(max + 1);
    if (!buf) {
        member_close(&ms);
        return err_sys("read %s", name);
    }
    while ((n = member_read(&ms, buf + used, max - used)) > 0)
        used += (size_t)n;
    if (n == 0 && used == max) {
        char extra;
        if (member_read(&ms, &extra, 1) > 0)
            n = err_set("%s in %s: larger than %zu bytes", name, src->path, max);
    }
    member_close(&ms);
    if (n < 0) {
        err_context("%s in %s", name, src->path);
        free(buf);
        return -1;
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}
