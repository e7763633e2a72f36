/* config.json "linux.resources": chapter 2.3's limits. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* OCI limits are bytes, with -1 for "no limit". */
static int limit(json_t *obj, const char *key, const char *where, int64_t *out)
{
    int64_t v;
    int r = cfg_int(obj, key, where, -1, INT64_MAX, &v);

    if (r == 0)
        *out = v < 0 ? CG_UNLIMITED : v;
    return r < 0 ? -1 : 0;
}

static int parse_devices(json_t *res, struct cg_limits *out)
{
    json_t *list, *d;
    size_t i;

    if (cfg_array(res, "devices", "linux.resources", &list) < 0)
        return -1;
    json_array_foreach(list, i, d) {
        char where[48], *type = NULL, *access = NULL;
        struct cg_device_rule *r;
        bool allow = false;
        int64_t major = -1, minor = -1;

        snprintf(where, sizeof(where), "linux.resources.devices[%zu]", i);
        if (!json_is_object(d) || cfg_need(cfg_bool(d, "allow", where, &allow), where, "allow") < 0)
            return err_get()[0] ? -1 : err_set("%s: expected an object", where);
        if (cfg_string(d, "type", where, &type) < 0 || cfg_string(d, "access", where, &access) < 0 ||
            cfg_int(d, "major", where, -1, 0xfffff, &major) < 0 ||
            cfg_int(d, "minor", where, -1, 0xfffff, &minor) < 0) {
            free(type);
            return -1;
        }
        if (out->devices_count == CG_MAX_DEVICE_RULES) {
            free(type), free(access);
            return err_set("linux.resources.devices: more than %d rules", CG_MAX_DEVICE_RULES);
        }
        r = &out->devices[out->devices_count++];
        r->allow = allow;
        r->type = type ? type[0] : 'a';
        r->major = major;
        r->minor = minor;
        snprintf(r->access, sizeof(r->access), "%s", access ? access : "rwm");
        if ((r->type != 'a' && r->type != 'b' && r->type != 'c') || (type && strlen(type) != 1) ||
            strspn(r->access, "rwm") != strlen(r->access) || !r->access[0]) {
            err_set("%s: type must be a, b or c and access made of r, w, m", where);
            free(type), free(access);
            return -1;
        }
        free(type);
        free(access);
    }
    return 0;
}

/* blockIO.throttle*Device: [{major, minor, rate}], rate 0 for no limit. */
static int parse_throttle(json_t *io, const char *key, enum cg_io_kind kind, struct cg_limits *out)
{
    static const char *const keys[] = { "major", "minor", "rate", NULL };
    char where[80];
    json_t *list, *d;
    size_t i;

    snprintf(where, sizeof(where), "linux.resources.blockIO.%s", key);
    if (cfg_array(io, key, "linux.resources.blockIO", &list) < 0)
        return -1;
    json_array_foreach(list, i, d) {
        struct cg_io_limit *l;
        int64_t major, minor, rate;
        char at[96];

        snprintf(at, sizeof(at), "%s[%zu]", where, i);
        if (!json_is_object(d))
            return err_set("%s: expected an object", at);
        if (cfg_only_keys(d, at, keys) < 0 ||
            cfg_need(cfg_int(d, "major", at, 0, 0xfffff, &major), at, "major") < 0 ||
            cfg_need(cfg_int(d, "minor", at, 0, 0xfffff, &minor), at, "minor") < 0 ||
            cfg_need(cfg_int(d, "rate", at, 0, INT64_MAX, &rate), at, "rate") < 0)
            return -1;
        if (out->io_limits_count == CG_MAX_IO_LIMITS)
            return err_set("linux.resources.blockIO: more than %d throttle entries", CG_MAX_IO_LIMITS);
        l = &out->io_limits[out->io_limits_count++];
        l->major = major;
        l->minor = minor;
        l->kind = kind;
        l->rate = rate ? rate : CG_UNLIMITED;
    }
    return 0;
}

