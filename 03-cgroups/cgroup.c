#include "cgroup.h"

#include "devprog.h"
#include "error.h"
#include "plan.h"
#include "trace.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "03-cgroups"

static void sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static size_t v2_index(const struct cgroup *cg)
{
    return cg->host->v1_count;
}

int cg_write(const struct cg_host *h, const char *dir, const char *file, const char *value)
{
    char path[PATH_MAX + 80];
    size_t len = strlen(value);
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    trace(TAG, "echo %s > %s", shq(value), path);
    /* A fake tree (a test's plain directories) has no files until written. */
    fd = open(path, O_WRONLY | O_CLOEXEC | (h->fake ? O_CREAT | O_TRUNC : 0), 0644);
    if (fd < 0)
        return err_sys("open %s", path);
    if (write(fd, value, len) != (ssize_t)len) {
        err_sys("echo %s > %s", value, path);
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

static int read_file(const char *dir, const char *file, char *buf, size_t len)
{
    char path[PATH_MAX + 80];
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = read(fd, buf, len - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return 0;
}

static int64_t read_number(const char *dir, const char *file)
{
    char buf[64];
    return read_file(dir, file, buf, sizeof(buf)) == 0 && isdigit((unsigned char)buf[0])
               ? strtoll(buf, NULL, 10)
               : -1;
}

/* "key N" lines (memory.events, pids.events, cpu.stat, memory.oom_control). */
static int64_t read_key(const char *dir, const char *file, const char *key)
{
    char buf[4096];
    size_t klen = strlen(key);

    if (read_file(dir, file, buf, sizeof(buf)) < 0)
        return -1;
    for (char *line = buf; line && *line;) {
        char *next = strchr(line, '\n');
        if (!strncmp(line, key, klen) && line[klen] == ' ')
            return strtoll(line + klen + 1, NULL, 10);
        line = next ? next + 1 : NULL;
    }
    return -1;
}

static bool valid_name(const char *name)
{
    const char *p = name;

    if (!*name || strlen(name) >= 200)
        return false;
    while (*p) {
        const char *end = strchrnul(p, '/');
        size_t len = (size_t)(end - p);
        if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && !strncmp(p, "..", 2)))
            return false;
        for (const char *c = p; c < end; c++)
            if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
                return false;
        p = *end ? end + 1 : end;
    }
    return true;
}

int cg_open(struct cgroup *cg, const struct cg_host *h, const char *name)
{
    memset(cg, 0, sizeof(*cg));
    cg->host = h;
    if (!valid_name(name))
        return err_set("cgroup name \"%s\": use letters, digits, '.', '_' and '-' "
                       "(and '/' between parts); no \"..\"", name);
    snprintf(cg->name, sizeof(cg->name), "%s", name);
    for (size_t i = 0; i < h->v1_count; i++) {
        /* Named hierarchies (name=systemd) have no controller: not ours. */
        if (!strncmp(h->v1[i].controllers, "name=", 5))
            continue;
        snprintf(cg->dirs[i], sizeof(cg->dirs[i]), "%s/" CG_PARENT "/%s", h->v1[i].path, name);
        cg->used[i] = true;
    }
    if (h->v2[0]) {
        snprintf(cg->dirs[v2_index(cg)], sizeof(cg->dirs[0]), "%s/" CG_PARENT "/%s", h->v2, name);
        cg->used[v2_index(cg)] = true;
    }
    return 0;
}

bool cg_exists(const struct cgroup *cg)
{
    for (size_t i = 0; i <= v2_index(cg); i++)
        if (cg->used[i] && access(cg->dirs[i], F_OK) == 0)
            return true;
    return false;
}

/* mkdir -p for the parts below the hierarchy root: minirunc/, then NAME's. */
static int make_dirs(const char *dir, size_t root_len)
{
    char path[PATH_MAX];

    snprintf(path, sizeof(path), "%s", dir);
    for (char *p = path + root_len + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0755) == 0)
            trace(TAG, "mkdir %s", path);
        else if (errno != EEXIST)
            return err_sys("mkdir %s", path);
        *p = saved;
        if (!saved)
            return 0;
    }
}

/* v1 cpuset: a new cgroup starts with no CPUs and no memory nodes, and no
 * task may join it until both are set: copy them from the parent. */
