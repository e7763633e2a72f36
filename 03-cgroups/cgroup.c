/* A cgroup's life: named, made (with its controllers enabled on the way),
 * limited, joined, removed (chapter 2.3).  What runs in it: cgrun.c. */
#include "cgfile.h"

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

/* EXTRA: more characters allowed (systemd's unit names have ':', '@'). */
static bool valid_name(const char *name, const char *extra)
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
            if (!isalnum((unsigned char)*c) && !strchr("._-", *c) && !strchr(extra, *c))
                return false;
        p = *end ? end + 1 : end;
    }
    return true;
}

static int open_at(struct cgroup *cg, const struct cg_host *h, const char *name, bool systemd)
{
    const char *parent = systemd ? "" : CG_PARENT "/";

    memset(cg, 0, sizeof(*cg));
    cg->host = h;
    cg->systemd = systemd;
    if (!valid_name(name, systemd ? ":@" : ""))
        return err_set("cgroup name \"%s\": use letters, digits, '.', '_' and '-' "
                       "(and '/' between parts); no \"..\"", name);
    snprintf(cg->name, sizeof(cg->name), "%s", name);
    for (size_t i = 0; i < h->v1_count; i++) {
        /* Named hierarchies (name=systemd) have no controller: not ours,
         * but for a scope of systemd's: a process exec'd into it joins
         * it there too, as the init is. */
        if (!strncmp(h->v1[i].controllers, "name=", 5) &&
            !(systemd && !strcmp(h->v1[i].controllers, "name=systemd")))
            continue;
        snprintf(cg->dirs[i], sizeof(cg->dirs[i]), "%s/%s%s", h->v1[i].path, parent, name);
        cg->used[i] = true;
    }
    if (h->v2[0]) {
        snprintf(cg->dirs[cg_v2_index(cg)], sizeof(cg->dirs[0]), "%s/%s%s", h->v2, parent, name);
        cg->used[cg_v2_index(cg)] = true;
    }
    return 0;
}

int cg_open(struct cgroup *cg, const struct cg_host *h, const char *name)
{
    return open_at(cg, h, name, false);
}

int cg_open_systemd(struct cgroup *cg, const struct cg_host *h, const char *path)
{
    size_t n = strlen(path);

    if (path[0] != '/' || n < 7 || strcmp(path + n - 6, ".scope"))
        return err_set("cgroup \"%s\": a systemd scope's path, as \"/system.slice/NAME.scope\"", path);
    return open_at(cg, h, path + 1, true);
}

bool cg_exists(const struct cgroup *cg)
{
    for (size_t i = 0; i <= cg_v2_index(cg); i++)
        if (cg->used[i] && access(cg->dirs[i], F_OK) == 0)
            return true;
    return false;
}

/* rmdir, retrying a moment: a cgroup stays busy until its last task is
 * fully gone.  1 when removed, 0 when it was not there. */
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
        if (rmdir(dir) == 0)
            return 1;
        if (errno == ENOENT)
            return 0;
        if (errno != EBUSY)
            return err_sys("rmdir %s", dir);
        cg_sleep_ms(10);
    }
    return err_sys("rmdir %s", dir);
}

/* mkdir -p for the parts below the hierarchy root: minirunc/, then NAME's.
 * Returns 1 when DIR itself was made, 0 when it was there already.
 * Usually minirunc/ is there (another container's): one mkdir, the
 * parents only when it says ENOENT.  Another container's delete removes
 * minirunc/ when it is left empty, and may do so between our mkdir of it
 * (EEXIST) and of NAME (then ENOENT): start again from the top, a few
 * times. */
