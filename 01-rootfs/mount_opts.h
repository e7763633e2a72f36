/* 2.1.2: the "参数" (options) column of the mount table.
 *
 * "rw,nosuid,size=65536k,mode=755" is two things for mount(2): flags the
 * VFS understands (MS_NOSUID) and a data string the file system parses
 * ("size=65536k,mode=755").  This splits one into the other, as mount(8)
 * does. */
#ifndef MINIRUNC_MOUNT_OPTS_H
#define MINIRUNC_MOUNT_OPTS_H

#include <stddef.h>

struct mount_opts {
    unsigned long flags;       /* MS_* for mount(2), without propagation */
    unsigned long propagation; /* MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_UNBINDABLE (| MS_REC) or 0 */
    int tmpcopyup;             /* runc's "tmpcopyup": fill a new tmpfs with what it covers */
    char data[512];            /* the rest, comma separated, for the file system */
};

/* Parse a comma separated option list.  Returns -1 (message names the
 * option) when the data part does not fit or an option is empty. */
int mount_opts_parse(const char *options, struct mount_opts *out);

/* Append one option word ("nosuid", "size=64k", "rbind") to OUT. */
int mount_opts_add(struct mount_opts *out, const char *word);

/* The flags back as mount(8) -o words ("ro,nosuid,nodev"), for the trace. */
void mount_opts_flags_str(unsigned long flags, char *buf, size_t len);

#endif