static int init_cpuset(const struct cgroup *cg, size_t i)
{
    const char *root = cg->host->v1[i].path;
    char dir[PATH_MAX], parent[PATH_MAX], buf[256];
    size_t root_len = strlen(root);

    if (cg->host->fake)
        return 0;
    snprintf(dir, sizeof(dir), "%s", root);
    for (const char *p = cg->dirs[i] + root_len; *p;) {
        const char *end = strchrnul(p + 1, '/');
        snprintf(parent, sizeof(parent), "%s", dir);
        snprintf(dir, sizeof(dir), "%.*s", (int)(end - cg->dirs[i]), cg->dirs[i]);
        for (int f = 0; f < 2; f++) {
            const char *file = f ? "cpuset.mems" : "cpuset.cpus";
            char cur[256];
            if (read_file(dir, file, cur, sizeof(cur)) == 0 && cur[0] != '\n' && cur[0])
                continue;
            if (read_file(parent, file, buf, sizeof(buf)) < 0)
                return err_sys("read %s/%s", parent, file);
            buf[strcspn(buf, "\n")] = '\0';
            if (cg_write(cg->host, dir, file, buf) < 0)
                return -1;
        }
        p = end;
    }
    return 0;
}

/* Is WORD one of LIST's space-separated words? */
static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = strstr(list, word); p; p = strstr(p + 1, word))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

/* v2: a controller works in minirunc/NAME only when every ancestor lists
 * it in cgroup.subtree_control.  Enable the ones we manage that the root
 * offers, and only those not yet enabled. */
static int enable_v2_controllers(const struct cgroup *cg)
{
    static const char *const managed[] = { "cpu", "cpuset", "io", "memory", "pids", "hugetlb" };
    const struct cg_host *h = cg->host;
    char dir[PATH_MAX], enabled[512], offered[512];

    for (int level = 0; level < 2; level++) {
        if (level == 0)
            snprintf(dir, sizeof(dir), "%s", h->v2);
        else
            snprintf(dir, sizeof(dir), "%s/" CG_PARENT, h->v2);
        if (read_file(dir, "cgroup.subtree_control", enabled, sizeof(enabled)) < 0)
            enabled[0] = '\0';
        if (read_file(dir, "cgroup.controllers", offered, sizeof(offered)) < 0)
            offered[0] = '\0';
        for (size_t i = 0; i < sizeof(managed) / sizeof(managed[0]); i++) {
            char word[32];
            const char *mount;
            if (cg_where(h, managed[i], &mount) != 2 || has_word(enabled, managed[i]))
                continue;
            /* Only what this level has: its parent may not pass it down. */
            if (!h->fake && !has_word(offered, managed[i]))
                continue;
            /* The root is the host's.  On a hybrid host its v1 hierarchies
             * do the work: we turn nothing on there.  Elsewhere only the
             * controllers every runtime needs, never hugetlb (which a
             * hybrid host may list in its unified root, and a tree given
             * with --cgroup-root may be that root). */
            if (level == 0 && (cg_mode(h) == CG_MODE_HYBRID || !strcmp(managed[i], "hugetlb")))
                continue;
            snprintf(word, sizeof(word), "+%s", managed[i]);
            if (cg_write(h, dir, "cgroup.subtree_control", word) < 0)
                return -1;
        }
    }
    return 0;
}

int cg_create(struct cgroup *cg)
{
    const struct cg_host *h = cg->host;
    char parent[PATH_MAX];

    if (cg_exists(cg))
        return err_set("cgroup " CG_PARENT "/%s already exists", cg->name);
    snprintf(parent, sizeof(parent), "%s/" CG_PARENT, h->v2);
    if (h->v2[0]) {
        if (make_dirs(parent, strlen(h->v2)) < 0 || enable_v2_controllers(cg) < 0)
            goto undo;
    }
    for (size_t i = 0; i <= v2_index(cg); i++) {
        const char *root = i < h->v1_count ? h->v1[i].path : h->v2;
        if (!cg->used[i])
            continue;
        if (make_dirs(cg->dirs[i], strlen(root)) < 0)
            goto undo;
        if (i < h->v1_count && strstr(h->v1[i].controllers, "cpuset") && init_cpuset(cg, i) < 0)
            goto undo;
    }
    return 0;
undo:
    err_context("create cgroup " CG_PARENT "/%s", cg->name);
    {
        char saved[4096];
        snprintf(saved, sizeof(saved), "%s", err_get());
        cg_destroy(cg, true);
        /* The parent we may have just made, if nothing else is in it. */
        if (h->v2[0] && !h->fake && rmdir(parent) == 0)
            trace(TAG, "rmdir %s", parent);
        err_set("%s", saved);
    }
    return -1;
}

const char *cg_dir(const struct cgroup *cg, const char *controller)
{
    const char *mount;
    int v = cg_where(cg->host, controller, &mount);

    if (v == 2)
        return cg->dirs[v2_index(cg)];
    for (size_t i = 0; v == 1 && i < cg->host->v1_count; i++)
        if (cg->host->v1[i].path == mount)
            return cg->dirs[i];
    return NULL;
}

