#include "state.h"

#include "cgroups.h"

#include "error.h"
#include "inroot.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int state_check_id(const char *id)
{
    if (!*id || strlen(id) >= 128 || !strcmp(id, ".") || !strcmp(id, ".."))
        return err_set("container id \"%s\": must be 1-127 characters, not \".\" or \"..\"", id);
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
            return err_set("container id \"%s\": use letters, digits, '.', '_' and '-'", id);
    return 0;
}

/* ROOT/ID/lock, made by create (CREATE: O_CREAT) and only opened by the
 * others: a reader that made it anew could put it back into a directory
 * that delete is removing, and the rmdir would fail. */
static int take_lock(struct container_state *st, int create)
{
    char path[4200];

    snprintf(path, sizeof(path), "%s/lock", st->dir);
    st->lock_fd = open(path, O_RDWR | O_CLOEXEC | create, 0600);
    if (st->lock_fd < 0 && errno == ENOENT && !create) {
        err_set("container \"%s\" does not exist (being deleted, or its create was killed)", st->id);
        errno = ENOENT;
        return -1;
    }
    if (st->lock_fd < 0)
        return err_sys("open %s", path);
    /* One runtime at a time changes a container (20 in parallel is fine:
     * they wait for each other). */
    if (flock(st->lock_fd, LOCK_EX) < 0)
        return err_sys("lock %s", path);
    return 0;
}

/* mkdir -p ROOT: containerd's shim names a --root whose parents may not
 * exist yet (runc makes them too). */
static int mkdir_parents(const char *root)
{
    char path[4096];

    if (strlen(root) >= sizeof(path))
        return err_set("--root %s: path too long", root);
    strcpy(path, root);
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0711) < 0 && errno != EEXIST)
                return err_sys("mkdir %s", path);
            *p = c;
            if (c == '\0')
                break;
        }
    }
    return 0;
}

int state_create(const char *root, const char *id, struct container_state *st)
{
    memset(st, 0, sizeof(*st));
    st->lock_fd = -1;
    if (state_check_id(id) < 0)
        return -1;
    if (mkdir_parents(root) < 0)
        return -1;
    snprintf(st->id, sizeof(st->id), "%s", id);
    snprintf(st->dir, sizeof(st->dir), "%s/%s", root, id);
    if (mkdir(st->dir, 0711) < 0) {
        if (errno == EEXIST)
            return err_set("container \"%s\" already exists", id);
        return err_sys("mkdir %s", st->dir);
    }
    st->annotations = json_object();
    st->devices = json_array();
    return take_lock(st, O_CREAT);
}

static int copy_string(json_t *obj, const char *key, char *out, size_t len)
{
    const char *v = json_string_value(json_object_get(obj, key));
    if (!v)
        return -1;
    snprintf(out, len, "%s", v);
    return 0;
}

/* ROOT/ID, which must exist, locked: the start of every open. */
static int open_locked(const char *root, const char *id, struct container_state *st)
{
    memset(st, 0, sizeof(*st));
    st->lock_fd = -1;
    if (state_check_id(id) < 0)
        return -1;
    snprintf(st->id, sizeof(st->id), "%s", id);
    snprintf(st->dir, sizeof(st->dir), "%s/%s", root, id);
    if (access(st->dir, F_OK) < 0) {
        err_set("container \"%s\" does not exist", id);
        errno = ENOENT;
        return -1;
    }
    return take_lock(st, 0);
}

