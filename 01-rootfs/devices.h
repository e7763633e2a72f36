/* 2.1.2: what goes into the /dev tmpfs. */
#ifndef MINIRUNC_DEVICES_H
#define MINIRUNC_DEVICES_H

#include "dev_node.h"
#include "root_ctx.h"

#include <stddef.h>

/* The standard device nodes (null, zero, full, random, urandom, tty) and
 * links (fd, stdin, stdout, stderr, ptmx, core) every container expects in
 * /dev.  Where mknod is not allowed (a user namespace), the host's node is
 * bind mounted instead. */
int devices_populate(const struct root_ctx *rc);

/* Make each node (replacing what is at its path), with its mode and owner.
 * Where mknod is not allowed, the host's node at the same path is bind
 * mounted instead, as runc does in a user namespace. */
int devices_create(const struct root_ctx *rc, const struct dev_node *nodes, size_t count);

#endif
