/* Chapter 2.5 进程环境变量: the library part of bin/procenv, linked by
 * combined/.  Everything about the process itself that the OCI `process`
 * object sets: environment, cwd, user and groups, rlimits, umask,
 * oom_score_adj, terminal — and which fds it may inherit (none above 2). */
#ifndef MINIRUNC_PROCENV_H
#define MINIRUNC_PROCENV_H

#include "envlist.h"
#include "rlimits.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define PROCENV_MAX_RLIMITS 16
#define PROCENV_MAX_GROUPS 64
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct procenv_spec {
    const char *root;      /* the container's root; NULL: "/" (no chroot) */
    struct envlist env;    /* given variables only */
    bool no_defaults;      /* --clear-env: not even PATH, HOME, ... */
    const char *cwd;       /* NULL: "/" with a root, else unchanged */
    const char *user;      /* "UID[:GID]" or "NAME[:GROUP]", from the root's files; NULL: keep */
    const char *groups;    /* extra groups "GID,NAME,..." */
    struct rlimit_req rlimits[PROCENV_MAX_RLIMITS];
    size_t rlimits_count;
    bool set_umask;
    mode_t umask;
    bool set_oom_score_adj;
    int oom_score_adj;
    bool tty;
    int preserve_fds;      /* fds 3 .. 3+N-1 pass on (runc --preserve-fds) */
    char *const *argv;
};

/* The identity the process takes, resolved from the root's /etc/passwd and
 * /etc/group. */
struct identity {
    bool change;
    uid_t uid;
    gid_t gid;
    gid_t groups[PROCENV_MAX_GROUPS];
    size_t groups_count;
    char home[1024];
    /* setgroups(2) is denied in this user namespace (setgroups.h), when
     * known before a chroot; false: ask /proc then. */
    bool setgroups_denied;
};

int identity_resolve(int rootfd, const char *user, const char *groups, struct identity *out);

/* setgroups, setgid, setuid: in that order. */
int identity_apply(const struct identity *id);

/* Fill what a runtime fills when absent: PATH, HOSTNAME, TERM (with a
 * tty), HOME (the user's, or "/"). */
int env_fill_defaults(struct envlist *env, const struct identity *id, bool tty);

/* The pieces procenv_run is made of, for a runtime that interleaves its
 * own steps (capabilities, seccomp) between them. */
int procenv_set_rlimits(const struct procenv_spec *spec);
int procenv_set_oom_score_adj(int value);
/* cd to spec->cwd and find argv[0] on the container's PATH (into PATH_OUT).
 * Returns 0, or the exit status to use (1, 126, 127). */
int procenv_find_command(struct procenv_spec *spec, char *path_out, size_t len);
/* Trace the environment, close every fd above 2 on exec, exec PATH.
 * Returns only on failure, with the exit status to use. */
int procenv_exec(struct procenv_spec *spec, const char *path);
/* The two halves, for a caller with a step between them (a runtime loads
 * the container's seccomp filter there): close-on-exec every fd above 2
 * and the preserved ones; then trace the environment and execve alone. */
int procenv_close_fds(const struct procenv_spec *spec);
int procenv_execve(struct procenv_spec *spec, const char *path);

/* Set up the process and exec argv[0].  Returns only on failure: -1 with
 * the error recorded, or 126/127 (recorded too) when the command cannot be
 * found or run — or, with a tty, the command's own status once it ends. */
int procenv_run(struct procenv_spec *spec);

#endif
