#include "cgroup_tree.h"

#include "cgroupfs.h"
#include "error.h"
#include "inroot.h"
#include "mount_opts.h"
#include "mounts.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

int cgroup_hierarchies(const struct mountinfo *host, struct cgroup_hierarchy *out, size_t max)
{
    size_t n = 0;
    int have_v2 = 0;

    for (size_t i = 0; i < host->count; i++) {
        const struct mountinfo_entry *e = &host->entries[i];
        struct cgroup_hierarchy h = { 0 };
        const char *base = strrchr(e->mount_point, '/');
        int dup = 0;

        if (!strcmp(e->fstype, "cgroup2")) {
            if (have_v2)
                continue;
            have_v2 = 1;
            h.v2 = 1;
        } else if (!strcmp(e->fstype, "cgroup")) {
            cgroup_v1_hierarchy_words(e->super_opts, h.controllers, sizeof(h.controllers));
            if (!h.controllers[0])
                continue;
        } else {
            continue;
        }
        for (size_t j = 0; j < n; j++)
            if (out[j].v2 == h.v2 && !strcmp(out[j].controllers, h.controllers))
                dup = 1;
        if (dup)
            continue;
        /* Keep the host's directory name when it mounts the hierarchy
         * under /sys/fs/cgroup; otherwise name it after its controllers. */
        if (!strncmp(e->mount_point, "/sys/fs/cgroup/", 15) && base && base[1])
            snprintf(h.name, sizeof(h.name), "%s", base + 1);
        else if (h.v2)
            snprintf(h.name, sizeof(h.name), "unified");
        else
            snprintf(h.name, sizeof(h.name), "%s",
                     !strncmp(h.controllers, "name=", 5) ? h.controllers + 5 : h.controllers);
        snprintf(h.host_mount, sizeof(h.host_mount), "%s", e->mount_point);
        snprintf(h.host_root, sizeof(h.host_root), "%s", e->root);
        if (n == max)
            return err_set("more than %zu cgroup hierarchies on the host", max);
        out[n++] = h;
    }
    return (int)n;
}

int cgroup_self_path(const char *proc_cgroup, const struct cgroup_hierarchy *h, char *out,
                     size_t len)
{
    const char *line = proc_cgroup;

    while (line && *line) {
        const char *nl = strchrnul(line, '\n');
        const char *c1 = memchr(line, ':', (size_t)(nl - line));
        const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;

        if (c2) {
            size_t clen = (size_t)(c2 - c1 - 1);
            int match = h->v2 ? (clen == 0 && !strncmp(line, "0:", 2))
                              : (clen == strlen(h->controllers) &&
                                 !strncmp(c1 + 1, h->controllers, clen));

            if (match) {
                snprintf(out, len, "%.*s", (int)(nl - c2 - 1), c2 + 1);
                return 0;
            }
        }
        line = *nl ? nl + 1 : nl;
    }
    return -1;
}

void cgroup_own_dir(const char *proc_cgroup, const struct cgroup_hierarchy *h, char *out,
                           size_t len)
{
    char self[2048];
    const char *rel;
    size_t rootlen = strlen(h->host_root);

    out[0] = '\0';
    if (!proc_cgroup || cgroup_self_path(proc_cgroup, h, self, sizeof(self)) < 0 ||
        !strcmp(self, "/"))
        return;
    /* "/../x": a cgroup namespace made elsewhere; never climb out of the
     * hierarchy's mount point. */
    if (strstr(self, "/..") || self[0] != '/')
        return;
    /* The host's mount may itself show a subdirectory of the hierarchy. */
    rel = self;
    if (strcmp(h->host_root, "/")) {
        if (strncmp(self, h->host_root, rootlen) || (self[rootlen] && self[rootlen] != '/'))
            return;
        rel = self + rootlen;
    }
    snprintf(out, len, "%s%s", h->host_mount, rel);
}

