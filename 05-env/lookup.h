/* 2.5: finding the command on the container's PATH, not the host's. */
#ifndef MINIRUNC_LOOKUP_H
#define MINIRUNC_LOOKUP_H

#include <stddef.h>

/* What a shell answers when a command cannot run. */
#define EXIT_NOT_FOUND 127
#define EXIT_CANNOT_EXEC 126

/* Find CMD the way execvp would, but inside the root ROOTFD: a CMD with a
 * '/' is taken as it is (relative to CWD), otherwise each directory of
 * PATH is tried in order.  On success writes the path to OUT and returns 0;
 * otherwise records a message and returns EXIT_NOT_FOUND (nothing there)
 * or EXIT_CANNOT_EXEC (a directory, or not executable). */
int cmd_lookup(int rootfd, const char *cwd, const char *path, const char *cmd, char *out,
               size_t outlen);

#endif