int state_open(const char *root, const char *id, struct container_state *st)
{
    char path[4200];
    json_error_t jerr;
    json_t *j;

    if (open_locked(root, id, st) < 0)
        return -1;
    snprintf(path, sizeof(path), "%s/state.json", st->dir);
    if (access(path, F_OK) < 0 && errno == ENOENT) {
        /* The directory is made a moment before its state (and its lock
         * taken): a create under way, or one killed in that moment. */
        state_close(st);
        err_set("container \"%s\" does not exist (not yet created, or its create was killed)", id);
        errno = ENOENT;
        return -1;
    }
    j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        state_close(st);
        return err_set("container \"%s\": %s: %s", id, path, jerr.text);
    }
    copy_string(j, "bundle", st->bundle, sizeof(st->bundle));
    copy_string(j, "rootfs", st->rootfs, sizeof(st->rootfs));
    copy_string(j, "cgroup", st->cgroup, sizeof(st->cgroup));
    copy_string(j, "created", st->created, sizeof(st->created));
    st->pid = (pid_t)json_integer_value(json_object_get(j, "pid"));
    st->starttime = (unsigned long long)json_integer_value(json_object_get(j, "starttime"));
    st->annotations = json_incref(json_object_get(j, "annotations"));
    if (!st->annotations)
        st->annotations = json_object();
    st->devices = json_incref(json_object_get(j, "devices"));
    if (!json_is_array(st->devices)) {
        json_decref(st->devices);
        st->devices = json_array();
    }
    json_decref(j);
    return 0;
}

int state_open_remains(const char *root, const char *id, struct container_state *st)
{
    /* A create killed right after its mkdir left no lock: nothing to lock. */
    if (open_locked(root, id, st) < 0 && (errno != ENOENT || access(st->dir, F_OK) < 0))
        return -1;
    state_load_init(st);
    st->annotations = json_object();
    st->devices = json_array();
    return 0;
}

int state_open_any(const char *root, const char *id, struct container_state *st, bool *partial)
{
    char saved[1024];

    *partial = false;
    if (state_open(root, id, st) == 0) {
        /* A create killed after its clone: the pid is in ROOT/ID/init only
         * (state.json gets it with the rest once the init is ready). */
        if (st->pid <= 0)
            state_load_init(st);
        return 0;
    }
    if (!st->dir[0])
        return errno = EINVAL, -1; /* a bad ID: state_open said so */
    if (access(st->dir, F_OK) < 0)
        return errno = ENOENT, -1; /* no such container: state_open said so */
    snprintf(saved, sizeof(saved), "%s", err_get());
    if (state_open_remains(root, id, st) < 0) {
        err_set("%s", saved);
        return -1;
    }
    *partial = true;
    return 0;
}

int state_save_json(const struct container_state *st)
{
    char path[4200], tmp[4200];
    json_t *j = json_pack("{s:s, s:s, s:i, s:I, s:s, s:s, s:s, s:s, s:O, s:O}", "ociVersion",
                          "1.0.2", "id", st->id, "pid", (int)st->pid, "starttime",
                          (json_int_t)st->starttime, "bundle", st->bundle, "rootfs", st->rootfs,
                          "cgroup", st->cgroup, "created", st->created, "annotations",
                          st->annotations, "devices", st->devices);
    int ret = 0;

    if (!j)
        return err_set("state of %s: cannot build JSON", st->id);
    snprintf(path, sizeof(path), "%s/state.json", st->dir);
    snprintf(tmp, sizeof(tmp), "%s/state.json.tmp", st->dir);
    /* Write and rename: a reader sees the old file or the new, never half. */
    if (json_dump_file(j, tmp, JSON_COMPACT) < 0 || rename(tmp, path) < 0)
        ret = err_sys("write %s", path);
    json_decref(j);
    return ret;
}

int state_save(const struct container_state *st)
{
    return state_save_json(st) < 0 ? -1 : state_save_init(st);
}

int state_remove(struct container_state *st)
{
    char *slash = strrchr(st->dir, '/');
    int parent, ret;

    if (!slash)
        return err_set("state dir %s", st->dir);
    *slash = '\0';
    parent = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *slash = '/';
    if (parent < 0)
        return err_sys("open %s", st->dir);
    ret = remove_tree_at(parent, slash + 1);
    close(parent);
    return ret;
}

