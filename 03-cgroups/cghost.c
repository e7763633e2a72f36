#include "cghost.h"

#include "cgroupfs.h"
#include "error.h"
#include "trace.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

static void read_small(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, len - 1) : -1;

    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (fd >= 0)
        close(fd);
}

static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return !strncmp(path, root, n) && (path[n] == '\0' || path[n] == '/');
}

static int add_v1(struct cg_host *h, const char *controllers, const char *path)
{
    for (size_t i = 0; i < h->v1_count; i++)
        if (!strcmp(h->v1[i].controllers, controllers))
            return 0; /* the same hierarchy mounted twice */
    if (h->v1_count == CG_MAX_HIERARCHIES)
        return err_set("more than %d cgroup v1 hierarchies", CG_MAX_HIERARCHIES);
    snprintf(h->v1[h->v1_count].controllers, sizeof(h->v1[0].controllers), "%s", controllers);
    snprintf(h->v1[h->v1_count].path, sizeof(h->v1[0].path), "%s", path);
    h->v1_count++;
    return 0;
}

static void load_v2_controllers(struct cg_host *h)
{
    char path[PATH_MAX + 32];

    snprintf(path, sizeof(path), "%s/cgroup.controllers", h->v2);
    read_small(path, h->v2_controllers, sizeof(h->v2_controllers));
}

int cg_detect_mountinfo(const struct mountinfo *mi, const char *root, struct cg_host *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->root, sizeof(out->root), "%s", root);
    for (size_t i = 0; i < mi->count; i++) {
        const struct mountinfo_entry *e = &mi->entries[i];
        char words[128];

        if (!under(e->mount_point, root))
            continue;
        if (!strcmp(e->fstype, "cgroup2") && !out->v2[0]) {
            snprintf(out->v2, sizeof(out->v2), "%s", e->mount_point);
        } else if (!strcmp(e->fstype, "cgroup")) {
            cgroup_v1_hierarchy_words(e->super_opts, words, sizeof(words));
            if (words[0] && add_v1(out, words, e->mount_point) < 0)
                return -1;
        }
    }
    return 0;
}

int cg_detect_dir(const char *root, struct cg_host *out)
{
    char path[PATH_MAX + 300];
    struct statfs sf;
    struct dirent *e;
    DIR *d;

    memset(out, 0, sizeof(*out));
    snprintf(out->root, sizeof(out->root), "%s", root);
    if (statfs(root, &sf) < 0)
        return err_sys("cgroup root %s", root);
    (void)sf;
    snprintf(path, sizeof(path), "%s/cgroup.controllers", root);
    if (access(path, F_OK) == 0) {
        snprintf(out->v2, sizeof(out->v2), "%s", root);
        load_v2_controllers(out);
        out->fake = sf.f_type != CGROUP2_SUPER_MAGIC;
        return 0;
    }
    d = opendir(root);
    if (!d)
        return err_sys("open cgroup root %s", root);
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || e->d_type != DT_DIR)
            continue;
        snprintf(path, sizeof(path), "%s/%s/cgroup.controllers", root, e->d_name);
        if (access(path, F_OK) == 0) {
            snprintf(out->v2, sizeof(out->v2), "%s/%s", root, e->d_name);
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
        if (add_v1(out, !strcmp(e->d_name, "systemd") ? "name=systemd" : e->d_name, path) < 0) {
            closedir(d);
            return -1;
        }
    }
    closedir(d);
    if (out->v2[0])
        load_v2_controllers(out);
    /* A test's tree is plain directories; a real one is cgroupfs. */
    if (statfs(out->v2[0] ? out->v2 : out->v1_count ? out->v1[0].path : root, &sf) == 0)
        out->fake = sf.f_type != CGROUP2_SUPER_MAGIC && sf.f_type != CGROUP_SUPER_MAGIC;
    return 0;
}

