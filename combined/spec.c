/* `minirunc spec`: the default config.json — the chapter's mount table,
 * the runtime's default capabilities, new namespaces, sh as the process. */
#include "error.h"
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static json_t *caps(void)
{
    return json_pack("[s,s,s,s,s,s,s,s,s,s,s,s,s,s]", "CAP_CHOWN", "CAP_DAC_OVERRIDE",
                     "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
                     "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
                     "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
}

static json_t *mount(const char *dest, const char *type, const char *source, const char *opts)
{
    json_t *m = json_pack("{s:s, s:s, s:s, s:[]}", "destination", dest, "type", type, "source",
                          source, "options");
    char copy[256], *save = NULL;

    snprintf(copy, sizeof(copy), "%s", opts);
    for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save))
        json_array_append_new(json_object_get(m, "options"), json_string(w));
    return m;
}

json_t *spec_default(void)
{
    json_t *process = json_pack(
        "{s:b, s:{s:i, s:i}, s:[s], s:[s,s], s:s, s:{s:o, s:o, s:o}, s:[{s:s, s:i, s:i}], s:b}",
        "terminal", 0, "user", "uid", 0, "gid", 0, "args", "sh", "env",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "cwd",
        "/", "capabilities", "bounding", caps(), "effective", caps(), "permitted", caps(),
        "rlimits", "type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024, "noNewPrivileges", 1);
    /* Table 2.1.2, as a runtime is told it. */
    json_t *mounts = json_pack(
        "[o,o,o,o,o,o,o]", mount("/proc", "proc", "proc", "nosuid,noexec,nodev"),
        mount("/dev", "tmpfs", "tmpfs", "nosuid,strictatime,mode=755,size=65536k"),
        mount("/dev/pts", "devpts", "devpts", "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5"),
        mount("/dev/shm", "tmpfs", "shm", "nosuid,noexec,nodev,mode=1777,size=65536k"),
        mount("/dev/mqueue", "mqueue", "mqueue", "nosuid,noexec,nodev"),
        mount("/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro"),
        mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid,noexec,nodev,relatime,ro"));
    json_t *lnx = json_pack(
        "{s:{s:[{s:b, s:s}]}, s:[{s:s},{s:s},{s:s},{s:s},{s:s},{s:s}], "
        "s:[s,s,s,s,s,s,s,s,s,s], s:[s,s,s,s,s,s]}",
        "resources", "devices", "allow", 0, "access", "rwm", "namespaces", "type", "pid", "type",
        "network", "type", "ipc", "type", "uts", "type", "mount", "type", "cgroup", "maskedPaths",
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
        "/proc/scsi", "readonlyPaths", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
        "/proc/sysrq-trigger", "/proc/asound");

    return json_pack("{s:s, s:o, s:{s:s, s:b}, s:s, s:o, s:o}", "ociVersion", "1.0.2",
                     "process", process, "root", "path", "rootfs", "readonly", 0, "hostname",
                     "minirunc", "mounts", mounts, "linux", lnx);
}

/* Every namespace but network and user, then a new user namespace. */
static json_t *rootless_namespaces(json_t *old)
{
    json_t *ns = json_array(), *v;
    size_t i;

    json_array_foreach(old, i, v) {
        const char *type = json_string_value(json_object_get(v, "type"));
        if (type && strcmp(type, "network") && strcmp(type, "user"))
            json_array_append(ns, v);
    }
    json_array_append_new(ns, json_pack("{s:s}", "type", "user"));
    return ns;
}

/* The mounts without uid=/gid=, and /sys as a read-only rbind. */
static json_t *rootless_mounts(json_t *old)
{
    json_t *mounts = json_array(), *m;
    size_t i;

    json_array_foreach(old, i, m) {
        json_t *opts = json_array(), *o;
        size_t j;
        if (!strcmp(json_string_value(json_object_get(m, "destination")), "/sys")) {
            json_array_append_new(mounts, mount("/sys", "none", "/sys", "rbind,nosuid,noexec,nodev,ro"));
            json_decref(opts);
            continue;
        }
        json_array_foreach(json_object_get(m, "options"), j, o) {
            const char *w = json_string_value(o);
            if (strncmp(w, "uid=", 4) && strncmp(w, "gid=", 4))
                json_array_append(opts, o);
        }
        json_t *copy = json_copy(m);
        json_object_set_new(copy, "options", opts);
        json_array_append_new(mounts, copy);
    }
    return mounts;
}

void spec_make_rootless(json_t *spec, unsigned uid, unsigned gid)
{
    json_t *lnx = json_object_get(spec, "linux");

    json_object_set_new(lnx, "namespaces", rootless_namespaces(json_object_get(lnx, "namespaces")));
    json_object_set_new(lnx, "uidMappings", json_pack("[{s:i, s:I, s:i}]", "containerID", 0, "hostID",
                                                      (json_int_t)uid, "size", 1));
    json_object_set_new(lnx, "gidMappings", json_pack("[{s:i, s:I, s:i}]", "containerID", 0, "hostID",
                                                      (json_int_t)gid, "size", 1));
    json_object_set_new(spec, "mounts", rootless_mounts(json_object_get(spec, "mounts")));
    json_object_del(lnx, "resources");
}

int spec_write(const char *bundle, bool rootless)
{
    char path[4096];
    json_t *spec = spec_default();
    char *text;
    int fd, ret = 0;

    snprintf(path, sizeof(path), "%s/config.json", bundle ? bundle : ".");
    if (spec && rootless)
        spec_make_rootless(spec, geteuid(), getegid());
    if (!spec || !(text = json_dumps(spec, JSON_INDENT(2)))) {
        json_decref(spec);
        return err_set("spec: cannot build the default config");
    }
    json_decref(spec);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        free(text);
        if (errno == EEXIST)
            return err_set("File %s exists. Remove it first", path);
        return err_sys("create %s", path);
    }
    if (write(fd, text, strlen(text)) < 0 || write(fd, "\n", 1) < 0)
        ret = err_sys("write %s", path);
    close(fd);
    free(text);
    return ret;
}