void state_close(struct container_state *st)
{
    if (st->lock_fd >= 0)
        close(st->lock_fd);
    st->lock_fd = -1;
    json_decref(st->annotations);
    st->annotations = NULL;
    json_decref(st->devices);
    st->devices = NULL;
}

int state_set_devices(struct container_state *st, const struct cg_device_rule *rules, size_t n)
{
    json_t *list = json_array();
    char rule[64], line[80];

    for (size_t i = 0; list && i < n; i++) {
        cg_device_rule_str(&rules[i], rule, sizeof(rule));
        snprintf(line, sizeof(line), "%s %s", rules[i].allow ? "allow" : "deny", rule);
        if (json_array_append_new(list, json_string(line)) < 0) {
            json_decref(list);
            list = NULL;
        }
    }
    if (!list)
        return err_set("state of %s: cannot record the device rules", st->id);
    json_decref(st->devices);
    st->devices = list;
    return 0;
}

int state_get_devices(const struct container_state *st, struct cg_device_rule *rules, size_t max,
                      size_t *n)
{
    size_t i;
    json_t *v;

    *n = 0;
    json_array_foreach(st->devices, i, v) {
        const char *line = json_string_value(v);
        bool allow = line && !strncmp(line, "allow ", 6);
        if (!line || (!allow && strncmp(line, "deny ", 5)))
            return err_set("container \"%s\": state.json devices[%zu] is not \"allow|deny RULE\"",
                           st->id, i);
        if (*n == max)
            return err_set("container \"%s\": state.json has more than %zu device rules", st->id, max);
        if (cg_parse_device_rule(line + (allow ? 6 : 5), allow, &rules[*n]) < 0) {
            err_context("container \"%s\": state.json devices[%zu]", st->id, i);
            return -1;
        }
        (*n)++;
    }
    return 0;
}

unsigned long long proc_starttime(pid_t pid)
{
    char path[64], buf[1024], *p;
    FILE *f;
    unsigned long long start = 0;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return 0;
    if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')'))) {
        /* Field 22, counted after the ")" that ends the command name. */
        int field = 2;
        for (p++; *p && field < 22; p++)
            if (*p == ' ')
                field++;
        start = strtoull(p, NULL, 10);
    }
    fclose(f);
    return start;
}

const char *state_status(const struct container_state *st)
{
    char fifo[4200];

    if (st->pid <= 0 || kill(st->pid, 0) < 0 || proc_starttime(st->pid) != st->starttime)
        return "stopped";
    {
        char path[64], state = 0;
        FILE *f;
        snprintf(path, sizeof(path), "/proc/%d/stat", (int)st->pid);
        f = fopen(path, "re");
        if (f) {
            char buf[512], *p;
            if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
                state = p[2];
            fclose(f);
        }
        if (state == 'Z')
            return "stopped";
    }
    snprintf(fifo, sizeof(fifo), "%s/exec.fifo", st->dir);
    if (access(fifo, F_OK) == 0)
        return "created";
    /* runc says "paused" while the container's cgroup is frozen (2.3). */
    if (st->cgroup[0]) {
        struct cg_host host;
        struct cgroup cg;
        if (cg_detect(NULL, &host) == 0 && state_cgroup_open(st, &host, &cg) == 0 &&
            cg_frozen(&cg) == 1)
            return "paused";
        err_clear();
    }
    return "running";
}

char *state_json(const struct container_state *st, const char *status)
{
    bool alive = strcmp(status, "stopped") != 0;
    json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:O}", "ociVersion", "1.0.2", "id",
                          st->id, "status", status, "pid", alive ? (int)st->pid : 0, "bundle",
                          st->bundle, "created", st->created, "annotations", st->annotations);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

    json_decref(j);
    return text;
}

int state_cgroup_open(const struct container_state *st, const struct cg_host *h, struct cgroup *cg)
{
    return st->cgroup[0] == '/' ? cg_open_systemd(cg, h, st->cgroup) : cg_open(cg, h, st->cgroup);
}
