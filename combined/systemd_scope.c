/* 2.3, who owns the cgroup tree: with --systemd-cgroup the container's
 * cgroup is a transient scope that systemd makes (systemd_scope.h).  Each
 * D-Bus call is traced as the busctl command that makes the same call. */
#include "systemd_scope.h"

#include "error.h"
#include "sd_bus_lazy.h"
#include "trace.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

#define TAG "03-cgroups"
#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_MANAGER "org.freedesktop.systemd1.Manager"
#define JOB_TIMEOUT_USEC (30 * 1000000ULL)

/* A unit name's characters (systemd's unit_name_is_valid, less '\'
 * escapes, which no container id needs). */
static bool unit_chars(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(":-_.@", s[i]))
            return false;
    return len > 0;
}

int systemd_slice_path(const char *slice, char *out, size_t len)
{
    size_t n = strlen(slice), used = 0;
    const char *suffix = ".slice";

    out[0] = '\0';
    if (!strcmp(slice, "-.slice"))
        return 0; /* the root slice: the top of the tree */
    if (n <= strlen(suffix) || strcmp(slice + n - strlen(suffix), suffix) ||
        !unit_chars(slice, n) || strchr(slice, ':'))
        return err_set("systemd slice \"%s\": a name like \"machine.slice\" (or \"a-b.slice\", "
                       "below a.slice)", slice);
    n -= strlen(suffix);
    /* "a-b-c.slice" lives at /a.slice/a-b.slice/a-b-c.slice: every prefix
     * up to a '-' is a parent slice.  Empty parts ("a--b", "-a") are not
     * names systemd makes. */
    for (size_t i = 0; i <= n; i++) {
        if (i < n && slice[i] != '-')
            continue;
        if (i == 0 || slice[i - 1] == '-' || (i < n && i + 1 == n))
            return err_set("systemd slice \"%s\": an empty part between '-'", slice);
        int w = snprintf(out + used, len - used, "/%.*s.slice", (int)i, slice);
        if (w < 0 || (size_t)w >= len - used)
            return err_set("systemd slice \"%s\": too long", slice);
        used += (size_t)w;
    }
    return 0;
}

int systemd_scope_parse(const char *cgroups_path, const char *id, bool rootless,
                        struct systemd_scope *out)
{
    char slice[128], prefix[128], name[256];
    const char *p = cgroups_path ? cgroups_path : "";
    const char *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    int w;

    memset(out, 0, sizeof(*out));
    if (!*p) {
        snprintf(slice, sizeof(slice), "%s", "");
        snprintf(prefix, sizeof(prefix), "minirunc");
        snprintf(name, sizeof(name), "%s", id);
    } else if (!c1 || !c2 || strchr(c2 + 1, ':')) {
        return err_set("linux.cgroupsPath \"%s\": with --systemd-cgroup it is \"slice:prefix:name\" "
                       "(as \"machine.slice:libpod:ID\")", p);
    } else if ((size_t)(c1 - p) >= sizeof(slice) || (size_t)(c2 - c1 - 1) >= sizeof(prefix) ||
               strlen(c2 + 1) >= sizeof(name)) {
        return err_set("linux.cgroupsPath \"%s\": too long", p);
    } else {
        snprintf(slice, sizeof(slice), "%.*s", (int)(c1 - p), p);
        snprintf(prefix, sizeof(prefix), "%.*s", (int)(c2 - c1 - 1), c1 + 1);
        snprintf(name, sizeof(name), "%s", c2 + 1);
    }
    if (!slice[0])
        snprintf(slice, sizeof(slice), "%s", rootless ? "user.slice" : "system.slice");
    if (!name[0])
        return err_set("linux.cgroupsPath \"%s\": the name (after the second ':') is empty", p);
    if (strlen(name) > 6 && !strcmp(name + strlen(name) - 6, ".slice"))
        return err_set("linux.cgroupsPath \"%s\": a slice as the container's own unit is not "
                       "supported: name a scope (\"slice:prefix:name\")", p);
    w = prefix[0] ? snprintf(out->unit, sizeof(out->unit), "%s-%s.scope", prefix, name)
                  : snprintf(out->unit, sizeof(out->unit), "%s.scope", name);
    if (w < 0 || (size_t)w >= sizeof(out->unit) || !unit_chars(out->unit, strlen(out->unit)))
        return err_set("linux.cgroupsPath \"%s\": \"%s\" is not a unit name systemd takes "
                       "(letters, digits, ':', '-', '_', '.', '@')", p, out->unit);
    snprintf(out->slice, sizeof(out->slice), "%s", slice);
    if (systemd_slice_path(slice, out->path, sizeof(out->path)) < 0) {
        err_context("linux.cgroupsPath \"%s\"", p);
        return -1;
    }
    w = snprintf(out->path + strlen(out->path), sizeof(out->path) - strlen(out->path), "/%s",
                 out->unit);
    if (w < 0)
        return err_set("linux.cgroupsPath \"%s\": too long", p);
    return 0;
}

