/* 2.5: users and groups as the container knows them — from the root's own
 * /etc/passwd and /etc/group, never the host's (getpwnam would read the
 * host's files). */
#ifndef MINIRUNC_PASSWD_H
#define MINIRUNC_PASSWD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct user_entry {
    char name[256];
    uid_t uid;
    gid_t gid;
    char home[1024];
};

/* Find a user by name or by uid in passwd-format TEXT.  Returns 1 when
 * found, 0 when not, -1 on a malformed line. */
int passwd_find(const char *text, const char *name, uid_t uid, struct user_entry *out);

/* Find a group's gid by name in group-format TEXT (1 found, 0 not). */
int group_find(const char *text, const char *name, gid_t *gid);

/* The gids of the groups in TEXT that list USER as a member. */
size_t group_memberships(const char *text, const char *user, gid_t *out, size_t max);

/* Read a (small) file inside the root; NULL with errno ENOENT when absent. */
char *read_in_root(int rootfd, const char *path);

#endif
