/* `minirunc update`: change a container's resources (chapter 2.3), from
 * runc 1.1's flags or from a linux.resources JSON file (-r FILE, - for
 * stdin). */
#include "cfg_json.h"
#include "cgroups.h"
#include "commands.h"
#include "config.h"
#include "error.h"
#include "usage.h"

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

int cmd_update(const struct runtime_opts *o, int argc, char **argv)
{
    enum { MEM = 256, SWAP, QUOTA, PERIOD, SHARES, CPUS, MEMS, PIDS, BLKIO };
    static const struct option opts[] = {
        { "memory", required_argument, NULL, MEM }, { "memory-swap", required_argument, NULL, SWAP },
        { "cpu-quota", required_argument, NULL, QUOTA }, { "cpu-period", required_argument, NULL, PERIOD },
        { "cpu-share", required_argument, NULL, SHARES }, { "cpuset-cpus", required_argument, NULL, CPUS },
        { "cpuset-mems", required_argument, NULL, MEMS }, { "pids-limit", required_argument, NULL, PIDS },
        { "blkio-weight", required_argument, NULL, BLKIO }, { "resources", required_argument, NULL, 'r' },
        { 0 },
    };
    struct container_state st;
    struct cg_limits l;
    struct cg_host host;
    struct cgroup cg;
    int c, r = 0, ret;

    cg_limits_init(&l);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:", opts, NULL)) != -1 && r == 0) {
        switch (c) {
        case MEM: r = cg_parse_size(optarg, &l.memory, "--memory"); break;
        case SWAP: r = cg_parse_size(optarg, &l.memory_swap, "--memory-swap"); break;
        case QUOTA: r = cg_parse_int(optarg, -1, INT64_MAX, &l.cpu_quota, "--cpu-quota"); break;
        case PERIOD: r = cg_parse_int(optarg, 1000, 1000000, &l.cpu_period, "--cpu-period"); break;
        case SHARES: r = cg_parse_int(optarg, 2, 262144, &l.cpu_shares, "--cpu-share"); break;
        case CPUS: r = cg_parse_cpuset(optarg, l.cpuset_cpus, sizeof(l.cpuset_cpus), "--cpuset-cpus"); break;
        case MEMS: r = cg_parse_cpuset(optarg, l.cpuset_mems, sizeof(l.cpuset_mems), "--cpuset-mems"); break;
        case PIDS: r = cg_parse_int(optarg, -1, INT64_MAX, &l.pids, "--pids-limit"); break;
        case BLKIO: r = cg_parse_int(optarg, 10, 1000, &l.io_weight, "--blkio-weight"); break;
        case 'r': r = read_resources(optarg, &l); break;
        default: return usage_error("minirunc", "update: unknown option '%s'", argv[optind - 1]);
        }
    }
    if (r < 0)
        return -1;
    if (l.cpu_quota == -1)
        l.cpu_quota = CG_UNLIMITED;
    if (l.pids == -1 || l.pids == 0)
        l.pids = l.pids == CG_UNSET ? CG_UNSET : CG_UNLIMITED;
    if (optind >= argc)
        return usage_error("minirunc", "update needs a container ID%s", "");
    if (cg_limits_empty(&l))
        return usage_error("minirunc", "update: no resources given (flags or -r FILE)%s", "");
    if (state_open(o->root, argv[optind], &st) < 0)
        return -1;
    if (!st.cgroup[0]) {
        state_close(&st);
        return err_set("container \"%s\" has no cgroup (its config has no linux.resources)", argv[optind]);
    }
    ret = cg_detect(NULL, &host) < 0 || cg_open(&cg, &host, st.cgroup) < 0 || cg_set(&cg, &l) < 0 ? -1 : 0;
    state_close(&st);
    return ret;
}
