/* bin/cgroups: chapter 2.3, on cgroup v1, v2 and hybrid hosts. */
#include "cgroups.h"
#include "error.h"
#include "usage.h"
#include "trace.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "cgroups"

static const char usage[] =
    "Usage: cgroups [--cgroup-root DIR] [--trace] COMMAND ...\n"
    "\n"
    "Chapter 2.3 (cgroups): limits, on cgroup v1, v2 and hybrid hosts.  Every cgroup\n"
    "is minirunc/NAME at the root of each hierarchy; nothing else is touched.\n"
    "\n"
    "Commands:\n"
    "  info                         which kind of host this is, where each controller is\n"
    "  run [--name NAME] [--stats] [LIMITS] -- CMD [ARG...]\n"
    "                               create the cgroup, apply LIMITS, run CMD in it\n"
    "                               (it joins before exec), wait, remove the cgroup\n"
    "  create NAME [LIMITS]         the same steps one by one ...\n"
    "  set NAME LIMITS\n"
    "  attach NAME PID\n"
    "  stats NAME\n"
    "  freeze NAME | thaw NAME\n"
    "  delete [--force] NAME        (--force kills what is still in it)\n"
    "  devices [--device-allow RULE | --device-deny RULE]...\n"
    "                               the cgroup v2 device program for those rules, listed\n"
    "                               instruction by instruction (nothing is loaded)\n"
    "\n"
    "Limits:\n"
    "  --memory SIZE                64M, 1G, max\n"
    "  --memory-swap SIZE           memory plus swap (v1 memsw; v2 memory.swap.max = this - memory)\n"
    "  --memory-reservation SIZE    reclaimed last (v1 memory.soft_limit_in_bytes, v2 memory.low)\n"
    "  --swappiness N               0..100 (v1 memory.swappiness; not on v2)\n"
    "  --disable-oom-killer         pause instead of killing at the limit (v1 memory.oom_control)\n"
    "  --cpus N.N                   CPU time, as a number of CPUs (quota/period)\n"
    "  --cpu-quota US --cpu-period US\n"
    "  --cpu-shares N | --cpu-weight N   relative CPU share (v1 2..262144, v2 1..10000;\n"
    "                               converted as runc does)\n"
    "  --cpuset-cpus LIST --cpuset-mems LIST   e.g. 0-1\n"
    "  --pids N                     at most N processes\n"
    "  --io-weight N                10..1000 (OCI blockIO.weight; v2 io.weight converted)\n"
    "  --io-max \"MAJ:MIN KEY=N...\"   per-device ceilings, KEY rbps wbps riops wiops, N or max\n"
    "                               (v2 io.max; v1 blkio.throttle.*_device)\n"
    "  --hugetlb SIZE=LIMIT         huge pages, e.g. 2MB=64M (hugetlb.2MB.max / .limit_in_bytes)\n"
"  --io-weight-device MAJ:MIN=W   one device's weight, 10..1000 (v1 blkio[.bfq].weight_device,\n"
    "                               v2 io.weight \"MAJ:MIN W\")\n"
    "  --net-classid N              tag the cgroup's packets (v1 net_cls.classid; not on v2)\n"
    "  --net-prio IFNAME=PRIO       an interface's priority (v1 net_prio.ifpriomap; not on v2)\n"
    "  --device-allow RULE | --device-deny RULE   \"c 1:3 rwm\", \"b *:* m\", \"a\", in order\n"
    "                               (v1: devices.allow/deny; v2: an eBPF program)\n"
    "\n"
    "Options:\n"
    "  --cgroup-root DIR            use the cgroup tree at DIR (a test's fake tree: a\n"
    "                               directory with cgroup.controllers is v2, one with\n"
    "                               controller-named directories is v1)\n"
    "  --trace                      print each mkdir/echo/rmdir, tagged [03-cgroups]\n"
    "  -h, --help                   show this help\n"
    "\n"
    "The guide: docs/03-cgroups.md; in Chinese: docs/zh/03-cgroups.md.\n";

/* Bad usage: "PROG: message", a hint, exit status 2. */
#define bad_usage(...) usage_error(PROG, __VA_ARGS__)

