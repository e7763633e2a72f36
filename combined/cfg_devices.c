/* config.json "linux.devices": device nodes beyond the standard ones
 * (2.1.2), e.g. what podman --device and --privileged pass. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"
#include "inroot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_one(json_t *d, const char *where, struct dev_node *out)
{
    static const char *const keys[] = { "path", "type", "major", "minor", "fileMode", "uid",
                                        "gid", NULL };
    char *path = NULL, *type = NULL;
    int64_t major = 0, minor = 0, mode = 0666, uid = 0, gid = 0;
    int ret = -1;

    if (!json_is_object(d))
        return err_set("%s: expected an object", where);
    if (cfg_only_keys(d, where, keys) < 0 ||
        cfg_need(cfg_string(d, "path", where, &path), where, "path") < 0 ||
        cfg_need(cfg_string(d, "type", where, &type), where, "type") < 0 ||
        /* podman sends the whole st_mode (S_IFCHR|0666): the type is ours
         * to take from "type", the permission bits from here. */
        cfg_int(d, "fileMode", where, 0, 0177777, &mode) < 0 ||
        cfg_int(d, "uid", where, 0, UINT32_MAX - 1, &uid) < 0 ||
        cfg_int(d, "gid", where, 0, UINT32_MAX - 1, &gid) < 0)
        goto out;
    if (path[0] != '/' || path_has_dotdot(path) || strlen(path) >= sizeof(out->path) ||
        !strcmp(path, "/")) {
        err_set("%s.path \"%s\": expected an absolute path without \"..\"", where, path);
        goto out;
    }
    if (strlen(type) != 1 || !strchr("cubp", type[0])) {
        err_set("%s.type \"%s\": expected c, u, b or p", where, type);
        goto out;
    }
    /* A FIFO has no numbers; a device must have both. */
    if (type[0] != 'p' &&
        (cfg_need(cfg_int(d, "major", where, 0, 0xfff, &major), where, "major") < 0 ||
         cfg_need(cfg_int(d, "minor", where, 0, 0xfffff, &minor), where, "minor") < 0))
        goto out;
    memset(out, 0, sizeof(*out));
    snprintf(out->path, sizeof(out->path), "%s", path);
    out->type = type[0] == 'u' ? 'c' : type[0];
    out->major = (unsigned)major;
    out->minor = (unsigned)minor;
    out->mode = (unsigned)mode & 07777;
    out->uid = (unsigned)uid;
    out->gid = (unsigned)gid;
    ret = 0;
out:
    free(path);
    free(type);
    return ret;
}

int cfg_parse_devices(json_t *devices, struct oci_config *cfg)
{
    json_t *d;
    size_t i;

    json_array_foreach(devices, i, d) {
        char where[48];
        snprintf(where, sizeof(where), "linux.devices[%zu]", i);
        if (cfg->devices_count == CFG_MAX_DEVICES)
            return err_set("linux.devices: more than %d", CFG_MAX_DEVICES);
        if (parse_one(d, where, &cfg->devices[cfg->devices_count]) < 0)
            return -1;
        cfg->devices_count++;
    }
    return 0;
}
