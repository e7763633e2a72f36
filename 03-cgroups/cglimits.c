#include "cglimits.h"

#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cg_limits_init(struct cg_limits *l)
{
    memset(l, 0, sizeof(*l));
    l->memory = l->memory_swap = l->memory_reservation = l->cpu_quota = l->cpu_period = CG_UNSET;
    l->cpu_shares = l->cpu_weight = l->pids = l->io_weight = l->net_classid = CG_UNSET;
    l->swappiness = CG_UNSET;
}

bool cg_limits_empty(const struct cg_limits *l)
{
    return l->memory == CG_UNSET && l->memory_swap == CG_UNSET && l->cpu_quota == CG_UNSET &&
           l->cpu_period == CG_UNSET && l->cpu_shares == CG_UNSET && l->cpu_weight == CG_UNSET &&
           !l->cpuset_cpus[0] && !l->cpuset_mems[0] && l->pids == CG_UNSET &&
           l->io_weight == CG_UNSET && l->devices_count == 0 &&
           l->memory_reservation == CG_UNSET && l->io_limits_count == 0 && l->hugetlb_count == 0 &&
           l->net_classid == CG_UNSET && l->net_prio_count == 0 && l->io_weights_count == 0 &&
           l->swappiness == CG_UNSET && !l->disable_oom_killer;
}

int cg_parse_size(const char *arg, int64_t *out, const char *option)
{
    char *end;
    unsigned long long v;
    int shift = 0;

    if (!strcasecmp(arg, "max") || !strcmp(arg, "-1")) {
        *out = CG_UNLIMITED;
        return 0;
    }
    if (!isdigit((unsigned char)arg[0]))
        return err_set("%s %s: expected a size such as 64M, 1G or max", option, arg);
    errno = 0;
    v = strtoull(arg, &end, 10);
    switch (toupper((unsigned char)*end)) {
    case 'K': shift = 10; end++; break;
    case 'M': shift = 20; end++; break;
    case 'G': shift = 30; end++; break;
    case 'T': shift = 40; end++; break;
    case '\0': break;
    default:
        return err_set("%s %s: unknown unit '%c' (K, M, G or T)", option, arg, *end);
    }
    if (toupper((unsigned char)*end) == 'B' || toupper((unsigned char)*end) == 'I')
        end += (toupper((unsigned char)end[0]) == 'I' && toupper((unsigned char)end[1]) == 'B') ? 2 : 1;
    if (*end || errno || v > (unsigned long long)INT64_MAX >> shift)
        return err_set("%s %s: expected a size such as 64M, 1G or max", option, arg);
    if (v == 0)
        return err_set("%s %s: a limit of 0 bytes would stop everything", option, arg);
    *out = (int64_t)(v << shift);
    return 0;
}

int cg_parse_cpus(const char *arg, int64_t *quota, int64_t *period)
{
    char *end;
    double cpus;

    errno = 0;
    cpus = strtod(arg, &end);
    if (!*arg || *end || errno || !(cpus > 0) || cpus > 4096)
        return err_set("--cpus %s: expected a positive number of CPUs such as 0.5 or 2", arg);
    *period = 100000;
    *quota = (int64_t)(cpus * 100000.0 + 0.5);
    if (*quota < 1000)
        return err_set("--cpus %s: below 0.01 CPU, the kernel's smallest quota is 1000 us", arg);
    return 0;
}

int cg_parse_int(const char *arg, int64_t lo, int64_t hi, int64_t *out, const char *option)
{
    char *end;
    long long v;

    if (!strcasecmp(arg, "max") && hi == INT64_MAX) {
        *out = CG_UNLIMITED;
        return 0;
    }
    errno = 0;
    v = strtoll(arg, &end, 10);
    if (!*arg || *end || errno || v < lo || v > hi) {
        if (hi == INT64_MAX)
            return err_set("%s %s: expected a whole number from %lld, or max", option, arg,
                           (long long)lo);
        return err_set("%s %s: expected a whole number from %lld to %lld", option, arg,
                       (long long)lo, (long long)hi);
    }
    *out = v;
    return 0;
}

