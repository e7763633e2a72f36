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
        if (n == max)
            return err_set("more than %zu cgroup hierarchies on the host", max);
        out[n++] = h;
    }
    return (int)n;
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

int cgroup_tree_mount(const struct root_ctx *rc, const struct mount_entry *m)
{
    struct mountinfo host;
    struct cgroup_hierarchy h[32];
    struct mount_opts mo;
    char target[4096], options[512], fdbuf[32];
    int n, v1 = 0, ret = -1;

    if (mountinfo_read_self(&host) < 0)
        return -1;
    n = cgroup_hierarchies(&host, h, sizeof(h) / sizeof(h[0]));
    mountinfo_free(&host);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++)
        v1 += !h[i].v2;

    if (n == 0) {
        trace_note(TAG, "skip %s: the host has no cgroup file system mounted",
                   root_show(rc, m->target));
        return 0;
    }
    if (v1 == 0) {
        /* Pure cgroup v2: one tree, mounted where the tmpfs would go. */
        trace_note(TAG, "cgroup v2 host: %s is one cgroup2 mount, not a tmpfs of v1 hierarchies",
                   root_show(rc, m->target));
        return mount_fs_at(rc, "cgroup2", m->target, "cgroup2", CGROUP_MOUNT_OPTIONS);
    }

    /* v1 or hybrid: the tmpfs must stay writable until the hierarchies'
     * mount points are made in it; it turns read-only at the end. */
    if (mount_opts_parse(m->options, &mo) < 0)
        return -1;
    snprintf(options, sizeof(options), "%s", m->options);
    if (!strncmp(options, "ro,", 3))
        memcpy(options, "rw", 2);
    if (mount_fs_at(rc, m->source, m->target, m->fstype, options) < 0)
        return -1;

    for (int i = 0; i < n; i++) {
        snprintf(target, sizeof(target), "%s/%s", m->target, h[i].name);
        if (h[i].v2) {
            trace_note(TAG, "hybrid host: cgroup v2 is mounted beside v1, at %s",
                       root_show(rc, target));
            ret = mount_fs_at(rc, "cgroup2", target, "cgroup2", CGROUP_MOUNT_OPTIONS);
        } else {
            snprintf(options, sizeof(options), CGROUP_MOUNT_OPTIONS ",%s", h[i].controllers);
            ret = mount_fs_at(rc, !strncmp(h[i].controllers, "name=", 5) ? h[i].controllers + 5
                                                                           : "cgroup",
                              target, "cgroup", options);
            if (ret == 0)
                ret = link_comounted(rc, m->target, &h[i]);
        }
        if (ret < 0)
            return -1;
    }
    for (size_t r = 0; r < chapter_cgroup_rows_count; r++) {
        if (host_has_controllers(h, n, chapter_cgroup_rows[r].controllers))
            continue;
        snprintf(target, sizeof(target), "%s/%s", m->target, chapter_cgroup_rows[r].name);
        trace_note(TAG, "skip %s: the host has no cgroup v1 %s hierarchy", root_show(rc, target),
                   chapter_cgroup_rows[r].controllers);
    }

    if (mo.flags & MS_RDONLY) {
        int fd = inroot_open(rc->rootfd, m->target, O_PATH | O_DIRECTORY, 0);
        char words[256];

        if (fd < 0)
            return err_sys("open %s", root_show(rc, m->target));
        mount_opts_flags_str(mo.flags, words, sizeof(words));
        trace(TAG, "mount -o remount,%s %s", words, shq(root_show(rc, m->target)));
        ret = mount(NULL, fd_path(fd, fdbuf), NULL, MS_REMOUNT | mo.flags, NULL);
        if (ret < 0)
            err_sys("mount -o remount,%s %s", words, root_show(rc, m->target));
        close(fd);
    }
    return ret;
}
