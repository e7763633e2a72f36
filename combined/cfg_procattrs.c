/* config.json process.ioPriority, process.scheduler, linux.personality:
 * the process's I/O class, CPU scheduling policy and execution domain
 * (2.5), each one syscall in the init before the filter. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <linux/ioprio.h>
#include <stdio.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_RECLAIM 0x02
#define SCHED_FLAG_DL_OVERRUN 0x04
#define SCHED_FLAG_KEEP_POLICY 0x08
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define SCHED_FLAG_UTIL_CLAMP_MIN 0x20
#define SCHED_FLAG_UTIL_CLAMP_MAX 0x40

static int lookup(const char *name, const char *const *names, const int *values, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, names[i])) {
            *out = values[i];
            return 0;
        }
    return -1;
}

int cfg_parse_io_priority(json_t *process, struct cfg_process *out)
{
    static const char *const keys[] = { "class", "priority", NULL };
    static const char *const names[] = { "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };
    static const int values[] = { IOPRIO_CLASS_RT, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE };
    const char *where = "process.ioPriority";
    char *cls = NULL;
    int64_t prio = 0;
    json_t *o;
    int ret = -1;

    if (cfg_object(process, "ioPriority", "process", &o) < 0)
        return -1;
    if (!o)
        return 0;
    if (cfg_only_keys(o, where, keys) < 0 || cfg_need(cfg_string(o, "class", where, &cls), where, "class") < 0 ||
        cfg_int(o, "priority", where, 0, 7, &prio) < 0)
        goto out;
    if (lookup(cls, names, values, 3, &out->ioprio_class) < 0) {
        err_set("%s.class \"%s\": expected IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE",
                where, cls);
        goto out;
    }
    out->ioprio_level = (int)prio;
    ret = 0;
out:
    free(cls);
    return ret;
}

int cfg_parse_scheduler(json_t *process, struct cfg_process *out)
{
    static const char *const keys[] = { "policy", "nice", "priority", "flags", "runtime",
                                        "deadline", "period", NULL };
    static const char *const policies[] = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
                                            "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE" };
    static const int policy_values[] = { SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, 4,
                                         SCHED_IDLE, 6 };
    static const char *const flags[] = { "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
                                         "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
                                         "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
                                         "SCHED_FLAG_UTIL_CLAMP_MAX" };
    static const int flag_values[] = { SCHED_FLAG_RESET_ON_FORK, SCHED_FLAG_RECLAIM,
                                       SCHED_FLAG_DL_OVERRUN, SCHED_FLAG_KEEP_POLICY,
                                       SCHED_FLAG_KEEP_PARAMS, SCHED_FLAG_UTIL_CLAMP_MIN,
                                       SCHED_FLAG_UTIL_CLAMP_MAX };
    const char *where = "process.scheduler";
    int64_t nice = 0, prio = 0, runtime = 0, deadline = 0, period = 0;
    char *policy = NULL;
    json_t *o, *list, *f;
    size_t i;
    int ret = -1;

    if (cfg_object(process, "scheduler", "process", &o) < 0)
        return -1;
    if (!o)
        return 0;
    if (cfg_only_keys(o, where, keys) < 0 ||
        cfg_need(cfg_string(o, "policy", where, &policy), where, "policy") < 0 ||
        cfg_int(o, "nice", where, -20, 19, &nice) < 0 || cfg_int(o, "priority", where, 0, 99, &prio) < 0 ||
        cfg_int(o, "runtime", where, 0, INT64_MAX, &runtime) < 0 ||
        cfg_int(o, "deadline", where, 0, INT64_MAX, &deadline) < 0 ||
        cfg_int(o, "period", where, 0, INT64_MAX, &period) < 0 || cfg_array(o, "flags", where, &list) < 0)
        goto out;
    if (lookup(policy, policies, policy_values, 7, &out->sched_policy) < 0) {
        err_set("%s.policy \"%s\": expected SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, "
                "SCHED_ISO, SCHED_IDLE or SCHED_DEADLINE", where, policy);
        goto out;
    }
    out->sched_flags = 0;
    json_array_foreach(list, i, f) {
        int v;
        if (!json_is_string(f) || lookup(json_string_value(f), flags, flag_values, 7, &v) < 0) {
            err_set("%s.flags[%zu]: not a SCHED_FLAG_* name", where, i);
            goto out;
        }
        out->sched_flags |= (unsigned)v;
    }
    out->has_sched = true;
    out->sched_nice = (int)nice;
    out->sched_priority = (unsigned)prio;
    out->sched_runtime = (unsigned long long)runtime;
    out->sched_deadline = (unsigned long long)deadline;
    out->sched_period = (unsigned long long)period;
    ret = 0;
out:
    free(policy);
    return ret;
}

int cfg_parse_personality(json_t *lin, struct oci_config *cfg)
{
    static const char *const keys[] = { "domain", "flags", NULL };
    const char *where = "linux.personality";
    char *domain = NULL;
    json_t *o, *flags;
    int ret = -1;

    if (cfg_object(lin, "personality", "linux", &o) < 0)
        return -1;
    if (!o)
        return 0;
    if (cfg_only_keys(o, where, keys) < 0 ||
        cfg_need(cfg_string(o, "domain", where, &domain), where, "domain") < 0 ||
        cfg_array(o, "flags", where, &flags) < 0)
        goto out;
    /* The spec defines no flags yet: one that is given is not understood. */
    if (flags && json_array_size(flags)) {
        err_set("%s.flags: no personality flags are defined by the spec", where);
        goto out;
    }
    if (!strcmp(domain, "LINUX"))
        cfg->personality = PER_LINUX;
    else if (!strcmp(domain, "LINUX32"))
        cfg->personality = PER_LINUX32;
    else {
        err_set("%s.domain \"%s\": expected LINUX or LINUX32", where, domain);
        goto out;
    }
    cfg->has_personality = true;
    ret = 0;
out:
    free(domain);
    return ret;
}

/* linux.timeOffsets: {monotonic, boottime: {secs, nanosecs}}, for a new
 * time namespace (2.2). */
int cfg_parse_time_offsets(json_t *lin, struct oci_config *cfg)
{
    static const char *const clocks[] = { "monotonic", "boottime" };
    static const char *const keys[] = { "monotonic", "boottime", NULL };
    static const char *const off_keys[] = { "secs", "nanosecs", NULL };
    json_t *o;

    if (cfg_object(lin, "timeOffsets", "linux", &o) < 0)
        return -1;
    if (!o)
        return 0;
    if (cfg_only_keys(o, "linux.timeOffsets", keys) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        char where[48];
        int64_t secs = 0, nsecs = 0;
        json_t *c;
        snprintf(where, sizeof(where), "linux.timeOffsets.%s", clocks[i]);
        if (cfg_object(o, clocks[i], "linux.timeOffsets", &c) < 0)
            return -1;
        if (c && (cfg_only_keys(c, where, off_keys) < 0 ||
                  cfg_int(c, "secs", where, INT64_MIN / 2, INT64_MAX / 2, &secs) < 0 ||
                  cfg_int(c, "nanosecs", where, 0, 999999999, &nsecs) < 0))
            return -1;
        cfg->time_offset_secs[i] = secs;
        cfg->time_offset_nsecs[i] = (long)nsecs;
    }
    cfg->has_time_offsets = true;
    return 0;
}