int cg_set(struct cgroup *cg, const struct cg_limits *l)
{
    struct cg_write w[CG_MAX_WRITES];
    int n = cg_plan(cg->host, cg, l, w, CG_MAX_WRITES);

    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const char *dir = cg_dir(cg, w[i].controller);
        if (!dir)
            return err_set("no %s hierarchy for %s", w[i].controller, w[i].file);
        if (cg_write(cg->host, dir, w[i].file, w[i].value) < 0)
            return -1;
    }
    /* 2.3 devices on v2: no devices.allow, a program on the cgroup. */
    if (l->devices_count && !cg_dir(cg, "devices")) {
        if (cg->host->fake) {
            trace_note(TAG, "a fake cgroup tree: the device program is not loaded");
            return 0;
        }
        return cg_devprog_apply(cg->dirs[v2_index(cg)], l->devices, l->devices_count);
    }
    return 0;
}

static int attach_upto(struct cgroup *cg, pid_t pid, size_t last)
{
    char value[24];

    snprintf(value, sizeof(value), "%d", (int)pid);
    for (size_t i = 0; i <= last; i++)
        if (cg->used[i] && cg_write(cg->host, cg->dirs[i], "cgroup.procs", value) < 0)
            return -1;
    return 0;
}

int cg_attach(struct cgroup *cg, pid_t pid)
{
    return attach_upto(cg, pid, v2_index(cg));
}

int cg_attach_v1(struct cgroup *cg, pid_t pid)
{
    return v2_index(cg) ? attach_upto(cg, pid, v2_index(cg) - 1) : 0;
}

