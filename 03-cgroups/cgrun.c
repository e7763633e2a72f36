/* What runs in a cgroup: its processes, the freezer, killing them all,
 * and what they used (chapter 2.3; pause, resume, kill, ps, delete). */
#include "cgfile.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "03-cgroups"

int cg_procs(const struct cgroup *cg, pid_t *out, size_t max)
{
    const char *dir = cg_dir(cg, "pids");
    char buf[65536];
    size_t n = 0;

    if (!dir) {
        for (size_t i = 0; i <= cg_v2_index(cg) && !dir; i++)
            if (cg->used[i])
                dir = cg->dirs[i];
    }
    if (!dir)
        return 0;
    if (cg_read(dir, "cgroup.procs", buf, sizeof(buf)) < 0)
        return errno == ENOENT ? 0 : -1; /* gone: nothing runs in it */
    for (char *p = buf; *p && n < max;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        out[n++] = (pid_t)v;
        p = end + (*end == '\n');
    }
    return (int)n;
}

/* v1: the kernel freezes each task as it next passes a freezing point;
 * one that does not (caught mid-fork or in an uninterruptible wait) can
 * keep the cgroup FREEZING for good.  So, as runc does, thaw and ask again
 * now and then, and when it never settles, thaw: a failed pause leaves the
 * container running, never half frozen (on v1 a half-frozen task ignores
 * even SIGKILL). */
static int freeze_v1(struct cgroup *cg, const char *dir, bool frozen)
{
    const char *want = frozen ? "FROZEN" : "THAWED";
    char buf[256];

    for (int i = 0; i < 1000; i++) {
        if (i % 100 == 0) {
            if (i > 0 && frozen && cg_write(cg->host, dir, "freezer.state", "THAWED") < 0)
                return -1;
            if (cg_write(cg->host, dir, "freezer.state", want) < 0)
                return -1;
            if (cg->host->fake)
                return 0;
        }
        if (cg_read(dir, "freezer.state", buf, sizeof(buf)) == 0 && !strncmp(buf, want, 6))
            return 0;
        cg_sleep_ms(10);
    }
    if (frozen)
        cg_write(cg->host, dir, "freezer.state", "THAWED");
    return err_set("%s/freezer.state did not become %s in 10 s%s", dir, want,
                   frozen ? " (thawed again)" : "");
}

int cg_freeze(struct cgroup *cg, bool frozen)
{
    const char *dir = cg_dir(cg, "freezer");

    if (dir)
        return freeze_v1(cg, dir, frozen);
    if (!cg->host->v2[0])
        return err_set("freeze: this host has no freezer (neither v1 freezer nor cgroup v2)");
    dir = cg->dirs[cg_v2_index(cg)];
    if (cg_write(cg->host, dir, "cgroup.freeze", frozen ? "1" : "0") < 0)
        return -1;
    /* Freezing takes a moment (seconds on a slow or emulated machine):
     * wait until the kernel says it is done. */
    for (int i = 0; i < 1000 && !cg->host->fake; i++) {
        if (cg_read_key(dir, "cgroup.events", "frozen") == (frozen ? 1 : 0))
            return 0;
        cg_sleep_ms(10);
    }
    if (cg->host->fake)
        return 0;
    if (frozen)
        cg_write(cg->host, dir, "cgroup.freeze", "0");
    return err_set("%s/cgroup.events did not say frozen %d in 10 s%s", dir, frozen,
                   frozen ? " (thawed again)" : "");
}

int cg_frozen(struct cgroup *cg)
{
    const char *dir = cg_dir(cg, "freezer");
    char buf[256];

    if (dir)
        return cg_read(dir, "freezer.state", buf, sizeof(buf)) == 0 && strncmp(buf, "THAWED", 6);
    if (!cg->host->v2[0])
        return -1;
    return cg_read(cg->dirs[cg_v2_index(cg)], "cgroup.freeze", buf, sizeof(buf)) == 0 &&
           buf[0] == '1';
}

int cg_kill_all(struct cgroup *cg)
{
    const char *v2 = cg->host->v2[0] ? cg->dirs[cg_v2_index(cg)] : NULL;
    char path[PATH_MAX + 16];
    pid_t pids[4096];
    int n;

    if (cg->host->fake)
        return 0;
    snprintf(path, sizeof(path), "%s/cgroup.kill", v2 ? v2 : "");
    if (v2 && access(path, F_OK) == 0) {
        if (cg_write(cg->host, v2, "cgroup.kill", "1") < 0)
            return -1;
    } else {
        /* No cgroup.kill: freeze first, so nothing forks while we kill. */
        bool freezer = cg_dir(cg, "freezer") != NULL;
        if (freezer && cg_freeze(cg, true) < 0)
            err_clear(); /* never settled (thawed again): kill all the same, and again below */
        n = cg_procs(cg, pids, sizeof(pids) / sizeof(pids[0]));
        if (n >= 0)
            trace(TAG, "kill -KILL $(cat %s/cgroup.procs)   # %d processes",
                  cg_dir(cg, "pids") ? cg_dir(cg, "pids") : cg->dirs[0], n);
        for (int i = 0; i < n; i++)
            kill(pids[i], SIGKILL);
        /* Always thaw, even when the freeze never finished (or the list
         * could not be read): on v1 a frozen task dies of its SIGKILL only
         * once it is thawed. */
        if (n < 0 || (freezer && cg_freeze(cg, false) < 0)) {
            if (n < 0 && freezer)
                cg_freeze(cg, false);
            return -1;
        }
    }
    for (int i = 0; i < 500; i++) {
        n = cg_procs(cg, pids, 1);
        if (n <= 0)
            return n;
        if (i % 50 == 49) {
            n = cg_procs(cg, pids, sizeof(pids) / sizeof(pids[0]));
            for (int k = 0; k < n; k++)
                kill(pids[k], SIGKILL);
        }
        cg_sleep_ms(10);
    }
    return err_set("cgroup %s%s: processes remain after SIGKILL", cg->systemd ? "/" : CG_PARENT "/",
                   cg->name);
}

int cg_stats(const struct cgroup *cg, struct cg_stats *st)
{
    const char *mem = cg_dir(cg, "memory"), *pids = cg_dir(cg, "pids");
    const char *cpu = cg_dir(cg, "cpuacct");
    const char *mount;

    st->memory_peak = st->oom_kills = -1;
    st->pids_current = st->pids_peak = st->pids_limit_hits = st->cpu_usec = -1;
    if (mem && cg_where(cg->host, "memory", &mount) == 1) {
        st->memory_peak = cg_read_number(mem, "memory.max_usage_in_bytes");
        st->oom_kills = cg_read_key(mem, "memory.oom_control", "oom_kill");
    } else if (mem) {
        st->memory_peak = cg_read_number(mem, "memory.peak");
        st->oom_kills = cg_read_key(mem, "memory.events", "oom_kill");
    }
    if (pids) {
        st->pids_current = cg_read_number(pids, "pids.current");
        st->pids_peak = cg_read_number(pids, "pids.peak");
        st->pids_limit_hits = cg_read_key(pids, "pids.events", "max");
    }
    if (cpu) {
        int64_t ns = cg_read_number(cpu, "cpuacct.usage");
        st->cpu_usec = ns < 0 ? -1 : ns / 1000;
    } else if (cg->host->v2[0]) {
        /* cpu.stat is a core v2 file: there even without the cpu controller. */
        st->cpu_usec = cg_read_key(cg->dirs[cg_v2_index(cg)], "cpu.stat", "usage_usec");
    }
    return 0;
}