const char *systemd_scope_unit(const char *path)
{
    const char *last = strrchr(path, '/');
    size_t n;

    if (path[0] != '/' || !last)
        return NULL;
    n = strlen(++last);
    return n > 6 && !strcmp(last + n - 6, ".scope") ? last : NULL;
}

/* The bus systemd answers on: the system's for root, the user's own
 * manager without root (rootless podman on a systemd host). */
static sd_bus *open_bus(void)
{
    sd_bus *bus = NULL;
    int r;

    if (sd_bus_load() < 0)
        return NULL;
    r = geteuid() == 0 ? sd_bus_open_system(&bus) : sd_bus_open_user(&bus);
    if (r < 0) {
        err_set("--systemd-cgroup: cannot reach systemd's %s bus (%s): is systemd running "
                "here? Without it, leave out --systemd-cgroup (the cgroupfs driver)",
                geteuid() == 0 ? "system" : "user", strerror(-r));
        return NULL;
    }
    return bus;
}

/* The JobRemoved signal of the job we wait for. */
struct job_wait {
    const char *path;
    char result[32];
    bool done;
};

static int on_job_removed(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
    struct job_wait *w = data;
    const char *path, *unit, *result;
    uint32_t id;

    (void)ret_error;
    if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) >= 0 && w->path &&
        !strcmp(path, w->path)) {
        snprintf(w->result, sizeof(w->result), "%s", result);
        w->done = true;
    }
    return 0;
}

/* Dispatch messages until the job's JobRemoved came (the match was added
 * before the call, so a quick job's signal is not missed). */
static int wait_job(sd_bus *bus, struct job_wait *w, const char *unit, const char *what)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (!w->done) {
        int r = sd_bus_process(bus, NULL);
        if (r < 0)
            return err_set("systemd: waiting for the job to %s %s: %s", what, unit, strerror(-r));
        if (r > 0)
            continue;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((uint64_t)(t.tv_sec - t0.tv_sec) * 1000000ULL > JOB_TIMEOUT_USEC)
            return err_set("systemd: the job to %s %s did not end in %llu s", what, unit,
                           JOB_TIMEOUT_USEC / 1000000ULL);
        r = sd_bus_wait(bus, 1000000);
        if (r < 0 && r != -EINTR)
            return err_set("systemd: waiting for the job to %s %s: %s", what, unit, strerror(-r));
    }
    if (strcmp(w->result, "done"))
        return err_set("systemd: the job to %s %s ended \"%s\" (journalctl -u %s says why)", what,
                       unit, w->result, unit);
    return 0;
}

/* The properties, appended to the message and to the busctl line that
 * shows them: "NAME SIG VALUE". */
struct props {
    sd_bus_message *m;
    char text[2048];
    size_t len;
    int count, err;
};