static int make_dirs(const char *dir, size_t root_len)
{
    char path[PATH_MAX];

    if (mkdir(dir, 0755) == 0) {
        trace(TAG, "mkdir %s", dir);
        return 1;
    }
    if (errno == EEXIST)
        return 0;
    snprintf(path, sizeof(path), "%s", dir);
    for (int attempt = 0;; attempt++) {
        char *p = path + root_len + 1;
        for (;; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char saved = *p;
            *p = '\0';
            int made = mkdir(path, 0755);
            if (made == 0)
                trace(TAG, "mkdir %s", path);
            *p = saved;
            if (made < 0 && errno == ENOENT && attempt < 5)
                break;
            if (made < 0 && errno != EEXIST) {
                *p = '\0';
                err_sys("mkdir %s", path);
                if ((errno == EACCES || errno == EPERM || errno == EROFS) && geteuid() != 0)
                    err_hint("the cgroup tree is root's: cgroups need root, or a cgroup v2 "
                             "subtree delegated to you, a cgroup above your own that you own "
                             "with its cgroup.procs");
                return -1;
            }
            if (!saved)
                return made == 0;
        }
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
            if (cg_read(dir, file, cur, sizeof(cur)) == 0 && cur[0] != '\n' && cur[0])
                continue;
            if (cg_read(parent, file, buf, sizeof(buf)) < 0)
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
 * it in cgroup.subtree_control: the root, minirunc/, and the parts of a
 * nested NAME (containerd's minirunc/ctr-NS/ID).  Enable the ones we
 * manage that each level is offered, and only those not yet enabled. */
static int enable_v2_controllers(const struct cgroup *cg)
{
    static const char *const managed[] = { "cpu", "cpuset", "io", "memory", "pids", "hugetlb" };
    const struct cg_host *h = cg->host;
    const char *leaf = cg->dirs[cg_v2_index(cg)];
    size_t root_len = strlen(h->v2), cut = root_len; /* the root first */
    char dir[PATH_MAX], enabled[512], offered[512];

    for (;;) {
        const char *next;
        bool root = cut == root_len;
        snprintf(dir, sizeof(dir), "%.*s", (int)cut, leaf);
        if (cg_read(dir, "cgroup.subtree_control", enabled, sizeof(enabled)) < 0)
            enabled[0] = '\0';
        if (cg_read(dir, "cgroup.controllers", offered, sizeof(offered)) < 0)
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
            if (root && (cg_mode(h) == CG_MODE_HYBRID || !strcmp(managed[i], "hugetlb")))
                continue;
            snprintf(word, sizeof(word), "+%s", managed[i]);
            if (cg_write(h, dir, "cgroup.subtree_control", word) < 0)
                return -1;
        }
        /* The next level down, until the next would be NAME's own. */
        if ((next = strchr(leaf + cut + 1, '/')) == NULL)
            return 0;
        cut = (size_t)(next - leaf);
    }
}

/* LAB create: 2.3 create a cgroup: mkdir minirunc/NAME in every hierarchy
 *  hint: a cgroup is a directory.  On v2 (h->v2) make NAME's parent
 *        (minirunc/, or deeper) first (make_dirs) and turn the controllers on in each
 *        ancestor's cgroup.subtree_control (enable_v2_controllers); then for
 *        every hierarchy i the cgroup uses (cg->used[i]) make cg->dirs[i];
 *        a new v1 cpuset gets its parent's cpuset.cpus and cpuset.mems
 *        (init_cpuset).  On failure remove what was made (cg_destroy).
 *  trace: [03-cgroups] mkdir /sys/fs/cgroup/memory/minirunc/NAME
 *  guide: docs/03-cgroups.md#v1-and-v2-file-by-file */
int cg_create(struct cgroup *cg)
{
    const struct cg_host *h = cg->host;
    char parent[PATH_MAX];
    bool made[CG_MAX_HIERARCHIES + 1] = { false };

    snprintf(parent, sizeof(parent), "%s/" CG_PARENT, h->v2);
    if (h->v2[0]) {
        /* NAME's parent: minirunc/, or deeper for a nested NAME. */
        char above[PATH_MAX];
        snprintf(above, sizeof(above), "%s", cg->dirs[cg_v2_index(cg)]);
        *strrchr(above, '/') = '\0';
        if (make_dirs(above, strlen(h->v2)) < 0 || enable_v2_controllers(cg) < 0)
            goto undo;
    }
    for (size_t i = 0; i <= cg_v2_index(cg); i++) {
        const char *root = i < h->v1_count ? h->v1[i].path : h->v2;
        int r;
        if (!cg->used[i])
            continue;
        /* Its mkdir says whether it is new: EEXIST is someone's cgroup. */
        r = make_dirs(cg->dirs[i], strlen(root));
        if (r == 0)
            err_set("cgroup " CG_PARENT "/%s already exists (%s)", cg->name, cg->dirs[i]);
        if (r <= 0)
            goto undo;
        made[i] = true;
        if (i < h->v1_count && strstr(h->v1[i].controllers, "cpuset") && init_cpuset(cg, i) < 0)
            goto undo;
    }
    return 0;
undo:
    err_context("create cgroup " CG_PARENT "/%s", cg->name);
    {
        /* Only what we made: a directory that was there is not ours. */
        char saved[4096];
        bool used[CG_MAX_HIERARCHIES + 1];
        snprintf(saved, sizeof(saved), "%s", err_get());
        memcpy(used, cg->used, sizeof(used));
        memcpy(cg->used, made, sizeof(made));
        cg_destroy(cg, true);
        memcpy(cg->used, used, sizeof(used));
        /* The parent we may have just made, if nothing else is in it. */
        if (h->v2[0] && !h->fake && rmdir(parent) == 0)
            trace(TAG, "rmdir %s", parent);
        err_set("%s", saved);
    }
    return -1;
}

/* systemd (252) manages these v1 controllers itself, its slices' directories
 * in their hierarchies too; the others (cpuset, freezer, net_cls,
 * perf_event, hugetlb, ...) it never touches. */
static bool systemd_manages(const char *controllers)
{
    static const char *const managed[] = { "cpu",     "cpuacct", "blkio",       "memory",
                                           "devices", "pids",    "name=systemd" };
    char list[256];

    /* "cpu,cpuacct": comma-separated; has_word wants spaces. */
    snprintf(list, sizeof(list), "%s", controllers);
    for (char *c = list; *c; c++)
        if (*c == ',')
            *c = ' ';
    for (size_t i = 0; i < sizeof(managed) / sizeof(managed[0]); i++)
        if (has_word(list, managed[i]))
            return true;
    return false;
}

int cg_complete_scope(struct cgroup *cg, pid_t pid)
{
    const struct cg_host *h = cg->host;
    char value[24];

    snprintf(value, sizeof(value), "%d", (int)pid);
    for (size_t i = 0; i < h->v1_count; i++) {
        /* systemd makes the scope in a v1 hierarchy of its own only when
         * the unit, or another in its slice, uses that controller (devices
         * with DevicePolicy=, ...); never in those it does not manage. */
        if (!cg->used[i] || access(cg->dirs[i], F_OK) == 0)
            continue;
        if (make_dirs(cg->dirs[i], strlen(h->v1[i].path)) < 0) {
            err_context("systemd scope /%s", cg->name);
            return -1;
        }
        if (strstr(h->v1[i].controllers, "cpuset") && init_cpuset(cg, i) < 0)
            return -1;
        if (cg_write(h, cg->dirs[i], "cgroup.procs", value) < 0)
            return -1;
    }
    return 0;
}

const char *cg_v2_path(const struct cgroup *cg)
{
    if (!cg->host->v2[0])
        return NULL;
    return cg->dirs[cg_v2_index(cg)] + cg->host->v2_mount_len;
}

const char *cg_dir(const struct cgroup *cg, const char *controller)
{
    const char *mount;
    int v = cg_where(cg->host, controller, &mount);

    if (v == 2)
        return cg->used[cg_v2_index(cg)] ? cg->dirs[cg_v2_index(cg)] : NULL;
    for (size_t i = 0; v == 1 && i < cg->host->v1_count; i++)
        if (cg->host->v1[i].path == mount)
            return cg->used[i] ? cg->dirs[i] : NULL;
    return NULL;
}

/* LAB limit: 2.3 write the limits into the cgroup's files
 *  hint: cg_plan turns the limits into (controller, file, value) writes for
 *        this host, v1 or v2 names (memory.limit_in_bytes or memory.max);
 *        write each into the directory of the hierarchy that has that
 *        controller (cg_dir, cg_write).  Device rules on v2 are a program
 *        (cg_devprog_apply), not a file.
 *  trace: [03-cgroups] echo 33554432 > /sys/fs/cgroup/memory/minirunc/NAME/memory.limit_in_bytes
 *  guide: docs/03-cgroups.md#v1-and-v2-file-by-file */
int cg_set(struct cgroup *cg, const struct cg_limits *l)
{
    struct cg_write w[CG_MAX_WRITES];
    int n = cg_plan(cg->host, cg, l, w, CG_MAX_WRITES);

    if (n < 0)
        return -1;
    for (int i = 0, run; i < n; i += run) {
        const char *dir = cg_dir(cg, w[i].controller);
        const char *values[CG_MAX_WRITES];
        if (!dir)
            return err_set("no %s hierarchy for %s", w[i].controller, w[i].file);
        /* Writes in a row to one file (v1 device rules, one per write)
         * share one open of it. */
        for (run = 0; i + run < n && !strcmp(w[i + run].file, w[i].file) &&
                      !strcmp(w[i + run].controller, w[i].controller);
             run++)
            values[run] = w[i + run].value;
        if (cg_write_all(cg->host, dir, w[i].file, values, (size_t)run) < 0)
            return -1;
    }
    /* 2.3 devices on v2: no devices.allow, a program on the cgroup. */
    if (l->devices_count && !cg_dir(cg, "devices")) {
        if (cg->host->fake) {
            trace_note(TAG, "a fake cgroup tree: the device program is not loaded");
            return 0;
        }
        return cg_devprog_apply(cg->dirs[cg_v2_index(cg)], l->devices, l->devices_count);
    }
    return 0;
}

/* LAB attach: 2.3 move a process into the cgroup
 *  hint: write its pid (as text) into cgroup.procs of every hierarchy the
 *        cgroup uses, 0 to last (cg->used[i], cg->dirs[i], cg_write): the
 *        whole process moves, and its children are born there.
 *  trace: [03-cgroups] echo PID > /sys/fs/cgroup/memory/minirunc/NAME/cgroup.procs
 *  guide: docs/03-cgroups.md#moving-a-process-in-and-what-it-costs */
static int attach_upto(struct cgroup *cg, pid_t pid, size_t last)
{
    char value[24];

    snprintf(value, sizeof(value), "%d", (int)pid);
    for (size_t i = 0; i <= last; i++)
        if (cg->used[i] && cg_write(cg->host, cg->dirs[i], "cgroup.procs", value) < 0)
            return -1;
    return 0;
}

int cg_join_self(struct cgroup *cg, bool born_in_v2)
{
    char pid[24];

    snprintf(pid, sizeof(pid), "%d", (int)getpid());
    if (cg_v2_index(cg) > 0)
        trace(TAG, "# this process joins its cgroups itself: 0 in tasks moves the writing thread, "
                   "without a host-wide lock");
    for (size_t i = 0; i <= cg_v2_index(cg); i++) {
        if (!cg->used[i] || (i == cg_v2_index(cg) && born_in_v2))
            continue;
        /* v1: "0" in tasks moves the writing thread alone, which the
         * kernel does without the lock that stops every fork on the host
         * (cgroup.procs with a pid takes it, and waits out an RCU grace
         * period for it: ~10 ms).  v2 has no such file: cgroup.procs. */
        if (i < cg_v2_index(cg) ? cg_write(cg->host, cg->dirs[i], "tasks", "0") < 0
                                 : cg_write(cg->host, cg->dirs[i], "cgroup.procs", pid) < 0)
            return -1;
    }
    return 0;
}

int cg_attach(struct cgroup *cg, pid_t pid)
{
    return attach_upto(cg, pid, cg_v2_index(cg));
}

int cg_v2_fd(const struct cgroup *cg)
{
    if (!cg->host->v2[0] || cg->host->fake || !cg->used[cg_v2_index(cg)])
        return -1;
    return open(cg->dirs[cg_v2_index(cg)], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* LAB remove: 2.3 remove the cgroup: rmdir, deepest first
 *  hint: a cgroup can only be removed empty: if cg_procs finds processes,
 *        refuse unless force, then kill them all (cg_kill_all).  rmdir
 *        cg->dirs[i] of every hierarchy used (remove_dir waits while it is
 *        busy), then its parents up to and including minirunc/ while they
 *        are empty (an rmdir of a non-empty one fails: stop there).
 *  trace: [03-cgroups] rmdir /sys/fs/cgroup/memory/minirunc/NAME
 *  guide: docs/03-cgroups.md#fork-bomb */
int cg_destroy(struct cgroup *cg, bool force)
{
    pid_t pids[1];
    int ret = 0, n = cg_procs(cg, pids, 1);

    if (n < 0)
        return -1;
    if (n > 0) {
        if (!force)
            return err_set("cgroup %s%s still has processes (PID %d, ...): stop them, or "
                           "delete --force to kill them",
                           cg->systemd ? "/" : CG_PARENT "/", cg->name, (int)pids[0]);
        if (cg_kill_all(cg) < 0)
            return -1;
    }
    for (size_t i = 0; i <= cg_v2_index(cg); i++) {
        char dir[PATH_MAX];
        const char *root = i < cg->host->v1_count ? cg->host->v1[i].path : cg->host->v2;
        int removed;

        if (!cg->used[i])
            continue;
        /* NAME's own directories, deepest first, up to and including the
         * minirunc parent when nothing else is left in it. */
        snprintf(dir, sizeof(dir), "%s", cg->dirs[i]);
        removed = remove_dir(dir, cg->host->fake);
        if (removed < 0)
            ret = -1;
        if (removed <= 0)
            continue; /* failed, or not there */
        trace(TAG, "rmdir %s", dir);
        /* systemd's slices are its own to remove; in a v1 hierarchy it
         * does not manage, the slice directories are the runtime's
         * (cg_complete_scope), removed while empty. */
        if (cg->systemd && (i == cg_v2_index(cg) || systemd_manages(cg->host->v1[i].controllers)))
            continue;
        for (char *slash = strrchr(dir, '/'); slash && (size_t)(slash - dir) > strlen(root);
             slash = strrchr(dir, '/')) {
            *slash = '\0';
            if (cg->host->fake ? remove_dir(dir, true) <= 0 : rmdir(dir) < 0)
                break; /* another cgroup of ours is still there */
            if (!cg->host->fake)
                trace(TAG, "rmdir %s", dir);
        }
    }
    return ret;
}

