/* What every chapter needs to know about cgroup file systems. */
#ifndef MINIRUNC_CGROUPFS_H
#define MINIRUNC_CGROUPFS_H

#include <stddef.h>

/* From the super-block options of a cgroup v1 mount ("rw,xattr,memory",
 * "rw,release_agent=...,name=systemd") keep the words that name the
 * hierarchy ("memory", "name=systemd"), comma separated, into OUT. */
void cgroup_v1_hierarchy_words(const char *super_opts, char *out, size_t len);

#endif
