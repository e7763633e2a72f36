/* Writing to /proc safely from inside a container (runc's CVE-2025-52881).
 *
 * A runtime writes to /proc/sys/... (linux.sysctl) and
 * /proc/PID/oom_score_adj from inside the container, after the config's
 * mounts are in place.  A mount over one of those paths (a bind of some
 * other file, even another procfs file) would take the write elsewhere.
 * proc_open resolves the path below a /proc that is procfs, without
 * crossing any mount point and without following any symlink: a path
 * with something mounted on it is refused (EXDEV), never written. */
#ifndef MINIRUNC_PROCFS_H
#define MINIRUNC_PROCFS_H

/* Open /proc/REL ("sys/kernel/domainname", "1/oom_score_adj") with
 * FLAGS.  Returns the fd, or -1 with the reason recorded. */
int proc_open(const char *rel, int flags);

#endif
