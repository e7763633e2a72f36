/* "tmpcopyup" (runc's mount option extension): a tmpfs mounted over a
 * directory of the image starts with a copy of what it hides, so that
 * `podman run --read-only` still finds the image's /run, /tmp, /var/tmp. */
#ifndef MINIRUNC_COPYUP_H
#define MINIRUNC_COPYUP_H

/* Copy the tree below directory FROMFD into directory TOFD: directories,
 * regular files, symlinks, with their modes, owners and times.  Other file
 * types (devices, sockets, fifos) are recreated with mknod.  SHOWN names
 * the target in messages. */
int copy_tree(int fromfd, int tofd, const char *shown);

/* chown/chmod directory TOFD like FROMFD. */
int copy_dir_attrs(int fromfd, int tofd, const char *shown);

#endif
