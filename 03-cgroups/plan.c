#include "plan.h"

#include "cgroup.h"

#include "error.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct planner {
    const struct cg_host *h;
    const struct cgroup *cg;
    struct cg_write *out;
    size_t max, n;
};

static int where(const struct planner *p, const char *controller, const char *limit)
{
    const char *mount;
    int v = cg_where(p->h, controller, &mount);

    if (!v)
        return err_set("%s: this host has no %s controller (%s)", limit, controller,
                       cg_mode_name(cg_mode(p->h)));
    return v;
}

static int add(struct planner *p, const char *controller, int version, const char *file,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int add(struct planner *p, const char *controller, int version, const char *file,
               const char *fmt, ...)
{
    va_list ap;
    struct cg_write *w;

    if (p->n == p->max)
        return err_set("too many cgroup writes");
    w = &p->out[p->n++];
    w->controller = controller;
    w->version = version;
    snprintf(w->file, sizeof(w->file), "%s", file);
    va_start(ap, fmt);
    vsnprintf(w->value, sizeof(w->value), fmt, ap);
    va_end(ap);
    return 0;
}

static const char *max_or(int64_t v, char *buf, size_t len, const char *unlimited)
{
    if (v == CG_UNLIMITED)
        return unlimited;
    snprintf(buf, len, "%" PRId64, v);
    return buf;
}

/* Does the hierarchy of CONTROLLER have FILE, in our cgroup (some files
 * exist only below the root, some only with kernel options)?  A fake tree
 * has every file a plan writes. */
static bool has_file(const struct planner *p, const char *controller, const char *file)
{
    const char *dir = NULL;
    char path[PATH_MAX + 80];

    if (p->h->fake)
        return true;
    if (p->cg)
        dir = cg_dir(p->cg, controller);
    if (!dir && !cg_where(p->h, controller, &dir))
        return false;
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    return access(path, F_OK) == 0;
}

static int plan_memory(struct planner *p, const struct cg_limits *l)
{
    char a[32];
    int v;

    if (l->memory_reservation != CG_UNSET) {
        /* A reservation is what the kernel reclaims down to last: v1's soft
         * limit, v2's memory.low (as runc maps it). */
        if ((v = where(p, "memory", "--memory-reservation")) < 0)
            return -1;
        if (add(p, "memory", v, v == 1 ? "memory.soft_limit_in_bytes" : "memory.low", "%s",
                max_or(l->memory_reservation, a, sizeof(a), v == 1 ? "-1" : "max")) < 0)
            return -1;
    }
    /* Swappiness and the OOM killer switch are v1 files; v2 has neither
     * (memory.oom.group is another thing). */
    if (l->swappiness != CG_UNSET || l->disable_oom_killer) {
        const char *what = l->swappiness != CG_UNSET ? "--swappiness" : "--disable-oom-killer";
        if ((v = where(p, "memory", what)) < 0)
            return -1;
        if (v == 2)
            return err_set("%s: cgroup v2 has no %s", what,
                           l->swappiness != CG_UNSET ? "memory.swappiness" : "memory.oom_control");
        if (l->swappiness != CG_UNSET &&
            add(p, "memory", 1, "memory.swappiness", "%" PRId64, l->swappiness) < 0)
            return -1;
        if (l->disable_oom_killer && add(p, "memory", 1, "memory.oom_control", "1") < 0)
            return -1;
    }
    if (l->memory == CG_UNSET && l->memory_swap == CG_UNSET)
        return 0;
    if (l->memory_swap != CG_UNSET && l->memory == CG_UNSET)
        return err_set("--memory-swap needs --memory (it is memory plus swap)");
    if (l->memory_swap > 0 && l->memory > 0 && l->memory_swap < l->memory)
        return err_set("--memory-swap %" PRId64 " is below --memory %" PRId64
                       " (it is memory plus swap)", l->memory_swap, l->memory);
    if ((v = where(p, "memory", "--memory")) < 0)
        return -1;
    if (v == 1) {
        if (add(p, "memory", 1, "memory.limit_in_bytes", "%s",
                max_or(l->memory, a, sizeof(a), "-1")) < 0)
            return -1;
        if (l->memory_swap != CG_UNSET) {
            /* Without swap accounting (swapaccount=0) the file is absent. */
            if (!has_file(p, "memory", "memory.memsw.limit_in_bytes"))
                return err_set("--memory-swap: this kernel does not account swap "
                               "(no memory.memsw.limit_in_bytes)");
            return add(p, "memory", 1, "memory.memsw.limit_in_bytes", "%s",
                       max_or(l->memory_swap, a, sizeof(a), "-1"));
        }
        return 0;
    }
    if (add(p, "memory", 2, "memory.max", "%s", max_or(l->memory, a, sizeof(a), "max")) < 0)
        return -1;
    if (l->memory_swap != CG_UNSET)
        return add(p, "memory", 2, "memory.swap.max", "%s",
                   max_or(cg_swap_v2(l->memory, l->memory_swap), a, sizeof(a), "max"));
    return 0;
}

static int plan_cpu(struct planner *p, const struct cg_limits *l)
{
    char a[32];
    int v;

    if (l->cpu_quota != CG_UNSET || l->cpu_period != CG_UNSET) {
        int64_t period = l->cpu_period != CG_UNSET ? l->cpu_period : 100000;
        if ((v = where(p, "cpu", "--cpus/--cpu-quota")) < 0)
            return -1;
        if (v == 1) {
            /* Period first: a quota is checked against the current period. */
            if (add(p, "cpu", 1, "cpu.cfs_period_us", "%" PRId64, period) < 0)
                return -1;
            if (l->cpu_quota != CG_UNSET &&
                add(p, "cpu", 1, "cpu.cfs_quota_us", "%s",
                    max_or(l->cpu_quota, a, sizeof(a), "-1")) < 0)
                return -1;
        } else if (add(p, "cpu", 2, "cpu.max", "%s %" PRId64,
                       l->cpu_quota == CG_UNSET ? "max"
                                                : max_or(l->cpu_quota, a, sizeof(a), "max"),
                       period) < 0) {
            return -1;
        }
    }
    if (l->cpu_shares != CG_UNSET || l->cpu_weight != CG_UNSET) {
        if ((v = where(p, "cpu", "--cpu-shares/--cpu-weight")) < 0)
            return -1;
        if (v == 1)
            return add(p, "cpu", 1, "cpu.shares", "%" PRId64,
                       l->cpu_shares != CG_UNSET ? l->cpu_shares
                                                 : cg_weight_to_shares(l->cpu_weight));
        return add(p, "cpu", 2, "cpu.weight", "%" PRId64,
                   l->cpu_weight != CG_UNSET ? l->cpu_weight : cg_shares_to_weight(l->cpu_shares));
    }
    return 0;
}

static int plan_cpuset(struct planner *p, const struct cg_limits *l)
{
    int v;

    if (!l->cpuset_cpus[0] && !l->cpuset_mems[0])
        return 0;
    if ((v = where(p, "cpuset", "--cpuset-cpus/--cpuset-mems")) < 0)
        return -1;
    if (l->cpuset_cpus[0] && add(p, "cpuset", v, "cpuset.cpus", "%s", l->cpuset_cpus) < 0)
        return -1;
    if (l->cpuset_mems[0] && add(p, "cpuset", v, "cpuset.mems", "%s", l->cpuset_mems) < 0)
        return -1;
    return 0;
}

static int plan_pids(struct planner *p, const struct cg_limits *l)
{
    char a[32];
    int v;

    if (l->pids == CG_UNSET)
        return 0;
    if ((v = where(p, "pids", "--pids")) < 0)
        return -1;
    return add(p, "pids", v, "pids.max", "%s", max_or(l->pids, a, sizeof(a), "max"));
}

/* Bandwidth and I/O-rate ceilings per device: one v1 file per kind, one
 * v2 file (io.max) with a key per kind. */
static int plan_io_max(struct planner *p, const struct cg_limits *l)
{
    static const char *const v1_files[] = {
        "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
        "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
    };
    char a[32];
    int v;

    if (!l->io_limits_count)
        return 0;
    v = cg_where(p->h, "blkio", &(const char *){ NULL });
    if (v != 1 && (v = where(p, "io", "--io-max")) < 0)
        return -1;
    if (v == 1 && !has_file(p, "blkio", v1_files[0]))
        return err_set("--io-max: this kernel has no blkio throttling (no %s)", v1_files[0]);
    for (size_t i = 0; i < l->io_limits_count; i++) {
        const struct cg_io_limit *io = &l->io_limits[i];
        int r;
        if (v == 1)
            r = add(p, "blkio", 1, v1_files[io->kind], "%ld:%ld %s", io->major, io->minor,
                    max_or(io->rate, a, sizeof(a), "0"));
        else
            r = add(p, "io", 2, "io.max", "%ld:%ld %s=%s", io->major, io->minor,
                    cg_io_kind_name(io->kind), max_or(io->rate, a, sizeof(a), "max"));
        if (r < 0)
            return -1;
    }
    return 0;
}

/* Is CONTROLLER enabled in our v2 cgroup (listed in its cgroup.controllers)? */
static bool v2_enabled(const struct planner *p, const char *controller)
{
    char path[PATH_MAX + 32], buf[512], *tok, *save;
    const char *dir = cg_dir(p->cg, controller);
    FILE *f;
    size_t n;

    if (!dir)
        return false;
    snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
    if (!(f = fopen(path, "re")))
        return false;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
        if (!strcmp(tok, controller))
            return true;
    return false;
}

static int plan_hugetlb(struct planner *p, const struct cg_limits *l)
{
    char file[64];
    int v;

    for (size_t i = 0; i < l->hugetlb_count; i++) {
        const struct cg_hugetlb_limit *h = &l->hugetlb[i];
        if ((v = where(p, "hugetlb", "--hugetlb")) < 0)
            return -1;
        snprintf(file, sizeof(file), v == 1 ? "hugetlb.%s.limit_in_bytes" : "hugetlb.%s.max",
                 h->pagesize);
        if (v == 2 && p->cg && !p->h->fake && !v2_enabled(p, "hugetlb"))
            return err_set("--hugetlb: the hugetlb controller is not enabled for " CG_PARENT "/ "
                           "(the cgroup2 root's cgroup.subtree_control lacks it%s)",
                           cg_mode(p->h) == CG_MODE_HYBRID ? "; on a hybrid host minirunc leaves "
                                                            "the host's root as it is" : "");
        if (!has_file(p, "hugetlb", file))
            return err_set("--hugetlb %s: this kernel has no %s huge pages (no %s)", h->pagesize,
                           h->pagesize, file);
        if (add(p, "hugetlb", v, file, "%" PRId64, h->limit) < 0)
            return -1;
    }
    return 0;
}

/* net_cls and net_prio exist on cgroup v1 only: on v2 the same is done
 * with eBPF programs, which no OCI field describes. */
static int plan_network(struct planner *p, const struct cg_limits *l)
{
    if (l->net_classid != CG_UNSET) {
        if (cg_where(p->h, "net_cls", &(const char *){ NULL }) != 1)
            return err_set("--net-classid: this host has no cgroup v1 net_cls hierarchy (%s; "
                           "cgroup v2 has no net_cls)", cg_mode_name(cg_mode(p->h)));
        if (add(p, "net_cls", 1, "net_cls.classid", "%" PRId64, l->net_classid) < 0)
            return -1;
    }
    if (l->net_prio_count && cg_where(p->h, "net_prio", &(const char *){ NULL }) != 1)
        return err_set("--net-prio: this host has no cgroup v1 net_prio hierarchy (%s; cgroup "
                       "v2 has no net_prio)", cg_mode_name(cg_mode(p->h)));
    for (size_t i = 0; i < l->net_prio_count; i++)
        if (add(p, "net_prio", 1, "net_prio.ifpriomap", "%s %u", l->net_prio[i].ifname,
                l->net_prio[i].prio) < 0)
            return -1;
    return 0;
}

/* A weight for one device: beside the default, same file on v2. */
static int plan_io_weight_devices(struct planner *p, const struct cg_limits *l)
{
    const char *file = "io.weight";
    int v;

    if (!l->io_weights_count)
        return 0;
    v = cg_where(p->h, "blkio", &(const char *){ NULL });
    if (v == 1) {
        if (has_file(p, "blkio", "blkio.weight_device"))
            file = "blkio.weight_device";
        else if (has_file(p, "blkio", "blkio.bfq.weight_device"))
            file = "blkio.bfq.weight_device";
        else
            return err_set("--io-weight-device: the blkio controller has no per-device weight "
                           "(neither blkio.weight_device nor blkio.bfq.weight_device)");
    } else if ((v = where(p, "io", "--io-weight-device")) < 0) {
        return -1;
    }
    for (size_t i = 0; i < l->io_weights_count; i++) {
        const struct cg_io_weight *w = &l->io_weights[i];
        if (add(p, v == 1 ? "blkio" : "io", v, file, "%ld:%ld %" PRId64, w->major, w->minor,
                v == 1 ? w->weight : cg_blkio_to_io_weight(w->weight)) < 0)
            return -1;
    }
    return 0;
}

static int plan_io(struct planner *p, const struct cg_limits *l)
{
    int v;

    if (plan_io_max(p, l) < 0 || plan_io_weight_devices(p, l) < 0)
        return -1;
    if (l->io_weight == CG_UNSET)
        return 0;
    v = cg_where(p->h, "blkio", &(const char *){ NULL });
    if (v == 1) {
        /* Older kernels (CFQ) have blkio.weight; with BFQ it is blkio.bfq.weight. */
        if (has_file(p, "blkio", "blkio.weight"))
            return add(p, "blkio", 1, "blkio.weight", "%" PRId64, l->io_weight);
        if (has_file(p, "blkio", "blkio.bfq.weight"))
            return add(p, "blkio", 1, "blkio.bfq.weight", "%" PRId64, l->io_weight);
        return err_set("--io-weight: the blkio controller has no weight file "
                       "(neither blkio.weight nor blkio.bfq.weight)");
    }
    if ((v = where(p, "io", "--io-weight")) < 0)
        return -1;
    return add(p, "io", 2, "io.weight", "default %" PRId64, cg_blkio_to_io_weight(l->io_weight));
}

static int plan_devices(struct planner *p, const struct cg_limits *l)
{
    char rule[64];

    if (!l->devices_count)
        return 0;
    /* cgroup v2 has no device files: cg_set attaches a program instead
     * (devprog.h).  That needs the cgroup2 tree our cgroup is in. */
    if (cg_where(p->h, "devices", &(const char *){ NULL }) != 1) {
        if (!p->h->v2[0])
            return err_set("device rules: this host has neither a v1 devices controller nor "
                           "cgroup v2 for a device program");
        return 0;
    }
    for (size_t i = 0; i < l->devices_count; i++) {
        cg_device_rule_str(&l->devices[i], rule, sizeof(rule));
        if (add(p, "devices", 1, l->devices[i].allow ? "devices.allow" : "devices.deny", "%s",
                rule) < 0)
            return -1;
    }
    return 0;
}

int cg_plan(const struct cg_host *h, const struct cgroup *cg, const struct cg_limits *l,
            struct cg_write *out, size_t max)
{
    struct planner p = { .h = h, .cg = cg, .out = out, .max = max };

    if (plan_memory(&p, l) < 0 || plan_cpu(&p, l) < 0 || plan_cpuset(&p, l) < 0 ||
        plan_pids(&p, l) < 0 || plan_io(&p, l) < 0 || plan_hugetlb(&p, l) < 0 || plan_network(&p, l) < 0 ||
        plan_devices(&p, l) < 0)
        return -1;
    return (int)p.n;
}