/* blockIO.weightDevice: [{major, minor, weight, leafWeight}]. */
static int parse_weight_devices(json_t *io, struct cg_limits *out)
{
    static const char *const keys[] = { "major", "minor", "weight", "leafWeight", NULL };
    json_t *list, *d;
    size_t i;

    if (cfg_array(io, "weightDevice", "linux.resources.blockIO", &list) < 0)
        return -1;
    json_array_foreach(list, i, d) {
        struct cg_io_weight *w;
        int64_t major, minor, weight = CG_UNSET;
        char at[80];

        snprintf(at, sizeof(at), "linux.resources.blockIO.weightDevice[%zu]", i);
        if (!json_is_object(d))
            return err_set("%s: expected an object", at);
        if (cfg_only_keys(d, at, keys) < 0 ||
            cfg_need(cfg_int(d, "major", at, 0, 0xfffff, &major), at, "major") < 0 ||
            cfg_need(cfg_int(d, "minor", at, 0, 0xfffff, &minor), at, "minor") < 0 ||
            cfg_int(d, "weight", at, 10, 1000, &weight) < 0)
            return -1;
        /* leafWeight is deprecated (and gone from the kernel): as runc. */
        if (weight == CG_UNSET)
            continue;
        if (out->io_weights_count == CG_MAX_IO_LIMITS)
            return err_set("linux.resources.blockIO.weightDevice: more than %d", CG_MAX_IO_LIMITS);
        w = &out->io_weights[out->io_weights_count++];
        w->major = major;
        w->minor = minor;
        w->weight = weight;
    }
    return 0;
}

static int parse_block_io(json_t *res, struct cg_limits *out)
{
    static const char *const keys[] = { "weight", "weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice",
                                        "throttleReadIOPSDevice", "throttleWriteIOPSDevice", NULL };
    json_t *o;

    if (cfg_object(res, "blockIO", "linux.resources", &o) < 0)
        return -1;
    if (!o)
        return 0;
    if (cfg_only_keys(o, "linux.resources.blockIO", keys) < 0 ||
        cfg_int(o, "weight", "linux.resources.blockIO", 10, 1000, &out->io_weight) < 0 ||
        parse_weight_devices(o, out) < 0 ||
        parse_throttle(o, "throttleReadBpsDevice", CG_IO_RBPS, out) < 0 ||
        parse_throttle(o, "throttleWriteBpsDevice", CG_IO_WBPS, out) < 0 ||
        parse_throttle(o, "throttleReadIOPSDevice", CG_IO_RIOPS, out) < 0 ||
        parse_throttle(o, "throttleWriteIOPSDevice", CG_IO_WIOPS, out) < 0)
        return -1;
    return 0;
}

/* hugepageLimits: [{pageSize "2MB", limit bytes}]. */
static int parse_hugepages(json_t *res, struct cg_limits *out)
{
    static const char *const keys[] = { "pageSize", "limit", NULL };
    json_t *list, *d;
    size_t i;

    if (cfg_array(res, "hugepageLimits", "linux.resources", &list) < 0)
        return -1;
    json_array_foreach(list, i, d) {
        char at[64], arg[64];
        char *size = NULL;
        int64_t limit;
        int r;

        snprintf(at, sizeof(at), "linux.resources.hugepageLimits[%zu]", i);
        if (!json_is_object(d))
            return err_set("%s: expected an object", at);
        if (cfg_only_keys(d, at, keys) < 0 || cfg_need(cfg_string(d, "pageSize", at, &size), at, "pageSize") < 0 ||
            cfg_need(cfg_int(d, "limit", at, 1, INT64_MAX, &limit), at, "limit") < 0) {
            free(size);
            return -1;
        }
        if (out->hugetlb_count == CG_MAX_HUGETLB) {
            free(size);
            return err_set("linux.resources.hugepageLimits: more than %d entries", CG_MAX_HUGETLB);
        }
        snprintf(arg, sizeof(arg), "%.20s=%" PRId64, size, limit);
        r = cg_parse_hugetlb(arg, &out->hugetlb[out->hugetlb_count], at);
        free(size);
        if (r < 0)
            return -1;
        out->hugetlb_count++;
    }
    return 0;
}

