/* 2.1.2: what goes into the /dev tmpfs. */
#ifndef MINIRUNC_DEVICES_H
#define MINIRUNC_DEVICES_H

#include "root_ctx.h"

/* The standard device nodes (null, zero, full, random, urandom, tty) and
 * links (fd, stdin, stdout, stderr, ptmx, core) every container expects in
 * /dev.  Where mknod is not allowed (a user namespace), the host's node is
 * bind mounted instead. */
int devices_populate(const struct root_ctx *rc);

#endif
