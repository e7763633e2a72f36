/* `minirunc update`: change a container's resources (chapter 2.3), from
 * runc 1.1's flags or from a linux.resources JSON file (-r FILE, - for
 * stdin). */
#include "cfg_json.h"
#include "cgroups.h"
#include "commands.h"
#include "config.h"
#include "error.h"
#include "systemd_scope.h"
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int read_resources(const char *path, struct cg_limits *l)
{
    json_error_t jerr;
    json_t *j = !strcmp(path, "-") ? json_loadf(stdin, 0, &jerr) : json_load_file(path, 0, &jerr);
    int ret;

    if (!j)
        return err_set("-r %s: invalid JSON at line %d: %s", path, jerr.line, jerr.text);
    if (!json_is_object(j)) {
        json_decref(j);
        return err_set("-r %s: expected a linux.resources object", path);
    }
    ret = cfg_parse_resources(j, l);
    json_decref(j);
    if (ret < 0)
        err_context("-r %s", path);
    return ret;
}

static bool same_rule(const struct cg_device_rule *a, const struct cg_device_rule *b)
{
    return a->allow == b->allow && a->type == b->type && a->major == b->major &&
           a->minor == b->minor && !strcmp(a->access, b->access);
}

/* 2.3: new device rules go after the container's own (the last matching
 * rule decides); a rule given again moves to the end instead of growing
 * the list. */
static int merge_devices(const struct container_state *st, const struct cg_limits *add,
                         struct cg_device_rule *all, size_t *n)
{
    if (state_get_devices(st, all, CG_MAX_DEVICE_RULES, n) < 0)
        return -1;
    for (size_t i = 0; i < add->devices_count; i++) {
        size_t k = 0;
        for (size_t j = 0; j < *n; j++)
            if (!same_rule(&all[j], &add->devices[i]))
                all[k++] = all[j];
        if (k == CG_MAX_DEVICE_RULES)
            return err_set("linux.resources.devices: the container would have more than %d rules",
                           CG_MAX_DEVICE_RULES);
        all[k++] = add->devices[i];
        *n = k;
    }
    return 0;
}

/* Write the limits; device rules are added to the container's. On v1 the
 * kernel keeps the list and takes the new rules alone; on v2 the program
 * is rebuilt from them all and replaces the one attached. */
static int update_cgroup(struct container_state *st, struct cg_limits *l)
{
    struct cg_device_rule all[CG_MAX_DEVICE_RULES];
    size_t n = 0;
    struct cg_host host;
    struct cgroup cg;

    if (cg_detect(NULL, &host) < 0 || state_cgroup_open(st, &host, &cg) < 0)
        return -1;
    if (l->devices_count && merge_devices(st, l, all, &n) < 0)
        return -1;
    if (l->devices_count && !cg_dir(&cg, "devices")) {
        memcpy(l->devices, all, n * sizeof(all[0]));
        l->devices_count = n;
    }
    /* --systemd-cgroup's scope: systemd is told first, or it would put
     * back its own values on its next reload. */
    const char *mount;
    if (systemd_scope_unit(st->cgroup) &&
        systemd_scope_set(systemd_scope_unit(st->cgroup), l,
                          cg_where(&host, "memory", &mount) == 2) < 0)
        return -1;
    if (cg_set(&cg, l) < 0)
        return -1;
    if (l->devices_count && (state_set_devices(st, all, n) < 0 || state_save(st) < 0))
        return -1;
    return 0;
}

int cmd_update(struct runtime_opts *o, int argc, char **argv)
{
    enum { MEM = 256, SWAP, RESERVATION, QUOTA, PERIOD, SHARES, CPUS, MEMS, PIDS, BLKIO };
    static const struct option opts[] = {
        { "memory", required_argument, NULL, MEM }, { "memory-swap", required_argument, NULL, SWAP },
        { "memory-reservation", required_argument, NULL, RESERVATION },
        { "cpu-quota", required_argument, NULL, QUOTA }, { "cpu-period", required_argument, NULL, PERIOD },
        { "cpu-share", required_argument, NULL, SHARES }, { "cpuset-cpus", required_argument, NULL, CPUS },
        { "cpuset-mems", required_argument, NULL, MEMS }, { "pids-limit", required_argument, NULL, PIDS },
        { "blkio-weight", required_argument, NULL, BLKIO }, { "resources", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' }, { 0 },
    };
    struct container_state st;
    struct cg_limits l;
    int c, r = 0, ret;

    cg_limits_init(&l);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1 && r == 0) {
        switch (c) {
        case MEM: r = cg_parse_size(optarg, &l.memory, "--memory"); break;
        case SWAP: r = cg_parse_size(optarg, &l.memory_swap, "--memory-swap"); break;
        case RESERVATION: r = cg_parse_size(optarg, &l.memory_reservation, "--memory-reservation"); break;
        case QUOTA: r = cg_parse_int(optarg, -1, INT64_MAX, &l.cpu_quota, "--cpu-quota"); break;
        case PERIOD: r = cg_parse_int(optarg, 1000, 1000000, &l.cpu_period, "--cpu-period"); break;
        case SHARES: r = cg_parse_int(optarg, 2, 262144, &l.cpu_shares, "--cpu-share"); break;
        case CPUS: r = cg_parse_cpuset(optarg, l.cpuset_cpus, sizeof(l.cpuset_cpus), "--cpuset-cpus"); break;
        case MEMS: r = cg_parse_cpuset(optarg, l.cpuset_mems, sizeof(l.cpuset_mems), "--cpuset-mems"); break;
        case PIDS: r = cg_parse_int(optarg, -1, INT64_MAX, &l.pids, "--pids-limit"); break;
        case BLKIO: r = cg_parse_int(optarg, 10, 1000, &l.io_weight, "--blkio-weight"); break;
        case 'r': r = read_resources(optarg, &l); break;
        case 'h': return cli_help("update");
        default: return cli_usage("update", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (r < 0)
        return -1;
    if (l.cpu_quota == -1)
        l.cpu_quota = CG_UNLIMITED;
    if (l.pids == -1 || l.pids == 0)
        l.pids = l.pids == CG_UNSET ? CG_UNSET : CG_UNLIMITED;
    if (optind >= argc)
        return cli_usage("update", "needs a container ID");
    if (cg_limits_empty(&l))
        return cli_usage("update", "no resources given (flags or -r FILE)");
    if (state_open(o->root, argv[optind], &st) < 0)
        return -1;
    if (!st.cgroup[0]) {
        state_close(&st);
        return err_set("container \"%s\" has no cgroup (its config has no linux.resources)", argv[optind]);
    }
    ret = update_cgroup(&st, &l);
    state_close(&st);
    return ret;
}
