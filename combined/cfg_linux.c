/* config.json "linux": namespaces and id maps (2.2), masked and read-only
 * paths (2.1.2), sysctl, cgroups (2.3), seccomp. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"
#include "nsflags.h"

#include <sched.h>
#include <sys/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_namespaces(json_t *lin, struct oci_config *cfg)
{
    static const struct { const char *oci, *ours; } names[] = {
        { "mount", "mnt" }, { "uts", "uts" }, { "ipc", "ipc" }, { "pid", "pid" },
        { "network", "net" }, { "user", "user" }, { "cgroup", "cgroup" }, { "time", "time" },
    };
    json_t *list, *ns;
    size_t i;

    if (cfg_array(lin, "namespaces", "linux", &list) < 0)
        return -1;
    json_array_foreach(list, i, ns) {
        char where[40], *type = NULL, *path = NULL;
        const struct ns_kind *kind = NULL;

        snprintf(where, sizeof(where), "linux.namespaces[%zu]", i);
        if (!json_is_object(ns) || cfg_need(cfg_string(ns, "type", where, &type), where, "type") < 0)
            return err_get()[0] ? -1 : err_set("%s: expected an object", where);
        for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++)
            if (!strcmp(type, names[n].oci))
                kind = ns_by_name(names[n].ours);
        if (!kind) {
            err_set("%s.type: unknown namespace \"%s\"", where, type);
            free(type);
            return -1;
        }
        free(type);
        if (config_namespace(cfg, kind->flag))
            return err_set("%s: namespace %s given twice", where, kind->name);
        if (cfg_string(ns, "path", where, &path) < 0)
            return -1;
        cfg->namespaces[cfg->namespaces_count].flag = kind->flag;
        cfg->namespaces[cfg->namespaces_count++].path = path;
    }
    return 0;
}

int cfg_parse_idmaps(json_t *obj, const char *key, const char *prefix, struct idmaps *out)
{
    json_t *list, *m;
    size_t i;

    if (cfg_array(obj, key, prefix, &list) < 0)
        return -1;
    json_array_foreach(list, i, m) {
        char where[64], text[64];
        int64_t c, h, s;

        snprintf(where, sizeof(where), "%s.%s[%zu]", prefix, key, i);
        if (!json_is_object(m) ||
            cfg_need(cfg_int(m, "containerID", where, 0, 0xffffffff, &c), where, "containerID") < 0 ||
            cfg_need(cfg_int(m, "hostID", where, 0, 0xffffffff, &h), where, "hostID") < 0 ||
            cfg_need(cfg_int(m, "size", where, 1, 0xffffffff, &s), where, "size") < 0)
            return err_get()[0] ? -1 : err_set("%s: expected an object", where);
        snprintf(text, sizeof(text), "%lld:%lld:%lld", (long long)c, (long long)h, (long long)s);
        if (idmap_add(out, text, where) < 0)
            return -1;
    }
    return 0;
}

static int parse_paths(json_t *lin, const char *key, char **out, size_t *count)
{
    json_t *list, *p;
    size_t i;

    if (cfg_array(lin, key, "linux", &list) < 0)
        return -1;
    json_array_foreach(list, i, p) {
        if (!json_is_string(p) || json_string_value(p)[0] != '/')
            return err_set("linux.%s[%zu]: expected an absolute path", key, i);
        if (*count == CFG_MAX_PATHS)
            return err_set("linux.%s: more than %d", key, CFG_MAX_PATHS);
        out[(*count)++] = strdup(json_string_value(p));
    }
    return 0;
}

static int parse_sysctl(json_t *lin, struct oci_config *cfg)
{
    json_t *obj, *v;
    const char *key;

    if (cfg_object(lin, "sysctl", "linux", &obj) < 0)
        return -1;
    json_object_foreach(obj, key, v) {
        if (!json_is_string(v))
            return err_set("linux.sysctl.%s: expected a string", key);
        /* A key is a path under /proc/sys: refuse anything that could climb out. */
        if (!*key || strstr(key, "..") || strchr(key, '/') == key || key[strlen(key) - 1] == '.')
            return err_set("linux.sysctl: bad key \"%s\"", key);
        if (cfg->sysctl_count == CFG_MAX_SYSCTL)
            return err_set("linux.sysctl: more than %d", CFG_MAX_SYSCTL);
        cfg->sysctl_keys[cfg->sysctl_count] = strdup(key);
        cfg->sysctl_values[cfg->sysctl_count++] = strdup(json_string_value(v));
    }
    return 0;
}

