/* 2.3: resource limits as a runtime gets them (OCI linux.resources), and
 * the conversions between cgroup v1 and v2 units. */
#ifndef MINIRUNC_CG_LIMITS_H
#define MINIRUNC_CG_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CG_UNSET (-2)    /* not asked for */
#define CG_UNLIMITED (-1) /* "max" */
#define CG_MAX_DEVICE_RULES 32
#define CG_MAX_IO_LIMITS 16
#define CG_MAX_HUGETLB 8
#define CG_MAX_NET_PRIO 16

struct cg_device_rule {
    bool allow;
    char type;          /* 'a', 'b' or 'c' */
    long major, minor;  /* -1 for '*' */
    char access[4];     /* subset of "rwm" */
};

/* A block device's bandwidth or I/O-rate ceiling (OCI blockIO.throttle*). */
enum cg_io_kind { CG_IO_RBPS, CG_IO_WBPS, CG_IO_RIOPS, CG_IO_WIOPS };
struct cg_io_limit {
    long major, minor;
    enum cg_io_kind kind;
    int64_t rate;       /* bytes or operations per second; CG_UNLIMITED for none */
};

/* A huge page size's ceiling (OCI hugepageLimits). */
struct cg_hugetlb_limit {
    char pagesize[16];  /* as the kernel names it: "2MB", "1GB" */
    int64_t limit;      /* bytes */
};

/* A network interface's priority (OCI network.priorities, v1 net_prio). */
struct cg_net_prio {
    char ifname[16];
    uint32_t prio;
};

/* A block device's own I/O weight (OCI blockIO.weightDevice). */
struct cg_io_weight {
    long major, minor;
    int64_t weight;     /* v1 blkio units, 10..1000 */
};

struct cg_limits {
    int64_t memory;      /* bytes */
    int64_t memory_swap; /* bytes, memory + swap (as v1 memsw and OCI say) */
    int64_t memory_reservation; /* bytes: v1 soft limit, v2 memory.low */
    int64_t swappiness;  /* v1 memory.swappiness, 0..100 */
    bool disable_oom_killer; /* v1 memory.oom_control */
    int64_t cpu_quota;   /* microseconds per period */
    int64_t cpu_period;  /* microseconds */
    int64_t cpu_shares;  /* v1 units, 2..262144 */
    int64_t cpu_weight;  /* v2 units, 1..10000 */
    char cpuset_cpus[128];
    char cpuset_mems[128];
    int64_t pids;
    int64_t io_weight;   /* v1 blkio units, 10..1000 (OCI blockIO.weight) */
    struct cg_io_weight io_weights[CG_MAX_IO_LIMITS];
    size_t io_weights_count;
    struct cg_io_limit io_limits[CG_MAX_IO_LIMITS];
    size_t io_limits_count;
    struct cg_hugetlb_limit hugetlb[CG_MAX_HUGETLB];
    size_t hugetlb_count;
    int64_t net_classid; /* v1 net_cls.classid */
    struct cg_net_prio net_prio[CG_MAX_NET_PRIO];
    size_t net_prio_count;
    struct cg_device_rule devices[CG_MAX_DEVICE_RULES];
    size_t devices_count;
};

void cg_limits_init(struct cg_limits *l);
bool cg_limits_empty(const struct cg_limits *l);

/* "64M", "1G", "512k", "1048576", "max": bytes (binary units). */
int cg_parse_size(const char *arg, int64_t *out, const char *option);
/* "0.5", "2": CPUs, into quota/period (period 100000 us). */
int cg_parse_cpus(const char *arg, int64_t *quota, int64_t *period);
/* A positive whole number within [lo, hi]. */
int cg_parse_int(const char *arg, int64_t lo, int64_t hi, int64_t *out, const char *option);
/* "0-3,5": a cpuset list. */
int cg_parse_cpuset(const char *arg, char *out, size_t len, const char *option);
/* "c 1:3 rwm", "b *:* m", "a": a device rule. */
int cg_parse_device_rule(const char *arg, bool allow, struct cg_device_rule *out);
/* "8:0 rbps=1048576" (v2's io.max syntax; keys rbps wbps riops wiops,
 * value a number or max): one or more io limits, added to L. */
int cg_parse_io_max(const char *arg, struct cg_limits *l, const char *option);
/* "2MB=64M": a huge page size and its limit. */
int cg_parse_hugetlb(const char *arg, struct cg_hugetlb_limit *out, const char *option);
/* "8:0=500": a device's own I/O weight. */
int cg_parse_io_weight_device(const char *arg, struct cg_io_weight *out, const char *option);
/* "eth0=5": an interface and its priority. */
int cg_parse_net_prio(const char *arg, struct cg_net_prio *out, const char *option);
/* The io.max key of a kind: "rbps" ... */
const char *cg_io_kind_name(enum cg_io_kind kind);
void cg_device_rule_str(const struct cg_device_rule *r, char *buf, size_t len);

/* The conversions runc and crun use between v1 and v2 units. */
int64_t cg_shares_to_weight(int64_t shares);
int64_t cg_weight_to_shares(int64_t weight);
int64_t cg_blkio_to_io_weight(int64_t blkio_weight);
/* OCI/v1 memory.swap is memory+swap; v2's memory.swap.max is swap alone. */
int64_t cg_swap_v2(int64_t memory, int64_t memory_swap);

#endif