enum {
    O_MEMORY = 256, O_SWAP, O_CPUS, O_QUOTA, O_PERIOD, O_SHARES, O_WEIGHT, O_CPUSET_CPUS,
    O_CPUSET_MEMS, O_PIDS, O_IO_WEIGHT, O_IO_MAX, O_HUGETLB, O_RESERVATION, O_NET_CLASSID, O_NET_PRIO, O_IO_WEIGHT_DEV, O_SWAPPINESS, O_NO_OOM, O_ALLOW, O_DENY, O_NAME, O_STATS, O_FORCE, O_TRACE,
};

static const struct option longopts[] = {
    { "memory", required_argument, NULL, O_MEMORY },
    { "memory-swap", required_argument, NULL, O_SWAP },
    { "cpus", required_argument, NULL, O_CPUS },
    { "cpu-quota", required_argument, NULL, O_QUOTA },
    { "cpu-period", required_argument, NULL, O_PERIOD },
    { "cpu-shares", required_argument, NULL, O_SHARES },
    { "cpu-weight", required_argument, NULL, O_WEIGHT },
    { "cpuset-cpus", required_argument, NULL, O_CPUSET_CPUS },
    { "cpuset-mems", required_argument, NULL, O_CPUSET_MEMS },
    { "pids", required_argument, NULL, O_PIDS },
    { "io-weight", required_argument, NULL, O_IO_WEIGHT },
    { "io-max", required_argument, NULL, O_IO_MAX },
    { "hugetlb", required_argument, NULL, O_HUGETLB },
    { "memory-reservation", required_argument, NULL, O_RESERVATION },
    { "net-classid", required_argument, NULL, O_NET_CLASSID },
    { "io-weight-device", required_argument, NULL, O_IO_WEIGHT_DEV },
    { "swappiness", required_argument, NULL, O_SWAPPINESS },
    { "disable-oom-killer", no_argument, NULL, O_NO_OOM },
    { "net-prio", required_argument, NULL, O_NET_PRIO },
    { "device-allow", required_argument, NULL, O_ALLOW },
    { "device-deny", required_argument, NULL, O_DENY },
    { "name", required_argument, NULL, O_NAME },
    { "stats", no_argument, NULL, O_STATS },
    { "force", no_argument, NULL, O_FORCE },
    { "trace", no_argument, NULL, O_TRACE },
    { "help", no_argument, NULL, 'h' },
    { 0 },
};

struct args {
    struct cg_limits limits;
    const char *name;
    bool stats, force, cpus_given;
};

/* Parse the options of a command.  Returns optind, -1 (error recorded,
 * exit 1) or -2 (usage, exit 2). */