/* network: {classID, priorities: [{name, priority}]} (v1 net_cls, net_prio). */
static int parse_network(json_t *res, struct cg_limits *out)
{
    static const char *const keys[] = { "classID", "priorities", NULL };
    static const char *const prio_keys[] = { "name", "priority", NULL };
    json_t *o, *list, *e;
    size_t i;

    if (cfg_object(res, "network", "linux.resources", &o) < 0)
        return -1;
    if (!o)
        return 0;
    if (cfg_only_keys(o, "linux.resources.network", keys) < 0 ||
        cfg_int(o, "classID", "linux.resources.network", 0, UINT32_MAX, &out->net_classid) < 0 ||
        cfg_array(o, "priorities", "linux.resources.network", &list) < 0)
        return -1;
    json_array_foreach(list, i, e) {
        char at[64], arg[64];
        char *name = NULL;
        int64_t prio;
        int r;

        snprintf(at, sizeof(at), "linux.resources.network.priorities[%zu]", i);
        if (!json_is_object(e))
            return err_set("%s: expected an object", at);
        if (out->net_prio_count == CG_MAX_NET_PRIO)
            return err_set("linux.resources.network.priorities: more than %d", CG_MAX_NET_PRIO);
        if (cfg_only_keys(e, at, prio_keys) < 0 || cfg_need(cfg_string(e, "name", at, &name), at, "name") < 0 ||
            cfg_need(cfg_int(e, "priority", at, 0, UINT32_MAX, &prio), at, "priority") < 0) {
            free(name);
            return -1;
        }
        snprintf(arg, sizeof(arg), "%.40s=%" PRId64, name, prio);
        free(name);
        r = cg_parse_net_prio(arg, &out->net_prio[out->net_prio_count], at);
        if (r < 0)
            return -1;
        out->net_prio_count++;
    }
    return 0;
}

int cfg_parse_resources(json_t *res, struct cg_limits *out)
{
    static const char *const keys[] = { "memory", "cpu", "pids", "blockIO", "devices",
                                        "hugepageLimits", "network", NULL };
    static const char *const mem_keys[] = { "limit", "swap", "reservation", "swappiness",
                                            "disableOOMKiller", NULL };
    static const char *const cpu_keys[] = { "shares", "quota", "period", "cpus", "mems", NULL };
    static const char *const pids_keys[] = { "limit", NULL };
    json_t *o;
    int64_t v;
    char *s = NULL;

    if (cfg_only_keys(res, "linux.resources", keys) < 0)
        return -1;
    if (cfg_object(res, "memory", "linux.resources", &o) < 0)
        return -1;
    if (o && (cfg_only_keys(o, "linux.resources.memory", mem_keys) < 0 ||
              limit(o, "limit", "linux.resources.memory", &out->memory) < 0 ||
              limit(o, "swap", "linux.resources.memory", &out->memory_swap) < 0 ||
              limit(o, "reservation", "linux.resources.memory", &out->memory_reservation) < 0 ||
              cfg_int(o, "swappiness", "linux.resources.memory", 0, 100, &out->swappiness) < 0 ||
              cfg_bool(o, "disableOOMKiller", "linux.resources.memory", &out->disable_oom_killer) < 0))
        return -1;
    if (cfg_object(res, "cpu", "linux.resources", &o) < 0)
        return -1;
    if (o) {
        if (cfg_only_keys(o, "linux.resources.cpu", cpu_keys) < 0)
            return -1;
        if (cfg_int(o, "shares", "linux.resources.cpu", 0, 262144, &v) == 0 && v)
            out->cpu_shares = v < 2 ? 2 : v;
        if (limit(o, "quota", "linux.resources.cpu", &out->cpu_quota) < 0)
            return -1;
        if (cfg_int(o, "period", "linux.resources.cpu", 0, 1000000, &v) == 0 && v)
            out->cpu_period = v;
        if (cfg_string(o, "cpus", "linux.resources.cpu", &s) == 0 && s[0] &&
            cg_parse_cpuset(s, out->cpuset_cpus, sizeof(out->cpuset_cpus), "linux.resources.cpu.cpus") < 0) {
            free(s);
            return -1;
        }
        free(s);
        s = NULL;
        if (cfg_string(o, "mems", "linux.resources.cpu", &s) == 0 && s[0] &&
            cg_parse_cpuset(s, out->cpuset_mems, sizeof(out->cpuset_mems), "linux.resources.cpu.mems") < 0) {
            free(s);
            return -1;
        }
        free(s);
        if (strstr(err_get(), "linux.resources.cpu"))
            return -1;
    }
    if (cfg_object(res, "pids", "linux.resources", &o) < 0)
        return -1;
    if (o && (cfg_only_keys(o, "linux.resources.pids", pids_keys) < 0 ||
              limit(o, "limit", "linux.resources.pids", &out->pids) < 0))
        return -1;
    if (out->pids == 0)
        out->pids = CG_UNLIMITED; /* OCI: 0 or -1 mean no limit */
    if (parse_block_io(res, out) < 0 || parse_hugepages(res, out) < 0 || parse_network(res, out) < 0)
        return -1;
    return parse_devices(res, out);
}
