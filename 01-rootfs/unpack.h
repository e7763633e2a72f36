/* 2.1.1 step 1: 下载镜像，导出，解压生成OCI-rootfs文件目录. */
#ifndef MINIRUNC_UNPACK_H
#define MINIRUNC_UNPACK_H

#include <stdbool.h>

/* Unpack the image at SOURCE (an OCI image layout directory or tar, a
 * `docker save` tar, or a flat rootfs tar/tar.gz) into DIR, a new or empty
 * directory.  On failure DIR is put back as it was. */
int unpack_image(const char *source, const char *dir);

/* A progress meter's feed, called as each layer is read: bytes DONE of
 * TOTAL of layer INDEX of COUNT, and once with FINAL when the layer is done
 * or given up.  The library prints nothing itself; NULL (the default):
 * no meter. */
typedef void unpack_progress_fn(int index, int count, long long done, long long total, bool final);
void unpack_set_progress(unpack_progress_fn *fn);

#endif
