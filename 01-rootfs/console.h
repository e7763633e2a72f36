/* 2.1.2: the /dev/console row. */
#ifndef MINIRUNC_CONSOLE_H
#define MINIRUNC_CONSOLE_H

#include "root_ctx.h"

/* Bind the terminal on stdin (a pty slave) onto TARGET inside the root, so
 * that the container's /dev/console is the terminal it talks to.  Without a
 * terminal there is nothing to bind: the row is skipped with a note, as
 * runc skips it when process.terminal is false. */
int console_mount(const struct root_ctx *rc, const char *target);

#endif