int cfg_parse_linux(json_t *lin, struct oci_config *cfg)
{
    static const char *const keys[] = { "namespaces", "uidMappings", "gidMappings", "resources",
                                        "cgroupsPath", "maskedPaths", "readonlyPaths", "sysctl",
                                        "seccomp", "rootfsPropagation", "devices", "mountLabel",
                                        "personality", "timeOffsets", "intelRdt", NULL };
    json_t *obj, *devices;
    char *s = NULL;

    if (!json_is_object(lin))
        return err_set("linux: expected an object");
    if (cfg_only_keys(lin, "linux", keys) < 0)
        return -1;
    if (cfg_array(lin, "devices", "linux", &devices) < 0)
        return -1;
    /* Intel RDT (and AMD's QoS) live in the resctrl file system: without
     * it nothing can apply the config's classes, and runc refuses too. */
    if (json_object_get(lin, "intelRdt")) {
        if (access("/sys/fs/resctrl/info", F_OK) != 0)
            return err_set("linux.intelRdt: this host has no resctrl file system (/sys/fs/resctrl): "
                           "Intel RDT is not supported or not enabled here");
        return err_set("linux.intelRdt: resctrl classes are not implemented by minirunc (refused "
                       "rather than ignored)");
    }
    if ((devices && cfg_parse_devices(devices, cfg) < 0) || cfg_parse_personality(lin, cfg) < 0 ||
        cfg_parse_time_offsets(lin, cfg) < 0)
        return -1;
    if (cfg_string(lin, "mountLabel", "linux", &s) == 0)
        snprintf(cfg->mount_label, sizeof(cfg->mount_label), "%s", s);
    free(s);
    s = NULL;
    if (cfg_string(lin, "rootfsPropagation", "linux", &s) == 0 && s[0]) {
        static const struct { const char *name; unsigned long flags; } kinds[] = {
            { "private", MS_PRIVATE }, { "rprivate", MS_PRIVATE | MS_REC },
            { "slave", MS_SLAVE },     { "rslave", MS_SLAVE | MS_REC },
            { "shared", MS_SHARED },   { "rshared", MS_SHARED | MS_REC },
            { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
        };
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            if (!strcmp(s, kinds[i].name))
                cfg->rootfs_propagation = kinds[i].flags;
        if (!cfg->rootfs_propagation) {
            err_set("linux.rootfsPropagation \"%s\": expected [r]private, [r]slave, [r]shared or "
                    "[r]unbindable", s);
            free(s);
            return -1;
        }
    }
    free(s);
    if (parse_namespaces(lin, cfg) < 0 || cfg_parse_idmaps(lin, "uidMappings", "linux", &cfg->uid_mappings) < 0 ||
        cfg_parse_idmaps(lin, "gidMappings", "linux", &cfg->gid_mappings) < 0 ||
        parse_paths(lin, "maskedPaths", cfg->masked, &cfg->masked_count) < 0 ||
        parse_paths(lin, "readonlyPaths", cfg->readonly, &cfg->readonly_count) < 0 ||
        parse_sysctl(lin, cfg) < 0 || cfg_string(lin, "cgroupsPath", "linux", &cfg->cgroups_path) < 0)
        return -1;
    if (cfg_object(lin, "resources", "linux", &obj) < 0)
        return -1;
    cg_limits_init(&cfg->resources);
    if (obj) {
        cfg->has_resources = true;
        if (cfg_parse_resources(obj, &cfg->resources) < 0)
            return -1;
    }
    if (cfg_object(lin, "seccomp", "linux", &obj) < 0)
        return -1;
    if (obj && cfg_parse_seccomp(obj, &cfg->seccomp) < 0)
        return -1;
    if ((cfg->uid_mappings.count || cfg->gid_mappings.count) && !config_namespace(cfg, CLONE_NEWUSER))
        return err_set("linux.uidMappings: given without a user namespace");
    if (config_namespace(cfg, CLONE_NEWUSER) && !config_namespace(cfg, CLONE_NEWUSER)->path &&
        (!cfg->uid_mappings.count || !cfg->gid_mappings.count))
        return err_set("linux.namespaces: a new user namespace needs uidMappings and gidMappings");
    return 0;
}
