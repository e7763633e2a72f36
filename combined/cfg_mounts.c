/* config.json "mounts": the container's mount table (chapter 2.1.2). */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *join_options(json_t *options, const char *where, bool *bind, bool *ro)
{
    size_t len = 1, i;
    json_t *o;
    char *out;

    *bind = *ro = false;
    json_array_foreach(options, i, o) {
        if (!json_is_string(o) || !json_string_length(o) || strchr(json_string_value(o), ','))
            return err_set("%s.options[%zu]: expected one option word", where, i), NULL;
        len += json_string_length(o) + 1;
    }
    out = calloc(1, len);
    if (!out)
        return err_sys("%s", where), NULL;
    json_array_foreach(options, i, o) {
        const char *w = json_string_value(o);
        if (!strcmp(w, "bind") || !strcmp(w, "rbind"))
            *bind = true;
        if (!strcmp(w, "ro"))
            *ro = true;
        if (i)
            strcat(out, ",");
        strcat(out, w);
    }
    return out;
}

/* mounts[i].uidMappings/gidMappings: an id-mapped bind.  Both, since
 * the mount's ids come from one user namespace. */
static int parse_mount_idmaps(json_t *m, const char *where, struct oci_config *cfg, size_t i)
{
    struct idmaps *u = &cfg->mount_uid_maps[i], *g = &cfg->mount_gid_maps[i];
    char *p = cfg->mount_idmap_shown[i];
    size_t len = sizeof(cfg->mount_idmap_shown[i]), used = 0;

    memset(u, 0, sizeof(*u));
    memset(g, 0, sizeof(*g));
    p[0] = '\0';
    if (cfg_parse_idmaps(m, "uidMappings", where, u) < 0 ||
        cfg_parse_idmaps(m, "gidMappings", where, g) < 0)
        return -1;
    if (!u->count && !g->count)
        return 0;
    if (!u->count || !g->count)
        return err_set("%s: an id-mapped mount needs both uidMappings and gidMappings", where);
    /* util-linux's way of saying it: X-mount.idmap=u:FROM:TO:N g:... */
    for (size_t k = 0; k < u->count && used < len; k++)
        used += (size_t)snprintf(p + used, len - used, "%su:%u:%u:%u", used ? " " : "",
                                 u->m[k].inside, u->m[k].outside, u->m[k].count);
    for (size_t k = 0; k < g->count && used < len; k++)
        used += (size_t)snprintf(p + used, len - used, " g:%u:%u:%u", g->m[k].inside,
                                 g->m[k].outside, g->m[k].count);
    cfg->mounts[i].idmap_shown = p;
    return 0;
}

int cfg_parse_mounts(json_t *mounts, struct oci_config *cfg)
{
    static const char *const keys[] = { "destination", "type", "source", "options", "uidMappings",
                                        "gidMappings", NULL };
    json_t *m, *options;
    size_t i;

    json_array_foreach(mounts, i, m) {
        char where[32], *dest = NULL, *type = NULL, *source = NULL, *opts;
        struct mount_entry *e;
        bool bind, ro;

        snprintf(where, sizeof(where), "mounts[%zu]", i);
        if (!json_is_object(m))
            return err_set("%s: expected an object", where);
        if (cfg_only_keys(m, where, keys) < 0)
            return -1;
        if (cfg_need(cfg_string(m, "destination", where, &dest), where, "destination") < 0)
            return -1;
        if (dest[0] != '/') {
            err_set("%s.destination: \"%s\" must be an absolute path", where, dest);
            free(dest);
            return -1;
        }
        if (cfg_string(m, "type", where, &type) < 0 || cfg_string(m, "source", where, &source) < 0 ||
            cfg_array(m, "options", where, &options) < 0) {
            free(dest);
            free(type);
            free(source);
            return -1;
        }
        opts = join_options(options, where, &bind, &ro);
        if (!opts) {
            free(dest), free(type), free(source);
            return -1;
        }
        if (cfg->mounts_count == CFG_MAX_MOUNTS) {
            free(dest), free(type), free(source), free(opts);
            return err_set("mounts: more than %d", CFG_MAX_MOUNTS);
        }
        e = &cfg->mounts[cfg->mounts_count++];
        e->target = dest;
        e->options = opts;
        e->kind = MOUNT_FS;
        if (bind || (type && !strcmp(type, "bind"))) {
            free(type);
            e->fstype = NULL;
            if (!source)
                return err_set("%s.source: a bind mount needs a source", where);
            e->source = source;
            if (parse_mount_idmaps(m, where, cfg, cfg->mounts_count - 1) < 0)
                return -1;
        } else if (json_object_get(m, "uidMappings") || json_object_get(m, "gidMappings")) {
            free(type), free(source);
            return err_set("%s: uidMappings/gidMappings are for bind mounts (an id-mapped mount "
                           "shows a directory that exists)", where);
        } else if (type && (!strcmp(type, "cgroup") || !strcmp(type, "cgroup2")) &&
                   !strcmp(dest, "/sys/fs/cgroup")) {
            /* The cgroup tree is the host's hierarchies (chapter 2.1.2). */
            free(type);
            free(source);
            free(opts);
            e->kind = MOUNT_CGROUP_TREE;
            e->source = strdup("tmpfs");
            e->fstype = strdup("tmpfs");
            e->options = strdup(ro ? "ro,nosuid,nodev,noexec,relatime,mode=755"
                                   : "rw,nosuid,nodev,noexec,relatime,mode=755");
        } else {
            if (!type) {
                free(source);
                return err_set("%s.type: missing (and the options do not say bind)", where);
            }
            e->fstype = type;
            e->source = source ? source : strdup(type);
        }
    }
    return 0;
}
