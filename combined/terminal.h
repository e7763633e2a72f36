/* 2.5 terminal: process.terminal, the way runc does it.
 *
 * The pty is opened *inside* the container, in its own devpts instance
 * (after pivot_root, or after setns into its mount namespace for exec), so
 * the process sees /dev/pts/0 and /dev/console is that pty.  The master
 * travels back to the runtime over the socketpair (SCM_RIGHTS); the runtime
 * hands it to --console-socket, or relays it itself in the foreground. */
#ifndef MINIRUNC_TERMINAL_H
#define MINIRUNC_TERMINAL_H

#include <stddef.h>

/* Inside the container: open a pty, bind its slave over /dev/console when
 * BIND_CONSOLE, send the master over SOCK as a message of KIND, and make
 * the slave our controlling terminal and fds 0, 1, 2. */
int terminal_setup(int sock, char kind, int bind_console);

/* Send FD over SOCK (SCM_RIGHTS) with the one-byte message KIND. */
int fd_send(int sock, char kind, int fd);
/* Receive a message that may carry an fd: returns its kind ('\0' on EOF),
 * its text in BUF, the fd in *FD (-1 when none came). */
char fd_recv(int sock, char *buf, size_t len, int *fd);

/* runc's console-socket protocol: connect to PATH, send the pty master. */
int console_send(const char *path, int master);

#endif