int cg_v2_fd(const struct cgroup *cg)
{
    if (!cg->host->v2[0] || cg->host->fake || !cg->used[v2_index(cg)])
        return -1;
    return open(cg->dirs[v2_index(cg)], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int cg_procs(const struct cgroup *cg, pid_t *out, size_t max)
{
    const char *dir = cg_dir(cg, "pids");
    char buf[65536];
    size_t n = 0;

    if (!dir) {
        for (size_t i = 0; i <= v2_index(cg) && !dir; i++)
            if (cg->used[i])
                dir = cg->dirs[i];
    }
    if (!dir || read_file(dir, "cgroup.procs", buf, sizeof(buf)) < 0)
        return 0;
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

int cg_freeze(struct cgroup *cg, bool frozen)
{
    const char *dir = cg_dir(cg, "freezer");
    char buf[256];

    if (dir) {
        if (cg_write(cg->host, dir, "freezer.state", frozen ? "FROZEN" : "THAWED") < 0)
            return -1;
        /* Freezing takes a moment (seconds on a slow or emulated machine):
         * wait until the kernel says it is done. */
        for (int i = 0; i < 1000 && !cg->host->fake; i++) {
            if (read_file(dir, "freezer.state", buf, sizeof(buf)) == 0 &&
                !strncmp(buf, frozen ? "FROZEN" : "THAWED", 6))
                return 0;
            sleep_ms(10);
        }
        return cg->host->fake ? 0 : err_set("%s/freezer.state did not become %s", dir,
                                            frozen ? "FROZEN" : "THAWED");
    }
    if (!cg->host->v2[0])
        return err_set("freeze: this host has no freezer (neither v1 freezer nor cgroup v2)");
    dir = cg->dirs[v2_index(cg)];
    if (cg_write(cg->host, dir, "cgroup.freeze", frozen ? "1" : "0") < 0)
        return -1;
    for (int i = 0; i < 1000 && !cg->host->fake; i++) {
        if (read_key(dir, "cgroup.events", "frozen") == (frozen ? 1 : 0))
            return 0;
        sleep_ms(10);
    }
    return cg->host->fake ? 0 : err_set("%s/cgroup.events did not say frozen %d", dir, frozen);
}

int cg_frozen(struct cgroup *cg)
{
    const char *dir = cg_dir(cg, "freezer");
    char buf[256];

    if (dir)
        return read_file(dir, "freezer.state", buf, sizeof(buf)) == 0 && strncmp(buf, "THAWED", 6);
    if (!cg->host->v2[0])
        return -1;
    return read_file(cg->dirs[v2_index(cg)], "cgroup.freeze", buf, sizeof(buf)) == 0 &&
           buf[0] == '1';
}

int cg_kill_all(struct cgroup *cg)
{
    const char *v2 = cg->host->v2[0] ? cg->dirs[v2_index(cg)] : NULL;
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
            err_clear(); /* still FREEZING: nothing new runs; kill all the same */
        n = cg_procs(cg, pids, sizeof(pids) / sizeof(pids[0]));
        trace(TAG, "kill -KILL $(cat %s/cgroup.procs)   # %d processes", cg_dir(cg, "pids") ? cg_dir(cg, "pids") : cg->dirs[0], n);
        for (int i = 0; i < n; i++)
            kill(pids[i], SIGKILL);
        /* Always thaw, even when the freeze never finished: on v1 a frozen
         * task dies of its SIGKILL only once it is thawed. */
        if (freezer && cg_freeze(cg, false) < 0)
            return -1;
    }
    for (int i = 0; i < 500; i++) {
        if (cg_procs(cg, pids, 1) == 0)
            return 0;
        if (i % 50 == 49) {
            n = cg_procs(cg, pids, sizeof(pids) / sizeof(pids[0]));
            for (int k = 0; k < n; k++)
                kill(pids[k], SIGKILL);
        }
        sleep_ms(10);
    }
    return err_set("cgroup " CG_PARENT "/%s: processes remain after SIGKILL", cg->name);
}

/* rmdir, retrying a moment: a cgroup stays busy until its last task is
 * fully gone. */
static int remove_dir(const char *dir, bool fake)
{
    for (int i = 0; i < 100; i++) {
        if (fake) {
            /* Plain directories: the files we wrote go first. */
            char cmd_path[PATH_MAX + 80];
            DIR *d = opendir(dir);
            struct dirent *e;
            while (d && (e = readdir(d)) != NULL) {
                if (e->d_type == DT_REG) {
                    snprintf(cmd_path, sizeof(cmd_path), "%s/%s", dir, e->d_name);
                    unlink(cmd_path);
                }
            }
            if (d)
                closedir(d);
        }
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY)
            return err_sys("rmdir %s", dir);
        sleep_ms(10);
    }
    return err_sys("rmdir %s", dir);
}

int cg_destroy(struct cgroup *cg, bool force)
{
    pid_t pids[1];
    int ret = 0;

    if (cg_procs(cg, pids, 1) > 0) {
        if (!force)
            return err_set("cgroup " CG_PARENT "/%s still has processes (PID %d, ...): stop "
                           "them, or delete --force to kill them", cg->name, (int)pids[0]);
        if (cg_kill_all(cg) < 0)
            return -1;
    }
    for (size_t i = 0; i <= v2_index(cg); i++) {
        char dir[PATH_MAX];
        const char *root = i < cg->host->v1_count ? cg->host->v1[i].path : cg->host->v2;

        if (!cg->used[i] || access(cg->dirs[i], F_OK) != 0)
            continue;
        /* NAME's own directories, deepest first, up to and including the
         * minirunc parent when nothing else is left in it. */
        snprintf(dir, sizeof(dir), "%s", cg->dirs[i]);
        trace(TAG, "rmdir %s", dir);
        if (remove_dir(dir, cg->host->fake) < 0) {
            ret = -1;
            continue;
        }
        for (char *slash = strrchr(dir, '/'); slash && (size_t)(slash - dir) > strlen(root);
             slash = strrchr(dir, '/')) {
            *slash = '\0';
            if (cg->host->fake)
                remove_dir(dir, true);
            else if (rmdir(dir) == 0)
                trace(TAG, "rmdir %s", dir);
            else
                break; /* another cgroup of ours is still there */
            if (access(dir, F_OK) == 0)
                break;
        }
    }
    return ret;
}

int cg_stats(const struct cgroup *cg, struct cg_stats *st)
{
    const char *mem = cg_dir(cg, "memory"), *pids = cg_dir(cg, "pids");
    const char *cpu = cg_dir(cg, "cpuacct");
    const char *mount;

    st->memory_peak = st->oom_kills = -1;
    st->pids_current = st->pids_peak = st->pids_limit_hits = st->cpu_usec = -1;
    if (mem && cg_where(cg->host, "memory", &mount) == 1) {
        st->memory_peak = read_number(mem, "memory.max_usage_in_bytes");
        st->oom_kills = read_key(mem, "memory.oom_control", "oom_kill");
    } else if (mem) {
        st->memory_peak = read_number(mem, "memory.peak");
        st->oom_kills = read_key(mem, "memory.events", "oom_kill");
    }
    if (pids) {
        st->pids_current = read_number(pids, "pids.current");
        st->pids_peak = read_number(pids, "pids.peak");
        st->pids_limit_hits = read_key(pids, "pids.events", "max");
    }
    if (cpu) {
        int64_t ns = read_number(cpu, "cpuacct.usage");
        st->cpu_usec = ns < 0 ? -1 : ns / 1000;
    } else if (cg->host->v2[0]) {
        /* cpu.stat is a core v2 file: there even without the cpu controller. */
        st->cpu_usec = read_key(cg->dirs[v2_index(cg)], "cpu.stat", "usage_usec");
    }
    return 0;
}