static void prop_text(struct props *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void prop_text(struct props *p, const char *fmt, ...)
{
    va_list ap;
    int w;

    if (p->len >= sizeof(p->text))
        return;
    va_start(ap, fmt);
    w = vsnprintf(p->text + p->len, sizeof(p->text) - p->len, fmt, ap);
    va_end(ap);
    p->len += w > 0 ? (size_t)w : 0;
    p->count++;
}

static void prop_s(struct props *p, const char *name, const char *value)
{
    if (p->err >= 0)
        p->err = sd_bus_message_append(p->m, "(sv)", name, "s", value);
    prop_text(p, " %s s %s", name, shq(value));
}

static void prop_b(struct props *p, const char *name, bool value)
{
    if (p->err >= 0)
        p->err = sd_bus_message_append(p->m, "(sv)", name, "b", (int)value);
    prop_text(p, " %s b %s", name, value ? "true" : "false");
}

/* A uint64 property; "infinity" is UINT64_MAX, as systemd spells it. */
static void prop_t(struct props *p, const char *name, uint64_t value)
{
    if (p->err >= 0)
        p->err = sd_bus_message_append(p->m, "(sv)", name, "t", value);
    prop_text(p, " %s t %" PRIu64, name, value);
}

/* AllowedCPUs / AllowedMemoryNodes: a bitmask, bit N of byte N/8 for CPU
 * N, from a cpuset list ("0-3,5"). */
static void prop_cpuset(struct props *p, const char *name, const char *list)
{
    uint8_t bits[128] = { 0 };
    size_t used = 0;
    const char *s = list;

    while (*s) {
        char *end;
        unsigned long a = strtoul(s, &end, 10), b = a;
        if (end == s)
            break;
        if (*end == '-')
            b = strtoul(end + 1, &end, 10);
        for (unsigned long i = a; i <= b && i < sizeof(bits) * 8; i++) {
            bits[i / 8] |= (uint8_t)(1u << (i % 8));
            if (i / 8 + 1 > used)
                used = i / 8 + 1;
        }
        s = *end == ',' ? end + 1 : end + strlen(end);
    }
    if (p->err >= 0)
        p->err = sd_bus_message_open_container(p->m, 'r', "sv");
    if (p->err >= 0)
        p->err = sd_bus_message_append(p->m, "s", name);
    if (p->err >= 0)
        p->err = sd_bus_message_open_container(p->m, 'v', "ay");
    if (p->err >= 0)
        p->err = sd_bus_message_append_array(p->m, 'y', bits, used);
    if (p->err >= 0)
        p->err = sd_bus_message_close_container(p->m);
    if (p->err >= 0)
        p->err = sd_bus_message_close_container(p->m);
    prop_text(p, " %s ay %zu", name, used);
    for (size_t i = 0; i < used && p->len < sizeof(p->text); i++)
        p->len += (size_t)snprintf(p->text + p->len, sizeof(p->text) - p->len, " %u", bits[i]);
}

bool systemd_devices_expressible(const struct cg_device_rule *rules, size_t n)
{
    if (n == 0 || rules[0].allow || rules[0].type != 'a' || rules[0].major != -1 ||
        rules[0].minor != -1)
        return false;
    for (size_t i = 1; i < n; i++)
        if (!rules[i].allow)
            return false;
    return true;
}

/* The name /proc/devices gives MAJOR in its TYPE section ("pts" for char
 * 136); false when it lists none. */
static bool major_name(const char *proc_devices, char type, long major, char *name, size_t len)
{
    const char *section = type == 'b' ? "Block devices:" : "Character devices:";
    const char *p = proc_devices ? strstr(proc_devices, section) : NULL;

    if (!p)
        return false;
    for (p = strchr(p, '\n'); p && p[1] && p[1] != '\n'; p = strchr(p + 1, '\n')) {
        long m;
        int used = 0;
        char word[64];
        if (sscanf(p + 1, "%ld %63s%n", &m, word, &used) == 2 && used > 0 && m == major) {
            snprintf(name, len, "%s", word);
            return true;
        }
    }
    return false;
}

int systemd_device_paths(const struct cg_device_rule *r, const char *proc_devices,
                         char out[2][64])
{
    const char *kind = r->type == 'b' ? "block" : "char";
    char name[64];

    if (r->type == 'a') {
        snprintf(out[0], 64, "char-*");
        snprintf(out[1], 64, "block-*");
        return 2;
    }
    if (r->major == -1) {
        snprintf(out[0], 64, "%s-*", kind);
        return 1;
    }
    if (r->minor != -1) {
        snprintf(out[0], 64, "/dev/%s/%ld:%ld", kind, r->major, r->minor);
        return 1;
    }
    if (!major_name(proc_devices, r->type, r->major, name, sizeof(name)))
        return 0;
    snprintf(out[0], 64, "%s-%.50s", kind, name);
    return 1;
}

/* DevicePolicy=strict and DeviceAllow (a(ss): path, access), so that
 * systemd keeps the scope's device list as its own (on v1 it makes the
 * scope in the devices hierarchy then).  A rule it has no name for is left
 * out of its list, as runc's driver leaves it: the device stays denied. */
static void device_props(struct props *p, const struct cg_limits *l)
{
    char proc_devices[8192] = ""; /* a few hundred bytes on any kernel */
    FILE *f;

    if (!systemd_devices_expressible(l->devices, l->devices_count))
        return;
    /* Unreadable: every whole-major rule is left out (denied), as unnamed. */
    if ((f = fopen("/proc/devices", "re")) != NULL) {
        proc_devices[fread(proc_devices, 1, sizeof(proc_devices) - 1, f)] = '\0';
        fclose(f);
    }
    prop_s(p, "DevicePolicy", "strict");
    if (p->err >= 0)
        p->err = sd_bus_message_open_container(p->m, 'r', "sv");
    if (p->err >= 0)
        p->err = sd_bus_message_append(p->m, "s", "DeviceAllow");
    if (p->err >= 0)
        p->err = sd_bus_message_open_container(p->m, 'v', "a(ss)");
    if (p->err >= 0)
        p->err = sd_bus_message_open_container(p->m, 'a', "(ss)");
    {
        char paths[2][64], list[1536] = "";
        size_t len = 0;
        int entries = 0;
        for (size_t i = 1; i < l->devices_count; i++) {
            int k = systemd_device_paths(&l->devices[i], proc_devices, paths);
            for (int j = 0; j < k; j++) {
                if (p->err >= 0)
                    p->err = sd_bus_message_append(p->m, "(ss)", paths[j], l->devices[i].access);
                if (len < sizeof(list))
                    len += (size_t)snprintf(list + len, sizeof(list) - len, " %s %s",
                                            shq(paths[j]), l->devices[i].access);
                entries++;
            }
        }
        prop_text(p, " DeviceAllow 'a(ss)' %d%s", entries, len < sizeof(list) ? list : " ...");
    }
    if (p->err >= 0)
        p->err = sd_bus_message_close_container(p->m);
    if (p->err >= 0)
        p->err = sd_bus_message_close_container(p->m);
    if (p->err >= 0)
        p->err = sd_bus_message_close_container(p->m);
}

static uint64_t or_infinity(int64_t v)
{
    return v == CG_UNLIMITED ? UINT64_MAX : (uint64_t)v;
}

/* The limits systemd manages itself, under the names of
 * systemd.resource-control(5), converted as runc's driver converts them.
 * The v1-only knobs are left to the cgroupfs step, and the device rules
 * go there too (our own program on v2, devices.allow on v1) after
 * device_props has given systemd its copy. */
static void limit_props(struct props *p, const struct cg_limits *l, bool v2)
{
    if (l->memory > 0 || l->memory == CG_UNLIMITED)
        prop_t(p, "MemoryMax", or_infinity(l->memory));
    if (l->memory_reservation > 0)
        prop_t(p, "MemoryLow", (uint64_t)l->memory_reservation);
    if (v2 && l->memory_swap == CG_UNLIMITED)
        prop_t(p, "MemorySwapMax", UINT64_MAX);
    else if (v2 && l->memory_swap > 0 && l->memory > 0 && l->memory_swap >= l->memory)
        prop_t(p, "MemorySwapMax", (uint64_t)(l->memory_swap - l->memory));
    if (l->pids > 0 || l->pids == CG_UNLIMITED)
        prop_t(p, "TasksMax", or_infinity(l->pids));
    if (l->cpu_weight > 0)
        prop_t(p, "CPUWeight", (uint64_t)l->cpu_weight);
    else if (l->cpu_shares >= 2)
        prop_t(p, "CPUWeight", 1 + (uint64_t)(l->cpu_shares - 2) * 9999 / 262142);
    if (l->cpu_quota > 0 && l->cpu_period > 0) {
        /* systemd keeps it per second, in steps of 10 ms: round up. */
        uint64_t per_sec = (uint64_t)l->cpu_quota * 1000000 / (uint64_t)l->cpu_period;
        if (per_sec % 10000)
            per_sec = (per_sec / 10000 + 1) * 10000;
        prop_t(p, "CPUQuotaPerSecUSec", per_sec);
    } else if (l->cpu_quota == CG_UNLIMITED) {
        prop_t(p, "CPUQuotaPerSecUSec", UINT64_MAX);
    }
    if (v2 && l->cpuset_cpus[0])
        prop_cpuset(p, "AllowedCPUs", l->cpuset_cpus);
    if (v2 && l->cpuset_mems[0])
        prop_cpuset(p, "AllowedMemoryNodes", l->cpuset_mems);
    if (v2 && l->io_weight > 0)
        prop_t(p, "IOWeight", 1 + (uint64_t)(l->io_weight - 10) * 9999 / 990);
}

int systemd_scope_start(const struct systemd_scope *s, pid_t pid, const struct cg_limits *l,
                        const char *id, bool v2, bool *started)
{
    sd_bus *bus = open_bus();
    sd_bus_message *m = NULL, *reply = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_slot *slot = NULL;
    struct job_wait w = { 0 };
    struct props p = { 0 };
    char desc[300];
    const char *job;
    int r, ret = -1;

    if (!bus)
        return -1;
    r = sd_bus_match_signal(bus, &slot, SD_DEST, SD_PATH, SD_MANAGER, "JobRemoved",
                            on_job_removed, &w);
    if (r >= 0)
        r = sd_bus_message_new_method_call(bus, &m, SD_DEST, SD_PATH, SD_MANAGER,
                                           "StartTransientUnit");
    if (r >= 0)
        r = sd_bus_message_append(m, "ss", s->unit, "fail");
    if (r >= 0)
        r = sd_bus_message_open_container(m, 'a', "(sv)");
    if (r < 0) {
        err_set("systemd: StartTransientUnit %s: %s", s->unit, strerror(-r));
        goto out;
    }
    p.m = m;
    snprintf(desc, sizeof(desc), "minirunc container %s", id);
    prop_s(&p, "Description", desc);
    prop_s(&p, "Slice", s->slice);
    /* A container's own scope: no ordering against the rest of the boot,
     * and the subtree is the runtime's to write (Delegate=yes). */
    prop_b(&p, "DefaultDependencies", false);
    prop_b(&p, "Delegate", true);
    prop_b(&p, "MemoryAccounting", true);
    prop_b(&p, "CPUAccounting", true);
    prop_b(&p, "TasksAccounting", true);
    if (v2)
        prop_b(&p, "IOAccounting", true);
    if (p.err >= 0)
        p.err = sd_bus_message_append(m, "(sv)", "PIDs", "au", 1, (uint32_t)pid);
    prop_text(&p, " PIDs au 1 %d", (int)pid);
    limit_props(&p, l, v2);
    device_props(&p, l);
    r = p.err;
    if (r >= 0)
        r = sd_bus_message_close_container(m);
    if (r >= 0)
        r = sd_bus_message_append(m, "a(sa(sv))", 0);
    if (r < 0) {
        err_set("systemd: StartTransientUnit %s: building the call: %s", s->unit, strerror(-r));
        goto out;
    }
    trace(TAG, "busctl call " SD_DEST " " SD_PATH " " SD_MANAGER " StartTransientUnit "
               "'ssa(sv)a(sa(sv))' %s fail %d%s 0",
          s->unit, p.count, p.text);
    r = sd_bus_call(bus, m, 0, &error, &reply);
    if (r < 0) {
        err_set("systemd: StartTransientUnit %s in %s: %s", s->unit, s->slice,
                error.message ? error.message : strerror(-r));
        goto out;
    }
    *started = true;
    if (sd_bus_message_read(reply, "o", &job) < 0) {
        err_set("systemd: StartTransientUnit %s: no job in the reply", s->unit);
        goto out;
    }
    w.path = job;
    trace(TAG, "# systemd's job %s moves PID %d into %s", job, (int)pid, s->path);
    ret = wait_job(bus, &w, s->unit, "start");
out:
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    sd_bus_message_unref(m);
    sd_bus_slot_unref(slot);
    sd_bus_flush_close_unref(bus);
    return ret;
}

int systemd_scope_set(const char *unit, const struct cg_limits *l, bool v2)
{
    sd_bus *bus = open_bus();
    sd_bus_message *m = NULL, *reply = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    struct props p = { 0 };
    int r, ret = -1;

    if (!bus)
        return -1;
    r = sd_bus_message_new_method_call(bus, &m, SD_DEST, SD_PATH, SD_MANAGER, "SetUnitProperties");
    if (r >= 0)
        r = sd_bus_message_append(m, "sb", unit, 1);
    if (r >= 0)
        r = sd_bus_message_open_container(m, 'a', "(sv)");
    if (r >= 0) {
        p.m = m;
        limit_props(&p, l, v2);
        r = p.err;
    }
    if (r >= 0)
        r = sd_bus_message_close_container(m);
    if (r < 0) {
        err_set("systemd: SetUnitProperties %s: building the call: %s", unit, strerror(-r));
        goto out;
    }
    if (!p.count) {
        ret = 0; /* nothing systemd manages changes */
        goto out;
    }
    trace(TAG, "busctl call " SD_DEST " " SD_PATH " " SD_MANAGER " SetUnitProperties 'sba(sv)' %s true %d%s",
          unit, p.count, p.text);
    r = sd_bus_call(bus, m, 0, &error, &reply);
    if (r < 0)
        err_set("systemd: SetUnitProperties %s: %s", unit, error.message ? error.message : strerror(-r));
    else
        ret = 0;
out:
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    sd_bus_message_unref(m);
    sd_bus_flush_close_unref(bus);
    return ret;
}

int systemd_scope_stop(const char *unit)
{
    sd_bus *bus = open_bus();
    sd_bus_message *reply = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_slot *slot = NULL;
    struct job_wait w = { 0 };
    const char *job;
    int r, ret = -1;

    if (!bus)
        return -1;
    trace(TAG, "busctl call " SD_DEST " " SD_PATH " " SD_MANAGER " StopUnit ss %s replace", unit);
    r = sd_bus_match_signal(bus, &slot, SD_DEST, SD_PATH, SD_MANAGER, "JobRemoved",
                            on_job_removed, &w);
    if (r >= 0)
        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "StopUnit", &error, &reply,
                               "ss", unit, "replace");
    if (r < 0) {
        /* Gone already: a scope stops by itself once its last process
         * has. */
        if (sd_bus_error_has_name(&error, "org.freedesktop.systemd1.NoSuchUnit"))
            ret = 0;
        else
            err_set("systemd: StopUnit %s: %s", unit, error.message ? error.message : strerror(-r));
        goto out;
    }
    if (sd_bus_message_read(reply, "o", &job) < 0) {
        err_set("systemd: StopUnit %s: no job in the reply", unit);
        goto out;
    }
    w.path = job;
    ret = wait_job(bus, &w, unit, "stop");
out:
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    sd_bus_slot_unref(slot);
    sd_bus_flush_close_unref(bus);
    return ret;
}
