#include "error.h"
#include "passwd.h"
#include "procenv.h"
#include "setgroups.h"
#include "trace.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "05-env"

static bool is_number(const char *s, unsigned long *out)
{
    char *end;

    if (!*s)
        return false;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return !errno && !*end && *out <= 0xfffffffeUL;
}

static int resolve_group(const char *group_text, const char *name, gid_t *gid)
{
    unsigned long n;

    if (group_text && group_find(group_text, name, gid) == 1)
        return 0;
    if (is_number(name, &n)) {
        *gid = (gid_t)n;
        return 0;
    }
    return err_set("group \"%s\": not in the root's /etc/group, and not a number", name);
}

static int add_group(struct identity *id, gid_t gid)
{
    for (size_t i = 0; i < id->groups_count; i++)
        if (id->groups[i] == gid)
            return 0;
    if (id->groups_count == PROCENV_MAX_GROUPS)
        return err_set("more than %d additional groups", PROCENV_MAX_GROUPS);
    id->groups[id->groups_count++] = gid;
    return 0;
}

int identity_resolve(int rootfd, const char *user, const char *groups, struct identity *id)
{
    char *passwd = read_in_root(rootfd, "/etc/passwd");
    char *group = read_in_root(rootfd, "/etc/group");
    struct user_entry entry;
    char spec[512], *colon;
    unsigned long n = 0;
    bool numeric;
    int found = 0, ret = -1;

    memset(id, 0, sizeof(*id));
    snprintf(id->home, sizeof(id->home), "/");
    id->uid = getuid();
    id->gid = getgid();
    if (user) {
        id->change = true;
        snprintf(spec, sizeof(spec), "%s", user);
        colon = strchr(spec, ':');
        if (colon)
            *colon = '\0';
        /* A name must be in the root's passwd; a number need not be. */
        numeric = is_number(spec, &n);
        if (passwd)
            found = passwd_find(passwd, numeric ? NULL : spec, (uid_t)n, &entry);
        if (found < 0)
            goto out;
        if (!found && !numeric) {
            err_set("user \"%s\": not in the root's /etc/passwd, and not a number", spec);
            goto out;
        }
        id->uid = found ? entry.uid : (uid_t)n;
        /* Without a group: the user's own, or 0 for an unknown uid (as Docker does). */
        id->gid = found ? entry.gid : 0;
        if (colon && resolve_group(group, colon + 1, &id->gid) < 0)
            goto out;
        if (found && group) {
            gid_t member[PROCENV_MAX_GROUPS];
            size_t count = group_memberships(group, entry.name, member, PROCENV_MAX_GROUPS);
            for (size_t i = 0; i < count; i++)
                if (add_group(id, member[i]) < 0)
                    goto out;
        }
    } else if (passwd) {
        found = passwd_find(passwd, NULL, id->uid, &entry);
    }
    if (found == 1 && entry.home[0])
        snprintf(id->home, sizeof(id->home), "%s", entry.home);
    if (groups) {
        char *copy = strdup(groups), *save = NULL;
        if (!copy) {
            err_sys("--groups");
            goto out;
        }
        id->change = true;
        for (char *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
            gid_t gid;
            if (resolve_group(group, g, &gid) < 0 || add_group(id, gid) < 0) {
                free(copy);
                goto out;
            }
        }
        free(copy);
    }
    ret = 0;
out:
    free(passwd);
    free(group);
    return ret;
}

/* setuid/setgid to an id the user namespace does not map fails EINVAL:
 * say so (a namespace made without root maps only the caller, as 0). */
static int unmapped(const char *call, unsigned id)
{
    err_sys("%s(%u)", call, id);
    if (errno == EINVAL)
        err_hint("id %u is not mapped in this user namespace: without root only your own id "
                 "is, as 0; more need root, or newuidmap and /etc/subuid", id);
    return -1;
}

/* LAB user: 2.5 switch to the container's user: groups, gid, uid
 *  hint: nothing to do unless id->change; setgroups(id->groups_count,
 *        id->groups), then setgid(id->gid), then setuid(id->uid), in that
 *        order (after setuid none can change).  Where this user namespace
 *        denies setgroups (setgroups_denied) and there are no groups, skip
 *        it with a note; an id the namespace does not map fails with
 *        unmapped().
 *  trace: [05-env] setuid(1000)
 *  guide: docs/05-env.md#the-whole-picture-in-one-run */
int identity_apply(const struct identity *id)
{
    char list[PROCENV_MAX_GROUPS * 12] = "";
    size_t used = 0;

    if (!id->change)
        return 0;
    for (size_t i = 0; i < id->groups_count; i++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%u", i ? ", " : "",
                                 (unsigned)id->groups[i]);
    /* Groups, gid, uid: after setuid the process may change none of them.
     * In a user namespace mapped without root setgroups is denied for
     * good: no groups to drop is fine (the namespace maps none of the
     * caller's), groups to give are not (runc says the same). */
    bool denied = id->setgroups_denied || setgroups_denied();
    if (id->groups_count == 0 && denied) {
        trace(TAG, "# setgroups(0, []) skipped: this user namespace denies setgroups (its gid map was "
                   "written without root)");
    } else {
        trace(TAG, "setgroups(%zu, [%s])", id->groups_count, list);
        if (setgroups(id->groups_count, id->groups) < 0)
            return errno == EPERM && denied
                       ? err_set("additional gids [%s]: this user namespace denies setgroups (a gid "
                                 "map written without root)", list)
                       : err_sys("setgroups(%zu, [%s])", id->groups_count, list);
    }
    trace(TAG, "setgid(%u)", (unsigned)id->gid);
    if (setgid(id->gid) < 0)
        return unmapped("setgid", id->gid);
    trace(TAG, "setuid(%u)", (unsigned)id->uid);
    if (setuid(id->uid) < 0)
        return unmapped("setuid", id->uid);
    return 0;
}

int env_fill_defaults(struct envlist *env, const struct identity *id, bool tty)
{
    char host[256] = "";

    gethostname(host, sizeof(host) - 1);
    if (env_default(env, "PATH", DEFAULT_PATH) < 0 || env_default(env, "HOSTNAME", host) < 0 ||
        (tty && env_default(env, "TERM", "xterm") < 0) ||
        env_default(env, "HOME", id->home) < 0)
        return -1;
    return 0;
}
