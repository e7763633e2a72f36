/* 2.2: maps a user without root may not write itself, written by
 * newuidmap(1)/newgidmap(1) (the uidmap package): setuid-root helpers that
 * check each range against /etc/subuid and /etc/subgid. */
#include "idmap.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "02-namespace"

extern char **environ;

bool idmap_is_self(const struct idmaps *maps, unsigned id)
{
    return maps->count == 1 && maps->m[0].count == 1 && maps->m[0].outside == id;
}

int idmap_write_helper(const char *helper, pid_t pid, const struct idmaps *maps)
{
    /* helper PID, then "inside outside count" for each range */
    char words[1 + 3 * IDMAP_MAX][16], pidw[16], shown[256];
    char *argv[2 + 3 * IDMAP_MAX + 1];
    size_t n = 0, used;
    pid_t child;
    int status, rc;

    snprintf(pidw, sizeof(pidw), "%d", (int)pid);
    argv[n++] = (char *)helper;
    argv[n++] = pidw;
    for (size_t i = 0; i < maps->count; i++) {
        snprintf(words[3 * i], sizeof(words[0]), "%u", maps->m[i].inside);
        snprintf(words[3 * i + 1], sizeof(words[0]), "%u", maps->m[i].outside);
        snprintf(words[3 * i + 2], sizeof(words[0]), "%u", maps->m[i].count);
        for (int k = 0; k < 3; k++)
            argv[n++] = words[3 * i + k];
    }
    argv[n] = NULL;
    used = (size_t)snprintf(shown, sizeof(shown), "%s", helper);
    for (size_t i = 1; i < n && used < sizeof(shown); i++)
        used += (size_t)snprintf(shown + used, sizeof(shown) - used, " %s", argv[i]);
    trace(TAG, "%s   # ranges beyond our own id: a setuid helper checks them against /etc/sub%cid",
          shown, helper[3] == 'u' ? 'u' : 'g');
    rc = posix_spawnp(&child, helper, NULL, NULL, argv, environ);
    if (rc != 0) {
        errno = rc;
        err_sys("%s", shown);
        if (rc == ENOENT)
            err_hint("a map of more than your own id needs %s, from the uidmap package, and a "
                     "range for you in /etc/sub%cid", helper, helper[3] == 'u' ? 'u' : 'g');
        return -1;
    }
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR)
            return err_sys("wait for %s", helper);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return err_set("%s failed (status %d): is each range yours in /etc/sub%cid?", shown,
                       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                       helper[3] == 'u' ? 'u' : 'g');
    return 0;
}