static char *read_proc_self_cgroup(void)
{
    FILE *f = fopen("/proc/self/cgroup", "re");
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;

    if (!f)
        return NULL;
    got = getdelim(&buf, &cap, '\0', f);
    fclose(f);
    if (got < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* One hierarchy at TARGET: the container's own cgroup bound from the host
 * when it is below the root, a fresh mount otherwise. */
static int mount_hierarchy(const struct root_ctx *rc, const char *proc_cgroup,
                           const struct cgroup_hierarchy *h, const char *target)
{
    char own[8192], options[512];

    cgroup_own_dir(proc_cgroup, h, own, sizeof(own));
    if (own[0]) {
        trace_note(TAG, "no cgroup namespace: show the container its own cgroup, %s", own);
        return mount_bind_at(rc, own, target, "bind," CGROUP_MOUNT_OPTIONS);
    }
    if (h->v2) {
        if (mount_fs_at(rc, "cgroup2", target, "cgroup2", CGROUP_MOUNT_OPTIONS) == 0)
            return 0;
        if (errno != EPERM && errno != EBUSY)
            return -1;
        /* A user namespace may not mount cgroup2 where it has no cgroup
         * namespace of its own, nor over what a /sys rbind brought along
         * (a rootless config): bind the host's tree read-only, as runc. */
        /* The container's own cgroup when we know it: what a cgroup2
         * mount in its cgroup namespace would have shown. */
        snprintf(own, sizeof(own), "%s%s", h->host_mount, rc->cgroup_path ? rc->cgroup_path : "");
        if (!rc->cgroup_path || access(own, F_OK) < 0)
            snprintf(own, sizeof(own), "%s", h->host_mount);
        trace_note(TAG, "cgroup2 cannot be mounted here (%s): bind %s read-only instead",
                   strerror(errno), own);
        err_clear();
        return mount_bind_at(rc, own, target, "bind," CGROUP_MOUNT_OPTIONS);
    }
    snprintf(options, sizeof(options), CGROUP_MOUNT_OPTIONS ",%s", h->controllers);
    if (mount_fs_at(rc, !strncmp(h->controllers, "name=", 5) ? h->controllers + 5 : "cgroup",
                    target, "cgroup", options) == 0)
        return 0;
    if (errno != EPERM)
        return -1;
    /* A v1 hierarchy can only be mounted from the host's user namespace:
     * in the container's own, bind its cgroup from the host's mount (as
     * runc does); a named hierarchy (name=systemd) has no cgroup of ours. */
    if (rc->cgroup_path && strncmp(h->controllers, "name=", 5)) {
        snprintf(own, sizeof(own), "%s%s", h->host_mount, rc->cgroup_path);
        if (access(own, F_OK) == 0) {
            trace_note(TAG, "a v1 mount is refused in a user namespace: bind %s instead", own);
            return mount_bind_at(rc, own, target, "bind," CGROUP_MOUNT_OPTIONS);
        }
    }
    trace_note(TAG, "skip %s: a v1 hierarchy cannot be mounted in a user namespace, and the "
                    "container has no cgroup of its own in it", root_show(rc, target));
    err_clear();
    return 0;
}

static int host_has_controllers(const struct cgroup_hierarchy *h, int n, const char *controllers)
{
    for (int i = 0; i < n; i++)
        if (!h[i].v2 && opt_list_has(h[i].controllers, controllers))
            return 1;
    return 0;
}

/* A hierarchy holding several controllers ("cpu,cpuacct") is mounted once;
 * each controller's own name becomes a symlink to it, as on the host. */
static int link_comounted(const struct root_ctx *rc, const char *tree,
                          const struct cgroup_hierarchy *h)
{
    char dir[4096], word[64];
    const char *p = h->controllers;
    int dirfd, ret = 0;

    if (!strchr(h->controllers, ','))
        return 0;
    dirfd = inroot_open(rc->rootfd, tree, O_RDONLY | O_DIRECTORY, 0);
    if (dirfd < 0)
        return err_sys("open %s", root_show(rc, tree));
    while (*p && ret == 0) {
        const char *end = strchrnul(p, ',');
        size_t len = (size_t)(end - p);

        if (len < sizeof(word)) {
            memcpy(word, p, len);
            word[len] = '\0';
            if (strcmp(word, h->name) && strncmp(word, "name=", 5)) {
                snprintf(dir, sizeof(dir), "%s/%s", tree, word);
                trace(TAG, "ln -s %s %s", h->name, shq(root_show(rc, dir)));
                if (symlinkat(h->name, dirfd, word) < 0 && errno != EEXIST)
                    ret = err_sys("ln -s %s %s", h->name, root_show(rc, dir));
            }
        }
        p = *end ? end + 1 : end;
    }
    close(dirfd);
    return ret;
}

/* The tmpfs of a v1 (or hybrid) host's hierarchies, read-only once its
 * mount points are made (it must stay writable until then). */
static int remount_readonly(const struct root_ctx *rc, const struct mount_entry *m,
                            unsigned long flags)
{
    int fd = inroot_open(rc->rootfd, m->target, O_PATH | O_DIRECTORY, 0), ret = 0;
    char words[256], fdbuf[32];

    if (fd < 0)
        return err_sys("open %s", root_show(rc, m->target));
    mount_opts_flags_str(flags, words, sizeof(words));
    trace(TAG, "mount -o remount,%s %s", words, shq(root_show(rc, m->target)));
    if (mount(NULL, fd_path(fd, fdbuf), NULL, MS_REMOUNT | flags, NULL) < 0)
        ret = err_sys("mount -o remount,%s %s", words, root_show(rc, m->target));
    close(fd);
    return ret;
}

/* v1 or hybrid: a tmpfs, each hierarchy mounted in it, the chapter's rows
 * this host lacks named, then the tmpfs made read-only. */
static int mount_v1_forest(const struct root_ctx *rc, const struct mount_entry *m,
                           const struct cgroup_hierarchy *h, int n, const char *proc_cgroup)
{
    struct mount_opts mo;
    char target[4096], options[512];

    if (mount_opts_parse(m->options, &mo) < 0)
        return -1;
    snprintf(options, sizeof(options), "%s", m->options);
    if (!strncmp(options, "ro,", 3))
        memcpy(options, "rw", 2);
    if (mount_fs_at(rc, m->source, m->target, m->fstype, options) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        snprintf(target, sizeof(target), "%s/%s", m->target, h[i].name);
        if (h[i].v2)
            trace_note(TAG, "hybrid host: cgroup v2 is mounted beside v1, at %s",
                       root_show(rc, target));
        if (mount_hierarchy(rc, proc_cgroup, &h[i], target) < 0 ||
            (!h[i].v2 && link_comounted(rc, m->target, &h[i]) < 0))
            return -1;
    }
    for (size_t r = 0; r < chapter_cgroup_rows_count; r++) {
        if (host_has_controllers(h, n, chapter_cgroup_rows[r].controllers))
            continue;
        snprintf(target, sizeof(target), "%s/%s", m->target, chapter_cgroup_rows[r].name);
        trace_note(TAG, "skip %s: the host has no cgroup v1 %s hierarchy", root_show(rc, target),
                   chapter_cgroup_rows[r].controllers);
    }
    return (mo.flags & MS_RDONLY) ? remount_readonly(rc, m, mo.flags) : 0;
}

int cgroup_tree_mount(const struct root_ctx *rc, const struct mount_entry *m)
{
    struct mountinfo host;
    struct cgroup_hierarchy h[32];
    char *proc_cgroup;
    int n, v1 = 0, ret;

    if (rc->host_mounts) {
        n = cgroup_hierarchies(rc->host_mounts, h, sizeof(h) / sizeof(h[0]));
    } else {
        if (mountinfo_read_self(&host) < 0)
            return -1;
        n = cgroup_hierarchies(&host, h, sizeof(h) / sizeof(h[0]));
        mountinfo_free(&host);
    }
    if (n < 0)
        return -1;
    if (n == 0) {
        trace_note(TAG, "skip %s: the host has no cgroup file system mounted",
                   root_show(rc, m->target));
        return 0;
    }
    for (int i = 0; i < n; i++)
        v1 += !h[i].v2;
    proc_cgroup = read_proc_self_cgroup();
    if (v1 == 0) {
        /* Pure cgroup v2: one tree, mounted where the tmpfs would go. */
        trace_note(TAG, "cgroup v2 host: %s is one cgroup2 mount, not a tmpfs of v1 hierarchies",
                   root_show(rc, m->target));
        ret = mount_hierarchy(rc, proc_cgroup, &h[0], m->target);
    } else {
        ret = mount_v1_forest(rc, m, h, n, proc_cgroup);
    }
    free(proc_cgroup);
    return ret;
}