static int parse(int argc, char **argv, struct args *a, bool stop_at_command)
{
    struct cg_limits *l = &a->limits;
    int c;

    cg_limits_init(l);
    opterr = 0;
    optind = 1;
    /* run stops at CMD (its options are CMD's); the others take options
     * before or after NAME. */
    while ((c = getopt_long(argc, argv, stop_at_command ? "+h" : "h", longopts, NULL)) != -1) {
        int r = 0;
        switch (c) {
        case O_MEMORY: r = cg_parse_size(optarg, &l->memory, "--memory"); break;
        case O_SWAP: r = cg_parse_size(optarg, &l->memory_swap, "--memory-swap"); break;
        case O_CPUS:
            a->cpus_given = true;
            r = cg_parse_cpus(optarg, &l->cpu_quota, &l->cpu_period);
            break;
        case O_QUOTA: r = cg_parse_int(optarg, 1000, INT64_MAX, &l->cpu_quota, "--cpu-quota"); break;
        case O_PERIOD: r = cg_parse_int(optarg, 1000, 1000000, &l->cpu_period, "--cpu-period"); break;
        case O_SHARES: r = cg_parse_int(optarg, 2, 262144, &l->cpu_shares, "--cpu-shares"); break;
        case O_WEIGHT: r = cg_parse_int(optarg, 1, 10000, &l->cpu_weight, "--cpu-weight"); break;
        case O_CPUSET_CPUS:
            r = cg_parse_cpuset(optarg, l->cpuset_cpus, sizeof(l->cpuset_cpus), "--cpuset-cpus");
            break;
        case O_CPUSET_MEMS:
            r = cg_parse_cpuset(optarg, l->cpuset_mems, sizeof(l->cpuset_mems), "--cpuset-mems");
            break;
        case O_PIDS: r = cg_parse_int(optarg, 1, INT64_MAX, &l->pids, "--pids"); break;
        case O_IO_WEIGHT: r = cg_parse_int(optarg, 10, 1000, &l->io_weight, "--io-weight"); break;
        case O_IO_MAX: r = cg_parse_io_max(optarg, l, "--io-max"); break;
        case O_HUGETLB:
            if (l->hugetlb_count == CG_MAX_HUGETLB)
                return bad_usage("at most %d --hugetlb limits", CG_MAX_HUGETLB), -2;
            r = cg_parse_hugetlb(optarg, &l->hugetlb[l->hugetlb_count++], "--hugetlb");
            break;
        case O_SWAPPINESS: r = cg_parse_int(optarg, 0, 100, &l->swappiness, "--swappiness"); break;
        case O_NO_OOM: l->disable_oom_killer = true; break;
        case O_IO_WEIGHT_DEV:
            if (l->io_weights_count == CG_MAX_IO_LIMITS)
                return bad_usage("at most %d --io-weight-device", CG_MAX_IO_LIMITS), -2;
            r = cg_parse_io_weight_device(optarg, &l->io_weights[l->io_weights_count++],
                                          "--io-weight-device");
            break;
        case O_NET_CLASSID:
            r = cg_parse_int(optarg, 0, UINT32_MAX, &l->net_classid, "--net-classid");
            break;
        case O_NET_PRIO:
            if (l->net_prio_count == CG_MAX_NET_PRIO)
                return bad_usage("at most %d --net-prio", CG_MAX_NET_PRIO), -2;
            r = cg_parse_net_prio(optarg, &l->net_prio[l->net_prio_count++], "--net-prio");
            break;
        case O_RESERVATION:
            r = cg_parse_size(optarg, &l->memory_reservation, "--memory-reservation");
            break;
        case O_ALLOW:
        case O_DENY:
            if (l->devices_count == CG_MAX_DEVICE_RULES)
                return bad_usage("at most %d device rules", CG_MAX_DEVICE_RULES), -2;
            r = cg_parse_device_rule(optarg, c == O_ALLOW, &l->devices[l->devices_count++]);
            break;
        case O_NAME: a->name = optarg; break;
        case O_STATS: a->stats = true; break;
        case O_FORCE: a->force = true; break;
        case O_TRACE: trace_enable(true); break;
        case 'h': fputs(usage, stdout); exit(0);
        default: return bad_usage("unknown option '%s'", argv[optind - 1]), -2;
        }
        if (r < 0)
            return -1;
    }
    if (a->cpus_given && l->cpu_period != 100000 && l->cpu_quota != CG_UNSET &&
        l->cpu_quota % 1000)
        return bad_usage("--cpus and --cpu-quota exclude each other"), -2;
    if (l->cpu_shares != CG_UNSET && l->cpu_weight != CG_UNSET)
        return bad_usage("--cpu-shares and --cpu-weight exclude each other"), -2;
    return optind;
}

static int fail(void)
{
    err_print(PROG);
    return 1;
}

static int cmd_info(const struct cg_host *h)
{
    static const char *const controllers[] = { "cpu", "cpuacct", "cpuset", "memory", "pids",
                                               "blkio", "io", "devices", "freezer", "hugetlb",
                                               "net_cls", "net_prio" };
    printf("host:     %s\n", cg_mode_name(cg_mode(h)));
    for (size_t i = 0; i < h->v1_count; i++)
        printf("v1:       %-14s %s\n", h->v1[i].controllers, h->v1[i].path);
    if (h->v2[0])
        printf("v2:       %-14s %s (controllers: %s)\n", "cgroup2", h->v2,
               h->v2_controllers[0] ? h->v2_controllers : "none");
    for (size_t i = 0; i < sizeof(controllers) / sizeof(controllers[0]); i++) {
        const char *mount;
        int v = cg_where(h, controllers[i], &mount);
        printf("%-9s %s\n", controllers[i], v == 1 ? "v1" : v == 2 ? "v2" : "-");
    }
    return 0;
}

/* The v2 device program for the rules given, as a listing. */
static int cmd_devices(const struct cg_limits *l)
{
    struct bpf_insn insns[CG_DEVPROG_MAX_INSNS];
    int n = cg_devprog_build(l->devices, l->devices_count, insns, CG_DEVPROG_MAX_INSNS);

    if (n < 0)
        return fail();
    cg_devprog_print(stdout, l->devices, l->devices_count, insns, (size_t)n);
    return 0;
}