/* Without root the cgroup tree is root's, except a subtree systemd (or an
 * administrator) delegated: a directory, with its cgroup.procs, owned by
 * us.  The topmost such ancestor of our own v2 cgroup is where our
 * minirunc/ goes, as rootless runc's does; v1 hierarchies are root's. */
static void use_delegated_subtree(struct cg_host *h)
{
    char self[PATH_MAX], dir[PATH_MAX * 2], procs[PATH_MAX * 2 + 16];
    FILE *f = fopen("/proc/self/cgroup", "re");
    struct stat st;

    if (!f)
        return;
    self[0] = '\0';
    while (fgets(dir, sizeof(dir), f))
        if (!strncmp(dir, "0::/", 4)) {
            snprintf(self, sizeof(self), "%s", dir + 3);
            self[strcspn(self, "\n")] = '\0';
        }
    fclose(f);
    for (size_t i = 1, len = strlen(self); self[0] && i <= len; i++) {
        if (self[i] != '/' && self[i] != '\0')
            continue;
        snprintf(dir, sizeof(dir), "%s%.*s", h->v2, (int)i, self);
        snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
        if (stat(dir, &st) == 0 && st.st_uid == geteuid() && stat(procs, &st) == 0 &&
            st.st_uid == geteuid()) {
            trace_note("03-cgroups", "no root: %s is delegated to us (ours, with its "
                                     "cgroup.procs): our cgroups go below it", dir);
            snprintf(h->v2, sizeof(h->v2), "%s", dir);
            h->delegated = true;
            h->v1_count = 0;
            return;
        }
    }
}

int cg_detect(const char *root, struct cg_host *out)
{
    struct mountinfo mi;
    int ret;

    if (root) {
        ret = cg_detect_dir(root, out);
        out->v2_mount_len = strlen(out->v2);
        return ret;
    }
    if (mountinfo_read_self(&mi) < 0)
        return -1;
    ret = cg_detect_from(&mi, out);
    mountinfo_free(&mi);
    return ret;
}

int cg_detect_from(const struct mountinfo *mi, struct cg_host *out)
{
    int ret = cg_detect_mountinfo(mi, "/sys/fs/cgroup", out);

    out->v2_mount_len = strlen(out->v2);
    if (ret == 0 && out->v2[0] && geteuid() != 0)
        use_delegated_subtree(out);
    if (ret == 0 && out->v2[0])
        load_v2_controllers(out);
    return ret;
}

enum cg_mode cg_mode(const struct cg_host *h)
{
    bool v1 = false;

    for (size_t i = 0; i < h->v1_count; i++)
        if (strncmp(h->v1[i].controllers, "name=", 5))
            v1 = true;
    if (v1 && h->v2[0])
        return CG_MODE_HYBRID;
    if (v1)
        return CG_MODE_V1;
    return h->v2[0] ? CG_MODE_V2 : CG_MODE_NONE;
}

const char *cg_mode_name(enum cg_mode m)
{
    switch (m) {
    case CG_MODE_V1: return "cgroup v1";
    case CG_MODE_V2: return "cgroup v2 (unified)";
    case CG_MODE_HYBRID: return "hybrid (cgroup v1 controllers and a cgroup2 mount)";
    case CG_MODE_NONE: break;
    }
    return "no cgroups";
}

static bool list_has(const char *list, const char *word, char sep)
{
    size_t n = strlen(word);
    const char *p = list;

    while (*p) {
        const char *end = strchr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, word, n))
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

int cg_where(const struct cg_host *h, const char *controller, const char **mount)
{
    /* A controller bound to a v1 hierarchy is not available in v2. */
    for (size_t i = 0; i < h->v1_count; i++) {
        if (list_has(h->v1[i].controllers, controller, ',')) {
            *mount = h->v1[i].path;
            return 1;
        }
    }
    if (h->v2[0] && list_has(h->v2_controllers, controller, ' ')) {
        *mount = h->v2;
        return 2;
    }
    return 0;
}
