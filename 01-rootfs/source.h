/* Where an image's files come from: a directory (an OCI image layout on
 * disk) or a tar (an OCI layout tar, a `docker save` tar).  Member names
 * come from the image's own JSON and are hostile: they are checked here. */
#ifndef MINIRUNC_SOURCE_H
#define MINIRUNC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct archive;

struct source {
    const char *path;
    bool is_dir;
    int dirfd; /* is_dir: the directory */
};

struct member_stream {
    int fd;                 /* a file in a directory source, or a flat tar */
    struct archive *outer;  /* a tar source, positioned at the member */
    long long size;         /* bytes in the member, -1 when unknown */
};

int source_open(struct source *src, const char *path);
void source_close(struct source *src);

/* True when the source has a member called NAME. */
bool source_has(const struct source *src, const char *name);

/* Read a whole (small) member into a NUL-terminated buffer. */
int source_read_member(const struct source *src, const char *name, size_t max, char **data,
                       size_t *len);

/* Open a member for streaming (a layer blob). */
int member_open(const struct source *src, const char *name, struct member_stream *ms);
/* Open the whole source file as one stream (a flat rootfs tar). */
int member_open_whole(const struct source *src, struct member_stream *ms);
ssize_t member_read(struct member_stream *ms, void *buf, size_t len);
void member_close(struct member_stream *ms);

/* Names in an archive ("./blobs/x", "blobs//x") compared the same way. */
const char *member_name_normal(const char *name);

#endif
