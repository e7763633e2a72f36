/* 2.5: a terminal for the process (process.terminal). */
#ifndef MINIRUNC_TTY_H
#define MINIRUNC_TTY_H

#include <stddef.h>
#include <sys/types.h>

/* Open a new pseudo-terminal pair.  Both ends are opened here, before any
 * chroot: the container's root need not have a /dev/pts. */
int tty_open_pair(int *master, int *slave);

/* In the child: a new session, the slave as its controlling terminal and
 * as stdin, stdout and stderr. */
int tty_become_controlling(int slave);

/* In the parent: copy stdin to the master and the master to stdout until
 * CHILD exits; returns its wait status.  A terminal on stdin is put in raw
 * mode meanwhile (and restored). */
int tty_relay(int master, pid_t child);

#endif
