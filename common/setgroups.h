/* Whether setgroups(2) may be called at all in this user namespace.
 *
 * A gid map written by a process without CAP_SETGID over the parent
 * namespace (a runtime run without root) must first deny setgroups for
 * good (user_namespaces(7)): /proc/self/setgroups then says "deny", and
 * every setgroups() fails with EPERM, even one that drops all groups. */
#ifndef MINIRUNC_SETGROUPS_H
#define MINIRUNC_SETGROUPS_H

#include <stdbool.h>

bool setgroups_denied(void);

#endif