int cg_parse_cpuset(const char *arg, char *out, size_t len, const char *option)
{
    const char *p = arg;

    if (!*arg || strlen(arg) >= len)
        return err_set("%s \"%s\": expected a list such as 0-3,5", option, arg);
    while (*p) {
        char *end;
        long a = strtol(p, &end, 10), b = a;

        if (end == p || a < 0)
            return err_set("%s \"%s\": expected a list such as 0-3,5", option, arg);
        p = end;
        if (*p == '-') {
            b = strtol(p + 1, &end, 10);
            if (end == p + 1 || b < a)
                return err_set("%s \"%s\": bad range", option, arg);
            p = end;
        }
        if (*p == ',' && p[1])
            p++;
        else if (*p)
            return err_set("%s \"%s\": expected a list such as 0-3,5", option, arg);
    }
    snprintf(out, len, "%s", arg);
    return 0;
}

static int parse_dev_number(const char **p, long *out)
{
    char *end;

    if (**p == '*') {
        *out = -1;
        (*p)++;
        return 0;
    }
    if (!isdigit((unsigned char)**p))
        return -1;
    *out = strtol(*p, &end, 10);
    *p = end;
    return 0;
}

int cg_parse_device_rule(const char *arg, bool allow, struct cg_device_rule *out)
{
    const char *p = arg;
    const char *opt = allow ? "--device-allow" : "--device-deny";

    memset(out, 0, sizeof(*out));
    out->allow = allow;
    out->major = out->minor = -1;
    snprintf(out->access, sizeof(out->access), "rwm");
    if (*p != 'a' && *p != 'b' && *p != 'c')
        return err_set("%s \"%s\": expected TYPE [MAJOR:MINOR [ACCESS]], TYPE a, b or c, "
                       "e.g. \"c 1:3 rwm\"", opt, arg);
    out->type = *p++;
    if (*p == '\0')
        return 0;
    if (*p++ != ' ' || parse_dev_number(&p, &out->major) < 0 || *p++ != ':' ||
        parse_dev_number(&p, &out->minor) < 0)
        return err_set("%s \"%s\": expected MAJOR:MINOR after the type (numbers or *)", opt, arg);
    if (*p == '\0')
        return 0;
    if (*p++ != ' ' || !*p || strlen(p) > 3 || strspn(p, "rwm") != strlen(p))
        return err_set("%s \"%s\": the access is made of r, w and m", opt, arg);
    snprintf(out->access, sizeof(out->access), "%s", p);
    return 0;
}

int cg_parse_io_weight_device(const char *arg, struct cg_io_weight *out, const char *option)
{
    const char *p = arg;

    if (parse_dev_number(&p, &out->major) < 0 || out->major < 0 || *p++ != ':' ||
        parse_dev_number(&p, &out->minor) < 0 || out->minor < 0 || *p++ != '=')
        return err_set("%s \"%s\": expected MAJOR:MINOR=WEIGHT, e.g. 8:0=500", option, arg);
    return cg_parse_int(p, 10, 1000, &out->weight, option);
}

int cg_parse_net_prio(const char *arg, struct cg_net_prio *out, const char *option)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : 0;
    int64_t prio;

    /* An interface name as the kernel allows it: no '/', no spaces. */
    if (!eq || n == 0 || n >= sizeof(out->ifname) || memchr(arg, '/', n) || memchr(arg, ' ', n))
        return err_set("%s \"%s\": expected IFNAME=PRIORITY, e.g. eth0=5", option, arg);
    if (cg_parse_int(eq + 1, 0, UINT32_MAX, &prio, option) < 0)
        return -1;
    memcpy(out->ifname, arg, n);
    out->ifname[n] = '\0';
    out->prio = (uint32_t)prio;
    return 0;
}

const char *cg_io_kind_name(enum cg_io_kind kind)
{
    static const char *const names[] = { "rbps", "wbps", "riops", "wiops" };
    return names[kind];
}

