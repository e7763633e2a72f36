/* The default rootfs: Debian's static busybox, made offline. */
#ifndef MINIRUNC_BUSYBOX_H
#define MINIRUNC_BUSYBOX_H

/* The static busybox the rootfs is made from. */
#define BUSYBOX_PATH "/bin/busybox"

/* Make a minimal rootfs in DIR (new or empty): busybox and its applet
 * links, /etc/passwd and /etc/group (root and an unprivileged "user",
 * uid/gid 1000), and the empty mount points of table 2.1.2. */
int busybox_rootfs(const char *dir);

#endif
