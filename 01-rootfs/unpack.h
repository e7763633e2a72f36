/* 2.1.1 step 1: 下载镜像，导出，解压生成OCI-rootfs文件目录. */
#ifndef MINIRUNC_UNPACK_H
#define MINIRUNC_UNPACK_H

/* Unpack the image at SOURCE (an OCI image layout directory or tar, a
 * `docker save` tar, or a flat rootfs tar/tar.gz) into DIR, a new or empty
 * directory.  On failure DIR is put back as it was. */
int unpack_image(const char *source, const char *dir);

#endif
