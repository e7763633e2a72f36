/* Step 3 of create (2.3): the container's cgroup, made and limited before
 * the init exists, so that it is limited from its first step. */
#include "creation.h"

#include "error.h"
#include "fault.h"
#include "trace.h"
#include "userns_self.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* cgroupsPath names where the container's cgroup goes; ours always live
 * under minirunc/, so "/minirunc/x" and "x" both mean minirunc/x. */
void cgroup_name(const struct oci_config *cfg, const char *id, char *out, size_t len)
{
    const char *p = cfg->cgroups_path;

    if (!p || !*p) {
        snprintf(out, len, "%s", id);
        return;
    }
    while (*p == '/')
        p++;
    if (!strncmp(p, CG_PARENT "/", strlen(CG_PARENT) + 1))
        p += strlen(CG_PARENT) + 1;
    snprintf(out, len, "%s", *p ? p : id);
}

/* 2.3: linux.devices nodes are usable in the container (rwm). */
static int allow_config_devices(const struct oci_config *cfg, struct cg_limits *l)
{
    for (size_t i = 0; i < cfg->devices_count; i++) {
        const struct dev_node *d = &cfg->devices[i];
        if (d->type == 'p' ||
            cg_devices_allow(l->devices, l->devices_count, d->type, d->major, d->minor,
                             CG_DEV_MKNOD | CG_DEV_READ | CG_DEV_WRITE))
            continue;
        if (l->devices_count == CG_MAX_DEVICE_RULES)
            return err_set("linux.devices: more than %d device rules in all (the config's, the "
                           "standard ones and one per device)", CG_MAX_DEVICE_RULES);
        l->devices[l->devices_count++] =
            (struct cg_device_rule){ true, d->type, (long)d->major, (long)d->minor, "rwm" };
    }
    return 0;
}

/* The device rules: the config's own, then the devices most programs need,
 * then the nodes linux.devices makes, as runc does (unless a rule allows
 * them already: --privileged's "a"). */
static int device_rules(const struct oci_config *cfg, struct cg_limits *limits)
{
    static const struct cg_device_rule std[] = {
        { true, 'c', 1, 3, "rwm" },   { true, 'c', 1, 5, "rwm" },  { true, 'c', 1, 7, "rwm" },
        { true, 'c', 1, 8, "rwm" },   { true, 'c', 1, 9, "rwm" },  { true, 'c', 5, 0, "rwm" },
        { true, 'c', 5, 1, "rwm" },   { true, 'c', 5, 2, "rwm" },  { true, 'c', 136, -1, "rwm" },
    };

    if (!limits->devices_count)
        return 0;
    for (size_t i = 0; i < sizeof(std) / sizeof(std[0]) && limits->devices_count < CG_MAX_DEVICE_RULES; i++)
        limits->devices[limits->devices_count++] = std[i];
    return allow_config_devices(cfg, limits);
}

int make_cgroup(struct creation *c)
{
    struct cg_limits limits;
    char name[256];

    if (c->o->upto < UPTO_CGROUPS) {
        trace_note("03-cgroups", "--upto %d: 2.3 left out: no cgroup, no limits", c->o->upto);
        return 0;
    }
    if (!c->cfg.has_resources)
        return 0;
    snprintf(name, sizeof(name), "%s", c->st.cgroup);
    if (!creation_mounts(c) || cg_detect_from(&c->mounts, &c->host) < 0)
        return -1;
    if (c->systemd) {
        /* systemd makes it, once the init exists (join_systemd_scope). */
        c->scope_limits = c->cfg.resources;
        if (cg_open_systemd(&c->cg, &c->host, name) < 0 || device_rules(&c->cfg, &c->scope_limits) < 0)
            return -1;
        trace_note("03-cgroups", "--systemd-cgroup: systemd makes %s once the init exists",
                   c->scope.path);
        return 0;
    }
    if (cg_open(&c->cg, &c->host, name) < 0) {
        err_context("linux.cgroupsPath \"%s\"", c->cfg.cgroups_path ? c->cfg.cgroups_path : c->id);
        return -1;
    }
    if (cg_create(&c->cg) < 0) {
        bool rootless = geteuid() != 0 || userns_is_child();
        struct cg_limits asked = c->cfg.resources;

        /* Without root (or as root of a user's user namespace: rootless
         * podman) the tree is not ours, unless delegated.  A config that
         * asks for no limit but device rules (podman's default) runs
         * without a cgroup, as runc's does, when it runs in a user
         * namespace: no device node can be made there anyway. */
        asked.devices_count = 0;
        if (rootless && cg_limits_empty(&asked) &&
            (userns_is_child() || config_namespace(&c->cfg, CLONE_NEWUSER))) {
            trace_note("03-cgroups", "no cgroup (%s): the config asks for no limit but device rules, "
                                     "and a user namespace cannot make device nodes",
                       err_get());
            err_clear();
            c->st.cgroup[0] = '\0';
            return 0;
        }
        if (rootless)
            err_context("linux.resources: cgroup limits need root or a delegated cgroup v2 subtree "
                        "(minirunc spec --rootless writes a config without them)");
        return -1;
    }
    c->have_cg = true;
    if (FAULT("create:cgroup") < 0)
        return -1;
    limits = c->cfg.resources;
    if (device_rules(&c->cfg, &limits) < 0 || cg_set(&c->cg, &limits) < 0 ||
        FAULT("create:limits") < 0)
        return -1;
    return state_set_devices(&c->st, limits.devices, limits.devices_count);
}


/* Step 4b, --systemd-cgroup (2.3, who owns the cgroup tree): systemd makes
 * the scope with the init in it, and the limits it knows; the cgroupfs
 * writes follow for the rest (device rules among them), as runc's systemd
 * driver does.  The init waits for our 'G' before it looks at cgroups. */
int join_systemd_scope(struct creation *c)
{
    if (!c->systemd)
        return 0;
    const char *mount;
    /* systemd's names for the v2 files where the controllers are on v2;
     * on a v1 or hybrid host the v1 subset. */
    bool v2 = cg_where(&c->host, "memory", &mount) == 2;

    if (systemd_scope_start(&c->scope, c->pid, &c->scope_limits, c->id, v2, &c->scope_started) < 0)
        return -1;
    c->have_cg = true;
    if (cg_complete_scope(&c->cg, c->pid) < 0 || cg_set(&c->cg, &c->scope_limits) < 0 ||
        FAULT("create:limits") < 0)
        return -1;
    return state_set_devices(&c->st, c->scope_limits.devices, c->scope_limits.devices_count);
}