/* run [OPTIONS] [--] CMD: a cgroup of its own for CMD, removed after. */
static int cmd_run(const struct cg_host *host, struct args *a, int argc, char **argv, int n)
{
    char name[64];
    int code;

    if (n < argc && !strcmp(argv[n], "--"))
        n++;
    if (n >= argc)
        return bad_usage("run needs a command");
    if (!a->name) {
        snprintf(name, sizeof(name), "run-%d", (int)getpid());
        a->name = name;
    }
    code = cg_run(host, a->name, &a->limits, a->stats, argv + n);
    if (err_get()[0])
        err_print(PROG);
    return code;
}

/* create NAME: made, then limited; a limit refused takes it away again. */
static int cmd_create(struct cgroup *cg, const struct cg_limits *l)
{
    char saved[4096];

    if (cg_create(cg) < 0)
        return fail();
    if (cg_limits_empty(l) || cg_set(cg, l) == 0)
        return 0;
    snprintf(saved, sizeof(saved), "%s", err_get());
    cg_destroy(cg, true);
    err_set("%s", saved);
    return fail();
}

/* The commands on a named cgroup: create, set, attach, stats, freeze,
 * thaw, delete. */
static int cmd_named(const char *cmd, const struct cg_host *host, struct args *a, int argc,
                     char **argv, int n)
{
    int operands = !strcmp(cmd, "attach") ? 2 : 1;
    struct cgroup cg;

    if (argc - n > operands)
        return bad_usage("unexpected argument '%s'", argv[n + operands]);
    if (n >= argc)
        return bad_usage("a cgroup NAME is needed");
    if (cg_open(&cg, host, argv[n]) < 0)
        return fail();
    if (!strcmp(cmd, "create"))
        return cmd_create(&cg, &a->limits);
    if (!cg_exists(&cg))
        return err_set("cgroup " CG_PARENT "/%s does not exist", cg.name), fail();
    if (!strcmp(cmd, "set"))
        return cg_limits_empty(&a->limits) ? bad_usage("set needs at least one limit")
               : cg_set(&cg, &a->limits) < 0 ? fail() : 0;
    if (!strcmp(cmd, "attach")) {
        char *end;
        long pid = n + 1 < argc ? strtol(argv[n + 1], &end, 10) : 0;
        if (pid <= 0 || *end)
            return bad_usage("attach needs NAME and a PID");
        return cg_attach(&cg, (pid_t)pid) < 0 ? fail() : 0;
    }
    if (!strcmp(cmd, "stats")) {
        struct cg_stats st;
        cg_stats(&cg, &st);
        cg_print_stats(stdout, &cg, &st);
        return 0;
    }
    if (!strcmp(cmd, "freeze") || !strcmp(cmd, "thaw"))
        return cg_freeze(&cg, !strcmp(cmd, "freeze")) < 0 ? fail() : 0;
    return cg_destroy(&cg, a->force) < 0 ? fail() : 0;
}

static bool known_command(const char *cmd)
{
    static const char *const names[] = { "info", "run", "create", "set", "attach", "stats",
                                         "freeze", "thaw", "delete", "devices" };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(cmd, names[i]))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    const char *root = NULL, *cmd;
    struct cg_host host;
    struct args a = { 0 };
    int i = 1, n;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--trace"))
            trace_enable(true);
        else if (!strcmp(argv[i], "--cgroup-root") && i + 1 < argc)
            root = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return fputs(usage, stdout), 0;
        else
            return bad_usage("unknown option '%s'", argv[i]);
    }
    if (i >= argc)
        return fputs(usage, stderr), 2;
    cmd = argv[i];
    argc -= i;
    argv += i;
    if (!known_command(cmd))
        return bad_usage("unknown command '%s'", cmd);
    n = parse(argc, argv, &a, !strcmp(cmd, "run"));
    if (n == -2)
        return 2;
    if (n < 0)
        return fail();
    if (!strcmp(cmd, "devices"))
        return n < argc ? bad_usage("unexpected argument '%s'", argv[n]) : cmd_devices(&a.limits);
    if (cg_detect(root, &host) < 0)
        return fail();
    if (!strcmp(cmd, "info"))
        return cmd_info(&host);
    if (cg_mode(&host) == CG_MODE_NONE)
        return err_set("no cgroup file system found%s%s", root ? " at " : "", root ? root : ""), fail();
    if (!strcmp(cmd, "run"))
        return cmd_run(&host, &a, argc, argv, n);
    return cmd_named(cmd, &host, &a, argc, argv, n);
}