int cg_parse_io_max(const char *arg, struct cg_limits *l, const char *option)
{
    const char *p = arg;
    long major, minor;

    if (parse_dev_number(&p, &major) < 0 || major < 0 || *p++ != ':' ||
        parse_dev_number(&p, &minor) < 0 || minor < 0 || *p != ' ')
        return err_set("%s \"%s\": expected MAJOR:MINOR KEY=VALUE..., e.g. \"8:0 rbps=1048576\"",
                       option, arg);
    while (*p == ' ') {
        struct cg_io_limit *io;
        size_t k;
        char *end;

        while (*p == ' ')
            p++;
        if (!*p)
            break;
        for (k = 0; k < 4; k++) {
            size_t n = strlen(cg_io_kind_name(k));
            if (!strncmp(p, cg_io_kind_name(k), n) && p[n] == '=') {
                p += n + 1;
                break;
            }
        }
        if (k == 4)
            return err_set("%s \"%s\": keys are rbps, wbps, riops and wiops", option, arg);
        if (l->io_limits_count == CG_MAX_IO_LIMITS)
            return err_set("%s: more than %d io limits", option, CG_MAX_IO_LIMITS);
        io = &l->io_limits[l->io_limits_count];
        io->major = major;
        io->minor = minor;
        io->kind = k;
        if (!strncmp(p, "max", 3) && (p[3] == ' ' || !p[3])) {
            io->rate = CG_UNLIMITED;
            p += 3;
        } else {
            errno = 0;
            io->rate = strtoll(p, &end, 10);
            if (end == p || errno || io->rate <= 0 || (*end && *end != ' '))
                return err_set("%s \"%s\": a rate is a positive whole number or max", option, arg);
            p = end;
        }
        l->io_limits_count++;
    }
    if (*p)
        return err_set("%s \"%s\": expected MAJOR:MINOR KEY=VALUE...", option, arg);
    return 0;
}

int cg_parse_hugetlb(const char *arg, struct cg_hugetlb_limit *out, const char *option)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : 0;
    char *end;

    errno = 0;
    if (!eq || n < 3 || n >= sizeof(out->pagesize) || strtoul(arg, &end, 10) == 0 || errno ||
        (end != arg + n - 2) || (strncmp(end, "KB", 2) && strncmp(end, "MB", 2) && strncmp(end, "GB", 2)))
        return err_set("%s \"%s\": expected PAGESIZE=LIMIT, e.g. 2MB=64M (page sizes as the "
                       "kernel names them: 2MB, 1GB)", option, arg);
    memcpy(out->pagesize, arg, n);
    out->pagesize[n] = '\0';
    return cg_parse_size(eq + 1, &out->limit, option);
}

void cg_device_rule_str(const struct cg_device_rule *r, char *buf, size_t len)
{
    char major[24], minor[24];

    if (r->major < 0)
        snprintf(major, sizeof(major), "*");
    else
        snprintf(major, sizeof(major), "%ld", r->major);
    if (r->minor < 0)
        snprintf(minor, sizeof(minor), "*");
    else
        snprintf(minor, sizeof(minor), "%ld", r->minor);
    snprintf(buf, len, "%c %s:%s %s", r->type, major, minor, r->access);
}

/* The formulas runc uses (libcontainer/cgroups/utils.go), so a config
 * means the same on either version. */
int64_t cg_shares_to_weight(int64_t shares)
{
    if (shares <= 0)
        return 0;
    return 1 + ((shares - 2) * 9999) / 262142;
}

int64_t cg_weight_to_shares(int64_t weight)
{
    if (weight <= 0)
        return 0;
    return 2 + ((weight - 1) * 262142) / 9999;
}

int64_t cg_blkio_to_io_weight(int64_t blkio_weight)
{
    if (blkio_weight <= 0)
        return 0;
    return 1 + (blkio_weight - 10) * 9999 / 990;
}

int64_t cg_swap_v2(int64_t memory, int64_t memory_swap)
{
    if (memory_swap == CG_UNLIMITED || memory == CG_UNLIMITED)
        return CG_UNLIMITED;
    if (memory_swap == CG_UNSET || memory == CG_UNSET)
        return CG_UNSET;
    return memory_swap - memory;
}
