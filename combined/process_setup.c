#include "process_setup.h"

#include "error.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void process_cap_plan(const struct cfg_process *p, struct cap_plan *out)
{
    memset(out, 0, sizeof(*out));
    out->set_caps = p->has_caps;
    out->separate_sets = true;
    out->keep = p->bounding;
    out->effective = p->effective;
    out->permitted = p->permitted;
    out->inheritable = p->inheritable;
    out->ambient = p->ambient;
    out->no_new_privs = p->no_new_privileges;
}

int process_identity(const struct cfg_process *p, struct identity *out)
{
    char user[64], groups[64 * 12] = "";
    size_t used = 0;
    int rootfd, ret;

    snprintf(user, sizeof(user), "%u:%u", (unsigned)p->uid, (unsigned)p->gid);
    for (size_t i = 0; i < p->additional_gids_count; i++)
        used += (size_t)snprintf(groups + used, sizeof(groups) - used, "%s%u", i ? "," : "",
                                 (unsigned)p->additional_gids[i]);
    rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return err_sys("open /");
    ret = identity_resolve(rootfd, user, groups[0] ? groups : NULL, out);
    close(rootfd);
    /* setgroups even without additional gids: root's groups must not stay. */
    out->change = true;
    return ret;
}
